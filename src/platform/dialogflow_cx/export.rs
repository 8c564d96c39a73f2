//! A Dialogflow CX agent in the JSON package format: one flow whose every route calls
//! the webhook with the intent's name as its tag. Zip the directory and restore it
//! (Agent settings, Restore, JSON package).

use serde_json::{Value, json};

use crate::content::files::language;
use crate::content::model::SamplePart;
use crate::dialog::BuiltIn;
use crate::export::{File, agent_description, dialogflow_code, id};
use crate::platform::LAUNCH;
use crate::platform::dialogflow_es::WELCOME_INTENT;
use crate::skill::Skills;

const FLOW: &str = "Default Start Flow";
/// The ids Dialogflow CX itself gives the default start flow and the default welcome
/// intent, and the default negative intent: its own exports use them, and an import
/// with any other id makes a second flow or intent beside the defaults.
const START_FLOW_ID: &str = "00000000-0000-0000-0000-000000000000";
const WELCOME_INTENT_ID: &str = "00000000-0000-0000-0000-000000000000";
const NEGATIVE_INTENT_ID: &str = "00000000-0000-0000-0000-000000000001";
const WEBHOOK: &str = "carevoice";
/// The tag for routes that carry no intent of the model: the words are matched.
const FREE_TEXT_TAG: &str = "free-text";
/// The intent whose training phrases are negative examples: what no route should match.
const NEGATIVE_INTENT: &str = "Default Negative Intent";
/// Greetings that open the agent, for the welcome intent every CX agent has, besides
/// "open" and "talk to" the invocation name.
const WELCOME_PHRASES: [&str; 3] = ["hi", "hello", "start"];

/// The agent files for a server whose Dialogflow CX webhook is `webhook_url`: its
/// training phrases are the default locale's, in the agent's language, and every locale
/// is declared a language of the agent.
pub fn files(skills: &Skills, webhook_url: &str) -> Vec<File> {
    let content = &skills.default_locale().content;
    let language = language(&content.locale);
    let supported: Vec<String> = skills.locales().map(dialogflow_code).collect();
    let webhook_call = |tag: &str| json!({"webhook": WEBHOOK, "tag": tag});
    let routed_intents: Vec<&str> = content
        .model
        .intents
        .iter()
        .filter(|intent| !intent.samples.is_empty() && intent.name != BuiltIn::Fallback.name())
        .map(|intent| intent.name.as_str())
        .collect();
    let mut routes = vec![json!({
        "intent": WELCOME_INTENT,
        "triggerFulfillment": webhook_call(LAUNCH),
        "name": id("cx-route", WELCOME_INTENT),
    })];
    routes.extend(
        routed_intents.iter().map(
            |name| json!({"intent": name, "triggerFulfillment": webhook_call(name), "name": id("cx-route", name)}),
        ),
    );
    let mut files = vec![
        (
            "agent.json".to_owned(),
            json!({
                "displayName": content.framing.listing.name,
                "defaultLanguageCode": language,
                "supportedLanguageCodes": supported,
                "timeZone": "America/New_York",
                "description": agent_description(content),
                "startFlow": FLOW,
                "enableStackdriverLogging": false,
                "enableSpellCorrection": false,
            }),
        ),
        (
            format!("flows/{FLOW}/{FLOW}.json"),
            json!({
                "name": START_FLOW_ID,
                "displayName": FLOW,
                "description": "Every turn is answered by the carevoice webhook.",
                "transitionRoutes": routes,
                "eventHandlers": [
                    {"event": "sys.no-match-default", "triggerFulfillment": webhook_call(FREE_TEXT_TAG), "name": id("cx-event", "no-match")},
                    {"event": "sys.no-input-default", "triggerFulfillment": webhook_call(FREE_TEXT_TAG), "name": id("cx-event", "no-input")},
                ],
                "nluSettings": {"modelType": "MODEL_TYPE_STANDARD", "classificationThreshold": 0.3},
            }),
        ),
        (
            format!("webhooks/{WEBHOOK}.json"),
            json!({
                "name": id("cx-webhook", WEBHOOK),
                "displayName": WEBHOOK,
                "genericWebService": {"uri": webhook_url},
                "timeout": {"seconds": 5},
            }),
        ),
    ];
    let invocation = &content.model.invocation_name;
    let welcome_phrases: Vec<Value> = WELCOME_PHRASES
        .iter()
        .map(|phrase| (*phrase).to_owned())
        .chain([format!("open {invocation}"), format!("talk to {invocation}")])
        .map(|phrase| json!({"parts": [{"text": phrase}], "repeatCount": 1, "languageCode": language}))
        .collect();
    files.extend(intent_files(WELCOME_INTENT, language, Vec::new(), welcome_phrases));
    let fallback = content.model.intent(BuiltIn::Fallback.name()).filter(|intent| !intent.samples.is_empty());
    for model_intent in
        content.model.intents.iter().filter(|intent| routed_intents.contains(&intent.name.as_str())).chain(fallback)
    {
        // The fallback intent's samples are the agent's negative examples.
        let name =
            if model_intent.name == BuiltIn::Fallback.name() { NEGATIVE_INTENT } else { model_intent.name.as_str() };
        let parameters = model_intent
            .slots
            .iter()
            .map(|slot| json!({"id": slot.name, "entityType": format!("@{}", slot.slot_type)}))
            .collect();
        let phrases = model_intent
            .samples
            .iter()
            .enumerate()
            .map(|(idx, sample)| {
                let parts: Vec<Value> = content
                    .model
                    .sample_parts(model_intent, sample, idx)
                    .into_iter()
                    .map(|part| match part {
                        SamplePart::Words(text) => json!({"text": text}),
                        SamplePart::Slot { name, example, .. } => json!({"text": example, "parameterId": name}),
                    })
                    .collect();
                json!({"parts": parts, "repeatCount": 1, "languageCode": language})
            })
            .collect();
        files.extend(intent_files(name, language, parameters, phrases));
    }
    for slot_type in &content.model.types {
        files.push((
            format!("entityTypes/{0}/{0}.json", slot_type.name),
            json!({
                "name": id("cx-entity-type", &slot_type.name),
                "displayName": slot_type.name,
                "kind": "KIND_MAP",
                "autoExpansionMode": "AUTO_EXPANSION_MODE_UNSPECIFIED",
            }),
        ));
        let entities: Vec<Value> = slot_type
            .values
            .iter()
            .map(|value| json!({"value": value.id, "synonyms": value.spoken_forms().collect::<Vec<_>>(), "languageCode": language}))
            .collect();
        files.push((format!("entityTypes/{}/entities/{language}.json", slot_type.name), json!({"entities": entities})));
    }
    files
}

fn intent_files(name: &str, language: &str, parameters: Vec<Value>, phrases: Vec<Value>) -> [File; 2] {
    let n_phrases = phrases.len();
    let intent_id = match name {
        WELCOME_INTENT => WELCOME_INTENT_ID.to_owned(),
        NEGATIVE_INTENT => NEGATIVE_INTENT_ID.to_owned(),
        _ => id("cx-intent", name),
    };
    let mut intent = json!({
        "name": intent_id,
        "displayName": name,
        "parameters": parameters,
        "priority": 500000,
        "numTrainingPhrases": n_phrases,
    });
    if name == NEGATIVE_INTENT {
        // As Google's own exports mark it: its phrases are negative examples, which
        // trigger no-match rather than any route.
        intent["isFallback"] = json!(true);
    }
    [
        (format!("intents/{name}/{name}.json"), intent),
        (format!("intents/{name}/trainingPhrases/{language}.json"), json!({"trainingPhrases": phrases})),
    ]
}
