//! Remembered preferences through the real server: kept across restarts and a hard kill,
//! keyed without the user id, and never in the way of the conversation.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use carevoice::label::Label;
use carevoice::memory::{
    Change, DEFAULT_RETENTION, FILE_NAME, Memory, SqliteStore, Store, StoreError, Stored, UserKey,
};
use carevoice::platform;
use carevoice::platform::simulated::{Simulated, TurnRequest};
use carevoice::sessions::Sessions;
use serde_json::{Value, json};

use crate::helpers::{SKILL, SKILLS, fixture, fresh_dir, http_client, settings, spawn_app_with};

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
    app.stop().await;

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
    app.stop().await;

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

#[tokio::test]
async fn where_someone_left_off_is_offered_in_their_next_session() {
    let mut settings = settings();
    settings.data_dir = Some(fresh_dir("memory"));
    let app = spawn_app_with(settings).await;
    let heard = app.turn(&json!({"intent": "AutoimmunityIntent", "user": "patient-11"})).await;
    assert_eq!(heard["session"]["position"], json!({"topic": "immune-fatigue", "part": 1}));
    // A new session of the same person, before or after the change reaches the store.
    let back = app.turn(&json!({"intent": "LaunchRequest", "user": "patient-11"})).await;
    let text = back["speech"]["text"].as_str().unwrap();
    assert!(text.starts_with(welcome_back()), "{text}");
    assert!(text.ends_with(&topic("other-factors").offer), "the topic after the one heard: {text}");
}

#[tokio::test]
async fn where_someone_left_off_reaches_the_store_soon_without_a_shutdown() {
    let data_dir = fresh_dir("memory");
    let mut settings = settings();
    settings.data_dir = Some(data_dir.clone());
    let app = spawn_app_with(settings).await;
    app.turn(&json!({"intent": "ResistanceIntent", "user": "patient-12"})).await;
    tokio::time::sleep(carevoice::memory::GATHER * 5).await;
    // Another process on the same database sees it.
    let memory = Memory::open(&data_dir).unwrap();
    let user = memory.user_key(carevoice::label::Label::Simulated, "patient-12").unwrap();
    let remembered = memory.recall(&SKILL.content, &user, false).await.expect("kept");
    assert_eq!(remembered.resume, SKILL.content.topic_index("resistance"), "the unfinished topic");
    let unknown = memory.user_key(carevoice::label::Label::Simulated, "patient-13").unwrap();
    assert!(memory.recall(&SKILL.content, &unknown, false).await.is_none());
    drop(app);
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
    fn save(&self, _: &HashMap<UserKey, Change>) -> Result<(), StoreError> {
        Err(StoreError::Io(std::io::Error::other("disk full")))
    }
    fn expire(&self, _: SystemTime, _: usize) -> Result<usize, StoreError> {
        Err(StoreError::Io(std::io::Error::other("disk gone")))
    }
    fn forget(&self, _: &[UserKey]) -> Result<usize, StoreError> {
        Err(StoreError::Io(std::io::Error::other("disk gone")))
    }
}

