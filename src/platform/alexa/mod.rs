//! The Alexa adapter: request envelopes in, response envelopes out.
//!
//! Request verification (`crate::verify`) happens before this adapter sees the
//! envelope, in the server's Alexa extractor.

pub mod wire;

use serde_json::Map;

use super::{decode_session, encode_session};
use crate::dialog::{Request, Session, Turn};
use crate::skill::Skill;
use crate::speech::{Flavor, Said};
use wire::{ER_SUCCESS_MATCH, OutputSpeech, Reprompt, RequestEnvelope, Response, ResponseEnvelope};

/// The key under `sessionAttributes` that holds this skill's session state.
pub const SESSION_KEY: &str = "carevoice";

/// Answers one Alexa request.
pub fn answer(skill: &Skill, envelope: RequestEnvelope) -> ResponseEnvelope {
    let content = &skill.content;
    let session = match &envelope.session {
        Some(session) if !session.new => {
            decode_session(content, session.attributes.as_ref().and_then(|attributes| attributes.get(SESSION_KEY)))
        }
        _ => Session::default(),
    };
    let request = match envelope.request.kind {
        wire::RequestKind::LaunchRequest => Request::Launch,
        wire::RequestKind::IntentRequest { intent } => Request::Intent {
            slots: intent.slots.into_iter().filter_map(|(name, slot)| Some((name, slot_value(slot)?))).collect(),
            name: intent.name,
        },
        wire::RequestKind::SessionEndedRequest => Request::SessionEnded,
        wire::RequestKind::Other => return acknowledgement(),
    };
    if let Request::Intent { name, .. } = &request {
        tracing::info!(platform = "alexa", intent = %skill.loggable_intent(name), "turn");
    }
    let reply = skill.respond(Turn { request, session });
    let Some(speech) = reply.speech else {
        return acknowledgement();
    };
    let mut session_attributes = Map::new();
    if !reply.end_session {
        session_attributes.insert(SESSION_KEY.to_owned(), encode_session(content, &reply.session));
    }
    ResponseEnvelope {
        version: "1.0",
        session_attributes,
        response: Response {
            output_speech: Some(ssml(speech)),
            reprompt: reply.reprompt.map(|said| Reprompt { output_speech: ssml(said) }),
            should_end_session: Some(reply.end_session),
        },
    }
}

/// An empty, valid response: for SessionEndedRequest and request types the skill does
/// not handle.
fn acknowledgement() -> ResponseEnvelope {
    ResponseEnvelope { version: "1.0", session_attributes: Map::new(), response: Response::default() }
}

fn ssml(said: &Said) -> OutputSpeech {
    OutputSpeech::Ssml { ssml: said.ssml(Flavor::Alexa).to_owned() }
}

/// The slot's resolved value id when entity resolution matched, else the words heard.
fn slot_value(slot: wire::Slot) -> Option<String> {
    let resolved = slot.resolutions.and_then(|resolutions| {
        resolutions
            .resolutions_per_authority
            .into_iter()
            .filter(|authority| authority.status.code == ER_SUCCESS_MATCH)
            .find_map(|authority| authority.values.into_iter().next())
            .map(|wrapper| wrapper.value.id)
    });
    resolved.or(slot.value)
}
