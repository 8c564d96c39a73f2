//! A Wyoming transcript's data, read and answered.
#![no_main]

#[path = "skills.rs"]
mod skills;
#[path = "turn.rs"]
mod turn;

libfuzzer_sys::fuzz_target!(|data: &[u8]| turn::answer::<carevoice::platform::wyoming::Wyoming>(data));
