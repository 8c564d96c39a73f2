//! Platform adapters: each turns one platform's request into a canonical
//! [`Turn`](crate::dialog::Turn) and a [`Reply`](crate::dialog::Reply) into that
//! platform's response. Only this module knows any wire JSON.

pub mod alexa;
pub mod dialogflow_cx;
pub mod dialogflow_es;
pub mod simulated;

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::content::Content;
use crate::dialog::BuiltIn;
use crate::dialog::{Remembered, Reply, Request, Session, SessionState, Turn};
use crate::memory::Memory;
use crate::skill::Skill;

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

/// What a platform's request asks for: words of danger in `words` before anything else;
/// then the intent the platform named, if the model has it; then the intent the words
/// match; else the fallback. Returns the request and the intent's name.
pub fn understand(
    skill: &Skill,
    intent: Option<&str>,
    slots: BTreeMap<String, String>,
    words: Option<&str>,
) -> (Request, String) {
    let words = words.filter(|words| !words.trim().is_empty());
    if let Some(name) = intent.filter(|name| skill.content.model.intent(name).is_some()) {
        // The dialog handles the safety intents itself and reads no slots for them.
        let name = words.and_then(|words| skill.matcher.danger(words)).map_or(name, |danger| danger.intent());
        return (Request::Intent { name: name.to_owned(), slots }, name.to_owned());
    }
    // The matcher looks for words of danger first itself.
    let (name, slots) = match words {
        Some(words) => {
            let found = skill.matcher.best(words);
            (found.intent, found.slots)
        }
        None => (BuiltIn::Fallback.name().to_owned(), BTreeMap::new()),
    };
    (Request::Intent { name: name.clone(), slots }, name)
}

/// Who is talking, when the platform says: the platform's name and its user id.
#[derive(Clone, Copy)]
pub struct Person<'a> {
    /// The platform, so the same id on two platforms is two people.
    pub platform: &'static str,
    /// The platform's user id.
    pub user_id: &'a str,
}

/// Answers a turn, recalling what is remembered of the person when a session starts,
/// and keeping what changed (durably, before the reply is sent).
pub fn respond<'s>(
    skill: &'s Skill,
    memory: &Memory,
    person: Option<Person<'_>>,
    new_session: bool,
    request: Request,
    session: Session,
) -> Reply<'s> {
    let content = &skill.content;
    let user = person.and_then(|person| memory.user_key(person.platform, person.user_id));
    let recalled = user.as_ref().filter(|_| new_session).and_then(|user| memory.recall(content, user));
    let before = recalled.unwrap_or_else(|| Remembered::of(content, &session, Remembered::default()));
    let reply = skill.respond(Turn { request, session, remembered: recalled });
    let after = Remembered::of(content, &reply.session, before);
    if let Some(user) = user.filter(|_| after != before) {
        memory.remember(content, &user, &after);
    }
    reply
}
