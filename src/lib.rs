//! carevoice: a webhook server that answers patients' spoken questions about their
//! cancer treatment, for Amazon Alexa, Google Dialogflow (ES and CX) and a simulated intent
//! API.
//!
//! The pipeline runs one way: a platform adapter (`platform`) turns a request into a
//! canonical [`dialog::Turn`], the pure [`dialog`] answers it with a [`dialog::Reply`]
//! that points into speech rendered at start-up (`speech`), and the adapter writes the
//! platform's response. See ARCHITECTURE.md.

pub mod content;
pub mod dialog;
pub mod eval;
pub mod export;
pub mod memory;
pub mod nlu;
pub mod platform;
pub mod server;
pub mod skill;
pub mod speech;
pub mod telemetry;
pub mod verify;
