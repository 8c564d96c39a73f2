//! Content: what the skill says (`speech/`) and understands (`intents/`), loaded and
//! checked once at start-up into an immutable [`Content`].
//!
//! This module reads the data files; `crate::speech` renders speech, and the repository's
//! top-level `speech/` directory holds the data itself.
//!
//! Loading fails, naming the file and the key, when the files disagree with each other:
//! a part citing a passage that is not in the approved source or saying words its
//! passages do not, a part too long to speak in one go, an intent with no answer, a
//! `next` topic that does not exist.

pub mod files;
mod framing;
mod lexicon;
pub mod model;
mod provenance;
mod raw;
mod safety;
mod topics;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

pub use files::Files;
pub use framing::{Framing, Listing};
pub use lexicon::Lexicon;
pub use model::Model;
pub use provenance::Cited;
pub use safety::{Number, Safety, Sign, SignsOfDanger};
pub use topics::{Part, Topic};

/// Speaking rate used to estimate how long a part takes to say, in words per minute at
/// the normal rate: 150 is a typical relaxed rate for English speech synthesis.
pub const WORDS_PER_MINUTE: usize = 150;
/// The longest a part may take to speak at the slowest rate, in seconds.
pub const MAX_PART_SECONDS: usize = 30;
/// The most words one part may have: as many as the slowest rate says in
/// [`MAX_PART_SECONDS`] (150 words a minute at 70% is 105; half a minute, 52 words). A
/// test holds it to the slowest rate of `speech::Rate`.
pub const MAX_PART_WORDS: usize = 52;
/// The fewest words an invocation name may have (Alexa's rule).
const MIN_INVOCATION_WORDS: usize = 2;

/// Why content could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file could not be read.
    #[error("cannot read {}: {error}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        error: std::io::Error,
    },
    /// A locale's file is missing (and so is the file its language shares, if it may
    /// share one).
    #[error("{path} is missing{}", shared.as_ref().map(|shared| format!(", and so is {shared}")).unwrap_or_default())]
    Missing {
        /// The locale's own file.
        path: String,
        /// The file the locales of its language share instead.
        shared: Option<String>,
    },
    /// A TOML file is malformed.
    #[error("{file}: {error}")]
    Toml {
        /// The file.
        file: String,
        /// The cause, with line and column.
        error: toml::de::Error,
    },
    /// The interaction model's JSON is malformed.
    #[error("{file}: {error}")]
    Json {
        /// The file.
        file: String,
        /// The cause, with line and column.
        error: serde_json::Error,
    },
    /// The files parse but break a rule.
    #[error("{file}: {key}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// Where in the file, e.g. `topic[2].next`.
        key: String,
        /// What is wrong.
        message: String,
    },
}

/// Everything the skill can say and understand, checked.
#[derive(Debug)]
pub struct Content {
    /// The locale, e.g. `en-US`.
    pub locale: String,
    /// A digest of the content files (12 hex digits), telling one edit from another.
    pub version: String,
    /// The skill's own words.
    pub framing: Framing,
    /// The medical topics, in the order Next and Previous walk them.
    pub topics: Vec<Topic>,
    /// The interaction model (shared by the locales whose model is the same file).
    pub model: Arc<Model>,
    /// How free text is read before it is matched (shared by the locales whose lexicon is
    /// the same).
    pub lexicon: Arc<Lexicon>,
    /// What to say in an emergency, and the signs that call for it (shared by the locales
    /// of a language).
    pub safety: Safety,
    /// The approved source text, as written, which every part's [`Cited`] passages are in.
    pub source: String,
}

/// Where an intent leads: a part of a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The topic's index.
    pub topic: usize,
    /// The part's index within the topic.
    pub part: usize,
}

impl Content {
    /// Parses and cross-checks the content files.
    pub fn load(files: &Files) -> Result<Content, LoadError> {
        Content::load_beside(files, &[])
    }

