//! A Dialogflow ES agent export: zip the directory and import or restore it in the
//! Dialogflow ES console (Settings, Export and Import).

use serde_json::{Value, json};

use crate::content::files::language;
use crate::content::model::SamplePart;
use crate::dialog::BuiltIn;
use crate::export::{File, agent_description, dialogflow_code, id};
use crate::platform::dialogflow_es::WELCOME_INTENT;
use crate::skill::Skills;

/// The display name of the agent's fallback intent.
const FALLBACK_INTENT: &str = "Default Fallback Intent";

/// The agent files for a server whose Dialogflow ES webhook is `webhook_url`: its
/// training phrases are the default locale's, in the agent's language, and every locale
/// is declared a language of the agent.
pub fn files(skills: &Skills, webhook_url: &str) -> Vec<File> {
    let content = &skills.default_locale().content;
    let language = language(&content.locale);
    let supported: Vec<String> = skills.locales().map(dialogflow_code).collect();
    let mut files = vec![
        (
            "agent.json".to_owned(),
            json!({
                "description": agent_description(content),
                "language": language,
                "shortDescription": content.framing.listing.summary,
                "examples": "",
                "linkToDocs": "",
                "displayName": content.framing.listing.name,
                "disableInteractionLogs": true,
                "disableStackdriverLogs": true,
                "defaultTimezone": "America/New_York",
                "webhook": {
                    "url": webhook_url,
                    "username": "",
                    "headers": {},
                    "available": true,
                    "useForDomains": false,
                    "cloudFunctionsEnabled": false,
                    "cloudFunctionsInitialized": false,
                },
                "isPrivate": true,
                "mlMinConfidence": 0.3,
                "supportedLanguages": supported,
                "enableOnePlatformApi": true,
                "onePlatformApiVersion": "v2",
                "analyzeQueryTextSentiment": false,
                "enabledKnowledgeBaseNames": [],
                "knowledgeServiceConfidenceAdjustment": 0.0,
                "dialogBuilderMode": false,
                "baseActionPackagesUrl": "",
                "enableSpellCorrection": false,
            }),
        ),
        ("package.json".to_owned(), json!({"version": "1.0.0"})),
        (format!("intents/{WELCOME_INTENT}.json"), intent(WELCOME_INTENT, &[], json!([{"name": "WELCOME"}]), false)),
        (format!("intents/{FALLBACK_INTENT}.json"), intent(FALLBACK_INTENT, &[], json!([]), true)),
    ];
    for model_intent in content.model.intents.iter().filter(|intent| !intent.samples.is_empty()) {
        // The fallback intent's samples are what the agent should not match: Dialogflow
        // reads the default fallback intent's training phrases as negative examples.
        let is_fallback = model_intent.name == BuiltIn::Fallback.name();
        let name = if is_fallback { FALLBACK_INTENT } else { model_intent.name.as_str() };
        let parameters: Vec<Value> = model_intent
            .slots
            .iter()
            .map(|slot| {
                json!({
                    "id": id("es-parameter", &format!("{}/{}", model_intent.name, slot.name)),
                    "name": slot.name,
                    "required": false,
                    "dataType": format!("@{}", slot.slot_type),
                    "value": format!("${}", slot.name),
                    "defaultValue": "",
                    "isList": false,
                    "prompts": [],
                    "promptMessages": [],
                    "noMatchPromptMessages": [],
                    "noInputPromptMessages": [],
                    "outputDialogContexts": [],
                })
            })
            .collect();
        if !is_fallback {
            files.push((format!("intents/{name}.json"), intent(name, &parameters, json!([]), false)));
        }
        let usersays: Vec<Value> = model_intent
            .samples
            .iter()
            .enumerate()
            .map(|(idx, sample)| {
                let data: Vec<Value> = content.model.sample_parts(model_intent, sample, idx)
                    .into_iter()
                    .map(|part| match part {
                        SamplePart::Words(text) => json!({"text": text, "userDefined": false}),
                        SamplePart::Slot { name, slot_type, example } => {
                            json!({"text": example, "alias": name, "meta": format!("@{slot_type}"), "userDefined": true})
                        }
                    })
                    .collect();
                json!({
                    "id": id("es-usersays", &format!("{name}/{sample}")),
                    "data": data,
                    "isTemplate": false,
                    "count": 0,
                    "lang": language,
                    "updated": 0,
                })
            })
            .collect();
        files.push((format!("intents/{name}_usersays_{language}.json"), Value::from(usersays)));
    }
    for slot_type in &content.model.types {
        files.push((
            format!("entities/{}.json", slot_type.name),
            json!({
                "id": id("es-entity", &slot_type.name),
                "name": slot_type.name,
                "isOverridable": true,
                "isEnum": false,
                "isRegexp": false,
                "automatedExpansion": false,
                "allowFuzzyExtraction": false,
            }),
        ));
        let entries: Vec<Value> = slot_type
            .values
            .iter()
            .map(|value| json!({"value": value.id, "synonyms": value.spoken_forms().collect::<Vec<_>>()}))
            .collect();
        files.push((format!("entities/{}_entries_{language}.json", slot_type.name), Value::from(entries)));
    }
    files
}

/// An intent whose every match calls the webhook.
fn intent(name: &str, parameters: &[Value], events: Value, fallback: bool) -> Value {
    json!({
        "id": id("es-intent", name),
        "name": name,
        "auto": true,
        "contexts": [],
        "responses": [{
            "resetContexts": false,
            "action": if fallback { "input.unknown" } else { "" },
            "affectedContexts": [],
            "parameters": parameters,
            "messages": [],
            "speech": [],
        }],
        "priority": 500000,
        "webhookUsed": true,
        "webhookForSlotFilling": false,
        "fallbackIntent": fallback,
        "events": events,
        "conditionalResponses": [],
        "condition": "",
        "conditionalFollowupEvents": [],
    })
}
