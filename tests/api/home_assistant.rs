//! Home Assistant's webhook conversation integration: the JSON it posts to
//! `/homeassistant/conversation`, with the webhook credentials Dialogflow uses, and the
//! `output` field it reads.

use serde_json::{Value, json};

use crate::helpers::{DIALOGFLOW_BASIC, TestApp, spawn_app};

const ROUTE: &str = "/homeassistant/conversation";

/// A turn as the integration posts it: the chat so far, the query, the pipeline's language,
/// the agent, the satellite, and the exposed entities as a JSON string.
fn turn(conversation_id: &str, query: &str, language: &str) -> Value {
    json!({
        "conversation_id": conversation_id,
        "user_id": null,
        "language": language,
        "agent_id": "conversation.care_voice",
        "device_id": "5f0c7d2b9a8e4c1d",
        "device_info": {"name": "Bedroom Voice", "manufacturer": "Nabu Casa", "model": "Home Assistant Voice PE"},
        "messages": [{"role": "user", "content": query}],
        "query": query,
        "exposed_entities": "[{\"entity_id\": \"light.bedroom\", \"name\": \"Bedroom light\", \"state\": \"off\"}]",
        "system_prompt": "You are a voice assistant for Home Assistant.",
        "stream": false
    })
}

impl TestApp {
    /// Posts a turn with the webhook's basic authentication; the status and body.
    async fn home_assistant(&self, body: &Value) -> (u16, Value) {
        let (user, password) = DIALOGFLOW_BASIC.split_once(':').unwrap();
        let response = self
            .client
            .post(format!("{}{ROUTE}", self.address))
            .basic_auth(user, Some(password))
            .json(body)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    /// The words of a turn that must be answered.
    async fn said(&self, conversation_id: &str, query: &str, language: &str) -> (String, bool) {
        let (status, reply) = self.home_assistant(&turn(conversation_id, query, language)).await;
        assert_eq!(status, 200, "{reply}");
        (reply["output"].as_str().unwrap().to_owned(), reply["end_conversation"].as_bool().unwrap())
    }
}

#[tokio::test]
async fn a_conversation_goes_on_by_its_id_asking_with_a_question_mark_and_danger_comes_first() {
    let app = spawn_app().await;
    let (topic, end) = app.said("01JH4Z8W3K5R", "why did my immunotherapy stop working", "en").await;
    assert!(topic.contains("no longer being effectively targeted") && topic.ends_with('?'), "{topic}");
    assert!(!end);
    // "yes" without the wake word: the server kept where the conversation was.
    let (yes, _) = app.said("01JH4Z8W3K5R", "yes", "en").await;
    assert!(yes.contains("develop resistance") && yes.ends_with('?'), "{yes}");
    let (again, _) = app.said("01JH4Z8W3K5R", "say that again", "en").await;
    assert_eq!(again, yes);
    // Another conversation starts afresh: "yes" answers no question there.
    let (elsewhere, _) = app.said("01JH4Z9ABCDE", "yes", "en").await;
    assert!(!elsewhere.contains("develop resistance") && elsewhere.ends_with('?'), "{elsewhere}");
    // The speaker reads at its own speed, and the skill says so rather than promising.
    let (slower, _) = app.said("01JH4Z8W3K5R", "can you speak more slowly", "en").await;
    assert!(slower.starts_with("I can't change how fast I speak"), "{slower}");
    assert!(slower.ends_with("Shall I go on?"), "the question stays: {slower}");
    // Danger first, in the pipeline's own country.
    let (danger, end) = app.said("01JH4Z8W3K5R", "my husband has collapsed and isn't breathing", "en-GB").await;
    assert!(danger.contains("call 999") && end, "{danger}");
    let (goodbye, end) = app.said("01JH4ZSTOP00", "stop", "en").await;
    assert!(goodbye.contains("Take care") && !goodbye.ends_with('?') && end, "{goodbye}");
    // An ended conversation starts afresh.
    let (after, _) = app.said("01JH4Z8W3K5R", "yes", "en").await;
    assert!(!after.contains("develop resistance") && after.ends_with('?'), "{after}");
}

#[tokio::test]
async fn it_takes_the_credentials_dialogflow_takes_and_says_what_is_wrong() {
    let app = spawn_app().await;
    let url = format!("{}{ROUTE}", app.address);
    let unauthenticated = app.client.post(&url).json(&turn("c", "hello", "en")).send().await.unwrap();
    assert_eq!(unauthenticated.status().as_u16(), 401);
    let wrong = app.client.post(&url).basic_auth("dialogflow", Some("nope")).json(&turn("c", "hello", "en"));
    assert_eq!(wrong.send().await.unwrap().status().as_u16(), 401);

    let mut streaming = turn("c", "hello", "en");
    streaming["stream"] = json!(true);
    let (status, reply) = app.home_assistant(&streaming).await;
    assert_eq!(status, 400);
    assert!(reply["error"]["message"].as_str().unwrap().contains("Enable Response Streaming"), "{reply}");
    let mut anonymous = turn("c", "hello", "en");
    anonymous.as_object_mut().unwrap().remove("conversation_id");
    let (status, reply) = app.home_assistant(&anonymous).await;
    assert_eq!(status, 400);
    assert!(reply["error"]["message"].as_str().unwrap().contains("conversation_id"), "{reply}");
    let (status, reply) = app.home_assistant(&turn("c", "bonjour", "fr-FR")).await;
    assert_eq!(status, 400);
    assert!(reply["error"]["message"].as_str().unwrap().contains("en-GB"), "{reply}");
    let (status, reply) = app.home_assistant(&turn("c", &"so ".repeat(400), "en")).await;
    assert_eq!(status, 400, "{reply}");
}
