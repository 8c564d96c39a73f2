//! Dialogflow ES (API v2) webhook JSON: `WebhookRequest` in, `WebhookResponse` out.
//!
//! Requests accept and ignore every field not listed here. Responses carry only fields
//! of Google's `WebhookResponse` message, in its lowerCamelCase names: Dialogflow
//! rejects a whole reply with an unknown field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::dialog::SessionState;

/// The request Dialogflow ES posts.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookRequest {
    /// The session path, `projects/<p>/agent/sessions/<s>` (or with environments/users).
    pub session: String,
    /// What Dialogflow understood.
    pub query_result: QueryResult,
    /// Dialogflow's id for this request, for logs.
    #[serde(default)]
    pub response_id: Option<String>,
    /// The request of the integration that called Dialogflow (Actions on Google sends the
    /// person's id in it).
    #[serde(default)]
    pub original_detect_intent_request: Option<OriginalRequest>,
}

/// The result of Dialogflow's own matching.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryResult {
    /// What the person said (or the event name).
    #[serde(default)]
    pub query_text: String,
    /// The language of the query, e.g. `en` or `en-gb`.
    #[serde(default)]
    pub language_code: Option<String>,
    /// Parameters extracted for the matched intent.
    #[serde(default)]
    pub parameters: BTreeMap<String, Value>,
    /// The contexts active after matching, with their parameters.
    #[serde(default)]
    pub output_contexts: Vec<Context>,
    /// The matched intent.
    #[serde(default)]
    pub intent: Option<Intent>,
}

/// A context, in a request.
#[derive(Deserialize)]
pub struct Context {
    /// Its full path, `<session>/contexts/<id>`.
    pub name: String,
    /// Its parameters, as raw JSON.
    #[serde(default)]
    pub parameters: Option<Box<RawValue>>,
}

/// The parameters of this skill's context.
#[derive(Deserialize)]
pub struct StateParameters {
    /// The session state this skill wrote.
    #[serde(default)]
    pub state: Option<Box<RawValue>>,
}

/// The matched intent.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Intent {
    /// The intent's display name.
    #[serde(default)]
    pub display_name: String,
}

/// The integration's own request.
#[derive(Deserialize)]
pub struct OriginalRequest {
    /// Its payload, as raw JSON ([`crate::platform::google_user`] reads the person from it).
    #[serde(default)]
    pub payload: Option<Box<RawValue>>,
}

/// The response to Dialogflow ES.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookResponse<'a> {
    /// The plain words, for text and for integrations that speak text.
    pub fulfillment_text: &'a RawValue,
    /// The same words as a text message.
    pub fulfillment_messages: [Message<'a>; 1],
    /// Integration-specific replies: the SSML for voice integrations.
    pub payload: Payload<'a>,
    /// The session state, in this skill's context.
    pub output_contexts: [OutputContext<'a>; 1],
}

/// A rich message; only the text kind is used.
#[derive(Serialize)]
pub struct Message<'a> {
    /// A text message.
    pub text: Text<'a>,
}

/// Text lines.
#[derive(Serialize)]
pub struct Text<'a> {
    /// The lines.
    pub text: [&'a RawValue; 1],
}

/// The payloads: Actions on Google's, and this skill's own for a custom front end.
#[derive(Serialize)]
pub struct Payload<'a> {
    /// Actions on Google's simple response.
    pub google: GooglePayload<'a>,
    /// The SSML, words and end of conversation, for a custom voice front end.
    pub carevoice: OwnPayload<'a>,
}

/// Actions on Google's response payload.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GooglePayload<'a> {
    /// False ends the conversation.
    pub expect_user_response: bool,
    /// The response.
    pub rich_response: RichResponse<'a>,
}

/// Actions on Google's rich response.
#[derive(Serialize)]
pub struct RichResponse<'a> {
    /// Its items: one simple response.
    pub items: [Item<'a>; 1],
}

/// One item of a rich response.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item<'a> {
    /// Speech and its display text.
    pub simple_response: SimpleResponse<'a>,
}

/// Speech and its display text.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimpleResponse<'a> {
    /// The SSML document.
    pub text_to_speech: Box<RawValue>,
    /// The plain words.
    pub display_text: &'a RawValue,
}

/// This skill's own payload.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnPayload<'a> {
    /// The SSML document.
    pub ssml: Box<RawValue>,
    /// The plain words.
    pub text: &'a RawValue,
    /// Whether the conversation ends.
    pub end_conversation: bool,
}

/// A context, in a response.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutputContext<'a> {
    /// Its full path, `<session>/contexts/<id>`.
    pub name: String,
    /// Turns it lives for; 0 removes it.
    pub lifespan_count: i32,
    /// Its parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<StateOut<'a>>,
}

/// The parameters of this skill's context, in a response.
#[derive(Serialize)]
pub struct StateOut<'a> {
    /// The session state.
    pub state: SessionState<'a>,
}
