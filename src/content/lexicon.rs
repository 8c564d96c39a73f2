//! The lexicon: how free text is read before it is matched (`intents/<locale>.lexicon.toml`).
//!
//! This is data only; `crate::nlu::reading` applies it.

use std::collections::BTreeMap;

use super::Model;
use super::raw::LexiconFile;

/// The checked lexicon of one locale.
#[derive(Debug, PartialEq, Eq)]
pub struct Lexicon {
    /// The stemming algorithm for the locale's language.
    pub stemmer: rust_stemmers::Algorithm,
    /// Whole words spelled out ("can't" is "can not").
    pub contractions: BTreeMap<String, String>,
    /// Word endings spelled out ("n't" is " not"), for words not in `contractions`.
    pub endings: BTreeMap<String, String>,
    /// Words and phrases said while thinking, dropped.
    pub fillers: Vec<String>,
    /// Phrases as speech recognition may write them, and what they mean.
    pub spellings: BTreeMap<String, String>,
    /// Group name to the words and phrases read as it.
    pub synonyms: BTreeMap<String, Vec<String>>,
    /// Slot types whose every value is read as one word.
    pub slot_words: BTreeMap<String, String>,
    /// Words and phrases where a long utterance splits into clauses.
    pub clause_breaks: Vec<String>,
}

/// The stemmers the lexicon may name, by their name in `stemmer`.
const STEMMERS: [(&str, rust_stemmers::Algorithm); 8] = [
    ("english", rust_stemmers::Algorithm::English),
    ("french", rust_stemmers::Algorithm::French),
    ("german", rust_stemmers::Algorithm::German),
    ("spanish", rust_stemmers::Algorithm::Spanish),
    ("italian", rust_stemmers::Algorithm::Italian),
    ("portuguese", rust_stemmers::Algorithm::Portuguese),
    ("dutch", rust_stemmers::Algorithm::Dutch),
    ("swedish", rust_stemmers::Algorithm::Swedish),
];

impl Lexicon {
    /// Checks the file against the model: a known stemmer, slot types that exist, and no
    /// empty entries. Errors are the key and what is wrong.
    pub(super) fn check(file: LexiconFile, model: &Model) -> Result<Lexicon, (String, String)> {
        let Some((_, stemmer)) = STEMMERS.iter().find(|(name, _)| *name == file.stemmer) else {
            let known: Vec<&str> = STEMMERS.iter().map(|(name, _)| *name).collect();
            return Err(("stemmer".into(), format!("{:?} is not one of {}", file.stemmer, known.join(", "))));
        };
        for slot_type in file.slot_words.keys() {
            if model.slot_type(slot_type).is_none() {
                return Err((format!("slot_words.{slot_type}"), "is not a slot type of the interaction model".into()));
            }
        }
        let empty = |text: &str| text.split_whitespace().next().is_none();
        for (key, list) in [("fillers", &file.fillers), ("clause_breaks", &file.clause_breaks)] {
            if let Some(entry) = list.iter().find(|entry| empty(entry)) {
                return Err((key.into(), format!("{entry:?} is empty")));
            }
        }
        for (key, words) in file.contractions.iter().chain(&file.spellings) {
            if empty(key) || empty(words) {
                return Err((key.clone(), "a spelling and what it means must both have words".into()));
            }
        }
        for (group, members) in &file.synonyms {
            if let Some(member) = members.iter().find(|member| empty(member)) {
                return Err((format!("synonyms.{group}"), format!("{member:?} is empty")));
            }
        }
        Ok(Lexicon {
            stemmer: *stemmer,
            contractions: file.contractions,
            endings: file.endings,
            fillers: file.fillers,
            spellings: file.spellings,
            synonyms: file.synonyms,
            slot_words: file.slot_words,
            clause_breaks: file.clause_breaks,
        })
    }
}
