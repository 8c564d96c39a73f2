//! The interaction model: `intents/<locale>.json`, in Alexa's interaction-model format.
//!
//! It is the one source of truth for intent names, slots and sample utterances; the
//! free-text matcher and the dialog both read it from here.

use std::borrow::Cow;

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
    /// The whole file as it was written, for exporting it unchanged (borrowed from the
    /// binary when the content is the built-in copy).
    #[serde(skip)]
    pub file: Cow<'static, str>,
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
    /// Parses the model file's JSON, and keeps it.
    pub(super) fn parse(json: Cow<'static, str>) -> Result<Model, serde_json::Error> {
        let mut model = serde_json::from_str::<ModelFile>(&json)?.interaction_model.language_model;
        model.file = json;
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

/// A part of a sample utterance: plain words, or a slot filled with example words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SamplePart<'a> {
    /// Words said as they are.
    Words(&'a str),
    /// A slot, with one of its type's spoken forms as an example.
    Slot {
        /// The slot's name.
        name: &'a str,
        /// The slot's type.
        slot_type: &'a str,
        /// A spoken form of one of the type's values.
        example: &'a str,
    },
}

impl Model {
    /// Splits a sample such as `tell me about {option}` into parts, filling each slot with
    /// one of its type's spoken forms; `variant` picks which, so that a slot's samples
    /// between them show many forms.
    pub fn sample_parts<'a>(&'a self, intent: &'a Intent, sample: &'a str, variant: usize) -> Vec<SamplePart<'a>> {
        let mut parts = Vec::new();
        let mut rest = sample;
        while let Some(start) = rest.find('{') {
            let Some(length) = rest[start..].find('}') else { break };
            if start > 0 {
                parts.push(SamplePart::Words(&rest[..start]));
            }
            let name = &rest[start + 1..start + length];
            let slot_type = intent.slots.iter().find(|slot| slot.name == name).map(|slot| slot.slot_type.as_str());
            let forms: Vec<&str> = slot_type
                .and_then(|slot_type| self.slot_type(slot_type))
                .map(|slot_type| slot_type.values.iter().flat_map(|value| value.spoken_forms()).collect())
                .unwrap_or_default();
            match (slot_type, forms.is_empty()) {
                (Some(slot_type), false) => {
                    parts.push(SamplePart::Slot { name, slot_type, example: forms[variant % forms.len()] })
                }
                _ => parts.push(SamplePart::Words(&rest[start..start + length + 1])),
            }
            rest = &rest[start + length + 1..];
        }
        if !rest.is_empty() {
            parts.push(SamplePart::Words(rest));
        }
        parts
    }

    /// A sample as words: each slot filled with `slot_words`' word for its type, else
    /// with an example (see [`Model::sample_parts`]).
    pub fn fill_slots(
        &self,
        intent: &Intent,
        sample: &str,
        variant: usize,
        slot_words: &std::collections::BTreeMap<String, String>,
    ) -> String {
        self.sample_parts(intent, sample, variant)
            .into_iter()
            .map(|part| match part {
                SamplePart::Words(words) => words,
                SamplePart::Slot { slot_type, example, .. } => {
                    slot_words.get(slot_type).map_or(example, String::as_str)
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
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
