//! The connections open now, and the shedding of idle ones when the server nears its
//! connection limit, so that a flood of idle or slow (slowloris) connections never keeps a
//! new client's turn waiting.
//!
//! actix-server stops accepting at its limit, so shedding starts below it
//! ([`SHED_FROM`]): each new connection past that point closes the oldest connections that
//! are not in the middle of a request, first those that never completed one (idle or
//! slowloris), then idle keep-alive ones, until the count is back under the mark. A
//! connection is closed by shutting down a duplicate of its socket, so its own reader sees
//! the end and closes it cleanly; the duplicate is dropped as soon as the connection ends.
//!
//! A connection that is not in a request and has not finished one for longer than it may
//! stay idle ([`Connections::close_stalled_every`]) is closed the same way: actix-http times
//! only the first request's head, and a client that trickles a later head a byte at a
//! time would otherwise hold its connection for as long as it likes.
//!
//! So each connection holds two descriptors, and the limit counts them: at start the soft
//! open-file limit is raised to the hard one ([`descriptor_limit`]), and the server accepts
//! no more connections than the descriptors left for them allow, so that shedding starts
//! before they run out.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::dev::Extensions;
use actix_web::rt::net::TcpStream;
use socket2::{SockRef, Socket};

/// Shedding starts once this share of the limit is open (in percent).
const SHED_FROM: usize = 90;
/// How often stalled connections are looked for.
const SWEEP_EVERY: Duration = Duration::from_secs(1);
/// At most one log line about shedding per this long, with the count since the last.
const LOG_EVERY: Duration = Duration::from_secs(10);
/// Descriptors each connection holds: its socket, and the duplicate kept to shed it.
const DESCRIPTORS_PER_CONNECTION: u64 = 2;
/// Descriptors kept for all else: listeners, the store, logs, certificate downloads, the
/// runtime's own.
const RESERVED_DESCRIPTORS: u64 = 128;

/// Raises the process's soft open-file limit to its hard limit, and returns how many
/// connections the descriptors then allow.
pub fn descriptor_limit() -> usize {
    let descriptors = rlimit::increase_nofile_limit(u64::MAX).or_else(|error| {
        tracing::warn!(%error, "could not raise the open-file limit");
        rlimit::Resource::NOFILE.get().map(|(soft, _)| soft)
    });
    match descriptors {
        Ok(descriptors) => {
            usize::try_from((descriptors.saturating_sub(RESERVED_DESCRIPTORS) / DESCRIPTORS_PER_CONNECTION).max(1))
                .unwrap_or(usize::MAX)
        }
        Err(_) => usize::MAX,
    }
}

/// The connections of one server.
pub struct Connections {
    /// The count past which new connections shed idle ones.
    shed_from: usize,
    open: Mutex<Open>,
    next_id: AtomicU64,
    shed: AtomicU64,
}

/// The open connections, oldest first, and what was last said of shedding them.
#[derive(Default)]
struct Open {
    tracked: BTreeMap<u64, Tracked>,
    /// Shed since the last log line.
    unlogged: u64,
    logged_at: Option<Instant>,
}

/// One open connection: a duplicate of its socket, and what it is doing.
struct Tracked {
    socket: Socket,
    activity: Arc<Activity>,
}

/// What a connection is doing, shared with the requests on it.
#[derive(Debug)]
pub struct Activity {
    /// A request is being handled.
    busy: AtomicBool,
    /// A request has been handled on it before.
    served: AtomicBool,
    /// When the connection opened.
    opened: Instant,
    /// When the last request was answered, in milliseconds after `opened`.
    answered_ms: AtomicU64,
}

impl Activity {
    /// Marks a request as begun.
    pub fn begin(&self) {
        self.busy.store(true, Ordering::Relaxed);
    }

    /// Marks the request as answered.
    pub fn end(&self) {
        let since_opened = u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.answered_ms.store(since_opened, Ordering::Relaxed);
        self.served.store(true, Ordering::Relaxed);
        self.busy.store(false, Ordering::Relaxed);
    }

    /// How long the connection has been waiting for a request: since the last was
    /// answered, or since it opened.
    fn waiting(&self) -> Duration {
        self.opened.elapsed().saturating_sub(Duration::from_millis(self.answered_ms.load(Ordering::Relaxed)))
    }
}

/// Kept in the connection's data: says what the connection is doing, and forgets it in
/// the registry when the connection ends.
pub struct Tracking {
    /// What the connection is doing.
    pub activity: Arc<Activity>,
    id: u64,
    connections: Arc<Connections>,
}

impl Drop for Tracking {
    fn drop(&mut self) {
        self.connections.lock().tracked.remove(&self.id);
    }
}

