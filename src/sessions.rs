//! Sessions kept on the server, for platforms that carry no session state of their own
//! (Home Assistant's webhook, Wyoming): each conversation's state, under a digest of its
//! platform and conversation id, until [`IDLE`] passes without a turn or the conversation
//! ends.
//!
//! The state is kept in this process; with `--store-url`, in PostgreSQL as well
//! ([`SessionStore`], kept with the preferences), so that whichever replica takes a conversation's next turn carries
//! on where it was. The database is read first; if it fails, the conversation goes on
//! from this process's copy (or afresh), and the failure is logged. The state names where
//! the conversation is (a topic and part, the speaking rate), never what was said.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::value::RawValue;

use crate::dialog::SessionState;
use crate::label::Label;
use crate::memory::{SessionStore, StoreError};

/// How long a conversation's session is kept without a turn: a few minutes, as long as a
/// speaker keeps a conversation going.
pub const IDLE: Duration = Duration::from_secs(5 * 60);
/// How often sessions idle for longer than [`IDLE`] are removed.
const SWEEP_INTERVAL: Duration = Duration::from_secs(60);
/// The most sessions kept in this process; past it, the longest idle go first.
const MAX_IN_PROCESS: usize = 10_000;

/// The sessions the server keeps.
pub struct Sessions {
    in_process: Mutex<InProcess>,
    shared: Option<Arc<dyn SessionStore>>,
}

/// The sessions kept in this process.
struct InProcess {
    states: HashMap<String, Kept>,
    last_sweep: Instant,
}

/// One conversation's session in this process.
#[derive(Debug, Clone)]
struct Kept {
    /// The state; none for a conversation that ended, until the store has forgotten it too.
    state: Option<Arc<str>>,
    /// When it was last kept.
    used: Instant,
    /// Whether the store may hold an older copy (its write failed, or has not finished):
    /// then this one is read instead of the store's.
    unsaved: bool,
}

impl Sessions {
    /// Sessions kept in this process alone.
    pub fn in_process() -> Sessions {
        Sessions {
            in_process: Mutex::new(InProcess { states: HashMap::new(), last_sweep: Instant::now() }),
            shared: None,
        }
    }

    /// Sessions kept in `store` as well, shared with other replicas.
    pub fn shared(store: Arc<dyn SessionStore>) -> Sessions {
        Sessions { shared: Some(store), ..Sessions::in_process() }
    }

    /// The key a conversation's session is kept under: a digest of the platform and the
    /// platform's conversation id, so that no id is kept as it came.
    pub fn key(platform: Label, conversation: &str) -> String {
        let digest = ring::digest::digest(
            &ring::digest::SHA256,
            [platform.as_str().as_bytes(), b"\0", conversation.as_bytes()].concat().as_slice(),
        );
        crate::digest::hex(digest.as_ref())
    }

    /// The session kept under `key`, as raw JSON; none if there is none (or it was idle
    /// too long).
    pub async fn load(&self, key: &str) -> Option<Box<RawValue>> {
        let here = self.kept_here(key, Instant::now());
        let state = match &here {
            Some(kept) if kept.unsaved || self.shared.is_none() => kept.state.clone(),
            _ => match self.on_shared(key, |store, key| store.load_session(&key, IDLE)).await {
                Some(Ok(state)) => state.map(Arc::from),
                Some(Err(error)) => {
                    tracing::warn!(%error, "cannot read a session from the store; going on from this replica's copy");
                    here.and_then(|kept| kept.state)
                }
                None => None,
            },
        };
        state.and_then(|state| RawValue::from_string(state.to_string()).ok())
    }

    /// Keeps `state` under `key`; none (a conversation that ended) removes it.
    pub async fn keep(&self, key: &str, state: Option<&SessionState<'_>>) {
        let state: Option<Arc<str>> =
            state.map(|state| serde_json::to_string(state).expect("a state serialises").into());
        let now = Instant::now();
        let sweep = self.keep_here(key, state.clone(), now);
        let Some(store) = &self.shared else { return };
        if sweep {
            // Apart from the turn: no one waits for it.
            let store = store.clone();
            tokio::task::spawn_blocking(move || {
                if let Err(error) = store.expire_sessions(IDLE) {
                    tracing::warn!(%error, "cannot remove idle sessions from the store; trying again in a minute");
                }
            });
        }
        match self.on_shared(key, move |store, key| store.save_session(&key, state.as_deref())).await {
            Some(Ok(())) => self.saved(key, now),
            Some(Err(error)) => {
                tracing::warn!(%error, "cannot keep a session in the store; this replica reads its own copy instead");
            }
            None => {}
        }
    }

