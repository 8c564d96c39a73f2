//! A Dialogflow CX webhook request, read and answered.
#![no_main]

#[path = "skills.rs"]
mod skills;
#[path = "turn.rs"]
mod turn;

libfuzzer_sys::fuzz_target!(|data: &[u8]| turn::answer::<carevoice::platform::dialogflow_cx::DialogflowCx>(data));
