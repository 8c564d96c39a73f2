//! Free-text understanding: matches an utterance to an intent of the interaction model
//! by its sample utterances.
//!
//! A deliberately simple lexical matcher: words are weighted by how rare they are among
//! the samples (TF-IDF), the utterance is compared with every sample by cosine
//! similarity, and the best sample's intent wins if the similarity reaches
//! [`CONFIDENCE_THRESHOLD`]. Slot values (and their synonyms) found in the utterance
//! stand in for the `{slot}` placeholders of the samples, and are reported as slots.
//! Everything is prepared once from the model; a match allocates only the utterance's
//! own words.

use std::collections::{BTreeMap, HashMap};

use crate::content::{Model, Safety, slot_references};

/// The lowest similarity that counts as understanding; below it the fallback intent is
/// reported with the similarity found.
pub const CONFIDENCE_THRESHOLD: f32 = 0.5;

/// The intent reported when nothing matches well enough.
pub const FALLBACK_INTENT: &str = "AMAZON.FallbackIntent";
/// The intent reported for words that mean a medical emergency.
pub const EMERGENCY_INTENT: &str = "EmergencyIntent";
/// The intent reported for words that mean thoughts of self-harm or suicide.
pub const CRISIS_INTENT: &str = "CrisisIntent";

/// What an utterance was understood as.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The intent name, or [`FALLBACK_INTENT`].
    pub intent: String,
    /// The cosine similarity with the best sample, from 0 to 1.
    pub confidence: f32,
    /// Slot name to value id, for slots whose values were found.
    pub slots: BTreeMap<String, String>,
}

/// The samples of one model, prepared for matching.
#[derive(Debug)]
pub struct Matcher {
    vocabulary: HashMap<String, usize>,
    idf: Vec<f32>,
    /// The weight of a word no sample has.
    unknown_idf: f32,
    samples: Vec<Sample>,
    intents: Vec<IntentSlots>,
    slot_values: Vec<SlotPhrase>,
    /// Words that mean danger, checked before anything else: crisis first.
    danger: Vec<(&'static str, Vec<String>)>,
}

#[derive(Debug)]
struct Sample {
    intent: usize,
    /// Term index to weight, normalised to unit length.
    weights: Vec<(usize, f32)>,
}

#[derive(Debug)]
struct IntentSlots {
    name: String,
    /// Slot name and slot type, for the intent's slots.
    slots: Vec<(String, String)>,
}

/// The words of one slot value, and what they mean.
#[derive(Debug)]
struct SlotPhrase {
    words: Vec<String>,
    slot_type: String,
    value_id: String,
}

impl Matcher {
    /// Prepares every sample utterance of `model`, and the danger phrases of `safety`.
    pub fn build(model: &Model, safety: &Safety) -> Matcher {
        let danger = safety
            .crisis_phrases
            .iter()
            .map(|phrase| (CRISIS_INTENT, words(phrase).collect()))
            .chain(safety.emergency_phrases.iter().map(|phrase| (EMERGENCY_INTENT, words(phrase).collect())))
            .collect();
        let intents: Vec<IntentSlots> = model
            .intents
            .iter()
            .map(|intent| IntentSlots {
                name: intent.name.clone(),
                slots: intent.slots.iter().map(|slot| (slot.name.clone(), slot.slot_type.clone())).collect(),
            })
            .collect();
        let mut slot_values: Vec<SlotPhrase> = model
            .types
            .iter()
            .flat_map(|slot_type| {
                slot_type.values.iter().flat_map(move |value| {
                    value.spoken_forms().map(move |form| SlotPhrase {
                        words: words(form).collect(),
                        slot_type: slot_type.name.clone(),
                        value_id: value.id.clone(),
                    })
                })
            })
            .filter(|phrase| !phrase.words.is_empty())
            .collect();
        // Longest phrases first, so "radiation therapy" wins over "radiation".
        slot_values.sort_by_key(|phrase| std::cmp::Reverse(phrase.words.len()));

        let tokenized: Vec<(usize, Vec<String>)> = model
            .intents
            .iter()
            .enumerate()
            // Free text reaches the safety intents only through the exact phrases of
            // `safety.toml`: a near miss ("I want to live") must not sound the alarm.
            .filter(|(_, intent)| intent.name != EMERGENCY_INTENT && intent.name != CRISIS_INTENT)
            .flat_map(|(intent_idx, intent)| {
                let slots = &intents[intent_idx].slots;
                intent.samples.iter().map(move |sample| {
                    let mut text = sample.clone();
                    for name in slot_references(sample) {
                        if let Some((_, slot_type)) = slots.iter().find(|(slot_name, _)| slot_name == name) {
                            text = text.replace(&format!("{{{name}}}"), &format!(" {} ", placeholder(slot_type)));
                        }
                    }
                    (intent_idx, words(&text).collect())
                })
            })
            .collect();

        let mut vocabulary = HashMap::new();
        let mut document_frequency: Vec<usize> = Vec::new();
        for (_, sample_words) in &tokenized {
            let mut seen = sample_words.clone();
            seen.sort();
            seen.dedup();
            for word in seen {
                let next_id = vocabulary.len();
                let id = *vocabulary.entry(word).or_insert(next_id);
                if id == document_frequency.len() {
                    document_frequency.push(0);
                }
                document_frequency[id] += 1;
            }
        }
        let n_samples = tokenized.len().max(1) as f32;
        let idf: Vec<f32> = document_frequency.iter().map(|df| (1.0 + n_samples / *df as f32).ln()).collect();
        let unknown_idf = idf.iter().sum::<f32>() / idf.len().max(1) as f32;
        let mut matcher = Matcher { vocabulary, idf, unknown_idf, samples: Vec::new(), intents, slot_values, danger };
        matcher.samples = tokenized
            .into_iter()
            .filter(|(_, sample_words)| !sample_words.is_empty())
            .map(|(intent, sample_words)| Sample { intent, weights: matcher.weigh(&sample_words) })
            .collect();
        matcher
    }

