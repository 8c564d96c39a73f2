//! Every locale answered in its own words and numbers, through every platform; a locale
//! added from files alone, in another language with its own approved source text.

use carevoice::content::Files;
use carevoice::skill::Skills;
use serde_json::{Value, json};

use crate::dialogflow::{cx_request, es_request};
use crate::helpers::{SKILLS, alexa_words, copy_of_content, fixture, repository, spawn_app};

/// Each English locale, its emergency number, and words of its crisis answer.
const ENGLISH: [(&str, &str, &str); 5] = [
    ("en-US", "call 911 now", "call or text 988, the Suicide and Crisis Lifeline"),
    ("en-CA", "call 911 now", "call or text 9-8-8, the Suicide Crisis Helpline"),
    ("en-GB", "call 999 now", "call Samaritans, free, on 116 123"),
    ("en-AU", "call 000 now", "call Lifeline on 13 11 14"),
    ("en-IN", "call 112 now", "call Tele-MANAS on 14416"),
];

fn alexa_in(name: &str, locale: &str) -> Value {
    let mut envelope = fixture(name);
    envelope["request"]["locale"] = json!(locale);
    envelope
}

#[tokio::test]
async fn every_english_locale_hears_its_own_numbers_and_the_same_medical_answers() {
    let app = spawn_app().await;
    let medical = |locale: &str| json!({"utterance": "why did my immunotherapy stop working", "locale": locale});
    let us_answer = app_turn(&app, medical("en-US")).await;
    for (locale, emergency, crisis) in ENGLISH {
        let said = alexa_words(&app.alexa(&alexa_in("intent_EmergencyIntent", locale)).await);
        assert!(said.contains(emergency), "{locale} /alexa: {said}");
        let said = alexa_words(&app.alexa(&alexa_in("intent_CrisisIntent", locale)).await);
        assert!(said.contains(crisis) && said.contains(emergency), "{locale} /alexa: {said}");
        let why = alexa_words(&app.alexa(&alexa_in("intent_WhyStoppedWorkingIntent", locale)).await);
        assert!(why.contains("When immunotherapy stops working"), "{locale} /alexa: {why}");

        let said = app_turn(&app, json!({"utterance": "my husband can't breathe", "locale": locale})).await;
        assert!(said.contains(emergency), "{locale} /v1/turn: {said}");
        let said = app_turn(&app, json!({"utterance": "i want to end my life", "locale": locale})).await;
        assert!(said.contains(crisis), "{locale} /v1/turn: {said}");
        assert_eq!(app_turn(&app, medical(locale)).await, us_answer, "{locale}: the same medical answer");
    }
}

/// Every locale's lines, each as its answers must say it: a wrong number is worse than
/// none. (Each was checked on the official page `speech/<locale>/safety.toml` names.)
const LINES: [(&str, &[(&str, &str)]); 5] = [
    (
        "en-US",
        &[
            ("emergency_number", "911"),
            ("crisis_line", "988"),
            ("substance_line", "1-800-662-4357"),
            ("quit_line", "1-800-QUIT-NOW"),
            ("abuse_line", "1-800-799-7233"),
            ("assault_line", "1-800-656-4673"),
        ],
    ),
    ("en-GB", &[("emergency_number", "999"), ("crisis_line", "116 123"), ("abuse_line", "0808 2000 247")]),
    ("en-CA", &[("emergency_number", "911"), ("crisis_line", "9-8-8"), ("quit_line", "1-866-366-3667")]),
    (
        "en-AU",
        &[
            ("emergency_number", "000"),
            ("crisis_line", "13 11 14"),
            ("quit_line", "13 7848"),
            ("abuse_line", "1800 737 732"),
            ("assault_line", "1800 737 732"),
        ],
    ),
    (
        "en-IN",
        &[
            ("emergency_number", "112"),
            ("crisis_line", "14416"),
            ("substance_line", "14446"),
            ("quit_line", "1800-112-356"),
        ],
    ),
];

#[tokio::test]
async fn every_locale_gives_its_own_lines_for_abuse_assault_and_substance_use() {
    let app = spawn_app().await;
    for (locale, lines) in LINES {
        let numbers = SKILLS.for_locale(Some(locale)).unwrap().content.safety.numbers();
        let set: Vec<(&str, &str)> = numbers.iter().map(|number| (number.key, number.number)).collect();
        assert_eq!(set, lines, "{locale}");
        let line = |key: &str| lines.iter().find(|(name, _)| *name == key).map(|(_, number)| *number);
        let emergency = line("emergency_number").unwrap();
        for (words, key) in [
            ("my husband hits me", "abuse_line"),
            ("i was raped", "assault_line"),
            ("help me quit drinking", "substance_line"),
            ("help me quit smoking", "quit_line"),
            ("i'm so scared about all of this", "crisis_line"),
        ] {
            let body = app.turn(&json!({"utterance": words, "locale": locale})).await;
            let said = body["speech"]["text"].as_str().unwrap_or_default();
            if let Some(number) = line(key) {
                assert!(said.contains(number), "{locale} {words:?} names {key} {number}: {said}");
            }
            let ends = body["end_session"] == json!(true);
            if key == "abuse_line" || key == "assault_line" {
                assert!(said.contains(&format!("call {emergency}")) && ends, "{locale} {words:?}: {said}");
            } else {
                assert!(!ends && !said.contains(&format!("call {emergency} now")), "{locale} {words:?}: {said}");
            }
        }
    }
}

