//! The loaded skill: for each locale, its content, pre-rendered script and free-text
//! matcher, built once at start-up and shared, read-only, by every request.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::content::files::language;
use crate::content::{Content, Files, LoadError};
use crate::dialog::{self, BuiltIn, Reply, Script, Turn};
use crate::nlu::Matcher;
use crate::nlu::kept::KeptClassifier;
use crate::screen::Captions;
use crate::speech::Rendered;

/// The skill in every locale it speaks, the default locale first.
#[derive(Debug)]
pub struct Skills {
    skills: Vec<Skill>,
}

/// Everything a turn in one locale needs, immutable after [`Skill::load`].
#[derive(Debug)]
pub struct Skill {
    /// The checked content.
    pub content: Content,
    /// Every reply, rendered.
    pub script: Script,
    /// The free-text matcher over the model's samples (shared by the locales whose
    /// model, lexicon and signs of danger are the same).
    pub matcher: Arc<Matcher>,
    /// The captions document for screens (shared by every locale).
    pub captions: Arc<Captions>,
}

/// A locale the skill does not speak.
#[derive(Debug, thiserror::Error)]
#[error("unsupported locale {requested:?}: this skill speaks {supported}")]
pub struct UnsupportedLocale {
    /// The locale asked for.
    pub requested: String,
    /// The locales the skill has, comma-separated.
    pub supported: String,
}

impl Skills {
    /// Loads every locale (see [`Skill::load`]). Each matcher is trained once for the
    /// locales that share it, on a thread of its own while the replies are rendered.
    pub fn load(all: &[Files]) -> Result<Skills, LoadError> {
        Skills::load_with(all, None)
    }

    /// Loads every locale as [`Skills::load`] does, but reads each classifier from `dir`
    /// when an earlier start with the same content and binary kept it there, and keeps
    /// the ones it trains there for the next start (removing those of earlier content).
    pub fn load_keeping_classifiers(all: &[Files], dir: &Path) -> Result<Skills, LoadError> {
        Skills::load_with(all, Some(dir))
    }

    fn load_with(all: &[Files], dir: Option<&Path>) -> Result<Skills, LoadError> {
        let captions = Arc::new(Captions::embedded().map_err(|error| LoadError::Invalid {
            file: crate::screen::FILE.to_owned(),
            key: "document".to_owned(),
            message: error.to_string(),
        })?);
        let mut contents: Vec<Content> = Vec::with_capacity(all.len());
        for files in all {
            let content = handled_content(files, &contents)?;
            contents.push(content);
        }
        let keys: Vec<String> = all.iter().zip(&contents).map(|(files, content)| matcher_key(files, content)).collect();
        let kept: HashMap<&String, KeptClassifier> = match dir {
            Some(dir) => keys.iter().filter_map(|key| Some((key, KeptClassifier::new(dir, key)?))).collect(),
            None => HashMap::new(),
        };
        let (scripts, matchers) = std::thread::scope(|scope| {
            let mut training = HashMap::new();
            for ((files, content), key) in all.iter().zip(&contents).zip(&keys) {
                let kept = kept.get(key);
                training.entry(key).or_insert_with(|| scope.spawn(move || build_matcher(files, content, kept)));
            }
            let mut rendered = Rendered::default();
            let scripts: Vec<Script> = all
                .iter()
                .zip(&contents)
                .map(|(files, content)| render(files, content, &mut rendered))
                .collect::<Result<_, _>>()?;
            let matchers: HashMap<&String, Arc<Matcher>> = training
                .into_iter()
                .map(|(key, handle)| Ok((key, Arc::new(handle.join().expect("training does not panic")?))))
                .collect::<Result<_, LoadError>>()?;
            Ok::<_, LoadError>((scripts, matchers))
        })?;
        let skills: Vec<Skill> = contents
            .into_iter()
            .zip(scripts)
            .zip(&keys)
            .map(|((content, script), key)| Skill {
                content,
                script,
                matcher: matchers[key].clone(),
                captions: captions.clone(),
            })
            .collect();
        assert!(!skills.is_empty(), "content has at least one locale");
        if let Some(dir) = dir {
            KeptClassifier::remove_others(dir, &kept.into_values().collect::<Vec<_>>());
        }
        Ok(Skills { skills })
    }

    /// Every locale compiled into the binary.
    pub fn embedded() -> Result<Skills, LoadError> {
        Skills::load(&Files::embedded_all())
    }

    /// The skill of the default locale (en-US, when the content has it).
    pub fn default_locale(&self) -> &Skill {
        &self.skills[0]
    }

    /// Every locale's skill, the default first.
    pub fn all(&self) -> &[Skill] {
        &self.skills
    }

    /// The locales, the default first.
    pub fn locales(&self) -> impl Iterator<Item = &str> {
        self.skills.iter().map(|skill| skill.content.locale.as_str())
    }

    /// A digest of every locale's content (12 hex digits).
    pub fn version(&self) -> String {
        match self.skills.as_slice() {
            [one] => one.content.version.clone(),
            all => crate::digest::short_sha256(all.iter().map(|skill| skill.content.version.as_bytes())),
        }
    }

