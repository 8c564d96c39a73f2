//! Free-text understanding: what an utterance asks, as an intent of the interaction model.
//!
//! In order, and all prepared once from the content at start-up:
//! 1. `reading` turns speech-recognition output into stems, by the lexicon;
//! 2. `danger` looks for the signs of `safety.toml`: a danger said and not denied wins
//!    over everything else, and denied ones ("no chest pain") are set aside;
//! 3. `classifier`, trained on the sample utterances (the fallback intent's samples being
//!    the questions this skill does not answer), says which intent the rest, and each of
//!    its clauses, is most like. The safety intents' samples teach it danger said in words
//!    no pattern has: where a safety intent is the likeliest for the whole utterance, at
//!    [`DANGER_THRESHOLD`] or more and over any question read in it, that is the answer
//!    (unless a danger was just denied). Built-in commands (yes, no, help, stop, ...) count only in
//!    a short utterance, so a word like "quit" inside a question does not end the
//!    session. Below [`CONFIDENCE_THRESHOLD`] the answer is the fallback.

mod classifier;
pub mod danger;
mod reading;

use std::collections::BTreeMap;

use crate::content::Content;
use crate::dialog::BuiltIn;
use classifier::Classifier;
use danger::{Kind, PatternError, Signs};
use reading::Reader;

/// The lowest probability that counts as understanding.
pub const CONFIDENCE_THRESHOLD: f32 = 0.35;
/// How much more the out-of-scope class weighs in training than an intent: it stands
/// for everything the skill does not answer, and giving a passage that does not answer
/// the question is worse than asking again.
pub const OUT_OF_SCOPE_EMPHASIS: f32 = 2.0;
/// The lowest probability of a safety intent, when it is the likeliest, that counts as
/// danger. Lower than [`CONFIDENCE_THRESHOLD`]: a false alarm costs less than a miss.
pub const DANGER_THRESHOLD: f32 = 0.4;
/// The fewest words in which the classifier may hear danger; fewer are too few to tell
/// (the patterns still apply).
pub const DANGER_WORDS: usize = 3;
/// The most words read of an utterance. Speech recognition delivers far fewer
/// (Dialogflow caps a query at 256 characters); longer text is read only this far, so
/// that no request can make matching slow.
pub const MAX_WORDS: usize = 200;
/// The most words an utterance may have for a built-in command to count.
pub const COMMAND_WORDS: usize = 8;

/// What an utterance was understood as.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The intent name; the fallback intent when nothing fits.
    pub intent: String,
    /// How sure the match is, from 0 to 1: 1 for words of danger the patterns found,
    /// else the classifier's probability for the intent; for the fallback, one less the
    /// probability of the likeliest question.
    pub confidence: f32,
    /// Slot name to value id, for slots whose values were found.
    pub slots: BTreeMap<String, String>,
}

/// The content's understanding, prepared for matching.
#[derive(Debug)]
pub struct Matcher {
    reader: Reader,
    signs: Signs,
    classifier: Classifier,
    classes: Vec<Class>,
    /// Slot values by their stems, longest first.
    slot_values: Vec<SlotValue>,
}

/// One intent the classifier may answer.
#[derive(Debug)]
struct Class {
    intent: String,
    /// Slot name and slot type.
    slots: Vec<(String, String)>,
    role: Role,
}

/// What an intent is to the matcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A question, or a request such as speaking slower.
    Question,
    /// A built-in command, which only a short utterance can be.
    Command,
    /// A safety intent.
    Danger,
    /// The fallback intent, whose samples are what the skill does not answer.
    OutOfScope,
}

#[derive(Debug)]
struct SlotValue {
    stems: Vec<String>,
    slot_type: String,
    id: String,
}

impl Kind {
    /// The intent that answers this kind of danger.
    pub fn intent(self) -> &'static str {
        match self {
            Kind::Emergency => BuiltIn::Emergency.name(),
            Kind::Crisis => BuiltIn::Crisis.name(),
        }
    }
}

