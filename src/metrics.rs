//! Prometheus metrics: what operators watch, in the text exposition format at
//! `GET /metrics`. Labels are names this program chose or the model knows (routes,
//! platforms, intents, checks), never what anyone said or who they are.
//!
//! Each server has its own [`Metrics`] (a registry of its own), so several servers in one
//! process (the tests) count apart.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};

use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry};

use crate::dialog::BuiltIn;
use crate::label::Label;
use crate::memory::{Change, Store, StoreError, Stored, UserKey};

/// Latency buckets, in seconds: from 100 µs (a turn) to 10 s (a platform's patience).
const LATENCY_BUCKETS: &[f64] =
    &[0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 10.0];

/// The server's counters and histograms.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    request_seconds: HistogramVec,
    turns: IntCounterVec,
    safety_answers: IntCounterVec,
    alexa_refused: IntCounterVec,
    dialogflow_refused: IntCounter,
    store_seconds: HistogramVec,
    store_errors: IntCounterVec,
    connections_open: IntGauge,
    connections_shed: IntCounter,
    malformed: IntCounter,
    wyoming_open: IntGauge,
    wyoming_closed: IntCounterVec,
    wyoming_turn_seconds: HistogramVec,
}

impl Metrics {
    /// The metrics of a server running `version` of the content (a digest of its files).
    pub fn new(content_version: &str) -> Metrics {
        let registry = Registry::new_custom(Some("carevoice".into()), None).expect("a valid prefix");
        let counter = |name: &str, help: &str, labels: &[&str]| {
            let counter = IntCounterVec::new(Opts::new(name, help), labels).expect("a valid counter");
            registry.register(Box::new(counter.clone())).expect("registered once");
            counter
        };
        let histogram = |name: &str, help: &str, labels: &[&str]| {
            let opts = HistogramOpts::new(name, help).buckets(LATENCY_BUCKETS.to_vec());
            let histogram = HistogramVec::new(opts, labels).expect("a valid histogram");
            registry.register(Box::new(histogram.clone())).expect("registered once");
            histogram
        };
        let build = counter("build_info", "The running build and content: always 1.", &["version", "content"]);
        build.with_label_values(&[env!("CARGO_PKG_VERSION"), content_version]).inc();
        let dialogflow_refused = IntCounter::new(
            "dialogflow_auth_failures_total",
            "Webhook requests (Dialogflow, Home Assistant) refused for missing or wrong credentials.",
        )
        .expect("a valid counter");
        registry.register(Box::new(dialogflow_refused.clone())).expect("registered once");
        let connections_open = IntGauge::new("connections_open", "Client connections open now.").expect("a gauge");
        registry.register(Box::new(connections_open.clone())).expect("registered once");
        let connections_shed = IntCounter::new(
            "connections_shed_total",
            "Idle connections closed because the server neared its connection limit.",
        )
        .expect("a valid counter");
        registry.register(Box::new(connections_shed.clone())).expect("registered once");
        let malformed = IntCounter::new(
            "malformed_requests_total",
            "Requests refused as malformed (a bad request line or header, or headers too large).",
        )
        .expect("a valid counter");
        registry.register(Box::new(malformed.clone())).expect("registered once");
        let wyoming_open = IntGauge::new("wyoming_connections_open", "Wyoming connections open now.").expect("a gauge");
        registry.register(Box::new(wyoming_open.clone())).expect("registered once");
        Metrics {
            wyoming_open,
            wyoming_closed: counter(
                "wyoming_closed_total",
                "Wyoming connections the listener closed, by reason: malformed, too_large, slow, idle, shed, full.",
                &["reason"],
            ),
            wyoming_turn_seconds: histogram(
                "wyoming_turn_duration_seconds",
                "Time from a Wyoming transcript's arrival to its answer.",
                &[],
            ),
            requests: counter(
                "http_requests_total",
                "HTTP requests answered, by route and status.",
                &["route", "status"],
            ),
            request_seconds: histogram(
                "http_request_duration_seconds",
                "Time from a request's arrival to its response, by route.",
                &["route"],
            ),
            turns: counter(
                "turns_total",
                "Turns answered, by platform and the intent understood.",
                &["platform", "intent"],
            ),
            safety_answers: counter(
                "safety_answers_total",
                "Answers that give the emergency number and end the session, by kind: emergency, crisis, abuse, assault.",
                &["kind"],
            ),
            alexa_refused: counter(
                "alexa_verification_failures_total",
                "Alexa requests refused, by the check that failed.",
                &["check"],
            ),
            dialogflow_refused,
            connections_open,
            connections_shed,
            malformed,
            store_seconds: histogram(
                "store_operation_duration_seconds",
                "Preference store operations (the count is the number of operations), by operation.",
                &["operation"],
            ),
            store_errors: counter(
                "store_errors_total",
                "Preference store operations that failed, by operation.",
                &["operation"],
            ),
            registry,
        }
    }

