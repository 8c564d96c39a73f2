//! Dialogflow ES (API v2) webhook JSON: `WebhookRequest` in, `WebhookResponse` out.
//!
//! Requests accept and ignore every field not listed here. Responses carry only fields
//! of Google's `WebhookResponse` message, in its lowerCamelCase names: Dialogflow
//! rejects a whole reply with an unknown field.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The request Dialogflow ES posts.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookRequest {
    /// The session path, `projects/<p>/agent/sessions/<s>` (or with environments/users).
    pub session: String,
    /// What Dialogflow understood.
    pub query_result: QueryResult,
}

/// The result of Dialogflow's own matching.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryResult {
    /// What the person said (or the event name).
    #[serde(default)]
    pub query_text: String,
    /// Parameters extracted for the matched intent.
    #[serde(default)]
    pub parameters: Map<String, Value>,
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
    /// Its parameters.
    #[serde(default)]
    pub parameters: Option<Value>,
}

/// The matched intent.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Intent {
    /// The intent's display name.
    #[serde(default)]
    pub display_name: String,
}

/// The response to Dialogflow ES.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookResponse {
    /// The plain words, for text and for integrations that speak text.
    pub fulfillment_text: String,
    /// The same words as a text message.
    pub fulfillment_messages: Vec<Message>,
    /// Integration-specific replies: the SSML for voice integrations.
    pub payload: Value,
    /// The session state, in this skill's context.
    pub output_contexts: Vec<OutputContext>,
}

/// A rich message; only the text kind is used.
#[derive(Serialize)]
pub struct Message {
    /// A text message.
    pub text: Text,
}

/// Text lines.
#[derive(Serialize)]
pub struct Text {
    /// The lines.
    pub text: Vec<String>,
}

/// A context, in a response.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutputContext {
    /// Its full path, `<session>/contexts/<id>`.
    pub name: String,
    /// Turns it lives for; 0 removes it.
    pub lifespan_count: i32,
    /// Its parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
}
