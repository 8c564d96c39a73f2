//! Safety: what the skill says when someone may be in danger, and the signs of danger a
//! clinician can review (`speech/<language>/safety.toml`, with each locale's `speech/<locale>/safety.toml` over it).
//!
//! This is data only; `crate::nlu::danger` reads the patterns.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Emergency and crisis answers, with the numbers filled in, and the signs that call for
/// them: `safety.toml` as written, checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Safety {
    /// The file's schema version.
    pub(super) schema_version: u32,
    /// The locale's emergency number.
    pub emergency_number: String,
    /// The locale's crisis line.
    pub crisis_line: String,
    /// The emergency answer's paragraphs.
    pub emergency: Vec<String>,
    /// The crisis answer's paragraphs.
    pub crisis: Vec<String>,
    /// Words that deny a danger said right after them.
    pub negations: Vec<String>,
    /// Words that may stand between a negation and the danger it denies.
    pub negation_bridge: Vec<String>,
    /// Patterns of words of danger used as figures of speech, which do not count.
    pub figures_of_speech: Vec<String>,
    /// Patterns that put the emergency of their clause in the past or make it a question
    /// about what might happen, so that it does not count.
    pub settled: Vec<String>,
    /// Named word lists that patterns refer to as `@name`.
    pub words: BTreeMap<String, Vec<String>>,
    /// Signs of a medical emergency.
    #[serde(rename = "emergency_sign")]
    pub emergency_signs: Vec<Sign>,
    /// Signs of thoughts of suicide or self-harm.
    #[serde(rename = "crisis_sign")]
    pub crisis_signs: Vec<Sign>,
}

/// One sign of danger: a name a clinician knows it by, and the patterns that say it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sign {
    /// What the sign is, e.g. "breathing".
    pub name: String,
    /// The ways of saying it, in the syntax `safety.toml` describes.
    pub patterns: Vec<String>,
}

impl Safety {
    /// The signs of danger and how they are read, as text: equal for two files whose
    /// danger is read the same, whatever their numbers and answers.
    pub fn signs_key(&self) -> String {
        format!(
            "{:?}{:?}{:?}{:?}{:?}{:?}{:?}",
            self.negations,
            self.negation_bridge,
            self.figures_of_speech,
            self.settled,
            self.words,
            self.emergency_signs,
            self.crisis_signs
        )
    }

    /// Fills the numbers into the answers, and checks that every list has entries.
    /// Errors are the key and what is wrong; the patterns themselves are read by
    /// `crate::nlu`, which reports what it cannot read.
    pub(super) fn check(mut self) -> Result<Safety, (String, String)> {
        let empty = |text: &String| text.split_whitespace().next().is_none();
        for (key, signs) in [("emergency_sign", &self.emergency_signs), ("crisis_sign", &self.crisis_signs)] {
            if signs.is_empty() {
                return Err((key.into(), "needs at least one sign".into()));
            }
            for sign in signs {
                if sign.patterns.is_empty() || sign.patterns.iter().any(empty) {
                    return Err((format!("{key} {:?}", sign.name), "needs patterns, none of them empty".into()));
                }
            }
        }
        if self.negations.iter().any(empty) || self.negation_bridge.iter().any(empty) {
            return Err(("negations".into(), "no entry may be empty".into()));
        }
        let numbers = |text: &mut String| {
            *text =
                text.replace("{emergency_number}", &self.emergency_number).replace("{crisis_line}", &self.crisis_line);
        };
        let (mut emergency, mut crisis) = (std::mem::take(&mut self.emergency), std::mem::take(&mut self.crisis));
        emergency.iter_mut().chain(&mut crisis).for_each(numbers);
        Ok(Safety { emergency, crisis, ..self })
    }
}
