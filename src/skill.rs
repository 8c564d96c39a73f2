//! The loaded skill: content, its pre-rendered script and the free-text matcher, built
//! once at start-up and shared, read-only, by every request.

use crate::content::{Content, Files, LoadError};
use crate::dialog::{self, BuiltIn, Reply, Script, Turn};
use crate::nlu::Matcher;
use crate::platform::{LAUNCH, SESSION_ENDED};

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
                        "{} has no handling: list it in the `intents` of a part in topics.toml, or remove it",
                        intent.name
                    ),
                ));
            }
        }
        for built_in in BuiltIn::all() {
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
        let matcher = Matcher::build(&content).map_err(|error| LoadError::Invalid {
            file: files.safety.name.clone(),
            key: "patterns".to_owned(),
            message: error.to_string(),
        })?;
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

    /// The intent name as it may appear in a log line or a metric: a name the model has
    /// (or a launch or session end), else "unknown", since a name the model lacks came
    /// from outside and could hold anything.
    pub fn intent_label(&self, name: &str) -> &str {
        match self.content.model.intent(name) {
            Some(intent) => &intent.name,
            None => [LAUNCH, SESSION_ENDED].into_iter().find(|known| *known == name).unwrap_or("unknown"),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn load_with(edit: impl FnOnce(&mut Files)) -> Result<Skill, LoadError> {
        let mut files = Files::embedded();
        edit(&mut files);
        Skill::load(&files)
    }

    #[test]
    fn an_intent_with_no_handling_is_refused() {
        let err = load_with(|files| {
            let with_extra = files.model.text.replace(
                r#""name": "AMAZON.HelpIntent","#,
                r#""name": "UnhandledIntent", "samples": ["something nobody answers"]}, {"name": "AMAZON.HelpIntent","#,
            );
            files.model.text = with_extra.into();
        })
        .unwrap_err();
        assert!(err.to_string().contains("UnhandledIntent has no handling"), "{err}");
    }

    #[test]
    fn a_handled_intent_missing_from_the_model_is_refused() {
        let err = load_with(|files| {
            files.model.text =
                files.model.text.replace(r#""AMAZON.RepeatIntent""#, r#""AMAZON.RepeatIntentGone""#).into();
        })
        .unwrap_err();
        assert!(err.to_string().contains("AMAZON.RepeatIntent"), "{err}");
    }

    #[test]
    fn every_custom_intent_has_at_least_fifteen_distinct_samples_alexa_accepts() {
        let skill = Skill::embedded().unwrap();
        let mut owners: HashMap<String, &str> = HashMap::new();
        for intent in &skill.content.model.intents {
            if !intent.is_built_in() {
                assert!(intent.samples.len() >= 15, "{} has {} samples", intent.name, intent.samples.len());
            }
            for sample in &intent.samples {
                let allowed = |c: char| c.is_ascii_alphabetic() || " '{}".contains(c);
                assert!(sample.chars().all(allowed), "{}: {sample:?} has characters Alexa refuses", intent.name);
                let earlier = owners.insert(sample.to_lowercase(), &intent.name);
                assert!(
                    earlier.is_none(),
                    "{sample:?} is a sample of both {} and {}",
                    earlier.unwrap_or_default(),
                    intent.name
                );
            }
        }
    }
}
