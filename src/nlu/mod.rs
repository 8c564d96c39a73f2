//! Free-text understanding: what an utterance asks, as an intent of the interaction model.
//!
//! In order, and all prepared once from the content at start-up:
//! 1. `reading` turns speech-recognition output into stems, by the lexicon;
//! 2. `danger` looks for the signs of `safety.toml`: a danger said and not denied wins
//!    over everything else, and denied ones ("no chest pain") are set aside;
//! 3. `classifier`, trained on the sample utterances (the fallback intent's samples being
//!    noise and fragments, and the other kinds of turn, such as questions the source does
//!    not answer, feelings or another device's commands, having intents of their own),
//!    says which intent the rest, and each of its clauses, is most like. The safety
//!    intents' samples teach it danger said in words no pattern has: where a safety intent
//!    is the likeliest for the whole utterance, at [`DANGER_THRESHOLD`] or more and over
//!    any other answer read in it, that is the answer (unless a danger was just denied;
//!    and over [`DANGER_MAX_WORDS`] words, only when a clause is as likely that danger).
//!    Built-in commands (yes, no, help, stop, ...) count only in a short utterance, so a
//!    word like "quit" inside a question does not end the session. Below
//!    [`CONFIDENCE_THRESHOLD`] the answer is the fallback, unless a passage's question is
//!    the likeliest at [`WEAK_THRESHOLD`] or more: then the two likeliest passages are
//!    offered to choose from.
//!
//! A question a passage answers is [`Certainty::Sure`] from [`SURE_THRESHOLD`] up;
//! below, it is [`Certainty::Doubtful`] (the answer says what was understood), or
//! [`Certainty::Between`] it and the next likeliest passage's question, when that one is
//! at least [`CLOSE`] times as likely.

mod classifier;
pub mod danger;
pub mod kept;
mod reading;

use std::collections::BTreeMap;

use crate::content::Content;
use crate::dialog::{BuiltIn, Certainty};
use classifier::Classifier;
use danger::{Kind, PatternError, Signs};
use kept::KeptClassifier;
use reading::Reader;

/// The lowest probability that counts as understanding.
pub const CONFIDENCE_THRESHOLD: f32 = 0.35;
/// The lowest probability at which a passage's question is answered without doubt.
pub const SURE_THRESHOLD: f32 = 0.6;
/// How likely, against the likeliest, the next passage's question must be for the
/// skill to ask which was meant.
pub const CLOSE: f32 = 0.8;
/// The lowest probability at which a passage's question that is the likeliest answer,
/// though below [`CONFIDENCE_THRESHOLD`], is offered to choose rather than not
/// understood.
pub const WEAK_THRESHOLD: f32 = 0.2;
/// How much more the classes of what the skill does not answer (questions the source
/// does not answer, and noise) weigh in training than an intent: giving a passage that does
/// not answer the question is worse than saying so.
pub const OUT_OF_SCOPE_EMPHASIS: f32 = 1.5;
/// The lowest probability of a safety intent, when it is the likeliest, that counts as
/// danger said in words no pattern has: the patterns find danger first, and likeness
/// alone, below this, raised more false alarms (cost, doses, other devices) than it
/// found dangers.
pub const DANGER_THRESHOLD: f32 = 0.7;
/// The fewest words in which the classifier may hear danger; fewer are too few to tell
/// (the patterns still apply).
pub const DANGER_WORDS: usize = 3;
/// The most words in which likeness of the whole utterance alone may be heard as danger:
/// about as many as Dialogflow's 256 characters hold, where the rule was measured. Over a
/// minute-long story likeness drifts toward danger (harmless stories about a dog or a
/// grandson's game were heard as a crisis), so there one of its clauses must be as likely a
/// danger too; the patterns apply as ever.
pub const DANGER_MAX_WORDS: usize = 50;
/// The most words read of an utterance: all of a minute of speech (the 1,000 characters
/// the free-text routes take never read as more words, contractions spelled out included),
/// so that danger said at the end of a long story is heard; longer text, which no route
/// lets through, is read only this far, so that nothing can make matching slow.
pub const MAX_WORDS_READ: usize = 1_000;
/// The most words an utterance may have for a built-in command to count.
pub const COMMAND_WORDS: usize = 12;
/// The most words an utterance may have for a request to speak slower or faster to count
/// (its samples have at most 9), never in a clause of a longer one: in a story, "it's
/// slowing down now" is about the illness.
pub const RATE_WORDS: usize = 20;

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
    /// How surely a passage's question was understood (always sure for anything else).
    pub certainty: Certainty,
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
    /// Whether any other answer found in the words comes first: feelings, a greeting or
    /// thanks said with a question ("i'm so scared, what happens next") leave the question
    /// to be answered.
    yields: bool,
    /// Whether it asks to speak slower or faster.
    sets_rate: bool,
    /// Whether it is telling of abuse or assault: like danger, not heard by likeness in an
    /// utterance of a word or two, nor from someone who has just said a danger is not
    /// happening.
    discloses: bool,
}

