//! Dialogflow CX (API v3) webhook JSON: `WebhookRequest` in, `WebhookResponse` out.
//!
//! Requests accept and ignore every field not listed here. Responses carry only fields
//! of Google's `WebhookResponse` message, in its lowerCamelCase names.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The request Dialogflow CX posts.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct WebhookRequest {
    /// The fulfillment that called the webhook.
    pub fulfillment_info: Option<FulfillmentInfo>,
    /// The intent Dialogflow matched, if any.
    pub intent_info: Option<IntentInfo>,
    /// The page the conversation is on.
    pub page_info: Option<PageInfo>,
    /// The session and its parameters.
    pub session_info: Option<SessionInfo>,
    /// What the person typed.
    pub text: Option<String>,
    /// What the person said, as recognised.
    pub transcript: Option<String>,
}

/// The fulfillment that called the webhook.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FulfillmentInfo {
    /// The tag the fulfillment was configured with.
    pub tag: Option<String>,
}

/// The matched intent.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct IntentInfo {
    /// Its display name.
    pub display_name: Option<String>,
    /// Its parameters by id.
    pub parameters: Map<String, Value>,
}

/// The current page.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct PageInfo {
    /// The page's full path, `projects/../agents/<a>/flows/<f>/pages/<p>`.
    pub current_page: Option<String>,
}

/// The session, in a request.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SessionInfo {
    /// The session parameters.
    pub parameters: Map<String, Value>,
}

/// The response to Dialogflow CX.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookResponse {
    /// What to say.
    pub fulfillment_response: FulfillmentResponse,
    /// Session parameters to set; a null value deletes one.
    pub session_info: SessionInfoOut,
    /// The page to go to: the flow's `END_SESSION` page when the conversation ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_page: Option<String>,
}

/// The fulfillment's messages.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FulfillmentResponse {
    /// The messages.
    pub messages: Vec<ResponseMessage>,
    /// `REPLACE`: these messages replace the fulfillment's own.
    pub merge_behavior: &'static str,
}

/// One message: text or SSML.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseMessage {
    /// Plain text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    /// Speech for voice channels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_audio_text: Option<OutputAudioText>,
}

/// Text lines.
#[derive(Serialize)]
pub struct Text {
    /// The lines.
    pub text: Vec<String>,
}

/// Speech as SSML.
#[derive(Serialize)]
pub struct OutputAudioText {
    /// The SSML document.
    pub ssml: String,
}

/// The session, in a response.
#[derive(Serialize)]
pub struct SessionInfoOut {
    /// Parameters to set or (with null) delete.
    pub parameters: Map<String, Value>,
}
