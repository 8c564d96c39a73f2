//! Alexa's request and response envelopes, as JSON (the parts this skill reads and
//! writes). Unknown fields are ignored: Alexa adds fields over time.
//!
//! These types hold what the person said, so none of them implements `Debug`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::dialog::SessionState;
use crate::screen::RenderDocument;

/// The request envelope Alexa posts.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestEnvelope {
    /// The envelope version, "1.0".
    pub version: String,
    /// The session; absent for requests outside a session.
    #[serde(default)]
    pub session: Option<Session>,
    /// The device context.
    #[serde(default)]
    pub context: Option<Context>,
    /// The request itself.
    pub request: Request,
}

impl RequestEnvelope {
    /// The person's user id: the session's, else the context's.
    pub fn user_id(&self) -> Option<&str> {
        let from_session = self.session.as_ref().and_then(|session| session.user.as_ref());
        let from_context = || self.context.as_ref()?.system.as_ref()?.user.as_ref();
        from_session.or_else(from_context).map(|user| user.user_id.as_str())
    }

    /// The skill this request is for: the session's application id, else the context's.
    pub fn skill_id(&self) -> Option<&str> {
        let from_session = self.session.as_ref().and_then(|session| session.application.as_ref());
        let from_context = || self.context.as_ref()?.system.as_ref()?.application.as_ref();
        from_session.or_else(from_context).map(|application| application.application_id.as_str())
    }

    /// Whether the device has a screen that shows APL documents.
    pub fn has_screen(&self) -> bool {
        let device = || self.context.as_ref()?.system.as_ref()?.device.as_ref();
        device().is_some_and(|device| device.supported_interfaces.apl.is_some())
    }
}

/// The session part of the envelope.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// Whether this request starts the session.
    #[serde(default)]
    pub new: bool,
    /// The skill.
    #[serde(default)]
    pub application: Option<Application>,
    /// The person, as this skill knows them.
    #[serde(default)]
    pub user: Option<User>,
    /// The attributes the previous response set, as raw JSON. Any JSON is accepted here:
    /// attributes that are not what this skill wrote mean a fresh session, not a refused
    /// request.
    #[serde(default)]
    pub attributes: Option<Box<RawValue>>,
}

/// The session attributes this skill reads: its own key, as raw JSON; others are ignored.
#[derive(Deserialize)]
pub struct Attributes {
    /// The session state this skill wrote.
    #[serde(default)]
    pub carevoice: Option<Box<RawValue>>,
}

/// The device context.
#[derive(Deserialize)]
pub struct Context {
    /// The system part.
    #[serde(rename = "System", default)]
    pub system: Option<System>,
}

/// The system part of the context.
#[derive(Deserialize)]
pub struct System {
    /// The skill.
    #[serde(default)]
    pub application: Option<Application>,
    /// The person.
    #[serde(default)]
    pub user: Option<User>,
    /// The device the request came from.
    #[serde(default)]
    pub device: Option<Device>,
}

/// The device a request came from.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    /// What it can do beyond speaking.
    #[serde(default)]
    pub supported_interfaces: SupportedInterfaces,
}

/// The interfaces a device supports, of those this skill uses.
#[derive(Deserialize, Default)]
pub struct SupportedInterfaces {
    /// Present when the device has a screen that shows APL documents.
    #[serde(rename = "Alexa.Presentation.APL", default)]
    pub apl: Option<serde::de::IgnoredAny>,
}

/// A person's identity for this skill.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// `amzn1.ask.account.<...>`: stable per person and skill; hashed before any use.
    pub user_id: String,
}

/// A skill's identity.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    /// The skill id, `amzn1.ask.skill.<uuid>`.
    pub application_id: String,
}

/// The request: what happened, and when.
#[derive(Deserialize)]
pub struct Request {
    /// What happened: `LaunchRequest`, `IntentRequest`, `SessionEndedRequest`, or a
    /// request type of an interface this skill does not declare.
    #[serde(rename = "type")]
    pub kind: String,
    /// When Alexa sent it, ISO 8601.
    pub timestamp: String,
    /// Alexa's id for this request, for logs.
    #[serde(default, rename = "requestId")]
    pub request_id: Option<String>,
    /// The locale to answer in, e.g. `en-GB`.
    #[serde(default)]
    pub locale: Option<String>,
    /// The intent, for an `IntentRequest`.
    #[serde(default)]
    pub intent: Option<Intent>,
}

/// A resolved intent.
#[derive(Deserialize)]
pub struct Intent {
    /// The intent name.
    pub name: String,
    /// Its slots by name.
    #[serde(default)]
    pub slots: BTreeMap<String, Slot>,
}

/// A slot as Alexa heard and resolved it.
#[derive(Deserialize)]
pub struct Slot {
    /// The words heard, if the slot was filled.
    #[serde(default)]
    pub value: Option<String>,
    /// Entity resolution against the slot type's values and synonyms.
    #[serde(default)]
    pub resolutions: Option<Resolutions>,
}

/// Entity resolutions of a slot.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resolutions {
    /// One result per authority (the skill's own slot type, or dynamic entities).
    #[serde(default)]
    pub resolutions_per_authority: Vec<Authority>,
}

/// One authority's resolution.
#[derive(Deserialize)]
pub struct Authority {
    /// Whether it matched.
    pub status: Status,
    /// The matched values.
    #[serde(default)]
    pub values: Vec<ResolvedValueWrapper>,
}

/// A resolution status.
#[derive(Deserialize)]
pub struct Status {
    /// `ER_SUCCESS_MATCH`, `ER_SUCCESS_NO_MATCH`, ...
    pub code: String,
}

/// The wrapper Alexa puts around each resolved value.
#[derive(Deserialize)]
pub struct ResolvedValueWrapper {
    /// The value.
    pub value: ResolvedValue,
}

/// A resolved slot value.
#[derive(Deserialize)]
pub struct ResolvedValue {
    /// The value's id in the slot type.
    pub id: String,
}

/// The status code of a successful entity resolution.
pub const ER_SUCCESS_MATCH: &str = "ER_SUCCESS_MATCH";

/// The response envelope.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseEnvelope<'a> {
    /// Always "1.0".
    pub version: &'static str,
    /// Carried to the next request of the session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_attributes: Option<AttributesOut<'a>>,
    /// What to say.
    pub response: Response<'a>,
}

/// The session attributes this skill writes.
#[derive(Serialize)]
pub struct AttributesOut<'a> {
    /// The session state.
    pub carevoice: SessionState<'a>,
}

/// The response body.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Response<'a> {
    /// What to say now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_speech: Option<OutputSpeech>,
    /// What to say after silence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reprompt: Option<Reprompt>,
    /// A card for the Alexa app, with the spoken words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<Card<'a>>,
    /// Whether the session ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub should_end_session: Option<bool>,
    /// The captions for a screen, to a device that has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directives: Option<[RenderDocument<'a>; 1]>,
}

/// A card shown in the Alexa app: the same words that were spoken, for a caregiver.
#[derive(Serialize)]
#[serde(tag = "type")]
pub enum Card<'a> {
    /// Title and plain text.
    Simple {
        /// The title.
        title: &'a str,
        /// The text.
        content: &'a RawValue,
    },
}

/// Speech, by its `type`.
#[derive(Serialize)]
#[serde(tag = "type")]
pub enum OutputSpeech {
    /// An SSML document.
    #[serde(rename = "SSML")]
    Ssml {
        /// The document, as a JSON string.
        ssml: Box<RawValue>,
    },
}

/// A reprompt.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reprompt {
    /// What to say.
    pub output_speech: OutputSpeech,
}
