//! The HTTP error: every failure a request can meet, mapped to a status and a JSON body
//! in one place.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use super::auth::AuthError;
use crate::audio::AudioError;
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
    /// Speech could not be made audio (the console).
    #[error(transparent)]
    Audio(#[from] AudioError),
}

/// The stable code of each kind of error, as the JSON body names it (snake case:
/// `malformed_json`), and its HTTP status. The README's error table lists every one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[allow(missing_docs)]
pub enum ErrorCode {
    MalformedJson,
    InvalidRequest,
    UnsupportedLocale,
    TooManyWords,
    UnreadableBody,
    BodyTimeout,
    AlexaNotConfigured,
    UnverifiedRequest,
    PayloadTooLarge,
    UnsupportedMediaType,
    DialogflowNotConfigured,
    Unauthorized,
    MethodNotAllowed,
    NotFound,
    AudioUnavailable,
    AudioFailed,
}

impl ErrorCode {
    /// The code as the JSON body names it.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The HTTP status it is answered with.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::MalformedJson
            | ErrorCode::InvalidRequest
            | ErrorCode::UnsupportedLocale
            | ErrorCode::TooManyWords
            | ErrorCode::UnreadableBody
            | ErrorCode::UnverifiedRequest => StatusCode::BAD_REQUEST,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::AlexaNotConfigured | ErrorCode::DialogflowNotConfigured | ErrorCode::AudioUnavailable => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ErrorCode::AudioFailed => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Every code.
    pub fn all() -> impl Iterator<Item = ErrorCode> {
        <ErrorCode as strum::IntoEnumIterator>::iter()
    }
}

impl ApiError {
    /// The kind of error.
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::MalformedJson(_) => ErrorCode::MalformedJson,
            ApiError::Request(RequestError::Invalid(_)) => ErrorCode::InvalidRequest,
            ApiError::Request(RequestError::UnsupportedLocale(_)) => ErrorCode::UnsupportedLocale,
            ApiError::Request(RequestError::TooManyWords { .. }) => ErrorCode::TooManyWords,
            ApiError::UnreadableBody(_) => ErrorCode::UnreadableBody,
            ApiError::BodyTimeout { .. } => ErrorCode::BodyTimeout,
            ApiError::Unverified(VerifyError::NotConfigured) => ErrorCode::AlexaNotConfigured,
            ApiError::Unverified(_) => ErrorCode::UnverifiedRequest,
            ApiError::PayloadTooLarge { .. } => ErrorCode::PayloadTooLarge,
            ApiError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            ApiError::Unauthorized(AuthError::NotConfigured) => ErrorCode::DialogflowNotConfigured,
            ApiError::Unauthorized(AuthError::Refused { .. }) => ErrorCode::Unauthorized,
            ApiError::MethodNotAllowed { .. } => ErrorCode::MethodNotAllowed,
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::Audio(AudioError::Missing { .. }) => ErrorCode::AudioUnavailable,
            ApiError::Audio(_) => ErrorCode::AudioFailed,
        }
    }

    /// The JSON body.
    fn body(&self) -> ErrorBody {
        ErrorBody { error: ErrorDetail { code: self.code().as_str(), message: self.to_string() } }
    }
}

/// The JSON body of every error: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Serialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Serialize)]
struct ErrorDetail {
    code: &'static str,
    message: String,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code().status()
    }

    fn error_response(&self) -> HttpResponse {
        let (code, status) = (self.code().as_str(), self.code().status());
        match self {
            // Verification messages say which check failed, never what the request held.
            ApiError::Unverified(reason) => tracing::warn!(code, status = status.as_u16(), %reason, "request refused"),
            // Only the skill's own words are ever spoken, so the message quotes no one.
            ApiError::Audio(error) => tracing::warn!(code, status = status.as_u16(), %error, "no audio"),
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
        response.json(self.body())
    }
}
