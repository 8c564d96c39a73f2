//! Free text, as speech recognition or a person typing might send it: matched by the
//! default locale's matcher, which every English locale shares (danger patterns, clauses,
//! the classifier, slot values).
#![no_main]

#[path = "skills.rs"]
mod skills;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let found = skills::SKILLS.default_locale().matcher.best(&text);
    assert!((0.0..=1.0).contains(&found.confidence), "{found:?}");
    skills::SKILLS.default_locale().matcher.likeliest(&text, 4);
});
