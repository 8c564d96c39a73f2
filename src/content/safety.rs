//! Safety: what the skill says when someone may be in danger, and the signs of danger a
//! clinician can review (`speech/<language>/safety.toml`, with each locale's `speech/<locale>/safety.toml` over it).
//!
//! This is data only; `crate::nlu::danger` reads the patterns.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;

/// The answers for when someone may be in danger or needs support elsewhere, with the
/// locale's numbers filled in, and the signs that call for danger's answers: `safety.toml`
/// as written, checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Safety {
    /// The file's schema version.
    pub(super) schema_version: u32,
    /// The locale's emergency number.
    pub emergency_number: String,
    /// The locale's crisis line.
    pub crisis_line: String,
    /// The locale's helpline for alcohol and drugs, if it has one.
    #[serde(default)]
    pub substance_line: Option<String>,
    /// The locale's line for quitting smoking, if it has one.
    #[serde(default)]
    pub quit_line: Option<String>,
    /// The locale's line for domestic violence and abuse, if it has one.
    #[serde(default)]
    pub abuse_line: Option<String>,
    /// The locale's line for sexual assault, if it has one.
    #[serde(default)]
    pub assault_line: Option<String>,
    /// The official page each number was checked on, by its key (`crisis_line`).
    #[serde(default)]
    pub checked_at: BTreeMap<String, String>,
    /// The emergency answer's paragraphs.
    pub emergency: Vec<String>,
    /// The crisis answer's paragraphs.
    pub crisis: Vec<String>,
    /// The answer to feelings without signs of danger.
    pub feelings: Vec<String>,
    /// The answer to a missed, extra or wrong dose.
    pub wrong_dose: Vec<String>,
    /// The answer to someone telling of violence or abuse.
    pub abuse: Vec<String>,
    /// The answer to someone telling of sexual assault.
    pub assault: Vec<String>,
    /// The answer to asking for help with alcohol, smoking or drugs.
    pub substance: Vec<String>,
    /// The signs of danger: the language's, shared by its locales.
    #[serde(flatten)]
    pub signs: Arc<SignsOfDanger>,
}

/// The signs of danger and how they are read: the language's, which no locale may change
/// (so its locales share one copy).
#[derive(Debug, Deserialize, PartialEq, Eq)]
pub struct SignsOfDanger {
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
    /// Questions about first aid: answered as an emergency, even when asked about what
    /// might happen.
    #[serde(default, rename = "first_aid_sign")]
    pub first_aid_signs: Vec<Sign>,
    /// Signs of thoughts of suicide or self-harm.
    #[serde(rename = "crisis_sign")]
    pub crisis_signs: Vec<Sign>,
    /// Signs of someone telling of sexual assault.
    #[serde(default, rename = "assault_sign")]
    pub assault_signs: Vec<Sign>,
    /// Signs of someone telling of violence or abuse.
    #[serde(default, rename = "abuse_sign")]
    pub abuse_signs: Vec<Sign>,
}

/// One number the skill speaks: its key in `safety.toml` (the placeholder that says it),
/// the number, and the official page it was checked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number<'a> {
    /// The key, e.g. `crisis_line`.
    pub key: &'static str,
    /// The number as it is spoken, e.g. `988`.
    pub number: &'a str,
    /// The official page it was checked on.
    pub checked_at: &'a str,
}

/// One sign of danger: a name a clinician knows it by, and the patterns that say it.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Sign {
    /// What the sign is, e.g. "breathing".
    pub name: String,
    /// The ways of saying it, in the syntax `safety.toml` describes.
    pub patterns: Vec<String>,
}

impl SignsOfDanger {
    /// The signs and how they are read, as text: equal for two files whose danger is read
    /// the same.
    pub fn key(&self) -> String {
        format!("{self:?}")
    }

    /// Checks that there are signs of emergency and of crisis, that every sign has
    /// patterns, and that no pattern or negation is empty.
    fn check(&self) -> Result<(), (String, String)> {
        for (key, signs) in [("emergency_sign", &self.emergency_signs), ("crisis_sign", &self.crisis_signs)] {
            if signs.is_empty() {
                return Err((key.into(), "needs at least one sign".into()));
            }
        }
        for (key, signs) in [
            ("emergency_sign", &self.emergency_signs),
            ("first_aid_sign", &self.first_aid_signs),
            ("crisis_sign", &self.crisis_signs),
            ("assault_sign", &self.assault_signs),
            ("abuse_sign", &self.abuse_signs),
        ] {
            for sign in signs {
                if sign.patterns.is_empty() || sign.patterns.iter().map(String::as_str).any(is_blank) {
                    return Err((format!("{key} {:?}", sign.name), "needs patterns, none of them empty".into()));
                }
            }
        }
        if self.negations.iter().map(String::as_str).any(is_blank)
            || self.negation_bridge.iter().map(String::as_str).any(is_blank)
        {
            return Err(("negations".into(), "no entry may be empty".into()));
        }
        Ok(())
    }
}