impl Connections {
    /// Connections for a server that accepts at most `limit` at once.
    pub fn new(limit: usize) -> Connections {
        Connections {
            shed_from: (limit * SHED_FROM / 100).max(1),
            open: Mutex::default(),
            next_id: AtomicU64::new(0),
            shed: AtomicU64::new(0),
        }
    }

    /// How many are open now.
    pub fn open(&self) -> usize {
        self.lock().tracked.len()
    }

    /// How many have been shed since start.
    pub fn shed(&self) -> u64 {
        self.shed.load(Ordering::Relaxed)
    }

    /// Registers a new connection over `stream`, keeping what it is doing in its `data`,
    /// and sheds idle ones if the server nears its limit.
    pub fn connected(self: &Arc<Self>, stream: &TcpStream, data: &mut Extensions) {
        let Ok(duplicate) = SockRef::from(stream).try_clone() else { return };
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let activity = Arc::new(Activity {
            busy: AtomicBool::new(false),
            served: AtomicBool::new(false),
            opened: Instant::now(),
            answered_ms: AtomicU64::new(0),
        });
        let mut open = self.lock();
        open.tracked.insert(id, Tracked { socket: duplicate, activity: activity.clone() });
        if open.tracked.len() > self.shed_from {
            let shed = shed_idle(&mut open.tracked, self.shed_from, id);
            self.note_shed(&mut open, shed, "near the connection limit: idle connections closed");
        }
        drop(open);
        data.insert(Tracking { activity, id, connections: self.clone() });
    }

    /// Closes, every second from now on, the connections that have waited for a request
    /// longer than `longest` (see the module's documentation). Stops once the server's
    /// connections are dropped.
    pub fn close_stalled_every(self: &Arc<Self>, longest: Duration) {
        let connections = Arc::downgrade(self);
        let sweeping = std::thread::Builder::new().name("carevoice-stalled".into()).spawn(move || {
            loop {
                std::thread::sleep(SWEEP_EVERY);
                let Some(connections) = connections.upgrade() else { return };
                connections.close_stalled(longest);
            }
        });
        if let Err(error) = sweeping {
            tracing::warn!(%error, "cannot start the thread that closes stalled connections");
        }
    }

    /// Closes the connections not in a request that have waited for one longer than
    /// `longest`.
    fn close_stalled(&self, longest: Duration) {
        let mut open = self.lock();
        let stalled: Vec<u64> = open
            .tracked
            .iter()
            .filter(|(_, tracked)| {
                !tracked.activity.busy.load(Ordering::Relaxed) && tracked.activity.waiting() > longest
            })
            .map(|(id, _)| *id)
            .collect();
        let closed = close(&mut open.tracked, &stalled);
        self.note_shed(&mut open, closed, "connections that sent no whole request in time closed");
    }

    /// Counts `shed` connections closed, and says so in the log at most every [`LOG_EVERY`].
    fn note_shed(&self, open: &mut Open, shed: u64, message: &'static str) {
        self.shed.fetch_add(shed, Ordering::Relaxed);
        open.unlogged += shed;
        if open.unlogged > 0 && open.logged_at.is_none_or(|at| at.elapsed() >= LOG_EVERY) {
            let (shed, still_open) = (std::mem::take(&mut open.unlogged), open.tracked.len());
            open.logged_at = Some(Instant::now());
            tracing::warn!(shed, open = still_open, "{message}");
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Open> {
        self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Closes the oldest connections not in a request (never-served ones first) until no more
/// than `keep` are open, sparing `newest`; returns how many it closed.
fn shed_idle(open: &mut BTreeMap<u64, Tracked>, keep: usize, newest: u64) -> u64 {
    let mut shed = 0;
    for served in [false, true] {
        let idle: Vec<u64> = open
            .iter()
            .filter(|(id, tracked)| {
                **id != newest
                    && !tracked.activity.busy.load(Ordering::Relaxed)
                    && tracked.activity.served.load(Ordering::Relaxed) == served
            })
            .map(|(id, _)| *id)
            .take(open.len().saturating_sub(keep))
            .collect();
        shed += close(open, &idle);
    }
    shed
}

/// Closes the connections `ids`, and says how many it closed: shuts down each one's
/// duplicate socket, so that its own reader sees the end.
fn close(open: &mut BTreeMap<u64, Tracked>, ids: &[u64]) -> u64 {
    let mut closed = 0;
    for id in ids {
        if let Some(tracked) = open.remove(id) {
            let _ = tracked.socket.shutdown(std::net::Shutdown::Both);
            closed += 1;
        }
    }
    closed
}
