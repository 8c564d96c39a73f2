//! A Dialogflow CX agent in the JSON package format: one flow whose every route calls
//! the webhook with the intent's name as its tag. Zip the directory and restore it
//! (Agent settings, Restore, JSON package). The training phrases are the default
//! locale's, in the agent's language, and every locale is declared a language of the
//! agent.

use serde::Serialize;

use super::file::{File, file};
use super::model::{Agent, Export, Intent, SlotType, id};
use crate::content::model::SamplePart;
use crate::platform::LAUNCH;
use crate::platform::dialogflow_es::WELCOME_INTENT;

/// The display name of the flow every CX agent starts in.
const FLOW: &str = "Default Start Flow";
/// The ids Dialogflow CX itself gives the default start flow and the default welcome
/// intent, and the default negative intent: its own exports use them, and an import
/// with any other id makes a second flow or intent beside the defaults.
const START_FLOW_ID: &str = "00000000-0000-0000-0000-000000000000";
const WELCOME_INTENT_ID: &str = "00000000-0000-0000-0000-000000000000";
const NEGATIVE_INTENT_ID: &str = "00000000-0000-0000-0000-000000000001";
/// The display name of the webhook every route calls.
const WEBHOOK: &str = "carevoice";
/// The tag for routes that carry no intent of the model: the words are matched.
const FREE_TEXT_TAG: &str = "free-text";
/// The intent whose training phrases are negative examples: what no route should match.
const NEGATIVE_INTENT: &str = "Default Negative Intent";

/// The agent files for a server whose Dialogflow CX webhook is `webhook_url`.
pub fn files(export: &Export, webhook_url: &str) -> Vec<File> {
    let agent = &export.agent;
    let language = agent.language;
    let webhook = Webhook {
        name: id("cx-webhook", WEBHOOK),
        display_name: WEBHOOK,
        generic_web_service: WebService { uri: webhook_url },
        timeout: Timeout { seconds: 5 },
    };
    let mut files = vec![
        file("agent.json", AgentFile::new(agent)),
        file(format!("flows/{FLOW}/{FLOW}.json"), flow(export)),
        file(format!("webhooks/{WEBHOOK}.json"), webhook),
    ];
    let welcome = agent.welcome_phrases.iter().map(|phrase| Phrase::new(vec![Part::words(phrase)], language));
    files.extend(intent_files(WELCOME_INTENT, WELCOME_INTENT_ID.to_owned(), Vec::new(), welcome.collect(), language));
    for intent in &export.intents {
        files.extend(model_intent_files(intent.name, id("cx-intent", intent.name), intent, language));
    }
    // The fallback intent's samples are the agent's negative examples.
    if let Some(intent) = &export.negative {
        files.extend(model_intent_files(NEGATIVE_INTENT, NEGATIVE_INTENT_ID.to_owned(), intent, language));
    }
    for slot_type in &export.slot_types {
        files.extend(entity_type_files(slot_type, language));
    }
    files
}

/// The start flow: a route for the welcome intent and each intent, and the no-match and
/// no-input handlers, every one calling the webhook.
fn flow<'a>(export: &'a Export) -> Flow<'a> {
    let route = |intent: &'a str, tag: &'a str| Route {
        intent,
        trigger_fulfillment: Fulfillment { webhook: WEBHOOK, tag },
        name: id("cx-route", intent),
    };
    let handler = |event: &'static str, name: &str| EventHandler {
        event,
        trigger_fulfillment: Fulfillment { webhook: WEBHOOK, tag: FREE_TEXT_TAG },
        name: id("cx-event", name),
    };
    let mut routes = vec![route(WELCOME_INTENT, LAUNCH)];
    routes.extend(export.intents.iter().map(|intent| route(intent.name, intent.name)));
    Flow {
        name: START_FLOW_ID,
        display_name: FLOW,
        description: export.agent.flow_description,
        transition_routes: routes,
        event_handlers: [handler("sys.no-match-default", "no-match"), handler("sys.no-input-default", "no-input")],
        nlu_settings: NluSettings { model_type: "MODEL_TYPE_STANDARD", classification_threshold: 0.3 },
    }
}

/// The files of `intent` of the model, exported as `name` with the id `intent_id`.
fn model_intent_files(name: &str, intent_id: String, intent: &Intent, language: &str) -> [File; 2] {
    let parameters = intent
        .slots
        .iter()
        .map(|slot| Parameter { id: &slot.name, entity_type: format!("@{}", slot.slot_type) })
        .collect();
    let phrases = intent
        .samples
        .iter()
        .map(|sample| Phrase::new(sample.parts.iter().map(Part::new).collect(), language))
        .collect();
    intent_files(name, intent_id, parameters, phrases, language)
}

