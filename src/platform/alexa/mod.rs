//! The Alexa adapter: request envelopes in, response envelopes out.
//!
//! Request verification (`crate::verify`) happens before this adapter sees the
//! envelope, in the server's Alexa extractor.

pub mod wire;

use serde_json::Map;

use super::{Person, decode_session, encode_session, respond};
use crate::dialog::{Request, Session};
use crate::memory::Memory;
use crate::skill::Skill;
use crate::speech::{Flavor, Rate, Said};
use wire::{Card, ER_SUCCESS_MATCH, OutputSpeech, Reprompt, RequestEnvelope, Response, ResponseEnvelope};

/// The key under `sessionAttributes` that holds this skill's session state.
pub const SESSION_KEY: &str = "carevoice";

/// Answers one Alexa request, remembering the person's preferences in `memory`.
pub fn answer(skill: &Skill, memory: &Memory, envelope: RequestEnvelope) -> ResponseEnvelope {
    let content = &skill.content;
    let continuing = envelope.session.as_ref().filter(|session| !session.new);
    let session = match continuing {
        Some(session) => {
            decode_session(content, session.attributes.as_ref().and_then(|attributes| attributes.get(SESSION_KEY)))
        }
        None => Session::default(),
    };
    let user_id = envelope.user_id().map(str::to_owned);
    let person = user_id.as_deref().map(|user_id| Person { platform: "alexa", user_id });
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
    let reply = respond(skill, memory, person, continuing.is_none(), request, session);
    let Some(speech) = reply.speech else {
        return acknowledgement();
    };
    let rate = reply.session.rate;
    let mut session_attributes = Map::new();
    if !reply.end_session {
        session_attributes.insert(SESSION_KEY.to_owned(), encode_session(content, &reply.session));
    }
    ResponseEnvelope {
        version: "1.0",
        session_attributes,
        response: Response {
            output_speech: Some(ssml(speech, rate)),
            reprompt: reply.reprompt.map(|said| Reprompt { output_speech: ssml(said, rate) }),
            card: Some(Card::Simple { title: content.framing.listing.name.clone(), content: speech.text().to_owned() }),
            should_end_session: Some(reply.end_session),
        },
    }
}

/// An empty, valid response: for SessionEndedRequest and request types the skill does
/// not handle.
fn acknowledgement() -> ResponseEnvelope {
    ResponseEnvelope { version: "1.0", session_attributes: Map::new(), response: Response::default() }
}

fn ssml(said: &Said, rate: Rate) -> OutputSpeech {
    OutputSpeech::Ssml { ssml: said.ssml(Flavor::Alexa, rate).to_owned() }
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
