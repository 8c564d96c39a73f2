//! The Dialogflow CX adapter (`POST /dialogflow/cx`).
//!
//! Routing, first that applies: the fulfillment's tag, when it is an intent of the model
//! or `LaunchRequest`; the matched intent's display name, when it is an intent of the
//! model (`Default Welcome Intent` opens the skill); else the words (`text`, or the
//! voice `transcript`) through the free-text matcher.
//!
//! State travels in the session parameter `carevoice`, set to null (deleted) when the
//! conversation ends. Speech is a `text` message with the plain words and an
//! `outputAudioText` message with the SSML. Ending the conversation sends the session to
//! the current flow's `END_SESSION` page.

pub mod wire;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{decode_session, encode_session, understand};
use crate::dialog::{Request, Turn};
use crate::platform::dialogflow_es::WELCOME_INTENT;
use crate::skill::Skill;
use crate::speech::Flavor;
use wire::{
    FulfillmentResponse, OutputAudioText, ResponseMessage, SessionInfoOut, Text, WebhookRequest, WebhookResponse,
};

/// The session parameter that carries the session state.
pub const SESSION_PARAMETER: &str = "carevoice";
/// The fulfillment tag that opens the skill.
pub const LAUNCH_TAG: &str = "LaunchRequest";

/// Answers one Dialogflow CX webhook request.
pub fn answer(skill: &Skill, request: WebhookRequest) -> WebhookResponse {
    let content = &skill.content;
    let parameters = request.session_info.map(|info| info.parameters).unwrap_or_default();
    let session = decode_session(content, parameters.get(SESSION_PARAMETER));
    let tag = request.fulfillment_info.and_then(|info| info.tag);
    let intent_info = request.intent_info.unwrap_or_default();
    let display_name = intent_info.display_name.as_deref();
    let turn_request = if tag.as_deref() == Some(LAUNCH_TAG) || (tag.is_none() && display_name == Some(WELCOME_INTENT))
    {
        Request::Launch
    } else {
        let known = |name: &&str| content.model.intent(name).is_some();
        let intent = tag.as_deref().filter(known).or(display_name.filter(known));
        let words = request.text.as_deref().or(request.transcript.as_deref());
        let (turn_request, name) = understand(skill, intent, slots(&intent_info.parameters), words);
        tracing::info!(platform = "dialogflow-cx", intent = %skill.loggable_intent(&name), "turn");
        turn_request
    };
    let reply = skill.respond(Turn { request: turn_request, session, remembered: None });
    let (text, ssml) =
        reply.speech.map(|said| (said.text(), said.ssml(Flavor::Google, reply.session.rate))).unwrap_or_default();
    let mut parameters_out = Map::new();
    let state = if reply.end_session { Value::Null } else { encode_session(content, &reply.session) };
    parameters_out.insert(SESSION_PARAMETER.to_owned(), state);
    let end_page = request.page_info.and_then(|page| page.current_page).and_then(|page| end_session_page(&page));
    WebhookResponse {
        fulfillment_response: FulfillmentResponse {
            messages: vec![
                ResponseMessage { text: Some(Text { text: vec![text.to_owned()] }), output_audio_text: None },
                ResponseMessage { text: None, output_audio_text: Some(OutputAudioText { ssml: ssml.to_owned() }) },
            ],
            merge_behavior: "REPLACE",
        },
        session_info: SessionInfoOut { parameters: parameters_out },
        target_page: end_page.filter(|_| reply.end_session),
    }
}

/// Slot values from CX intent parameters: `{"option": {"resolvedValue": "combining"}}`,
/// or a plain value.
fn slots(parameters: &Map<String, Value>) -> BTreeMap<String, String> {
    parameters
        .iter()
        .filter_map(|(name, value)| {
            let value = value.get("resolvedValue").unwrap_or(value).as_str().filter(|value| !value.is_empty())?;
            Some((name.clone(), value.to_owned()))
        })
        .collect()
}

/// The `END_SESSION` page of the flow `page` belongs to.
fn end_session_page(page: &str) -> Option<String> {
    let (flow, _) = page.rsplit_once("/pages/")?;
    flow.contains("/flows/").then(|| format!("{flow}/pages/END_SESSION"))
}