impl Matcher {
    /// Prepares the lexicon, the signs of danger and the classifier. Fails on a pattern
    /// of `safety.toml` it cannot read.
    pub fn build(content: &Content) -> Result<Matcher, PatternError> {
        let model = &content.model;
        let reader = Reader::build(&content.lexicon, model);
        let signs = Signs::build(&content.safety, &reader)?;
        let intents: Vec<_> = model.intents.iter().filter(|intent| !intent.samples.is_empty()).collect();
        let classes: Vec<Class> = intents
            .iter()
            .map(|intent| Class {
                intent: intent.name.clone(),
                slots: intent.slots.iter().map(|slot| (slot.name.clone(), slot.slot_type.clone())).collect(),
                role: match BuiltIn::from_name(&intent.name) {
                    Some(BuiltIn::Emergency | BuiltIn::Crisis) => Role::Danger,
                    Some(BuiltIn::Fallback) => Role::OutOfScope,
                    Some(built_in) if built_in.is_command() => Role::Command,
                    _ => Role::Question,
                },
            })
            .collect();
        // Read one sample at a time, so only the features of each are kept for training.
        let examples = intents
            .iter()
            .enumerate()
            .flat_map(|(class, intent)| {
                intent.samples.iter().enumerate().map(move |(variant, sample)| (class, intent, variant, sample))
            })
            .map(|(class, intent, variant, sample)| {
                let text = content.model.fill_slots(intent, sample, variant, &content.lexicon.slot_words);
                (reader.terms(&reader.stems(&text)), class)
            });
        let emphasis: Vec<f32> = classes
            .iter()
            .map(|class| if class.role == Role::OutOfScope { OUT_OF_SCOPE_EMPHASIS } else { 1.0 })
            .collect();
        let classifier = Classifier::train(examples, &emphasis);
        let mut slot_values: Vec<SlotValue> = model
            .types
            .iter()
            .flat_map(|slot_type| {
                slot_type.values.iter().flat_map(|value| {
                    value.spoken_forms().map(|form| SlotValue {
                        stems: reader.stems(form),
                        slot_type: slot_type.name.clone(),
                        id: value.id.clone(),
                    })
                })
            })
            .filter(|value| !value.stems.is_empty())
            .collect();
        slot_values.sort_by_key(|value| std::cmp::Reverse(value.stems.len()));
        Ok(Matcher { reader, signs, classifier, classes, slot_values })
    }

    /// How many danger patterns there are.
    pub fn n_danger_patterns(&self) -> usize {
        self.signs.len()
    }

    /// The danger said in `utterance` and not denied, if any.
    pub fn danger(&self, utterance: &str) -> Option<Kind> {
        let stems = self.read(utterance);
        self.signs.find(&stems, &self.reader.clause_spans(&stems)).danger
    }

    /// Understands `utterance`: danger first, whatever else is said; then the intent the
    /// rest is most like; an utterance like none of them gets the fallback intent.
    pub fn best(&self, utterance: &str) -> Match {
        let stems = self.read(utterance);
        let found = self.signs.find(&stems, &self.reader.clause_spans(&stems));
        if let Some(kind) = found.danger {
            return Match { intent: kind.intent().to_owned(), confidence: 1.0, slots: BTreeMap::new() };
        }
        let rest: Vec<String> = stems
            .into_iter()
            .enumerate()
            .filter(|(idx, _)| !found.denied.iter().any(|denied| denied.contains(idx)))
            .map(|(_, stem)| stem)
            .collect();
        // Someone who has just said a danger is not happening is not describing one.
        self.classify(&rest, found.denied.is_empty())
    }

    /// The `n` intents the classifier finds likeliest for the whole of `utterance`, with
    /// their probabilities, likeliest first: what [`Matcher::best`] weighed, for people
    /// tuning the samples to see.
    pub fn likeliest(&self, utterance: &str, n: usize) -> Vec<(&str, f32)> {
        let probabilities = self.classifier.probabilities(&self.reader.terms(&self.read(utterance)));
        let mut ranked: Vec<(&str, f32)> =
            self.classes.iter().map(|class| class.intent.as_str()).zip(probabilities).collect();
        ranked.sort_by(|(_, a), (_, b)| b.total_cmp(a));
        ranked.truncate(n);
        ranked
    }

