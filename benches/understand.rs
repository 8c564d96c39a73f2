//! What a free-text turn costs: reading the words, looking for danger, classifying the
//! rest clause by clause, and answering, as `POST /v1/turn` does for an utterance. Also
//! what loading the skill costs, since the classifier is trained then.
//!
//! `cargo bench --bench understand`

use std::hint::black_box;

use carevoice::memory::Memory;
use carevoice::platform;
use carevoice::platform::simulated::{Simulated, TurnRequest};
use carevoice::sessions::Sessions;
use carevoice::skill::Skills;
use criterion::{Criterion, criterion_group, criterion_main};
use futures_util::FutureExt;

fn understanding(c: &mut Criterion) {
    let skills = Skills::embedded().unwrap();
    let (memory, sessions) = (Memory::disabled(), Sessions::in_process());
    let mut group = c.benchmark_group("free-text turn");
    for (name, utterance) in [
        ("short question", "why did my treatment stop working"),
        (
            "long rambling question",
            "um so my husband has been on the keytruda for about a year and the scans were fine but now \
             the doctor says it's growing again and we're both just so worried and i was wondering what \
             happens next for him",
        ),
        ("danger", "my wife can't breathe properly and her lips look blue"),
        ("out of scope", "what's the weather going to be like tomorrow"),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let request = TurnRequest::utterance(black_box(utterance), None);
                platform::answer::<Simulated>(&skills, &memory, &sessions, request).now_or_never().unwrap().unwrap();
            })
        });
    }
    group.finish();
    c.bench_function("start-up: load, check, render and train every locale", |b| {
        b.iter(|| Skills::embedded().unwrap())
    });
}

criterion_group!(benches, understanding);
criterion_main!(benches);
