//! The loaded skill: content, its pre-rendered script and the free-text matcher, built
//! once at start-up and shared, read-only, by every request.

use crate::content::{Content, Files, LoadError};
use crate::dialog::{self, BuiltIn, Reply, Script, Turn};
use crate::nlu::Matcher;

/// Everything a turn needs, immutable after [`Skill::load`].
#[derive(Debug)]
pub struct Skill {
    /// The checked content.
    pub content: Content,
    /// Every reply, rendered.
    pub script: Script,
    /// The free-text matcher over the model's samples.
    pub matcher: Matcher,
}

impl Skill {
    /// Loads and checks the content, makes sure every intent of the interaction model is
    /// handled (by the dialog or by a topic) and every intent the dialog handles is in
    /// the model, and renders every reply.
    pub fn load(files: &Files) -> Result<Skill, LoadError> {
        let content = Content::load(files)?;
        let invalid = |key: &str, message: String| LoadError::Invalid {
            file: files.model.name.clone(),
            key: key.to_owned(),
            message,
        };
        for intent in &content.model.intents {
            if BuiltIn::from_name(&intent.name).is_none() && !content.answers(&intent.name) {
                return Err(invalid(
                    "intents",
                    format!(
                        "{} has no handling: give it a topic in topics.toml (listing it in `intents`, without `option`), or remove it",
                        intent.name
                    ),
                ));
            }
        }
        for built_in in BuiltIn::ALL {
            if content.model.intent(built_in.name()).is_none() {
                return Err(invalid(
                    "intents",
                    format!("{} is handled by the dialog but missing from the model", built_in.name()),
                ));
            }
        }
        let script = Script::build(&content).map_err(|error| LoadError::Invalid {
            file: files.topics.name.clone(),
            key: "(rendered speech)".to_owned(),
            message: error.to_string(),
        })?;
        let matcher = Matcher::build(&content.model, &content.safety);
        Ok(Skill { content, script, matcher })
    }

    /// The skill compiled into the binary.
    pub fn embedded() -> Result<Skill, LoadError> {
        Skill::load(&Files::embedded())
    }

    /// Answers one turn.
    pub fn respond(&self, turn: Turn) -> Reply<'_> {
        dialog::respond(&self.content, &self.script, turn)
    }

    /// The intent name as it may appear in a log line: a name the model has, else
    /// "unknown", since a name the model lacks came from outside and could hold anything.
    pub fn loggable_intent<'a>(&'a self, name: &'a str) -> &'a str {
        if self.content.model.intent(name).is_some() { name } else { "unknown" }
    }
}
