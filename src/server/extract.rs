//! Request extractors that read JSON bodies under the server's rules: JSON content type
//! only, at most [`MAX_BODY_BYTES`], and every failure as an [`ApiError`].

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::web::{self, Bytes};
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use super::auth::WebhookAuth;
use super::error::ApiError;
use crate::platform::alexa::Alexa;
use crate::platform::alexa::wire::RequestEnvelope;
use crate::platform::{Platform, Webhook};
use crate::verify::{SignatureHeaders, Verifier};

/// The largest request body accepted. Alexa's requests are a few kilobytes and the
/// simulated API's smaller still; 64 KiB leaves room for large device contexts.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// How long a body may take to arrive once the headers have: a slow client is cut off.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// A platform's request, read as a JSON body (the simulated API).
pub struct JsonBody<P: Webhook>(pub P::Request);

/// An Alexa request envelope that passed verification ([`crate::verify`]): a handler
/// taking this cannot skip it.
pub struct AlexaRequest(pub RequestEnvelope);

/// A webhook request of platform `P` (Dialogflow, Home Assistant) whose credentials
/// passed ([`super::auth`]): a handler taking this cannot skip the check.
pub struct AuthenticatedRequest<P: Webhook>(pub P::Request);

/// A request of one platform, extracted with that platform's checks.
pub trait PlatformRequest: FromRequest<Error = ApiError> + 'static {
    /// The platform.
    type Platform: Webhook;
    /// The request, checked.
    fn into_request(self) -> <Self::Platform as Platform>::Request;
}

impl PlatformRequest for AlexaRequest {
    type Platform = Alexa;
    fn into_request(self) -> RequestEnvelope {
        self.0
    }
}

impl<P: Webhook + 'static> PlatformRequest for AuthenticatedRequest<P>
where
    P::Request: DeserializeOwned + 'static,
{
    type Platform = P;
    fn into_request(self) -> P::Request {
        self.0
    }
}

impl<P: Webhook + 'static> PlatformRequest for JsonBody<P>
where
    P::Request: DeserializeOwned + 'static,
{
    type Platform = P;
    fn into_request(self) -> P::Request {
        self.0
    }
}

type Extracting<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

impl<P: Webhook + 'static> FromRequest for JsonBody<P>
where
    P::Request: DeserializeOwned + 'static,
{
    type Error = ApiError;
    type Future = Extracting<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let (req, mut payload) = (req.clone(), payload.take());
        Box::pin(async move {
            let body = read_json_body(&req, &mut payload).await?;
            parse(&body).map(JsonBody)
        })
    }
}

impl<P: Webhook + 'static> FromRequest for AuthenticatedRequest<P>
where
    P::Request: DeserializeOwned + 'static,
{
    type Error = ApiError;
    type Future = Extracting<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let (req, mut payload) = (req.clone(), payload.take());
        Box::pin(async move {
            let auth = req.app_data::<web::Data<WebhookAuth>>().expect("the server registers WebhookAuth");
            auth.check(req.headers())?;
            let JsonBody(request) = JsonBody::<P>::from_request(&req, &mut payload).await?;
            Ok(AuthenticatedRequest(request))
        })
    }
}

impl FromRequest for AlexaRequest {
    type Error = ApiError;
    type Future = Extracting<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let (req, mut payload) = (req.clone(), payload.take());
        Box::pin(async move {
            let verifier = req.app_data::<web::Data<Verifier>>().expect("the server registers a Verifier");
            let body = read_json_body(&req, &mut payload).await?;
            let header = |name: &str| req.headers().get(name).and_then(|value| value.to_str().ok());
            let headers = SignatureHeaders {
                cert_chain_url: header("SignatureCertChainUrl"),
                signature_256: header("Signature-256"),
            };
            verifier.verify_signature(headers, &body).await?;
            let envelope: RequestEnvelope = parse(&body)?;
            verifier.verify_request(&envelope.request.timestamp, envelope.skill_id(), OffsetDateTime::now_utc())?;
            Ok(AlexaRequest(envelope))
        })
    }
}

/// Parses a JSON body: checked as UTF-8 once, whole, and then read as text (reading bytes,
/// `serde_json` checks each string again as it goes).
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let text = std::str::from_utf8(body).map_err(|error| ApiError::MalformedJson(format!("not UTF-8: {error}")))?;
    serde_json::from_str(text).map_err(|error| ApiError::MalformedJson(error.to_string()))
}

async fn read_json_body(req: &HttpRequest, payload: &mut Payload) -> Result<Bytes, ApiError> {
    let is_json = match req.mime_type() {
        Ok(Some(mime)) => mime.subtype() == "json" || mime.suffix().is_some_and(|suffix| suffix == "json"),
        Ok(None) | Err(_) => false,
    };
    if !is_json {
        return Err(ApiError::UnsupportedMediaType);
    }
    let read = tokio::time::timeout(BODY_TIMEOUT, Bytes::from_request(req, payload))
        .await
        .map_err(|_| ApiError::BodyTimeout { seconds: BODY_TIMEOUT.as_secs() })?;
    read.map_err(|error| match error.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => ApiError::PayloadTooLarge { limit: MAX_BODY_BYTES },
        _ => ApiError::UnreadableBody(error.to_string()),
    })
}