    /// Parses and cross-checks the content files, sharing the interaction model of any of
    /// `loaded` whose model is the same file, parsed and checked once.
    pub fn load_beside(files: &Files, loaded: &[Content]) -> Result<Content, LoadError> {
        let model = match loaded.iter().find(|content| content.model.file == files.model.text) {
            Some(same) => same.model.clone(),
            None => {
                let model = Model::parse(files.model.text.clone())
                    .map_err(|error| LoadError::Json { file: files.model.name.clone(), error })?;
                check_model(&model, &files.model.name)?;
                Arc::new(model)
            }
        };
        let framing: Framing = parse_layers(&files.skill)?;
        let topics: raw::TopicsFile = parse_toml(&files.topics)?;
        check_locale_safety(&files.safety)?;
        let safety: Safety = parse_layers(&files.safety)?;
        let lexicon: raw::LexiconFile = parse_toml(&files.lexicon)?;
        let (skill_file, safety_file) = (files::names(&files.skill), files::names(&files.safety));
        let invalid =
            |file: &str, (key, message): (String, String)| LoadError::Invalid { file: file.to_owned(), key, message };

        for (file, version, expected) in [
            (&skill_file, framing.schema_version, raw::SCHEMA_VERSION),
            (&files.topics.name, topics.schema_version, raw::SCHEMA_VERSION),
            (&safety_file, safety.schema_version, raw::SCHEMA_VERSION),
            (&files.lexicon.name, lexicon.schema_version, raw::LEXICON_SCHEMA_VERSION),
        ] {
            if version != expected {
                return Err(invalid(
                    file,
                    ("schema_version".into(), format!("is {version}, this carevoice reads {expected}")),
                ));
            }
        }
        let lexicon = Lexicon::check(lexicon, &model).map_err(|error| invalid(&files.lexicon.name, error))?;
        let lexicon = shared(Arc::new(lexicon), loaded.iter().map(|content| &content.lexicon));
        let stemmer = rust_stemmers::Stemmer::create(lexicon.stemmer);
        let topics = topics::check(topics, &model, &provenance::Source::new(&files.source.text), &stemmer)
            .map_err(|error| invalid(&files.topics.name, error))?;
        let mut safety = safety.check().map_err(|error| invalid(&safety_file, error))?;
        safety.signs = shared(safety.signs, loaded.iter().map(|content| &content.safety.signs));
        let numbers: Vec<(&'static str, String)> =
            safety.numbers().iter().map(|number| (number.key, number.number.to_owned())).collect();
        let framing = framing.check(&numbers).map_err(|error| invalid(&skill_file, error))?;
        Ok(Content {
            locale: files.locale.clone(),
            version: files.digest(),
            framing,
            topics,
            model,
            lexicon,
            safety,
            source: files.source.text.to_string(),
        })
    }

    /// The index of the topic with this id.
    pub fn topic_index(&self, id: &str) -> Option<usize> {
        self.topics.iter().position(|topic| topic.id == id)
    }

    /// Whether a topic answers `intent`.
    pub fn answers(&self, intent: &str) -> bool {
        self.topics.iter().any(|topic| topic.answers(intent))
    }

    /// Where `intent` leads: for a slot value that a topic answers (of the words in
    /// `slot_values`), that topic's start; else the first part that answers the intent.
    pub fn entry_for<'a>(&self, intent: &str, slot_values: impl IntoIterator<Item = &'a str>) -> Option<Entry> {
        let model_intent = self.model.intent(intent)?;
        let by_option = slot_values.into_iter().find_map(|words| {
            let id = self.model.resolve_slot_value(model_intent, words)?;
            let topic = self.topics.iter().position(|topic| topic.option.as_deref() == Some(id))?;
            Some(Entry { topic, part: 0 })
        });
        by_option.or_else(|| {
            self.topics.iter().enumerate().find_map(|(topic, t)| {
                let part = t.parts.iter().position(|part| part.intents.iter().any(|name| name == intent))?;
                Some(Entry { topic, part })
            })
        })
    }

