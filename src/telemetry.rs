//! Logging, set up in one place: human-readable lines on standard error, filtered by
//! `RUST_LOG` (default `info`).
//!
//! What is logged never includes what a patient said, slot values, session contents or
//! user ids: adapters log intent names only, and errors log their code only.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber; a second call does nothing.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Fails only if a subscriber is already installed, which is fine.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .try_init();
}