    /// [`CRISIS_INTENT`] or [`EMERGENCY_INTENT`] if `utterance` holds words of danger.
    pub fn danger(&self, utterance: &str) -> Option<&'static str> {
        self.danger_in(&words(utterance).collect::<Vec<_>>())
    }

    fn danger_in(&self, utterance_words: &[String]) -> Option<&'static str> {
        self.danger
            .iter()
            .find(|(_, phrase)| {
                !phrase.is_empty() && utterance_words.windows(phrase.len()).any(|window| window == &phrase[..])
            })
            .map(|(intent, _)| *intent)
    }

    /// Understands `utterance`: words that mean danger first, whatever else is said;
    /// then the closest sample; an utterance like no sample gets [`FALLBACK_INTENT`].
    pub fn best(&self, utterance: &str) -> Match {
        let utterance_words: Vec<String> = words(utterance).collect();
        if let Some(intent) = self.danger_in(&utterance_words) {
            return Match { intent: intent.to_owned(), confidence: 1.0, slots: BTreeMap::new() };
        }
        let (utterance_words, found) = self.replace_slot_values(utterance_words);
        let weights = self.weigh(&utterance_words);
        let (mut best_intent, mut best_score) = (None, 0.0_f32);
        for sample in &self.samples {
            let score = cosine(&weights, &sample.weights);
            if score > best_score {
                (best_intent, best_score) = (Some(sample.intent), score);
            }
        }
        let confidence = best_score.clamp(0.0, 1.0);
        match best_intent.filter(|_| confidence >= CONFIDENCE_THRESHOLD) {
            Some(intent_idx) => {
                let intent = &self.intents[intent_idx];
                let slots = intent
                    .slots
                    .iter()
                    .filter_map(|(name, slot_type)| {
                        found
                            .iter()
                            .find(|phrase| &phrase.slot_type == slot_type)
                            .map(|phrase| (name.clone(), phrase.value_id.clone()))
                    })
                    .collect();
                Match { intent: intent.name.clone(), confidence, slots }
            }
            None => Match { intent: FALLBACK_INTENT.to_owned(), confidence, slots: BTreeMap::new() },
        }
    }

    /// Replaces slot values in `words` by their type's placeholder, longest first.
    fn replace_slot_values(&self, mut utterance_words: Vec<String>) -> (Vec<String>, Vec<&SlotPhrase>) {
        let mut found = Vec::new();
        for phrase in &self.slot_values {
            let n = phrase.words.len();
            let mut idx = 0;
            while idx + n <= utterance_words.len() {
                if utterance_words[idx..idx + n] == phrase.words[..] {
                    utterance_words.splice(idx..idx + n, [placeholder(&phrase.slot_type)]);
                    found.push(phrase);
                }
                idx += 1;
            }
        }
        (utterance_words, found)
    }

    /// TF-IDF weights of known words, normalised to unit length counting unknown words
    /// too, so words no sample has lower the similarity.
    fn weigh(&self, words: &[String]) -> Vec<(usize, f32)> {
        let mut counts: BTreeMap<usize, f32> = BTreeMap::new();
        let mut unknown = 0.0;
        for word in words {
            match self.vocabulary.get(word) {
                Some(id) => *counts.entry(*id).or_default() += 1.0,
                None => unknown += 1.0,
            }
        }
        let weights: Vec<(usize, f32)> = counts.into_iter().map(|(id, count)| (id, count * self.idf[id])).collect();
        let unknown_weight = unknown * self.unknown_idf;
        let norm_squared = weights.iter().map(|(_, w)| w * w).sum::<f32>() + unknown_weight * unknown_weight;
        let norm = norm_squared.sqrt();
        if norm == 0.0 {
            return Vec::new();
        }
        weights.into_iter().map(|(id, w)| (id, w / norm)).collect()
    }
}

/// Dot product of two sorted unit vectors.
fn cosine(a: &[(usize, f32)], b: &[(usize, f32)]) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

fn placeholder(slot_type: &str) -> String {
    format!("slot_{}", slot_type.to_ascii_lowercase())
}