    /// The menu topics other than `except`, in order: those the options name.
    pub fn menu_topics(&self, except: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        self.topics
            .iter()
            .enumerate()
            .filter(move |(index, topic)| topic.menu && Some(*index) != except)
            .map(|(index, _)| index)
    }

    /// "You can ask A, B, or C.", naming the menu topics other than `except`.
    pub fn options_sentence(&self, except: Option<usize>) -> String {
        self.framing.options.replace(framing::OPTIONS_PLACEHOLDER, &self.options_list(except))
    }

    /// "What would you like to hear about: A, B, or C?", naming the menu topics other
    /// than `except`.
    pub fn options_question(&self, except: Option<usize>) -> String {
        self.framing.options_question.replace(framing::OPTIONS_PLACEHOLDER, &self.options_list(except))
    }

    fn options_list(&self, except: Option<usize>) -> String {
        let asks: Vec<&str> = self.menu_topics(except).map(|topic| self.topics[topic].ask.as_str()).collect();
        join_as_list(&asks)
    }

    /// How many parts there are, in every topic.
    pub fn n_parts(&self) -> usize {
        self.topics.iter().map(|topic| topic.parts.len()).sum()
    }

    /// The part's number among every part of every topic, in order.
    pub fn part_number(&self, entry: Entry) -> usize {
        self.topics[..entry.topic].iter().map(|topic| topic.parts.len()).sum::<usize>() + entry.part
    }

    /// The part with this number among every part of every topic (see
    /// [`Content::part_number`]); the last part for a number past the end.
    pub fn entry_at(&self, mut number: usize) -> Entry {
        for (topic, t) in self.topics.iter().enumerate() {
            if number < t.parts.len() {
                return Entry { topic, part: number };
            }
            number -= t.parts.len();
        }
        let topic = self.topics.len() - 1;
        Entry { topic, part: self.topics[topic].parts.len() - 1 }
    }

    /// "You can ask A, B, ..., or Z.", naming every topic.
    pub fn topics_sentence(&self) -> String {
        let asks: Vec<&str> = self.topics.iter().map(|topic| topic.ask.as_str()).collect();
        self.framing.topics.replace(framing::TOPICS_PLACEHOLDER, &join_as_list(&asks))
    }

    /// The part with this id, or the first part of the topic with this id.
    pub fn part_named(&self, id: &str) -> Option<Entry> {
        self.part_with_id(id).or_else(|| self.topic_index(id).map(|topic| Entry { topic, part: 0 }))
    }

    /// The part with this id.
    pub fn part_with_id(&self, id: &str) -> Option<Entry> {
        self.topics
            .iter()
            .enumerate()
            .find_map(|(topic, t)| t.parts.iter().position(|part| part.id == id).map(|part| Entry { topic, part }))
    }
}

/// An equal one of `loaded` if there is one, else `value`: locales alike keep one copy.
fn shared<'a, T: PartialEq + 'a>(value: Arc<T>, mut loaded: impl Iterator<Item = &'a Arc<T>>) -> Arc<T> {
    loaded.find(|same| **same == value).cloned().unwrap_or(value)
}

/// "a", "a or b", "a, b, or c".
fn join_as_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] if init.len() == 1 => format!("{} or {last}", init[0]),
        [init @ .., last] => format!("{}, or {last}", init.join(", ")),
    }
}

fn parse_toml<T: serde::de::DeserializeOwned>(file: &files::File) -> Result<T, LoadError> {
    toml::from_str(&file.text).map_err(|error| LoadError::Toml { file: file.name.clone(), error })
}

