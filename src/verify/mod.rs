//! Alexa request verification: proof that a request to `/alexa` came from Alexa, for
//! this skill, just now.
//!
//! The checks run in Amazon's order, and the first failure refuses the request:
//! 1. the `SignatureCertChainUrl` points at Amazon's certificate location ([`cert_url`]);
//! 2. the chain found there is valid now, names `echo-api.amazon.com`, and chains to a
//!    trusted root ([`chain`]); it is cached per URL until the certificate expires;
//! 3. `Signature-256` is the certificate key's RSA SHA-256 signature of the exact body;
//! 4. the request's timestamp is within 150 seconds of now;
//! 5. the skill id is in the allow-list.
//!
//! In development mode (`--insecure-skip-signature`) steps 1 to 3 are skipped; 4 and 5
//! never are.

pub mod cert_url;
pub mod chain;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use base64::Engine;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, TrustAnchor, UnixTime};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::OnceCell;

use chain::SigningCert;

/// How far a request's timestamp may be from now, either way.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(150);
/// How long a certificate chain download may take.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(5);
/// The largest certificate chain accepted (Amazon's is about 5 KB).
const MAX_CHAIN_BYTES: usize = 64 * 1024;

/// Why a request was not accepted as coming from Alexa. The messages say what failed,
/// never what the request contained. [`VerifyError::check`] names the check that failed.
#[derive(Debug, thiserror::Error, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum VerifyError {
    /// No skill id is configured, so no request can be accepted.
    #[error("no Alexa skill id is configured: start the server with --skill-id")]
    NotConfigured,
    /// A signature header is missing.
    #[error("the {0} header is missing")]
    MissingHeader(&'static str),
    /// The certificate chain URL is not Amazon's.
    #[error("the certificate chain URL is refused: {0}")]
    CertUrl(&'static str),
    /// The chain could not be downloaded or found.
    #[error("the certificate chain could not be fetched: {0}")]
    CertFetch(String),
    /// The chain is not a certificate chain.
    #[error("the certificate chain is unusable: {0}")]
    CertChain(String),
    /// The signing certificate has expired.
    #[error("the signing certificate has expired")]
    CertExpired,
    /// The signing certificate is not valid yet.
    #[error("the signing certificate is not valid yet")]
    CertNotYetValid,
    /// The signing certificate does not name echo-api.amazon.com.
    #[error("the signing certificate is not for echo-api.amazon.com")]
    CertWrongName,
    /// The chain does not lead to a trusted root.
    #[error("the signing certificate is not trusted: {0}")]
    CertUntrusted(String),
    /// `Signature-256` is not base64.
    #[error("the Signature-256 header is not base64")]
    SignatureEncoding,
    /// The signature does not match the body.
    #[error("the signature does not match the request body")]
    SignatureMismatch,
    /// The timestamp is missing or malformed.
    #[error("the request timestamp is not an ISO 8601 time")]
    TimestampMalformed,
    /// The timestamp is too far from now.
    #[error("the request timestamp is {0} seconds from now, more than 150")]
    TimestampOutOfRange(i64),
    /// No skill id in the request.
    #[error("the request carries no skill id")]
    SkillIdMissing,
    /// The skill id is not allowed.
    #[error("the request is for a skill id that is not allowed")]
    SkillIdNotAllowed,
}

impl VerifyError {
    /// The check that failed, in snake case (`signature_mismatch`): a metric's label.
    pub fn check(&self) -> &'static str {
        self.into()
    }
}

/// How requests are verified; every field has a command-line flag.
#[derive(Debug, Clone, Default)]
pub struct AlexaSettings {
    /// The skill ids accepted (`--skill-id`).
    pub skill_ids: Vec<String>,
    /// Development mode: skip the certificate and signature checks.
    pub insecure_skip_signature: bool,
    /// A PEM file of roots trusted besides the built-in ones (`--extra-root-certs`).
    pub extra_root_certs: Option<PathBuf>,
    /// A directory of pre-loaded chains, used instead of downloading (`--cert-chain-dir`).
    pub cert_chain_dir: Option<PathBuf>,
    /// Fixed addresses for hosts when downloading chains, bypassing DNS (no flag: for
    /// tests, and staging networks that mirror Amazon's certificate host).
    pub resolve: Vec<(String, SocketAddr)>,
}

/// Verifies Alexa requests; built once at start-up and shared.
pub struct Verifier {
    skill_ids: Vec<String>,
    signature: Option<SignatureCheck>,
}

/// The certificate and signature part of verification.
struct SignatureCheck {
    roots: Vec<TrustAnchor<'static>>,
    source: ChainSource,
    /// Validated signing certificates by chain URL.
    cache: Mutex<HashMap<String, Arc<OnceCell<Arc<SigningCert>>>>>,
}

