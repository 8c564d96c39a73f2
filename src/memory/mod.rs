//! Remembered preferences: each person's speaking rate and where they left off, kept
//! across sessions and restarts.
//!
//! People are known by a [`UserKey`], an HMAC-SHA256 of the platform's label and user id
//! under a random salt kept in the store: the id itself is never stored or logged.
//! [`Store`] is the small interface a shared database would implement for several
//! replicas; [`SqliteStore`] is the embedded one.
//!
//! A turn keeps only what it changed ([`Change`]: a rate, a resume point), so it never
//! overwrites what another session kept. Writes go through one writer thread, so that no
//! turn waits on the disk unless it must: changes are gathered for a short while
//! ([`GATHER`]) and written in one transaction, each person once. A choice the person made
//! (a speaking rate) is written at once, and the turn that made it waits until it is
//! durable, so an acknowledged choice survives a crash; where they left off follows within
//! [`GATHER`]. Recall reads what is waiting to be written over what the store has, and only
//! a read from the store runs on the blocking pool. A store that fails (or panics) is
//! logged and tried again, with changes kept waiting meanwhile; the conversation always
//! goes on.
//!
//! Health data is kept no longer than needed: preferences unused for the retention
//! ([`DEFAULT_RETENTION`], `--retention-days`) are removed by a thread of their own, a
//! small batch at a time, so no turn waits on it; a recall from the store marks them used.
//! [`forget`] erases one person's preferences, for a data-subject request.

mod postgres;
mod sqlite;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use ring::hmac;
use tokio::sync::oneshot;

use crate::content::Content;
use crate::dialog::Remembered;
use crate::label::Label;
use crate::speech::Rate;
pub use postgres::{OPERATION_TIMEOUT, PostgresStore};
pub use sqlite::{FILE_NAME, SqliteStore};

/// How long changes are gathered before they are written together.
pub const GATHER: Duration = Duration::from_millis(200);
/// The longest pause before trying a failing store again.
const MAX_RETRY_PAUSE: Duration = Duration::from_secs(30);
/// How long what was read from the store stands in for reading it again, within a
/// conversation whose session state was lost.
const RECENT: Duration = Duration::from_secs(60);
/// The most people whose recent reads are kept.
const MAX_RECENT: usize = 10_000;
/// How many days preferences are kept unused, unless told otherwise (`--retention-days`).
pub const DEFAULT_RETENTION_DAYS: u32 = 365;
/// How long preferences are kept unused, unless told otherwise: a year.
pub const DEFAULT_RETENTION: Duration = retention(DEFAULT_RETENTION_DAYS);
/// How often preferences unused for longer than the retention are looked for.
const EXPIRY_INTERVAL: Duration = Duration::from_secs(60 * 60);
/// The most preferences removed in one transaction, so a turn's read never waits long.
const EXPIRY_BATCH: usize = 500;

/// How long preferences are kept unused, given in days.
pub const fn retention(days: u32) -> Duration {
    Duration::from_secs(days as u64 * 24 * 60 * 60)
}

/// A person's key: a salted hash of their platform and user id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserKey(String);

impl UserKey {
    /// The key as lower-case hex.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's preferences as stored: names, never indices, so that a content change
/// cannot point them at the wrong topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The rate's name.
    pub rate: String,
    /// The id of the topic to offer on return.
    pub resume_topic: Option<String>,
}

/// What a turn changed of someone's preferences; what it did not set is left as it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// The new rate's name.
    pub rate: Option<String>,
    /// The new topic to offer on return (`Some(None)`: none).
    pub resume_topic: Option<Option<String>>,
}

impl Change {
    /// This change followed by `later`: what `later` sets wins.
    fn then(self, later: Change) -> Change {
        Change { rate: later.rate.or(self.rate), resume_topic: later.resume_topic.or(self.resume_topic) }
    }

    /// Whether it sets everything, so that nothing stored can show through.
    fn is_whole(&self) -> bool {
        self.rate.is_some() && self.resume_topic.is_some()
    }

