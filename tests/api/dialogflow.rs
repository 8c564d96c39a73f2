//! `POST /dialogflow/es` and `POST /dialogflow/cx` with real-shaped webhook requests:
//! routing, state carried only by contexts and session parameters, authentication, and
//! replies that hold only fields of Google's WebhookResponse messages.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::helpers::{DIALOGFLOW_BASIC, SKILL, fresh_dir, settings, spawn_app, spawn_app_with};

const ES_SESSION: &str = "projects/carevoice-test-4f2a1/agent/sessions/4b1c8a72-5f0e-4d2b-9a61-0c3e7d9f1b24";
const CX_AGENT: &str =
    "projects/carevoice-test-4f2a1/locations/us-central1/agents/8d3e1f2a-6b7c-4d9e-a0f1-2b3c4d5e6f70";

fn topic_part(id: &str) -> &'static str {
    &SKILL.content.topics[SKILL.content.topic_index(id).unwrap()].parts[0].text
}

/// A Dialogflow ES WebhookRequest as Dialogflow sends it: full session path, the
/// matched intent, and the output contexts including `__system_counters__`.
pub fn es_request(display_name: &str, query_text: &str, parameters: Value, contexts: &[Value]) -> Value {
    let mut output_contexts = contexts.to_vec();
    output_contexts.push(json!({
        "name": format!("{ES_SESSION}/contexts/__system_counters__"),
        "lifespanCount": 1,
        "parameters": {"no-input": 0.0, "no-match": 0.0},
    }));
    json!({
        "responseId": "0b7e3c52-9d2f-4a61-8e0c-5f1a2b3c4d5e-b4ef8d5f",
        "queryResult": {
            "queryText": query_text,
            "parameters": parameters,
            "allRequiredParamsPresent": true,
            "fulfillmentMessages": [{"text": {"text": [""]}}],
            "outputContexts": output_contexts,
            "intent": {
                "name": format!("projects/carevoice-test-4f2a1/agent/intents/{}", display_name.len()),
                "displayName": display_name,
                "isFallback": display_name == "Default Fallback Intent",
            },
            "intentDetectionConfidence": 0.8735,
            "languageCode": "en",
        },
        "originalDetectIntentRequest": {"source": "DIALOGFLOW_CONSOLE", "payload": {}},
        "session": ES_SESSION,
    })
}

/// A Dialogflow CX WebhookRequest as Dialogflow sends it.
pub fn cx_request(tag: &str, display_name: Option<&str>, text: &str, parameters: Value) -> Value {
    let mut request = json!({
        "detectIntentResponseId": "5c1f0a9e-3b7d-4e2a-8f6c-1d0e9b8a7c6f",
        "fulfillmentInfo": {"tag": tag},
        "pageInfo": {
            "currentPage": format!("{CX_AGENT}/flows/00000000-0000-0000-0000-000000000000/pages/START_PAGE"),
            "displayName": "Start Page",
        },
        "sessionInfo": {
            "session": format!("{CX_AGENT}/sessions/dfMessenger-1736241"),
            "parameters": parameters,
        },
        "text": text,
        "languageCode": "en",
        "sentimentAnalysisResult": {"score": 0.1, "magnitude": 0.1},
    });
    if let Some(name) = display_name {
        request["intentInfo"] = json!({
            "lastMatchedIntent": format!("{CX_AGENT}/intents/{}", name.len()),
            "displayName": name,
            "confidence": 0.91,
            "parameters": {},
        });
    }
    request
}

/// Google's `google.cloud.dialogflow.v2.WebhookResponse`, field for field; any other
/// field in a reply fails to parse.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)]
struct EsWebhookResponse {
    fulfillment_text: Option<String>,
    fulfillment_messages: Option<Vec<EsMessage>>,
    source: Option<String>,
    payload: Option<Map<String, Value>>,
    output_contexts: Option<Vec<EsContext>>,
    followup_event_input: Option<Value>,
    session_entity_types: Option<Vec<Value>>,
}

