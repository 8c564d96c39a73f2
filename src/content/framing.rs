//! The skill's own words (`speech/<locale>/skill.toml`): greeting, help, navigation,
//! repairs and goodbye, and how the skill is listed. None of it is medical information.

use serde::Deserialize;

/// The skill's own words, as `skill.toml` writes them (with the emergency number filled
/// into help), and how the skill is listed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framing {
    /// The file's schema version.
    pub(super) schema_version: u32,
    /// How the skill is listed in stores and exported agents.
    pub listing: Listing,
    /// The greeting paragraphs.
    pub welcome: Vec<String>,
    /// The brief greeting for someone who has been here before.
    pub welcome_back: String,
    /// The one-sentence general-information disclaimer.
    pub disclaimer: String,
    /// The "You can ask {options}." template, naming the menu topics.
    pub(super) options: String,
    /// The "You can ask {topics}." template, naming every topic.
    pub(super) topics: String,
    /// Asks which topic to hear, after every topic was named.
    pub which: String,
    /// "Shall I go on?"
    pub go_on: String,
    /// The hint added to a question asked again.
    pub yes_or_no: String,
    /// The hint added to the options asked again.
    pub or_stop: String,
    /// The help paragraphs; `{emergency_number}` is filled in.
    pub help: Vec<String>,
    /// Said when words were not understood; the open question follows.
    pub fallback: String,
    /// Said when words were not understood twice in a row; a short prompt follows.
    pub fallback_again: String,
    /// The short prompt for a yes-or-no question, after a second misunderstanding.
    pub just_yes_or_no: String,
    /// Added to the options after a second misunderstanding.
    pub or_help: String,
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

/// How the skill presents itself in the Alexa skill store and exported agents: the
/// `[listing]` of `skill.toml`, as written.
#[derive(Debug, Deserialize)]
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

/// The placeholder in the options template.
pub(super) const OPTIONS_PLACEHOLDER: &str = "{options}";
/// The placeholder in the topics template.
pub(super) const TOPICS_PLACEHOLDER: &str = "{topics}";
/// The placeholder for the emergency number in help.
pub(super) const EMERGENCY_NUMBER_PLACEHOLDER: &str = "{emergency_number}";

impl Framing {
    /// Checks the templates and fills the emergency number into help. Errors are the key
    /// and what is wrong.
    pub(super) fn check(mut self, emergency_number: &str) -> Result<Framing, (String, String)> {
        for (key, template, placeholder) in
            [("options", &self.options, OPTIONS_PLACEHOLDER), ("topics", &self.topics, TOPICS_PLACEHOLDER)]
        {
            if !template.contains(placeholder) {
                return Err((key.into(), format!("must contain {placeholder}")));
            }
        }
        if !self.help.iter().any(|paragraph| paragraph.contains(EMERGENCY_NUMBER_PLACEHOLDER)) {
            return Err(("help".into(), format!("must tell the emergency number, {EMERGENCY_NUMBER_PLACEHOLDER}")));
        }
        for paragraph in &mut self.help {
            *paragraph = paragraph.replace(EMERGENCY_NUMBER_PLACEHOLDER, emergency_number);
        }
        Ok(self)
    }
}