/// What an intent is to the matcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A question a passage answers: the part it leads to, by its number among all parts,
    /// unless a slot's value chooses the part (a treatment option's topic).
    Topic(Option<usize>),
    /// Another kind of turn the skill answers itself: speaking slower, a question the
    /// source does not answer, feelings, another device's command, ...
    Request,
    /// A built-in command, which only a short utterance can be.
    Command,
    /// A safety intent.
    Danger,
    /// The fallback intent, whose samples are noise and fragments.
    OutOfScope,
}

impl Role {
    /// Whether the role answers something, rather than raising an alarm or not
    /// understanding.
    fn answers(self) -> bool {
        matches!(self, Role::Topic(_) | Role::Request | Role::Command)
    }
}

/// Whether a slot of `intent` can choose which topic answers it (a value of its type is a
/// topic's `option`).
fn chooses_by_slot(content: &Content, intent: &crate::content::model::Intent) -> bool {
    intent.slots.iter().filter_map(|slot| content.model.slot_type(&slot.slot_type)).any(|slot_type| {
        slot_type
            .values
            .iter()
            .any(|value| content.topics.iter().any(|topic| topic.option.as_deref() == Some(&value.id)))
    })
}

/// The likeliest class of one reading (the whole utterance or a clause), with the next
/// likeliest passage's question that leads elsewhere.
#[derive(Debug, Clone, Copy)]
struct Likeliest {
    class: usize,
    probability: f32,
    /// Another passage's question and its probability, when the likeliest is one.
    runner_up: Option<(usize, f32)>,
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
            Kind::Assault => BuiltIn::SexualAssault.name(),
            Kind::Abuse => BuiltIn::Abuse.name(),
        }
    }
}