/// `google.cloud.dialogflow.v2.Intent.Message` (the oneof's members, and `platform`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)]
struct EsMessage {
    platform: Option<String>,
    text: Option<EsText>,
    image: Option<Value>,
    quick_replies: Option<Value>,
    card: Option<Value>,
    payload: Option<Value>,
    simple_responses: Option<Value>,
    basic_card: Option<Value>,
    suggestions: Option<Value>,
    link_out_suggestion: Option<Value>,
    list_select: Option<Value>,
    carousel_select: Option<Value>,
    browse_carousel_card: Option<Value>,
    table_card: Option<Value>,
    media_content: Option<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct EsText {
    text: Vec<String>,
}

/// `google.cloud.dialogflow.v2.Context`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)]
struct EsContext {
    name: String,
    lifespan_count: Option<i32>,
    parameters: Option<Map<String, Value>>,
}

/// Google's `google.cloud.dialogflow.cx.v3.WebhookResponse`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)]
struct CxWebhookResponse {
    fulfillment_response: Option<CxFulfillmentResponse>,
    page_info: Option<Value>,
    session_info: Option<CxSessionInfo>,
    payload: Option<Map<String, Value>>,
    target_page: Option<String>,
    target_flow: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)]
struct CxFulfillmentResponse {
    messages: Vec<CxResponseMessage>,
    merge_behavior: Option<String>,
}

/// `google.cloud.dialogflow.cx.v3.ResponseMessage`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)]
struct CxResponseMessage {
    text: Option<EsText>,
    payload: Option<Map<String, Value>>,
    conversation_success: Option<Value>,
    output_audio_text: Option<CxOutputAudioText>,
    live_agent_handoff: Option<Value>,
    play_audio: Option<Value>,
    telephony_transfer_call: Option<Value>,
    knowledge_info_card: Option<Value>,
    channel: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct CxOutputAudioText {
    ssml: Option<String>,
    text: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)]
struct CxSessionInfo {
    session: Option<String>,
    parameters: Option<Map<String, Value>>,
}

/// Checks SSML for Google: one `<speak>` document, no Alexa-only tags, at most 5,000
/// bytes.
#[track_caller]
fn assert_google_ssml(ssml: &str) {
    assert!(ssml.len() <= 5_000, "{} bytes", ssml.len());
    let document = roxmltree::Document::parse(ssml).unwrap_or_else(|error| panic!("{error}: {ssml}"));
    assert_eq!(document.root_element().tag_name().name(), "speak");
    for node in document.descendants().filter(|node| node.is_element()) {
        let name = node.tag_name().name();
        assert!(["speak", "break", "prosody"].contains(&name), "unexpected <{name}> in {ssml}");
        assert!(!node.tag_name().namespace().is_some_and(|ns| ns.contains("amazon")), "{ssml}");
    }
}

/// Checks an ES reply against Google's schema and limits; returns its plain words.
#[track_caller]
fn es_words(reply: &Value) -> String {
    assert!(serde_json::to_vec(reply).unwrap().len() < 64 * 1024);
    let typed: EsWebhookResponse =
        serde_json::from_value(reply.clone()).unwrap_or_else(|error| panic!("{error}: {reply}"));
    let text = typed.fulfillment_text.unwrap();
    assert_eq!(reply["fulfillmentMessages"][0]["text"]["text"][0], text.as_str());
    assert_google_ssml(
        reply["payload"]["google"]["richResponse"]["items"][0]["simpleResponse"]["textToSpeech"].as_str().unwrap(),
    );
    assert_eq!(
        reply["payload"]["carevoice"]["ssml"],
        reply["payload"]["google"]["richResponse"]["items"][0]["simpleResponse"]["textToSpeech"]
    );
    text
}

/// Checks a CX reply against Google's schema and limits; returns its plain words.
#[track_caller]
fn cx_words(reply: &Value) -> String {
    assert!(serde_json::to_vec(reply).unwrap().len() < 64 * 1024);
    let typed: CxWebhookResponse =
        serde_json::from_value(reply.clone()).unwrap_or_else(|error| panic!("{error}: {reply}"));
    let messages = typed.fulfillment_response.unwrap().messages;
    let text = messages.iter().find_map(|message| message.text.as_ref()).unwrap().text.join(" ");
    let ssml = messages.iter().find_map(|message| message.output_audio_text.as_ref()?.ssml.clone()).unwrap();
    assert_google_ssml(&ssml);
    text
}

