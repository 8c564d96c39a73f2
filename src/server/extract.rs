//! Request extractors that read JSON bodies under the server's rules: JSON content type
//! only, at most [`MAX_BODY_BYTES`], and every failure as an [`ApiError`].

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use serde::de::DeserializeOwned;

use super::error::ApiError;
use crate::platform::alexa::wire::RequestEnvelope;

/// The largest request body accepted. Alexa's requests are a few kilobytes and the
/// simulated API's smaller still; 64 KiB leaves room for large device contexts.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A JSON body parsed into `T`.
pub struct JsonBody<T>(pub T);

/// An Alexa request envelope, read from the exact bytes Alexa sent.
pub struct AlexaRequest(pub RequestEnvelope);

type Extracting<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
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

impl FromRequest for AlexaRequest {
    type Error = ApiError;
    type Future = Extracting<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let (req, mut payload) = (req.clone(), payload.take());
        Box::pin(async move {
            let body = read_json_body(&req, &mut payload).await?;
            // Request verification reads `req`'s headers and these exact bytes here,
            // before anything is parsed.
            parse(&body).map(AlexaRequest)
        })
    }
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|error| ApiError::MalformedJson(error.to_string()))
}

async fn read_json_body(req: &HttpRequest, payload: &mut Payload) -> Result<Bytes, ApiError> {
    let is_json = match req.mime_type() {
        Ok(Some(mime)) => mime.subtype() == "json" || mime.suffix().is_some_and(|suffix| suffix == "json"),
        Ok(None) | Err(_) => false,
    };
    if !is_json {
        return Err(ApiError::UnsupportedMediaType);
    }
    Bytes::from_request(req, payload).await.map_err(|error| match error.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => ApiError::PayloadTooLarge { limit: MAX_BODY_BYTES },
        _ => ApiError::UnreadableBody(error.to_string()),
    })
}
