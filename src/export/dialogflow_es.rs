//! A Dialogflow ES agent export: zip the directory and import or restore it in the
//! Dialogflow ES console (Settings, Export and Import). Every intent calls the webhook;
//! the training phrases are the default locale's, in the agent's language, and every
//! locale is declared a language of the agent.

use serde::Serialize;

use super::file::{File, file};
use super::model::{Agent, Export, Intent, SlotType, id};
use crate::content::model::SamplePart;
use crate::platform::dialogflow_es::WELCOME_INTENT;

/// The display name of the agent's fallback intent.
const FALLBACK_INTENT: &str = "Default Fallback Intent";

/// A list the format asks for, which this export leaves empty.
type Empty = [(); 0];

/// The agent files for a server whose Dialogflow ES webhook is `webhook_url`.
pub fn files(export: &Export, webhook_url: &str) -> Vec<File> {
    let language = export.agent.language;
    let welcome = IntentFile::new(WELCOME_INTENT, Vec::new(), vec![Event { name: "WELCOME" }], false);
    let mut files = vec![
        file("agent.json", AgentFile::new(&export.agent, webhook_url)),
        file("package.json", Package { version: "1.0.0" }),
        file(format!("intents/{WELCOME_INTENT}.json"), welcome),
        file(format!("intents/{FALLBACK_INTENT}.json"), IntentFile::new(FALLBACK_INTENT, Vec::new(), Vec::new(), true)),
    ];
    for intent in &export.intents {
        let parameters = intent.slots.iter().map(|slot| Parameter::new(intent.name, &slot.name, &slot.slot_type));
        files.push(file(
            format!("intents/{}.json", intent.name),
            IntentFile::new(intent.name, parameters.collect(), Vec::new(), false),
        ));
        files.push(user_says(intent.name, intent, language));
    }
    // Dialogflow reads the default fallback intent's training phrases as negative
    // examples: what the agent should not match.
    files.extend(export.negative.iter().map(|intent| user_says(FALLBACK_INTENT, intent, language)));
    for slot_type in &export.slot_types {
        files.extend(entity_files(slot_type, language));
    }
    files
}

/// The training phrases of `intent`, exported as the intent `name`.
fn user_says(name: &str, intent: &Intent, language: &str) -> File {
    let phrases: Vec<UserSays> = intent
        .samples
        .iter()
        .map(|sample| UserSays {
            id: id("es-usersays", &format!("{name}/{}", sample.text)),
            data: sample.parts.iter().map(Data::new).collect(),
            is_template: false,
            count: 0,
            lang: language,
            updated: 0,
        })
        .collect();
    file(format!("intents/{name}_usersays_{language}.json"), phrases)
}

/// A slot type's entity and its entries.
fn entity_files(slot_type: &SlotType, language: &str) -> [File; 2] {
    let entity = Entity {
        id: id("es-entity", slot_type.name),
        name: slot_type.name,
        is_overridable: true,
        is_enum: false,
        is_regexp: false,
        automated_expansion: false,
        allow_fuzzy_extraction: false,
    };
    let entries: Vec<Entry> =
        slot_type.values.iter().map(|value| Entry { value: value.id, synonyms: &value.synonyms }).collect();
    [
        file(format!("entities/{}.json", slot_type.name), entity),
        file(format!("entities/{}_entries_{language}.json", slot_type.name), entries),
    ]
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AgentFile<'a> {
    description: &'a str,
    language: &'a str,
    short_description: &'a str,
    examples: &'static str,
    link_to_docs: &'static str,
    display_name: &'a str,
    disable_interaction_logs: bool,
    disable_stackdriver_logs: bool,
    default_timezone: &'a str,
    webhook: Webhook<'a>,
    is_private: bool,
    ml_min_confidence: f64,
    supported_languages: &'a [String],
    enable_one_platform_api: bool,
    one_platform_api_version: &'static str,
    analyze_query_text_sentiment: bool,
    enabled_knowledge_base_names: Empty,
    knowledge_service_confidence_adjustment: f64,
    dialog_builder_mode: bool,
    base_action_packages_url: &'static str,
    enable_spell_correction: bool,
}