/// The contexts of an ES reply, as Dialogflow sends them back with the next request.
fn carried_contexts(reply: &Value) -> Vec<Value> {
    reply["outputContexts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|context| context["lifespanCount"].as_i64() > Some(0))
        .cloned()
        .collect()
}

#[tokio::test]
async fn every_intent_is_answered_through_es_and_cx() {
    let app = spawn_app().await;
    for intent in &SKILL.content.model.intents {
        let parameters = if intent.slots.is_empty() { json!({}) } else { json!({"option": "stopping"}) };
        let es = app.dialogflow("/dialogflow/es", &es_request(&intent.name, "", parameters.clone(), &[])).await;
        let es_text = es_words(&es);
        assert!(!es_text.is_empty(), "{}", intent.name);

        let cx_parameters = if intent.slots.is_empty() {
            json!({})
        } else {
            json!({"option": {"originalValue": "stop", "resolvedValue": "stopping"}})
        };
        let mut request = cx_request(&intent.name, Some(&intent.name), "", json!({}));
        request["intentInfo"]["parameters"] = cx_parameters;
        let cx = app.dialogflow("/dialogflow/cx", &request).await;
        assert_eq!(cx_words(&cx), es_text, "{}: the same answer on both", intent.name);
    }
    let es = app
        .dialogflow("/dialogflow/es", &es_request("TreatmentOptionIntent", "", json!({"option": "stopping"}), &[]))
        .await;
    assert!(es_words(&es).contains(topic_part("stopping")));
}

#[tokio::test]
async fn the_welcome_intent_opens_the_skill() {
    let app = spawn_app().await;
    let es = app.dialogflow("/dialogflow/es", &es_request("Default Welcome Intent", "hi", json!({}), &[])).await;
    assert!(es_words(&es).starts_with("Hello, and welcome"));
    let cx = app
        .dialogflow("/dialogflow/cx", &cx_request("LaunchRequest", Some("Default Welcome Intent"), "hi", json!({})))
        .await;
    assert!(cx_words(&cx).starts_with("Hello, and welcome"));
}

#[tokio::test]
async fn unmatched_and_unknown_intents_are_matched_from_the_words() {
    let app = spawn_app().await;
    let es = app
        .dialogflow("/dialogflow/es", &es_request("Default Fallback Intent", "so what happens next", json!({}), &[]))
        .await;
    assert!(es_words(&es).contains(topic_part("next-steps")));
    let es =
        app.dialogflow("/dialogflow/es", &es_request("SomeoneElsesIntent", "could chemo help", json!({}), &[])).await;
    assert!(es_words(&es).contains(topic_part("combining")));
    let es = app
        .dialogflow("/dialogflow/es", &es_request("Default Fallback Intent", "play some jazz", json!({}), &[]))
        .await;
    assert!(es_words(&es).starts_with(&SKILL.content.framing.device), "another device's command");

    let cx = app.dialogflow("/dialogflow/cx", &cx_request("free-text", None, "is there still hope", json!({}))).await;
    assert!(cx_words(&cx).contains(topic_part("outlook")));
    let mut spoken = cx_request("free-text", None, "", json!({}));
    spoken.as_object_mut().unwrap().remove("text");
    spoken["transcript"] = json!("why did my treatment stop working");
    let cx = app.dialogflow("/dialogflow/cx", &spoken).await;
    assert!(cx_words(&cx).contains(topic_part("overview")));
}

#[tokio::test]
async fn words_of_danger_win_over_the_intent_dialogflow_matched() {
    let app = spawn_app().await;
    let es = app
        .dialogflow("/dialogflow/es", &es_request("AMAZON.YesIntent", "yes but I can't breathe", json!({}), &[]))
        .await;
    assert!(es_words(&es).contains("call 911 now"), "{es}");
    assert_eq!(es["outputContexts"][0]["lifespanCount"], 0, "the session ends");
    let cx = app
        .dialogflow(
            "/dialogflow/cx",
            &cx_request("OutlookIntent", Some("OutlookIntent"), "is there hope, I want to end my life", json!({})),
        )
        .await;
    assert!(cx_words(&cx).contains("988"), "{cx}");
}

#[tokio::test]
async fn a_denied_danger_leaves_the_matched_intent_to_be_answered() {
    let app = spawn_app().await;
    let es = app
        .dialogflow(
            "/dialogflow/es",
            &es_request("WhatHappensNextIntent", "he isn't bleeding or anything but what happens now", json!({}), &[]),
        )
        .await;
    let words = es_words(&es);
    assert!(words.contains(topic_part("next-steps")) && !words.contains("911"), "{es}");
    let cx = app
        .dialogflow("/dialogflow/cx", &cx_request("AMAZON.HelpIntent", None, "help me he's not breathing", json!({})))
        .await;
    assert!(cx_words(&cx).contains("call 911 now"), "a plea for help is not the help text: {cx}");
}

#[tokio::test]
async fn an_es_conversation_is_carried_by_contexts_only() {
    let app = spawn_app().await;
    let context_name = format!("{ES_SESSION}/contexts/carevoice");
    let launch = app.dialogflow("/dialogflow/es", &es_request("Default Welcome Intent", "hello", json!({}), &[])).await;
    assert_eq!(launch["outputContexts"][0]["name"], context_name.as_str());
    assert_eq!(launch["outputContexts"][0]["lifespanCount"], 5);
    let yes = app
        .dialogflow("/dialogflow/es", &es_request("AMAZON.YesIntent", "yes", json!({}), &carried_contexts(&launch)))
        .await;
    assert!(es_words(&yes).contains(topic_part("overview")));
    let yes_again = app
        .dialogflow("/dialogflow/es", &es_request("AMAZON.YesIntent", "sure", json!({}), &carried_contexts(&yes)))
        .await;
    assert!(es_words(&yes_again).contains(topic_part("resistance")));
    let repeat = app
        .dialogflow(
            "/dialogflow/es",
            &es_request("AMAZON.RepeatIntent", "say that again", json!({}), &carried_contexts(&yes_again)),
        )
        .await;
    assert_eq!(es_words(&repeat), es_words(&yes_again));
    assert_eq!(repeat["payload"]["google"]["expectUserResponse"], true);

    let stop = app
        .dialogflow("/dialogflow/es", &es_request("AMAZON.StopIntent", "stop", json!({}), &carried_contexts(&repeat)))
        .await;
    assert!(es_words(&stop).contains("Take care"));
    assert_eq!(stop["outputContexts"][0]["lifespanCount"], 0, "the state is cleared");
    assert_eq!(stop["payload"]["google"]["expectUserResponse"], false);
    assert_eq!(stop["payload"]["carevoice"]["endConversation"], true);
}

#[tokio::test]
async fn a_cx_conversation_is_carried_by_session_parameters_only() {
    let app = spawn_app().await;
    let step = |tag: &str, text: &str, parameters: &Value| {
        let mut carried = parameters.clone();
        carried["someOtherParameter"] = json!("kept by Dialogflow");
        cx_request(tag, Some(tag), text, carried)
    };
    let launch = app.dialogflow("/dialogflow/cx", &cx_request("LaunchRequest", None, "", json!({}))).await;
    let yes =
        app.dialogflow("/dialogflow/cx", &step("AMAZON.YesIntent", "yes", &launch["sessionInfo"]["parameters"])).await;
    assert!(cx_words(&yes).contains(topic_part("overview")));
    let yes_again =
        app.dialogflow("/dialogflow/cx", &step("AMAZON.YesIntent", "yes", &yes["sessionInfo"]["parameters"])).await;
    assert!(cx_words(&yes_again).contains(topic_part("resistance")));
    let repeat = app
        .dialogflow("/dialogflow/cx", &step("AMAZON.RepeatIntent", "again", &yes_again["sessionInfo"]["parameters"]))
        .await;
    assert_eq!(cx_words(&repeat), cx_words(&yes_again));
    assert!(repeat.get("targetPage").is_none());

    let stop = app
        .dialogflow("/dialogflow/cx", &step("AMAZON.StopIntent", "stop", &repeat["sessionInfo"]["parameters"]))
        .await;
    assert_eq!(stop["sessionInfo"]["parameters"]["carevoice"], Value::Null, "null deletes the state");
    assert_eq!(
        stop["targetPage"],
        format!("{CX_AGENT}/flows/00000000-0000-0000-0000-000000000000/pages/END_SESSION").as_str()
    );
}

#[tokio::test]
async fn requests_without_valid_credentials_get_a_401() {
    let app = spawn_app().await;
    let body = es_request("AMAZON.HelpIntent", "help", json!({}), &[]);
    let (user, password) = DIALOGFLOW_BASIC.split_once(':').unwrap();
    for path in ["/dialogflow/es", "/dialogflow/cx"] {
        let url = format!("{}{path}", app.address);
        for request in [
            app.client.post(&url).json(&body),
            app.client.post(&url).basic_auth(user, Some("wrong")).json(&body),
            app.client.post(&url).basic_auth("someone", Some(password)).json(&body),
            app.client.post(&url).bearer_auth(password).json(&body),
        ] {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 401);
            assert_eq!(response.headers()["www-authenticate"], "Basic realm=\"carevoice\"");
            let error: Value = response.json().await.unwrap();
            assert_eq!(error["error"]["code"], "unauthorized");
            assert!(!error.to_string().contains(password), "the secret is not echoed");
        }
    }
}

