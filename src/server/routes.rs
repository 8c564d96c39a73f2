//! How a route is made: a platform's route takes POST only and answers each turn through
//! the one pipeline; other routes take GET only. Every resource is named after its route,
//! the label its metrics carry.

use actix_web::HttpResponse;
use actix_web::web;

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
    let mut response = HttpResponse::Ok().json(answered.response);
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

async fn only_post() -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed { allow: "POST" })
}

async fn only_get() -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed { allow: "GET" })
}
