//! Running it as operators do: metrics, readiness, graceful shutdown under load, and logs
//! that can be shipped without leaking what patients said.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{fixture, fresh_dir, http_client, http_client_builder, settings, spawn_app, spawn_app_with};

/// Held by the tests that load the machine (floods, shutdown under load, starting a server
/// beside them), so that one's load never starves another's.
static LOAD: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// One sample of an exposition: a metric's name and labels.
type Sample = (String, BTreeMap<String, String>);

/// Parses Prometheus' text exposition format into samples and their values; every line
/// must be a comment, blank, or `name{label="value",...} number`.
fn parse_exposition(text: &str) -> BTreeMap<Sample, f64> {
    let mut samples = BTreeMap::new();
    for line in text.lines().filter(|line| !line.is_empty() && !line.starts_with('#')) {
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("no value: {line}"));
        let value: f64 = value.parse().unwrap_or_else(|_| panic!("not a number: {line}"));
        let (name, labels) = match series.split_once('{') {
            Some((name, labels)) => (name, labels.strip_suffix('}').unwrap_or_else(|| panic!("unclosed: {line}"))),
            None => (series, ""),
        };
        let labels = labels
            .split(',')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or_else(|| panic!("label without value: {line}"));
                (key.to_owned(), value.trim_matches('"').to_owned())
            })
            .collect();
        samples.insert((name.to_owned(), labels), value);
    }
    samples
}