    /// Runs `work` on the shared store, on the blocking pool; none without a store.
    async fn on_shared<T: Send + 'static>(
        &self,
        key: &str,
        work: impl FnOnce(&dyn SessionStore, String) -> Result<T, StoreError> + Send + 'static,
    ) -> Option<Result<T, StoreError>> {
        let store = self.shared.clone()?;
        let key = key.to_owned();
        Some(
            tokio::task::spawn_blocking(move || work(store.as_ref(), key))
                .await
                .unwrap_or_else(|panic| Err(StoreError::Panicked(panic.to_string()))),
        )
    }

    /// What this process keeps under `key`, unless idle too long as of `now`.
    fn kept_here(&self, key: &str, now: Instant) -> Option<Kept> {
        let in_process = self.in_process.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        in_process.states.get(key).filter(|kept| now.duration_since(kept.used) <= IDLE).cloned()
    }

    /// Keeps `state` in this process, used at `now` (with a store, as not yet saved); says
    /// whether it is time to sweep the idle away.
    fn keep_here(&self, key: &str, state: Option<Arc<str>>, now: Instant) -> bool {
        let mut in_process = self.in_process.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match (state, self.shared.is_some()) {
            (None, false) => {
                in_process.states.remove(key);
            }
            (state, unsaved) => {
                in_process.states.insert(key.to_owned(), Kept { state, used: now, unsaved });
            }
        }
        let sweep = now.duration_since(in_process.last_sweep) >= SWEEP_INTERVAL;
        if sweep || in_process.states.len() > MAX_IN_PROCESS {
            in_process.last_sweep = now;
            in_process.states.retain(|_, kept| now.duration_since(kept.used) <= IDLE);
            if in_process.states.len() > MAX_IN_PROCESS {
                let mut by_use: Vec<Instant> = in_process.states.values().map(|kept| kept.used).collect();
                by_use.sort_unstable();
                let oldest_kept = by_use[by_use.len() - MAX_IN_PROCESS];
                in_process.states.retain(|_, kept| kept.used >= oldest_kept);
            }
        }
        sweep
    }

    /// The store has what was kept under `key` at `when`: the store's copy is read again,
    /// and an ended conversation is forgotten here too. (A later keep stays unsaved.)
    fn saved(&self, key: &str, when: Instant) {
        let mut in_process = self.in_process.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(kept) = in_process.states.get_mut(key).filter(|kept| kept.used == when) else { return };
        match kept.state {
            Some(_) => kept.unsaved = false,
            None => {
                in_process.states.remove(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_by_platform_and_conversation_and_hide_the_id() {
        let key = Sessions::key(Label::Wyoming, "01HS6SP2XD1E5HEHVDZE8R2WMR");
        assert_eq!(key.len(), 64);
        assert!(!key.contains("01HS6SP2"));
        assert_ne!(key, Sessions::key(Label::HomeAssistant, "01HS6SP2XD1E5HEHVDZE8R2WMR"));
        assert_ne!(key, Sessions::key(Label::Wyoming, "01HS6SP2XD1E5HEHVDZE8R2WMS"));
        assert_eq!(key, Sessions::key(Label::Wyoming, "01HS6SP2XD1E5HEHVDZE8R2WMR"));
    }

    fn state_here(sessions: &Sessions, key: &str, now: Instant) -> Option<String> {
        sessions.kept_here(key, now).and_then(|kept| kept.state).map(|state| state.to_string())
    }

    #[test]
    fn a_session_is_kept_until_it_ends() {
        let (sessions, now) = (Sessions::in_process(), Instant::now());
        assert!(!sessions.keep_here("a", Some("{\"v\":1}".into()), now));
        assert_eq!(state_here(&sessions, "a", now).as_deref(), Some("{\"v\":1}"));
        assert!(sessions.kept_here("b", now).is_none());
        sessions.keep_here("a", None, now);
        assert!(sessions.kept_here("a", now).is_none());
    }

    #[test]
    fn an_idle_session_is_not_read_and_is_swept_away() {
        let (sessions, now) = (Sessions::in_process(), Instant::now());
        sessions.keep_here("old", Some("{}".into()), now);
        let later = now + IDLE + Duration::from_secs(1);
        assert!(sessions.kept_here("old", now + IDLE).is_some());
        assert!(sessions.kept_here("old", later).is_none());
        assert!(sessions.keep_here("new", Some("{}".into()), later), "a minute on, it sweeps");
        assert_eq!(sessions.in_process.lock().unwrap().states.len(), 1);
    }

    /// A store that reads what it was last given, and can be made to fail its writes.
    #[derive(Default)]
    struct FlakyStore {
        kept: Mutex<HashMap<String, String>>,
        failing: std::sync::atomic::AtomicBool,
    }

    impl SessionStore for FlakyStore {
        fn load_session(&self, key: &str, _: Duration) -> Result<Option<String>, StoreError> {
            Ok(self.kept.lock().unwrap().get(key).cloned())
        }
        fn save_session(&self, key: &str, state: Option<&str>) -> Result<(), StoreError> {
            if self.failing.load(std::sync::atomic::Ordering::Relaxed) {
                return Err(StoreError::Timeout);
            }
            let mut kept = self.kept.lock().unwrap();
            match state {
                Some(state) => kept.insert(key.to_owned(), state.to_owned()),
                None => kept.remove(key),
            };
            Ok(())
        }
        fn expire_sessions(&self, _: Duration) -> Result<usize, StoreError> {
            Ok(0)
        }
    }

    #[tokio::test]
    async fn after_a_failed_write_the_newer_copy_here_is_read_not_the_stores_older_one() {
        let store = Arc::new(FlakyStore::default());
        let sessions = Sessions::shared(store.clone());
        let content = &crate::skill::embedded_for_tests().content;
        let state = |rate: &'static str| SessionState {
            rate: rate.into(),
            ..crate::dialog::Session::default().to_state(content)
        };
        sessions.keep("c", Some(&state("first"))).await;
        assert!(sessions.load("c").await.unwrap().get().contains("first"));
        store.failing.store(true, std::sync::atomic::Ordering::Relaxed);
        sessions.keep("c", Some(&state("second"))).await;
        assert!(sessions.load("c").await.unwrap().get().contains("second"), "not the store's older copy");
        sessions.keep("c", None).await;
        assert!(sessions.load("c").await.is_none(), "an ended conversation stays ended");
        store.failing.store(false, std::sync::atomic::Ordering::Relaxed);
        sessions.keep("c", None).await;
        assert!(store.kept.lock().unwrap().is_empty() && sessions.kept_here("c", Instant::now()).is_none());
    }
}