/// An intent's file, and its training phrases' file.
fn intent_files(
    name: &str,
    intent_id: String,
    parameters: Vec<Parameter>,
    phrases: Vec<Phrase>,
    language: &str,
) -> [File; 2] {
    let intent = IntentFile {
        name: intent_id,
        display_name: name,
        parameters,
        priority: 500_000,
        num_training_phrases: phrases.len(),
        // As Google's own exports mark it: its phrases are negative examples, which
        // trigger no-match rather than any route.
        is_fallback: name == NEGATIVE_INTENT,
    };
    [
        file(format!("intents/{name}/{name}.json"), intent),
        file(format!("intents/{name}/trainingPhrases/{language}.json"), TrainingPhrases { training_phrases: phrases }),
    ]
}

/// A slot type's entity type, and its entities.
fn entity_type_files(slot_type: &SlotType, language: &str) -> [File; 2] {
    let entity_type = EntityType {
        name: id("cx-entity-type", slot_type.name),
        display_name: slot_type.name,
        kind: "KIND_MAP",
        auto_expansion_mode: "AUTO_EXPANSION_MODE_UNSPECIFIED",
    };
    let entities = slot_type
        .values
        .iter()
        .map(|value| Entity { value: value.id, synonyms: &value.synonyms, language_code: language })
        .collect();
    [
        file(format!("entityTypes/{0}/{0}.json", slot_type.name), entity_type),
        file(format!("entityTypes/{}/entities/{language}.json", slot_type.name), Entities { entities }),
    ]
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AgentFile<'a> {
    display_name: &'a str,
    default_language_code: &'a str,
    supported_language_codes: &'a [String],
    time_zone: &'a str,
    description: &'a str,
    start_flow: &'static str,
    enable_stackdriver_logging: bool,
    enable_spell_correction: bool,
}

impl<'a> AgentFile<'a> {
    fn new(agent: &'a Agent) -> AgentFile<'a> {
        AgentFile {
            display_name: agent.name,
            default_language_code: agent.language,
            supported_language_codes: &agent.language_codes,
            time_zone: agent.time_zone,
            description: &agent.description,
            start_flow: FLOW,
            enable_stackdriver_logging: false,
            enable_spell_correction: false,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Flow<'a> {
    name: &'static str,
    display_name: &'static str,
    description: &'a str,
    transition_routes: Vec<Route<'a>>,
    event_handlers: [EventHandler; 2],
    nlu_settings: NluSettings,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Route<'a> {
    intent: &'a str,
    trigger_fulfillment: Fulfillment<'a>,
    name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EventHandler {
    event: &'static str,
    trigger_fulfillment: Fulfillment<'static>,
    name: String,
}

/// A call of the webhook, with the tag that says what was asked.
#[derive(Serialize)]
struct Fulfillment<'a> {
    webhook: &'static str,
    tag: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NluSettings {
    model_type: &'static str,
    classification_threshold: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Webhook<'a> {
    name: String,
    display_name: &'static str,
    generic_web_service: WebService<'a>,
    timeout: Timeout,
}

#[derive(Serialize)]
struct WebService<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
struct Timeout {
    seconds: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IntentFile<'a> {
    name: String,
    display_name: &'a str,
    parameters: Vec<Parameter<'a>>,
    priority: u32,
    num_training_phrases: usize,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    is_fallback: bool,
}

/// A slot of an intent.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Parameter<'a> {
    id: &'a str,
    entity_type: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TrainingPhrases<'a> {
    training_phrases: Vec<Phrase<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Phrase<'a> {
    parts: Vec<Part<'a>>,
    repeat_count: u32,
    language_code: &'a str,
}

impl<'a> Phrase<'a> {
    fn new(parts: Vec<Part<'a>>, language_code: &'a str) -> Phrase<'a> {
        Phrase { parts, repeat_count: 1, language_code }
    }
}

/// A part of a training phrase: words, or a slot's example annotated with the slot.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Part<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter_id: Option<&'a str>,
}

impl<'a> Part<'a> {
    fn words(text: &'a str) -> Part<'a> {
        Part { text, parameter_id: None }
    }

    fn new(part: &SamplePart<'a>) -> Part<'a> {
        match *part {
            SamplePart::Words(text) => Part::words(text),
            SamplePart::Slot { name, example, .. } => Part { text: example, parameter_id: Some(name) },
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntityType<'a> {
    name: String,
    display_name: &'a str,
    kind: &'static str,
    auto_expansion_mode: &'static str,
}

#[derive(Serialize)]
struct Entities<'a> {
    entities: Vec<Entity<'a>>,
}

/// A value of an entity type, with the words that mean it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Entity<'a> {
    value: &'a str,
    synonyms: &'a [&'a str],
    language_code: &'a str,
}
