//! The Wyoming listener: whole conversations in every locale through the `wyoming`
//! package's own client (the library Home Assistant uses), and the abuse a TCP listener
//! must survive, spoken as raw bytes.
//!
//! The client runs from a virtual environment: `python3 -m venv tests/wyoming/.venv &&
//! tests/wyoming/.venv/bin/pip install -r tests/wyoming/requirements.txt` (or
//! `CAREVOICE_WYOMING_PYTHON` names a Python that has the package). Without it the client
//! test says how to install it and passes by skipping, unless `CAREVOICE_REQUIRE_WYOMING`
//! is set (as CI sets it).

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::helpers::{SKILLS, TestApp, installed, settings, spawn_app_with};

/// A server with a Wyoming listener.
async fn spawn_wyoming(max_connections: usize) -> (TestApp, SocketAddr) {
    let mut settings = settings();
    settings.wyoming_bind = Some("127.0.0.1:0".into());
    settings.wyoming_max_connections = max_connections;
    let app = spawn_app_with(settings).await;
    let address = app.wyoming.expect("a Wyoming listener");
    (app, address)
}

/// The Python with the `wyoming` package, or none (having said how to install it).
fn wyoming_python() -> Option<PathBuf> {
    let python = std::env::var_os("CAREVOICE_WYOMING_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/wyoming/.venv/bin/python"));
    let found = Command::new(&python).args(["-c", "import wyoming"]).status().is_ok_and(|status| status.success());
    let advice = "the wyoming package is not installed: python3 -m venv tests/wyoming/.venv && \
                  tests/wyoming/.venv/bin/pip install -r tests/wyoming/requirements.txt";
    installed(found, advice, "CAREVOICE_REQUIRE_WYOMING").then_some(python)
}

/// Plays `turns` through `tests/wyoming/converse.py`, the package's own client: one reply
/// each.
fn converse(python: &PathBuf, address: SocketAddr, turns: &[Value]) -> Vec<Value> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/wyoming/converse.py");
    let mut child = Command::new(python)
        .arg(script)
        .arg(format!("tcp://{address}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for turn in turns {
        writeln!(stdin, "{turn}").unwrap();
    }
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "the client failed");
    let replies: Vec<Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(replies.len(), turns.len(), "{replies:?}");
    replies
}

