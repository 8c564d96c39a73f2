//! The Wyoming listener (`carevoice serve --wyoming-bind ADDR`): a TCP listener beside the
//! HTTP one that speaks the Wyoming protocol as Home Assistant and Rhasspy do, as a
//! "handle" program (a conversation agent).
//!
//! An event is a JSON header line (`type`, and optionally `data`, `data_length`,
//! `payload_length`), then `data_length` bytes of JSON merged into `data`, then
//! `payload_length` bytes of payload (unused here, and skipped). `describe` is answered
//! with `info`, `ping` with `pong`, `transcript` with `handled` (or `not-handled` when the
//! turn cannot be answered); anything else is dropped, as the protocol asks.
//!
//! Limits, so that no client harms another: a header line of at most
//! [`MAX_HEADER_BYTES`], data and payload of at most [`MAX_DATA_BYTES`] and
//! [`MAX_PAYLOAD_BYTES`]; an event must arrive whole within [`EVENT_TIMEOUT`] of its first
//! byte, and a connection that sends nothing for [`IDLE_TIMEOUT`] is closed. A malformed
//! or oversized event is answered with an `error` event and the connection closed. At
//! the connection limit ([`MAX_CONNECTIONS`] by default) the longest idle connection is closed to make room; if none is
//! idle, the new one is. On a stop it takes no new connection, lets every turn in flight
//! finish, closes idle connections, and ends within the shutdown grace.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::web;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::{Notify, watch};

use crate::label::Label;
use crate::memory::Memory;
use crate::metrics::Metrics;
use crate::platform::wyoming::{Transcript, Wyoming};
use crate::platform::{self, Platform};
use crate::sessions::Sessions;
use crate::skill::Skills;

/// The longest header line.
pub const MAX_HEADER_BYTES: usize = 8 * 1024;
/// The most bytes of an event's data.
pub const MAX_DATA_BYTES: usize = 64 * 1024;
/// The most bytes of an event's payload (audio, which this agent does not take).
pub const MAX_PAYLOAD_BYTES: usize = 64 * 1024;
/// How long an event may take to arrive, from its first byte.
pub const EVENT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may send nothing before it is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// The most connections open at once, by default.
pub const MAX_CONNECTIONS: usize = 512;
/// How long a refused client has to read the refusal before the connection closes.
const REFUSAL_LINGER: Duration = Duration::from_secs(1);
/// How long to wait after a failed accept before accepting again.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);
/// The protocol version written in each event's header: the `wyoming` package's version
/// this listener is tested with.
const PROTOCOL_VERSION: &str = "1.10.2";

/// One event, its data merged (its payload skipped).
#[derive(Debug, PartialEq)]
pub struct Event {
    /// The event's type: `describe`, `transcript`, ...
    pub kind: String,
    /// Its data.
    pub data: Map<String, Value>,
}

/// An event's header line.
#[derive(Debug, Deserialize)]
pub struct Header {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    data: Option<Map<String, Value>>,
    #[serde(default)]
    data_length: Option<usize>,
    #[serde(default)]
    payload_length: Option<usize>,
}

impl Header {
    /// How many bytes of data follow the header line.
    pub fn data_length(&self) -> usize {
        self.data_length.unwrap_or(0)
    }

    /// How many bytes of payload follow the data.
    pub fn payload_length(&self) -> usize {
        self.payload_length.unwrap_or(0)
    }
}

/// Why an event was refused.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The header line is too long.
    #[error("the header line is longer than {MAX_HEADER_BYTES} bytes")]
    HeaderTooLong,
    /// The header line is not a JSON event.
    #[error("the header line is not a JSON event: {0}")]
    Malformed(String),
    /// The data is too large.
    #[error("data_length {0} is more than {MAX_DATA_BYTES}")]
    DataTooLarge(usize),
    /// The payload is too large.
    #[error("payload_length {0} is more than {MAX_PAYLOAD_BYTES}")]
    PayloadTooLarge(usize),
    /// The data is not a JSON object.
    #[error("the event's data is not a JSON object: {0}")]
    MalformedData(String),
    /// The connection failed or closed within an event.
    #[error("connection: {0}")]
    Io(#[from] std::io::Error),
}

