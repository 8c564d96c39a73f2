//! Where content comes from: the copy compiled into the binary, or a directory on disk;
//! and which files make each locale.
//!
//! A locale exists when `intents/<locale>.json`, its interaction model, does. Every other
//! file is looked for under the locale first and then under its language, where the
//! locales of one language share it: `speech/en-GB/topics.toml`, else
//! `speech/en/topics.toml`. The skill's own words and the safety answers are layered: the
//! language's `skill.toml` and `safety.toml`, then the locale's, whose keys replace the
//! language's (an emergency number, a crisis line, a way of saying something).

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::LoadError;

/// The locale answered when a request names none, if the content has it.
pub const DEFAULT_LOCALE: &str = "en-US";

/// The content files of one locale, as text, each with the name used in error messages.
#[derive(Debug, Clone)]
pub struct Files {
    /// The locale, e.g. `en-GB`.
    pub locale: String,
    /// `speech/<locale or language>/topics.toml`: the medical topics.
    pub topics: File,
    /// `speech/<language>/skill.toml`, then `speech/<locale>/skill.toml`: the skill's own words.
    pub skill: Vec<File>,
    /// `speech/<language>/safety.toml`, then `speech/<locale>/safety.toml`: emergency
    /// answers, their numbers, and the words that call for them.
    pub safety: Vec<File>,
    /// `speech/<locale or language>/source.txt`: the approved source text, verbatim.
    pub source: File,
    /// `intents/<locale>.json`: the interaction model.
    pub model: File,
    /// `intents/<locale or language>.lexicon.toml`: how free text is read.
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

/// Every content file compiled in: its path under the repository, and its text.
static EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Where the files are.
enum Tree<'a> {
    Embedded,
    Directory(&'a Path),
}

impl Tree<'_> {
    /// The file at `name`, if there is one.
    fn file(&self, name: &str) -> Result<Option<File>, LoadError> {
        match self {
            Tree::Embedded => Ok(EMBEDDED
                .iter()
                .find(|(path, _)| *path == name)
                .map(|(_, text)| File { name: name.to_owned(), text: Cow::Borrowed(text) })),
            Tree::Directory(root) => {
                let path: PathBuf = root.join(name);
                match std::fs::read_to_string(&path) {
                    Ok(text) => Ok(Some(File { name: path.display().to_string(), text: Cow::Owned(text) })),
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(error) => Err(LoadError::Read { path, error }),
                }
            }
        }
    }

    /// The locales: those with an interaction model, `intents/<locale>.json`.
    fn locales(&self) -> Result<Vec<String>, LoadError> {
        let locale = |name: &str| name.strip_suffix(".json").filter(|stem| !stem.contains('.')).map(str::to_owned);
        let mut locales: Vec<String> = match self {
            Tree::Embedded => {
                EMBEDDED.iter().filter_map(|(path, _)| path.strip_prefix("intents/")).filter_map(locale).collect()
            }
            Tree::Directory(root) => {
                let dir = root.join("intents");
                let entries = std::fs::read_dir(&dir).map_err(|error| LoadError::Read { path: dir.clone(), error })?;
                let mut names = Vec::new();
                for entry in entries {
                    let entry = entry.map_err(|error| LoadError::Read { path: dir.clone(), error })?;
                    names.extend(entry.file_name().to_str().and_then(locale));
                }
                names
            }
        };
        // The default first, then the others in order.
        locales.sort_by_key(|name| (name != DEFAULT_LOCALE, name.clone()));
        Ok(locales)
    }

    /// The files of `locale`.
    fn files(&self, locale: &str) -> Result<Files, LoadError> {
        let language = language(locale);
        let one = |locale_path: String, language_path: String| -> Result<File, LoadError> {
            match self.file(&locale_path)? {
                Some(file) => Ok(file),
                None => self
                    .file(&language_path)?
                    .ok_or(LoadError::Missing { path: locale_path, shared: Some(language_path) }),
            }
        };
        let layers = |name: &str| -> Result<Vec<File>, LoadError> {
            let (shared, own) = (format!("speech/{language}/{name}"), format!("speech/{locale}/{name}"));
            let layers: Vec<File> = [self.file(&shared)?, self.file(&own)?].into_iter().flatten().collect();
            if layers.is_empty() {
                return Err(LoadError::Missing { path: own, shared: Some(shared) });
            }
            Ok(layers)
        };
        let speech = |name: &str| one(format!("speech/{locale}/{name}"), format!("speech/{language}/{name}"));
        let model = format!("intents/{locale}.json");
        Ok(Files {
            locale: locale.to_owned(),
            topics: speech("topics.toml")?,
            skill: layers("skill.toml")?,
            safety: layers("safety.toml")?,
            source: speech("source.txt")?,
            model: self.file(&model)?.ok_or(LoadError::Missing { path: model, shared: None })?,
            lexicon: one(format!("intents/{locale}.lexicon.toml"), format!("intents/{language}.lexicon.toml"))?,
        })
    }

    fn all(&self) -> Result<Vec<Files>, LoadError> {
        let locales = self.locales()?;
        if locales.is_empty() {
            return Err(LoadError::Missing { path: "intents/<locale>.json (for any locale)".into(), shared: None });
        }
        locales.iter().map(|locale| self.files(locale)).collect()
    }
}

impl Files {
    /// The content of every locale compiled into the binary from this repository's
    /// `speech/` and `intents/`, the default locale first.
    pub fn embedded_all() -> Vec<Files> {
        Tree::Embedded.all().expect("the embedded content has every file")
    }

    /// The embedded content of the default locale.
    pub fn embedded() -> Files {
        Tree::Embedded.files(DEFAULT_LOCALE).expect("the embedded content has the default locale")
    }

    /// Reads the content of every locale from `root`, a directory holding `speech/` and
    /// `intents/`, the default locale first.
    pub fn read_all(root: &Path) -> Result<Vec<Files>, LoadError> {
        Tree::Directory(root).all()
    }

    /// A digest of every file's text: the first 12 hex digits of a SHA-256.
    pub fn digest(&self) -> String {
        let files: Vec<&File> = [&self.topics, &self.source, &self.model, &self.lexicon]
            .into_iter()
            .chain(&self.skill)
            .chain(&self.safety)
            .collect();
        let lengths: Vec<[u8; 8]> = files.iter().map(|file| (file.text.len() as u64).to_be_bytes()).collect();
        crate::digest::short_sha256(
            files.iter().zip(&lengths).flat_map(|(file, length)| [&length[..], file.text.as_bytes()]),
        )
    }
}

/// A locale's language: `en` of `en-GB`.
pub fn language(locale: &str) -> &str {
    locale.split('-').next().unwrap_or(locale)
}

/// The names of layered files, as one name for messages: "a + b".
pub fn names(layers: &[File]) -> String {
    layers.iter().map(|file| file.name.as_str()).collect::<Vec<_>>().join(" + ")
}
