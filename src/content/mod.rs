//! Content: what the skill says (`speech/`) and understands (`intents/`), loaded and
//! checked once at start-up into an immutable [`Content`].
//!
//! This module reads the data files; `crate::speech` renders speech, and the repository's
//! top-level `speech/` directory holds the data itself.
//!
//! Loading fails, naming the file and the key, when the files disagree with each other:
//! a topic citing a passage that is not in the approved source, a part too long to
//! speak in one go, an intent with no answer, a `next` topic that does not exist.

pub mod files;
pub mod model;
mod raw;

use std::collections::HashSet;
use std::path::PathBuf;

use crate::speech::Rate;

pub use files::Files;
pub use model::Model;

/// Speaking rate used to estimate how long a part takes to say, in words per minute at
/// the normal rate: 150 is a typical relaxed rate for English speech synthesis.
pub const WORDS_PER_MINUTE: usize = 150;
/// The longest a part may take to speak at the slowest rate, in seconds.
pub const MAX_PART_SECONDS: usize = 30;
/// The most words one part may have: as many as the slowest rate says in
/// [`MAX_PART_SECONDS`] (150 words a minute at 70% is 105; half a minute, 52 words).
pub const MAX_PART_WORDS: usize =
    (WORDS_PER_MINUTE as f32 * Rate::Slowest.factor() * MAX_PART_SECONDS as f32 / 60.0) as usize;
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
    /// The skill's own words.
    pub framing: Framing,
    /// The medical topics, in the order Next and Previous walk them.
    pub topics: Vec<Topic>,
    /// The interaction model.
    pub model: Model,
    /// How the skill is listed in stores and exported agents.
    pub listing: Listing,
    /// What to say in an emergency, and the words that call for it.
    pub safety: Safety,
}

/// Emergency and crisis answers, with the numbers filled in, and the phrases that call
/// for them.
#[derive(Debug)]
pub struct Safety {
    /// The emergency answer's paragraphs.
    pub emergency: Vec<String>,
    /// The crisis answer's paragraphs.
    pub crisis: Vec<String>,
    /// Phrases that mean a medical emergency.
    pub emergency_phrases: Vec<String>,
    /// Phrases that mean thoughts of self-harm or suicide.
    pub crisis_phrases: Vec<String>,
}

/// How the skill presents itself in the Alexa skill store and exported agents: the
/// `[listing]` of `skill.toml`, as written.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listing {
    /// The skill's name.
    pub name: String,
    /// One sentence about it.
    pub summary: String,
    /// What it does.
    pub description: String,
    /// The health-information disclaimer the description must carry.
    pub health_disclaimer: String,
    /// What to say to use it, starting with the wake word.
    pub example_phrases: Vec<String>,
    /// Store search keywords.
    pub keywords: Vec<String>,
}

/// A medical topic: one answer, spoken in one or more parts.
#[derive(Debug)]
pub struct Topic {
    /// Its short stable name.
    pub id: String,
    /// The intents it answers.
    pub intents: Vec<String>,
    /// The slot value id it answers, if it answers one value only.
    pub option: Option<String>,
    /// Whether it is named in the list of things to ask.
    pub menu: bool,
    /// How it is named in that list.
    pub ask: String,
    /// The question that offers it.
    pub offer: String,
    /// The index of the topic offered after it.
    pub next: Option<usize>,
    /// The parts, spoken one at a time.
    pub parts: Vec<String>,
}

/// The skill's own words, not medical content.
#[derive(Debug)]
pub struct Framing {
    /// The greeting paragraphs.
    pub welcome: Vec<String>,
    /// The brief greeting for someone who has been here before.
    pub welcome_back: String,
    /// The one-sentence general-information disclaimer.
    pub disclaimer: String,
    /// The "You can ask {options}." template.
    options: String,
    /// "Shall I go on?"
    pub go_on: String,
    /// The hint added to a question asked again.
    pub yes_or_no: String,
    /// The hint added to the options asked again.
    pub or_stop: String,
    /// The help paragraphs.
    pub help: Vec<String>,
    /// Said when words were not understood.
    pub fallback: String,
    /// Said when a question is answered no.
    pub declined: String,
    /// Said when Previous has nowhere to go.
    pub at_start: String,
    /// Said when Next has nowhere to go.
    pub at_end: String,
    /// Confirms a slower rate.
    pub slower: String,
    /// Confirms a faster rate.
    pub faster: String,
    /// Confirms the normal rate.
    pub normal_speed: String,
    /// Said when asked to go slower than the slowest rate.
    pub slowest: String,
    /// Said when asked to go faster than the fastest rate.
    pub fastest: String,
    /// The closing paragraphs.
    pub goodbye: Vec<String>,
}

/// The placeholder in the options template.
const OPTIONS_PLACEHOLDER: &str = "{options}";

