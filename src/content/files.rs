//! Where content comes from: the copy compiled into the binary, or a directory on disk.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::LoadError;

/// The locale of the content pack.
pub const LOCALE: &str = "en-US";

/// The content files, as text, each with the name used in error messages.
#[derive(Debug, Clone)]
pub struct Files {
    /// `speech/<locale>/topics.toml`: the medical topics.
    pub topics: File,
    /// `speech/<locale>/skill.toml`: the skill's own words.
    pub skill: File,
    /// `speech/<locale>/safety.toml`: emergency answers and the words that call for them.
    pub safety: File,
    /// `speech/<locale>/source.txt`: the approved source text, verbatim.
    pub source: File,
    /// `intents/<locale>.json`: the interaction model.
    pub model: File,
    /// `intents/<locale>.lexicon.toml`: how free text is read.
    pub lexicon: File,
}

/// One content file.
#[derive(Debug, Clone)]
pub struct File {
    /// Its path relative to the content root, for messages.
    pub name: String,
    /// Its text.
    pub text: Cow<'static, str>,
}

const TOPICS: &str = "speech/en-US/topics.toml";
const SKILL: &str = "speech/en-US/skill.toml";
const SAFETY: &str = "speech/en-US/safety.toml";
const SOURCE: &str = "speech/en-US/source.txt";
const MODEL: &str = "intents/en-US.json";
const LEXICON: &str = "intents/en-US.lexicon.toml";

impl Files {
    /// The content compiled into the binary from this repository's `speech/` and `intents/`.
    pub fn embedded() -> Files {
        let file = |name: &str, text: &'static str| File { name: name.to_owned(), text: Cow::Borrowed(text) };
        Files {
            topics: file(TOPICS, include_str!("../../speech/en-US/topics.toml")),
            skill: file(SKILL, include_str!("../../speech/en-US/skill.toml")),
            safety: file(SAFETY, include_str!("../../speech/en-US/safety.toml")),
            source: file(SOURCE, include_str!("../../speech/en-US/source.txt")),
            model: file(MODEL, include_str!("../../intents/en-US.json")),
            lexicon: file(LEXICON, include_str!("../../intents/en-US.lexicon.toml")),
        }
    }

    /// A digest of every file's text: the first 12 hex digits of a SHA-256.
    pub fn digest(&self) -> String {
        let files = [&self.topics, &self.skill, &self.safety, &self.source, &self.model, &self.lexicon];
        let lengths = files.map(|file| (file.text.len() as u64).to_be_bytes());
        crate::digest::short_sha256(
            files.iter().zip(&lengths).flat_map(|(file, length)| [&length[..], file.text.as_bytes()]),
        )
    }

    /// Reads the content from `root`, a directory holding `speech/` and `intents/`.
    pub fn read(root: &Path) -> Result<Files, LoadError> {
        let file = |name: &str| {
            let path: PathBuf = root.join(name);
            std::fs::read_to_string(&path)
                .map(|text| File { name: path.display().to_string(), text: Cow::Owned(text) })
                .map_err(|error| LoadError::Read { path, error })
        };
        Ok(Files {
            topics: file(TOPICS)?,
            skill: file(SKILL)?,
            safety: file(SAFETY)?,
            source: file(SOURCE)?,
            model: file(MODEL)?,
            lexicon: file(LEXICON)?,
        })
    }
}