    /// `stored` with this change made to it; none if neither has anything.
    fn over(self, stored: Option<Stored>) -> Option<Stored> {
        if stored.is_none() && self == Change::default() {
            return None;
        }
        let stored = stored.unwrap_or(Stored { rate: Rate::default().name().to_owned(), resume_topic: None });
        Some(Stored {
            rate: self.rate.unwrap_or(stored.rate),
            resume_topic: self.resume_topic.unwrap_or(stored.resume_topic),
        })
    }
}

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    /// The data directory could not be made.
    #[error("data directory: {0}")]
    Io(#[from] std::io::Error),
    /// No randomness for the salt.
    #[error("no random source for the user-key salt")]
    Random,
    /// The store panicked.
    #[error("the store panicked: {0}")]
    Panicked(String),
    /// PostgreSQL failed.
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// No connection to PostgreSQL could be had.
    #[error("PostgreSQL connection pool: {0}")]
    Pool(String),
    /// The store took longer than it may.
    #[error("the store did not answer in time")]
    Timeout,
    /// The database was written by a newer carevoice.
    #[error("the database has schema version {found}; this carevoice knows up to {known}")]
    NewerSchema {
        /// The version found.
        found: usize,
        /// The newest version this build knows.
        known: usize,
    },
}

/// Where preferences are kept.
pub trait Store: Send + Sync {
    /// The installation's salt for user keys, created on first use.
    fn salt(&self) -> Result<Vec<u8>, StoreError>;
    /// A person's preferences, if any were kept.
    fn load(&self, user: &UserKey) -> Result<Option<Stored>, StoreError>;
    /// Makes several people's changes, all or none; durable when it returns. A person
    /// without preferences yet starts from the normal rate and no resume point. Every
    /// change marks the preferences used now; one that sets nothing only does that (and
    /// keeps nothing for a person who has nothing kept).
    fn save(&self, changes: &HashMap<UserKey, Change>) -> Result<(), StoreError>;
    /// Removes at most `at_most` people's preferences last used before `cutoff`, and
    /// says how many it removed.
    fn expire(&self, cutoff: SystemTime, at_most: usize) -> Result<usize, StoreError>;
    /// Removes these people's preferences, and says how many people had any.
    fn forget(&self, users: &[UserKey]) -> Result<usize, StoreError>;
}

/// A store shared with another owner (the sessions kept in the same database).
impl<S: Store + ?Sized> Store for Arc<S> {
    fn salt(&self) -> Result<Vec<u8>, StoreError> {
        (**self).salt()
    }
    fn load(&self, user: &UserKey) -> Result<Option<Stored>, StoreError> {
        (**self).load(user)
    }
    fn save(&self, changes: &HashMap<UserKey, Change>) -> Result<(), StoreError> {
        (**self).save(changes)
    }
    fn expire(&self, cutoff: SystemTime, at_most: usize) -> Result<usize, StoreError> {
        (**self).expire(cutoff, at_most)
    }
    fn forget(&self, users: &[UserKey]) -> Result<usize, StoreError> {
        (**self).forget(users)
    }
}

/// A shared database of the sessions the server keeps for platforms that carry none
/// (`crate::sessions`), for several replicas.
pub trait SessionStore: Send + Sync {
    /// The state kept under `key`, unless idle for longer than `idle`.
    fn load_session(&self, key: &str, idle: Duration) -> Result<Option<String>, StoreError>;
    /// Keeps `state` under `key` (marking it used now); none removes it.
    fn save_session(&self, key: &str, state: Option<&str>) -> Result<(), StoreError>;
    /// Removes every session idle for longer than `idle`, and says how many.
    fn expire_sessions(&self, idle: Duration) -> Result<usize, StoreError>;
}

/// Preferences for the dialog: keys people, and recalls and remembers what they chose.
pub struct Memory {
    kept: Option<Kept>,
}

struct Kept {
    key: hmac::Key,
    shared: Arc<Shared>,
    /// Wakes the writer; `None` once it is told to finish.
    wake: Option<mpsc::Sender<Wake>>,
    writer: Option<JoinHandle<()>>,
    /// Stops the thread that removes unused preferences when dropped.
    stop_expiry: Option<mpsc::Sender<()>>,
    expiry: Option<JoinHandle<()>>,
}

/// What the turns and the writer share.
struct Shared {
    store: Box<dyn Store>,
    pending: Mutex<Pending>,
}

/// Changes not yet in the store.
#[derive(Default)]
struct Pending {
    /// Waiting to be written.
    waiting: HashMap<UserKey, Change>,
    /// Being written now.
    writing: Arc<HashMap<UserKey, Change>>,
    /// Turns waiting for their change to be durable.
    acknowledge: Vec<oneshot::Sender<()>>,
    /// Whether the writer has been told changes are waiting.
    scheduled: bool,
    /// What was read from the store lately, and when; kept up to date with what is written.
    recent: HashMap<UserKey, (Instant, Option<Stored>)>,
}

