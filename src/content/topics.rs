//! Topics: the medical answers (`speech/<locale>/topics.toml`), each spoken in parts, and
//! the checks that keep every part to the approved source text.

use std::collections::HashSet;

use rust_stemmers::Stemmer;

use super::provenance::{self, Cited, Passage, Source};
use super::raw;
use super::{MAX_PART_WORDS, Model, WORDS_PER_MINUTE};

/// A medical topic: one answer, spoken in one or more parts.
#[derive(Debug)]
pub struct Topic {
    /// Its short stable name.
    pub id: String,
    /// The slot value id it answers, if it answers one value of a slot.
    pub option: Option<String>,
    /// Whether it is named in the list of things to ask.
    pub menu: bool,
    /// How it is named in a list of things to ask.
    pub ask: String,
    /// Its name as a heading: `ask`, capitalised.
    pub title: String,
    /// The question that offers it.
    pub offer: String,
    /// The question that offers the rest of it, after one of its later parts was asked
    /// for directly.
    pub more: Option<String>,
    /// The index of the topic offered after it.
    pub next: Option<usize>,
    /// The parts, spoken one at a time.
    pub parts: Vec<Part>,
}

/// One part of a topic: one passage, said in at most thirty seconds.
#[derive(Debug)]
pub struct Part {
    /// Its short stable name, unique among all parts.
    pub id: String,
    /// What it is about, as a listener would name it ("stopping treatment"): said back
    /// before it when the question was understood with some doubt, and in "Did you
    /// mean ...?". Every part that intents go straight to has one.
    pub about: String,
    /// The intents that go straight to it.
    pub intents: Vec<String>,
    /// What is said.
    pub text: String,
    /// Each of its sentences, with the passage of the approved source it comes from.
    pub cited: Vec<Cited>,
}

impl Topic {
    /// Whether any of its parts answers `intent`.
    pub fn answers(&self, intent: &str) -> bool {
        self.parts.iter().any(|part| part.intents.iter().any(|name| name == intent))
    }
}

/// A mistake in `topics.toml`: the key, and what is wrong.
pub(super) type Invalid = (String, String);

/// Checks the topics against each other, the model and the approved `source` text, and
/// finds where each sentence comes from.
pub(super) fn check(
    file: raw::TopicsFile,
    model: &Model,
    source: &Source,
    stemmer: &Stemmer,
) -> Result<Vec<Topic>, Invalid> {
    let raw_topics = file.topics;
    let mut ids = HashSet::new();
    for (idx, topic) in raw_topics.iter().enumerate() {
        if topic.id.trim().is_empty() || !ids.insert(topic.id.as_str()) {
            return Err((format!("topic[{idx}].id"), format!("{:?} must be a unique, non-empty name", topic.id)));
        }
    }
    let mut part_ids = HashSet::new();
    for (idx, part) in raw_topics.iter().flat_map(|topic| topic.parts.iter().map(move |part| (topic, part))).enumerate()
    {
        let (topic, part) = part;
        let names_another_topic = ids.contains(part.id.as_str()) && part.id != topic.id;
        if part.id.trim().is_empty() || !part_ids.insert(part.id.as_str()) || names_another_topic {
            return Err((
                format!("topic ({}).part[{idx}].id", topic.id),
                format!("{:?} must be a unique, non-empty name, and not another topic's id", part.id),
            ));
        }
    }
    if !raw_topics.iter().any(|topic| topic.menu) {
        return Err(("topic".into(), "at least one topic needs `menu = true`".into()));
    }
    let connectives: HashSet<String> = file.connectives.iter().flat_map(|text| stems(text, stemmer)).collect();
    let index_of = |id: &str| raw_topics.iter().position(|topic| topic.id == id);
    let mut topics = Vec::with_capacity(raw_topics.len());
    for (idx, topic) in raw_topics.iter().enumerate() {
        let key = |field: &str| format!("topic[{idx}] ({}).{field}", topic.id);
        let next = match &topic.next {
            Some(next) => Some(index_of(next).ok_or_else(|| (key("next"), format!("no topic has the id {next:?}")))?),
            None => None,
        };
        if topic.parts.is_empty() {
            return Err((key("part"), "a topic needs at least one part".into()));
        }
        if topic.parts.iter().skip(1).any(|part| !part.intents.is_empty()) && topic.more.is_none() {
            return Err((key("more"), "a topic with a later part that intents go straight to needs `more`".into()));
        }
        for (field, question) in [("offer", Some(&topic.offer)), ("more", topic.more.as_ref())] {
            if question.is_some_and(|question| !super::framing::ends_with_question_mark(question)) {
                return Err((key(field), "must be a question, ending with \"?\"".into()));
            }
        }
        if let Some(option) = &topic.option {
            let is_value = model.types.iter().flat_map(|slot_type| &slot_type.values).any(|value| &value.id == option);
            if !is_value {
                return Err((key("option"), format!("{option:?} is not a slot value id of the interaction model")));
            }
        }
        let mut parts = Vec::with_capacity(topic.parts.len());
        for (part_idx, part) in topic.parts.iter().enumerate() {
            let key = |field: &str| key(&format!("part[{part_idx}] ({}).{field}", part.id));
            let cited = check_part(part, model, source, &connectives, stemmer)
                .map_err(|(field, message)| (key(field), message))?;
            let about = match (&part.about, part.intents.is_empty()) {
                (Some(about), _) if !about.trim().is_empty() => about.clone(),
                (_, true) => String::new(),
                _ => return Err((key("about"), "a part that intents go straight to needs `about`".into())),
            };
            parts.push(Part {
                id: part.id.clone(),
                about,
                intents: part.intents.clone(),
                text: part.text.clone(),
                cited,
            });
        }
        topics.push(Topic {
            id: topic.id.clone(),
            option: topic.option.clone(),
            menu: topic.menu,
            ask: topic.ask.clone(),
            title: capitalised(&topic.ask),
            offer: topic.offer.clone(),
            more: topic.more.clone(),
            next,
            parts,
        });
    }
    Ok(topics)
}