impl Content {
    /// Parses and cross-checks the content files.
    pub fn load(files: &Files) -> Result<Content, LoadError> {
        let model = Model::parse(&files.model.text)
            .map_err(|error| LoadError::Json { file: files.model.name.clone(), error })?;
        check_model(&model, &files.model.name)?;
        let skill: raw::SkillFile = parse_toml(&files.skill)?;
        let topics: raw::TopicsFile = parse_toml(&files.topics)?;
        let safety: raw::SafetyFile = parse_toml(&files.safety)?;
        let invalid = |file: &files::File, key: String, message: String| LoadError::Invalid {
            file: file.name.clone(),
            key,
            message,
        };

        for (file, version) in [
            (&files.skill, skill.schema_version),
            (&files.topics, topics.schema_version),
            (&files.safety, safety.schema_version),
        ] {
            if version != raw::SCHEMA_VERSION {
                return Err(invalid(
                    file,
                    "schema_version".into(),
                    format!("is {version}, this carevoice reads {}", raw::SCHEMA_VERSION),
                ));
            }
        }
        if skill.locale != files::LOCALE {
            return Err(invalid(
                &files.skill,
                "locale".into(),
                format!("is {:?}, expected {:?}", skill.locale, files::LOCALE),
            ));
        }
        if !skill.options.contains(OPTIONS_PLACEHOLDER) {
            return Err(invalid(&files.skill, "options".into(), format!("must contain {OPTIONS_PLACEHOLDER}")));
        }

        let topics = check_topics(topics.topics, &model, &normalize_space(&files.source.text))
            .map_err(|(key, message)| invalid(&files.topics, key, message))?;
        for (key, phrases) in
            [("emergency_phrases", &safety.emergency_phrases), ("crisis_phrases", &safety.crisis_phrases)]
        {
            if phrases.iter().any(|phrase| phrase.split_whitespace().next().is_none()) || phrases.is_empty() {
                return Err(invalid(&files.safety, key.into(), "needs phrases, none of them empty".into()));
            }
        }
        let numbers = |text: &String| {
            text.replace("{emergency_number}", &safety.emergency_number).replace("{crisis_line}", &safety.crisis_line)
        };
        let safety = Safety {
            emergency: safety.emergency.iter().map(numbers).collect(),
            crisis: safety.crisis.iter().map(numbers).collect(),
            emergency_phrases: safety.emergency_phrases,
            crisis_phrases: safety.crisis_phrases,
        };
        let framing = Framing {
            welcome: skill.welcome,
            welcome_back: skill.welcome_back,
            disclaimer: skill.disclaimer,
            options: skill.options,
            go_on: skill.go_on,
            yes_or_no: skill.yes_or_no,
            or_stop: skill.or_stop,
            help: skill.help,
            fallback: skill.fallback,
            declined: skill.declined,
            at_start: skill.at_start,
            at_end: skill.at_end,
            slower: skill.slower,
            faster: skill.faster,
            normal_speed: skill.normal_speed,
            slowest: skill.slowest,
            fastest: skill.fastest,
            goodbye: skill.goodbye,
        };
        Ok(Content { locale: skill.locale, framing, topics, model, listing: skill.listing, safety })
    }

    /// The index of the topic with this id.
    pub fn topic_index(&self, id: &str) -> Option<usize> {
        self.topics.iter().position(|topic| topic.id == id)
    }

    /// Whether a topic answers `intent` in general (without a slot value).
    pub fn answers(&self, intent: &str) -> bool {
        self.topics.iter().any(|topic| topic.option.is_none() && topic.intents.iter().any(|name| name == intent))
    }

    /// The topic that answers `intent`, for the slot value `option` if one is given
    /// and a topic answers that value, else the topic answering the intent in general.
    pub fn topic_for(&self, intent: &str, option: Option<&str>) -> Option<usize> {
        let option_id = option.and_then(|words| self.model.resolve_slot_value(self.model.intent(intent)?, words));
        let answers = |topic: &Topic| topic.intents.iter().any(|name| name == intent);
        option_id
            .and_then(|id| self.topics.iter().position(|topic| answers(topic) && topic.option.as_deref() == Some(id)))
            .or_else(|| self.topics.iter().position(|topic| answers(topic) && topic.option.is_none()))
    }

