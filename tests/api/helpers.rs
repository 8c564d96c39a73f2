//! Boots the server and speaks to it.

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use carevoice::memory::Memory;
use carevoice::platform::{self, Platform, RequestError};
use carevoice::server::lifecycle::Stopper;
use carevoice::server::{Application, Settings};
use carevoice::sessions::Sessions;
use carevoice::skill::{Skill, Skills};
use carevoice::verify;
use futures_util::FutureExt;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::pki::{GOOD_CHAIN, PKI, chain_url};

/// The skill id of every fixture.
pub const SKILL_ID: &str = "amzn1.ask.skill.8c6f1b3e-2a4d-4f0e-9b7a-5d2c1e0f3a9b";

/// The skill in every locale, loaded once for every test in this binary.
pub static SKILLS: LazyLock<Arc<Skills>> =
    LazyLock::new(|| Arc::new(Skills::embedded().expect("embedded content loads")));

/// The skill in the default locale, en-US.
pub static SKILL: LazyLock<&'static Skill> = LazyLock::new(|| SKILLS.default_locale());

/// Answers one request of platform `P` outside the server, with nothing remembered, as
/// JSON.
pub fn answer<P: Platform>(request: P::Request) -> Result<Value, RequestError> {
    let response = platform::answer::<P>(&SKILLS, &Memory::disabled(), &Sessions::in_process(), request)
        .now_or_never()
        .expect("with nothing remembered, a turn waits for nothing")?
        .response;
    Ok(serde_json::to_value(response).unwrap())
}

/// A running server.
pub struct TestApp {
    pub address: String,
    /// The Wyoming listener's address, when the settings ask for one.
    pub wyoming: Option<std::net::SocketAddr>,
    pub client: reqwest::Client,
    pub stopper: Stopper,
    serving: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop without waiting; the runtime ends with the test anyway.
        self.stopper.stop_now();
    }
}

/// The Dialogflow webhook's basic-authentication credentials in the tests.
pub const DIALOGFLOW_BASIC: &str = "dialogflow:test-secret-1234";

/// The settings of a production-like server: full Alexa verification against the test
/// PKI's pre-loaded chains, accepting the fixtures' skill id; Dialogflow webhooks with
/// basic authentication.
pub fn settings() -> Settings {
    let mut settings = Settings::new("127.0.0.1:0");
    settings.data_dir = Some(fresh_dir("data"));
    settings.drain_delay = std::time::Duration::ZERO;
    settings.dialogflow.basic = Some(DIALOGFLOW_BASIC.to_owned().into());
    settings.alexa = verify::AlexaSettings {
        skill_ids: vec![SKILL_ID.to_owned()],
        extra_root_certs: Some(PKI.roots_file()),
        cert_chain_dir: Some(PKI.chain_dir()),
        ..verify::AlexaSettings::default()
    };
    settings
}

/// A new, empty directory for one test's files.
pub fn fresh_dir(kind: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{kind}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Starts the real server on a free port, as [`settings`] says.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(settings()).await
}

/// A plain HTTP client. (reqwest's TLS here uses rustls with ring, installed once.)
pub fn http_client() -> reqwest::Client {
    http_client_builder().build().unwrap()
}

/// A builder of HTTP clients, with the TLS crypto provider installed first.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    static PROVIDER: LazyLock<()> = LazyLock::new(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    LazyLock::force(&PROVIDER);
    reqwest::Client::builder()
}

/// Starts the real server on a free port with `settings`.
pub async fn spawn_app_with(settings: Settings) -> TestApp {
    let application = Application::build(&settings, SKILLS.clone()).expect("server starts");
    let (address, wyoming) = (application.url(), application.wyoming_address());
    let stopper = application.stopper();
    let serving = Some(tokio::spawn(application.run_until_stopped()));
    TestApp { address, wyoming, client: http_client(), stopper, serving }
}