impl Safety {
    /// Every number the locale's answers may say, with the page it was checked on.
    pub fn numbers(&self) -> Vec<Number<'_>> {
        let keyed = [
            ("emergency_number", Some(&self.emergency_number)),
            ("crisis_line", Some(&self.crisis_line)),
            ("substance_line", self.substance_line.as_ref()),
            ("quit_line", self.quit_line.as_ref()),
            ("abuse_line", self.abuse_line.as_ref()),
            ("assault_line", self.assault_line.as_ref()),
        ];
        keyed
            .into_iter()
            .filter_map(|(key, number)| {
                let checked_at = self.checked_at.get(key).map_or("", String::as_str);
                number.map(|number| Number { key, number, checked_at })
            })
            .collect()
    }

    /// Fills the numbers into the answers, and checks that every list has entries, that
    /// every number has the official page it was checked on, and that the answers say no
    /// number but these. Errors are the key and what is wrong; the patterns themselves are
    /// read by `crate::nlu`, which reports what it cannot read.
    pub(super) fn check(mut self) -> Result<Safety, (String, String)> {
        self.signs.check()?;
        let numbers: Vec<(&'static str, String)> =
            self.numbers().iter().map(|number| (number.key, number.number.to_owned())).collect();
        for number in self.numbers() {
            if !number.checked_at.starts_with("https://") {
                return Err((
                    format!("checked_at.{}", number.key),
                    format!("needs the https:// address of the official page that gives {}", number.number),
                ));
            }
        }
        if let Some(key) = self.checked_at.keys().find(|key| !numbers.iter().any(|(number, _)| number == key)) {
            return Err((format!("checked_at.{key}"), "names no number this locale sets".into()));
        }
        let mut answers = [
            ("emergency", std::mem::take(&mut self.emergency)),
            ("crisis", std::mem::take(&mut self.crisis)),
            ("feelings", std::mem::take(&mut self.feelings)),
            ("wrong_dose", std::mem::take(&mut self.wrong_dose)),
            ("abuse", std::mem::take(&mut self.abuse)),
            ("assault", std::mem::take(&mut self.assault)),
            ("substance", std::mem::take(&mut self.substance)),
        ];
        for (key, paragraphs) in &mut answers {
            if paragraphs.is_empty() || paragraphs.iter().map(String::as_str).any(is_blank) {
                return Err(((*key).into(), "needs paragraphs, none of them empty".into()));
            }
            for paragraph in paragraphs.iter_mut() {
                *paragraph = fill_numbers(paragraph, &numbers).map_err(|message| ((*key).into(), message))?;
            }
        }
        let [emergency, crisis, feelings, wrong_dose, abuse, assault, substance] = answers.map(|(_, answer)| answer);
        Ok(Safety { emergency, crisis, feelings, wrong_dose, abuse, assault, substance, ..self })
    }
}

/// `text` with every `{key}` of `numbers` replaced by its number. Fails on a placeholder
/// that names no number, and on a digit that is not part of one of the numbers: every
/// number the skill says is one a clinician can review, with where it was checked.
pub(super) fn fill_numbers(text: &str, numbers: &[(&'static str, String)]) -> Result<String, String> {
    let mut filled = text.to_owned();
    for (key, number) in numbers {
        filled = filled.replace(&format!("{{{key}}}"), number);
    }
    if let Some(start) = filled.find('{') {
        let placeholder = filled[start..].split_inclusive('}').next().unwrap_or_default();
        return Err(format!("{placeholder} names no number this locale sets"));
    }
    // Longest first, so that a number inside another (112 in 1800-112-356) takes nothing from it.
    let mut longest_first: Vec<&String> = numbers.iter().map(|(_, number)| number).collect();
    longest_first.sort_by_key(|number| std::cmp::Reverse(number.len()));
    let mut rest = filled.clone();
    for number in longest_first {
        rest = rest.replace(number.as_str(), " ");
    }
    // A word of digits and letters ("1800RESPECT") is a name; a word of digits alone is a number.
    let stray = rest
        .split_whitespace()
        .any(|word| word.contains(|c: char| c.is_ascii_digit()) && !word.contains(|c: char| c.is_alphabetic()));
    if stray {
        return Err(format!("{filled:?} says a number that is not one of the locale's numbers"));
    }
    Ok(filled)
}

/// Whether `text` has no words.
fn is_blank(text: &str) -> bool {
    text.split_whitespace().next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_filled_and_no_other_number_may_be_said() {
        let numbers = [("emergency_number", "999".to_owned()), ("crisis_line", "116 123".to_owned())];
        assert_eq!(fill_numbers("Call {emergency_number}.", &numbers).unwrap(), "Call 999.");
        assert_eq!(fill_numbers("{crisis_line}, any time.", &numbers).unwrap(), "116 123, any time.");
        let unknown = fill_numbers("Call {abuse_line}.", &numbers).unwrap_err();
        assert!(unknown.contains("{abuse_line}"), "{unknown}");
        let stray = fill_numbers("Call {emergency_number} or 111.", &numbers).unwrap_err();
        assert!(stray.contains("not one of the locale's numbers"), "{stray}");
        assert!(fill_numbers("Call 1800RESPECT.", &numbers).is_ok(), "a name with digits in it is not a number");
        let inside = [("emergency_number", "112".to_owned()), ("quit_line", "1800-112-356".to_owned())];
        assert!(fill_numbers("Call {quit_line} or {emergency_number}.", &inside).is_ok(), "one number inside another");
    }
}
