//! `POST /alexa` with real-shaped Alexa request envelopes.

use serde_json::{Value, json};

use crate::helpers::{SKILL, alexa_words, assert_valid_alexa_speech, fixture, fixture_names, repository, spawn_app};

/// A fixture continuing the session whose last response was `previous`.
fn within(previous: &Value, name: &str) -> Value {
    let mut envelope = fixture(name);
    envelope["session"]["new"] = json!(false);
    envelope["session"]["attributes"] = previous["sessionAttributes"].clone();
    envelope
}

#[tokio::test]
async fn every_fixture_gets_a_valid_response() {
    let app = spawn_app().await;
    for name in fixture_names() {
        let body = app.alexa(&fixture(&name)).await;
        if name.starts_with("session_ended") || name.starts_with("exception_encountered") {
            assert_eq!(body, json!({"version": "1.0", "response": {}}), "{name}");
        } else {
            assert_valid_alexa_speech(&body);
        }
    }
}

#[test]
fn every_intent_in_the_model_has_a_fixture() {
    let model: Value =
        serde_json::from_str(&std::fs::read_to_string(repository().join("intents/en-US.json")).unwrap()).unwrap();
    let names = fixture_names();
    for intent in model["interactionModel"]["languageModel"]["intents"].as_array().unwrap() {
        let fixture = format!("intent_{}", intent["name"].as_str().unwrap().replace("AMAZON.", "amazon_"));
        assert!(names.contains(&fixture), "no fixture {fixture}.json");
    }
}

#[tokio::test]
async fn each_topic_intent_is_answered_with_its_passage_first() {
    let app = spawn_app().await;
    let content = &SKILL.content;
    for (fixture_name, part_id) in [
        ("intent_WhyStoppedWorkingIntent", "overview"),
        ("intent_ResistanceIntent", "resistance"),
        ("intent_CancerHidingIntent", "hiding"),
        ("intent_ImmuneFatigueIntent", "exhaustion"),
        ("intent_AutoimmunityIntent", "autoimmunity"),
        ("intent_OtherFactorsIntent", "microenvironment"),
        ("intent_MicroenvironmentIntent", "microenvironment"),
        ("intent_UnderlyingConditionsIntent", "conditions"),
        ("intent_DosageTimingIntent", "dosage"),
        ("intent_WhatHappensNextIntent", "next-steps"),
        ("intent_SwitchImmunotherapyIntent", "switching"),
        ("intent_CombineTherapiesIntent", "combining"),
        ("intent_StopTreatmentIntent", "stopping"),
        ("intent_TreatmentOptionIntent", "combining"),
        ("intent_TreatmentOptionIntent_unresolved_slot", "stopping"),
        ("intent_TreatmentOptionIntent_empty_slot", "next-steps"),
        ("intent_OutlookIntent", "outlook"),
    ] {
        let body = app.alexa(&fixture(fixture_name)).await;
        let entry = content.part_named(part_id).unwrap();
        let topic = &content.topics[entry.topic];
        let words = alexa_words(&body);
        let passage = &topic.parts[entry.part].text;
        let others = topic.parts.iter().filter(|part| &part.text != passage);
        assert!(words.contains(passage.as_str()), "{fixture_name}: {words}");
        assert!(others.clone().all(|part| !words.contains(&part.text)), "{fixture_name}: only its passage: {words}");
        let position = &body["sessionAttributes"]["carevoice"]["position"];
        assert_eq!(position["topic"], topic.id.as_str(), "{fixture_name}");
        assert_eq!(position["part"], entry.part, "{fixture_name}");
    }
}

