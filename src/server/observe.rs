//! The middleware every request passes: writes its one log line (route, status, latency,
//! and for a turn the platform, the intent and the platform's request id: never words,
//! slots, sessions or user ids), counts and times it by route and status, counts Alexa and
//! Dialogflow refusals by cause, and while the server drains, asks the client to close the
//! connection after the response.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::ConnectionType;
use actix_web::middleware::Next;
use actix_web::web;

use super::connections::Tracking;
use super::error::ApiError;
use super::lifecycle::Readiness;
use crate::metrics::Metrics;

/// The route label of a request no route matched.
const UNMATCHED: &str = "unmatched";

/// What a turn's handler tells the log line, in the response's extensions.
pub(super) struct TurnFacts {
    /// The platform's label.
    pub platform: &'static str,
    /// The intent understood, a name the model knows.
    pub intent: String,
    /// Whether the turn started a session.
    pub new_session: bool,
    /// The platform's request id.
    pub request_id: Option<String>,
}

/// Observes one request; see the module's documentation.
pub async fn observe(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let metrics = request.app_data::<web::Data<Metrics>>().cloned();
    let readiness = request.app_data::<web::Data<Readiness>>().cloned();
    let activity = request.conn_data::<Tracking>().map(|tracking| tracking.activity.clone());
    if let Some(activity) = &activity {
        activity.begin();
    }
    let mut response = next.call(request).await?;
    if let Some(activity) = &activity {
        activity.end();
    }
    let elapsed = started.elapsed();
    // Every resource is named after its route, so this never holds a raw path.
    let route = response.request().match_name().unwrap_or(UNMATCHED);
    let status = response.status();
    if let Some(metrics) = metrics {
        metrics.request(route, status.as_str(), elapsed);
        match response.response().error().and_then(|error| error.as_error::<ApiError>()) {
            Some(ApiError::Unverified(reason)) => metrics.alexa_refused(reason.check()),
            Some(ApiError::Unauthorized(_)) => metrics.dialogflow_refused(),
            _ => {}
        }
    }
    let latency_us = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
    match response.response().extensions().get::<TurnFacts>() {
        Some(turn) => tracing::info!(
            route,
            status = status.as_u16(),
            latency_us,
            platform = turn.platform,
            intent = turn.intent,
            new_session = turn.new_session,
            request_id = turn.request_id,
            "turn"
        ),
        // Probes and scrapes come every few seconds: only when asked for.
        None if status.is_success() => tracing::debug!(route, status = status.as_u16(), latency_us, "request"),
        None => tracing::info!(route, status = status.as_u16(), latency_us, "request"),
    }
    if readiness.is_some_and(|readiness| readiness.is_draining()) {
        response.response_mut().head_mut().set_connection_type(ConnectionType::Close);
    }
    Ok(response)
}