/// Sets an envelope's timestamp to now, as Alexa would when sending it.
pub fn stamped(mut envelope: Value) -> Value {
    envelope["request"]["timestamp"] = json!(OffsetDateTime::now_utc().format(&Rfc3339).unwrap());
    envelope
}

impl TestApp {
    /// Stops the server gracefully, as SIGTERM would, and waits until it has finished,
    /// preferences kept.
    pub async fn stop(mut self) {
        self.stopper.drain_and_stop(std::future::ready(())).await;
        if let Some(serving) = self.serving.take() {
            serving.await.expect("the server task ends").expect("the server stops cleanly");
        }
    }

    /// POSTs JSON and returns the status and the JSON body.
    pub async fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        let response = self.client.post(format!("{}{path}", self.address)).json(body).send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON body"))
    }

    /// POSTs a JSON body to `path`; to `/alexa` signed as Alexa would, so the body itself
    /// is what the server judges.
    pub async fn post_body(&self, path: &str, body: impl Into<String>) -> reqwest::Response {
        let body: String = body.into();
        if path == "/alexa" {
            self.post_alexa_signed(body).await
        } else {
            self.post_raw(path, Some("application/json"), body).await
        }
    }

    /// POSTs raw bytes with a content type (none if `None`).
    pub async fn post_raw(
        &self,
        path: &str,
        content_type: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        let mut request = self.client.post(format!("{}{path}", self.address)).body(body);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        request.send().await.expect("request")
    }

    /// POSTs an Alexa envelope to `/alexa` as Alexa would (timestamped now, signed with
    /// the good chain), expecting 200.
    pub async fn alexa(&self, envelope: &Value) -> Value {
        let response = self.post_alexa_signed(stamped(envelope.clone()).to_string()).await;
        let status = response.status().as_u16();
        let body: Value = response.json().await.expect("a JSON body");
        assert_eq!(status, 200, "{body}");
        body
    }

    /// POSTs `body` to `/alexa` as JSON, signed with the good chain.
    pub async fn post_alexa_signed(&self, body: impl Into<Vec<u8>>) -> reqwest::Response {
        let body = body.into();
        let signature = PKI.sign(&body);
        self.post_alexa(body, &[("SignatureCertChainUrl", chain_url(GOOD_CHAIN)), ("Signature-256", signature)]).await
    }

    /// POSTs `body` to `/alexa` as JSON with exactly these extra headers.
    pub async fn post_alexa(&self, body: Vec<u8>, headers: &[(&str, String)]) -> reqwest::Response {
        let mut request =
            self.client.post(format!("{}/alexa", self.address)).header("content-type", "application/json");
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        request.body(body).send().await.expect("request")
    }

    /// POSTs a Dialogflow webhook request to `path` with the tests' credentials.
    pub async fn post_dialogflow(&self, path: &str, request: &Value) -> reqwest::Response {
        let (user, password) = DIALOGFLOW_BASIC.split_once(':').unwrap();
        let url = format!("{}{path}", self.address);
        self.client.post(url).basic_auth(user, Some(password)).json(request).send().await.unwrap()
    }

    /// POSTs a Dialogflow webhook request to `path` with the test credentials, expecting
    /// 200.
    pub async fn dialogflow(&self, path: &str, request: &Value) -> Value {
        let response = self.post_dialogflow(path, request).await;
        let status = response.status().as_u16();
        let body: Value = response.json().await.expect("a JSON body");
        assert_eq!(status, 200, "{body}");
        body
    }

    /// POSTs a simulated turn, expecting 200.
    pub async fn turn(&self, request: &Value) -> Value {
        let (status, body) = self.post_json("/v1/turn", request).await;
        assert_eq!(status, 200, "{body}");
        body
    }
}

/// The repository directory.
pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An Alexa request fixture from `tests/fixtures/alexa/<name>.json`.
pub fn fixture(name: &str) -> Value {
    let path = repository().join("tests/fixtures/alexa").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).expect("fixture is JSON")
}