    /// The stems of the first [`MAX_WORDS`] words of `utterance`.
    fn read(&self, utterance: &str) -> Vec<String> {
        let mut stems = self.reader.stems(utterance);
        stems.truncate(MAX_WORDS);
        stems
    }

    /// The intent `stems` ask for. A long utterance is also read clause by clause
    /// (split where the lexicon's `clause_breaks` are), so that a question, or a danger,
    /// inside a longer story is found.
    fn classify(&self, stems: &[String], may_be_danger: bool) -> Match {
        let clauses = self.reader.clause_spans(stems);
        let candidates = std::iter::once(stems)
            .chain(clauses.iter().filter(|_| clauses.len() > 1).map(|clause| &stems[clause.clone()]));
        let mut question: Option<(&Class, f32)> = None;
        let mut danger: Option<(&Class, f32)> = None;
        // How likely the whole utterance is any question at all.
        let mut in_scope = 0.0_f32;
        for (idx, candidate) in candidates.enumerate() {
            let whole = idx == 0;
            let probabilities = self.classifier.probabilities(&self.reader.terms(candidate));
            if whole {
                in_scope = self
                    .classes
                    .iter()
                    .zip(&probabilities)
                    .filter(|(class, _)| matches!(class.role, Role::Question | Role::Command))
                    .map(|(_, p)| *p)
                    .fold(0.0, f32::max);
            }
            let commands_allowed = whole && candidate.len() <= COMMAND_WORDS;
            let Some((top, probability)) = self
                .classes
                .iter()
                .zip(probabilities.iter().copied())
                .filter(|(class, _)| commands_allowed || class.role != Role::Command)
                .max_by(|(_, a), (_, b)| a.total_cmp(b))
            else {
                continue;
            };
            match top.role {
                // Only the whole utterance, and not a very short one: a clause, or a word
                // or two, is too little to tell danger by likeness (the patterns apply).
                Role::Danger => {
                    if may_be_danger && whole && candidate.len() >= DANGER_WORDS && probability >= DANGER_THRESHOLD {
                        danger = Some((top, probability));
                    }
                }
                Role::OutOfScope => {}
                Role::Question | Role::Command => {
                    if probability >= CONFIDENCE_THRESHOLD && question.is_none_or(|(_, best)| probability > best) {
                        question = Some((top, probability));
                    }
                }
            }
        }
        // The classifier's word for danger counts only over a likelier question.
        let danger = danger.filter(|(_, p)| question.is_none_or(|(_, question)| *p >= question));
        let Some((class, confidence)) = danger.or(question) else {
            return Match {
                intent: BuiltIn::Fallback.name().to_owned(),
                confidence: 1.0 - in_scope,
                slots: BTreeMap::new(),
            };
        };
        let slots = class
            .slots
            .iter()
            .filter_map(|(name, slot_type)| {
                self.slot_values
                    .iter()
                    .filter(|value| &value.slot_type == slot_type)
                    .find(|value| stems.windows(value.stems.len()).any(|window| window == value.stems))
                    .map(|value| (name.clone(), value.id.clone()))
            })
            .collect();
        Match { intent: class.intent.clone(), confidence, slots }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Files;

    fn matcher() -> Matcher {
        Matcher::build(&Content::load(&Files::embedded()).unwrap()).unwrap()
    }

    #[track_caller]
    fn check(matcher: &Matcher, utterance: &str, intent: &str) {
        let found = matcher.best(utterance);
        assert_eq!(found.intent, intent, "{utterance:?} matched {found:?}");
    }

    #[test]
    fn questions_are_matched_to_their_intent() {
        let matcher = matcher();
        for (utterance, intent) in [
            ("Why did my immunotherapy stop working?", "WhyStoppedWorkingIntent"),
            ("um so like why has the treatment just quit on him", "WhyStoppedWorkingIntent"),
            ("what happens next", "WhatHappensNextIntent"),
            ("is the tumour hiding from her t cells", "CancerHidingIntent"),
            ("could her own immune system be going after her thyroid", "AutoimmunityIntent"),
            ("does it matter how often he has the infusions", "DosageTimingIntent"),
            ("is there still any hope", "OutlookIntent"),
            ("speak a little slower please", "SpeakSlowerIntent"),
        ] {
            check(&matcher, utterance, intent);
        }
    }

    #[test]
    fn speech_recognition_slips_and_drug_names_are_understood() {
        let matcher = matcher();
        check(&matcher, "why did the immuno therapy stop working", "WhyStoppedWorkingIntent");
        check(&matcher, "what is the micro environment", "MicroenvironmentIntent");
        check(&matcher, "can auto immunity happen with keytruda", "AutoimmunityIntent");
        check(&matcher, "why did the opdivo stop working", "WhyStoppedWorkingIntent");
    }

    #[test]
    fn commands_count_only_in_short_utterances() {
        let matcher = matcher();
        check(&matcher, "help", "AMAZON.HelpIntent");
        check(&matcher, "no thanks", "AMAZON.NoIntent");
        check(&matcher, "stop", "AMAZON.StopIntent");
        let long = matcher.best("no one has ever told us what is going to happen next with his treatment");
        assert_eq!(long.intent, "WhatHappensNextIntent", "{long:?}");
        let question = matcher.best("should i quit immunotherapy altogether");
        assert_ne!(question.intent, "AMAZON.StopIntent", "{question:?}");
    }

    #[test]
    fn slot_values_are_found_for_the_intent() {
        let matcher = matcher();
        let found = matcher.best("tell me about radiotherapy");
        assert_eq!(found.slots.get("option").map(String::as_str), Some("combining"), "{found:?}");
    }

    #[test]
    fn a_denied_danger_leaves_the_question_to_be_answered() {
        let matcher = matcher();
        check(&matcher, "i don't have any chest pain but why did my treatment stop working", "WhyStoppedWorkingIntent");
        check(&matcher, "he isn't bleeding or anything what happens now", "WhatHappensNextIntent");
        check(&matcher, "i have chest pain and why did my treatment stop working", "EmergencyIntent");
    }

    #[test]
    fn danger_is_heard_before_anything_else() {
        let matcher = matcher();
        for utterance in ["help me i can't breathe", "no he collapsed", "stop my husband is choking"] {
            check(&matcher, utterance, "EmergencyIntent");
        }
        for utterance in ["my son keeps saying he wants to end it all", "i've been saving up my pills"] {
            check(&matcher, utterance, "CrisisIntent");
        }
    }

    #[test]
    fn unrelated_words_fall_back() {
        let matcher = matcher();
        for utterance in ["what's the weather in paris", "play some music", "banana", "", "!!!"] {
            let found = matcher.best(utterance);
            assert_eq!(found.intent, "AMAZON.FallbackIntent", "{utterance:?}: {found:?}");
            assert!((0.0..=1.0).contains(&found.confidence));
            assert!(found.slots.is_empty());
        }
    }

    #[test]
    fn the_likeliest_intents_come_first_and_include_the_match() {
        let matcher = matcher();
        let ranked = matcher.likeliest("what happens next", 3);
        assert_eq!(ranked.len(), 3);
        assert_eq!(ranked[0].0, "WhatHappensNextIntent");
        assert!(ranked.windows(2).all(|pair| pair[0].1 >= pair[1].1), "{ranked:?}");
        assert!(ranked.iter().all(|(_, p)| (0.0..=1.0).contains(p)));
    }

    #[test]
    fn an_utterance_of_one_word_repeated_is_not_understood() {
        let matcher = matcher();
        let found = matcher.best(&"a ".repeat(20_000));
        assert_eq!(found.intent, "AMAZON.FallbackIntent", "{found:?}");
    }
}