    /// "You can ask A, B, or C.", naming the menu topics other than `except`.
    pub fn options_sentence(&self, except: Option<usize>) -> String {
        let asks: Vec<&str> = self
            .topics
            .iter()
            .enumerate()
            .filter(|(index, topic)| topic.menu && Some(*index) != except)
            .map(|(_, topic)| topic.ask.as_str())
            .collect();
        self.framing.options.replace(OPTIONS_PLACEHOLDER, &join_as_list(&asks))
    }
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
        for (sample_idx, sample) in intent.samples.iter().enumerate() {
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

type Invalid = (String, String);

fn check_topics(raw_topics: Vec<raw::Topic>, model: &Model, source: &str) -> Result<Vec<Topic>, Invalid> {
    let mut ids = HashSet::new();
    for (idx, topic) in raw_topics.iter().enumerate() {
        if topic.id.trim().is_empty() || !ids.insert(topic.id.as_str()) {
            return Err((format!("topic[{idx}].id"), format!("{:?} must be a unique, non-empty name", topic.id)));
        }
    }
    if !raw_topics.iter().any(|topic| topic.menu) {
        return Err(("topic".into(), "at least one topic needs `menu = true`".into()));
    }
    let index_of = |id: &str| raw_topics.iter().position(|topic| topic.id == id);
    let mut topics = Vec::with_capacity(raw_topics.len());
    for (idx, topic) in raw_topics.iter().enumerate() {
        let key = |field: &str| format!("topic[{idx}] ({}).{field}", topic.id);
        let next = match &topic.next {
            Some(next) => Some(index_of(next).ok_or_else(|| (key("next"), format!("no topic has the id {next:?}")))?),
            None => None,
        };
        if topic.sources.is_empty() {
            return Err((key("sources"), "every topic must cite the source passages it comes from".into()));
        }
        for (source_idx, passage) in topic.sources.iter().enumerate() {
            if !source.contains(&normalize_space(passage)) {
                return Err((
                    key(&format!("sources[{source_idx}]")),
                    format!("{passage:?} is not in the approved source text"),
                ));
            }
        }
        if topic.parts.is_empty() {
            return Err((key("parts"), "a topic needs at least one part".into()));
        }
        for (part_idx, part) in topic.parts.iter().enumerate() {
            let n_words = part.split_whitespace().count();
            if n_words > MAX_PART_WORDS {
                return Err((
                    key(&format!("parts[{part_idx}]")),
                    format!(
                        "has {n_words} words, about {} seconds to speak; split it into parts of at most {MAX_PART_WORDS} words",
                        n_words * 60 / WORDS_PER_MINUTE
                    ),
                ));
            }
        }
        if topic.intents.is_empty() {
            return Err((key("intents"), "a topic must answer at least one intent".into()));
        }
        for name in &topic.intents {
            let Some(intent) = model.intent(name).filter(|intent| !intent.is_built_in()) else {
                return Err((key("intents"), format!("{name:?} is not a custom intent in the interaction model")));
            };
            if let Some(option) = &topic.option {
                if model.resolve_slot_value(intent, option) != Some(option.as_str()) {
                    return Err((key("option"), format!("{option:?} is not a slot value id of {name}")));
                }
            }
        }
        topics.push(Topic {
            id: topic.id.clone(),
            intents: topic.intents.clone(),
            option: topic.option.clone(),
            menu: topic.menu,
            ask: topic.ask.clone(),
            offer: topic.offer.clone(),
            next,
            parts: topic.parts.clone(),
        });
    }
    Ok(topics)
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
        let long = "word ".repeat(MAX_PART_WORDS + 1);
        let err = load_with(|files| {
            replace(&mut files.topics, "Also, the cancer cells might", &format!("{long} Also, the cancer cells might"))
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
    fn slot_values_resolve_from_ids_values_and_synonyms() {
        let content = load_with(|_| {}).unwrap();
        assert_eq!(content.topic_for("TreatmentOptionIntent", Some("chemo")), content.topic_index("combining"));
        assert_eq!(content.topic_for("TreatmentOptionIntent", Some("Stopping")), content.topic_index("stopping"));
        assert_eq!(content.topic_for("TreatmentOptionIntent", Some("dancing")), content.topic_index("next-steps"));
        assert_eq!(content.topic_for("TreatmentOptionIntent", None), content.topic_index("next-steps"));
    }

    #[test]
    fn every_part_takes_at_most_thirty_seconds_at_the_slowest_rate() {
        let content = load_with(|_| {}).unwrap();
        let slowest_words_per_minute = WORDS_PER_MINUTE as f32 * Rate::Slowest.factor();
        assert_eq!(slowest_words_per_minute, 105.0);
        for topic in &content.topics {
            for part in &topic.parts {
                let seconds = part.split_whitespace().count() as f32 / slowest_words_per_minute * 60.0;
                assert!(seconds <= MAX_PART_SECONDS as f32, "{}: {seconds:.1} s: {part}", topic.id);
            }
        }
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
    fn options_join_as_a_spoken_list() {
        assert_eq!(join_as_list(&["a"]), "a");
        assert_eq!(join_as_list(&["a", "b"]), "a or b");
        assert_eq!(join_as_list(&["a", "b", "c"]), "a, b, or c");
    }
}
