//! The Dialogflow ES adapter (`POST /dialogflow/es`).
//!
//! Routing: the intent's display name when it is an intent of the model (the names
//! `carevoice export dialogflow-es` writes), `Default Welcome Intent` for the welcome,
//! and anything else (the default fallback, or an intent this skill does not know) is
//! matched from the words with the free-text matcher.
//!
//! State travels in the output context `<session>/contexts/carevoice`, parameter
//! `state`; when the conversation ends its lifespan is 0, which removes it.
//!
//! Speech: `fulfillmentText` and a text message carry the plain words. The SSML is in
//! `payload`: `payload.google` in the Actions on Google format (`richResponse` with a
//! `simpleResponse`, and `expectUserResponse: false` to end the conversation), which
//! Google's voice integrations read; and `payload.carevoice` (`ssml`, `text`,
//! `endConversation`) for a custom voice front end.

pub mod wire;

use std::collections::BTreeMap;

use serde_json::json;

use super::{decode_session, encode_session, understand};
use crate::dialog::{Request, Turn};
use crate::skill::Skill;
use crate::speech::Flavor;
use wire::{Message, OutputContext, Text, WebhookRequest, WebhookResponse};

/// The id of the context that carries the session state.
pub const CONTEXT_ID: &str = "carevoice";
/// The context's lifespan in turns: enough to outlive a few turns Dialogflow answers
/// without the webhook, since every turn through the webhook renews it.
pub const CONTEXT_LIFESPAN: i32 = 5;
/// The display name of Dialogflow's welcome intent, which opens the skill.
pub const WELCOME_INTENT: &str = "Default Welcome Intent";

/// Answers one Dialogflow ES webhook request.
pub fn answer(skill: &Skill, request: WebhookRequest) -> WebhookResponse {
    let content = &skill.content;
    let query = request.query_result;
    let context_name = format!("{}/contexts/{CONTEXT_ID}", request.session);
    let state = query
        .output_contexts
        .iter()
        .find(|context| context.name.rsplit('/').next() == Some(CONTEXT_ID))
        .and_then(|context| context.parameters.as_ref()?.get("state"));
    let session = decode_session(content, state);
    let display_name = query.intent.as_ref().map(|intent| intent.display_name.as_str());
    let turn_request = if display_name == Some(WELCOME_INTENT) {
        Request::Launch
    } else {
        let slots: BTreeMap<String, String> = query
            .parameters
            .iter()
            .filter_map(|(name, value)| {
                Some((name.clone(), value.as_str().filter(|value| !value.is_empty())?.to_owned()))
            })
            .collect();
        let (turn_request, name) = understand(skill, display_name, slots, Some(&query.query_text));
        tracing::info!(platform = "dialogflow-es", intent = %skill.loggable_intent(&name), "turn");
        turn_request
    };
    let reply = skill.respond(Turn { request: turn_request, session, remembered: None });
    let (text, ssml) =
        reply.speech.map(|said| (said.text(), said.ssml(Flavor::Google, reply.session.rate))).unwrap_or_default();
    let ends = reply.end_session;
    WebhookResponse {
        fulfillment_text: text.to_owned(),
        fulfillment_messages: vec![Message { text: Text { text: vec![text.to_owned()] } }],
        payload: json!({
            "google": {
                "expectUserResponse": !ends,
                "richResponse": {"items": [{"simpleResponse": {"textToSpeech": ssml, "displayText": text}}]},
            },
            "carevoice": {"ssml": ssml, "text": text, "endConversation": ends},
        }),
        output_contexts: vec![OutputContext {
            name: context_name,
            lifespan_count: if ends { 0 } else { CONTEXT_LIFESPAN },
            parameters: (!ends).then(|| json!({ "state": encode_session(content, &reply.session) })),
        }],
    }
}
