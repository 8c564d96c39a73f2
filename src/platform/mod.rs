//! Platform adapters: each turns one platform's request into a canonical
//! [`Turn`](crate::dialog::Turn) and a [`Reply`](crate::dialog::Reply) into that
//! platform's response. Only this module knows any wire JSON.

pub mod alexa;
pub mod simulated;

use serde::Deserialize;
use serde_json::Value;

use crate::content::Content;
use crate::dialog::{Session, SessionState};

/// Why a request could not be turned into a turn. (Malformed JSON is caught earlier, by
/// the server, when it reads the body.)
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// The request is well-formed JSON but does not say what to do.
    #[error("{0}")]
    Invalid(&'static str),
    /// The request asks for a language the skill does not speak.
    #[error("unsupported locale {requested:?}: this skill speaks {supported}")]
    UnsupportedLocale {
        /// The locale asked for.
        requested: String,
        /// The locale the skill has.
        supported: String,
    },
}

/// The session carried in `value`, or a fresh one if it is missing, malformed, from
/// another version, or names anything the content does not have.
pub fn decode_session(content: &Content, value: Option<&Value>) -> Session {
    value
        .and_then(|value| SessionState::deserialize(value).ok())
        .and_then(|state| Session::from_state(content, &state))
        .unwrap_or_default()
}

/// The session as JSON, to carry to the next turn.
pub fn encode_session(content: &Content, session: &Session) -> Value {
    serde_json::to_value(session.to_state(content)).unwrap_or(Value::Null)
}
