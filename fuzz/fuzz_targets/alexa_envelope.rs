//! The Alexa request envelope, read and answered (its verification: alexa_signature).
#![no_main]

#[path = "skills.rs"]
mod skills;
#[path = "turn.rs"]
mod turn;

libfuzzer_sys::fuzz_target!(|data: &[u8]| turn::answer::<carevoice::platform::alexa::Alexa>(data));