#[tokio::test]
async fn a_conversation_carries_its_state_in_session_attributes() {
    let app = spawn_app().await;
    let content = &SKILL.content;
    let topic = |id: &str| &content.topics[content.topic_index(id).unwrap()];

    let launch = app.alexa(&fixture("launch_request")).await;
    assert_valid_alexa_speech(&launch);
    assert!(alexa_words(&launch).contains("welcome"));
    assert_eq!(launch["sessionAttributes"]["carevoice"]["prompt"], json!({"offer": "overview"}));
    assert_eq!(launch["response"]["shouldEndSession"], false);

    let yes = app.alexa(&within(&launch, "intent_amazon_YesIntent")).await;
    assert!(alexa_words(&yes).contains(&topic("overview").parts[0].text));
    assert_eq!(yes["sessionAttributes"]["carevoice"]["prompt"], json!({"offer": "resistance"}));
    let reprompt = yes["response"]["reprompt"]["outputSpeech"]["ssml"].as_str().unwrap();
    assert!(reprompt.contains(&topic("resistance").offer), "the reprompt restates the question: {reprompt}");

    let yes_again = app.alexa(&within(&yes, "intent_amazon_YesIntent")).await;
    assert!(alexa_words(&yes_again).contains(&topic("resistance").parts[0].text));
    assert_eq!(yes_again["sessionAttributes"]["carevoice"]["prompt"], "go_on");

    let repeat = app.alexa(&within(&yes_again, "intent_amazon_RepeatIntent")).await;
    assert_eq!(repeat["response"]["outputSpeech"], yes_again["response"]["outputSpeech"]);

    let previous = app.alexa(&within(&repeat, "intent_amazon_PreviousIntent")).await;
    assert!(alexa_words(&previous).contains(&topic("overview").parts[0].text));
    assert_eq!(previous["sessionAttributes"]["carevoice"]["position"], json!({"topic": "overview", "part": 0}));

    let help = app.alexa(&within(&previous, "intent_amazon_HelpIntent")).await;
    assert!(alexa_words(&help).contains(&content.framing.help[0]));
    assert_eq!(help["sessionAttributes"]["carevoice"]["prompt"], json!({"offer": "resistance"}));

    let no = app.alexa(&within(&help, "intent_amazon_NoIntent")).await;
    assert!(alexa_words(&no).contains(&content.framing.declined));
    assert_eq!(no["response"]["shouldEndSession"], false);

    let stop = app.alexa(&within(&no, "intent_amazon_StopIntent")).await;
    assert_valid_alexa_speech(&stop);
    assert!(alexa_words(&stop).contains("Take care"));
    assert_eq!(stop["response"]["shouldEndSession"], true);
    assert!(stop.get("sessionAttributes").is_none(), "{stop}");
}

#[tokio::test]
async fn a_new_session_ignores_any_attributes_it_arrives_with() {
    let app = spawn_app().await;
    let mut envelope = fixture("intent_amazon_YesIntent");
    envelope["session"]["new"] = json!(true);
    envelope["session"]["attributes"] =
        json!({"carevoice": {"version": 1, "prompt": {"offer": "outlook"}, "disclaimed": true}});
    let body = app.alexa(&envelope).await;
    let outlook = &SKILL.content.topics[SKILL.content.topic_index("outlook").unwrap()];
    assert!(!alexa_words(&body).contains(&outlook.parts[0].text));
}

#[tokio::test]
async fn malformed_or_foreign_session_attributes_mean_a_fresh_session() {
    let app = spawn_app().await;
    for attributes in [
        json!({"carevoice": "not an object"}),
        json!({"carevoice": {"version": 99, "prompt": "options", "disclaimed": true}}),
        json!({"carevoice": {"version": 1, "prompt": {"offer": "no-such-topic"}, "disclaimed": true}}),
        json!({"carevoice": {"version": 1, "prompt": "go_on", "disclaimed": true}}),
        json!({"carevoice": {"version": 1, "prompt": "options", "disclaimed": true, "extra": 1}}),
        json!({"someOtherSkill": {"x": 1}}),
        json!(null),
        json!([1, 2, 3]),
    ] {
        let mut envelope = fixture("intent_amazon_YesIntent");
        envelope["session"]["attributes"] = attributes.clone();
        let body = app.alexa(&envelope).await;
        assert_valid_alexa_speech(&body);
        // A fresh session has no question pending, so Yes gets the options.
        assert_eq!(body["sessionAttributes"]["carevoice"]["prompt"], "options", "{attributes}: {body}");
    }
}
