//! carevoice: a webhook server that answers patients' spoken questions about their
//! cancer treatment, for Amazon Alexa, Google Dialogflow (ES and CX) and a simulated intent
//! API.
//!
//! Every turn runs one pipeline, [`platform::answer`], the same for every platform: the
//! platform (one [`platform::Platform`] implementation each) reads what was asked, the
//! words are understood ([`nlu`]), the person's preferences are recalled ([`memory`]),
//! the pure [`dialog`] answers with a [`dialog::Reply`] that points into speech rendered
//! at start-up ([`speech`]), what changed is remembered, and the platform writes its
//! response. See ARCHITECTURE.md.

pub mod audio;
pub mod content;
pub mod dialog;
pub mod digest;
pub mod eval;
pub mod export;
pub mod findings;
pub mod label;
pub mod map;
pub mod memory;
pub mod metrics;
pub mod nlu;
pub mod platform;
pub mod screen;
pub mod server;
pub mod sessions;
pub mod skill;
pub mod speech;
pub mod stories;
pub mod telemetry;
pub mod verify;