    /// Counts a response on `route` (a route pattern, never a raw path) with `status`
    /// (its three digits).
    pub fn request(&self, route: &str, status: &str, elapsed: Duration) {
        self.requests.with_label_values(&[route, status]).inc();
        self.request_seconds.with_label_values(&[route]).observe(elapsed.as_secs_f64());
    }

    /// Counts a turn of `platform` understood as `intent` (a name the model knows), and
    /// the safety answer it gave, if it gave one.
    pub fn turn(&self, platform: Label, intent: &str) {
        self.turns.with_label_values(&[platform.as_str(), intent]).inc();
        let safety = match BuiltIn::from_name(intent) {
            Some(BuiltIn::Emergency) => "emergency",
            Some(BuiltIn::Crisis) => "crisis",
            Some(BuiltIn::Abuse) => "abuse",
            Some(BuiltIn::SexualAssault) => "assault",
            _ => return,
        };
        self.safety_answers.with_label_values(&[safety]).inc();
    }

    /// Counts an Alexa request refused by `check`.
    pub fn alexa_refused(&self, check: &str) {
        self.alexa_refused.with_label_values(&[check]).inc();
    }

    /// Counts a Dialogflow request refused for its credentials.
    pub fn dialogflow_refused(&self) {
        self.dialogflow_refused.inc();
    }

    /// Sets the connections open now, and how many have been shed since start.
    pub fn connections(&self, open: usize, shed: u64) {
        self.connections_open.set(i64::try_from(open).unwrap_or(i64::MAX));
        self.connections_shed.inc_by(shed.saturating_sub(self.connections_shed.get()));
    }

    /// Sets how many requests have been refused as malformed since start.
    pub fn malformed(&self, refused: u64) {
        self.malformed.inc_by(refused.saturating_sub(self.malformed.get()));
    }

    /// Sets the Wyoming connections open now.
    pub fn wyoming_connections(&self, open: usize) {
        self.wyoming_open.set(i64::try_from(open).unwrap_or(i64::MAX));
    }

    /// Counts a Wyoming connection the listener closed, for `reason`.
    pub fn wyoming_closed(&self, reason: &str) {
        self.wyoming_closed.with_label_values(&[reason]).inc();
    }

    /// Times a Wyoming turn.
    pub fn wyoming_turn(&self, elapsed: Duration) {
        self.wyoming_turn_seconds.with_label_values::<&str>(&[]).observe(elapsed.as_secs_f64());
    }

    /// `store` with every operation timed and its failures counted here.
    pub fn measure_store(self: &std::sync::Arc<Self>, store: Box<dyn Store>) -> Box<dyn Store> {
        Box::new(MeasuredStore { store, metrics: self.clone() })
    }

    /// Everything, in the text exposition format.
    pub fn render(&self) -> String {
        let mut text = Vec::new();
        prometheus::TextEncoder::new().encode(&self.registry.gather(), &mut text).expect("text encoding");
        String::from_utf8(text).expect("the text format is UTF-8")
    }

    fn store_operation<T>(
        &self,
        operation: &str,
        run: impl FnOnce() -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let started = Instant::now();
        let result = run();
        self.store_seconds.with_label_values(&[operation]).observe(started.elapsed().as_secs_f64());
        if result.is_err() {
            self.store_errors.with_label_values(&[operation]).inc();
        }
        result
    }
}

/// A store whose operations are measured.
struct MeasuredStore {
    store: Box<dyn Store>,
    metrics: std::sync::Arc<Metrics>,
}

impl Store for MeasuredStore {
    fn salt(&self) -> Result<Vec<u8>, StoreError> {
        self.metrics.store_operation("salt", || self.store.salt())
    }

    fn load(&self, user: &UserKey) -> Result<Option<Stored>, StoreError> {
        self.metrics.store_operation("load", || self.store.load(user))
    }

    fn save(&self, changes: &HashMap<UserKey, Change>) -> Result<(), StoreError> {
        self.metrics.store_operation("save", || self.store.save(changes))
    }

    fn expire(&self, cutoff: SystemTime, at_most: usize) -> Result<usize, StoreError> {
        self.metrics.store_operation("expire", || self.store.expire(cutoff, at_most))
    }

    fn forget(&self, users: &[UserKey]) -> Result<usize, StoreError> {
        self.metrics.store_operation("forget", || self.store.forget(users))
    }
}
