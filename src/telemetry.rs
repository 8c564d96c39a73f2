//! Logging, set up in one place: lines on standard error, human-readable or JSON, filtered
//! by `RUST_LOG` (default `info`), written by a background thread so that no request waits
//! on the terminal or the journal.
//!
//! What is logged never includes what a patient said, slot values, session contents or
//! user ids: the turn pipeline logs intent names only, and errors log their code only.

use std::io::IsTerminal;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// How many lines may wait to be written; past that, new lines are dropped (and counted
/// by the writer) rather than making a request wait.
const LINES_QUEUED: usize = 4_096;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One line of text per event, for people.
    Text,
    /// One JSON object per line (`timestamp`, `level`, `message` and the event's fields
    /// at the top level), for log shippers.
    Json,
}

/// Installs the global subscriber. Keep the guard for as long as the program runs: when
/// it is dropped, the lines still queued are written.
pub fn init(format: LogFormat) -> WorkerGuard {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LINES_QUEUED)
        .finish(std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer);
    // Fails only if a subscriber is already installed, which is fine.
    let _ = match format {
        LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).try_init(),
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(false).try_init(),
    };
    guard
}
