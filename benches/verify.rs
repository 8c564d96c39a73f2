//! What an Alexa request costs: verification with the certificate chain already cached
//! (signature, dates, timestamp, skill id), and the whole turn after it.
//!
//! `cargo bench --bench verify`

use std::hint::black_box;

use carevoice::memory::Memory;
use carevoice::platform::alexa::{self, wire::RequestEnvelope};
use carevoice::skill::Skill;
use carevoice::verify::{self, SignatureHeaders, Verifier};
use criterion::{Criterion, criterion_group, criterion_main};
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
    let settings = verify::Settings {
        skill_ids: vec![SKILL_ID.to_owned()],
        extra_root_certs: Some(pki::PKI.roots_file()),
        cert_chain_dir: Some(pki::PKI.chain_dir()),
        ..verify::Settings::default()
    };
    let verifier = Verifier::new(&settings).unwrap();
    let body = launch_request();
    let signature = pki::PKI.sign(&body);
    let url = pki::chain_url(pki::GOOD_CHAIN);
    let headers = SignatureHeaders { cert_chain_url: Some(&url), signature_256: Some(&signature) };
    // The first request validates and caches the chain.
    runtime.block_on(verifier.verify_signature(headers, &body)).unwrap();
    let skill = Skill::embedded().unwrap();
    let memory = Memory::disabled();

    c.bench_function("verify: cached chain, signature, timestamp, skill id", |b| {
        b.iter(|| {
            runtime.block_on(verifier.verify_signature(black_box(headers), black_box(&body))).unwrap();
            let envelope: RequestEnvelope = serde_json::from_slice(&body).unwrap();
            verifier
                .verify_request(&envelope.request.timestamp, envelope.skill_id(), OffsetDateTime::now_utc())
                .unwrap();
        })
    });
    c.bench_function("turn: parse, answer and serialize an Alexa launch", |b| {
        b.iter(|| {
            let envelope: RequestEnvelope = serde_json::from_slice(black_box(&body)).unwrap();
            serde_json::to_vec(&alexa::answer(&skill, &memory, envelope)).unwrap()
        })
    });
}

criterion_group!(benches, verification);
criterion_main!(benches);
