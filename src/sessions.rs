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
    states: HashMap<String, (Arc<str>, Instant)>,
    last_sweep: Instant,
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
        let state = match self.on_shared(key, |store, key| store.load_session(&key, IDLE)).await {
            Some(Ok(state)) => state.map(Arc::from),
            Some(Err(error)) => {
                tracing::warn!(%error, "cannot read a session from the store; going on from this replica's copy");
                self.load_in_process(key, Instant::now())
            }
            None => self.load_in_process(key, Instant::now()),
        };
        state.and_then(|state| RawValue::from_string(state.to_string()).ok())
    }

    /// Keeps `state` under `key`; none (a conversation that ended) removes it.
    pub async fn keep(&self, key: &str, state: Option<&SessionState<'_>>) {
        let state: Option<Arc<str>> =
            state.map(|state| serde_json::to_string(state).expect("a state serialises").into());
        let sweep = self.keep_in_process(key, state.clone(), Instant::now());
        let saved = self
            .on_shared(key, move |store, key| {
                store.save_session(&key, state.as_deref())?;
                if sweep {
                    store.expire_sessions(IDLE)?;
                }
                Ok(())
            })
            .await;
        if let Some(Err(error)) = saved {
            tracing::warn!(%error, "cannot keep a session in the store; this replica keeps it");
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

    /// The state kept in this process under `key`, as of `now`.
    fn load_in_process(&self, key: &str, now: Instant) -> Option<Arc<str>> {
        let in_process = self.in_process.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        in_process.states.get(key).filter(|(_, used)| now.duration_since(*used) <= IDLE).map(|(state, _)| state.clone())
    }

    /// Keeps `state` in this process, used at `now`; says whether it is time to sweep the
    /// idle away.
    fn keep_in_process(&self, key: &str, state: Option<Arc<str>>, now: Instant) -> bool {
        let mut in_process = self.in_process.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match state {
            Some(state) => in_process.states.insert(key.to_owned(), (state, now)),
            None => in_process.states.remove(key),
        };
        let sweep = now.duration_since(in_process.last_sweep) >= SWEEP_INTERVAL;
        if sweep || in_process.states.len() > MAX_IN_PROCESS {
            in_process.last_sweep = now;
            in_process.states.retain(|_, (_, used)| now.duration_since(*used) <= IDLE);
            if in_process.states.len() > MAX_IN_PROCESS {
                let mut by_use: Vec<Instant> = in_process.states.values().map(|(_, used)| *used).collect();
                by_use.sort_unstable();
                let oldest_kept = by_use[by_use.len() - MAX_IN_PROCESS];
                in_process.states.retain(|_, (_, used)| *used >= oldest_kept);
            }
        }
        sweep
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

    #[test]
    fn a_session_is_kept_until_it_ends() {
        let (sessions, now) = (Sessions::in_process(), Instant::now());
        assert!(!sessions.keep_in_process("a", Some("{\"v\":1}".into()), now));
        assert_eq!(sessions.load_in_process("a", now).as_deref(), Some("{\"v\":1}"));
        assert!(sessions.load_in_process("b", now).is_none());
        sessions.keep_in_process("a", None, now);
        assert!(sessions.load_in_process("a", now).is_none());
    }

    #[test]
    fn an_idle_session_is_not_read_and_is_swept_away() {
        let (sessions, now) = (Sessions::in_process(), Instant::now());
        sessions.keep_in_process("old", Some("{}".into()), now);
        let later = now + IDLE + Duration::from_secs(1);
        assert!(sessions.load_in_process("old", now + IDLE).is_some());
        assert!(sessions.load_in_process("old", later).is_none());
        assert!(sessions.keep_in_process("new", Some("{}".into()), later), "a minute on, it sweeps");
        assert_eq!(sessions.in_process.lock().unwrap().states.len(), 1);
    }
}