/// Every Alexa fixture's name.
pub fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repository().join("tests/fixtures/alexa"))
        .expect("fixtures directory")
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.strip_suffix(".json").map(str::to_owned))
        .collect();
    names.sort();
    names
}

/// Parses `ssml` as XML and checks it is one `<speak>` document within Alexa's limit.
#[track_caller]
pub fn assert_valid_ssml(ssml: &str) {
    assert!(ssml.chars().count() <= 8_000, "over 8,000 characters: {ssml}");
    let document = roxmltree::Document::parse(ssml).unwrap_or_else(|error| panic!("not XML ({error}): {ssml}"));
    assert_eq!(document.root_element().tag_name().name(), "speak", "{ssml}");
}

/// Checks an Alexa response envelope that speaks: version, SSML speech and reprompt,
/// the end-of-session flag, and session attributes while the session goes on.
#[track_caller]
pub fn assert_valid_alexa_speech(body: &Value) {
    assert_eq!(body["version"], "1.0", "{body}");
    let response = &body["response"];
    assert_eq!(response["outputSpeech"]["type"], "SSML", "{body}");
    assert_valid_ssml(response["outputSpeech"]["ssml"].as_str().expect("ssml"));
    let ends = response["shouldEndSession"].as_bool().expect("shouldEndSession");
    if ends {
        assert!(response.get("reprompt").is_none(), "no reprompt when the session ends: {body}");
    } else {
        assert_eq!(response["reprompt"]["outputSpeech"]["type"], "SSML", "{body}");
        assert_valid_ssml(response["reprompt"]["outputSpeech"]["ssml"].as_str().expect("reprompt ssml"));
        assert!(body["sessionAttributes"]["carevoice"].is_object(), "{body}");
    }
}

/// The plain words of an Alexa response's speech (the SSML's text).
pub fn alexa_words(body: &Value) -> String {
    let ssml = body["response"]["outputSpeech"]["ssml"].as_str().unwrap_or_default();
    let document = roxmltree::Document::parse(ssml).expect("ssml parses");
    document
        .root_element()
        .descendants()
        .filter(|node| node.is_text())
        .filter_map(|node| node.text())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether an optional program a test needs is installed. Without it, says how to install
/// it and lets the test pass by skipping, unless the environment variable `required_by`
/// is set (as CI sets it), when it fails.
pub fn installed(found: bool, advice: &str, required_by: &str) -> bool {
    if !found {
        assert!(std::env::var_os(required_by).is_none(), "{advice}");
        eprintln!("skipped: {advice}");
    }
    found
}

/// Whether espeak-ng can be run (see [`installed`]).
pub fn espeak_installed() -> bool {
    let found =
        std::process::Command::new("espeak-ng").arg("--version").output().is_ok_and(|output| output.status.success());
    let advice = "espeak-ng is not installed: install it (Debian: apt-get install espeak-ng) to run this test";
    installed(found, advice, "CAREVOICE_REQUIRE_ESPEAK")
}

/// A new directory holding a copy of the repository's content (`speech/` and `intents/`).
pub fn copy_of_content(kind: &str) -> PathBuf {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() { copy(&path, &target) } else { std::fs::copy(&path, &target).map(drop).unwrap() }
        }
    }
    let root = fresh_dir(kind);
    for dir in ["speech", "intents"] {
        copy(&repository().join(dir), &root.join(dir));
    }
    root
}

/// The responses in what a connection received, each as its status and its body.
pub fn http1_responses(received: &str) -> Vec<(u16, String)> {
    let mut responses = Vec::new();
    let mut rest = received;
    while !rest.is_empty() {
        let (head, after) = rest.split_once("\r\n\r\n").unwrap_or_else(|| panic!("a whole head: {rest}"));
        let status = head.split(' ').nth(1).and_then(|status| status.parse().ok()).expect("a status line");
        let length: usize = head
            .lines()
            .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:").map(|n| n.trim().to_owned()))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a content-length: {head}"));
        responses.push((status, after[..length].to_owned()));
        rest = &after[length..];
    }
    responses
}