/// Where certificate chains come from.
enum ChainSource {
    /// Downloaded over HTTPS.
    Download(reqwest::Client),
    /// Read from a directory at start-up, by file name.
    Preloaded(HashMap<String, Vec<u8>>),
}

/// The signature headers of a request, as sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct SignatureHeaders<'a> {
    /// `SignatureCertChainUrl`.
    pub cert_chain_url: Option<&'a str>,
    /// `Signature-256`.
    pub signature_256: Option<&'a str>,
}

impl Verifier {
    /// Builds the verifier, reading the extra roots and pre-loaded chains now.
    pub fn new(settings: &AlexaSettings) -> anyhow::Result<Verifier> {
        let signature = if settings.insecure_skip_signature { None } else { Some(SignatureCheck::new(settings)?) };
        Ok(Verifier { skill_ids: settings.skill_ids.clone(), signature })
    }

    /// Whether any skill id is configured.
    pub fn is_configured(&self) -> bool {
        !self.skill_ids.is_empty()
    }

    /// Steps 1 to 3: the certificate chain and the signature over `body`. Does nothing in
    /// development mode. Fails first if no skill id is configured.
    pub async fn verify_signature(&self, headers: SignatureHeaders<'_>, body: &[u8]) -> Result<(), VerifyError> {
        if !self.is_configured() {
            return Err(VerifyError::NotConfigured);
        }
        match &self.signature {
            Some(check) => check.verify(headers, body).await,
            None => Ok(()),
        }
    }

    /// Steps 4 and 5: the request's `timestamp` and skill id, at `now`.
    pub fn verify_request(
        &self,
        timestamp: &str,
        skill_id: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<(), VerifyError> {
        let sent = OffsetDateTime::parse(timestamp, &Rfc3339).map_err(|_| VerifyError::TimestampMalformed)?;
        let skew = now - sent;
        if skew.unsigned_abs() > MAX_CLOCK_SKEW {
            return Err(VerifyError::TimestampOutOfRange(skew.whole_seconds()));
        }
        let skill_id = skill_id.ok_or(VerifyError::SkillIdMissing)?;
        if !self.skill_ids.iter().any(|allowed| allowed == skill_id) {
            return Err(VerifyError::SkillIdNotAllowed);
        }
        Ok(())
    }
}

impl SignatureCheck {
    fn new(settings: &AlexaSettings) -> anyhow::Result<SignatureCheck> {
        let extra_roots = match &settings.extra_root_certs {
            Some(path) => read_pem_certs(path)?,
            None => Vec::new(),
        };
        let mut roots: Vec<TrustAnchor<'static>> = webpki_roots::TLS_SERVER_ROOTS.to_vec();
        for cert in &extra_roots {
            let anchor = webpki::anchor_from_trusted_cert(cert).context("an extra root certificate is malformed")?;
            roots.push(anchor.to_owned());
        }
        let source = match &settings.cert_chain_dir {
            Some(dir) => ChainSource::Preloaded(read_chain_dir(dir)?),
            None => ChainSource::Download(download_client(&roots, &extra_roots, &settings.resolve)?),
        };
        Ok(SignatureCheck { roots, source, cache: Mutex::new(HashMap::new()) })
    }

    async fn verify(&self, headers: SignatureHeaders<'_>, body: &[u8]) -> Result<(), VerifyError> {
        let raw_url = headers.cert_chain_url.ok_or(VerifyError::MissingHeader("SignatureCertChainUrl"))?;
        let url = cert_url::check(raw_url)?;
        let signature = headers.signature_256.ok_or(VerifyError::MissingHeader("Signature-256"))?;
        let signing = self.signing_cert(&url).await?;
        signing.check_dates(UnixTime::now())?;
        let signature = base64::engine::general_purpose::STANDARD
            .decode(signature.trim())
            .map_err(|_| VerifyError::SignatureEncoding)?;
        signing.verify_signature(body, &signature)
    }