/// Why the writer is woken.
enum Wake {
    /// Changes are waiting; write them within [`GATHER`].
    Soon,
    /// A turn waits; write now.
    Now,
}

impl Memory {
    /// A memory that keeps nothing (the command line's one-off conversations).
    pub fn disabled() -> Memory {
        Memory { kept: None }
    }

    /// A memory over `store`, with its writer thread, and a thread that removes
    /// preferences unused for `retention` (at once, then every [`EXPIRY_INTERVAL`]).
    pub fn new(store: Box<dyn Store>, retention: Duration) -> Result<Memory, StoreError> {
        let salt = store.salt()?;
        let shared = Arc::new(Shared { store, pending: Mutex::new(Pending::default()) });
        let (wake, woken) = mpsc::channel();
        let writer = {
            let shared = shared.clone();
            std::thread::Builder::new().name("carevoice-memory".into()).spawn(move || write_loop(&shared, &woken))?
        };
        let (stop_expiry, stopped) = mpsc::channel();
        let expiry = {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name("carevoice-expiry".into())
                .spawn(move || expire_loop(&*shared.store, retention, &stopped))?
        };
        let key = hmac::Key::new(hmac::HMAC_SHA256, &salt);
        Ok(Memory {
            kept: Some(Kept {
                key,
                shared,
                wake: Some(wake),
                writer: Some(writer),
                stop_expiry: Some(stop_expiry),
                expiry: Some(expiry),
            }),
        })
    }

    /// A memory in the SQLite database in `dir`, keeping preferences for the default
    /// retention.
    pub fn open(dir: &Path) -> Result<Memory, StoreError> {
        Memory::new(Box::new(SqliteStore::open(dir)?), DEFAULT_RETENTION)
    }

    /// The key of the person `user_id` on `platform`; none when nothing is kept.
    pub fn user_key(&self, platform: Label, user_id: &str) -> Option<UserKey> {
        Some(user_key(&self.kept.as_ref()?.key, platform, user_id))
    }

    /// What is remembered of `user`; none if nothing is, or the store fails (logged).
    /// Reading the store runs on the blocking pool, and only when what waits to be
    /// written does not already say everything, and (with `reuse_recent`, for a
    /// conversation that goes on) when it was not read within [`RECENT`]: a new session
    /// always reads the store, which other replicas may have written.
    pub async fn recall(&self, content: &Content, user: &UserKey, reuse_recent: bool) -> Option<Remembered> {
        let shared = &self.kept.as_ref()?.shared;
        let pending = shared.waiting_for(user);
        let recent = if reuse_recent { shared.recent(user) } else { None };
        let stored = if pending.is_whole() {
            None
        } else if let Some(stored) = recent {
            stored
        } else {
            let (reader, key) = (shared.clone(), user.clone());
            let loaded = tokio::task::spawn_blocking(move || reader.store.load(&key))
                .await
                .unwrap_or_else(|panic| Err(StoreError::Panicked(panic.to_string())));
            match loaded {
                Ok(stored) => {
                    shared.read_lately(user, stored.clone());
                    if stored.is_some() {
                        self.mark_used(user);
                    }
                    stored
                }
                Err(error) => {
                    tracing::error!(%error, "could not recall preferences; going on without them");
                    None
                }
            }
        };
        pending.over(stored).map(|stored| Remembered {
            rate: Rate::from_name(&stored.rate).unwrap_or_default(),
            resume: stored.resume_topic.and_then(|id| content.topic_index(&id)),
        })
    }

    /// Keeps what a turn changed for `user`: a new `rate`, a new topic to `resume`
    /// (`Some(None)`: none). A new rate is written at once, and this returns once it is
    /// durable (or the store failed, which is logged); the rest is written within
    /// [`GATHER`].
    pub async fn remember(&self, content: &Content, user: UserKey, rate: Option<Rate>, resume: Option<Option<usize>>) {
        let Some(kept) = self.kept.as_ref() else { return };
        let Some(wake) = kept.wake.as_ref() else { return };
        let at_once = rate.is_some();
        let change = Change {
            rate: rate.map(|rate| rate.name().to_owned()),
            resume_topic: resume.map(|topic| topic.map(|topic| content.topics[topic].id.clone())),
        };
        let (done, durable) = oneshot::channel();
        let schedule = kept.wait(user, change, at_once.then_some(done));
        if at_once {
            // The writer answers once the change is durable, or once the store failed.
            if wake.send(Wake::Now).is_ok() {
                let _ = durable.await;
            }
        } else if schedule {
            let _ = wake.send(Wake::Soon);
        }
    }