async fn scrape(client: &reqwest::Client, url: &str) -> BTreeMap<Sample, f64> {
    let response = client.get(format!("{url}/metrics")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    parse_exposition(&response.text().await.unwrap())
}

fn value(samples: &BTreeMap<Sample, f64>, name: &str, labels: &[(&str, &str)]) -> f64 {
    let labels = labels.iter().map(|(key, value)| (key.to_string(), value.to_string())).collect();
    samples.get(&(name.to_owned(), labels)).copied().unwrap_or(0.0)
}

#[tokio::test]
async fn metrics_count_requests_turns_safety_answers_refusals_and_the_store() {
    let app = spawn_app().await;
    let before = scrape(&app.client, &app.address).await;
    let user = json!({"user": "patient-metrics"});
    let mut why = json!({"utterance": "why did my immunotherapy stop working"});
    why.as_object_mut().unwrap().extend(user.as_object().unwrap().clone());
    app.turn(&why).await;
    app.turn(&json!({"utterance": "my husband collapsed and he is not breathing"})).await;
    app.turn(&json!({"utterance": "I keep thinking I would be better off dead"})).await;
    app.turn(&json!({"utterance": "my husband hits me"})).await;
    // Refused: Alexa without its signature headers, Dialogflow without credentials.
    let unsigned = app.post_alexa(fixture("intent_WhyStoppedWorkingIntent").to_string().into_bytes(), &[]).await;
    assert_eq!(unsigned.status(), 400);
    let anonymous = app.post_raw("/dialogflow/es", Some("application/json"), "{}").await;
    assert_eq!(anonymous.status(), 401);
    app.client.get(format!("{}/no/such/page?user=secret", app.address)).send().await.unwrap();
    tokio::time::sleep(memory_writes_settled()).await;

    let after = scrape(&app.client, &app.address).await;
    let moved = |name: &str, labels: &[(&str, &str)]| value(&after, name, labels) - value(&before, name, labels);
    let turns = "carevoice_turns_total";
    assert_eq!(moved(turns, &[("platform", "simulated"), ("intent", "WhyStoppedWorkingIntent")]), 1.0);
    assert_eq!(moved(turns, &[("platform", "simulated"), ("intent", "EmergencyIntent")]), 1.0);
    assert_eq!(moved("carevoice_safety_answers_total", &[("kind", "emergency")]), 1.0);
    assert_eq!(moved("carevoice_safety_answers_total", &[("kind", "crisis")]), 1.0);
    assert_eq!(moved("carevoice_safety_answers_total", &[("kind", "abuse")]), 1.0);
    let requests = "carevoice_http_requests_total";
    assert_eq!(moved(requests, &[("route", "/v1/turn"), ("status", "200")]), 4.0);
    assert_eq!(moved(requests, &[("route", "/alexa"), ("status", "400")]), 1.0);
    assert_eq!(moved(requests, &[("route", "unmatched"), ("status", "404")]), 1.0);
    assert_eq!(moved("carevoice_alexa_verification_failures_total", &[("check", "missing_header")]), 1.0);
    assert_eq!(moved("carevoice_dialogflow_auth_failures_total", &[]), 1.0);
    let latency = "carevoice_http_request_duration_seconds_count";
    assert_eq!(moved(latency, &[("route", "/v1/turn")]), 4.0);
    // The person was recalled (a load) and where they are kept (a save).
    let store = "carevoice_store_operation_duration_seconds_count";
    assert!(moved(store, &[("operation", "load")]) >= 1.0);
    assert!(moved(store, &[("operation", "save")]) >= 1.0);
    assert_eq!(value(&after, "carevoice_store_errors_total", &[("operation", "save")]), 0.0);
    let build = after.keys().find(|(name, _)| name == "carevoice_build_info").expect("build info");
    assert_eq!(build.1["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(build.1["content"], crate::helpers::SKILLS.version());
    // Only names: no words, no paths as sent, no user ids.
    for (_, labels) in after.keys() {
        for value in labels.values() {
            assert!(!value.contains("immunotherapy") && !value.contains("secret") && !value.contains("patient"));
        }
    }
    app.stop().await;
}

/// Longer than the memory's gathering of writes.
fn memory_writes_settled() -> Duration {
    carevoice::memory::GATHER * 3
}

#[tokio::test]
async fn metrics_can_be_kept_off_the_main_listener() {
    let mut settings = settings();
    settings.metrics_bind = Some("127.0.0.1:0".into());
    let application = carevoice::server::Application::build(&settings, crate::helpers::SKILLS.clone()).unwrap();
    let (main, metrics) = (application.url(), application.metrics_url().expect("a metrics listener"));
    let stopper = application.stopper();
    let serving = tokio::spawn(application.run_until_stopped());
    let client = http_client();
    assert_eq!(client.get(format!("{main}/metrics")).send().await.unwrap().status(), 404);
    let samples = scrape(&client, &metrics).await;
    assert!(samples.keys().any(|(name, _)| name == "carevoice_build_info"));
    assert_eq!(client.get(format!("{metrics}/alexa")).send().await.unwrap().status(), 404);
    stopper.drain_and_stop(std::future::ready(())).await;
    serving.await.unwrap().unwrap();
}

#[tokio::test]
async fn a_stopping_server_turns_unready_and_closes_connections_but_still_answers() {
    let mut settings = settings();
    settings.drain_delay = Duration::from_secs(2);
    let app = spawn_app_with(settings).await;
    let ready = app.client.get(format!("{}/readyz", app.address)).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.json::<Value>().await.unwrap()["status"], "ready");

    let stopper = app.stopper.clone();
    let stopping = tokio::spawn(async move { stopper.drain_and_stop(std::future::pending()).await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let ready = app.client.get(format!("{}/readyz", app.address)).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    let health = app.client.get(format!("{}/healthz", app.address)).send().await.unwrap();
    assert_eq!(health.status(), 200, "still alive");
    let answered = app.post_raw("/v1/turn", Some("application/json"), r#"{"utterance":"what happens next"}"#).await;
    assert_eq!(answered.status(), 200, "still answering while draining");
    assert_eq!(answered.headers()["connection"], "close");
    let started = Instant::now();
    stopping.await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(5), "an idle server stops right after the drain");
}

/// The real binary, serving on a free port with `args`; its address, read from stdout.
fn serve(args: &[&str]) -> (Child, String) {
    serve_logging(args, None)
}

/// `carevoice serve` with `args`, logging as `rust_log` says (the default when none).
fn serve_logging(args: &[&str], rust_log: Option<&str>) -> (Child, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_carevoice"));
    command.env_remove("RUST_LOG");
    if let Some(rust_log) = rust_log {
        command.env("RUST_LOG", rust_log);
    }
    command.args(["serve", "--bind", "127.0.0.1:0", "--insecure-no-webhook-auth"]).args(args);
    start(&mut command, Stdio::piped())
}

/// Starts `command`, a server on a free port, with a fresh data directory, and its
/// standard error to `stderr`; the server and its address.
fn start(command: &mut Command, stderr: Stdio) -> (Child, String) {
    let mut child = command
        .env("CAREVOICE_DATA_DIR", fresh_dir("operations"))
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("carevoice starts");
    let address = listening_address(&mut child);
    (child, address)
}

/// The address a server started with `--bind 127.0.0.1:0` printed.
fn listening_address(child: &mut Child) -> String {
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    line.trim().strip_prefix("carevoice listening on ").unwrap_or_else(|| panic!("{line}")).to_owned()
}

fn send_signal(child: &Child, signal: &str) {
    let status = Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
    assert!(status.success());
}

const TURN: &str = r#"{"utterance":"why did my immunotherapy stop working","user":"load-test"}"#;

/// A request whose body arrives in two halves, `pause` apart; the response's status line.
fn slow_upload(address: &str, pause: Duration) -> std::thread::JoinHandle<String> {
    let mut stream = TcpStream::connect(address.strip_prefix("http://").unwrap()).unwrap();
    let (first, rest) = TURN.split_at(TURN.len() / 2);
    write!(
        stream,
        "POST /v1/turn HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{first}",
        TURN.len()
    )
    .unwrap();
    stream.flush().unwrap();
    let rest = rest.to_owned();
    std::thread::spawn(move || {
        std::thread::sleep(pause);
        stream.write_all(rest.as_bytes()).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        response.lines().next().unwrap_or("no answer").to_owned()
    })
}

#[test]
fn sigterm_under_load_leaves_no_request_unanswered() {
    let _load = LOAD.blocking_lock();
    let (mut child, address) = serve(&["--drain-delay", "2", "--shutdown-timeout", "10"]);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (answered, unanswered) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    // Keep-alive clients, each behaving as a load balancer does: sending until the server
    // asks it to close the connection (or no longer takes connections).
    let clients: Vec<_> = (0..16)
        .map(|_| {
            let (address, answered, unanswered) = (address.clone(), answered.clone(), unanswered.clone());
            runtime.spawn(async move {
                let client = http_client_builder().pool_max_idle_per_host(1).build().unwrap();
                loop {
                    let sent = client
                        .post(format!("{address}/v1/turn"))
                        .header("content-type", "application/json")
                        .body(TURN)
                        .send()
                        .await;
                    match sent {
                        Ok(response) => {
                            let closing = response.headers().get("connection").is_some_and(|value| value == "close");
                            let ok = response.status() == 200 && response.bytes().await.is_ok();
                            let counter = if ok { &answered } else { &unanswered };
                            counter.fetch_add(1, Ordering::SeqCst);
                            if closing {
                                return;
                            }
                        }
                        // Never sent: the server no longer accepts connections.
                        Err(error) if error.is_connect() => return,
                        Err(_) => {
                            unanswered.fetch_add(1, Ordering::SeqCst);
                            return;
                        }
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    // Requests still uploading when the signal comes: one finishes during the drain, one
    // after the server stopped accepting.
    let uploading = [slow_upload(&address, Duration::from_secs(1)), slow_upload(&address, Duration::from_secs(3))];
    let signalled = Instant::now();
    send_signal(&child, "-TERM");
    for client in clients {
        runtime.block_on(client).unwrap();
    }
    for upload in uploading {
        assert_eq!(upload.join().unwrap(), "HTTP/1.1 200 OK");
    }
    let status = child.wait().unwrap();
    let took = signalled.elapsed();
    assert!(status.success(), "{status}");
    assert!(answered.load(Ordering::SeqCst) > 100, "the load ran: {answered:?}");
    assert_eq!(unanswered.load(Ordering::SeqCst), 0, "requests sent but not answered");
    assert!(took >= Duration::from_secs(2), "it drained first: {took:?}");
    assert!(took < Duration::from_secs(10), "it exited within the shutdown timeout: {took:?}");
}

#[test]
fn json_logs_tell_what_happened_but_never_what_was_said_or_by_whom() {
    let skill_id = ["--skill-id", crate::helpers::SKILL_ID, "--insecure-skip-signature"];
    let (mut child, address) = serve(&[&["--log-format", "json", "--drain-delay", "0"][..], &skill_id].concat());
    let secret_words = "my oncologist doctor zebrafinch said the tumour grew";
    let user_id = "amzn1.ask.account.PRIVATE-PERSON-42";
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let client = http_client();
        let turn = |body: Value| client.post(format!("{address}/v1/turn")).json(&body).send();
        let first: Value =
            turn(json!({"utterance": secret_words, "user": user_id})).await.unwrap().json().await.unwrap();
        let session = first["session"].clone();
        turn(json!({"intent": "SpeakSlowerIntent", "user": user_id, "session": session})).await.unwrap();
        turn(json!({"utterance": "I can't breathe", "user": user_id, "session": session})).await.unwrap();
        let mut alexa = crate::helpers::stamped(fixture("intent_WhyStoppedWorkingIntent"));
        alexa["request"]["requestId"] = json!("amzn1.echo-api.request.1234-abcd");
        client.post(format!("{address}/alexa")).json(&alexa).send().await.unwrap();
    });
    std::thread::sleep(memory_writes_settled());
    send_signal(&child, "-TERM");
    let mut log = String::new();
    child.stderr.take().unwrap().read_to_string(&mut log).unwrap();
    assert!(child.wait().unwrap().success());

    let lines: Vec<Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not a JSON line: {line}")))
        .collect();
    for line in &lines {
        assert!(line["timestamp"].is_string() && line["level"].is_string() && line["message"].is_string(), "{line}");
    }
    let turns: Vec<&Value> =
        lines.iter().filter(|line| line["message"] == "turn" && line["route"] == "/v1/turn").collect();
    assert_eq!(turns.len(), 3, "{log}");
    for turn in &turns {
        assert_eq!(turn["route"], "/v1/turn");
        assert_eq!(turn["platform"], "simulated");
        assert_eq!(turn["status"], 200);
        assert!(turn["latency_us"].is_u64(), "{turn}");
    }
    let intents: Vec<&str> = turns.iter().map(|turn| turn["intent"].as_str().unwrap()).collect();
    assert_eq!(intents[1..], ["SpeakSlowerIntent", "EmergencyIntent"]);
    let alexa = lines.iter().find(|line| line["route"] == "/alexa").expect("the Alexa turn's line");
    assert_eq!(alexa["platform"], "alexa");
    assert_eq!(alexa["request_id"], "amzn1.echo-api.request.1234-abcd");
    for private in ["zebrafinch", "oncologist", "tumour", "PRIVATE-PERSON", "breathe", "\"position\"", "\"rate\":"] {
        assert!(!log.contains(private), "the log holds {private:?}: {log}");
    }
}

#[tokio::test]
async fn a_flood_of_idle_and_slow_connections_never_keeps_a_turn_waiting() {
    let _load = LOAD.lock().await;
    let mut settings = settings();
    settings.max_connections = 10;
    let app = spawn_app_with(settings).await;
    let limit = 10 * std::thread::available_parallelism().map_or(1, usize::from);
    let host = app.address.strip_prefix("http://").unwrap().to_owned();
    // Three times the limit: half never send a byte, half send headers at a crawl.
    let flood: Vec<TcpStream> = tokio::task::spawn_blocking(move || {
        (0..3 * limit)
            .map(|n| {
                let mut stream = TcpStream::connect(&host).unwrap();
                if n % 2 == 1 {
                    stream.write_all(b"POST /v1/turn HTTP/1.1\r\nHost: x\r\n").unwrap();
                }
                stream
            })
            .collect()
    })
    .await
    .unwrap();
    let started = Instant::now();
    let answer = app.turn(&json!({"utterance": "what happens next"})).await;
    assert!(!answer["speech"]["text"].as_str().unwrap().is_empty());
    // Before the 5 seconds a client has to send its headers, which would otherwise free
    // the slots the flood holds.
    assert!(started.elapsed() < Duration::from_secs(4), "waited {:?}", started.elapsed());
    let samples = scrape(&app.client, &app.address).await;
    assert!(value(&samples, "carevoice_connections_shed_total", &[]) > 0.0);
    assert!(value(&samples, "carevoice_connections_open", &[]) <= limit as f64);
    drop(flood);
    app.stop().await;
}

#[test]
fn a_flood_of_malformed_requests_is_counted_not_logged_line_by_line() {
    // Counted whatever the log shows: here, carevoice's own lines only.
    let (mut child, address) = serve_logging(&["--drain-delay", "0"], Some("carevoice=debug"));
    let host = address.strip_prefix("http://").unwrap();
    for _ in 0..200 {
        let mut stream = TcpStream::connect(host).unwrap();
        stream.write_all(b"GET /healthz HTTP/1.1\r\nBad Header Line\r\n\r\n").unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let samples = runtime.block_on(scrape(&http_client(), &address));
    assert_eq!(value(&samples, "carevoice_malformed_requests_total", &[]), 200.0);
    // One summary line per interval, with the count.
    std::thread::sleep(carevoice::telemetry::SUMMARY_EVERY + Duration::from_secs(1));
    send_signal(&child, "-TERM");
    let mut log = String::new();
    child.stderr.take().unwrap().read_to_string(&mut log).unwrap();
    child.wait().unwrap();
    let malformed: Vec<&str> =
        log.lines().filter(|line| line.contains("malformed") || line.contains("stream error")).collect();
    assert_eq!(malformed.len(), 1, "{log}");
    assert!(malformed[0].contains("WARN") && malformed[0].contains("malformed=200"), "{}", malformed[0]);
}

/// The real binary under an open-file limit set by the shell (`ulimit_args`, e.g. `-n 1024`),
/// serving on a free port; its address.
fn serve_under_open_file_limit(ulimit_args: &str) -> (Child, String) {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!(r#"ulimit {ulimit_args} && exec "$0" serve --bind 127.0.0.1:0 --drain-delay 0"#))
        .arg(env!("CARGO_BIN_EXE_carevoice"))
        .env_remove("RUST_LOG");
    start(&mut command, Stdio::null())
}

/// The soft and hard open-file limits of process `pid`.
fn open_file_limits(pid: u32) -> (String, String) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits.lines().find(|line| line.starts_with("Max open files")).unwrap();
    let numbers: Vec<&str> = line.split_whitespace().skip(3).take(2).collect();
    (numbers[0].to_owned(), numbers[1].to_owned())
}

#[test]
fn the_server_raises_its_soft_open_file_limit_to_the_hard_one() {
    // Its start-up is load enough (the debug build trains the matcher).
    let _load = LOAD.blocking_lock();
    let (mut child, _) = serve_under_open_file_limit("-S -n 1024");
    let (soft, hard) = open_file_limits(child.id());
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(soft, hard);
}

#[tokio::test]
async fn under_an_open_file_limit_of_1024_a_flood_is_shed_before_the_descriptors_run_out() {
    let _load = LOAD.lock().await;
    // The flood's own sockets are this process's: it may need more than its soft limit.
    rlimit::increase_nofile_limit(u64::MAX).unwrap();
    let (mut child, address) = serve_under_open_file_limit("-n 1024");
    assert_eq!(open_file_limits(child.id()), ("1024".to_owned(), "1024".to_owned()));
    let host = address.strip_prefix("http://").unwrap().to_owned();
    // 1,500 connections: more than 1,024 descriptors could hold at two each. Half never
    // send a byte, half send headers at a crawl.
    let flood: Vec<TcpStream> = tokio::task::spawn_blocking(move || {
        (0..1_500)
            .map(|n| {
                let mut stream = TcpStream::connect(&host).unwrap();
                if n % 2 == 1 {
                    let _ = stream.write_all(b"POST /v1/turn HTTP/1.1\r\nHost: x\r\n");
                }
                stream
            })
            .collect()
    })
    .await
    .unwrap();
    let client = http_client_builder().pool_max_idle_per_host(0).build().unwrap();
    for _ in 0..5 {
        let started = Instant::now();
        let response = client.get(format!("{address}/healthz")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(started.elapsed() < Duration::from_secs(4), "a fresh probe waited {:?}", started.elapsed());
    }
    let samples = scrape(&client, &address).await;
    assert!(value(&samples, "carevoice_connections_shed_total", &[]) > 0.0);
    let open = value(&samples, "carevoice_connections_open", &[]);
    assert!(open <= ((1024 - 128) / 2) as f64, "{open} connections open on 1,024 descriptors");
    drop(flood);
    child.kill().unwrap();
    child.wait().unwrap();
}

/// The classifiers kept in a data directory, by file name.
fn kept_classifiers(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("classifier-") && name.ends_with(".bin"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_second_start_reads_the_classifier_the_first_one_trained() {
    use std::os::unix::fs::MetadataExt;
    let dir = fresh_dir("kept-classifier");
    let data_dir = dir.to_str().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let understood = |address: &str| {
        let body = json!({"utterance": "so why has the immunotherapy stopped doing anything"});
        let reply: Value = runtime.block_on(async {
            http_client().post(format!("{address}/v1/turn")).json(&body).send().await.unwrap().json().await.unwrap()
        });
        reply["intent"].clone()
    };
    let stop = |mut child: Child| {
        send_signal(&child, "-TERM");
        assert!(child.wait().unwrap().success());
    };

    let (first, address) = serve(&["--data-dir", data_dir, "--drain-delay", "0"]);
    let trained = understood(&address);
    assert_eq!(trained["name"], "WhyStoppedWorkingIntent", "{trained}");
    stop(first);
    let kept = kept_classifiers(&dir);
    assert_eq!(kept.len(), 1, "the trained classifier is kept: {kept:?}");
    let written = std::fs::metadata(dir.join(&kept[0])).unwrap();
    std::fs::write(dir.join("classifier-000000000000.bin"), b"an earlier binary's").unwrap();

    let (second, address) = serve(&["--data-dir", data_dir, "--drain-delay", "0"]);
    assert_eq!(understood(&address), trained, "the same answer, with the same confidence");
    stop(second);
    assert_eq!(kept_classifiers(&dir), kept, "the earlier binary's classifier is removed");
    let read = std::fs::metadata(dir.join(&kept[0])).unwrap();
    assert_eq!((read.ino(), read.mtime_nsec()), (written.ino(), written.mtime_nsec()), "read, not trained again");
}
