//! The HTTP error: every failure a request can meet, mapped to a status and a JSON body
//! in one place.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use super::auth::AuthError;
use crate::platform::RequestError;
use crate::verify::VerifyError;

/// A request the server refuses.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not JSON, or not the JSON this route takes.
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    /// The JSON is well-formed but cannot be answered.
    #[error(transparent)]
    Request(#[from] RequestError),
    /// The body could not be read.
    #[error("cannot read the request body: {0}")]
    UnreadableBody(String),
    /// The body did not arrive in time.
    #[error("the request body did not arrive within {seconds} seconds")]
    BodyTimeout {
        /// The time allowed.
        seconds: u64,
    },
    /// The request could not be shown to come from Alexa for this skill.
    #[error("the request is not verified as coming from Alexa: {0}")]
    Unverified(#[from] VerifyError),
    /// The body is larger than the limit.
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The body is not declared as JSON.
    #[error("send the body as application/json")]
    UnsupportedMediaType,
    /// A Dialogflow request without valid credentials.
    #[error(transparent)]
    Unauthorized(#[from] AuthError),
    /// The route exists but not for this method.
    #[error("this route takes {allow} only")]
    MethodNotAllowed {
        /// The methods it takes.
        allow: &'static str,
    },
    /// No such route.
    #[error("no such route")]
    NotFound,
    /// The server could not finish the request.
    #[error("the server could not answer; please try again")]
    Internal(#[from] actix_web::error::BlockingError),
}

impl ApiError {
    /// The stable error code and the HTTP status, for each kind of error.
    pub fn code(&self) -> (&'static str, StatusCode) {
        match self {
            ApiError::MalformedJson(_) => ("malformed_json", StatusCode::BAD_REQUEST),
            ApiError::Request(RequestError::Invalid(_)) => ("invalid_request", StatusCode::BAD_REQUEST),
            ApiError::Request(RequestError::UnsupportedLocale { .. }) => {
                ("unsupported_locale", StatusCode::BAD_REQUEST)
            }
            ApiError::UnreadableBody(_) => ("unreadable_body", StatusCode::BAD_REQUEST),
            ApiError::BodyTimeout { .. } => ("body_timeout", StatusCode::REQUEST_TIMEOUT),
            ApiError::Unverified(VerifyError::NotConfigured) => {
                ("alexa_not_configured", StatusCode::SERVICE_UNAVAILABLE)
            }
            ApiError::Unverified(_) => ("unverified_request", StatusCode::BAD_REQUEST),
            ApiError::PayloadTooLarge { .. } => ("payload_too_large", StatusCode::PAYLOAD_TOO_LARGE),
            ApiError::UnsupportedMediaType => ("unsupported_media_type", StatusCode::UNSUPPORTED_MEDIA_TYPE),
            ApiError::Unauthorized(AuthError::NotConfigured) => {
                ("dialogflow_not_configured", StatusCode::SERVICE_UNAVAILABLE)
            }
            ApiError::Unauthorized(AuthError::Refused { .. }) => ("unauthorized", StatusCode::UNAUTHORIZED),
            ApiError::MethodNotAllowed { .. } => ("method_not_allowed", StatusCode::METHOD_NOT_ALLOWED),
            ApiError::NotFound => ("not_found", StatusCode::NOT_FOUND),
            ApiError::Internal(_) => ("internal", StatusCode::INTERNAL_SERVER_ERROR),
        }
    }
}

/// The JSON body of every error: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: String,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code().1
    }

    fn error_response(&self) -> HttpResponse {
        let (code, status) = self.code();
        match self {
            // Verification messages say which check failed, never what the request held.
            ApiError::Unverified(reason) => tracing::warn!(code, status = status.as_u16(), %reason, "request refused"),
            // Only the code: other messages may quote the body, which may quote the patient.
            _ => tracing::info!(code, status = status.as_u16(), "request refused"),
        }
        let mut response = HttpResponse::build(status);
        match self {
            ApiError::MethodNotAllowed { allow } => {
                response.insert_header((header::ALLOW, *allow));
            }
            ApiError::Unauthorized(AuthError::Refused { basic: true }) => {
                response.insert_header((header::WWW_AUTHENTICATE, "Basic realm=\"carevoice\""));
            }
            _ => {}
        }
        response.json(ErrorBody { error: ErrorDetail { code, message: self.to_string() } })
    }
}
