//! The simulated intent API (`POST /v1/turn`, `carevoice ask`, `carevoice chat`): plain
//! JSON for testing without a cloud account, with free text matched to an intent.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Person, RequestError, decode_session, encode_session, respond};
use crate::dialog::Request;
use crate::memory::Memory;
use crate::skill::Skill;
use crate::speech::{Flavor, Rate, Said};

/// Given as `intent`, opens the skill as Alexa's LaunchRequest does.
pub const LAUNCH: &str = "LaunchRequest";
/// Given as `intent`, ends the session as Alexa's SessionEndedRequest does.
pub const SESSION_ENDED: &str = "SessionEndedRequest";

/// A turn: free text or a resolved intent, with the session from the previous reply.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TurnRequest {
    /// What the person said, to be matched to an intent.
    #[serde(default)]
    pub utterance: Option<String>,
    /// An intent already resolved (or `LaunchRequest` / `SessionEndedRequest`).
    #[serde(default)]
    pub intent: Option<String>,
    /// Slot values of a resolved intent.
    #[serde(default)]
    pub slots: BTreeMap<String, String>,
    /// The `session` object of the previous reply.
    #[serde(default)]
    pub session: Option<Value>,
    /// The locale; must be the skill's if given.
    #[serde(default)]
    pub locale: Option<String>,
    /// The person's user id, to remember their preferences by (hashed, never stored or
    /// logged as it is).
    #[serde(default)]
    pub user: Option<String>,
}

/// The reply to a turn.
#[derive(Debug, Serialize)]
pub struct TurnResponse {
    /// The intent understood.
    pub intent: IntentOut,
    /// What the skill says; null when it says nothing.
    pub speech: Option<SpeechOut>,
    /// What it says again after silence; null when the session ends.
    pub reprompt: Option<SpeechOut>,
    /// Whether the conversation is over.
    pub end_session: bool,
    /// The session to send with the next turn.
    pub session: Value,
}

/// The intent understood and how sure the match is.
#[derive(Debug, Serialize)]
pub struct IntentOut {
    /// The intent name.
    pub name: String,
    /// 1 for a resolved intent; the matcher's similarity for free text.
    pub confidence: f32,
}

/// Speech as SSML and plain words.
#[derive(Debug, Serialize)]
pub struct SpeechOut {
    /// The SSML document.
    pub ssml: String,
    /// The plain words.
    pub text: String,
}

impl TurnRequest {
    /// A turn of free text within `session`.
    pub fn utterance(text: &str, session: Option<Value>) -> TurnRequest {
        TurnRequest { utterance: Some(text.to_owned()), ..TurnRequest::empty(session) }
    }

    /// A turn with a resolved intent (or [`LAUNCH`]) within `session`.
    pub fn intent(name: &str, session: Option<Value>) -> TurnRequest {
        TurnRequest { intent: Some(name.to_owned()), ..TurnRequest::empty(session) }
    }

    fn empty(session: Option<Value>) -> TurnRequest {
        TurnRequest { utterance: None, intent: None, slots: BTreeMap::new(), session, locale: None, user: None }
    }
}

impl SpeechOut {
    fn from_said(said: &Said, rate: Rate) -> SpeechOut {
        SpeechOut { ssml: said.ssml(Flavor::Generic, rate).to_owned(), text: said.text().to_owned() }
    }
}

/// Answers one simulated turn, remembering the preferences of a `user` in `memory`.
pub fn answer(skill: &Skill, memory: &Memory, request: TurnRequest) -> Result<TurnResponse, RequestError> {
    let content = &skill.content;
    if let Some(locale) = request.locale.filter(|locale| !locale.eq_ignore_ascii_case(&content.locale)) {
        return Err(RequestError::UnsupportedLocale { requested: locale, supported: content.locale.clone() });
    }
    let (intent, request_kind) = match (request.utterance, request.intent) {
        (Some(_), Some(_)) => return Err(RequestError::Invalid("give either \"utterance\" or \"intent\", not both")),
        (None, None) => {
            return Err(RequestError::Invalid("give \"utterance\" (free text) or \"intent\" (a resolved intent)"));
        }
        (Some(utterance), None) => {
            if utterance.trim().is_empty() {
                return Err(RequestError::Invalid("\"utterance\" is empty"));
            }
            let found = skill.matcher.best(&utterance);
            let request = Request::Intent { name: found.intent.clone(), slots: found.slots };
            (IntentOut { name: found.intent, confidence: found.confidence }, request)
        }
        (None, Some(name)) => {
            let request = match name.as_str() {
                LAUNCH => Request::Launch,
                SESSION_ENDED => Request::SessionEnded,
                _ => Request::Intent { name: name.clone(), slots: request.slots },
            };
            (IntentOut { name, confidence: 1.0 }, request)
        }
    };
    tracing::info!(platform = "simulated", intent = %skill.loggable_intent(&intent.name), confidence = intent.confidence, "turn");
    let session = decode_session(content, request.session.as_ref());
    let person = request.user.as_deref().map(|user_id| Person { platform: "simulated", user_id });
    let reply = respond(skill, memory, person, request.session.is_none(), request_kind, session);
    let rate = reply.session.rate;
    Ok(TurnResponse {
        intent,
        speech: reply.speech.map(|said| SpeechOut::from_said(said, rate)),
        reprompt: reply.reprompt.map(|said| SpeechOut::from_said(said, rate)),
        end_session: reply.end_session,
        session: encode_session(content, &reply.session),
    })
}
