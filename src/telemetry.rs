//! Logging, set up in one place: lines on standard error, human-readable or JSON, filtered
//! by `RUST_LOG` (default `info`), written by a background thread so that no request waits
//! on the terminal or the journal.
//!
//! What is logged never includes what a patient said, slot values, session contents or
//! user ids: the turn pipeline logs intent names only, and errors log their code only.
//!
//! The HTTP layer (actix-http) logs one ERROR line for every connection it closes on an
//! error: a request it could not parse, a reset, a body cut off. Those lines say nothing
//! the operator can act on one by one, and anybody could fill the logs with them, so they
//! are counted instead ([`malformed_requests`] for the requests it could not parse) and
//! summed up in one WARN line per [`SUMMARY_EVERY`].

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tracing::{Event, Level, Subscriber};
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;

/// How often the connection errors of the moment are summed up in a log line.
pub const SUMMARY_EVERY: Duration = Duration::from_secs(10);
/// Where actix-http logs a connection's errors.
const CONNECTION_ERRORS: &str = "actix_http::h1::dispatcher";
/// How actix-http's line for a connection error starts.
const STREAM_ERROR: &str = "stream error: ";
/// How its line for a request it could not parse goes on.
const PARSE_ERROR: &str = "request parse error";

static MALFORMED: AtomicU64 = AtomicU64::new(0);
static MALFORMED_UNLOGGED: AtomicU64 = AtomicU64::new(0);
static OTHER_UNLOGGED: AtomicU64 = AtomicU64::new(0);

/// How many requests the HTTP layer refused as malformed since start.
pub fn malformed_requests() -> u64 {
    MALFORMED.load(Ordering::Relaxed)
}

/// Counts the HTTP layer's connection errors instead of letting each through as a line;
/// every other event passes as it is.
struct CountConnectionErrors;

impl<S: Subscriber> Layer<S> for CountConnectionErrors {
    fn event_enabled(&self, event: &Event<'_>, _: Context<'_, S>) -> bool {
        let metadata = event.metadata();
        if metadata.target() != CONNECTION_ERRORS || *metadata.level() != Level::ERROR {
            return true;
        }
        let mut message = Message(None);
        event.record(&mut message);
        let Some(error) = message.0.as_deref().and_then(|message| message.strip_prefix(STREAM_ERROR)) else {
            return true;
        };
        if error.starts_with(PARSE_ERROR) {
            MALFORMED.fetch_add(1, Ordering::Relaxed);
            MALFORMED_UNLOGGED.fetch_add(1, Ordering::Relaxed);
        } else {
            OTHER_UNLOGGED.fetch_add(1, Ordering::Relaxed);
        }
        false
    }
}

/// An event's message.
struct Message(Option<String>);

impl tracing::field::Visit for Message {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = Some(format!("{value:?}"));
        }
    }
}

/// Writes the summary line every [`SUMMARY_EVERY`], when there is something to say.
fn summarise_connection_errors() {
    loop {
        std::thread::sleep(SUMMARY_EVERY);
        let malformed = MALFORMED_UNLOGGED.swap(0, Ordering::Relaxed);
        let other = OTHER_UNLOGGED.swap(0, Ordering::Relaxed);
        if malformed + other > 0 {
            tracing::warn!(
                malformed,
                other,
                seconds = SUMMARY_EVERY.as_secs(),
                "connections closed by the HTTP layer: requests it could not parse, and other errors (resets, cut-off bodies)"
            );
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

/// What `RUST_LOG` lets through: a level (`warn`) or levels by target
/// (`info,actix_server=warn`), white space and empty entries ignored; `info` when it is
/// unset, empty or not understood.
fn log_filter(rust_log: Option<&str>) -> Targets {
    let entries: Vec<&str> =
        rust_log.unwrap_or_default().split(',').map(str::trim).filter(|entry| !entry.is_empty()).collect();
    let info = || Targets::new().with_default(Level::INFO);
    match entries.join(",") {
        directives if directives.is_empty() => info(),
        directives => directives.parse().unwrap_or_else(|_| info()),
    }
}

/// Installs the global subscriber. Keep the guard for as long as the program runs: when
/// it is dropped, the lines still queued are written.
pub fn init(format: LogFormat) -> WorkerGuard {
    let filter = log_filter(std::env::var("RUST_LOG").ok().as_deref());
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LINES_QUEUED)
        .finish(std::io::stderr());
    let fmt = tracing_subscriber::fmt::layer().with_writer(writer);
    let fmt: Box<dyn Layer<_> + Send + Sync> = match format {
        LogFormat::Text => Box::new(fmt.with_ansi(std::io::stderr().is_terminal())),
        LogFormat::Json => Box::new(fmt.json().flatten_event(true).with_current_span(false)),
    };
    // Fails only if a subscriber is already installed, which is fine.
    // Each layer has its own filter, so that `RUST_LOG` chooses what is written, never what
    // is counted.
    let counting = CountConnectionErrors.with_filter(Targets::new().with_target(CONNECTION_ERRORS, Level::ERROR));
    if tracing_subscriber::registry().with(counting).with(fmt.with_filter(filter)).try_init().is_ok() {
        let _ = std::thread::Builder::new().name("carevoice-log-summary".into()).spawn(summarise_connection_errors);
    }
    guard
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_log_sets_a_level_or_levels_by_target_and_info_otherwise() {
        for unset in [None, Some(""), Some(" "), Some(","), Some("no such level=x=y")] {
            let filter = log_filter(unset);
            assert!(filter.would_enable("carevoice", &Level::INFO), "{unset:?}");
            assert!(!filter.would_enable("carevoice", &Level::DEBUG), "{unset:?}");
        }
        let trailing = log_filter(Some("info, "));
        assert!(trailing.would_enable("actix_server", &Level::INFO));
        let warn = log_filter(Some("warn"));
        assert!(warn.would_enable("carevoice", &Level::WARN) && !warn.would_enable("carevoice", &Level::INFO));
        let by_target = log_filter(Some(" info , actix_server=warn "));
        assert!(by_target.would_enable("carevoice::server", &Level::INFO));
        assert!(!by_target.would_enable("actix_server::worker", &Level::INFO));
        let only = log_filter(Some("carevoice=debug"));
        assert!(only.would_enable("carevoice::server", &Level::DEBUG));
        assert!(!only.would_enable("actix_server", &Level::ERROR));
    }
}