    /// Marks `user`'s preferences used now, with the next write, so they are kept.
    fn mark_used(&self, user: &UserKey) {
        let Some(kept) = self.kept.as_ref() else { return };
        let Some(wake) = kept.wake.as_ref() else { return };
        if kept.wait(user.clone(), Change::default(), None) {
            let _ = wake.send(Wake::Soon);
        }
    }

    /// Writes everything waiting now, and returns once it is durable (or the store
    /// failed, which is logged): for a clean shutdown.
    pub async fn flush(&self) {
        let Some(kept) = self.kept.as_ref() else { return };
        let Some(wake) = kept.wake.as_ref() else { return };
        let (done, durable) = oneshot::channel();
        kept.shared.lock().acknowledge.push(done);
        if wake.send(Wake::Now).is_ok() {
            let _ = durable.await;
        }
    }
}

impl Kept {
    /// Adds `change` to what waits to be written for `user` (`done` is told once it is
    /// durable); says whether the writer is yet to be woken for it.
    fn wait(&self, user: UserKey, change: Change, done: Option<oneshot::Sender<()>>) -> bool {
        let mut pending = self.shared.lock();
        let earlier = pending.waiting.remove(&user).unwrap_or_default();
        pending.waiting.insert(user, earlier.then(change));
        pending.acknowledge.extend(done);
        !std::mem::replace(&mut pending.scheduled, true)
    }
}

impl Drop for Memory {
    /// Writes what is waiting, and stops the writer and the expiry.
    fn drop(&mut self) {
        if let Some(kept) = self.kept.as_mut() {
            drop(kept.wake.take());
            drop(kept.stop_expiry.take());
            for thread in [kept.writer.take(), kept.expiry.take()].into_iter().flatten() {
                let _ = thread.join();
            }
        }
    }
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// What was read of `user` from the store within [`RECENT`], if anything was.
    fn recent(&self, user: &UserKey) -> Option<Option<Stored>> {
        let pending = self.lock();
        let (at, stored) = pending.recent.get(user)?;
        (at.elapsed() < RECENT).then(|| stored.clone())
    }

    /// Notes what was just read of `user` from the store.
    fn read_lately(&self, user: &UserKey, stored: Option<Stored>) {
        let mut pending = self.lock();
        if pending.recent.len() >= MAX_RECENT {
            pending.recent.clear();
        }
        pending.recent.insert(user.clone(), (Instant::now(), stored));
    }

    /// What is waiting to be written for `user`, or being written.
    fn waiting_for(&self, user: &UserKey) -> Change {
        let pending = self.lock();
        let writing = pending.writing.get(user).cloned().unwrap_or_default();
        writing.then(pending.waiting.get(user).cloned().unwrap_or_default())
    }

    /// Writes everything waiting in one transaction, then answers the turns that wait
    /// (also when the store failed: they go on without it). What failed waits again,
    /// under anything newer. Returns whether the store took it.
    fn write(&self) -> bool {
        let (writing, acknowledge) = {
            let mut pending = self.lock();
            pending.scheduled = false;
            let waiting = std::mem::take(&mut pending.waiting);
            pending.writing = Arc::new(waiting);
            (pending.writing.clone(), std::mem::take(&mut pending.acknowledge))
        };
        let saved = writing.is_empty()
            || match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.store.save(&writing))) {
                Ok(Ok(())) => true,
                Ok(Err(error)) => {
                    tracing::error!(%error, people = writing.len(), "could not keep preferences; trying again soon");
                    false
                }
                Err(_) => {
                    tracing::error!(people = writing.len(), "the store panicked; trying again soon");
                    false
                }
            };
        {
            let mut pending = self.lock();
            pending.writing = Arc::default();
            if saved {
                for (user, change) in writing.iter() {
                    if let Some((_, stored)) = pending.recent.get_mut(user) {
                        *stored = change.clone().over(stored.take());
                    }
                }
            } else {
                for (user, change) in writing.iter() {
                    let newer = pending.waiting.remove(user).unwrap_or_default();
                    pending.waiting.insert(user.clone(), change.clone().then(newer));
                }
                pending.scheduled = true;
            }
        }
        acknowledge.into_iter().for_each(|done| {
            let _ = done.send(());
        });
        saved
    }
}

