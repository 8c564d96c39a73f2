//! The Wyoming protocol's conversation agent (`carevoice serve --wyoming-bind`): what Home
//! Assistant's Assist and Rhasspy send a "handle" program, and what it answers. The
//! framing (a JSON header line, optional data and payload) is the listener's
//! ([`crate::server::wyoming`]); this is the turn.
//!
//! A `transcript` carries the words, their `language` (`en-GB`; a bare `en` is the
//! default English locale) and a `context` with Home Assistant's `conversation_id` and the
//! `device_id` or `satellite_id` it came from. The server keeps the session under the
//! conversation id ([`crate::sessions`]); without one, under the device's. The device (its
//! `device_id`, else its `satellite_id`) is the person whose preferences are remembered
//! (hashed like every other id).
//!
//! The answer is `handled` with the reply's plain words: the speaker's text-to-speech reads
//! them at its own speed, which the skill cannot change (it says so when asked).

use serde::{Deserialize, Serialize};

use super::{Answer, Asked, Inbound, MAX_SPOKEN_CHARS, Platform, RequestError};
use crate::label::Label;
use crate::skill::Skill;

/// A Wyoming client: Home Assistant's Assist, Rhasspy.
pub struct Wyoming;

/// The data of a `transcript` event.
#[derive(Debug, Deserialize)]
pub struct Transcript {
    /// The words, as the speech recogniser wrote them.
    pub text: String,
    /// Their language: `en-GB`, `en`, ...
    #[serde(default)]
    pub language: Option<String>,
    /// Who and which conversation.
    #[serde(default)]
    pub context: Option<TranscriptContext>,
}

/// The `context` of a transcript, as Home Assistant sends it.
#[derive(Debug, Default, Deserialize)]
pub struct TranscriptContext {
    /// Home Assistant's id of the conversation.
    #[serde(default)]
    pub conversation_id: Option<String>,
    /// The device the words came from.
    #[serde(default)]
    pub device_id: Option<String>,
    /// The voice satellite the words came from.
    #[serde(default)]
    pub satellite_id: Option<String>,
}

/// The data of a `handled` event: the reply's words, and the conversation it goes on.
#[derive(Debug, Serialize)]
pub struct Handled<'s> {
    /// The plain words to speak.
    pub text: &'s str,
    /// The conversation, for the next transcript.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<HandledContext>,
}

/// The `context` of a `handled` event.
#[derive(Debug, Serialize)]
pub struct HandledContext {
    /// The conversation's id, as it came.
    pub conversation_id: String,
}

impl Platform for Wyoming {
    const LABEL: Label = Label::Wyoming;
    const MAX_UTTERANCE_CHARS: usize = MAX_SPOKEN_CHARS;
    const RATE_FIXED: bool = true;
    type Request = Transcript;
    /// The conversation id, to hand back.
    type Context = Option<String>;
    type Response<'s> = Handled<'s>;

    fn locale(transcript: &Transcript) -> Option<&str> {
        transcript.language.as_deref()
    }

    fn read(_: &Skill, transcript: Transcript) -> Result<Inbound<Option<String>>, RequestError> {
        if transcript.text.trim().is_empty() {
            return Err(RequestError::Invalid("the transcript is empty"));
        }
        let non_empty = |id: Option<String>| id.filter(|id| !id.is_empty());
        let context = transcript.context.unwrap_or_default();
        let conversation_id = non_empty(context.conversation_id);
        // The device id is Home Assistant's own random id; a satellite's is its entity's name.
        let device = non_empty(context.device_id).or(non_empty(context.satellite_id));
        let conversation = match (&conversation_id, &device) {
            (Some(conversation), _) => Some(conversation.clone()),
            (None, Some(device)) => Some(format!("device:{device}")),
            (None, None) => None,
        };
        Ok(Inbound {
            asked: Asked::Words(transcript.text),
            state: None,
            new_session: true,
            user_id: device,
            request_id: None,
            conversation,
            context: conversation_id,
        })
    }

    fn write<'s>(_: &'s Skill, conversation_id: Option<String>, answer: Answer<'s>) -> Handled<'s> {
        Handled {
            text: answer.speech.map_or("", |said| said.text()),
            context: conversation_id.map(|conversation_id| HandledContext { conversation_id }),
        }
    }
}
