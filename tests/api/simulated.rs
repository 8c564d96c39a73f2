//! `POST /v1/turn`, the simulated intent API, and `GET /healthz`.

use serde_json::{Value, json};

use crate::helpers::{SKILL, assert_valid_ssml, spawn_app};

fn topic_part(id: &str, part: usize) -> &'static str {
    &SKILL.content.topics[SKILL.content.topic_index(id).unwrap()].parts[part].text
}

#[tokio::test]
async fn a_resolved_intent_is_answered_with_certainty() {
    let app = spawn_app().await;
    let body = app.turn(&json!({"intent": "WhatHappensNextIntent"})).await;
    assert_eq!(body["intent"], json!({"name": "WhatHappensNextIntent", "confidence": 1.0}));
    assert!(body["speech"]["text"].as_str().unwrap().contains(topic_part("next-steps", 0)));
    assert_valid_ssml(body["speech"]["ssml"].as_str().unwrap());
    assert_valid_ssml(body["reprompt"]["ssml"].as_str().unwrap());
    assert_eq!(body["end_session"], false);
    assert_eq!(body["session"]["position"], json!({"topic": "next-steps", "part": 0}));
}

#[tokio::test]
async fn slots_of_a_resolved_intent_pick_the_topic() {
    let app = spawn_app().await;
    let body = app.turn(&json!({"intent": "TreatmentOptionIntent", "slots": {"option": "radiation"}})).await;
    assert!(body["speech"]["text"].as_str().unwrap().contains(topic_part("combining", 0)), "{body}");
}

#[tokio::test]
async fn free_text_is_matched_to_an_intent_with_a_confidence() {
    let app = spawn_app().await;
    let body = app.turn(&json!({"utterance": "Why did my treatment stop working?"})).await;
    assert_eq!(body["intent"]["name"], "WhyStoppedWorkingIntent");
    let confidence = body["intent"]["confidence"].as_f64().unwrap();
    assert!((0.5..=1.0).contains(&confidence), "{confidence}");
    assert!(body["speech"]["text"].as_str().unwrap().contains(topic_part("overview", 0)));

    let body = app.turn(&json!({"utterance": "could chemo help"})).await;
    let intent = body["intent"]["name"].as_str().unwrap();
    assert!(["TreatmentOptionIntent", "CombineTherapiesIntent"].contains(&intent), "{body}");
    assert!(body["speech"]["text"].as_str().unwrap().contains(topic_part("combining", 0)), "{body}");
}

#[tokio::test]
async fn a_minute_of_speech_is_understood_to_its_last_words() {
    let app = spawn_app().await;
    let story = "um so my husband he's had the infusions since march and we went to see the nurse and ".repeat(9);
    let danger = format!("{story}now he's collapsed on the kitchen floor");
    assert!(danger.chars().count() <= carevoice::platform::MAX_SPOKEN_CHARS, "{}", danger.len());
    let body = app.turn(&json!({"utterance": danger})).await;
    assert_eq!(body["intent"]["name"], "EmergencyIntent", "{body}");
    let question = format!("{story}what actually happens next now that it's stopped working");
    let body = app.turn(&json!({"utterance": question})).await;
    assert_eq!(body["intent"]["name"], "WhatHappensNextIntent", "{body}");
}

#[tokio::test]
async fn unmatched_words_get_a_kind_fallback_with_the_options() {
    let app = spawn_app().await;
    let body = app.turn(&json!({"utterance": "wibble wobble flim flam", "locale": "en-US"})).await;
    assert_eq!(body["intent"]["name"], "AMAZON.FallbackIntent");
    assert!((0.0..=1.0).contains(&body["intent"]["confidence"].as_f64().unwrap()));
    let text = body["speech"]["text"].as_str().unwrap();
    assert!(text.starts_with(&SKILL.content.framing.fallback), "{text}");
    assert!(text.contains("what happens next"), "a fresh session's open question is the options: {text}");
    assert_eq!(body["end_session"], false);
}

#[tokio::test]
async fn a_conversation_carries_its_state_in_the_session_object() {
    let app = spawn_app().await;
    let mut session = Value::Null;
    let mut replies = Vec::new();
    for (step, expect_position, expect_prompt) in [
        (json!({"intent": "LaunchRequest"}), Value::Null, json!({"offer": "overview"})),
        (json!({"utterance": "yes please"}), json!({"topic": "overview", "part": 0}), json!({"offer": "resistance"})),
        (json!({"utterance": "yes"}), json!({"topic": "resistance", "part": 0}), json!("go_on")),
        (json!({"utterance": "say that again"}), json!({"topic": "resistance", "part": 0}), json!("go_on")),
        (json!({"utterance": "go back"}), json!({"topic": "overview", "part": 0}), json!({"offer": "resistance"})),
        (json!({"utterance": "help"}), json!({"topic": "overview", "part": 0}), json!({"offer": "resistance"})),
        (
            json!({"utterance": "no thanks"}),
            json!({"topic": "overview", "part": 0}),
            json!({"options_except": "resistance"}),
        ),
        (json!({"utterance": "stop"}), json!({"topic": "overview", "part": 0}), json!("end")),
    ] {
        let mut request = step.clone();
        if !session.is_null() {
            request["session"] = session.clone();
        }
        let body = app.turn(&request).await;
        let position = body["session"].get("position").cloned().unwrap_or(Value::Null);
        assert_eq!(position, expect_position, "{step}: {body}");
        assert_eq!(body["session"]["prompt"], expect_prompt, "{step}: {body}");
        session = body["session"].clone();
        replies.push(body);
    }
    let text = |idx: usize| replies[idx]["speech"]["text"].as_str().unwrap().to_owned();
    assert_eq!(text(3), text(2), "repeat says the same again");
    assert!(text(1).contains(topic_part("overview", 0)));
    assert!(text(4).contains(topic_part("overview", 0)));
    assert!(text(5).contains(&SKILL.content.framing.help[0]));
    assert!(text(7).contains("Take care"));
    assert_eq!(replies[7]["end_session"], true);
    assert_eq!(replies[7]["reprompt"], Value::Null);
}

#[tokio::test]
async fn session_ended_gets_no_speech() {
    let app = spawn_app().await;
    let body = app.turn(&json!({"intent": "SessionEndedRequest"})).await;
    assert_eq!(body["speech"], Value::Null);
    assert_eq!(body["end_session"], true);
}

#[tokio::test]
async fn a_malformed_session_means_a_fresh_one() {
    let app = spawn_app().await;
    for session in [
        json!("garbage"),
        json!({"version": 1}),
        json!(42),
        json!({"version": 1, "prompt": {"offer": "x"}, "disclaimed": false}),
    ] {
        let body = app.turn(&json!({"intent": "AMAZON.YesIntent", "session": session})).await;
        assert_eq!(body["session"]["prompt"], "options", "{session}: {body}");
    }
}

#[tokio::test]
async fn the_health_check_answers() {
    let app = spawn_app().await;
    let response = app.client.get(format!("{}/healthz", app.address)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>().await.unwrap(), json!({"status": "ok"}));
}
