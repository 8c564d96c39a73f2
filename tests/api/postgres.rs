//! Several replicas on one PostgreSQL: a throwaway cluster started by the test itself from
//! the PostgreSQL installed on the machine (Debian: `apt-get install postgresql`).
//!
//! Without PostgreSQL the test says how to install it and passes by skipping, unless
//! `CAREVOICE_REQUIRE_POSTGRES` is set (as CI sets it), when it fails
//! ([`crate::helpers::installed`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use carevoice::label::Label;
use carevoice::memory::{Change, DEFAULT_RETENTION, Memory, OPERATION_TIMEOUT, PostgresStore, SessionStore, Store};
use carevoice::platform;
use carevoice::platform::simulated::{Simulated, TurnRequest};
use carevoice::sessions::Sessions;
use serde_json::{Value, json};

use crate::helpers::{SKILL, SKILLS, TestApp, installed, settings, spawn_app_with};
use crate::wyoming::wyoming_turn;

/// A PostgreSQL cluster of the test's own, on a free port of 127.0.0.1.
struct Postgres {
    server: Child,
    port: u16,
    dir: PathBuf,
}

/// A PostgreSQL program: on the `PATH`, else in Debian's `/usr/lib/postgresql/<version>/bin`.
fn program(name: &str) -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .map(|dir| dir.join(name));
    let debian = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|version| version.path().join("bin").join(name));
    let mut debian: Vec<PathBuf> = debian.collect();
    debian.sort();
    on_path.chain(debian.into_iter().rev()).find(|path| path.is_file())
}

