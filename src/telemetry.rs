//! Logging, set up in one place: lines on standard error, human-readable or JSON, filtered
//! by `RUST_LOG` (default `info`), written by a background thread so that no request waits
//! on the terminal or the journal.
//!
//! What is logged never includes what a patient said, slot values, session contents or
//! user ids: the turn pipeline logs intent names only, and errors log their code only.
//!
//! Requests too malformed to parse (a bad request line or header) are not logged one line
//! each: they are counted ([`malformed_request`]) and summed up in one WARN line per
//! [`SUMMARY_EVERY`], so that nobody can fill the logs.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::{Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;

/// How often the malformed requests of the moment are summed up in a log line.
pub const SUMMARY_EVERY: Duration = Duration::from_secs(10);

static MALFORMED: AtomicU64 = AtomicU64::new(0);
static MALFORMED_UNLOGGED: AtomicU64 = AtomicU64::new(0);

/// How many requests were refused as malformed since start.
pub fn malformed_requests() -> u64 {
    MALFORMED.load(Ordering::Relaxed)
}

/// Counts a request refused as malformed (by [`crate::server::edge`]), for the metric and
/// the next summary line.
pub fn malformed_request() {
    MALFORMED.fetch_add(1, Ordering::Relaxed);
    MALFORMED_UNLOGGED.fetch_add(1, Ordering::Relaxed);
}

/// Writes the summary line every [`SUMMARY_EVERY`], when there is something to say.
fn summarise_malformed() {
    loop {
        std::thread::sleep(SUMMARY_EVERY);
        let refused = MALFORMED_UNLOGGED.swap(0, Ordering::Relaxed);
        if refused > 0 {
            tracing::warn!(refused, seconds = SUMMARY_EVERY.as_secs(), "malformed requests refused");
        }
    }
}

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
    let fmt = tracing_subscriber::fmt::layer().with_writer(writer);
    let fmt: Box<dyn Layer<_> + Send + Sync> = match format {
        LogFormat::Text => Box::new(fmt.with_ansi(std::io::stderr().is_terminal())),
        LogFormat::Json => Box::new(fmt.json().flatten_event(true).with_current_span(false)),
    };
    // Fails only if a subscriber is already installed, which is fine.
    if tracing_subscriber::registry().with(filter).with(fmt).try_init().is_ok() {
        let _ = std::thread::Builder::new().name("carevoice-log-summary".into()).spawn(summarise_malformed);
    }
    guard
}
