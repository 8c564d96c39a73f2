//! Property tests over every parser that reads outside input: the Alexa envelope, the
//! simulated API's body, the session state, and the certificate URL check. Whatever
//! arrives, nothing panics, and what is answered is valid speech.

use carevoice::platform::alexa::{Alexa, wire::RequestEnvelope};
use carevoice::platform::simulated::{Simulated, TurnRequest};
use carevoice::platform::{RequestError, decode_session};
use carevoice::verify::cert_url;
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::helpers::{SKILL, answer, assert_valid_ssml};

fn raw(value: &Value) -> Box<serde_json::value::RawValue> {
    serde_json::value::to_raw_value(value).unwrap()
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,20}".prop_map(Value::from),
        prop_oneof![Just("overview"), Just("go_on"), Just("options"), Just("carevoice"), Just("version")]
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    ".{0,8}",
                    Just("version".to_owned()),
                    Just("prompt".to_owned()),
                    Just("position".to_owned())
                ],
                inner,
                0..6
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn intent_name() -> impl Strategy<Value = String> {
    let known: Vec<String> = SKILL.content.model.intents.iter().map(|intent| intent.name.clone()).collect();
    prop_oneof![prop::sample::select(known), ".{0,30}"]
}

fn topic_id() -> impl Strategy<Value = String> {
    let known: Vec<String> = SKILL.content.topics.iter().map(|topic| topic.id.clone()).collect();
    prop_oneof![prop::sample::select(known), "[a-z-]{0,12}"]
}

/// Session states shaped like ours, with ids and numbers that may or may not fit.
fn near_valid_state() -> impl Strategy<Value = Value> {
    (topic_id(), 0usize..5, topic_id(), any::<bool>(), 0u32..3, 0usize..6).prop_map(
        |(position, part, offer, disclaimed, version, prompt_kind)| {
            let prompt = match prompt_kind {
                0 => json!({"offer": offer}),
                1 => json!("go_on"),
                2 => json!("options"),
                3 => json!({"options_except": offer}),
                4 => json!("end"),
                _ => json!({"nonsense": 1}),
            };
            json!({
                "version": version,
                "position": {"topic": position, "part": part},
                "last": {"part": {"topic": offer, "part": part, "disclaimer": disclaimed}},
                "prompt": prompt,
                "disclaimed": disclaimed,
            })
        },
    )
}

fn assert_alexa_speech(response: &Value) {
    if let Some(ssml) = response["response"]["outputSpeech"]["ssml"].as_str() {
        assert_valid_ssml(ssml);
    }
    if let Some(ssml) = response["response"]["reprompt"]["outputSpeech"]["ssml"].as_str() {
        assert_valid_ssml(ssml);
    }
}

proptest! {
    #[test]
    fn any_json_as_an_alexa_envelope_is_parsed_or_refused_never_panics(value in any_json()) {
        if let Ok(envelope) = serde_json::from_value::<RequestEnvelope>(value) {
            assert_alexa_speech(&answer::<Alexa>(envelope).unwrap());
        }
    }

    #[test]
    fn alexa_requests_with_any_intent_slot_and_attributes_get_valid_speech(
        name in intent_name(),
        slot in ".{0,40}",
        attributes in prop_oneof![any_json(), near_valid_state().prop_map(|state| json!({"carevoice": state}))],
        new in any::<bool>(),
    ) {
        let envelope = json!({
            "version": "1.0",
            "session": {"new": new, "attributes": attributes, "application": {"applicationId": "x"}},
            "request": {"type": "IntentRequest", "timestamp": "2026-01-01T00:00:00Z",
                        "intent": {"name": name, "slots": {"option": {"name": "option", "value": slot}}}},
        });
        let envelope: RequestEnvelope = serde_json::from_value(envelope).unwrap();
        let response = answer::<Alexa>(envelope).unwrap();
        prop_assert!(response["response"]["outputSpeech"]["ssml"].is_string());
        assert_alexa_speech(&response);
    }

    #[test]
    fn any_utterance_gets_an_answer(utterance in "\\PC{0,120}", session in prop::option::of(near_valid_state())) {
        match answer::<Simulated>(TurnRequest::utterance(&utterance, session.as_ref().map(raw))) {
            Ok(response) => {
                assert_valid_ssml(response["speech"]["ssml"].as_str().expect("an utterance is answered"));
                prop_assert!(!response["speech"]["text"].as_str().unwrap().is_empty());
            }
            Err(error) => prop_assert!(utterance.trim().is_empty() && matches!(error, RequestError::Invalid(_))),
        }
    }

    #[test]
    fn any_bytes_as_a_turn_body_are_parsed_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(request) = serde_json::from_slice::<TurnRequest>(&bytes) {
            let _ = answer::<Simulated>(request);
        }
    }

    #[test]
    fn any_json_as_a_turn_body_is_parsed_or_refused(value in any_json()) {
        if let Ok(request) = serde_json::from_value::<TurnRequest>(value)
            && let Ok(response) = answer::<Simulated>(request)
            && let Some(ssml) = response["speech"]["ssml"].as_str()
        {
            assert_valid_ssml(ssml);
        }
    }

    #[test]
    fn any_session_state_decodes_to_a_session_that_fits_the_content(
        state in prop_oneof![any_json(), near_valid_state()],
    ) {
        let session = decode_session(&SKILL.content, Some(&raw(&state)));
        if let Some(position) = session.and_then(|session| session.position) {
            prop_assert!(position.part < SKILL.content.topics[position.topic].parts.len());
        }
    }

    #[test]
    fn the_certificate_url_check_never_panics(url in "\\PC{0,80}") {
        let _ = cert_url::check(&url);
    }

    #[test]
    fn only_amazons_certificate_urls_are_accepted(
        scheme in prop::sample::select(vec!["https", "HTTPS", "Https", "http", "ftp"]),
        host in prop::sample::select(vec!["s3.amazonaws.com", "S3.AmazonAWS.com", "s3.amazonaws.com.evil.com", "evil.com"]),
        port in prop::sample::select(vec!["", ":443", ":8443", ":80"]),
        segments in prop::collection::vec(
            prop::sample::select(vec!["echo.api", "ECHO.API", "..", ".", "evil", "%2e%2e", "cert.pem"]), 1..6),
    ) {
        let raw = format!("{scheme}://{host}{port}/{}", segments.join("/"));
        // The expected answer, worked out independently: resolve dot segments by hand.
        let mut resolved: Vec<&str> = Vec::new();
        for segment in &segments {
            match *segment {
                ".." | "%2e%2e" => { resolved.pop(); }
                "." => {}
                other => resolved.push(other),
            }
        }
        let last_is_dot = matches!(segments.last(), Some(&"..") | Some(&".") | Some(&"%2e%2e"));
        let path = format!("/{}{}", resolved.join("/"), if last_is_dot && !resolved.is_empty() { "/" } else { "" });
        let expected = scheme.eq_ignore_ascii_case("https")
            && host.eq_ignore_ascii_case("s3.amazonaws.com")
            && (port.is_empty() || port == ":443")
            && path.starts_with("/echo.api/");
        prop_assert_eq!(cert_url::check(&raw).is_ok(), expected, "{} resolved to {}", raw, path);
    }
}