impl FrameError {
    /// The reason `/metrics` counts it under.
    fn reason(&self) -> &'static str {
        match self {
            FrameError::HeaderTooLong | FrameError::DataTooLarge(_) | FrameError::PayloadTooLarge(_) => "too_large",
            FrameError::Malformed(_) | FrameError::MalformedData(_) => "malformed",
            FrameError::Io(_) => "closed",
        }
    }
}

/// Reads a header line (without its newline), checking its lengths.
pub fn parse_header(line: &[u8]) -> Result<Header, FrameError> {
    let header: Header = serde_json::from_slice(line).map_err(|error| FrameError::Malformed(error.to_string()))?;
    match (header.data_length, header.payload_length) {
        (Some(length), _) if length > MAX_DATA_BYTES => Err(FrameError::DataTooLarge(length)),
        (_, Some(length)) if length > MAX_PAYLOAD_BYTES => Err(FrameError::PayloadTooLarge(length)),
        _ => Ok(header),
    }
}

/// The event of `header`, with `data` (its `data_length` bytes) merged into its data.
pub fn merge_data(header: Header, data: &[u8]) -> Result<Event, FrameError> {
    let mut merged = header.data.unwrap_or_default();
    if !data.is_empty() {
        let more: Map<String, Value> =
            serde_json::from_slice(data).map_err(|error| FrameError::MalformedData(error.to_string()))?;
        merged.extend(more);
    }
    Ok(Event { kind: header.kind, data: merged })
}

/// Reads one event; none at the end of the stream. Blank lines between events are skipped.
pub async fn read_event<R: AsyncBufRead + Unpin>(reader: &mut R) -> Result<Option<Event>, FrameError> {
    let mut line = Vec::new();
    loop {
        line.clear();
        let limit = u64::try_from(MAX_HEADER_BYTES + 1).expect("a small limit");
        let read = (&mut *reader).take(limit).read_until(b'\n', &mut line).await?;
        if read == 0 {
            return Ok(None);
        }
        if line.len() > MAX_HEADER_BYTES {
            return Err(FrameError::HeaderTooLong);
        }
        // A last line without its newline is read as the stream ends, as the package does.
        if !line.trim_ascii().is_empty() {
            break;
        }
        if line.last() != Some(&b'\n') {
            return Ok(None);
        }
    }
    let header = parse_header(line.trim_ascii())?;
    let mut data = vec![0; header.data_length()];
    reader.read_exact(&mut data).await?;
    let mut payload = vec![0; header.payload_length()];
    reader.read_exact(&mut payload).await?;
    merge_data(header, &data).map(Some)
}

/// One event, written: the header line, then the data.
fn encode(kind: &str, data: &impl Serialize) -> Vec<u8> {
    let data = serde_json::to_vec(data).expect("event data serialises");
    let header = serde_json::json!({ "type": kind, "version": PROTOCOL_VERSION, "data_length": data.len() });
    let mut event = serde_json::to_vec(&header).expect("a header serialises");
    event.push(b'\n');
    event.extend(data);
    event
}

/// The `info` event's data: one handle program, whose model speaks the skill's locales.
#[derive(Serialize)]
struct Info {
    asr: [(); 0],
    tts: [(); 0],
    handle: [HandleProgram; 1],
    intent: [(); 0],
    wake: [(); 0],
    mic: [(); 0],
    snd: [(); 0],
}

/// What `info` says of a program or a model (the package's `Artifact`).
#[derive(Serialize)]
struct Artifact {
    name: String,
    attribution: Attribution,
    installed: bool,
    description: String,
    version: &'static str,
}