/// Lower-case words without punctuation, with a plural "s" dropped from longer words.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '_'))
        .map(|word| word.chars().filter(|c| *c != '\'' && *c != '’').collect::<String>().to_lowercase())
        .filter(|word| !word.is_empty())
        .map(|word| match word.strip_suffix('s') {
            Some(stem) if word.len() > 4 && !stem.ends_with('s') => stem.to_owned(),
            _ => word,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Content, Files};

    fn matcher() -> Matcher {
        let content = Content::load(&Files::embedded()).unwrap();
        Matcher::build(&content.model, &content.safety)
    }

    #[track_caller]
    fn check(matcher: &Matcher, utterance: &str, intent: &str) {
        let found = matcher.best(utterance);
        assert_eq!(found.intent, intent, "{utterance:?} matched {found:?}");
    }

    #[test]
    fn sample_utterances_match_their_intent_fully() {
        let matcher = matcher();
        let found = matcher.best("why did my treatment stop working");
        assert_eq!(found.intent, "WhyStoppedWorkingIntent");
        assert!(found.confidence > 0.99, "{found:?}");
    }

    #[test]
    fn unseen_phrasings_match_the_closest_intent() {
        let matcher = matcher();
        for (utterance, intent) in [
            ("Why did my immunotherapy stop working?", "WhyStoppedWorkingIntent"),
            ("why has the immunotherapy stopped working for me", "WhyStoppedWorkingIntent"),
            ("so what happens next then", "WhatHappensNextIntent"),
            ("what are the options now", "WhatHappensNextIntent"),
            ("how do the cancer cells develop resistance", "ResistanceIntent"),
            ("is my immune system tired", "ImmuneFatigueIntent"),
            ("what else could be going on", "OtherFactorsIntent"),
            ("is there still any hope", "OutlookIntent"),
            ("yes please", "AMAZON.YesIntent"),
            ("no thanks", "AMAZON.NoIntent"),
            ("say that again please", "AMAZON.RepeatIntent"),
            ("go back", "AMAZON.PreviousIntent"),
            ("stop", "AMAZON.StopIntent"),
            ("help", "AMAZON.HelpIntent"),
        ] {
            check(&matcher, utterance, intent);
        }
    }

    #[test]
    fn slot_values_and_synonyms_fill_the_slot() {
        let matcher = matcher();
        for (utterance, value) in [
            ("tell me about chemo", "combining"),
            ("what about radiation therapy", "combining"),
            ("could my doctor recommend a different immunotherapy", "switching"),
            ("what if we try stopping treatment", "stopping"),
        ] {
            let found = matcher.best(utterance);
            assert_eq!(found.intent, "TreatmentOptionIntent", "{utterance:?}: {found:?}");
            assert_eq!(found.slots.get("option").map(String::as_str), Some(value), "{utterance:?}: {found:?}");
        }
    }

    #[test]
    fn unrelated_words_fall_back() {
        let matcher = matcher();
        for utterance in ["what's the weather in paris", "play some music", "banana", "", "!!!"] {
            let found = matcher.best(utterance);
            assert_eq!(found.intent, FALLBACK_INTENT, "{utterance:?}: {found:?}");
            assert!(found.confidence < CONFIDENCE_THRESHOLD);
            assert!(found.slots.is_empty());
        }
    }

    #[test]
    fn words_of_danger_are_recognised_before_anything_else() {
        let matcher = matcher();
        for utterance in [
            "I can't breathe",
            "help I cannot breathe",
            "I'm having trouble breathing",
            "it's really hard to breathe right now",
            "I'm short of breath",
            "I have chest pain",
            "I've got pains in my chest",
            "my chest hurts",
            "why did my treatment stop working and my chest hurts",
            "I'm bleeding heavily",
            "there's lots of blood",
            "the cut won't stop bleeding",
            "I'm coughing up blood",
            "my husband passed out",
            "I THINK I'M HAVING A HEART ATTACK!",
        ] {
            check(&matcher, utterance, EMERGENCY_INTENT);
        }
        for utterance in [
            "I want to kill myself",
            "I've been thinking about suicide",
            "I feel suicidal",
            "I want to end my life",
            "sometimes I want to hurt myself",
            "I don't want to live anymore",
            "I'd be better off dead",
            "what's the point I want to die",
            "I can't breathe and I want to die",
        ] {
            check(&matcher, utterance, CRISIS_INTENT);
        }
    }

    #[test]
    fn everyday_questions_do_not_sound_the_alarm() {
        let matcher = matcher();
        for utterance in [
            "what are the side effects",
            "is there hope",
            "is there still any hope",
            "what happens next",
            "how does radiation therapy work",
            "can the immune system become exhausted",
            "tell me about autoimmunity",
            "my breathing is fine",
            "why is my immune system tired",
            "I'm tired of waiting",
            "stop",
            "what does it mean when immunotherapy stops working",
            "can the body attack healthy cells",
            "I want to live",
        ] {
            let found = matcher.best(utterance);
            assert!(
                found.intent != EMERGENCY_INTENT && found.intent != CRISIS_INTENT,
                "{utterance:?} matched {found:?}"
            );
        }
    }
}