/// Reads layered TOML files: each later file's keys replace the earlier's, tables key by
/// key (so a locale can set one word of the `[listing]`). A later layer of `safety.toml`
/// (a locale's) may set only the numbers and the answers that say them: the signs of
/// danger are the language's, whole, so no locale can drop one by adding its own.
fn parse_layers<T: serde::de::DeserializeOwned>(layers: &[files::File]) -> Result<T, LoadError> {
    let mut merged = toml::Table::new();
    for file in layers {
        merge(&mut merged, parse_toml::<toml::Table>(file)?);
    }
    toml::Value::Table(merged).try_into().map_err(|error| LoadError::Toml { file: files::names(layers), error })
}

/// `over`'s keys into `base`: tables merged key by key, anything else replaced.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(base)), toml::Value::Table(over)) => merge(base, over),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// The keys a locale's `safety.toml` may set over its language's.
const LOCALE_SAFETY_KEYS: [&str; 14] = [
    "emergency_number",
    "crisis_line",
    "substance_line",
    "quit_line",
    "abuse_line",
    "assault_line",
    "checked_at",
    "emergency",
    "crisis",
    "feelings",
    "wrong_dose",
    "abuse",
    "assault",
    "substance",
];

/// Refuses a locale's `safety.toml` that sets anything but its numbers and answers.
fn check_locale_safety(layers: &[files::File]) -> Result<(), LoadError> {
    for file in layers.iter().skip(1) {
        let table = parse_toml::<toml::Table>(file)?;
        if let Some(key) = table.keys().find(|key| !LOCALE_SAFETY_KEYS.contains(&key.as_str())) {
            return Err(LoadError::Invalid {
                file: file.name.clone(),
                key: key.clone(),
                message: format!(
                    "a locale's safety.toml sets only {}; the signs of danger are its language's",
                    LOCALE_SAFETY_KEYS.join(", ")
                ),
            });
        }
    }
    Ok(())
}

