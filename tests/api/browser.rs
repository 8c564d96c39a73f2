//! The console in a real browser: headless Chromium, driven through chromedriver
//! (Debian's `chromium` and `chromium-driver`), against the real server on port 0.
//! Skipped, saying how to install them, where they are missing, unless
//! `CAREVOICE_REQUIRE_BROWSER` is set (as CI sets it).

use std::net::TcpListener;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;
use serde_json::{Value, json};

use crate::helpers::{espeak_installed, http_client, installed, settings, spawn_app_with};

/// How long the page may take to show what the test waits for.
const PATIENCE: Duration = Duration::from_secs(20);

/// chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts chromedriver on a free port, if it and Chromium are installed.
async fn start_driver() -> Option<Driver> {
    let runs = |program: &str| Command::new(program).arg("--version").output().is_ok_and(|out| out.status.success());
    let found = runs("chromedriver") && runs("chromium");
    let advice = "Chromium and chromedriver are not installed: install them (Debian: apt-get install chromium chromium-driver) to run this test";
    if !installed(found, advice, "CAREVOICE_REQUIRE_BROWSER") {
        return None;
    }
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver { child, url: format!("http://127.0.0.1:{port}") };
    let status = format!("{}/status", driver.url);
    let started = Instant::now();
    let client = http_client();
    while client.get(&status).send().await.is_err() {
        assert!(started.elapsed() < PATIENCE, "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Some(driver)
}

/// A headless Chromium session.
async fn open_browser(driver: &Driver) -> Client {
    let options = json!({
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--window-size=1500,2200",
            "--autoplay-policy=no-user-gesture-required",
        ]
    });
    let capabilities = serde_json::Map::from_iter([("goog:chromeOptions".to_owned(), options)]);
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector).capabilities(capabilities).connect(&driver.url).await.expect("a Chromium session")
}

