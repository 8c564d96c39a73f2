//! What an Alexa request costs: what verification adds with the certificate chain
//! already cached (signature, dates), beside the RSA-2048 verification alone, and the
//! whole turn after it.
//!
//! `cargo bench --bench verify`

use std::hint::black_box;

use base64::Engine;
use carevoice::memory::Memory;
use carevoice::platform::alexa::{Alexa, wire::RequestEnvelope};
use carevoice::platform::{self};
use carevoice::sessions::Sessions;
use carevoice::skill::Skills;
use carevoice::verify::{self, SignatureHeaders, Verifier};
use criterion::{Criterion, criterion_group, criterion_main};
use futures_util::FutureExt;
use ring::signature::{RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

#[path = "../tests/api/pki.rs"]
#[allow(dead_code)]
mod pki;

const SKILL_ID: &str = "amzn1.ask.skill.8c6f1b3e-2a4d-4f0e-9b7a-5d2c1e0f3a9b";

fn launch_request() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/alexa/launch_request.json");
    let mut envelope: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    envelope["request"]["timestamp"] = OffsetDateTime::now_utc().format(&Rfc3339).unwrap().into();
    envelope.to_string().into_bytes()
}

fn verification(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let settings = verify::AlexaSettings {
        skill_ids: vec![SKILL_ID.to_owned()],
        extra_root_certs: Some(pki::PKI.roots_file()),
        cert_chain_dir: Some(pki::PKI.chain_dir()),
        ..verify::AlexaSettings::default()
    };
    let verifier = Verifier::new(&settings).unwrap();
    let body = launch_request();
    let signature = pki::PKI.sign(&body);
    let url = pki::chain_url(pki::GOOD_CHAIN);
    let headers = SignatureHeaders { cert_chain_url: Some(&url), signature_256: Some(&signature) };
    // The first request validates and caches the chain.
    runtime.block_on(verifier.verify_signature(headers, &body)).unwrap();
    let skills = Skills::embedded().unwrap();
    let (memory, sessions) = (Memory::disabled(), Sessions::in_process());

    let raw_signature = base64::engine::general_purpose::STANDARD.decode(&signature).unwrap();
    // The key of the chain's signing certificate, as verification uses it.
    let chain = std::fs::read(pki::PKI.chain_dir().join(pki::GOOD_CHAIN)).unwrap();
    let leaf = CertificateDer::pem_slice_iter(&chain).next().unwrap().unwrap();
    let (_, certificate) = x509_parser::parse_x509_certificate(&leaf).unwrap();
    let key = certificate.public_key().subject_public_key.data.to_vec();
    let public_key = UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, key);
    c.bench_function("rsa-2048: PKCS#1 SHA-256 signature check alone (ring)", |b| {
        b.iter(|| public_key.verify(black_box(&body), black_box(&raw_signature)).unwrap())
    });
    c.bench_function("verify: cached chain, dates, signature", |b| {
        b.iter(|| runtime.block_on(verifier.verify_signature(black_box(headers), black_box(&body))).unwrap())
    });
    c.bench_function("verify: timestamp and skill id (also without signature checks)", |b| {
        let envelope: RequestEnvelope = serde_json::from_slice(&body).unwrap();
        b.iter(|| {
            verifier
                .verify_request(black_box(&envelope.request.timestamp), envelope.skill_id(), OffsetDateTime::now_utc())
                .unwrap()
        })
    });
    c.bench_function("turn: parse, answer and serialize an Alexa launch", |b| {
        b.iter(|| {
            let envelope: RequestEnvelope = serde_json::from_slice(black_box(&body)).unwrap();
            let answered =
                platform::answer::<Alexa>(&skills, &memory, &sessions, envelope).now_or_never().unwrap().unwrap();
            serde_json::to_vec(&answered.response).unwrap()
        })
    });
}

criterion_group!(benches, verification);
criterion_main!(benches);