#[tokio::test]
async fn a_failing_store_never_breaks_the_conversation() {
    let memory = Memory::new(Box::new(BrokenStore), DEFAULT_RETENTION).unwrap();
    let mut request = TurnRequest::intent("LaunchRequest", None);
    request.user = Some("patient-3".into());
    let launch =
        platform::answer::<Simulated>(&SKILLS, &memory, &Sessions::in_process(), request).await.unwrap().response;
    assert!(launch.speech.unwrap().text.starts_with("Hello, and welcome"));
    let session = serde_json::value::to_raw_value(&launch.session).unwrap();
    let mut request = TurnRequest::utterance("speak slower", Some(session));
    request.user = Some("patient-3".into());
    let slower =
        platform::answer::<Simulated>(&SKILLS, &memory, &Sessions::in_process(), request).await.unwrap().response;
    assert!(slower.speech.unwrap().ssml_document().contains(r#"<prosody rate="85%">"#));
}

/// Simulated turns of one person, each continuing the session of the one before.
async fn converse(memory: &Memory, user: &str, steps: &[Value]) -> Vec<Value> {
    let mut session: Option<Value> = None;
    let mut replies = Vec::new();
    for step in steps {
        let mut request: TurnRequest = serde_json::from_value(step.clone()).unwrap();
        request.user = Some(user.to_owned());
        request.session = session.map(|session| serde_json::value::to_raw_value(&session).unwrap());
        let reply = serde_json::to_value(
            platform::answer::<Simulated>(&SKILLS, memory, &Sessions::in_process(), request).await.unwrap().response,
        )
        .unwrap();
        session = Some(reply["session"].clone());
        replies.push(reply);
    }
    replies
}

#[tokio::test]
async fn a_speed_change_after_welcome_back_keeps_where_someone_left_off() {
    let memory = Memory::open(&fresh_dir("memory")).unwrap();
    converse(&memory, "patient-21", &[json!({"intent": "AutoimmunityIntent"})]).await;
    // A new session: welcome back, then only a change of speed.
    let replies =
        converse(&memory, "patient-21", &[json!({"intent": "LaunchRequest"}), json!({"utterance": "slower please"})])
            .await;
    assert!(replies[0]["speech"]["text"].as_str().unwrap().starts_with(welcome_back()));
    let back = converse(&memory, "patient-21", &[json!({"intent": "LaunchRequest"})]).await;
    let text = back[0]["speech"]["text"].as_str().unwrap();
    assert!(text.ends_with(&topic("other-factors").offer), "the resume point is still there: {text}");
    assert_eq!(back[0]["session"]["rate"], "slow");
}

#[tokio::test]
async fn a_session_whose_state_was_lost_starts_from_what_is_remembered() {
    let memory = Memory::open(&fresh_dir("memory")).unwrap();
    converse(&memory, "patient-22", &[json!({"utterance": "please talk slower"})]).await;
    // A turn of a session under way whose state did not come back: still the chosen
    // speed, and a later change of topic does not reset it.
    let replies = converse(
        &memory,
        "patient-22",
        &[json!({"intent": "ResistanceIntent", "session": {"version": 99}}), json!({"intent": "OutlookIntent"})],
    )
    .await;
    assert_eq!(replies[0]["session"]["rate"], "slow", "{}", replies[0]);
    let back = converse(&memory, "patient-22", &[json!({"intent": "LaunchRequest"})]).await;
    assert_eq!(back[0]["session"]["rate"], "slow");
}

#[tokio::test]
async fn a_conversation_whose_state_never_comes_back_still_keeps_its_speed() {
    let memory = Memory::open(&fresh_dir("memory")).unwrap();
    // Every turn carries a session state this skill cannot read, as a platform that loses
    // it would: each recalls the person, the later ones from what was read a moment ago.
    let turn = |request: Value| {
        let mut request: TurnRequest = serde_json::from_value(request).unwrap();
        request.user = Some("patient-23".into());
        request.session = Some(serde_json::value::to_raw_value(&json!({"version": 99})).unwrap());
        async {
            serde_json::to_value(
                platform::answer::<Simulated>(&SKILLS, &memory, &Sessions::in_process(), request)
                    .await
                    .unwrap()
                    .response,
            )
            .unwrap()
        }
    };
    assert_eq!(turn(json!({"intent": "ResistanceIntent"})).await["session"]["rate"], "normal");
    assert_eq!(turn(json!({"utterance": "please talk slower"})).await["session"]["rate"], "slow");
    let later = turn(json!({"intent": "OutlookIntent"})).await;
    assert_eq!(later["session"]["rate"], "slow", "what was read a moment ago follows what was written: {later}");
}

/// A store that fails its first `failures` saves, panicking on the first, then works.
struct FlakyStore {
    failures: AtomicUsize,
    kept: Arc<Mutex<HashMap<UserKey, Change>>>,
}

impl Store for FlakyStore {
    fn salt(&self) -> Result<Vec<u8>, StoreError> {
        Ok(vec![9; 32])
    }
    fn load(&self, _: &UserKey) -> Result<Option<Stored>, StoreError> {
        Ok(None)
    }
    fn save(&self, changes: &HashMap<UserKey, Change>) -> Result<(), StoreError> {
        match self.failures.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| left.checked_sub(1)) {
            Ok(3) => panic!("the store's driver panicked"),
            Ok(_) => Err(StoreError::Io(std::io::Error::other("disk full, for now"))),
            Err(_) => {
                self.kept.lock().unwrap().extend(changes.iter().map(|(user, change)| (user.clone(), change.clone())));
                Ok(())
            }
        }
    }
    fn expire(&self, _: SystemTime, _: usize) -> Result<usize, StoreError> {
        Ok(0)
    }
    fn forget(&self, users: &[UserKey]) -> Result<usize, StoreError> {
        let mut kept = self.kept.lock().unwrap();
        Ok(users.iter().filter(|user| kept.remove(user).is_some()).count())
    }
}

#[tokio::test]
async fn changes_a_failing_store_refused_are_kept_once_it_recovers() {
    let kept = Arc::new(Mutex::new(HashMap::new()));
    let memory =
        Memory::new(Box::new(FlakyStore { failures: AtomicUsize::new(3), kept: kept.clone() }), DEFAULT_RETENTION)
            .unwrap();
    // The first save panics: the turn is still answered, and does not hang.
    let replies = tokio::time::timeout(
        Duration::from_secs(10),
        converse(&memory, "patient-23", &[json!({"utterance": "slow down"}), json!({"intent": "ResistanceIntent"})]),
    )
    .await
    .expect("no turn waits for ever on a failing store");
    assert_eq!(replies[1]["session"]["rate"], "slow");
    // Tried again after pauses of 0.2, 0.4 and 0.8 seconds.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let user = memory.user_key(Label::Simulated, "patient-23").unwrap();
    let change = kept.lock().unwrap().get(&user).cloned().expect("kept once the store recovered");
    assert_eq!(change.rate.as_deref(), Some("slow"));
    assert_eq!(change.resume_topic, Some(Some("resistance".to_owned())));
}

#[tokio::test]
async fn the_sqlite_store_changes_only_what_a_change_sets() {
    let store = SqliteStore::open(&fresh_dir("memory")).unwrap();
    let user = Memory::open(&fresh_dir("memory")).unwrap().user_key(Label::Simulated, "patient-24").unwrap();
    let save = |change: Change| store.save(&HashMap::from([(user.clone(), change)])).unwrap();
    save(Change { rate: None, resume_topic: Some(Some("resistance".into())) });
    assert_eq!(
        store.load(&user).unwrap(),
        Some(Stored { rate: "normal".into(), resume_topic: Some("resistance".into()) })
    );
    save(Change { rate: Some("slowest".into()), resume_topic: None });
    assert_eq!(
        store.load(&user).unwrap(),
        Some(Stored { rate: "slowest".into(), resume_topic: Some("resistance".into()) })
    );
    save(Change { rate: None, resume_topic: Some(None) });
    assert_eq!(store.load(&user).unwrap(), Some(Stored { rate: "slowest".into(), resume_topic: None }));
}

#[tokio::test]
async fn an_empty_user_id_is_nobody() {
    let memory = Memory::open(&fresh_dir("memory")).unwrap();
    converse(&memory, "", &[json!({"utterance": "slower please"})]).await;
    let launch = converse(&memory, "", &[json!({"intent": "LaunchRequest"})]).await;
    assert!(launch[0]["speech"]["text"].as_str().unwrap().starts_with("Hello, and welcome"), "{}", launch[0]);
    assert_eq!(launch[0]["session"]["rate"], "normal");
}

/// Two people's preferences kept in `store`, one saved about two seconds before the other
/// (`updated_at` counts whole seconds); returns their keys and a moment between the two.
fn kept_two_seconds_apart(store: &dyn Store, memory: &Memory) -> (UserKey, UserKey, SystemTime) {
    let earlier = memory.user_key(Label::Simulated, "patient-earlier").unwrap();
    let later = memory.user_key(Label::Simulated, "patient-later").unwrap();
    let slow = || Change { rate: Some("slow".into()), resume_topic: None };
    store.save(&HashMap::from([(earlier.clone(), slow())])).unwrap();
    std::thread::sleep(Duration::from_millis(1_100));
    let between = SystemTime::now();
    std::thread::sleep(Duration::from_millis(1_100));
    store.save(&HashMap::from([(later.clone(), slow())])).unwrap();
    (earlier, later, between)
}

#[tokio::test]
async fn the_sqlite_store_expires_what_was_unused_since_a_moment_a_batch_at_a_time_and_forgets_on_request() {
    let dir = fresh_dir("memory");
    let store = SqliteStore::open(&dir).unwrap();
    let memory = Memory::open(&dir).unwrap();
    let (earlier, later, between) = kept_two_seconds_apart(&store, &memory);
    let third = memory.user_key(Label::Alexa, "patient-earlier").unwrap();
    store.save(&HashMap::from([(third.clone(), Change { rate: Some("fast".into()), resume_topic: None })])).unwrap();
    assert_eq!(store.expire(between, 10).unwrap(), 1);
    assert_eq!(store.load(&earlier).unwrap(), None);
    assert!(store.load(&later).unwrap().is_some());
    // A batch removes at most what it is allowed to.
    let future = SystemTime::now() + Duration::from_secs(5);
    assert_eq!(store.expire(future, 1).unwrap(), 1);
    assert_eq!(store.expire(future, 1).unwrap(), 1);
    assert_eq!(store.expire(future, 1).unwrap(), 0);

    store.save(&HashMap::from([(later.clone(), Change { rate: Some("slow".into()), resume_topic: None })])).unwrap();
    assert_eq!(store.forget(std::slice::from_ref(&earlier)).unwrap(), 0, "nothing kept of them");
    assert_eq!(store.forget(&[earlier, later.clone()]).unwrap(), 1);
    assert_eq!(store.load(&later).unwrap(), None);
}

#[tokio::test]
async fn a_memory_removes_preferences_unused_for_its_retention_when_it_starts() {
    let dir = fresh_dir("memory");
    let store = SqliteStore::open(&dir).unwrap();
    let user = Memory::open(&dir).unwrap().user_key(Label::Simulated, "patient-31").unwrap();
    store.save(&HashMap::from([(user.clone(), Change { rate: Some("slowest".into()), resume_topic: None })])).unwrap();
    std::thread::sleep(Duration::from_millis(2_100));
    let _memory = Memory::new(Box::new(SqliteStore::open(&dir).unwrap()), Duration::from_secs(1)).unwrap();
    let started = std::time::Instant::now();
    while store.load(&user).unwrap().is_some() {
        assert!(started.elapsed() < Duration::from_secs(10), "unused preferences were not removed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn recalling_preferences_marks_them_used_and_nothing_is_kept_for_someone_new() {
    let dir = fresh_dir("memory");
    let store = SqliteStore::open(&dir).unwrap();
    let memory = Memory::open(&dir).unwrap();
    let (earlier, _, between) = kept_two_seconds_apart(&store, &memory);
    // A new session of the earlier person reads their preferences: used now.
    let launch = converse(&memory, "patient-earlier", &[json!({"intent": "LaunchRequest"})]).await;
    assert_eq!(launch[0]["session"]["rate"], "slow", "{}", launch[0]);
    // Someone with nothing kept is read too, and stays without.
    converse(&memory, "patient-new", &[json!({"intent": "LaunchRequest"})]).await;
    memory.flush().await;
    let new = memory.user_key(Label::Simulated, "patient-new").unwrap();
    assert_eq!(store.load(&new).unwrap(), None);
    assert_eq!(store.expire(between, 10).unwrap(), 0, "the recall marked them used");
    assert!(store.load(&earlier).unwrap().is_some());
}

#[tokio::test]
async fn carevoice_forget_erases_one_persons_preferences_and_no_one_elses() {
    let data_dir = fresh_dir("memory");
    let (mut server, address) = start_server(&data_dir);
    for person in ["patient-to-forget", "patient-to-keep"] {
        let launch = turn(&address, json!({"intent": "LaunchRequest", "user": person})).await;
        turn(&address, json!({"utterance": "slower please", "user": person, "session": launch["session"]})).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();

    let forget = |platform: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_carevoice"))
            .args(["forget", "--user", "patient-to-forget", "--platform", platform, "--data-dir"])
            .arg(&data_dir)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    assert!(forget("alexa").starts_with("nothing was remembered"), "kept only for the simulated API");
    assert!(forget("simulated").starts_with("forgot this person's preferences on 1 platform"));
    let every = Command::new(env!("CARGO_BIN_EXE_carevoice"))
        .args(["forget", "--user", "patient-to-forget", "--data-dir"])
        .arg(&data_dir)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&every.stdout).starts_with("nothing was remembered"));
    let unknown = Command::new(env!("CARGO_BIN_EXE_carevoice"))
        .args(["forget", "--user", "patient-to-forget", "--platform", "fax"])
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("is not a platform: alexa, dialogflow-es"));

    let (mut server, address) = start_server(&data_dir);
    let forgotten = turn(&address, json!({"intent": "LaunchRequest", "user": "patient-to-forget"})).await;
    let kept = turn(&address, json!({"intent": "LaunchRequest", "user": "patient-to-keep"})).await;
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(forgotten["session"]["rate"], "normal", "{forgotten}");
    assert!(forgotten["speech"]["text"].as_str().unwrap().starts_with("Hello, and welcome"));
    assert_eq!(kept["session"]["rate"], "slow", "{kept}");
}
