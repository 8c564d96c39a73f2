//! The simulated intent API (`POST /v1/turn`, `carevoice ask`, `carevoice chat`): plain
//! JSON for testing without a cloud account, with free text matched to an intent.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::{Answer, Asked, Inbound, LAUNCH, Platform, RequestError, SESSION_ENDED, Understood, Webhook};
use crate::dialog::SessionState;
use crate::label::Label;
use crate::skill::Skill;
use crate::speech::{Flavor, Rate, Said};

/// The simulated API.
pub struct Simulated;

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
    /// The `session` object of the previous reply, as raw JSON.
    #[serde(default)]
    pub session: Option<Box<RawValue>>,
    /// The locale to answer in (one the skill speaks); the default locale if none.
    #[serde(default)]
    pub locale: Option<String>,
    /// The person's user id, to remember their preferences by (hashed, never stored or
    /// logged as it is).
    #[serde(default)]
    pub user: Option<String>,
}

/// The reply to a turn.
#[derive(Serialize)]
pub struct TurnResponse<'a> {
    /// The intent understood.
    pub intent: Understood,
    /// What the skill says; null when it says nothing.
    pub speech: Option<SpeechOut<'a>>,
    /// What it says again after silence; null when the session ends.
    pub reprompt: Option<SpeechOut<'a>>,
    /// Whether the conversation is over.
    pub end_session: bool,
    /// The session to send with the next turn.
    pub session: SessionState<'a>,
}

/// Speech as SSML and plain words.
#[derive(Serialize)]
pub struct SpeechOut<'a> {
    /// The SSML document, as a JSON string.
    pub ssml: Box<RawValue>,
    /// The plain words.
    pub text: &'a str,
}

impl TurnRequest {
    /// A turn of free text within `session`.
    pub fn utterance(text: &str, session: Option<Box<RawValue>>) -> TurnRequest {
        TurnRequest { utterance: Some(text.to_owned()), ..TurnRequest::empty(session) }
    }

    /// A turn with a resolved intent (or [`LAUNCH`]) within `session`.
    pub fn intent(name: &str, session: Option<Box<RawValue>>) -> TurnRequest {
        TurnRequest { intent: Some(name.to_owned()), ..TurnRequest::empty(session) }
    }

    fn empty(session: Option<Box<RawValue>>) -> TurnRequest {
        TurnRequest { utterance: None, intent: None, slots: BTreeMap::new(), session, locale: None, user: None }
    }
}

impl SpeechOut<'_> {
    fn from_said(said: &Said, rate: Rate) -> SpeechOut<'_> {
        SpeechOut { ssml: said.ssml_json(Flavor::Generic, rate), text: said.text() }
    }

    /// The SSML document.
    pub fn ssml_document(&self) -> String {
        serde_json::from_str(self.ssml.get()).expect("a JSON string")
    }
}

impl Webhook for Simulated {
    const ROUTE: &'static str = "/v1/turn";
}

impl Platform for Simulated {
    const LABEL: Label = Label::Simulated;
    const MAX_UTTERANCE_CHARS: usize = super::MAX_SPOKEN_CHARS;
    type Request = TurnRequest;
    type Context = ();
    type Response<'s> = TurnResponse<'s>;

    fn locale(request: &TurnRequest) -> Option<&str> {
        request.locale.as_deref()
    }

    fn read(_: &Skill, request: TurnRequest) -> Result<Inbound<()>, RequestError> {
        let asked = match (request.utterance, request.intent) {
            (Some(_), Some(_)) => {
                return Err(RequestError::Invalid("give either \"utterance\" or \"intent\", not both"));
            }
            (None, None) => {
                return Err(RequestError::Invalid("give \"utterance\" (free text) or \"intent\" (a resolved intent)"));
            }
            (Some(utterance), None) if utterance.trim().is_empty() => {
                return Err(RequestError::Invalid("\"utterance\" is empty"));
            }
            (Some(utterance), None) => Asked::Words(utterance),
            (None, Some(name)) if name == LAUNCH => Asked::Launch,
            (None, Some(name)) if name == SESSION_ENDED => Asked::Ended,
            (None, Some(name)) => Asked::Intent { name, slots: request.slots, words: None },
        };
        let new_session = request.session.is_none();
        Ok(Inbound {
            asked,
            state: request.session,
            new_session,
            user_id: request.user,
            request_id: None,
            conversation: None,
            context: (),
        })
    }

    fn write<'s>(_: &'s Skill, (): (), answer: Answer<'s>) -> TurnResponse<'s> {
        let rate = answer.rate;
        TurnResponse {
            intent: answer.understood,
            speech: answer.speech.map(|said| SpeechOut::from_said(said, rate)),
            reprompt: answer.reprompt.map(|said| SpeechOut::from_said(said, rate)),
            end_session: answer.end_session,
            session: answer.state,
        }
    }
}