    /// The skill for `locale` (any case; a bare language is its first locale, the default
    /// first); the default locale when none is named.
    pub fn for_locale(&self, locale: Option<&str>) -> Result<&Skill, UnsupportedLocale> {
        let Some(locale) = locale else { return Ok(self.default_locale()) };
        self.skills
            .iter()
            .find(|skill| skill.content.locale.eq_ignore_ascii_case(locale))
            .or_else(|| {
                let bare = !locale.contains(['-', '_']);
                self.skills.iter().find(|skill| bare && language(&skill.content.locale).eq_ignore_ascii_case(locale))
            })
            .ok_or_else(|| UnsupportedLocale {
                requested: locale.to_owned(),
                supported: self.locales().collect::<Vec<_>>().join(", "),
            })
    }
}

impl Skill {
    /// Loads and checks one locale's content, makes sure every intent of the interaction
    /// model is handled (by the dialog or by a topic) and every intent the dialog handles
    /// is in the model, renders every reply and trains the matcher.
    pub fn load(files: &Files) -> Result<Skill, LoadError> {
        let skills = Skills::load(std::slice::from_ref(files))?;
        Ok(skills.skills.into_iter().next().expect("one locale was loaded"))
    }

    /// The default locale's skill compiled into the binary.
    pub fn embedded() -> Result<Skill, LoadError> {
        Skill::load(&Files::embedded())
    }

    /// Answers one turn.
    pub fn respond(&self, turn: Turn) -> Reply<'_> {
        dialog::respond(&self.content, &self.script, turn)
    }
}

/// One locale's checked content (its model shared with any of `loaded` whose model is the
/// same file), each intent of its model handled and each intent the dialog handles in its
/// model.
fn handled_content(files: &Files, loaded: &[Content]) -> Result<Content, LoadError> {
    let content = Content::load_beside(files, loaded)?;
    let invalid =
        |message: String| LoadError::Invalid { file: files.model.name.clone(), key: "intents".to_owned(), message };
    for intent in &content.model.intents {
        if BuiltIn::from_name(&intent.name).is_none() && !content.answers(&intent.name) {
            return Err(invalid(format!(
                "{} has no handling: list it in the `intents` of a part in topics.toml, or remove it",
                intent.name
            )));
        }
    }
    for built_in in BuiltIn::all() {
        if content.model.intent(built_in.name()).is_none() {
            return Err(invalid(format!("{} is handled by the dialog but missing from the model", built_in.name())));
        }
    }
    Ok(content)
}

/// Every reply of one locale, rendered; words said alike in another locale are shared.
fn render(files: &Files, content: &Content, rendered: &mut Rendered) -> Result<Script, LoadError> {
    Script::build(content, rendered).map_err(|error| LoadError::Invalid {
        file: files.topics.name.clone(),
        key: "(rendered speech)".to_owned(),
        message: error.to_string(),
    })
}

/// What a matcher is built from: locales with the same key share one.
fn matcher_key(files: &Files, content: &Content) -> String {
    crate::digest::short_sha256([
        files.model.text.as_bytes(),
        files.lexicon.text.as_bytes(),
        content.safety.signs.key().as_bytes(),
    ])
}

/// The free-text matcher of one locale, its classifier read from `kept` when it is there.
fn build_matcher(files: &Files, content: &Content, kept: Option<&KeptClassifier>) -> Result<Matcher, LoadError> {
    Matcher::build(content, kept).map_err(|error| LoadError::Invalid {
        file: crate::content::files::names(&files.safety),
        key: "patterns".to_owned(),
        message: error.to_string(),
    })
}

/// The embedded default locale, loaded once for every unit test that needs it.
#[cfg(test)]
pub(crate) fn embedded_for_tests() -> &'static Skill {
    static SKILL: std::sync::LazyLock<Skill> = std::sync::LazyLock::new(|| Skill::embedded().unwrap());
    &SKILL
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
    fn locales_of_one_language_share_its_model_lexicon_and_signs_of_danger() {
        let skills = Skills::embedded().unwrap();
        let (first, rest) = skills.all().split_first().unwrap();
        assert!(!rest.is_empty());
        for skill in rest {
            let (one, other) = (&first.content, &skill.content);
            assert!(Arc::ptr_eq(&one.model, &other.model), "{}", other.locale);
            assert!(Arc::ptr_eq(&one.lexicon, &other.lexicon), "{}", other.locale);
            assert!(Arc::ptr_eq(&one.safety.signs, &other.safety.signs), "{}", other.locale);
            assert!(Arc::ptr_eq(&first.matcher, &skill.matcher), "{}", other.locale);
        }
    }

    #[test]
    fn a_locale_with_a_lexicon_of_its_own_keeps_it() {
        let mut all = Files::embedded_all();
        let own = &mut all[1].lexicon;
        own.text = own.text.replacen("[spellings]", "[spellings]\n\"imuno therapy\" = \"immunotherapy\"", 1).into();
        let skills = Skills::load(&all).unwrap();
        let [first, second, ..] = skills.all() else { panic!("two locales or more") };
        assert!(!Arc::ptr_eq(&first.content.lexicon, &second.content.lexicon));
        assert_eq!(second.content.lexicon.spellings["imuno therapy"], "immunotherapy");
        assert!(!first.content.lexicon.spellings.contains_key("imuno therapy"));
        assert!(Arc::ptr_eq(&first.content.safety.signs, &second.content.safety.signs));
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
        let skill = embedded_for_tests();
        let mut owners: HashMap<String, &str> = HashMap::new();
        for intent in &skill.content.model.intents {
            if !intent.is_built_in() {
                assert!(intent.sample_count() >= 15, "{} has {} samples", intent.name, intent.sample_count());
            }
            for sample in skill.content.model.samples(intent) {
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