#[derive(Serialize)]
struct Attribution {
    name: String,
    url: &'static str,
}

#[derive(Serialize)]
struct HandleProgram {
    #[serde(flatten)]
    artifact: Artifact,
    models: [HandleModel; 1],
    supports_handled_streaming: bool,
}

#[derive(Serialize)]
struct HandleModel {
    #[serde(flatten)]
    artifact: Artifact,
    languages: Vec<String>,
}

/// The `info` event: carevoice as a handle program.
fn info_event(skills: &Skills) -> Vec<u8> {
    let listing = &skills.default_locale().content.framing.listing;
    let mut languages: Vec<String> = skills.locales().map(str::to_owned).collect();
    for locale in skills.locales() {
        let language = locale.split('-').next().unwrap_or(locale).to_owned();
        if !languages.contains(&language) {
            languages.push(language);
        }
    }
    let artifact = |name: String| Artifact {
        name,
        attribution: Attribution { name: listing.name.clone(), url: "" },
        installed: true,
        description: listing.summary.clone(),
        version: env!("CARGO_PKG_VERSION"),
    };
    let model = HandleModel { artifact: artifact(format!("carevoice-{}", skills.version())), languages };
    let program =
        HandleProgram { artifact: artifact("carevoice".into()), models: [model], supports_handled_streaming: false };
    encode("info", &Info { asr: [], tts: [], handle: [program], intent: [], wake: [], mic: [], snd: [] })
}

/// How far a stop has gone, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stopping {
    /// Serving.
    No,
    /// No new connections; turns in flight finish, idle connections close.
    Gracefully,
    /// Every connection closes now.
    Now,
}

/// Waits until the stop has gone at least as far as `at_least` (or its sender is gone).
async fn stopped(stop: &mut watch::Receiver<Stopping>, at_least: Stopping) {
    let _ = stop.wait_for(|stopping| *stopping >= at_least).await;
}

/// Stops a running listener.
#[derive(Clone)]
pub struct WyomingStop(Arc<watch::Sender<Stopping>>);

impl WyomingStop {
    /// Takes no new connection and closes each as soon as it has no turn in flight.
    pub fn gracefully(&self) {
        self.0.send_if_modified(|stopping| {
            let changed = *stopping == Stopping::No;
            if changed {
                *stopping = Stopping::Gracefully;
            }
            changed
        });
    }

    /// Closes every connection now.
    pub fn now(&self) {
        self.0.send_replace(Stopping::Now);
    }
}

/// What every connection shares.
struct Shared {
    skills: web::Data<Skills>,
    memory: web::Data<Memory>,
    sessions: web::Data<Sessions>,
    metrics: web::Data<Metrics>,
    info: Vec<u8>,
    max_connections: usize,
    open: Mutex<Open>,
}

/// The connections open now.
#[derive(Default)]
struct Open {
    next_id: u64,
    connections: HashMap<u64, Place>,
}

/// One open connection, as the listener sees it.
struct Place {
    /// Since when it has waited for an event; none while one is in flight.
    idle_since: Option<Instant>,
    /// Wakes it to close.
    shed: Arc<Notify>,
    /// Whether it was told to close (it counts no more against the limit).
    is_shed: Arc<AtomicBool>,
}

/// How many connections a listener keeps open, and how long a stop may take.
pub struct Limits {
    /// The most connections open at once.
    pub max_connections: usize,
    /// The most time from a stop to the end.
    pub grace: Duration,
}

/// A bound Wyoming listener, serving once [`WyomingListener::serve`] is awaited.
pub struct WyomingListener {
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    stop: Arc<watch::Sender<Stopping>>,
    grace: Duration,
}

