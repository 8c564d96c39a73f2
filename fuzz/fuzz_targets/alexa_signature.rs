//! What Alexa's request verification reads from outside: the `SignatureCertChainUrl`
//! header, the `Signature-256` header, the downloaded certificate chain (PEM), and the
//! envelope's timestamp and skill id. The input is the URL, a newline, the signature, a
//! newline, then the chain.
#![no_main]

use carevoice::verify::{self, cert_url, chain::SigningCert};
use rustls::pki_types::UnixTime;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |byte| *byte == b'\n');
    let (url, signature, chain) =
        (parts.next().unwrap_or_default(), parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    if let Ok(url) = std::str::from_utf8(url) {
        if let Ok(checked) = cert_url::check(url) {
            cert_url::file_name(&checked);
        }
        let verifier = verify::Verifier::new(&verify::Settings {
            skill_ids: vec!["amzn1.ask.skill.0".into()],
            insecure_skip_signature: true,
            ..verify::Settings::default()
        })
        .expect("a verifier without signature checks");
        let _ = verifier.verify_request(url, Some(url), time::OffsetDateTime::UNIX_EPOCH);
    }
    let roots = webpki_roots::TLS_SERVER_ROOTS.to_vec();
    if let Ok(cert) = SigningCert::validate(chain, &roots, UnixTime::now()) {
        let _ = cert.verify_signature(chain, signature);
    }
});
