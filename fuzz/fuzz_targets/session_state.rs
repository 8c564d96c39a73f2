//! Session state carried back by a platform: decoded and checked against every locale's
//! content, and anything that decodes written out again.
#![no_main]

#[path = "skills.rs"]
mod skills;

use serde_json::value::RawValue;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(raw) = serde_json::from_str::<Box<RawValue>>(text) else { return };
    for skill in skills::SKILLS.all() {
        if let Some(session) = carevoice::platform::decode_session(&skill.content, Some(&raw)) {
            serde_json::to_string(&session.to_state(&skill.content)).expect("a session is always JSON");
        }
    }
});