impl WyomingListener {
    /// Serves the skill on `listener`, within `limits`.
    pub(super) fn new(
        listener: std::net::TcpListener,
        skills: web::Data<Skills>,
        memory: web::Data<Memory>,
        sessions: web::Data<Sessions>,
        metrics: web::Data<Metrics>,
        limits: Limits,
    ) -> std::io::Result<WyomingListener> {
        listener.set_nonblocking(true)?;
        let info = info_event(&skills);
        let max_connections = limits.max_connections.max(1);
        let shared =
            Arc::new(Shared { skills, memory, sessions, metrics, info, max_connections, open: Mutex::default() });
        Ok(WyomingListener { listener, shared, stop: Arc::new(watch::channel(Stopping::No).0), grace: limits.grace })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// What stops it.
    pub fn stopper(&self) -> WyomingStop {
        WyomingStop(self.stop.clone())
    }

    /// Serves until stopped: accepts connections, then lets them finish.
    pub async fn serve(self) -> std::io::Result<()> {
        let listener = tokio::net::TcpListener::from_std(self.listener)?;
        let mut stop = self.stop.subscribe();
        let mut connections = tokio::task::JoinSet::new();
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let Ok((stream, _)) = accepted else {
                        // Out of descriptors, say: wait rather than spin.
                        tokio::time::sleep(ACCEPT_PAUSE).await;
                        continue;
                    };
                    match self.shared.admit() {
                        Some(slot) => {
                            connections.spawn(converse(stream, self.shared.clone(), self.stop.subscribe(), slot));
                        }
                        None => self.shared.metrics.wyoming_closed("full"),
                    }
                }
                () = stopped(&mut stop, Stopping::Gracefully) => break,
                Some(_) = connections.join_next() => {}
            }
        }
        drop(listener);
        let finished = async { while connections.join_next().await.is_some() {} };
        tokio::select! {
            () = finished => {}
            () = stopped(&mut stop, Stopping::Now) => {}
            () = tokio::time::sleep(self.grace) => {}
        }
        connections.abort_all();
        Ok(())
    }
}

impl Shared {
    /// Makes room for a new connection, closing the longest idle one at the limit; none if
    /// every connection is busy.
    fn admit(self: &Arc<Self>) -> Option<Slot> {
        let mut open = self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let being_shed = open.connections.values().filter(|place| place.is_shed.load(Ordering::Relaxed)).count();
        if open.connections.len() - being_shed >= self.max_connections {
            let longest_idle = open
                .connections
                .iter()
                .filter_map(|(id, place)| place.idle_since.map(|since| (since, *id)))
                .min()
                .map(|(_, id)| id)?;
            if let Some(shed) = open.connections.get_mut(&longest_idle) {
                shed.idle_since = None;
                shed.is_shed.store(true, Ordering::Relaxed);
                shed.shed.notify_one();
                self.metrics.wyoming_closed("shed");
            }
        }
        let id = open.next_id;
        open.next_id += 1;
        let (shed, is_shed) = (Arc::new(Notify::new()), Arc::new(AtomicBool::new(false)));
        let place = Place { idle_since: Some(Instant::now()), shed: shed.clone(), is_shed: is_shed.clone() };
        open.connections.insert(id, place);
        self.metrics.wyoming_connections(open.connections.len());
        Some(Slot { id, shed, is_shed, shared: self.clone() })
    }

    /// Marks connection `id` idle (waiting for an event; since when it first was) or busy.
    fn set_idle(&self, id: u64, idle: bool) {
        let mut open = self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(place) = open.connections.get_mut(&id).filter(|place| !place.is_shed.load(Ordering::Relaxed)) {
            place.idle_since = match idle {
                true => Some(place.idle_since.unwrap_or_else(Instant::now)),
                false => None,
            };
        }
    }

    fn closed(&self, id: u64) {
        let mut open = self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        open.connections.remove(&id);
        self.metrics.wyoming_connections(open.connections.len());
    }
}