impl Matcher {
    /// Prepares the lexicon, the signs of danger and the classifier: read from `kept` when
    /// it holds one, else trained (and then kept there). Fails on a pattern of
    /// `safety.toml` it cannot read.
    pub fn build(content: &Content, kept: Option<&KeptClassifier>) -> Result<Matcher, PatternError> {
        let model = &content.model;
        let reader = Reader::build(&content.lexicon, model);
        let signs = Signs::build(&content.safety.signs, &reader)?;
        let intents: Vec<_> = model.intents.iter().filter(|intent| intent.sample_count() > 0).collect();
        let classes: Vec<Class> = intents
            .iter()
            .map(|intent| {
                let built_in = BuiltIn::from_name(&intent.name);
                Class {
                    intent: intent.name.clone(),
                    slots: intent.slots.iter().map(|slot| (slot.name.clone(), slot.slot_type.clone())).collect(),
                    yields: matches!(
                        built_in,
                        Some(BuiltIn::Feelings | BuiltIn::Hello | BuiltIn::Thanks | BuiltIn::WhoAreYou)
                    ),
                    sets_rate: matches!(built_in, Some(BuiltIn::SpeakSlower | BuiltIn::SpeakFaster)),
                    discloses: matches!(built_in, Some(BuiltIn::Abuse | BuiltIn::SexualAssault)),
                    role: match built_in {
                        Some(BuiltIn::Emergency | BuiltIn::Crisis) => Role::Danger,
                        Some(BuiltIn::Fallback) => Role::OutOfScope,
                        Some(built_in) if built_in.is_command() => Role::Command,
                        Some(_) => Role::Request,
                        None => match content.entry_for(&intent.name, []) {
                            Some(_) if chooses_by_slot(content, intent) => Role::Topic(None),
                            Some(entry) => Role::Topic(Some(content.part_number(entry))),
                            None => Role::Request,
                        },
                    },
                }
            })
            .collect();
        // Read one sample at a time, so only the features of each are kept for training.
        let examples = intents
            .iter()
            .enumerate()
            .flat_map(|(class, intent)| {
                model.samples(intent).enumerate().map(move |(variant, sample)| (class, intent, variant, sample))
            })
            .map(|(class, intent, variant, sample)| {
                let text = content.model.fill_slots(intent, sample, variant, &content.lexicon.slot_words);
                (reader.terms(reader.trimmed(&reader.stems(&text))), class)
            });
        let emphasis: Vec<f32> = classes
            .iter()
            .map(|class| {
                let unanswered = class.role == Role::OutOfScope || class.intent == BuiltIn::NotCovered.name();
                if unanswered { OUT_OF_SCOPE_EMPHASIS } else { 1.0 }
            })
            .collect();
        let classifier = match kept.and_then(|kept| kept.read(classes.len())) {
            Some(classifier) => classifier,
            None => {
                let classifier = Classifier::train(examples, &emphasis);
                if let Some(kept) = kept {
                    kept.write(&classifier);
                }
                classifier
            }
        };
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
            return Match {
                intent: kind.intent().to_owned(),
                confidence: 1.0,
                slots: BTreeMap::new(),
                certainty: Certainty::Sure,
            };
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

    /// The danger patterns found in `utterance`, as `safety.toml` writes them, whether or
    /// not they were set aside (denied, a figure of speech, in the past).
    pub fn danger_patterns(&self, utterance: &str) -> Vec<&str> {
        self.signs.patterns_in(&self.read(utterance))
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

    /// The stems of the first [`MAX_WORDS_READ`] words of `utterance`.
    fn read(&self, utterance: &str) -> Vec<String> {
        let mut stems = self.reader.stems(utterance);
        stems.truncate(MAX_WORDS_READ);
        stems
    }

    /// The intent `stems` ask for. A long utterance is also read clause by clause
    /// (split where the lexicon's `clause_breaks` are), so that a question, or a danger,
    /// inside a longer story is found.
    fn classify(&self, stems: &[String], may_be_danger: bool) -> Match {
        let clauses = self.reader.clause_spans(stems);
        // The whole, without the clause breaks it starts or ends with ("and would ..."), as
        // the samples were read.
        let whole = reading::within_clauses(stems, &clauses);
        let whole_words = whole.len();
        let candidates = std::iter::once(whole)
            .chain(clauses.iter().filter(|_| clauses.len() > 1).map(|clause| &stems[clause.clone()]));
        let mut answer: Option<Likeliest> = None;
        // The likeliest answer, of the whole or of a clause, that does not yield to another.
        let mut firm: Option<Likeliest> = None;
        let mut danger: Option<Likeliest> = None;
        // The danger classes that a clause of a long story is as likely as a danger.
        let mut danger_in_clauses = Vec::new();
        // The whole utterance's likeliest answer, whatever its probability, when it is
        // also the likeliest of all.
        let mut whole_likeliest: Option<Likeliest> = None;
        // How likely the whole utterance is any answer at all.
        let mut in_scope = 0.0_f32;
        for (idx, candidate) in candidates.enumerate() {
            let whole = idx == 0;
            let mut probabilities = self.classifier.probabilities(&self.reader.terms(candidate));
            let (no_command, no_rate) =
                (!whole || candidate.len() > COMMAND_WORDS, !whole || candidate.len() > RATE_WORDS);
            let no_disclosure = !may_be_danger || (whole && candidate.len() < DANGER_WORDS);
            self.rule_out(&mut probabilities, |class| {
                (no_command && class.role == Role::Command)
                    || (no_rate && class.sets_rate)
                    || (no_disclosure && class.discloses)
            });
            let answers = |class: &Class| class.role.answers();
            let (Some(likeliest), Some(best_answer)) =
                (self.likeliest_of(&probabilities, |_| true), self.likeliest_of(&probabilities, answers))
            else {
                continue;
            };
            if whole {
                in_scope = best_answer.probability;
                whole_likeliest = Some(best_answer).filter(|best| best.class == likeliest.class);
            }
            // Only the whole utterance, and not a very short one: a clause, or a word or two,
            // is too little to tell danger by likeness (the patterns apply). A clause only
            // confirms the danger of a long story.
            let is_danger = self.classes[likeliest.class].role == Role::Danger;
            if is_danger
                && may_be_danger
                && candidate.len() >= DANGER_WORDS
                && likeliest.probability >= DANGER_THRESHOLD
            {
                if whole {
                    danger = Some(likeliest);
                } else {
                    danger_in_clauses.push(likeliest.class);
                }
            }
            if best_answer.probability >= CONFIDENCE_THRESHOLD
                && answer.is_none_or(|best| best_answer.probability > best.probability)
            {
                answer = Some(best_answer);
            }
            if !self.classes[best_answer.class].yields
                && best_answer.probability >= CONFIDENCE_THRESHOLD
                && firm.is_none_or(|best| best_answer.probability > best.probability)
            {
                firm = Some(best_answer);
            }
        }
        // A question a passage answers, or another answer the skill is sure of, comes first.
        let outranks = |firm: &Likeliest| {
            matches!(self.classes[firm.class].role, Role::Topic(_)) || firm.probability >= SURE_THRESHOLD
        };
        if answer.is_some_and(|answer| self.classes[answer.class].yields) && firm.as_ref().is_some_and(outranks) {
            answer = firm;
        }
        // The classifier's word for danger counts only over a likelier answer, and in a long
        // story only where a clause says it too.
        let danger = danger
            .filter(|danger| answer.is_none_or(|answer| danger.probability >= answer.probability))
            .filter(|danger| whole_words <= DANGER_MAX_WORDS || danger_in_clauses.contains(&danger.class));
        if let Some(danger) = danger {
            return self.matched(danger, stems, Certainty::Sure);
        }
        if let Some(answer) = answer {
            let certainty = match (self.classes[answer.class].role, answer.runner_up) {
                (Role::Topic(_), _) if answer.probability >= SURE_THRESHOLD => Certainty::Sure,
                (Role::Topic(_), Some((other, p))) if p >= CLOSE * answer.probability => {
                    Certainty::Between(self.classes[other].intent.clone())
                }
                (Role::Topic(_), _) => Certainty::Doubtful,
                _ => Certainty::Sure,
            };
            return self.matched(answer, stems, certainty);
        }
        // A passage's question, the likeliest though weak: offer it and the next.
        if let Some(weak) = whole_likeliest.filter(|weak| weak.probability >= WEAK_THRESHOLD)
            && let (Role::Topic(_), Some((other, _))) = (self.classes[weak.class].role, weak.runner_up)
        {
            return self.matched(weak, stems, Certainty::Between(self.classes[other].intent.clone()));
        }
        Match {
            intent: BuiltIn::Fallback.name().to_owned(),
            confidence: 1.0 - in_scope,
            slots: BTreeMap::new(),
            certainty: Certainty::Sure,
        }
    }

    /// The likeliest class of `probabilities` among those `eligible`, with the likeliest
    /// passage's question that leads to another part when it is one.
    fn likeliest_of(&self, probabilities: &[f32], eligible: impl Fn(&Class) -> bool) -> Option<Likeliest> {
        let (best, (class, probability)) = self
            .classes
            .iter()
            .zip(probabilities)
            .enumerate()
            .filter(|(_, (class, _))| eligible(class))
            .max_by(|(_, (_, a)), (_, (_, b))| a.total_cmp(b))?;
        let runner_up = match class.role {
            Role::Topic(Some(part)) => self
                .classes
                .iter()
                .zip(probabilities)
                .enumerate()
                .filter(|(_, (other, _))| matches!(other.role, Role::Topic(Some(other)) if other != part))
                .max_by(|(_, (_, a)), (_, (_, b))| a.total_cmp(b))
                .map(|(other, (_, p))| (other, *p)),
            _ => None,
        };
        Some(Likeliest { class: best, probability: *probability, runner_up })
    }

    /// `probabilities` given that the words are none of the classes `ruled_out` (commands,
    /// say): their share goes to the other classes, in proportion.
    fn rule_out(&self, probabilities: &mut [f32], ruled_out: impl Fn(&Class) -> bool) {
        let share: f32 =
            self.classes.iter().zip(probabilities.iter()).filter(|(class, _)| ruled_out(class)).map(|(_, p)| p).sum();
        let rest = (1.0 - share).max(f32::EPSILON);
        for (class, probability) in self.classes.iter().zip(probabilities.iter_mut()) {
            *probability = if ruled_out(class) { 0.0 } else { *probability / rest };
        }
    }

    /// The match for `likeliest`, with the values its slots have in `stems`.
    fn matched(&self, likeliest: Likeliest, stems: &[String], certainty: Certainty) -> Match {
        let class = &self.classes[likeliest.class];
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
        Match { intent: class.intent.clone(), confidence: likeliest.probability, slots, certainty }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> &'static Matcher {
        &crate::skill::embedded_for_tests().matcher
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
            ("could you talk a bit more slowly i'm finding it hard to keep up", "SpeakSlowerIntent"),
        ] {
            check(matcher, utterance, intent);
        }
    }

    #[test]
    fn speech_recognition_slips_and_drug_names_are_understood() {
        let matcher = matcher();
        check(matcher, "why did the immuno therapy stop working", "WhyStoppedWorkingIntent");
        check(matcher, "what is the micro environment", "MicroenvironmentIntent");
        check(matcher, "can auto immunity happen with keytruda", "AutoimmunityIntent");
        check(matcher, "why did the opdivo stop working", "WhyStoppedWorkingIntent");
    }

    #[test]
    fn commands_count_only_in_short_utterances() {
        let matcher = matcher();
        check(matcher, "help", "AMAZON.HelpIntent");
        check(matcher, "no thanks", "AMAZON.NoIntent");
        check(matcher, "stop", "AMAZON.StopIntent");
        let long = matcher.best("no one has ever told us what is going to happen next with his treatment");
        assert_eq!(long.intent, "WhatHappensNextIntent", "{long:?}");
        let question = matcher.best("should i quit immunotherapy altogether");
        assert_ne!(question.intent, "AMAZON.StopIntent", "{question:?}");
    }

    #[test]
    fn slot_values_are_found_for_the_intent() {
        let matcher = matcher();
        let found = matcher.best("why did the keytruda stop working");
        assert_eq!(found.slots.get("drug").map(String::as_str), Some("pembrolizumab"), "{found:?}");
        let found = matcher.best("the third one please");
        assert_eq!(found.slots.get("choice").map(String::as_str), Some("third"), "{found:?}");
    }

    #[test]
    fn a_denied_danger_leaves_the_question_to_be_answered() {
        let matcher = matcher();
        check(matcher, "i don't have any chest pain but why did my treatment stop working", "WhyStoppedWorkingIntent");
        check(matcher, "he isn't bleeding or anything what happens now", "WhatHappensNextIntent");
        check(matcher, "i have chest pain and why did my treatment stop working", "EmergencyIntent");
    }

    #[test]
    fn danger_is_heard_before_anything_else() {
        let matcher = matcher();
        for utterance in ["help me i can't breathe", "no he collapsed", "stop my husband is choking"] {
            check(matcher, utterance, "EmergencyIntent");
        }
        for utterance in ["my son keeps saying he wants to end it all", "i've been saving up my pills"] {
            check(matcher, utterance, "CrisisIntent");
        }
    }

    #[test]
    fn each_kind_of_turn_is_heard_as_itself() {
        let matcher = matcher();
        for (utterance, intent) in [
            ("how much are the infusions going to cost us", "NotCoveredIntent"),
            ("how long do i have left", "NotCoveredIntent"),
            ("should i keep taking my blood thinners", "OwnMedicineIntent"),
            ("i missed my infusion should i double the next dose", "WrongDoseIntent"),
            ("i'm so frightened about all of this", "FeelingsIntent"),
            ("help me quit drinking", "SubstanceUseIntent"),
            ("switch off the kitchen lights", "DeviceCommandIntent"),
            ("stop the timer", "DeviceCommandIntent"),
            ("hello there", "HelloIntent"),
            ("thanks so much", "ThanksIntent"),
            ("are you a real person", "WhoAreYouIntent"),
            ("the second one", "SelectIntent"),
            ("tell me more", "TellMeMoreIntent"),
        ] {
            check(matcher, utterance, intent);
        }
        assert_eq!(matcher.best("the second one").slots.get("choice").map(String::as_str), Some("second"));
    }

    #[test]
    fn vomiting_blood_is_a_sign_however_it_is_told() {
        let matcher = matcher();
        for utterance in [
            "he threw up blood",
            "i just threw up and there was a lot of blood",
            "she threw up and there were clots of blood",
            "she spat up blood",
        ] {
            assert!(!matcher.danger_patterns(utterance).is_empty(), "{utterance:?}");
            check(matcher, utterance, "EmergencyIntent");
        }
    }

    #[test]
    fn disclosures_and_first_aid_are_heard_before_questions() {
        let matcher = matcher();
        check(matcher, "i was beaten up by my husband", "AbuseIntent");
        check(matcher, "my dad hits my mum and why did the keytruda stop working", "AbuseIntent");
        check(matcher, "i was raped", "SexualAssaultIntent");
        check(matcher, "how do i give chest compressions", "EmergencyIntent");
        check(matcher, "what do i do if someone is not breathing", "EmergencyIntent");
        let denied = matcher.best("he doesn't hit me he just shouts about the bills");
        assert_ne!(denied.intent, "AbuseIntent", "a denial is not a disclosure: {denied:?}");
        // Nor what is left once a danger is denied, nor a fragment.
        for utterance in ["i was coughing and there was no blood", "i was", "he was"] {
            let heard = matcher.best(utterance);
            assert!(
                !["AbuseIntent", "SexualAssaultIntent", "EmergencyIntent"].contains(&heard.intent.as_str()),
                "{heard:?}"
            );
        }
    }

    #[test]
    fn a_wish_to_die_after_a_question_is_a_crisis_and_worries_about_cost_are_not() {
        let matcher = matcher();
        check(
            matcher,
            "why did the immunotherapy stop working i don't see the point in living anymore",
            "CrisisIntent",
        );
        let cost = matcher.best("the bills are killing us how much is the next treatment going to cost");
        assert_eq!(cost.intent, "NotCoveredIntent", "{cost:?}");
        let appointment = matcher.best("what should i expect at my appointment on thursday");
        assert!(!["CrisisIntent", "EmergencyIntent"].contains(&appointment.intent.as_str()), "{appointment:?}");
    }

    #[test]
    fn noise_falls_back() {
        let matcher = matcher();
        for utterance in ["banana", "the the uh", "", "!!!"] {
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
    fn a_minute_of_speech_is_read_to_its_end() {
        let matcher = matcher();
        let story = "so we went to the shop and then we had a cup of tea and a bit of a chat ".repeat(13);
        let question = format!("{story}and um why did his immunotherapy stop working");
        let danger = format!("{story}and now he can't breathe");
        for (utterance, intent) in [(&question, "WhyStoppedWorkingIntent"), (&danger, "EmergencyIntent")] {
            assert!(utterance.len() <= 1_000 && utterance.split_whitespace().count() > 200, "{}", utterance.len());
            check(matcher, utterance, intent);
        }
        // Contractions spelled out make more words than were said.
        let spelled_out = format!("{}and now he can't breathe", "im ".repeat(310));
        assert!(spelled_out.len() <= 1_000 && matcher.read(&spelled_out).len() > 600);
        check(matcher, &spelled_out, "EmergencyIntent");
    }

    #[test]
    fn slowing_down_in_a_story_is_not_a_request_to_speak_slower() {
        for story in [
            "my wife has had the infusions since the spring and it worked for a while but it's slowing down now \
             and we wonder if her diabetes has something to do with it",
            "it worked really well at first but now it's slowing down and the doctor isn't sure why and my \
             husband has heart trouble and kidney problems too so we wonder if that's part of it",
        ] {
            assert!(story.split_whitespace().count() > RATE_WORDS);
            let heard = matcher().best(story);
            assert!(!["SpeakSlowerIntent", "SpeakFasterIntent"].contains(&heard.intent.as_str()), "{heard:?}");
        }
    }

    #[test]
    fn likeness_alone_hears_no_danger_in_a_long_story() {
        let chatter = "the dog dug up the whole flower bed again this morning he's a rescue we got in the \
            spring and he's lovely but he digs every single time it rains and my husband wants to put chicken wire \
            all round it but i think that'll look awful next to the new fence so we keep going back and forth \
            about it all week";
        assert!(chatter.split_whitespace().count() > DANGER_MAX_WORDS);
        let heard = matcher().best(chatter);
        assert!(!["CrisisIntent", "EmergencyIntent"].contains(&heard.intent.as_str()), "{heard:?}");
    }

    #[test]
    fn an_utterance_of_one_word_repeated_is_not_understood() {
        let matcher = matcher();
        let found = matcher.best(&"a ".repeat(20_000));
        assert_eq!(found.intent, "AMAZON.FallbackIntent", "{found:?}");
    }
}
