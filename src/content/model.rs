//! The interaction model: `intents/<locale>.json`, in Alexa's interaction-model format.
//!
//! It is the one source of truth for intent names, slots and sample utterances; the
//! free-text matcher and the dialog both read it from here.

use serde::Deserialize;

/// An interaction model as Alexa's developer console exports it (the parts we use).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ModelFile {
    interaction_model: InteractionModel,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InteractionModel {
    language_model: Model,
}

/// The language model: invocation name, intents with their samples, and slot types.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// The words that open the skill ("Alexa, open care voice").
    pub invocation_name: String,
    /// Every intent, custom and built-in.
    pub intents: Vec<Intent>,
    /// Custom slot types with their values and synonyms.
    #[serde(default)]
    pub types: Vec<SlotType>,
    /// The whole file as it was written, for exporting it unchanged.
    #[serde(skip)]
    pub file: serde_json::Value,
}

/// One intent with its slots and sample utterances.
#[derive(Debug, Deserialize)]
pub struct Intent {
    /// The intent name, e.g. `WhatHappensNextIntent` or `AMAZON.HelpIntent`.
    pub name: String,
    /// The slots its samples may refer to as `{name}`.
    #[serde(default)]
    pub slots: Vec<Slot>,
    /// Sample utterances, lower case, with `{slot}` placeholders.
    #[serde(default)]
    pub samples: Vec<String>,
}

/// A slot of an intent.
#[derive(Debug, Deserialize)]
pub struct Slot {
    /// The slot name used in samples.
    pub name: String,
    /// The slot type name.
    #[serde(rename = "type")]
    pub slot_type: String,
}

/// A custom slot type.
#[derive(Debug, Deserialize)]
pub struct SlotType {
    /// The type name, e.g. `TREATMENT_OPTION`.
    pub name: String,
    /// Its values.
    pub values: Vec<SlotValue>,
}

/// One value of a slot type, with its id and the words that mean it.
#[derive(Debug, Deserialize)]
pub struct SlotValue {
    /// The stable id the dialog matches on.
    pub id: String,
    /// The value and its synonyms.
    pub name: SlotValueName,
}

/// The spoken forms of a slot value.
#[derive(Debug, Deserialize)]
pub struct SlotValueName {
    /// The canonical words.
    pub value: String,
    /// Other words that mean the same.
    #[serde(default)]
    pub synonyms: Vec<String>,
}

/// The prefix of Amazon's built-in intents.
pub const BUILT_IN_PREFIX: &str = "AMAZON.";

impl Model {
    /// Parses the model file's JSON.
    pub(super) fn parse(json: &str) -> Result<Model, serde_json::Error> {
        let file: serde_json::Value = serde_json::from_str(json)?;
        let mut model = ModelFile::deserialize(&file)?.interaction_model.language_model;
        model.file = file;
        Ok(model)
    }

    /// The intent with this name.
    pub fn intent(&self, name: &str) -> Option<&Intent> {
        self.intents.iter().find(|intent| intent.name == name)
    }

    /// The slot type with this name.
    pub fn slot_type(&self, name: &str) -> Option<&SlotType> {
        self.types.iter().find(|slot_type| slot_type.name == name)
    }

    /// The id of the value that `words` name in any slot of `intent`: matched against
    /// value ids, values and synonyms, ignoring case.
    pub fn resolve_slot_value(&self, intent: &Intent, words: &str) -> Option<&str> {
        let words = words.trim();
        intent
            .slots
            .iter()
            .filter_map(|slot| self.slot_type(&slot.slot_type))
            .flat_map(|slot_type| &slot_type.values)
            .find(|value| {
                value.id.eq_ignore_ascii_case(words)
                    || value.spoken_forms().any(|form| form.eq_ignore_ascii_case(words))
            })
            .map(|value| value.id.as_str())
    }
}

impl Intent {
    /// Whether this is one of Amazon's built-in intents.
    pub fn is_built_in(&self) -> bool {
        self.name.starts_with(BUILT_IN_PREFIX)
    }
}

impl SlotValue {
    /// The value followed by its synonyms.
    pub fn spoken_forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.value.as_str()).chain(self.name.synonyms.iter().map(String::as_str))
    }
}