async fn app_turn(app: &crate::helpers::TestApp, request: Value) -> String {
    app.turn(&request).await["speech"]["text"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn dialogflow_answers_in_the_language_code_it_sends() {
    let app = spawn_app().await;
    let es_words = |body: &Value| body["fulfillmentText"].as_str().unwrap_or_default().to_owned();
    for (code, emergency) in [("en-gb", "call 999 now"), ("en-AU", "call 000 now"), ("en", "call 911 now")] {
        let mut request = es_request("EmergencyIntent", "my wife has collapsed", json!({}), &[]);
        request["queryResult"]["languageCode"] = json!(code);
        let said = es_words(&app.dialogflow("/dialogflow/es", &request).await);
        assert!(said.contains(emergency), "ES {code}: {said}");
    }
    let mut request = cx_request("EmergencyIntent", Some("EmergencyIntent"), "he has collapsed", json!({}));
    request["languageCode"] = json!("en-in");
    let body = app.dialogflow("/dialogflow/cx", &request).await;
    assert!(body.to_string().contains("call 112 now"), "CX en-in: {body}");
}

#[tokio::test]
async fn an_unsupported_locale_is_refused_clearly_by_alexa_dialogflow_and_the_simulated_api() {
    let app = spawn_app().await;
    let response =
        app.post_alexa_signed(crate::helpers::stamped(alexa_in("intent_EmergencyIntent", "de-DE")).to_string()).await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unsupported_locale");
    assert!(body["error"]["message"].as_str().unwrap().contains("en-GB"), "{body}");
    let (status, body) = app.post_json("/v1/turn", &json!({"utterance": "hello", "locale": "fr-FR"})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (400, Some("unsupported_locale")));
    let mut request = es_request("EmergencyIntent", "hilfe", json!({}), &[]);
    request["queryResult"]["languageCode"] = json!("de");
    let response = app.post_dialogflow("/dialogflow/es", &request).await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unsupported_locale");
}

#[test]
fn a_locale_in_another_language_is_added_from_files_alone() {
    let root = copy_of_content("locale-fr");
    let fixture = repository().join("tests/fixtures/locale-fr");
    for file in [
        "intents/fr-FR.json",
        "intents/fr.lexicon.toml",
        "speech/fr/source.txt",
        "speech/fr/topics.toml",
        "speech/fr/skill.toml",
        "speech/fr/safety.toml",
        "speech/fr-FR/safety.toml",
    ] {
        std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
        std::fs::copy(fixture.join(file), root.join(file)).unwrap();
    }
    let skills = Skills::load(&Files::read_all(&root).unwrap()).unwrap();
    let locales: Vec<&str> = skills.locales().collect();
    assert_eq!(locales, ["en-US", "en-AU", "en-CA", "en-GB", "en-IN", "fr-FR"]);
    let french = skills.for_locale(Some("fr-FR")).unwrap();
    assert_eq!(french.matcher.best("pourquoi le traitement ne marche plus du tout").intent, "PourquoiIntent");
    assert_eq!(french.matcher.best("il ne respire plus").intent, "EmergencyIntent");
    let part = &french.content.topics[0].parts[0];
    let passage = &french.content.source[part.cited[0].passages[0].clone()];
    assert!(passage.starts_with("Quand l'immunothérapie cesse d'agir"), "{passage}");
    assert!(french.content.safety.crisis.join(" ").contains("3114"));
    // The English locales are as they were, and share one matcher.
    assert_eq!(skills.default_locale().content.version, SKILLS.default_locale().content.version);
    assert!(std::sync::Arc::ptr_eq(&skills.all()[0].matcher, &skills.all()[3].matcher));

    // Provenance is checked against the French source: a sentence not in it is refused.
    let topics = root.join("speech/fr/topics.toml");
    let text = std::fs::read_to_string(&topics).unwrap();
    std::fs::write(&topics, text.replace("discutera avec vous d'autres options", "guérira avec vous d'autres options"))
        .unwrap();
    let error = Skills::load(&Files::read_all(&root).unwrap()).unwrap_err().to_string();
    assert!(error.contains("speech/fr/topics.toml") && error.contains("guér"), "{error}");
}