/// Collapses every run of white space to one space, so a quoted passage matches the
/// source however either is wrapped.
fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_model(model: &Model, file: &str) -> Result<(), LoadError> {
    let invalid = |key: String, message: String| LoadError::Invalid { file: file.to_owned(), key, message };
    let invocation = &model.invocation_name;
    if invocation.split_whitespace().count() < MIN_INVOCATION_WORDS
        || !invocation.chars().all(|c| c.is_ascii_lowercase() || c == ' ')
    {
        return Err(invalid(
            "invocationName".into(),
            format!("{invocation:?} must be {MIN_INVOCATION_WORDS} or more lower-case words"),
        ));
    }
    let mut names = HashSet::new();
    for (intent_idx, intent) in model.intents.iter().enumerate() {
        if !names.insert(intent.name.as_str()) {
            return Err(invalid(format!("intents[{intent_idx}].name"), format!("{:?} appears twice", intent.name)));
        }
        for slot in &intent.slots {
            if model.slot_type(&slot.slot_type).is_none() {
                return Err(invalid(
                    format!("intents[{intent_idx}].slots.{}", slot.name),
                    format!("slot type {:?} is not defined in types", slot.slot_type),
                ));
            }
        }
        for (sample_idx, sample) in model.samples(intent).enumerate() {
            for reference in slot_references(sample) {
                if !intent.slots.iter().any(|slot| slot.name == reference) {
                    return Err(invalid(
                        format!("intents[{intent_idx}].samples[{sample_idx}]"),
                        format!("{sample:?} refers to {{{reference}}}, which is not a slot of {}", intent.name),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The `{slot}` names a sample refers to.
pub fn slot_references(sample: &str) -> impl Iterator<Item = &str> {
    sample.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_with(edit: impl FnOnce(&mut Files)) -> Result<Content, LoadError> {
        let mut files = Files::embedded();
        edit(&mut files);
        Content::load(&files)
    }

    fn replace(file: &mut files::File, from: &str, to: &str) {
        assert!(file.text.contains(from), "{from:?} not in {}", file.name);
        file.text = file.text.replace(from, to).into();
    }

    /// Replaces `from` in the layer that has it.
    fn replace_layered(layers: &mut [files::File], from: &str, to: &str) {
        let file = layers.iter_mut().find(|file| file.text.contains(from));
        replace(file.unwrap_or_else(|| panic!("{from:?} is in no layer")), from, to);
    }

    #[test]
    fn the_embedded_content_loads() {
        let content = load_with(|_| {}).unwrap();
        assert_eq!(content.locale, "en-US");
        assert!(content.topics.len() >= 9);
    }

    #[test]
    fn a_passage_missing_from_the_source_is_refused_with_its_location() {
        let err = load_with(|files| replace(&mut files.source, "Prolonged exposure", "Long exposure")).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("topics.toml"), "{message}");
        assert!(message.contains("immune-fatigue"), "{message}");
        assert!(message.contains("not in the approved source text"), "{message}");
    }

    #[test]
    fn a_part_longer_than_thirty_seconds_is_refused() {
        let long = "cells ".repeat(MAX_PART_WORDS + 1);
        let err = load_with(|files| {
            replace(&mut files.topics, "The cancer cells might also", &format!("{long} The cancer cells might also"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("split it into parts"), "{err}");
    }

    #[test]
    fn a_topic_naming_an_unknown_intent_is_refused() {
        let err =
            load_with(|files| replace(&mut files.topics, "\"OutlookIntent\"]", "\"OutlookIntent\", \"NoSuchIntent\"]"))
                .unwrap_err();
        assert!(err.to_string().contains("NoSuchIntent"), "{err}");
    }

    #[test]
    fn a_dangling_next_is_refused() {
        let err =
            load_with(|files| replace(&mut files.topics, "next = \"resistance\"", "next = \"nowhere\"")).unwrap_err();
        assert!(err.to_string().contains("no topic has the id \"nowhere\""), "{err}");
    }

    #[test]
    fn a_one_word_invocation_name_is_refused() {
        let err = load_with(|files| replace(&mut files.model, "\"care voice\"", "\"carevoice\"")).unwrap_err();
        assert!(err.to_string().contains("invocationName"), "{err}");
    }

    #[test]
    fn an_unknown_field_in_a_topic_is_refused() {
        let err = load_with(|files| replace(&mut files.topics, "menu = true", "menu = true\nmneu = true")).unwrap_err();
        assert!(err.to_string().contains("mneu"), "{err}");
    }

    #[test]
    fn an_unknown_field_in_the_skill_or_safety_file_is_refused() {
        let err =
            load_with(|files| replace_layered(&mut files.skill, "go_on =", "go_onn = \"x\"\ngo_on =")).unwrap_err();
        assert!(err.to_string().contains("go_onn"), "{err}");
        let err = load_with(|files| {
            replace_layered(&mut files.safety, "crisis_line =", "crisis_lien = \"1\"\ncrisis_line =")
        })
        .unwrap_err();
        assert!(err.to_string().contains("crisis_lien"), "{err}");
        // The language's own file may set the signs of danger, and no key it does not know.
        let err = load_with(|files| replace(&mut files.safety[0], "negations =", "negatoins = [\"no\"]\nnegations ="))
            .unwrap_err();
        assert!(err.to_string().contains("negatoins"), "{err}");
    }

    #[test]
    fn slot_values_resolve_from_ids_values_and_synonyms() {
        let content = load_with(|_| {}).unwrap();
        let topic = |intent: &str, values: &[&str]| content.entry_for(intent, values.iter().copied()).map(|e| e.topic);
        assert_eq!(topic("TreatmentOptionIntent", &["chemo"]), content.topic_index("combining"));
        assert_eq!(topic("TreatmentOptionIntent", &["Stopping"]), content.topic_index("stopping"));
        assert_eq!(topic("TreatmentOptionIntent", &["keytruda", "chemo"]), content.topic_index("combining"));
        assert_eq!(topic("TreatmentOptionIntent", &["dancing"]), content.topic_index("next-steps"));
        assert_eq!(topic("TreatmentOptionIntent", &[]), content.topic_index("next-steps"));
    }

    #[test]
    fn later_parts_are_reached_directly_by_their_intents() {
        let content = load_with(|_| {}).unwrap();
        let autoimmunity = content.entry_for("AutoimmunityIntent", []).unwrap();
        assert_eq!(content.topics[autoimmunity.topic].parts[autoimmunity.part].id, "autoimmunity");
        assert!(autoimmunity.part > 0);
        assert_eq!(content.part_named("autoimmunity"), Some(autoimmunity));
        assert_eq!(content.part_named("other-factors"), content.entry_for("OtherFactorsIntent", []));
    }

    #[test]
    fn a_part_saying_what_its_sources_do_not_is_refused() {
        let err = load_with(|files| {
            replace(&mut files.topics, "might also become less visible", "might also become curable and less visible")
        })
        .unwrap_err();
        let message = err.to_string();
        assert!(message.contains("(hiding).text") && message.contains("curabl"), "{message}");
    }

    #[test]
    fn a_later_part_with_intents_needs_an_offer_for_the_rest() {
        let err = load_with(|files| {
            replace(&mut files.topics, "more = \"Would you like to hear more about immune system fatigue?\"\n", "")
        })
        .unwrap_err();
        assert!(err.to_string().contains("(immune-fatigue).more"), "{err}");
    }

    #[test]
    fn help_must_tell_the_emergency_number() {
        let content = load_with(|_| {}).unwrap();
        assert!(content.framing.help.iter().any(|paragraph| paragraph.contains("call 911")));
        let err =
            load_with(|files| replace_layered(&mut files.skill, "call {emergency_number} now", "call your doctor"))
                .unwrap_err();
        assert!(err.to_string().contains("help"), "{err}");
    }

    #[test]
    fn the_numbers_are_filled_into_the_safety_answers() {
        let content = load_with(|_| {}).unwrap();
        let emergency = content.safety.emergency.join(" ");
        let crisis = content.safety.crisis.join(" ");
        assert!(emergency.contains("call 911 now") && !emergency.contains('{'), "{emergency}");
        assert!(crisis.contains("988") && crisis.contains("911") && !crisis.contains('{'), "{crisis}");
    }

    #[test]
    fn every_sentence_of_every_part_cites_a_passage_it_shares_words_with() {
        let content = load_with(|_| {}).unwrap();
        for part in content.topics.iter().flat_map(|topic| &topic.parts) {
            let sentences: Vec<&str> = part.cited.iter().map(|cited| cited.sentence.as_str()).collect();
            assert_eq!(sentences.join(" "), part.text, "{}", part.id);
            for cited in &part.cited {
                let passage: String =
                    cited.passages.iter().map(|at| content.source[at.clone()].to_lowercase()).collect();
                let shares = cited.sentence.split_whitespace().filter(|word| word.len() > 4).any(|word| {
                    passage.contains(word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase().as_str())
                });
                assert!(shares, "{}: {:?} cites {passage:?}", part.id, cited.sentence);
            }
        }
        let overview = &content.topics[0].parts[0].cited;
        assert!(content.source[overview[0].passages[0].clone()].starts_with("When immunotherapy stops working"));
        assert_eq!(overview[2].passages.len(), 1);
        assert_eq!(&content.source[overview[2].passages[0].clone()], "1. Cancer Cells Develop Resistance");
    }

    #[test]
    fn a_locale_sets_its_numbers_but_not_the_signs_of_danger() {
        let locale_file =
            |text: &str| files::File { name: "speech/en-XX/safety.toml".into(), text: text.to_owned().into() };
        let mut files = Files::embedded();
        let checked =
            "\n[checked_at]\nemergency_number = \"https://example.org/111\"\ncrisis_line = \"https://example.org/222\"";
        files.safety[1] = locale_file(&format!(
            "emergency_number = \"111\"\ncrisis_line = \"222\"\ncrisis = [\"Call {{crisis_line}}.\"]{checked}"
        ));
        let content = Content::load(&files).unwrap();
        assert_eq!(content.safety.emergency_number, "111");
        assert_eq!(content.safety.crisis, ["Call 222."]);
        assert!(content.safety.signs.emergency_signs.len() > 5, "the language's signs stay");
        files.safety[1] = locale_file(
            "emergency_number = \"111\"\ncrisis_line = \"2\"\ncrisis = [\"x\"]\n[[emergency_sign]]\nname = \"one\"\npatterns = [\"only this\"]",
        );
        let err = Content::load(&files).unwrap_err().to_string();
        assert!(err.contains("en-XX/safety.toml") && err.contains("emergency_sign"), "{err}");
    }

    #[test]
    fn every_number_names_the_page_it_was_checked_on_and_no_other_number_is_said() {
        let err = load_with(|files| {
            replace_layered(
                &mut files.safety,
                "substance_line = \"https://www.samhsa.gov/find-help/national-helpline\"\n",
                "",
            )
        })
        .unwrap_err();
        assert!(err.to_string().contains("checked_at.substance_line"), "{err}");
        let err =
            load_with(|files| replace_layered(&mut files.safety, "on {abuse_line}", "on {abuse_line} or 555 0100"))
                .unwrap_err();
        assert!(err.to_string().contains("not one of the locale's numbers"), "{err}");
        let err =
            load_with(|files| replace_layered(&mut files.safety, "on {abuse_line}", "on {shelter_line}")).unwrap_err();
        assert!(err.to_string().contains("{shelter_line} names no number"), "{err}");
        let content = load_with(|_| {}).unwrap();
        let numbers = content.safety.numbers();
        assert!(numbers.iter().all(|number| number.checked_at.starts_with("https://")), "{numbers:?}");
    }

    #[test]
    fn a_locale_sets_one_key_of_a_table_and_keeps_the_rest() {
        let mut files = Files::embedded();
        files.skill.push(files::File {
            name: "speech/en-XX/skill.toml".into(),
            text: "[listing]\nname = \"Care Voice UK\"".into(),
        });
        let content = Content::load(&files).unwrap();
        assert_eq!(content.framing.listing.name, "Care Voice UK");
        assert!(content.framing.listing.description.starts_with("Care Voice answers"), "the rest of [listing] stays");
    }

    #[test]
    fn the_listing_names_a_time_zone_and_how_to_open_the_skill() {
        let content = load_with(|_| {}).unwrap();
        let listing = &content.framing.listing;
        assert_eq!(listing.time_zone, "America/New_York");
        assert!(listing.testing_instructions("care voice").starts_with("Say \"open care voice\""));
        assert!(listing.welcome_phrases("care voice").contains(&"talk to care voice".to_owned()));
        let time_zone = r#"time_zone = "America/New_York""#;
        for (from, to, key) in [
            (time_zone, r#"time_zone = "Eastern""#, "listing.time_zone"),
            (time_zone, r#"time_zone = "America/""#, "listing.time_zone"),
            (r#"\"open {invocation}\""#, r#"\"open the skill\""#, "listing.testing_instructions"),
            (r#"welcome_phrases = ["hi","#, r#"welcome_phrases = [" ","#, "listing.welcome_phrases"),
            (
                r#"flow_description = "Every turn is answered by the carevoice webhook.""#,
                r#"flow_description = """#,
                "listing.flow_description",
            ),
        ] {
            let err = load_with(|files| replace_layered(&mut files.skill, from, to)).unwrap_err();
            assert!(err.to_string().contains(key), "{to}: {err}");
        }
    }

    #[test]
    fn options_join_as_a_spoken_list() {
        assert_eq!(join_as_list(&["a"]), "a");
        assert_eq!(join_as_list(&["a", "b"]), "a or b");
        assert_eq!(join_as_list(&["a", "b", "c"]), "a, b, or c");
    }
}
