//! The content files' TOML, exactly as written by the content team.

use serde::Deserialize;

/// The schema version these structs read.
pub(super) const SCHEMA_VERSION: u32 = 1;

/// `topics.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TopicsFile {
    pub schema_version: u32,
    #[serde(rename = "topic")]
    pub topics: Vec<Topic>,
}

/// One `[[topic]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Topic {
    pub id: String,
    pub intents: Vec<String>,
    pub option: Option<String>,
    #[serde(default)]
    pub menu: bool,
    pub ask: String,
    pub offer: String,
    pub next: Option<String>,
    pub sources: Vec<String>,
    pub parts: Vec<String>,
}

/// `skill.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SkillFile {
    pub schema_version: u32,
    pub locale: String,
    pub welcome: Vec<String>,
    pub welcome_back: String,
    pub disclaimer: String,
    pub options: String,
    pub go_on: String,
    pub yes_or_no: String,
    pub or_stop: String,
    pub help: Vec<String>,
    pub fallback: String,
    pub declined: String,
    pub at_start: String,
    pub at_end: String,
    pub slower: String,
    pub faster: String,
    pub normal_speed: String,
    pub slowest: String,
    pub fastest: String,
    pub goodbye: Vec<String>,
    pub listing: super::Listing,
}

/// `safety.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SafetyFile {
    pub schema_version: u32,
    pub emergency_number: String,
    pub crisis_line: String,
    pub emergency: Vec<String>,
    pub crisis: Vec<String>,
    pub emergency_phrases: Vec<String>,
    pub crisis_phrases: Vec<String>,
}