/// The writer thread: writes when woken, gathering for [`GATHER`] unless a turn waits;
/// after a failure, tries again after a pause that doubles up to [`MAX_RETRY_PAUSE`]; and
/// writes once more when the memory is dropped.
fn write_loop(shared: &Shared, woken: &mpsc::Receiver<Wake>) {
    let mut retry_pause = None;
    loop {
        let wake = match retry_pause {
            None => woken.recv().ok(),
            Some(pause) => match woken.recv_timeout(pause) {
                Ok(wake) => Some(wake),
                Err(mpsc::RecvTimeoutError::Timeout) => Some(Wake::Now),
                Err(mpsc::RecvTimeoutError::Disconnected) => None,
            },
        };
        let Some(wake) = wake else {
            shared.write();
            return;
        };
        if matches!(wake, Wake::Soon) {
            // Gather, unless a waiting turn or the end comes first.
            let deadline = Instant::now() + GATHER;
            loop {
                match woken.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                    Ok(Wake::Soon) => continue,
                    Ok(Wake::Now) | Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        shared.write();
                        return;
                    }
                }
            }
        }
        retry_pause = if shared.write() {
            None
        } else {
            Some(retry_pause.map_or(GATHER, |pause: Duration| (pause * 2).min(MAX_RETRY_PAUSE)))
        };
    }
}

/// The thread that removes preferences unused for `retention`: now, then every
/// [`EXPIRY_INTERVAL`], in batches of [`EXPIRY_BATCH`], until `stop` is dropped. A failing
/// store is logged and tried again at the next interval.
fn expire_loop(store: &dyn Store, retention: Duration, stop: &mpsc::Receiver<()>) {
    loop {
        let cutoff = SystemTime::now().checked_sub(retention).unwrap_or(SystemTime::UNIX_EPOCH);
        let mut removed = 0;
        loop {
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| store.expire(cutoff, EXPIRY_BATCH))) {
                Ok(Ok(batch)) => {
                    removed += batch;
                    if batch < EXPIRY_BATCH {
                        break;
                    }
                }
                Ok(Err(error)) => {
                    tracing::error!(%error, "could not remove preferences unused for the retention; trying again later");
                    break;
                }
                Err(_) => {
                    tracing::error!("the store panicked removing unused preferences; trying again later");
                    break;
                }
            }
            if !matches!(stop.try_recv(), Err(mpsc::TryRecvError::Empty)) {
                return;
            }
        }
        if removed > 0 {
            tracing::info!(
                removed,
                retention_days = retention.as_secs() / 86_400,
                "removed preferences unused for the retention"
            );
        }
        if !matches!(stop.recv_timeout(EXPIRY_INTERVAL), Err(mpsc::RecvTimeoutError::Timeout)) {
            return;
        }
    }
}

/// The key of the person `user_id` on `platform` under the installation's salt `key`.
fn user_key(key: &hmac::Key, platform: Label, user_id: &str) -> UserKey {
    let mut context = hmac::Context::with_key(key);
    context.update(platform.as_str().as_bytes());
    context.update(b":");
    context.update(user_id.as_bytes());
    UserKey(crate::digest::hex(context.sign().as_ref()))
}

/// Erases what `store` keeps of the person `user_id` on each of `platforms`, for a
/// data-subject request; says on how many platforms they had preferences. A server running
/// on the store may still hold what it read of them in the last minute, and writes what a
/// conversation going on now changes.
pub fn forget(store: &dyn Store, user_id: &str, platforms: &[Label]) -> Result<usize, StoreError> {
    let key = hmac::Key::new(hmac::HMAC_SHA256, &store.salt()?);
    let users: Vec<UserKey> = platforms.iter().map(|platform| user_key(&key, *platform, user_id)).collect();
    store.forget(&users)
}

fn random_salt() -> Result<Vec<u8>, StoreError> {
    let mut salt = vec![0; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut salt).map_err(|_| StoreError::Random)?;
    Ok(salt)
}
