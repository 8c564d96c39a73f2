//! Integration tests: the real server, booted on port 0, spoken to with real platform
//! JSON over HTTP; the real binary for the command line.
//!
//! One test binary, so the crate links once.

mod alexa;
mod bad_input;
mod browser;
mod cli;
mod console;
mod dialogflow;
mod eval;
mod export;
mod helpers;
mod home_assistant;
mod https;
mod locales;
mod map;
mod memory;
mod operations;
mod pki;
mod postgres;
mod properties;
mod screen;
mod simulated;
mod speech;
mod stories;
mod tidy;
mod verification;
mod wyoming;