/// Serves one connection until it closes, idles out, is shed, or the listener stops.
async fn converse(stream: TcpStream, shared: Arc<Shared>, mut stop: watch::Receiver<Stopping>, slot: Slot) {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    loop {
        // Checked before any input already waiting: a shed or stopped connection takes no
        // new event, even from a client that sends without pause.
        let stopping = *stop.borrow();
        if slot.is_shed() || stopping != Stopping::No {
            break;
        }
        shared.set_idle(slot.id, true);
        let waited = tokio::select! {
            waited = tokio::time::timeout(IDLE_TIMEOUT, reader.fill_buf()) => waited,
            () = stopped(&mut stop, Stopping::Gracefully) => break,
            () = slot.shed.notified() => break,
        };
        match waited {
            Err(_) => {
                shared.metrics.wyoming_closed("idle");
                break;
            }
            Ok(Ok([])) | Ok(Err(_)) => break,
            Ok(Ok(_)) => {}
        }
        shared.set_idle(slot.id, false);
        let event = match tokio::time::timeout(EVENT_TIMEOUT, read_event(&mut reader)).await {
            Ok(Ok(Some(event))) => event,
            Ok(Ok(None)) | Ok(Err(FrameError::Io(_))) => break,
            Ok(Err(error)) => {
                shared.metrics.wyoming_closed(error.reason());
                let refusal = encode("error", &ErrorData { text: error.to_string(), code: "bad-event" });
                refuse(&mut reader, &mut write, &refusal).await;
                break;
            }
            Err(_) => {
                shared.metrics.wyoming_closed("slow");
                let text = format!("an event must arrive whole within {} s", EVENT_TIMEOUT.as_secs());
                refuse(&mut reader, &mut write, &encode("error", &ErrorData { text, code: "slow" })).await;
                break;
            }
        };
        let reply = match event.kind.as_str() {
            "describe" => shared.info.clone(),
            "ping" => encode("pong", &serde_json::json!({ "text": event.data.get("text") })),
            "transcript" => shared.handle(event.data).await,
            // Unknown events are dropped, as the protocol asks.
            _ => continue,
        };
        // A client that does not read its replies is cut off like one that sends slowly.
        match tokio::time::timeout(EVENT_TIMEOUT, write.write_all(&reply)).await {
            Ok(Ok(())) => {}
            Ok(Err(_)) => break,
            Err(_) => {
                shared.metrics.wyoming_closed("slow");
                break;
            }
        }
    }
}

/// Writes `refusal`, closes the sending side, and reads briefly what the client still sends,
/// so that closing does not reset the connection before the refusal is read.
async fn refuse(reader: &mut BufReader<OwnedReadHalf>, write: &mut OwnedWriteHalf, refusal: &[u8]) {
    let written = async {
        write.write_all(refusal).await?;
        write.shutdown().await
    };
    if tokio::time::timeout(EVENT_TIMEOUT, written).await.is_ok() {
        let mut rest = [0; 4096];
        let drained = async { while reader.read(&mut rest).await.is_ok_and(|read| read > 0) {} };
        let _ = tokio::time::timeout(REFUSAL_LINGER, drained).await;
    }
}

/// A connection's place among those open: how it is told to close, and, when dropped (the
/// connection ended however it ended), its place given up.
struct Slot {
    id: u64,
    shed: Arc<Notify>,
    is_shed: Arc<AtomicBool>,
    shared: Arc<Shared>,
}

impl Slot {
    fn is_shed(&self) -> bool {
        self.is_shed.load(Ordering::Relaxed)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.shared.closed(self.id);
    }
}

/// The data of an `error` event.
#[derive(Serialize)]
struct ErrorData {
    text: String,
    code: &'static str,
}

/// The data of a `not-handled` event.
#[derive(Serialize)]
struct NotHandled {
    text: String,
}

