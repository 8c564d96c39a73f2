//! Webhook authentication for Dialogflow and Home Assistant: HTTP basic authentication, a
//! secret header, or both, as Dialogflow ES and CX can send them (Home Assistant's webhook
//! conversation integration sends basic authentication). Secure by default: with neither
//! configured every request is refused, unless development mode says otherwise.
//!
//! Credentials are compared in constant time and held in `secrecy` types, so they are
//! never printed, logged or kept longer than the process.

use actix_web::http::header::{AUTHORIZATION, HeaderMap, HeaderName};
use anyhow::Context;
use base64::Engine;
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;

/// How Dialogflow webhooks authenticate; every field has a command-line flag.
#[derive(Debug, Clone, Default)]
pub struct WebhookSettings {
    /// `USER:PASSWORD` for HTTP basic authentication (`--dialogflow-basic-auth`).
    pub basic: Option<SecretString>,
    /// `NAME:VALUE`, a header every request must carry (`--dialogflow-header`).
    pub header: Option<SecretString>,
    /// Development only: accept requests without credentials (`--insecure-no-webhook-auth`).
    pub insecure_no_auth: bool,
}

impl WebhookSettings {
    /// Whether any credential is given.
    pub fn has_credentials(&self) -> bool {
        self.basic.is_some() || self.header.is_some()
    }
}

/// Checks Dialogflow requests' credentials; built once at start-up.
pub struct WebhookAuth {
    basic: Option<SecretString>,
    header: Option<(HeaderName, SecretString)>,
    insecure_no_auth: bool,
}

/// Why a request's credentials were refused.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Nothing is configured, so nothing can be accepted.
    #[error(
        "webhook authentication (Dialogflow, Home Assistant) is not configured: start the server with --dialogflow-basic-auth or --dialogflow-header"
    )]
    NotConfigured,
    /// The credentials are missing or wrong.
    #[error("missing or wrong webhook credentials")]
    Refused {
        /// Whether basic authentication is expected, to say so in `WWW-Authenticate`.
        basic: bool,
    },
}

impl WebhookAuth {
    /// Checks the settings: `USER:PASSWORD` and `NAME:VALUE` with a valid header name.
    pub fn new(settings: &WebhookSettings) -> anyhow::Result<WebhookAuth> {
        if let Some(basic) = &settings.basic {
            anyhow::ensure!(basic.expose_secret().contains(':'), "--dialogflow-basic-auth takes USER:PASSWORD");
        }
        let header = match &settings.header {
            Some(header) => {
                let (name, value) =
                    header.expose_secret().split_once(':').context("--dialogflow-header takes NAME:VALUE")?;
                let name = HeaderName::try_from(name.trim()).context("--dialogflow-header: not a valid header name")?;
                anyhow::ensure!(!value.trim().is_empty(), "--dialogflow-header: the value is empty");
                Some((name, SecretString::from(value.trim().to_owned())))
            }
            None => None,
        };
        Ok(WebhookAuth { basic: settings.basic.clone(), header, insecure_no_auth: settings.insecure_no_auth })
    }

    /// Whether any credentials are configured.
    pub fn is_configured(&self) -> bool {
        self.basic.is_some() || self.header.is_some()
    }

    /// Accepts the request if it carries every configured credential.
    pub fn check(&self, headers: &HeaderMap) -> Result<(), AuthError> {
        if !self.is_configured() {
            return if self.insecure_no_auth { Ok(()) } else { Err(AuthError::NotConfigured) };
        }
        let refused = AuthError::Refused { basic: self.basic.is_some() };
        if let Some(expected) = &self.basic {
            let given = headers
                .get(AUTHORIZATION)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.split_once(' '))
                .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
                .and_then(|(_, encoded)| base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok());
            if !given.is_some_and(|given| constant_time_eq(&given, expected.expose_secret().as_bytes())) {
                return Err(refused);
            }
        }
        if let Some((name, expected)) = &self.header {
            let given = headers.get(name).map(|value| value.as_bytes());
            if !given.is_some_and(|given| constant_time_eq(given, expected.expose_secret().as_bytes())) {
                return Err(refused);
            }
        }
        Ok(())
    }
}

/// Compares secrets without revealing, through timing, how much of them matched.
fn constant_time_eq(given: &[u8], expected: &[u8]) -> bool {
    given.ct_eq(expected).into()
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::HeaderValue;

    use super::*;

    fn auth(basic: Option<&str>, header: Option<&str>) -> WebhookAuth {
        WebhookAuth::new(&WebhookSettings {
            basic: basic.map(|value| SecretString::from(value.to_owned())),
            header: header.map(|value| SecretString::from(value.to_owned())),
            insecure_no_auth: false,
        })
        .unwrap()
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(HeaderName::from_static(name), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn basic_credentials_must_match_exactly() {
        let auth = auth(Some("dialogflow:s3cret"), None);
        let encoded = |pair: &str| format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair));
        assert!(auth.check(&headers(&[("authorization", &encoded("dialogflow:s3cret"))])).is_ok());
        assert!(auth.check(&headers(&[("authorization", &encoded("dialogflow:s3cre"))])).is_err());
        assert!(auth.check(&headers(&[("authorization", &encoded("dialogflow:s3cret!"))])).is_err());
        assert!(auth.check(&headers(&[("authorization", "Bearer abc")])).is_err());
        assert!(auth.check(&headers(&[])).is_err());
    }

    #[test]
    fn both_credentials_are_needed_when_both_are_configured() {
        let auth = auth(Some("u:p"), Some("X-Carevoice-Key: k1"));
        let basic = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("u:p"));
        assert!(auth.check(&headers(&[("authorization", &basic), ("x-carevoice-key", "k1")])).is_ok());
        assert!(auth.check(&headers(&[("authorization", &basic)])).is_err());
        assert!(auth.check(&headers(&[("x-carevoice-key", "k1")])).is_err());
    }

    #[test]
    fn nothing_configured_refuses_unless_in_development_mode() {
        assert!(matches!(auth(None, None).check(&headers(&[])), Err(AuthError::NotConfigured)));
        let open = WebhookAuth::new(&WebhookSettings { insecure_no_auth: true, ..WebhookSettings::default() }).unwrap();
        assert!(open.check(&headers(&[])).is_ok());
    }

    #[test]
    fn malformed_settings_are_refused_at_start_up() {
        for (basic, header) in
            [(Some("no-colon"), None), (None, Some("no colon")), (None, Some("bad name: v")), (None, Some("X-Key:"))]
        {
            let settings = WebhookSettings {
                basic: basic.map(|value| SecretString::from(value.to_owned())),
                header: header.map(|value| SecretString::from(value.to_owned())),
                insecure_no_auth: false,
            };
            assert!(WebhookAuth::new(&settings).is_err(), "{basic:?} {header:?}");
        }
    }
}
