//! Captions on screens: an Alexa device with APL gets a RenderDocument directive showing
//! exactly the spoken words; a voice-only device gets none. Every kind of Alexa response
//! is type-checked against Amazon's published types (the `ask-sdk-model` npm package).

use std::process::Command;

use serde_json::{Value, json};

use crate::helpers::{alexa_words, fixture, installed, repository, spawn_app};

/// The fixture as a device with a screen sends it.
fn with_screen(name: &str) -> Value {
    let mut envelope = fixture(name);
    envelope["context"]["System"]["device"]["supportedInterfaces"]["Alexa.Presentation.APL"] =
        json!({"runtime": {"maxVersion": "2023.3"}});
    envelope["context"]["Viewport"] = json!({"shape": "RECTANGLE", "pixelWidth": 1280, "pixelHeight": 800, "dpi": 160});
    envelope
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn a_device_with_a_screen_gets_captions_of_exactly_the_spoken_words() {
    let app = spawn_app().await;
    let reply = app.alexa(&with_screen("intent_WhyStoppedWorkingIntent")).await;
    let directives = reply["response"]["directives"].as_array().expect("directives");
    assert_eq!(directives.len(), 1);
    let directive = &directives[0];
    assert_eq!(directive["type"], "Alexa.Presentation.APL.RenderDocument");
    assert_eq!(directive["document"]["type"], "APL");
    let captions = &directive["datasources"]["captions"];
    assert_eq!(words(captions["text"].as_str().unwrap()), words(&alexa_words(&reply)), "the words spoken");
    assert_eq!(captions["text"], reply["response"]["card"]["content"]);
    assert_eq!(captions["title"], "Why immunotherapy can stop working");
    assert!(captions["note"].as_str().unwrap().contains("general information"), "{captions}");

    let welcome = app.alexa(&with_screen("launch_request")).await;
    let captions = &welcome["response"]["directives"][0]["datasources"]["captions"];
    assert_eq!(captions["title"], "Care Voice");
    assert_eq!(words(captions["text"].as_str().unwrap()), words(&alexa_words(&welcome)));
}

#[tokio::test]
async fn a_voice_only_device_gets_no_directives() {
    let app = spawn_app().await;
    for name in ["intent_WhyStoppedWorkingIntent", "launch_request", "intent_EmergencyIntent"] {
        let reply = app.alexa(&fixture(name)).await;
        assert!(reply["response"].get("directives").is_none(), "{name}: {reply}");
    }
}

#[tokio::test]
async fn alexa_responses_pass_amazons_published_types() {
    let types = repository().join("tests/alexa-types");
    let tsc = types.join("node_modules/.bin/tsc");
    let advice = "Amazon's Alexa types are not installed: run `npm ci --prefix tests/alexa-types` (Node.js and npm; Debian: apt-get install nodejs npm) to run this test";
    if !installed(tsc.exists(), advice, "CAREVOICE_REQUIRE_ALEXA_TYPES") {
        return;
    }
    let app = spawn_app().await;
    let mut responses = Vec::new();
    for name in
        ["launch_request", "intent_WhyStoppedWorkingIntent", "intent_EmergencyIntent", "intent_amazon_StopIntent"]
    {
        responses.push(app.alexa(&fixture(name)).await);
        responses.push(app.alexa(&with_screen(name)).await);
    }
    responses.push(app.alexa(&fixture("session_ended_request")).await);
    let dir = crate::helpers::fresh_dir("alexa-types");
    let source = format!(
        "import {{ ResponseEnvelope }} from 'ask-sdk-model';\n\nexport const responses: ResponseEnvelope[] = {};\n",
        serde_json::to_string_pretty(&responses).unwrap()
    );
    std::fs::write(dir.join("responses.ts"), source).unwrap();
    let output = Command::new(&tsc)
        .args(["--noEmit", "--strict", "--target", "es2020", "--module", "commonjs", "--moduleResolution", "node"])
        .arg("--baseUrl")
        .arg(types.join("node_modules"))
        .arg(dir.join("responses.ts"))
        .output()
        .expect("tsc runs");
    assert!(
        output.status.success(),
        "the responses do not fit ask-sdk-model's ResponseEnvelope:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