impl<'a> AgentFile<'a> {
    fn new(agent: &'a Agent, webhook_url: &'a str) -> AgentFile<'a> {
        AgentFile {
            description: &agent.description,
            language: agent.language,
            short_description: agent.summary,
            examples: "",
            link_to_docs: "",
            display_name: agent.name,
            disable_interaction_logs: true,
            disable_stackdriver_logs: true,
            default_timezone: agent.time_zone,
            webhook: Webhook::new(webhook_url),
            is_private: true,
            ml_min_confidence: 0.3,
            supported_languages: &agent.language_codes,
            enable_one_platform_api: true,
            one_platform_api_version: "v2",
            analyze_query_text_sentiment: false,
            enabled_knowledge_base_names: [],
            knowledge_service_confidence_adjustment: 0.0,
            dialog_builder_mode: false,
            base_action_packages_url: "",
            enable_spell_correction: false,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Webhook<'a> {
    url: &'a str,
    username: &'static str,
    headers: NoHeaders,
    available: bool,
    use_for_domains: bool,
    cloud_functions_enabled: bool,
    cloud_functions_initialized: bool,
}

impl Webhook<'_> {
    fn new(url: &str) -> Webhook<'_> {
        Webhook {
            url,
            username: "",
            headers: NoHeaders {},
            available: true,
            use_for_domains: false,
            cloud_functions_enabled: false,
            cloud_functions_initialized: false,
        }
    }
}

/// The webhook's headers: none (the credentials are set in the console).
#[derive(Serialize)]
struct NoHeaders {}

#[derive(Serialize)]
struct Package {
    version: &'static str,
}

/// An intent whose every match calls the webhook.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IntentFile<'a> {
    id: String,
    name: &'a str,
    auto: bool,
    contexts: Empty,
    responses: [Response<'a>; 1],
    priority: u32,
    webhook_used: bool,
    webhook_for_slot_filling: bool,
    fallback_intent: bool,
    events: Vec<Event>,
    conditional_responses: Empty,
    condition: &'static str,
    conditional_followup_events: Empty,
}

impl<'a> IntentFile<'a> {
    fn new(name: &'a str, parameters: Vec<Parameter<'a>>, events: Vec<Event>, fallback: bool) -> IntentFile<'a> {
        IntentFile {
            id: id("es-intent", name),
            name,
            auto: true,
            contexts: [],
            responses: [Response {
                reset_contexts: false,
                action: if fallback { "input.unknown" } else { "" },
                affected_contexts: [],
                parameters,
                messages: [],
                speech: [],
            }],
            priority: 500_000,
            webhook_used: true,
            webhook_for_slot_filling: false,
            fallback_intent: fallback,
            events,
            conditional_responses: [],
            condition: "",
            conditional_followup_events: [],
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Response<'a> {
    reset_contexts: bool,
    action: &'static str,
    affected_contexts: Empty,
    parameters: Vec<Parameter<'a>>,
    messages: Empty,
    speech: Empty,
}

/// A slot of an intent.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Parameter<'a> {
    id: String,
    name: &'a str,
    required: bool,
    data_type: String,
    value: String,
    default_value: &'static str,
    is_list: bool,
    prompts: Empty,
    prompt_messages: Empty,
    no_match_prompt_messages: Empty,
    no_input_prompt_messages: Empty,
    output_dialog_contexts: Empty,
}

impl<'a> Parameter<'a> {
    fn new(intent: &str, name: &'a str, slot_type: &str) -> Parameter<'a> {
        Parameter {
            id: id("es-parameter", &format!("{intent}/{name}")),
            name,
            required: false,
            data_type: format!("@{slot_type}"),
            value: format!("${name}"),
            default_value: "",
            is_list: false,
            prompts: [],
            prompt_messages: [],
            no_match_prompt_messages: [],
            no_input_prompt_messages: [],
            output_dialog_contexts: [],
        }
    }
}

#[derive(Serialize)]
struct Event {
    name: &'static str,
}

/// One training phrase.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UserSays<'a> {
    id: String,
    data: Vec<Data<'a>>,
    is_template: bool,
    count: u32,
    lang: &'a str,
    updated: u32,
}

/// A part of a training phrase: words, or a slot's example annotated with the slot.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Data<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    alias: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<String>,
    user_defined: bool,
}

impl<'a> Data<'a> {
    fn new(part: &SamplePart<'a>) -> Data<'a> {
        match *part {
            SamplePart::Words(text) => Data { text, alias: None, meta: None, user_defined: false },
            SamplePart::Slot { name, slot_type, example } => {
                Data { text: example, alias: Some(name), meta: Some(format!("@{slot_type}")), user_defined: true }
            }
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Entity<'a> {
    id: String,
    name: &'a str,
    is_overridable: bool,
    is_enum: bool,
    is_regexp: bool,
    automated_expansion: bool,
    allow_fuzzy_extraction: bool,
}

/// A value of an entity, with the words that mean it.
#[derive(Serialize)]
struct Entry<'a> {
    value: &'a str,
    synonyms: &'a [&'a str],
}