/// The command, run as the `postgres` user when the test runs as root (PostgreSQL refuses
/// to run as root).
fn as_owner(program: &Path, data: &Path) -> Command {
    let root = Command::new("id").arg("-u").output().is_ok_and(|output| output.stdout.starts_with(b"0\n"));
    if root {
        let chown = Command::new("chown").args(["-R", "postgres:postgres"]).arg(data).status().unwrap();
        assert!(chown.success(), "chown of the cluster's directory");
        let mut command = Command::new("setpriv");
        command.args(["--reuid=postgres", "--regid=postgres", "--init-groups", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

impl Postgres {
    /// Starts a fresh cluster, or says why it cannot.
    fn start() -> Option<Postgres> {
        let advice = "PostgreSQL is not installed: install it (Debian: apt-get install postgresql) to run this test";
        let (Some(initdb), Some(postgres)) = (program("initdb"), program("postgres")) else {
            installed(false, advice, "CAREVOICE_REQUIRE_POSTGRES");
            return None;
        };
        // Under the system's temporary directory, which the postgres user can reach.
        static CLUSTERS: AtomicUsize = AtomicUsize::new(0);
        let cluster = CLUSTERS.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("carevoice-postgres-{}-{cluster}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let initialised = as_owner(&initdb, &dir)
            .args(["--auth=trust", "--username=carevoice", "--encoding=UTF8", "--no-sync", "-D"])
            .arg(dir.join("data"))
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(initialised.success(), "initdb");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let server = as_owner(&postgres, &dir)
            .arg("-D")
            .arg(dir.join("data"))
            .args(["-p", &port.to_string(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-k"])
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let postgres = Postgres { server, port, dir };
        let started = Instant::now();
        while PostgresStore::open(&postgres.url()).is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "PostgreSQL did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(postgres)
    }

    fn url(&self) -> String {
        format!("postgres://carevoice@127.0.0.1:{}/postgres", self.port)
    }

    /// Stops the server (a fast shutdown), and waits until it has.
    fn stop(&mut self) {
        let _ = Command::new("kill").args(["-INT", &self.server.id().to_string()]).status();
        let _ = self.server.wait();
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn replica(url: &str) -> TestApp {
    let mut settings = settings();
    settings.data_dir = None;
    settings.store_url = Some(url.to_owned().into());
    spawn_app_with(settings).await
}

fn ssml(reply: &Value) -> &str {
    reply["speech"]["ssml"].as_str().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn replicas_share_preferences_and_keep_answering_when_postgres_stops() {
    let Some(mut postgres) = Postgres::start() else { return };
    let (one, two) = (replica(&postgres.url()).await, replica(&postgres.url()).await);
    let person = "patient-on-two-replicas";

    // The speed is changed through one replica...
    let launch = one.turn(&json!({"intent": "LaunchRequest", "user": person})).await;
    let request = json!({"utterance": "please talk more slowly", "user": person, "session": launch["session"]});
    let slower = one.turn(&request).await;
    assert!(ssml(&slower).contains(r#"<prosody rate="85%">"#), "{slower}");
    // ...and heard from the other, in a new session.
    let back = two.turn(&json!({"intent": "LaunchRequest", "user": person})).await;
    assert!(back["speech"]["text"].as_str().unwrap().starts_with(&SKILL.content.framing.welcome_back), "{back}");
    assert!(ssml(&back).contains(r#"<prosody rate="85%">"#), "{back}");

    // With the database gone, both still answer, without memory, within a platform's patience.
    postgres.stop();
    for app in [&one, &two] {
        let started = Instant::now();
        let answer = app.turn(&json!({"intent": "LaunchRequest", "user": person})).await;
        assert!(answer["speech"]["text"].as_str().unwrap().starts_with("Hello, and welcome"), "{answer}");
        let request = json!({"utterance": "speak faster", "user": person, "session": answer["session"]});
        let faster = app.turn(&request).await;
        assert!(!faster["speech"]["text"].as_str().unwrap().is_empty());
        assert!(started.elapsed() < 2 * OPERATION_TIMEOUT + Duration::from_secs(1), "{:?}", started.elapsed());
    }
    let metrics = one.client.get(format!("{}/metrics", one.address)).send().await.unwrap().text().await.unwrap();
    assert!(metrics.lines().any(|line| line.starts_with("carevoice_store_errors_total") && !line.ends_with(" 0")));
    one.stop().await;
    two.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wyoming_conversation_goes_on_through_another_replica() {
    let Some(postgres) = Postgres::start() else { return };
    let replica = |url: String| async move {
        let mut settings = settings();
        settings.data_dir = None;
        settings.store_url = Some(url.into());
        settings.wyoming_bind = Some("127.0.0.1:0".into());
        spawn_app_with(settings).await
    };
    let (one, two) = (replica(postgres.url()).await, replica(postgres.url()).await);
    let (one_address, two_address) = (one.wyoming.unwrap(), two.wyoming.unwrap());
    let topic = wyoming_turn(one_address, "why did my immunotherapy stop working", "01JH-replicas").await;
    assert!(topic["data"]["text"].as_str().unwrap().contains("no longer being effectively targeted"), "{topic}");
    // The next turn reaches the other replica, which carries on where the first left off.
    let yes = wyoming_turn(two_address, "yes", "01JH-replicas").await;
    assert!(yes["data"]["text"].as_str().unwrap().contains("develop resistance"), "{yes}");
    let repeat = wyoming_turn(one_address, "repeat", "01JH-replicas").await;
    assert_eq!(repeat["data"]["text"], yes["data"]["text"]);
    // Once it ends, neither replica goes on with it.
    wyoming_turn(two_address, "stop", "01JH-replicas").await;
    let after = wyoming_turn(one_address, "yes", "01JH-replicas").await;
    assert!(!after["data"]["text"].as_str().unwrap().contains("develop resistance"), "{after}");
    let store = PostgresStore::open(&postgres.url()).unwrap();
    assert_eq!(store.expire_sessions(Duration::ZERO).unwrap(), 1, "the one conversation still going: the last yes");
    one.stop().await;
    two.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_expires_unused_preferences_marks_recalled_ones_used_and_forgets_on_request() {
    let Some(postgres) = Postgres::start() else { return };
    let url = postgres.url();
    let store = PostgresStore::open(&url).unwrap();
    let memory = Memory::new(Box::new(PostgresStore::open(&url).unwrap()), DEFAULT_RETENTION).unwrap();
    let key = |user: &str| memory.user_key(Label::Simulated, user).unwrap();
    let slow = || Change { rate: Some("slow".into()), resume_topic: None };
    for user in ["patient-pg-old", "patient-pg-recalled"] {
        store.save(&HashMap::from([(key(user), slow())])).unwrap();
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let between = SystemTime::now();
    tokio::time::sleep(Duration::from_millis(300)).await;
    store.save(&HashMap::from([(key("patient-pg-new"), slow())])).unwrap();
    // A new session reads the recalled person's preferences, which marks them used.
    let mut request = TurnRequest::intent("LaunchRequest", None);
    request.user = Some("patient-pg-recalled".into());
    let launch =
        platform::answer::<Simulated>(&SKILLS, &memory, &Sessions::in_process(), request).await.unwrap().response;
    assert_eq!(launch.session.rate, "slow");
    memory.flush().await;

    assert_eq!(store.expire(between, 10).unwrap(), 1);
    assert_eq!(store.load(&key("patient-pg-old")).unwrap(), None);
    assert!(store.load(&key("patient-pg-recalled")).unwrap().is_some());
    assert!(store.load(&key("patient-pg-new")).unwrap().is_some());

    let forgotten = carevoice::memory::forget(&store, "patient-pg-new", &Label::ALL).unwrap();
    let again = carevoice::memory::forget(&store, "patient-pg-new", &Label::ALL).unwrap();
    assert_eq!((forgotten, again), (1, 0));
    assert_eq!(store.load(&key("patient-pg-new")).unwrap(), None);
    assert!(store.load(&key("patient-pg-recalled")).unwrap().is_some());

    store.save(&HashMap::from([(key("patient-pg-another"), slow())])).unwrap();
    let future = SystemTime::now() + Duration::from_secs(5);
    assert_eq!(store.expire(future, 1).unwrap(), 1, "a batch removes at most what it may");
    assert_eq!(store.expire(future, 1).unwrap(), 1);
    assert_eq!(store.expire(future, 1).unwrap(), 0);
    drop(memory);
}
