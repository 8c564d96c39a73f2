//! The browser console over HTTP: absent without `--console`; with it, turns explained,
//! audio of what the skill says and nothing else, and a page kept to this server.

use serde_json::{Value, json};

use crate::helpers::{TestApp, espeak_installed, settings, spawn_app, spawn_app_with};

async fn spawn_console() -> TestApp {
    let mut settings = settings();
    settings.console = true;
    spawn_app_with(settings).await
}

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.client.get(format!("{}{path}", app.address)).send().await.unwrap()
}

#[tokio::test]
async fn without_the_flag_the_console_is_absent() {
    let app = spawn_app().await;
    for path in ["/console", "/console/content", "/console/console.js", "/console/audio?rate=normal&text=Goodbye."] {
        let response = get(&app, path).await;
        assert_eq!(response.status(), 404, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found", "{path}");
    }
    let (status, body) = app.post_json("/console/turn", &json!({"utterance": "what happens next"})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (404, Some("not_found")));
}

#[tokio::test]
async fn the_page_may_load_from_and_talk_to_this_server_only() {
    let app = spawn_console().await;
    let page = get(&app, "/console").await;
    assert_eq!(page.status(), 200);
    let policy = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    for directive in ["default-src 'none'", "connect-src 'self'", "script-src 'self'", "media-src 'self'"] {
        assert!(policy.contains(directive), "{policy}");
    }
    let html = page.text().await.unwrap();
    let script = get(&app, "/console/console.js").await.text().await.unwrap();
    for text in [&html, &script] {
        assert!(
            !text.contains("http://") && !text.contains("https://") && !text.contains("//cdn"),
            "names another site"
        );
    }
    assert!(script.contains("processLocally = true"), "speech is recognised on this device only");
    // The console sends no user id, and a turn that carries one is refused.
    let (status, body) =
        app.post_json("/console/turn", &json!({"utterance": "what happens next", "user": "amzn1.ask.account.X"})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (400, Some("malformed_json")), "{body}");
}

#[tokio::test]
async fn a_turn_is_explained_with_every_ssml_the_likeliest_intents_and_the_passages() {
    let app = spawn_console().await;
    let content: Value = get(&app, "/console/content").await.json().await.unwrap();
    let source = content["source"].as_str().unwrap().as_bytes();
    let (status, reply) =
        app.post_json("/console/turn", &json!({"utterance": "why did my immunotherapy stop working"})).await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["intent"]["name"], "WhyStoppedWorkingIntent");
    let likeliest = reply["likeliest"].as_array().unwrap();
    assert_eq!(likeliest[0]["intent"], "WhyStoppedWorkingIntent");
    let probabilities: Vec<f64> = likeliest.iter().map(|likely| likely["probability"].as_f64().unwrap()).collect();
    assert!(probabilities.len() > 1 && probabilities.windows(2).all(|pair| pair[0] >= pair[1]), "{probabilities:?}");
    let ssml = &reply["speech"]["ssml"];
    assert!(ssml["alexa"].as_str().unwrap().starts_with("<speak>"));
    assert!(ssml["generic"].as_str().unwrap().contains("xmlns"));
    assert!(!ssml["google"].as_str().unwrap().contains("amazon:"));
    let words = reply["speech"]["text"].as_str().unwrap();
    assert_eq!(reply["part"]["topic"], "overview");
    assert!(reply["place"].as_str().unwrap().starts_with("overview"), "{}", reply["place"]);
    let cited = reply["part"]["cited"].as_array().unwrap();
    assert!(cited.len() >= 3);
    for sentence in cited {
        assert!(words.contains(sentence["sentence"].as_str().unwrap()), "{sentence}");
        for passage in sentence["passages"].as_array().unwrap() {
            let (start, end) = (passage["start"].as_u64().unwrap() as usize, passage["end"].as_u64().unwrap() as usize);
            let passage = std::str::from_utf8(&source[start..end]).unwrap();
            assert!(!passage.trim().is_empty() && passage.trim() == passage, "{passage:?}");
        }
    }
    let first = &cited[0]["passages"][0];
    let first = &source[first["start"].as_u64().unwrap() as usize..first["end"].as_u64().unwrap() as usize];
    assert!(first.starts_with(b"When immunotherapy stops working, it means"));
    // A command clicked is not matched, so it has no likeliest intents; Yes goes on.
    let (_, next) =
        app.post_json("/console/turn", &json!({"intent": "AMAZON.YesIntent", "session": reply["session"]})).await;
    assert_eq!(next["likeliest"], json!([]));
    assert_eq!(next["part"]["topic"], "resistance");
}

#[tokio::test]
async fn the_audio_route_speaks_what_the_skill_says_and_nothing_else() {
    let app = spawn_console().await;
    let (_, reply) = app.post_json("/console/turn", &json!({"intent": "LaunchRequest"})).await;
    let words = reply["speech"]["text"].as_str().unwrap();
    let audio = |rate: &str, text: &str| {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("rate", rate)
            .append_pair("text", text)
            .finish();
        format!("/console/audio?{query}")
    };
    let response = get(&app, &audio("normal", "Anything at all, said by anyone.")).await;
    assert_eq!(response.status(), 404);
    let response = get(&app, &audio("breakneck", words)).await;
    assert_eq!(response.status(), 400);
    let response = get(&app, "/console/audio").await;
    assert_eq!(response.status(), 400);
    let response = get(&app, &audio("slowest", words)).await;
    if !espeak_installed() {
        assert_eq!(response.status(), 503);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "audio_unavailable");
        return;
    }
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "audio/wav");
    let slowest = carevoice::audio::duration(&response.bytes().await.unwrap()).unwrap();
    let normal = get(&app, &audio("normal", words)).await.bytes().await.unwrap();
    let normal = carevoice::audio::duration(&normal).unwrap();
    assert!(slowest > normal && normal.as_secs_f64() > 3.0, "slowest {slowest:?}, normal {normal:?}");
}