    /// The validated signing certificate for `url`, from the cache or fetched once
    /// however many requests ask at the same time.
    async fn signing_cert(&self, url: &url::Url) -> Result<Arc<SigningCert>, VerifyError> {
        let key = url.as_str().to_owned();
        let cell = {
            let mut cache = self.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let cell = cache.entry(key.clone()).or_default();
            if cell.get().is_some_and(|cert| cert.expired(UnixTime::now())) {
                *cell = Arc::default();
            }
            cell.clone()
        };
        let result = cell
            .get_or_try_init(|| async {
                let pem = self.source.fetch(url).await?;
                SigningCert::validate(&pem, &self.roots, UnixTime::now()).map(Arc::new)
            })
            .await
            .cloned();
        if result.is_err() {
            // Keep only chains that passed: a forged URL must not grow the cache.
            let mut cache = self.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if cache.get(&key).is_some_and(|cached| Arc::ptr_eq(cached, &cell)) {
                cache.remove(&key);
            }
        }
        result
    }
}

impl ChainSource {
    async fn fetch(&self, url: &url::Url) -> Result<Vec<u8>, VerifyError> {
        match self {
            ChainSource::Preloaded(chains) => {
                let name =
                    cert_url::file_name(url).ok_or_else(|| VerifyError::CertFetch("the URL names no file".into()))?;
                chains
                    .get(name)
                    .cloned()
                    .ok_or_else(|| VerifyError::CertFetch(format!("no pre-loaded chain named {name}")))
            }
            ChainSource::Download(client) => {
                tracing::info!(url = %url, "downloading a certificate chain");
                let fetch_error = |error: reqwest::Error| VerifyError::CertFetch(error.to_string());
                let response = client
                    .get(url.clone())
                    .send()
                    .await
                    .map_err(fetch_error)?
                    .error_for_status()
                    .map_err(fetch_error)?;
                if response.content_length().is_some_and(|length| length > MAX_CHAIN_BYTES as u64) {
                    return Err(VerifyError::CertFetch("the chain is too large".into()));
                }
                let body = response.bytes().await.map_err(fetch_error)?;
                if body.len() > MAX_CHAIN_BYTES {
                    return Err(VerifyError::CertFetch("the chain is too large".into()));
                }
                Ok(body.to_vec())
            }
        }
    }
}

/// An HTTPS client (rustls, ring) trusting `roots`, for downloading chains.
fn download_client(
    roots: &[TrustAnchor<'static>],
    extra_roots: &[CertificateDer<'static>],
    resolve: &[(String, SocketAddr)],
) -> anyhow::Result<reqwest::Client> {
    let mut root_store = rustls::RootCertStore::empty();
    root_store.extend(roots.iter().cloned());
    for cert in extra_roots {
        root_store.add(cert.clone()).context("an extra root certificate is not usable for TLS")?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("TLS set-up")?
        .with_root_certificates(root_store)
        .with_no_client_auth();
    let mut builder = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .https_only(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(DOWNLOAD_TIMEOUT)
        // Each download opens its own connection: the server's workers run separate
        // runtimes, and a pooled connection belongs to the one that opened it.
        .pool_max_idle_per_host(0);
    for (host, address) in resolve {
        builder = builder.resolve(host, *address);
    }
    builder.build().context("cannot build the HTTPS client for certificate chains")
}

/// Reads every certificate of a PEM file.
pub fn read_pem_certs(path: &Path) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .with_context(|| format!("cannot read certificates from {}", path.display()))?;
    anyhow::ensure!(!certs.is_empty(), "{} holds no certificate", path.display());
    Ok(certs)
}

fn read_chain_dir(dir: &Path) -> anyhow::Result<HashMap<String, Vec<u8>>> {
    let mut chains = HashMap::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if let Some(name) = path.file_name().and_then(|name| name.to_str()).filter(|_| path.is_file()) {
            let pem = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            chains.insert(name.to_owned(), pem);
        }
    }
    Ok(chains)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verifier() -> Verifier {
        let settings = AlexaSettings {
            skill_ids: vec!["skill".into()],
            insecure_skip_signature: true,
            ..AlexaSettings::default()
        };
        Verifier::new(&settings).unwrap()
    }

    #[test]
    fn timestamps_are_checked_to_the_second_either_way() {
        let verifier = verifier();
        let sent = "2026-11-26T12:00:00Z";
        let at = |seconds: i64| OffsetDateTime::parse(sent, &Rfc3339).unwrap() + time::Duration::seconds(seconds);
        assert!(verifier.verify_request(sent, Some("skill"), at(150)).is_ok());
        assert!(verifier.verify_request(sent, Some("skill"), at(-150)).is_ok());
        assert!(matches!(
            verifier.verify_request(sent, Some("skill"), at(151)),
            Err(VerifyError::TimestampOutOfRange(151))
        ));
        assert!(matches!(
            verifier.verify_request(sent, Some("skill"), at(-151)),
            Err(VerifyError::TimestampOutOfRange(-151))
        ));
        assert!(matches!(
            verifier.verify_request("yesterday", Some("skill"), at(0)),
            Err(VerifyError::TimestampMalformed)
        ));
    }

    #[test]
    fn the_skill_id_must_be_present_and_allowed() {
        let verifier = verifier();
        let now = OffsetDateTime::parse("2026-11-26T12:00:00Z", &Rfc3339).unwrap();
        let sent = "2026-11-26T12:00:00Z";
        assert!(matches!(verifier.verify_request(sent, None, now), Err(VerifyError::SkillIdMissing)));
        assert!(matches!(verifier.verify_request(sent, Some("other"), now), Err(VerifyError::SkillIdNotAllowed)));
    }
}
