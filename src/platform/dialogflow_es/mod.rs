//! Google Dialogflow ES (`POST /dialogflow/es`).
//!
//! Routing: the intent's display name when it is an intent of the model (the names
//! `carevoice export dialogflow-es` writes), `Default Welcome Intent` for the welcome,
//! and anything else (the default fallback, or an intent this skill does not know) is
//! matched from the words with the free-text matcher. Words of danger in `queryText` win
//! over any intent.
//!
//! State travels in the output context `<session>/contexts/carevoice`, parameter
//! `state`; when the conversation ends its lifespan is 0, which removes it. The person is
//! the Actions on Google user id in `originalDetectIntentRequest.payload.user.userId`,
//! when the integration sends one.
//!
//! Speech: `fulfillmentText` and a text message carry the plain words. The SSML is in
//! `payload`: `payload.google` in the Actions on Google format (`richResponse` with a
//! `simpleResponse`, and `expectUserResponse: false` to end the conversation), which
//! Google's voice integrations read; and `payload.carevoice` (`ssml`, `text`,
//! `endConversation`) for a custom voice front end.

pub mod wire;

use super::{Answer, Asked, Inbound, Platform, RequestError, Webhook, google_user};
use crate::label::Label;
use crate::skill::Skill;
use crate::speech::{self, Flavor};
use wire::{
    GooglePayload, Item, Message, OutputContext, OwnPayload, Payload, RichResponse, SimpleResponse, StateOut,
    StateParameters, Text, WebhookRequest, WebhookResponse,
};

/// The id of the context that carries the session state.
pub const CONTEXT_ID: &str = "carevoice";
/// The context's lifespan in turns: enough to outlive a few turns Dialogflow answers
/// without the webhook, since every turn through the webhook renews it.
pub const CONTEXT_LIFESPAN: i32 = 5;
/// The display name of Dialogflow's welcome intent, which opens the skill.
pub const WELCOME_INTENT: &str = "Default Welcome Intent";

/// Google Dialogflow ES.
pub struct DialogflowEs;

impl Webhook for DialogflowEs {
    const ROUTE: &'static str = "/dialogflow/es";
}

impl Platform for DialogflowEs {
    const LABEL: Label = Label::DialogflowEs;
    const MAX_UTTERANCE_CHARS: usize = super::DIALOGFLOW_QUERY_CHARS;
    type Request = WebhookRequest;
    /// The session's path.
    type Context = String;
    type Response<'s> = WebhookResponse<'s>;

    fn locale(request: &WebhookRequest) -> Option<&str> {
        request.query_result.language_code.as_deref()
    }

    fn read(_: &Skill, request: WebhookRequest) -> Result<Inbound<String>, RequestError> {
        let query = request.query_result;
        let state = query
            .output_contexts
            .iter()
            .filter(|context| context.name.rsplit('/').next() == Some(CONTEXT_ID))
            .find_map(|context| context.parameters.as_deref())
            .and_then(|parameters| serde_json::from_str::<StateParameters>(parameters.get()).ok())
            .and_then(|parameters| parameters.state);
        let display_name = query.intent.map(|intent| intent.display_name);
        let asked = match display_name {
            Some(name) if name == WELCOME_INTENT => Asked::Launch,
            Some(name) => Asked::Intent {
                name,
                slots: query
                    .parameters
                    .into_iter()
                    .filter_map(|(name, value)| {
                        Some((name, value.as_str().filter(|value| !value.is_empty())?.to_owned()))
                    })
                    .collect(),
                words: Some(query.query_text),
            },
            None => Asked::Words(query.query_text),
        };
        let user_id = google_user::user_id(
            request.original_detect_intent_request.and_then(|original| original.payload).as_deref(),
        );
        let request_id = request.response_id;
        Ok(Inbound {
            asked,
            new_session: state.is_none(),
            state,
            user_id,
            request_id,
            conversation: None,
            context: request.session,
        })
    }

    fn write<'s>(_: &'s Skill, session: String, answer: Answer<'s>) -> WebhookResponse<'s> {
        // Each is written twice or more, so it is escaped as JSON only once.
        let text = speech::text_json(answer.speech);
        let ssml =
            answer.speech.map(|said| said.ssml_json(Flavor::Google, answer.rate)).unwrap_or_else(|| text.to_owned());
        let ends = answer.end_session;
        WebhookResponse {
            fulfillment_text: text,
            fulfillment_messages: [Message { text: Text { text: [text] } }],
            payload: Payload {
                google: GooglePayload {
                    expect_user_response: !ends,
                    rich_response: RichResponse {
                        items: [Item {
                            simple_response: SimpleResponse { text_to_speech: ssml.clone(), display_text: text },
                        }],
                    },
                },
                carevoice: OwnPayload { ssml, text, end_conversation: ends },
            },
            output_contexts: [OutputContext {
                name: format!("{session}/contexts/{CONTEXT_ID}"),
                lifespan_count: if ends { 0 } else { CONTEXT_LIFESPAN },
                parameters: (!ends).then_some(StateOut { state: answer.state }),
            }],
        }
    }
}
