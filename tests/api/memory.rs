//! Remembered preferences through the real server: kept across restarts and a hard kill,
//! keyed without the user id, and never in the way of the conversation.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use carevoice::memory::{FILE_NAME, Memory, Store, StoreError, Stored, UserKey};
use carevoice::platform::simulated::{self, TurnRequest};
use serde_json::{Value, json};

use crate::helpers::{SKILL, fixture, fresh_dir, http_client, settings, spawn_app_with};

fn welcome_back() -> &'static str {
    &SKILL.content.framing.welcome_back
}

fn topic(id: &str) -> &'static carevoice::content::Topic {
    &SKILL.content.topics[SKILL.content.topic_index(id).unwrap()]
}

#[tokio::test]
async fn the_rate_and_the_resume_point_survive_a_restart() {
    let data_dir = fresh_dir("memory");
    let mut settings = settings();
    settings.data_dir = Some(data_dir.clone());

    let app = spawn_app_with(settings.clone()).await;
    let slower = app.turn(&json!({"utterance": "could you speak more slowly please", "user": "patient-7"})).await;
    assert!(slower["speech"]["ssml"].as_str().unwrap().contains(r#"<prosody rate="85%">"#), "{slower}");
    let mut session = slower["session"].clone();
    for step in [json!({"intent": "ResistanceIntent"}), json!({"utterance": "yes"})] {
        let mut request = step;
        request["session"] = session;
        request["user"] = json!("patient-7");
        session = app.turn(&request).await["session"].clone();
    }
    assert_eq!(session["position"], json!({"topic": "resistance", "part": 1}), "resistance heard to the end");
    drop(app);

    let app = spawn_app_with(settings).await;
    let back = app.turn(&json!({"intent": "LaunchRequest", "user": "patient-7"})).await;
    let text = back["speech"]["text"].as_str().unwrap();
    assert!(text.starts_with(welcome_back()), "{text}");
    assert!(text.ends_with(&topic("immune-fatigue").offer), "offered the topic after the last one heard: {text}");
    assert!(back["speech"]["ssml"].as_str().unwrap().contains(r#"<prosody rate="85%">"#), "{back}");
    assert_eq!(back["session"]["rate"], "slow");
    let yes = app.turn(&json!({"utterance": "yes", "user": "patient-7", "session": back["session"]})).await;
    assert!(yes["speech"]["text"].as_str().unwrap().contains(&topic("immune-fatigue").parts[0].text), "{yes}");

    let stranger = app.turn(&json!({"intent": "LaunchRequest", "user": "someone-else"})).await;
    assert!(stranger["speech"]["text"].as_str().unwrap().starts_with("Hello, and welcome"));
    let anonymous = app.turn(&json!({"intent": "LaunchRequest"})).await;
    assert!(anonymous["speech"]["text"].as_str().unwrap().starts_with("Hello, and welcome"));
}

#[tokio::test]
async fn alexa_users_are_remembered_by_their_user_id() {
    let data_dir = fresh_dir("memory");
    let mut settings = settings();
    settings.data_dir = Some(data_dir.clone());
    let app = spawn_app_with(settings.clone()).await;
    let faster = app.alexa(&fixture("intent_SpeakFasterIntent")).await;
    assert!(faster["response"]["outputSpeech"]["ssml"].as_str().unwrap().contains(r#"<prosody rate="115%">"#));
    drop(app);

    let app = spawn_app_with(settings).await;
    let launch = app.alexa(&fixture("launch_request")).await;
    let ssml = launch["response"]["outputSpeech"]["ssml"].as_str().unwrap();
    assert!(ssml.contains(r#"<prosody rate="115%">"#) && ssml.contains(welcome_back()), "{ssml}");
    assert_eq!(launch["response"]["card"]["type"], "Simple");
    assert!(launch["response"]["card"]["content"].as_str().unwrap().starts_with(welcome_back()));

    // The store holds a salted hash, never the id.
    let user_id = fixture("launch_request")["session"]["user"]["userId"].as_str().unwrap().to_owned();
    let database = std::fs::read(data_dir.join(FILE_NAME)).unwrap();
    let wal = std::fs::read(data_dir.join(format!("{FILE_NAME}-wal"))).unwrap_or_default();
    for bytes in [&database, &wal] {
        assert!(!bytes.windows(user_id.len()).any(|window| window == user_id.as_bytes()), "the user id is stored");
        assert!(!bytes.windows(20).any(|window| window == &user_id.as_bytes()[..20]), "part of the user id is stored");
    }
}

/// Starts `carevoice serve` on a free port with `data_dir`; returns it and its address.
fn start_server(data_dir: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_carevoice"))
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let address = line.trim().strip_prefix("carevoice listening on ").unwrap_or_else(|| panic!("{line}")).to_owned();
    (child, address)
}

async fn turn(address: &str, request: Value) -> Value {
    let response = http_client().post(format!("{address}/v1/turn")).json(&request).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_preference_survives_the_server_being_killed_right_after_it_answered() {
    let data_dir = fresh_dir("memory");
    let (mut server, address) = start_server(&data_dir);
    let slower = turn(&address, json!({"utterance": "slow down", "user": "patient-9"})).await;
    assert_eq!(slower["session"]["rate"], "slow");
    // SIGKILL: no shutdown, no flushing; only what was durable before the reply remains.
    server.kill().unwrap();
    server.wait().unwrap();

    let (mut server, address) = start_server(&data_dir);
    let back = turn(&address, json!({"intent": "LaunchRequest", "user": "patient-9"})).await;
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(back["session"]["rate"], "slow", "{back}");
    assert!(back["speech"]["text"].as_str().unwrap().starts_with(welcome_back()));
}

/// A store whose every operation fails, as a full disk or a lost database would.
struct BrokenStore;

impl Store for BrokenStore {
    fn salt(&self) -> Result<Vec<u8>, StoreError> {
        Ok(vec![7; 32])
    }
    fn load(&self, _: &UserKey) -> Result<Option<Stored>, StoreError> {
        Err(StoreError::Io(std::io::Error::other("disk gone")))
    }
    fn save(&self, _: &UserKey, _: &Stored) -> Result<(), StoreError> {
        Err(StoreError::Io(std::io::Error::other("disk full")))
    }
}

#[test]
fn a_failing_store_never_breaks_the_conversation() {
    let memory = Memory::new(Box::new(BrokenStore)).unwrap();
    let mut request = TurnRequest::intent("LaunchRequest", None);
    request.user = Some("patient-3".into());
    let launch = simulated::answer(&SKILL, &memory, request).unwrap();
    assert!(launch.speech.unwrap().text.starts_with("Hello, and welcome"));
    let mut request = TurnRequest::utterance("speak slower", Some(launch.session));
    request.user = Some("patient-3".into());
    let slower = simulated::answer(&SKILL, &memory, request).unwrap();
    assert!(slower.speech.unwrap().ssml.contains(r#"<prosody rate="85%">"#));
}
