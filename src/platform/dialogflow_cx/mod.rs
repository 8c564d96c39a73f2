//! Google Dialogflow CX (`POST /dialogflow/cx`).
//!
//! Routing, first that applies: the fulfillment's tag, when it is an intent of the model
//! or `LaunchRequest`; the matched intent's display name, when it is an intent of the
//! model (`Default Welcome Intent` opens the skill); else the words (`text`, or the
//! voice `transcript`) through the free-text matcher. Words of danger in the text win
//! over any tag or intent.
//!
//! State travels in the session parameter `carevoice`, set to null (deleted) when the
//! conversation ends. The person is `payload.user.userId` of the query, when the caller
//! of `detectIntent` passes one. Speech is a `text` message with the plain words and an
//! `outputAudioText` message with the SSML. Ending the conversation sends the session to
//! the current flow's `END_SESSION` page.

pub mod wire;

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Answer, Asked, Inbound, LAUNCH, Platform, RequestError, Webhook, google_user};
use crate::label::Label;
use crate::platform::dialogflow_es::WELCOME_INTENT;
use crate::skill::Skill;
use crate::speech::{self, Flavor};
use wire::{
    AudioMessage, FulfillmentResponse, OutputAudioText, SessionInfoOut, SessionParametersOut, Text, TextMessage,
    WebhookRequest, WebhookResponse,
};

/// The session parameter that carries the session state.
pub const SESSION_PARAMETER: &str = "carevoice";

/// Google Dialogflow CX.
pub struct DialogflowCx;

impl Webhook for DialogflowCx {
    const ROUTE: &'static str = "/dialogflow/cx";
}

impl Platform for DialogflowCx {
    const LABEL: Label = Label::DialogflowCx;
    const MAX_UTTERANCE_CHARS: usize = super::DIALOGFLOW_QUERY_CHARS;
    type Request = WebhookRequest;
    /// The `END_SESSION` page of the current flow, if known.
    type Context = Option<String>;
    type Response<'s> = WebhookResponse<'s>;

    fn locale(request: &WebhookRequest) -> Option<&str> {
        request.language_code.as_deref()
    }

    fn read(skill: &Skill, request: WebhookRequest) -> Result<Inbound<Option<String>>, RequestError> {
        let state = request.session_info.and_then(|info| info.parameters.carevoice);
        let tag = request.fulfillment_info.and_then(|info| info.tag);
        let intent_info = request.intent_info.unwrap_or_default();
        let display_name = intent_info.display_name;
        let words = request.text.or(request.transcript);
        let known = |name: &String| skill.content.model.intent(name).is_some();
        let asked =
            if tag.as_deref() == Some(LAUNCH) || (tag.is_none() && display_name.as_deref() == Some(WELCOME_INTENT)) {
                Asked::Launch
            } else {
                match tag.filter(known).or(display_name.filter(known)) {
                    Some(name) => Asked::Intent { name, slots: slots(intent_info.parameters), words },
                    None => Asked::Words(words.unwrap_or_default()),
                }
            };
        let user_id = google_user::user_id(request.payload.as_deref());
        let end_page = request.page_info.and_then(|page| page.current_page).and_then(|page| end_session_page(&page));
        let request_id = request.detect_intent_response_id;
        Ok(Inbound {
            asked,
            new_session: state.is_none(),
            state,
            user_id,
            request_id,
            conversation: None,
            context: end_page,
        })
    }

    fn write<'s>(_: &'s Skill, end_page: Option<String>, answer: Answer<'s>) -> WebhookResponse<'s> {
        let text = speech::text_json(answer.speech);
        let ssml =
            answer.speech.map(|said| said.ssml_json(Flavor::Google, answer.rate)).unwrap_or_else(|| text.to_owned());
        let ends = answer.end_session;
        WebhookResponse {
            fulfillment_response: FulfillmentResponse {
                messages: (
                    TextMessage { text: Text { text: [text] } },
                    AudioMessage { output_audio_text: OutputAudioText { ssml } },
                ),
                merge_behavior: "REPLACE",
            },
            session_info: SessionInfoOut {
                parameters: SessionParametersOut { carevoice: (!ends).then_some(answer.state) },
            },
            target_page: end_page.filter(|_| ends),
        }
    }
}

/// Slot values from CX intent parameters: `{"option": {"resolvedValue": "combining"}}`,
/// or a plain value.
fn slots(parameters: BTreeMap<String, Value>) -> BTreeMap<String, String> {
    parameters
        .into_iter()
        .filter_map(|(name, value)| {
            let value = value.get("resolvedValue").unwrap_or(&value).as_str().filter(|value| !value.is_empty())?;
            Some((name, value.to_owned()))
        })
        .collect()
}

/// The `END_SESSION` page of the flow `page` belongs to.
fn end_session_page(page: &str) -> Option<String> {
    let (flow, _) = page.rsplit_once("/pages/")?;
    flow.contains("/flows/").then(|| format!("{flow}/pages/END_SESSION"))
}