/// Runs `script` in the page until it returns true.
async fn wait_until(browser: &Client, what: &str, script: &str) {
    let started = Instant::now();
    loop {
        if browser.execute(script, vec![]).await.expect("the script runs") == Value::Bool(true) {
            return;
        }
        assert!(started.elapsed() < PATIENCE, "waited in vain for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn run(browser: &Client, script: &str) -> Value {
    browser.execute(script, vec![]).await.expect("the script runs")
}

#[tokio::test]
async fn the_console_answers_shows_the_source_plays_the_audio_and_follows_yes() {
    let Some(driver) = start_driver().await else { return };
    let mut settings = settings();
    settings.console = true;
    let app = spawn_app_with(settings).await;
    let browser = open_browser(&driver).await;
    // The browser is closed however the test ends: a failed assertion must not leave it running.
    let outcome = AssertUnwindSafe(use_the_console(&browser, &app.address)).catch_unwind().await;
    browser.close().await.unwrap();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// Everything the test does in the browser, against the console at `address`.
async fn use_the_console(browser: &Client, address: &str) {
    let browser = browser.clone();

    browser.goto(&format!("{address}/console")).await.unwrap();
    wait_until(
        &browser,
        "the content check",
        "return document.getElementById('findings').textContent.startsWith('ok (en-US): ')",
    )
    .await;
    let unlabelled = run(
        &browser,
        "return [...document.querySelectorAll('input, select')].filter(e => e.labels.length === 0).map(e => e.id)",
    )
    .await;
    assert_eq!(unlabelled, json!([]), "every field has a label");

    let font_size = "return parseFloat(getComputedStyle(document.getElementById('words')).fontSize)";
    let normal_size = run(&browser, font_size).await.as_f64().unwrap();
    browser.find(Locator::Id("large")).await.unwrap().click().await.unwrap();
    let large_size = run(&browser, font_size).await.as_f64().unwrap();
    assert!(large_size >= normal_size * 1.4, "large text: {normal_size} -> {large_size}");
    browser.find(Locator::Id("large")).await.unwrap().click().await.unwrap();

    // Replies play only when asked to (so as not to talk over a screen reader).
    browser.find(Locator::Id("autoplay")).await.unwrap().click().await.unwrap();

    // Asked from the keyboard alone: type, then Enter.
    let question = browser.find(Locator::Id("utterance")).await.unwrap();
    question.send_keys("why did my immunotherapy stop working\u{E007}").await.unwrap();
    wait_until(&browser, "the answer", "return document.querySelectorAll('#words a.cited').length >= 3").await;
    let words = browser.find(Locator::Id("words")).await.unwrap().text().await.unwrap();
    assert!(words.contains("When immunotherapy stops working"), "{words}");
    assert_eq!(
        browser.find(Locator::Id("intent")).await.unwrap().text().await.unwrap().split(',').next(),
        Some("WhyStoppedWorkingIntent")
    );
    let marks = run(&browser, "return [...document.querySelectorAll('#source mark')].map(m => m.textContent)").await;
    let marks: Vec<String> = serde_json::from_value(marks).unwrap();
    assert!(marks.iter().any(|mark| mark.starts_with("When immunotherapy stops working, it means")), "{marks:?}");
    assert!(marks.iter().any(|mark| mark == "1. Cancer Cells Develop Resistance"), "{marks:?}");

    // Following a sentence's link marks its passage.
    browser.find(Locator::Css("#words a.cited")).await.unwrap().click().await.unwrap();
    let focused = run(&browser, "const m = document.querySelector('#source mark.focused'); return m && document.activeElement === m ? m.textContent : null").await;
    assert!(focused.as_str().is_some_and(|text| text.starts_with("When immunotherapy stops working")), "{focused}");
    let place = browser.find(Locator::Id("place")).await.unwrap().text().await.unwrap();
    assert!(place.starts_with("overview"), "{place}");
    let marked = run(&browser, "const r = document.querySelector('#map rect.here'); return r && r.parentElement.nextElementSibling.textContent.trim()").await;
    assert_eq!(marked, json!(place), "the map marks where the conversation is");

    // The reply plays from the server's WAV, or, without espeak-ng, the page says so.
    if espeak_installed() {
        wait_until(
            &browser,
            "the audio to load and play",
            "const a = document.getElementById('audio'); return a.readyState >= 1 && a.duration > 1 && a.currentTime > 0",
        )
        .await;
        let src = run(&browser, "return document.getElementById('audio').src").await;
        let wav = http_client().get(src.as_str().unwrap()).send().await.unwrap().bytes().await.unwrap();
        assert!(carevoice::audio::duration(&wav).unwrap() > Duration::from_secs(5));
    } else {
        let note = browser.find(Locator::Id("audio-note")).await.unwrap().text().await.unwrap();
        assert!(note.contains("espeak-ng"), "{note}");
    }

    // Yes goes on to the next topic, as the map says it does.
    browser.find(Locator::Css("button[data-intent='AMAZON.YesIntent']")).await.unwrap().click().await.unwrap();
    wait_until(
        &browser,
        "the next topic",
        "return document.getElementById('place').textContent.startsWith('resistance')",
    )
    .await;
    let words = browser.find(Locator::Id("words")).await.unwrap().text().await.unwrap();
    assert!(words.contains("cancer cells develop resistance"), "{words}");

    // Nothing was loaded from anywhere but this server.
    let elsewhere = run(
        &browser,
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))",
    )
    .await;
    assert_eq!(elsewhere, json!([]));

    let screenshot = browser.screenshot().await.unwrap();
    assert!(screenshot.starts_with(b"\x89PNG"));
    let artifacts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    std::fs::write(artifacts.join("console.png"), screenshot).unwrap();

    // Another locale: a new conversation, in its words and numbers.
    browser.find(Locator::Css("#locale option[value='en-GB']")).await.unwrap().click().await.unwrap();
    wait_until(
        &browser,
        "the en-GB content",
        "return document.getElementById('version').textContent.includes('en-GB')",
    )
    .await;
    let question = browser.find(Locator::Id("utterance")).await.unwrap();
    question.send_keys("my husband has collapsed\u{E007}").await.unwrap();
    wait_until(&browser, "the emergency answer", "return document.getElementById('words').textContent.includes('999')")
        .await;
}