#[tokio::test]
async fn a_secret_header_can_stand_in_for_or_join_basic_authentication() {
    let mut header_only = settings();
    header_only.dialogflow.basic = None;
    header_only.dialogflow.header = Some("X-Carevoice-Key: 7f3a9c1e".to_owned().into());
    let app = spawn_app_with(header_only).await;
    let url = format!("{}/dialogflow/cx", app.address);
    let body = cx_request("AMAZON.HelpIntent", None, "help", json!({}));
    assert_eq!(
        app.client.post(&url).header("x-carevoice-key", "7f3a9c1e").json(&body).send().await.unwrap().status(),
        200
    );
    assert_eq!(
        app.client.post(&url).header("x-carevoice-key", "7f3a9c1f").json(&body).send().await.unwrap().status(),
        401
    );
    assert_eq!(app.client.post(&url).json(&body).send().await.unwrap().status(), 401);

    let mut both = settings();
    both.dialogflow.header = Some("X-Carevoice-Key: 7f3a9c1e".to_owned().into());
    let app = spawn_app_with(both).await;
    let url = format!("{}/dialogflow/es", app.address);
    let (user, password) = DIALOGFLOW_BASIC.split_once(':').unwrap();
    let body = es_request("AMAZON.HelpIntent", "help", json!({}), &[]);
    let with_both = app.client.post(&url).basic_auth(user, Some(password)).header("x-carevoice-key", "7f3a9c1e");
    assert_eq!(with_both.json(&body).send().await.unwrap().status(), 200);
    let basic_only = app.client.post(&url).basic_auth(user, Some(password));
    assert_eq!(basic_only.json(&body).send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn without_credentials_configured_dialogflow_is_refused_unless_in_development_mode() {
    let mut settings_none = settings();
    settings_none.dialogflow.basic = None;
    let app = spawn_app_with(settings_none.clone()).await;
    let response = app
        .client
        .post(format!("{}/dialogflow/es", app.address))
        .json(&es_request("AMAZON.HelpIntent", "", json!({}), &[]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["code"], "dialogflow_not_configured");
    assert!(error["error"]["message"].as_str().unwrap().contains("--dialogflow-basic-auth"));

    settings_none.dialogflow.insecure_no_auth = true;
    let app = spawn_app_with(settings_none).await;
    let response = app
        .client
        .post(format!("{}/dialogflow/cx", app.address))
        .json(&cx_request("AMAZON.HelpIntent", None, "", json!({})))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn bad_json_is_a_400_once_authenticated() {
    let app = spawn_app().await;
    let (user, password) = DIALOGFLOW_BASIC.split_once(':').unwrap();
    for path in ["/dialogflow/es", "/dialogflow/cx"] {
        for body in ["{", "[1, 2]", "\"text\""] {
            let response = app
                .client
                .post(format!("{}{path}", app.address))
                .basic_auth(user, Some(password))
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 400, "{path} {body}");
            let error: Value = response.json().await.unwrap();
            assert_eq!(error["error"]["code"], "malformed_json");
        }
    }
    // ES needs its session path and query result.
    let response = app
        .client
        .post(format!("{}/dialogflow/es", app.address))
        .basic_auth(user, Some(password))
        .json(&json!({"queryResult": {}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    // Unknown fields are accepted and ignored, as proto3 JSON parsers do.
    let mut request = es_request("AMAZON.HelpIntent", "help", json!({}), &[]);
    request["someFutureField"] = json!({"x": 1});
    request["queryResult"]["anotherNewField"] = json!(true);
    let _: BTreeMap<String, Value> = serde_json::from_value(app.dialogflow("/dialogflow/es", &request).await).unwrap();
}

#[tokio::test]
async fn dialogflow_users_are_remembered_by_their_actions_on_google_user_id() {
    let mut settings = settings();
    settings.data_dir = Some(fresh_dir("memory"));
    let app = spawn_app_with(settings).await;
    let welcome_back = SKILL.content.framing.welcome_back.as_str();
    let es_ssml = |reply: &Value| {
        reply["payload"]["google"]["richResponse"]["items"][0]["simpleResponse"]["textToSpeech"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let es_as = |user: &str, mut request: Value| {
        request["originalDetectIntentRequest"] = json!({"source": "google", "payload": {"user": {"userId": user}}});
        request
    };
    let cx_as = |user: &str, mut request: Value| {
        request["payload"] = json!({"user": {"userId": user}});
        request
    };

    // Dialogflow ES: a slower rate, then a new conversation of the same person.
    let slower = app
        .dialogflow(
            "/dialogflow/es",
            &es_as("ABwppHF-es-1", es_request("SpeakSlowerIntent", "slower please", json!({}), &[])),
        )
        .await;
    assert!(es_ssml(&slower).contains(r#"<prosody rate="85%">"#), "{slower}");
    let back = app
        .dialogflow(
            "/dialogflow/es",
            &es_as("ABwppHF-es-1", es_request("Default Welcome Intent", "hi", json!({}), &[])),
        )
        .await;
    assert!(es_words(&back).starts_with(welcome_back), "{back}");
    assert!(es_ssml(&back).contains(r#"<prosody rate="85%">"#), "{back}");
    let stranger = app
        .dialogflow(
            "/dialogflow/es",
            &es_as("ABwppHF-es-2", es_request("Default Welcome Intent", "hi", json!({}), &[])),
        )
        .await;
    assert!(!es_words(&stranger).starts_with(welcome_back) && !es_ssml(&stranger).contains("<prosody"), "{stranger}");

    // Dialogflow CX, the same way; the same id on another platform is another person.
    let first = app
        .dialogflow("/dialogflow/cx", &cx_as("ABwppHF-es-1", cx_request("LaunchRequest", None, "", json!({}))))
        .await;
    assert!(!cx_words(&first).starts_with(welcome_back), "{first}");
    let faster = app
        .dialogflow(
            "/dialogflow/cx",
            &cx_as("ABwppHF-es-1", cx_request("SpeakFasterIntent", None, "faster", json!({}))),
        )
        .await;
    cx_words(&faster);
    let back = app
        .dialogflow("/dialogflow/cx", &cx_as("ABwppHF-es-1", cx_request("LaunchRequest", None, "", json!({}))))
        .await;
    assert!(cx_words(&back).starts_with(welcome_back), "{back}");
    let ssml = back["fulfillmentResponse"]["messages"][1]["outputAudioText"]["ssml"].as_str().unwrap();
    assert!(ssml.contains(r#"<prosody rate="115%">"#), "{ssml}");
}
