//! Amazon Alexa (`POST /alexa`): request envelopes in, response envelopes out.
//!
//! Request verification (`crate::verify`) happens before this adapter sees the
//! envelope, in the server's Alexa extractor. The session state travels in
//! `sessionAttributes.carevoice`; the person is the envelope's user id.

pub mod wire;

use super::{Answer, Asked, Inbound, LAUNCH, Platform, RequestError, SESSION_ENDED, Webhook};
use crate::dialog::Opening;
use crate::label::Label;
use crate::skill::Skill;
use crate::speech::{Flavor, Rate, Said};
use wire::{
    AttributesOut, Card, ER_SUCCESS_MATCH, OutputSpeech, Reprompt, RequestEnvelope, Response, ResponseEnvelope,
};

/// The request type of a question Alexa resolved to an intent.
pub const INTENT_REQUEST: &str = "IntentRequest";

/// Amazon Alexa.
pub struct Alexa;

impl Webhook for Alexa {
    const ROUTE: &'static str = "/alexa";
}

impl Platform for Alexa {
    const LABEL: Label = Label::Alexa;
    const MAX_UTTERANCE_CHARS: usize = super::MAX_SPOKEN_CHARS;
    type Request = RequestEnvelope;
    /// Whether the device has a screen for captions.
    type Context = bool;
    type Response<'s> = ResponseEnvelope<'s>;

    fn locale(envelope: &RequestEnvelope) -> Option<&str> {
        envelope.request.locale.as_deref()
    }

    fn read(_: &Skill, envelope: RequestEnvelope) -> Result<Inbound<bool>, RequestError> {
        let user_id = envelope.user_id().map(str::to_owned);
        let has_screen = envelope.has_screen();
        let continuing = envelope.session.filter(|session| !session.new);
        let state = continuing
            .as_ref()
            .and_then(|session| session.attributes.as_deref())
            .and_then(|attributes| serde_json::from_str::<wire::Attributes>(attributes.get()).ok())
            .and_then(|attributes| attributes.carevoice);
        let request = envelope.request;
        let asked = match (request.kind.as_str(), request.intent) {
            (LAUNCH, _) => Asked::Launch,
            (INTENT_REQUEST, Some(intent)) => Asked::Intent {
                slots: intent.slots.into_iter().filter_map(|(name, slot)| Some((name, slot_value(slot)?))).collect(),
                name: intent.name,
                words: None,
            },
            (SESSION_ENDED, _) => Asked::Ended,
            _ => Asked::Unhandled,
        };
        let request_id = request.request_id;
        Ok(Inbound {
            asked,
            state,
            new_session: continuing.is_none(),
            user_id,
            request_id,
            conversation: None,
            context: has_screen,
        })
    }

    fn write<'s>(skill: &'s Skill, has_screen: bool, answer: Answer<'s>) -> ResponseEnvelope<'s> {
        let Some(speech) = answer.speech else { return acknowledgement() };
        let rate = answer.rate;
        let framing = &skill.content.framing;
        let captions = has_screen
            .then(|| [skill.captions.render(caption_title(skill, &answer), &framing.disclaimer, speech.text_json())]);
        ResponseEnvelope {
            version: "1.0",
            session_attributes: (!answer.end_session).then_some(AttributesOut { carevoice: answer.state }),
            response: Response {
                output_speech: Some(ssml(speech, rate)),
                reprompt: answer.reprompt.map(|said| Reprompt { output_speech: ssml(said, rate) }),
                card: Some(Card::Simple { title: &framing.listing.name, content: speech.text_json() }),
                should_end_session: Some(answer.end_session),
                directives: captions,
            },
        }
    }
}

/// An empty, valid response: for SessionEndedRequest and request types the skill does
/// not handle.
pub fn acknowledgement() -> ResponseEnvelope<'static> {
    ResponseEnvelope { version: "1.0", session_attributes: None, response: Response::default() }
}

/// The captions' title: the topic being spoken, else the skill's name.
fn caption_title<'s>(skill: &'s Skill, answer: &Answer<'s>) -> &'s str {
    let content = &skill.content;
    match answer.said {
        Some(Opening::Part { topic, .. }) => &content.topics[topic].title,
        _ => &content.framing.listing.name,
    }
}

fn ssml(said: &Said, rate: Rate) -> OutputSpeech {
    OutputSpeech::Ssml { ssml: said.ssml_json(Flavor::Alexa, rate) }
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
