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
    /// The "What would you like to hear about: {options}?" template, the question that
    /// ends most replies.
    pub(super) options_question: String,
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
    /// Said in help after its first paragraph, where the skill sets its speaking rate.
    pub help_rate: String,
    /// Said to a request for another speed, where the speaker reads plain words at its own.
    pub rate_fixed: String,
    /// Said when words were not understood; the open question follows.
    pub fallback: String,
    /// Said when words were not understood twice in a row; a short prompt follows.
    pub fallback_again: String,
    /// The short prompt for a yes-or-no question, after a second misunderstanding.
    pub just_yes_or_no: String,
    /// Said before the options question after a second misunderstanding.
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
    /// Said to a question heard but not answered by the source.
    pub not_covered: String,
    /// Said to a question about the person's own medicines or treatment.
    pub own_medicine: String,
    /// Said to another device's commands.
    pub device: String,
    /// The answer to a greeting.
    pub hello: String,
    /// The answer to thanks.
    pub thanks: String,
    /// Who is speaking: what Care Voice is, and is not.
    pub who_am_i: String,
    /// The "Did you mean {first}, or {second}?" template.
    pub(super) did_you_mean: String,
    /// The hint added to a "did you mean" question asked again.
    pub first_or_second: String,
    /// The "About {about}." template said before an answer given with some doubt.
    pub(super) read_back: String,
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
    /// The time zone of the exported Dialogflow agents: an IANA name, `America/New_York`.
    pub time_zone: String,
    /// How to test the skill, for Alexa's certification; `{invocation}` is the
    /// invocation name.
    testing_instructions: String,
    /// What opens the skill in a Dialogflow CX agent (its welcome intent's training
    /// phrases); `{invocation}` is the invocation name.
    welcome_phrases: Vec<String>,
    /// The description of the Dialogflow CX agent's start flow.
    pub flow_description: String,
}

/// The placeholder in the options template.
pub(super) const OPTIONS_PLACEHOLDER: &str = "{options}";
/// The placeholder in the topics template.
pub(super) const TOPICS_PLACEHOLDER: &str = "{topics}";
/// The placeholder for the emergency number in help.
pub(super) const EMERGENCY_NUMBER_PLACEHOLDER: &str = "{emergency_number}";
/// The placeholders for the two answers a "did you mean" question names.
pub(super) const FIRST_PLACEHOLDER: &str = "{first}";
/// See [`FIRST_PLACEHOLDER`].
pub(super) const SECOND_PLACEHOLDER: &str = "{second}";
/// The placeholder for what was understood, in the read-back.
pub(super) const ABOUT_PLACEHOLDER: &str = "{about}";
/// The placeholder for the invocation name, in the listing's testing instructions and
/// welcome phrases.
const INVOCATION_PLACEHOLDER: &str = "{invocation}";

