//! The content files' TOML, exactly as written by the content team.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The schema version these structs read.
pub(super) const SCHEMA_VERSION: u32 = 3;

/// The schema version of the lexicon, which is newer than the other files.
pub(super) const LEXICON_SCHEMA_VERSION: u32 = 1;

/// `topics.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TopicsFile {
    pub schema_version: u32,
    /// Words that may link a part's passages without being in them.
    pub connectives: Vec<String>,
    #[serde(rename = "topic")]
    pub topics: Vec<Topic>,
}

/// One `[[topic]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Topic {
    pub id: String,
    pub option: Option<String>,
    #[serde(default)]
    pub menu: bool,
    pub ask: String,
    pub offer: String,
    pub more: Option<String>,
    pub next: Option<String>,
    #[serde(rename = "part")]
    pub parts: Vec<Part>,
}

/// One `[[topic.part]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Part {
    pub id: String,
    pub about: Option<String>,
    #[serde(default)]
    pub intents: Vec<String>,
    pub sources: Vec<String>,
    pub text: String,
}

/// `intents/<locale>.lexicon.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LexiconFile {
    pub schema_version: u32,
    pub stemmer: String,
    pub contractions: BTreeMap<String, String>,
    pub endings: BTreeMap<String, String>,
    pub fillers: Vec<String>,
    pub clause_breaks: Vec<String>,
    pub spellings: BTreeMap<String, String>,
    pub synonyms: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub slot_words: BTreeMap<String, String>,
}