/// Checks one part: its passages are in the source, it says nothing they do not, it is
/// short enough, and its intents are the model's. Errors name the field. Returns each
/// sentence with the passage it comes from.
fn check_part(
    part: &raw::Part,
    model: &Model,
    source: &Source,
    connectives: &HashSet<String>,
    stemmer: &Stemmer,
) -> Result<Vec<Cited>, (&'static str, String)> {
    if part.sources.is_empty() {
        return Err(("sources", "every part must cite the source passages it comes from".into()));
    }
    let mut passages = Vec::with_capacity(part.sources.len());
    for passage in &part.sources {
        let Some(found) = source.locate(passage) else {
            return Err(("sources", format!("{passage:?} is not in the approved source text")));
        };
        passages.push(Passage::new(stems(passage, stemmer).collect(), found));
    }
    let cited: HashSet<String> = passages.iter().flat_map(|passage| passage.stems().iter().cloned()).collect();
    let mut uncited: Vec<String> =
        stems(&part.text, stemmer).filter(|stem| !cited.contains(stem) && !connectives.contains(stem)).collect();
    if !uncited.is_empty() {
        uncited.sort();
        uncited.dedup();
        return Err((
            "text",
            format!(
                "says {:?}, which its sources do not: cite the passage it comes from, or add a linking word to `connectives`",
                uncited.join(", ")
            ),
        ));
    }
    let n_words = part.text.split_whitespace().count();
    if n_words > MAX_PART_WORDS {
        return Err((
            "text",
            format!(
                "has {n_words} words, about {} seconds to speak; split it into parts of at most {MAX_PART_WORDS} words",
                n_words * 60 / WORDS_PER_MINUTE
            ),
        ));
    }
    for name in &part.intents {
        if model.intent(name).filter(|intent| !intent.is_built_in()).is_none() {
            return Err(("intents", format!("{name:?} is not a custom intent in the interaction model")));
        }
    }
    Ok(provenance::cite(&part.text, &passages, connectives, |sentence| stems(sentence, stemmer).collect()))
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The stems of the words of `text`, lower case, without punctuation.
fn stems<'a>(text: &'a str, stemmer: &'a Stemmer) -> impl Iterator<Item = String> + 'a {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|word| word.trim_matches(|c| c == '\'' || c == '’').to_lowercase())
        .filter(|word| !word.is_empty())
        .map(|word| stemmer.stem(&word).into_owned())
}
