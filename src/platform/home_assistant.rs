//! Home Assistant's "Webhook Conversation" integration (`POST /homeassistant/conversation`):
//! a conversation agent of an Assist pipeline that posts each turn as JSON and reads the
//! reply from one field, `output` by default.
//!
//! Home Assistant sends the words (`query`), its `conversation_id`, `language`, and
//! `user_id` or `device_id`; it keeps no state of the skill's, so the server keeps the
//! session under the conversation id ([`crate::sessions`]). The person is the Home
//! Assistant user, or else the voice satellite (hashed like every other id). Everything
//! else it sends (`messages`, `system_prompt`, `exposed_entities`, ...) is not read.
//!
//! The reply is the plain words: Home Assistant's text-to-speech reads them at its own
//! speed, which the skill cannot change (it says so when asked). A reply that asks
//! something ends with "?", which keeps Home Assistant listening for the answer.

use serde::{Deserialize, Serialize};

use super::{Answer, Asked, Inbound, MAX_SPOKEN_CHARS, Platform, RequestError, Webhook};
use crate::label::Label;
use crate::skill::Skill;

/// Home Assistant's webhook conversation integration.
pub struct HomeAssistant;

/// One turn, as the integration posts it (the fields the skill reads).
#[derive(Debug, Deserialize)]
pub struct ConversationRequest {
    /// What the person said.
    pub query: String,
    /// Home Assistant's id of the conversation.
    #[serde(default)]
    pub conversation_id: Option<String>,
    /// The language of the pipeline: `en`, `en-GB`, ...
    #[serde(default)]
    pub language: Option<String>,
    /// The Home Assistant user, when a person typed or is known.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The voice satellite the words came from.
    #[serde(default)]
    pub device_id: Option<String>,
    /// Whether the integration asks for a streamed reply.
    #[serde(default)]
    pub stream: bool,
}

/// The reply: the field the integration reads, `output` by default.
#[derive(Debug, Serialize)]
pub struct ConversationResponse<'s> {
    /// The plain words to speak.
    pub output: &'s str,
    /// Whether the conversation is over.
    pub end_conversation: bool,
}

impl Webhook for HomeAssistant {
    const ROUTE: &'static str = "/homeassistant/conversation";
}

impl Platform for HomeAssistant {
    const LABEL: Label = Label::HomeAssistant;
    const MAX_UTTERANCE_CHARS: usize = MAX_SPOKEN_CHARS;
    const RATE_FIXED: bool = true;
    type Request = ConversationRequest;
    type Context = ();
    type Response<'s> = ConversationResponse<'s>;

    fn locale(request: &ConversationRequest) -> Option<&str> {
        request.language.as_deref()
    }

    fn read(_: &Skill, request: ConversationRequest) -> Result<Inbound<()>, RequestError> {
        if request.stream {
            return Err(RequestError::Invalid(
                "response streaming is on: turn off \"Enable Response Streaming\" in the Webhook Conversation integration; carevoice answers each turn in one reply",
            ));
        }
        if request.query.trim().is_empty() {
            return Err(RequestError::Invalid("\"query\" is empty"));
        }
        let conversation_id = request.conversation_id.filter(|id| !id.is_empty());
        if conversation_id.is_none() {
            return Err(RequestError::Invalid("\"conversation_id\" is missing: it says which conversation goes on"));
        }
        Ok(Inbound {
            asked: Asked::Words(request.query),
            state: None,
            new_session: false,
            user_id: request.user_id.filter(|id| !id.is_empty()).or(request.device_id),
            request_id: None,
            conversation: conversation_id,
            context: (),
        })
    }

    fn write<'s>(_: &'s Skill, (): (), answer: Answer<'s>) -> ConversationResponse<'s> {
        ConversationResponse {
            output: answer.speech.map_or("", |said| said.text()),
            end_conversation: answer.end_session,
        }
    }
}
