//! Dialogflow CX (API v3) webhook JSON: `WebhookRequest` in, `WebhookResponse` out.
//!
//! Requests accept and ignore every field not listed here. Responses carry only fields
//! of Google's `WebhookResponse` message, in its lowerCamelCase names.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::dialog::SessionState;

/// The request Dialogflow CX posts.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct WebhookRequest {
    /// Dialogflow's id for this request, for logs.
    pub detect_intent_response_id: Option<String>,
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
    /// The language of the query, e.g. `en` or `en-gb`.
    pub language_code: Option<String>,
    /// What the person said, as recognised.
    pub transcript: Option<String>,
    /// What the caller of `detectIntent` passed in its query parameters' payload, as raw
    /// JSON ([`crate::platform::google_user`] reads the person from it).
    pub payload: Option<Box<RawValue>>,
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
    pub parameters: BTreeMap<String, Value>,
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
    /// The session parameters: this skill reads its own.
    pub parameters: SessionParameters,
}

/// The session parameters this skill reads.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SessionParameters {
    /// The session state this skill wrote, as raw JSON.
    pub carevoice: Option<Box<RawValue>>,
}

/// The response to Dialogflow CX.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookResponse<'a> {
    /// What to say.
    pub fulfillment_response: FulfillmentResponse<'a>,
    /// Session parameters to set; a null value deletes one.
    pub session_info: SessionInfoOut<'a>,
    /// The page to go to: the flow's `END_SESSION` page when the conversation ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_page: Option<String>,
}

/// The fulfillment's messages.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FulfillmentResponse<'a> {
    /// The messages: the words, then the SSML.
    pub messages: (TextMessage<'a>, AudioMessage),
    /// `REPLACE`: these messages replace the fulfillment's own.
    pub merge_behavior: &'static str,
}

/// A text message.
#[derive(Serialize)]
pub struct TextMessage<'a> {
    /// The text.
    pub text: Text<'a>,
}

/// A speech message.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AudioMessage {
    /// The SSML.
    pub output_audio_text: OutputAudioText,
}

/// Text lines.
#[derive(Serialize)]
pub struct Text<'a> {
    /// The lines.
    pub text: [&'a RawValue; 1],
}

/// Speech as SSML.
#[derive(Serialize)]
pub struct OutputAudioText {
    /// The SSML document, as a JSON string.
    pub ssml: Box<RawValue>,
}

/// The session, in a response.
#[derive(Serialize)]
pub struct SessionInfoOut<'a> {
    /// Parameters to set or (with null) delete.
    pub parameters: SessionParametersOut<'a>,
}

/// This skill's session parameter, in a response: null deletes it.
#[derive(Serialize)]
pub struct SessionParametersOut<'a> {
    /// The session state, or null when the conversation ends.
    pub carevoice: Option<SessionState<'a>>,
}
