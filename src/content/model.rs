//! The interaction model: `intents/<locale>.json`, in Alexa's interaction-model format.
//!
//! It is the one source of truth for intent names, slots and sample utterances; the
//! free-text matcher and the dialog both read it from here.

use std::borrow::Cow;

use serde::Deserialize;

/// An interaction model as Alexa's developer console exports it (the parts we use).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ModelFile<'a> {
    #[serde(borrow)]
    interaction_model: InteractionModel<'a>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InteractionModel<'a> {
    #[serde(borrow)]
    language_model: LanguageModel<'a>,
}

/// The language model as written, its samples borrowed from the file's text where they
/// have no escapes.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LanguageModel<'a> {
    invocation_name: String,
    #[serde(borrow)]
    intents: Vec<IntentFile<'a>>,
    #[serde(default)]
    types: Vec<SlotType>,
}

#[derive(Debug, Deserialize)]
struct IntentFile<'a> {
    name: String,
    #[serde(default)]
    slots: Vec<Slot>,
    #[serde(default, borrow)]
    samples: Vec<SampleFile<'a>>,
}

/// A sample as written: borrowed from the file unless it has escapes (serde borrows a
/// `Cow` only as a field of its own, not inside a `Vec`).
#[derive(Debug, Deserialize)]
struct SampleFile<'a>(#[serde(borrow)] Cow<'a, str>);

/// The language model: invocation name, intents with their samples, and slot types.
#[derive(Debug)]
pub struct Model {
    /// The words that open the skill ("Alexa, open care voice").
    pub invocation_name: String,
    /// Every intent, custom and built-in.
    pub intents: Vec<Intent>,
    /// Custom slot types with their values and synonyms.
    pub types: Vec<SlotType>,
    /// The whole file as it was written, for exporting it unchanged (borrowed from the
    /// binary when the content is the built-in copy). The samples are read from it.
    pub file: Cow<'static, str>,
    /// The samples written with JSON escapes, unescaped (the others are read from `file`).
    unescaped: String,
}

/// One intent with its slots and sample utterances.
#[derive(Debug)]
pub struct Intent {
    /// The intent name, e.g. `WhatHappensNextIntent` or `AMAZON.HelpIntent`.
    pub name: String,
    /// The slots its samples may refer to as `{name}`.
    pub slots: Vec<Slot>,
    /// Where its sample utterances are (see [`Model::samples`]): thousands of them, so they
    /// are not copied out of the file.
    samples: Vec<Span>,
}

/// Where a sample's text is: a range of the model file, or of its unescaped samples.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    end: u32,
    unescaped: bool,
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
    pub(super) fn parse(file: Cow<'static, str>) -> Result<Model, serde_json::Error> {
        if u32::try_from(file.len()).is_err() {
            return Err(serde::de::Error::custom("the interaction model is over 4 GiB"));
        }
        let written = serde_json::from_str::<ModelFile>(&file)?.interaction_model.language_model;
        let mut unescaped = String::new();
        let intents = written
            .intents
            .into_iter()
            .map(|intent| Intent {
                samples: intent.samples.iter().map(|sample| Span::new(sample, &file, &mut unescaped)).collect(),
                name: intent.name,
                slots: intent.slots,
            })
            .collect();
        unescaped.shrink_to_fit();
        let (invocation_name, types) = (written.invocation_name, written.types);
        Ok(Model { invocation_name, intents, types, file, unescaped })
    }

    /// The sample utterances of `intent` (one of this model's), lower case, with `{slot}`
    /// placeholders.
    pub fn samples<'a>(&'a self, intent: &'a Intent) -> impl ExactSizeIterator<Item = &'a str> + Clone + 'a {
        intent.samples.iter().map(|span| {
            let text = if span.unescaped { &self.unescaped } else { &*self.file };
            &text[span.start as usize..span.end as usize]
        })
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

    /// How many sample utterances it has.
    pub fn sample_count(&self) -> usize {
        self.samples.len()
    }
}

impl Span {
    /// Where `sample` is: in `file` when it was borrowed from it, else appended to
    /// `unescaped`. Both are shorter than 4 GiB (see [`Model::parse`]).
    fn new(sample: &SampleFile, file: &str, unescaped: &mut String) -> Span {
        let (start, unescaped) = match &sample.0 {
            // A sample borrowed from the file starts this many bytes into it.
            Cow::Borrowed(text) => (text.as_ptr() as usize - file.as_ptr() as usize, false),
            Cow::Owned(text) => {
                unescaped.push_str(text);
                (unescaped.len() - text.len(), true)
            }
        };
        Span { start: start as u32, end: (start + sample.0.len()) as u32, unescaped }
    }
}

impl SlotValue {
    /// The value followed by its synonyms.
    pub fn spoken_forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.value.as_str()).chain(self.name.synonyms.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_read_where_the_file_has_them_and_escaped_ones_unescaped() {
        let json = r#"{"interactionModel": {"languageModel": {"invocationName": "care voice", "intents": [
            {"name": "AskIntent", "samples": ["plain words", "caf\u00e9 \"au\" lait", "more words"]},
            {"name": "AMAZON.StopIntent"}
        ]}}}"#;
        let model = Model::parse(Cow::Borrowed(json)).unwrap();
        let ask = model.intent("AskIntent").unwrap();
        assert_eq!(model.samples(ask).collect::<Vec<_>>(), ["plain words", "café \"au\" lait", "more words"]);
        assert_eq!(ask.sample_count(), 3);
        assert_eq!(model.unescaped, "café \"au\" lait", "only the escaped sample is copied");
        assert_eq!(model.samples(model.intent("AMAZON.StopIntent").unwrap()).count(), 0);
    }

    #[test]
    fn every_locale_reads_the_samples_its_file_has() {
        for files in crate::content::Files::embedded_all() {
            let model = Model::parse(files.model.text.clone()).unwrap();
            let written: serde_json::Value = serde_json::from_str(&files.model.text).unwrap();
            let intents = written["interactionModel"]["languageModel"]["intents"].as_array().unwrap();
            assert_eq!(intents.len(), model.intents.len());
            assert_eq!(model.unescaped, "", "{}: samples without escapes are read where they are", files.locale);
            for (intent, written) in model.intents.iter().zip(intents) {
                let samples = written["samples"].as_array().map(Vec::as_slice).unwrap_or_default();
                let samples: Vec<&str> = samples.iter().map(|sample| sample.as_str().unwrap()).collect();
                assert_eq!(model.samples(intent).collect::<Vec<_>>(), samples, "{}", intent.name);
            }
        }
    }
}
