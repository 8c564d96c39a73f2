//! How a route is made: a platform's route takes POST only and answers each turn through
//! the one pipeline; other routes take GET only. Every resource is named after its route,
//! the label its metrics carry.

use actix_web::error::JsonPayloadError;
use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use super::error::ApiError;
use super::extract::PlatformRequest;
use super::observe;
use crate::memory::Memory;
use crate::metrics::Metrics;
use crate::platform::{self, Platform, Webhook};
use crate::sessions::Sessions;
use crate::skill::Skills;

/// The route of the platform whose requests `R` extracts: POST only. Every resource is
/// named after its route, the label its metrics carry.
pub(super) fn route<R: PlatformRequest>() -> actix_web::Resource {
    let path = <R::Platform as Webhook>::ROUTE;
    web::resource(path).name(path).route(web::post().to(turn::<R>)).default_service(web::to(only_post))
}

/// A GET-only route.
pub(super) fn get<F, Args>(path: &'static str, handler: F) -> actix_web::Resource
where
    F: actix_web::Handler<Args>,
    Args: actix_web::FromRequest + 'static,
    F::Output: actix_web::Responder + 'static,
{
    web::resource(path).name(path).route(web::get().to(handler)).default_service(web::to(only_get))
}

/// Answers one turn of any platform.
async fn turn<R: PlatformRequest>(
    skills: web::Data<Skills>,
    memory: web::Data<Memory>,
    sessions: web::Data<Sessions>,
    metrics: web::Data<Metrics>,
    request: R,
) -> Result<HttpResponse, ApiError> {
    let answered = platform::answer::<R::Platform>(&skills, &memory, &sessions, request.into_request()).await?;
    let mut response = json_reply(&answered.response);
    if let Some(intent) = answered.intent {
        let platform = <R::Platform as Platform>::LABEL;
        metrics.turn(platform, intent);
        response.extensions_mut().insert(observe::TurnFacts {
            platform: platform.as_str(),
            intent: intent.to_owned(),
            new_session: answered.new_session,
            request_id: answered.request_id,
        });
    }
    Ok(response)
}

/// The room a reply's JSON is written into from the start: the longest replies (Dialogflow
/// ES carries the words four times and the SSML twice) fit without the buffer growing, and
/// being copied, on the way.
const REPLY_CAPACITY: usize = 8 * 1024;

/// `response` as a JSON reply; a reply that cannot be serialised is a 500, as actix-web's
/// own `json` gives.
fn json_reply(response: &impl Serialize) -> HttpResponse {
    let mut body = Vec::with_capacity(REPLY_CAPACITY);
    match serde_json::to_writer(&mut body, response) {
        Ok(()) => HttpResponse::Ok().content_type(ContentType::json()).body(body),
        Err(error) => HttpResponse::from_error(JsonPayloadError::Serialize(error)),
    }
}

async fn only_post() -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed { allow: "POST" })
}

async fn only_get() -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed { allow: "GET" })
}