impl Shared {
    /// Answers a transcript: `handled`, or `not-handled` saying why it could not be.
    async fn handle(&self, data: Map<String, Value>) -> Vec<u8> {
        let started = Instant::now();
        let transcript: Transcript = match serde_json::from_value(Value::Object(data)) {
            Ok(transcript) => transcript,
            Err(error) => return encode("not-handled", &NotHandled { text: format!("not a transcript: {error}") }),
        };
        match platform::answer::<Wyoming>(&self.skills, &self.memory, &self.sessions, transcript).await {
            Ok(answered) => {
                let latency_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
                if let Some(intent) = answered.intent {
                    self.metrics.turn(Wyoming::LABEL, intent);
                    self.metrics.wyoming_turn(started.elapsed());
                    tracing::info!(
                        platform = Label::Wyoming.as_str(),
                        latency_us,
                        intent,
                        new_session = answered.new_session,
                        "turn"
                    );
                }
                encode("handled", &answered.response)
            }
            Err(error) => {
                tracing::info!(platform = Label::Wyoming.as_str(), %error, "transcript not handled");
                encode("not-handled", &NotHandled { text: error.to_string() })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn read(bytes: &[u8]) -> Result<Option<Event>, FrameError> {
        read_event(&mut BufReader::new(bytes)).await
    }

    #[tokio::test]
    async fn data_inline_and_after_the_header_are_merged() {
        let event =
            read(b"{\"type\":\"transcript\",\"data\":{\"a\":1},\"data_length\":9}\n{\"b\":\"x\"}").await.unwrap();
        let event = event.unwrap();
        assert_eq!(event.kind, "transcript");
        assert_eq!(Value::Object(event.data), serde_json::json!({ "a": 1, "b": "x" }));
    }

    #[tokio::test]
    async fn a_payload_is_skipped_and_the_next_event_read() {
        let bytes = b"{\"type\":\"audio-chunk\",\"payload_length\":4}\nabcd\n{\"type\":\"describe\"}\n";
        let mut reader = BufReader::new(&bytes[..]);
        assert_eq!(read_event(&mut reader).await.unwrap().unwrap().kind, "audio-chunk");
        assert_eq!(read_event(&mut reader).await.unwrap().unwrap().kind, "describe");
        assert!(read_event(&mut reader).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn malformed_and_oversized_events_are_refused() {
        assert!(matches!(read(b"not json\n").await, Err(FrameError::Malformed(_))));
        assert!(matches!(read(b"{\"data\":{}}\n").await, Err(FrameError::Malformed(_))));
        let too_much = format!("{{\"type\":\"x\",\"data_length\":{}}}\n", MAX_DATA_BYTES + 1);
        assert!(matches!(read(too_much.as_bytes()).await, Err(FrameError::DataTooLarge(_))));
        let too_much = format!("{{\"type\":\"x\",\"payload_length\":{}}}\n", MAX_PAYLOAD_BYTES + 1);
        assert!(matches!(read(too_much.as_bytes()).await, Err(FrameError::PayloadTooLarge(_))));
        let long = vec![b' '; MAX_HEADER_BYTES + 2];
        assert!(matches!(read(&long).await, Err(FrameError::HeaderTooLong)));
        assert!(matches!(read(b"{\"type\":\"x\",\"data_length\":3}\n[1]").await, Err(FrameError::MalformedData(_))));
        assert!(matches!(read(b"{\"type\":\"x\",\"data_length\":30}\n{}").await, Err(FrameError::Io(_))));
    }

    #[test]
    fn what_is_written_reads_back() {
        let written = encode("handled", &serde_json::json!({ "text": "Hello?" }));
        let newline = written.iter().position(|byte| *byte == b'\n').unwrap();
        let header = parse_header(&written[..newline]).unwrap();
        assert_eq!(header.data_length(), written.len() - newline - 1);
        let event = merge_data(header, &written[newline + 1..]).unwrap();
        assert_eq!(Value::Object(event.data), serde_json::json!({ "text": "Hello?" }));
    }
}
