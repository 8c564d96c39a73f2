//! What Alexa's request verification reads from outside: the `SignatureCertChainUrl`
//! header, the `Signature-256` header, the envelope's timestamp, and the downloaded
//! certificate chain (PEM). The input is the URL, the signature and the timestamp, a line
//! each, then the chain. The clock is fixed, so a run can be repeated.
#![no_main]

use std::sync::LazyLock;
use std::time::Duration;

use carevoice::verify::{self, cert_url, chain::SigningCert};
use rustls::pki_types::{TrustAnchor, UnixTime};

const SKILL_ID: &str = "amzn1.ask.skill.0";
/// 2026-11-27T12:00:00Z.
const NOW: u64 = 1_795_780_800;

static VERIFIER: LazyLock<verify::Verifier> = LazyLock::new(|| {
    verify::Verifier::new(&verify::AlexaSettings {
        skill_ids: vec![SKILL_ID.into()],
        insecure_skip_signature: true,
        ..verify::AlexaSettings::default()
    })
    .expect("a verifier without signature checks")
});
static ROOTS: LazyLock<Vec<TrustAnchor<'static>>> = LazyLock::new(|| webpki_roots::TLS_SERVER_ROOTS.to_vec());

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut lines = data.splitn(4, |byte| *byte == b'\n');
    let mut next = || lines.next().unwrap_or_default();
    let (url, signature, timestamp, chain) = (next(), next(), next(), next());
    if let Ok(url) = std::str::from_utf8(url) {
        if let Ok(checked) = cert_url::check(url) {
            cert_url::file_name(&checked);
        }
    }
    if let Ok(timestamp) = std::str::from_utf8(timestamp) {
        let now = time::OffsetDateTime::from_unix_timestamp(NOW as i64).expect("a valid time");
        let _ = VERIFIER.verify_request(timestamp, Some(SKILL_ID), now);
    }
    let now = UnixTime::since_unix_epoch(Duration::from_secs(NOW));
    if let Ok(cert) = SigningCert::validate(chain, &ROOTS, now) {
        let _ = cert.check_dates(now);
        let _ = cert.verify_signature(chain, signature);
    }
});