impl Framing {
    /// Checks the templates and fills the locale's `numbers` (key and number) into help.
    /// Errors are the key and what is wrong.
    pub(super) fn check(mut self, numbers: &[(&'static str, String)]) -> Result<Framing, (String, String)> {
        for (key, template, placeholders) in [
            ("options", &self.options, &[OPTIONS_PLACEHOLDER][..]),
            ("options_question", &self.options_question, &[OPTIONS_PLACEHOLDER]),
            ("topics", &self.topics, &[TOPICS_PLACEHOLDER]),
            ("did_you_mean", &self.did_you_mean, &[FIRST_PLACEHOLDER, SECOND_PLACEHOLDER]),
            ("read_back", &self.read_back, &[ABOUT_PLACEHOLDER]),
        ] {
            if let Some(missing) = placeholders.iter().find(|placeholder| !template.contains(**placeholder)) {
                return Err((key.into(), format!("must contain {missing}")));
            }
        }
        for (key, question) in [
            ("options_question", &self.options_question),
            ("which", &self.which),
            ("go_on", &self.go_on),
            ("just_yes_or_no", &self.just_yes_or_no),
            ("did_you_mean", &self.did_you_mean),
        ] {
            if !ends_with_question_mark(question) {
                return Err((key.into(), "must be a question, ending with \"?\"".into()));
            }
        }
        self.listing.check().map_err(|(key, message)| (format!("listing.{key}"), message))?;
        if !self.help.iter().any(|paragraph| paragraph.contains(EMERGENCY_NUMBER_PLACEHOLDER)) {
            return Err(("help".into(), format!("must tell the emergency number, {EMERGENCY_NUMBER_PLACEHOLDER}")));
        }
        for paragraph in &mut self.help {
            *paragraph = super::safety::fill_numbers(paragraph, numbers).map_err(|message| ("help".into(), message))?;
        }
        Ok(self)
    }

    /// "Did you mean A, or B?", naming `first` and `second`.
    pub fn did_you_mean(&self, first: &str, second: &str) -> String {
        self.did_you_mean.replace(FIRST_PLACEHOLDER, first).replace(SECOND_PLACEHOLDER, second)
    }

    /// "About A.", naming what was understood.
    pub fn read_back(&self, about: &str) -> String {
        self.read_back.replace(ABOUT_PLACEHOLDER, about)
    }
}

impl Listing {
    /// Checks what the exports take as it is. Errors are the key and what is wrong.
    fn check(&self) -> Result<(), (String, String)> {
        if !looks_like_a_time_zone(&self.time_zone) {
            return Err(("time_zone".into(), format!("{:?} is not an IANA time zone, Area/City", self.time_zone)));
        }
        if !self.testing_instructions.contains(INVOCATION_PLACEHOLDER) {
            return Err((
                "testing_instructions".into(),
                format!("must say how to open the skill, {INVOCATION_PLACEHOLDER}"),
            ));
        }
        if self.welcome_phrases.is_empty() || self.welcome_phrases.iter().any(|phrase| phrase.trim().is_empty()) {
            return Err(("welcome_phrases".into(), "must be one or more phrases, none empty".into()));
        }
        if self.flow_description.trim().is_empty() {
            return Err(("flow_description".into(), "must not be empty".into()));
        }
        Ok(())
    }

    /// How to test the skill, naming its `invocation` name.
    pub fn testing_instructions(&self, invocation: &str) -> String {
        self.testing_instructions.replace(INVOCATION_PLACEHOLDER, invocation)
    }

    /// What opens the skill in a Dialogflow CX agent, naming its `invocation` name.
    pub fn welcome_phrases(&self, invocation: &str) -> Vec<String> {
        self.welcome_phrases.iter().map(|phrase| phrase.replace(INVOCATION_PLACEHOLDER, invocation)).collect()
    }
}

/// Whether `text` ends with a question mark: a speaker that listens again after a
/// question (Home Assistant) knows a reply asks by it.
pub(super) fn ends_with_question_mark(text: &str) -> bool {
    text.trim_end().ends_with('?')
}

/// Whether `name` reads as an IANA time zone: `Area/City` or `Area/Region/City`, each of
/// letters, digits, `_`, `-` and `+`, starting with a capital letter.
fn looks_like_a_time_zone(name: &str) -> bool {
    let parts: Vec<&str> = name.split('/').collect();
    parts.len() >= 2
        && parts.iter().all(|part| {
            part.starts_with(|c: char| c.is_ascii_uppercase())
                && part.chars().all(|c| c.is_ascii_alphanumeric() || "_-+".contains(c))
        })
}

#[cfg(test)]
mod tests {
    use super::looks_like_a_time_zone;

    #[test]
    fn time_zones_read_as_iana_names() {
        for name in ["America/New_York", "Europe/London", "America/Argentina/Buenos_Aires", "Etc/GMT+5"] {
            assert!(looks_like_a_time_zone(name), "{name}");
        }
        for name in ["", "UTC", "Eastern", "America/", "america/new_york", "America/New York"] {
            assert!(!looks_like_a_time_zone(name), "{name}");
        }
    }
}