#[tokio::test(flavor = "multi_thread")]
async fn a_whole_conversation_in_every_locale_through_the_wyoming_client() {
    let Some(python) = wyoming_python() else { return };
    let (app, address) = spawn_wyoming(64).await;
    let info = &converse(&python, address, &[json!({"describe": true})])[0]["info"];
    let handle = &info["handle"][0];
    assert_eq!(handle["name"], "carevoice");
    let languages = handle["models"][0]["languages"].as_array().unwrap();
    for locale in SKILLS.locales() {
        assert!(languages.contains(&json!(locale)), "{info}");
    }

    for skill in SKILLS.all() {
        let content = &skill.content;
        let locale = content.locale.as_str();
        let conversation = format!("01JH-{locale}");
        let turn = |text: &str| json!({"text": text, "language": locale, "conversation_id": conversation, "satellite_id": "bedroom"});
        let python = python.clone();
        let turns = [
            turn("hello"),
            turn("why did my immunotherapy stop working"),
            turn("yes"),
            turn("repeat that"),
            turn("slower please"),
            turn("stop"),
            json!({"text": "my wife has collapsed and she is not breathing", "language": locale,
                   "conversation_id": format!("{conversation}-danger")}),
        ];
        let replies = tokio::task::spawn_blocking(move || converse(&python, address, &turns)).await.unwrap();
        let text = |index: usize| {
            assert_eq!(replies[index]["type"], "handled", "{locale}: {}", replies[index]);
            replies[index]["text"].as_str().unwrap().to_owned()
        };
        assert!(text(0).starts_with(&content.framing.hello) && text(0).ends_with('?'), "{locale}: {}", text(0));
        assert!(text(1).contains(&content.topics[0].parts[0].text) && text(1).ends_with('?'), "{}", text(1));
        let offered = &content.topics[content.topics[0].next.unwrap()].parts[0].text;
        assert!(text(2).contains(offered), "yes takes the offer: {}", text(2));
        assert_eq!(text(3), text(2), "{locale}: repeat");
        assert!(text(4).starts_with(&content.framing.rate_fixed), "{locale}: {}", text(4));
        assert!(text(5).starts_with(&content.framing.goodbye[0]), "{locale}: {}", text(5));
        let emergency = format!("call {}", content.safety.emergency_number);
        assert!(text(6).contains(&emergency), "{locale}, danger first: {}", text(6));
    }

    let unsupported = json!({"text": "bonjour", "language": "fr-FR", "conversation_id": "01JH-fr"});
    let reply = &converse(&python, address, &[unsupported])[0];
    assert_eq!(reply["type"], "not-handled");
    assert!(reply["text"].as_str().unwrap().contains("en-GB"), "{reply}");
    let metrics = app.client.get(format!("{}/metrics", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains(r#"carevoice_turns_total{intent="EmergencyIntent",platform="wyoming"} 5"#), "{metrics}");
    assert!(metrics.contains(r#"carevoice_safety_answers_total{kind="emergency"} 5"#), "{metrics}");
    app.stop().await;
}

/// Writes `bytes` on a new connection, closes its sending side, and reads until the server
/// closes it too (within 5 s).
async fn exchange(address: SocketAddr, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    stream.shutdown().await.unwrap();
    let mut read = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut read)).await.expect("closed");
    String::from_utf8_lossy(&read).into_owned()
}

/// Reads one event (header and data) from `reader`.
async fn read_event(reader: &mut BufReader<TcpStream>) -> Value {
    let mut header = String::new();
    reader.read_line(&mut header).await.unwrap();
    let header: Value = serde_json::from_str(&header).unwrap();
    let mut data = vec![0; header["data_length"].as_u64().unwrap_or(0) as usize];
    reader.read_exact(&mut data).await.unwrap();
    json!({"type": header["type"], "data": serde_json::from_slice::<Value>(&data).unwrap_or(Value::Null)})
}

/// One transcript on a connection of its own, as Home Assistant sends it; the answer's
/// event.
pub async fn wyoming_turn(address: SocketAddr, text: &str, conversation_id: &str) -> Value {
    let mut reader = BufReader::new(TcpStream::connect(address).await.unwrap());
    reader.get_mut().write_all(&transcript(text, conversation_id)).await.unwrap();
    read_event(&mut reader).await
}

fn transcript(text: &str, conversation_id: &str) -> Vec<u8> {
    let data = json!({"text": text, "language": "en-US", "context": {"conversation_id": conversation_id}}).to_string();
    format!("{{\"type\":\"transcript\",\"data_length\":{}}}\n{data}", data.len()).into_bytes()
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_and_oversized_events_are_refused_with_an_error_and_the_connection_closed() {
    let (app, address) = spawn_wyoming(64).await;
    let malformed = exchange(address, b"this is not json\n").await;
    assert!(malformed.contains("\"error\"") && malformed.contains("not a JSON event"), "{malformed}");
    let too_large = exchange(address, b"{\"type\":\"transcript\",\"data_length\":100000000}\n").await;
    assert!(too_large.contains("\"error\"") && too_large.contains("data_length"), "{too_large}");
    let long_header = exchange(address, &vec![b'{'; carevoice::server::wyoming::MAX_HEADER_BYTES + 1]).await;
    assert!(long_header.contains("longer than"), "{long_header}");
    let not_a_transcript = exchange(address, b"{\"type\":\"transcript\",\"data\":{\"words\":\"hi\"}}\n").await;
    assert!(not_a_transcript.contains("not-handled"), "{not_a_transcript}");

    // Unknown events are dropped; several events go on one connection.
    let stream = TcpStream::connect(address).await.unwrap();
    let mut reader = BufReader::new(stream);
    let mut events =
        b"{\"type\":\"run-pipeline\",\"data\":{}}\n{\"type\":\"ping\",\"data\":{\"text\":\"t1\"}}\n".to_vec();
    events.extend(transcript("what happens next", "01JH-raw"));
    reader.get_mut().write_all(&events).await.unwrap();
    let pong = read_event(&mut reader).await;
    assert_eq!(pong, json!({"type": "pong", "data": {"text": "t1"}}));
    let handled = read_event(&mut reader).await;
    assert_eq!(handled["type"], "handled");
    assert!(handled["data"]["text"].as_str().unwrap().contains("alternative treatment options"), "{handled}");
    assert_eq!(handled["data"]["context"]["conversation_id"], "01JH-raw");

    let metrics = app.client.get(format!("{}/metrics", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains(r#"carevoice_wyoming_closed_total{reason="malformed"} 1"#), "{metrics}");
    assert!(metrics.contains(r#"carevoice_wyoming_closed_total{reason="too_large"} 2"#), "{metrics}");
    assert!(metrics.contains("carevoice_wyoming_connections_open 1"), "{metrics}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flood_of_idle_connections_sheds_the_longest_idle_and_a_slow_event_is_cut_off() {
    let (app, address) = spawn_wyoming(8).await;
    let mut idle = Vec::new();
    for _ in 0..20 {
        idle.push(TcpStream::connect(address).await.unwrap());
    }
    // A new conversation is still answered, past the idle ones.
    let answered = exchange(address, &transcript("what happens next", "01JH-flood")).await;
    assert!(answered.contains("handled") && answered.contains("alternative treatment options"), "{answered}");
    // The longest idle were closed to make room (20 idle and 1 busy at a limit of 8: 13),
    // and the most recent are still open.
    let mut open = Vec::new();
    for stream in &mut idle {
        let mut byte = [0; 1];
        let read = tokio::time::timeout(Duration::from_millis(300), stream.read(&mut byte)).await;
        open.push(!matches!(read, Ok(Ok(0)) | Ok(Err(_))));
    }
    let expected: Vec<bool> = (0..20).map(|index| index >= 13).collect();
    assert_eq!(open, expected, "closed first: the longest idle");
    let metrics = app.client.get(format!("{}/metrics", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains(r#"carevoice_wyoming_closed_total{reason="shed"} 13"#), "{metrics}");

    // Half an event, then nothing: cut off once the event's time is up.
    let mut slow = TcpStream::connect(address).await.unwrap();
    slow.write_all(b"{\"type\":\"transcript\",\"data_length\":50}\n{\"text\":").await.unwrap();
    let mut read = Vec::new();
    let waited = tokio::time::timeout(Duration::from_secs(15), slow.read_to_end(&mut read)).await;
    assert!(waited.is_ok(), "a slow event is cut off within its time");
    assert!(String::from_utf8_lossy(&read).contains("must arrive whole"), "{}", String::from_utf8_lossy(&read));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stop_lets_the_turn_in_flight_finish_and_closes_the_idle() {
    let (app, address) = spawn_wyoming(64).await;
    let mut idle = TcpStream::connect(address).await.unwrap();
    let busy = TcpStream::connect(address).await.unwrap();
    let mut busy = BufReader::new(busy);
    // A turn is half sent when the stop begins: it is answered, then the connection closes.
    let event = transcript("why did my immunotherapy stop working", "01JH-stop");
    let (first, rest) = event.split_at(event.len() / 2);
    busy.get_mut().write_all(first).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let stopping = tokio::spawn(app.stop());
    tokio::time::sleep(Duration::from_millis(300)).await;
    busy.get_mut().write_all(rest).await.unwrap();
    let handled = read_event(&mut busy).await;
    assert_eq!(handled["type"], "handled", "{handled}");
    let mut rest = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), busy.read_to_end(&mut rest)).await.unwrap().unwrap();
    let mut byte = [0; 1];
    let closed = tokio::time::timeout(Duration::from_secs(5), idle.read(&mut byte)).await.unwrap().unwrap();
    assert_eq!(closed, 0, "the idle connection is closed");
    tokio::time::timeout(Duration::from_secs(10), stopping).await.expect("stopped in time").unwrap();
}
