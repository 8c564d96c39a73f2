//! Conversations as data: `stories/**/*.story`, whole conversations written as a person
//! would have them, with what each reply must start with, must say or must not say, played
//! turn by turn through the simulated platform's pipeline (`POST /v1/turn`'s), each
//! reply's session carried to the next turn. `stories/README.md` is the format's guide.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::value::RawValue;

use crate::memory::Memory;
use crate::platform::simulated::{Simulated, TurnRequest};
use crate::platform::{self, LAUNCH};
use crate::sessions::Sessions;
use crate::skill::Skills;

/// The share of stories that must pass.
pub const STORY_BAR: f64 = 0.95;
/// What a story file's name ends with.
pub const EXTENSION: &str = "story";

/// One conversation.
#[derive(Debug, Clone)]
pub struct Story {
    /// Where it came from, to name it in failures.
    pub path: PathBuf,
    /// Its first comment, if it has one.
    pub title: String,
    /// The locale it is spoken in (the skill's default when none is named).
    pub locale: Option<String>,
    /// The turns, in order.
    pub turns: Vec<StoryTurn>,
}

/// One turn of a story: what the person did, and what the reply must be.
#[derive(Debug, Clone)]
pub struct StoryTurn {
    /// The line it is on, from 1.
    pub line: usize,
    /// What the person did.
    pub action: Action,
    /// What the reply must be, each with its line.
    pub expectations: Vec<(usize, Expectation)>,
}

/// What the person does in a turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Opens the skill.
    Open,
    /// Says these words.
    Says(String),
}

/// What a reply must be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expectation {
    /// It starts with these words.
    Starts(String),
    /// It says these words somewhere.
    Says(String),
    /// It does not say these words.
    Not(String),
    /// The conversation ends with it.
    Ends,
    /// The conversation goes on after it.
    Continues,
}

/// A story that cannot be read, with its file and line.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}: {message}", path.display())]
pub struct StoryError {
    /// The file.
    pub path: PathBuf,
    /// The line, from 1.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// A reply that was not what its story expects.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The story's file.
    pub path: PathBuf,
    /// The line of the expectation that failed.
    pub line: usize,
    /// What the person did in that turn.
    pub action: Action,
    /// What was expected, in words.
    pub expected: String,
    /// What the skill said.
    pub said: String,
}

/// How a set of stories went.
#[derive(Debug, Default)]
pub struct Outcome {
    /// How many stories were played.
    pub played: usize,
    /// Every failure, story by story.
    pub failures: Vec<Failure>,
}

impl Story {
    /// Reads a story; errors name the line.
    pub fn parse(path: &Path, text: &str) -> Result<Story, StoryError> {
        let error =
            |line: usize, message: &str| StoryError { path: path.to_owned(), line, message: message.to_owned() };
        let mut story = Story { path: path.to_owned(), title: String::new(), locale: None, turns: Vec::new() };
        for (idx, raw) in text.lines().enumerate() {
            let line = idx + 1;
            let text = raw.trim();
            if text.is_empty() {
                continue;
            }
            if let Some(comment) = text.strip_prefix('#') {
                if story.title.is_empty() {
                    story.title = comment.trim().to_owned();
                }
                continue;
            }
            let (key, value) = match text.split_once(':') {
                Some((key, value)) if !text.starts_with('>') => (key.trim(), value.trim()),
                _ => (text, ""),
            };
            let expectation = match key {
                "locale" if story.turns.is_empty() && !value.is_empty() => {
                    story.locale = Some(value.to_owned());
                    continue;
                }
                "locale" => return Err(error(line, "`locale:` names a locale, before the first turn")),
                "open" => {
                    story.turns.push(StoryTurn { line, action: Action::Open, expectations: Vec::new() });
                    continue;
                }
                _ if text.starts_with('>') => {
                    let words = text.trim_start_matches('>').trim();
                    if words.is_empty() {
                        return Err(error(line, "`>` needs the words the person says"));
                    }
                    story.turns.push(StoryTurn {
                        line,
                        action: Action::Says(words.to_owned()),
                        expectations: Vec::new(),
                    });
                    continue;
                }
                "starts" | "says" | "not" if value.is_empty() => {
                    return Err(error(line, "needs the words after the colon"));
                }
                "starts" => Expectation::Starts(value.to_owned()),
                "says" => Expectation::Says(value.to_owned()),
                "not" => Expectation::Not(value.to_owned()),
                "ends" => Expectation::Ends,
                "continues" => Expectation::Continues,
                _ => {
                    return Err(error(
                        line,
                        "expected `locale:`, `open`, `> words`, `starts:`, `says:`, `not:`, `ends` or `continues`",
                    ));
                }
            };
            let turn = story.turns.last_mut().ok_or_else(|| error(line, "an expectation needs a turn above it"))?;
            turn.expectations.push((line, expectation));
        }
        if story.turns.is_empty() {
            return Err(error(1, "a story needs at least one turn"));
        }
        Ok(story)
    }

    /// Every story in `path` (a story file, or a directory searched through), in order of
    /// their paths.
    pub fn read_all(path: &Path) -> Result<Vec<Story>, StoryError> {
        let mut files = Vec::new();
        collect(path, &mut files).map_err(|message| StoryError { path: path.to_owned(), line: 0, message })?;
        files.sort();
        files
            .iter()
            .map(|file| {
                let text = std::fs::read_to_string(file).map_err(|error| StoryError {
                    path: file.clone(),
                    line: 0,
                    message: error.to_string(),
                })?;
                Story::parse(file, &text)
            })
            .collect()
    }

    /// Plays the story through the simulated platform's pipeline; the failures, none if
    /// it passes.
    pub async fn play(&self, skills: &Skills) -> Vec<Failure> {
        let (memory, sessions) = (Memory::disabled(), Sessions::in_process());
        let mut failures = Vec::new();
        let skill = match skills.for_locale(self.locale.as_deref()) {
            Ok(skill) => skill,
            Err(error) => {
                let expected = format!("a locale the skill speaks ({error})");
                return vec![self.failure(&self.turns[0], self.turns[0].line, expected, String::new())];
            }
        };
        let numbers = skill.content.safety.numbers();
        let mut session: Option<Box<RawValue>> = None;
        for turn in &self.turns {
            let mut request = match &turn.action {
                Action::Open => TurnRequest::intent(LAUNCH, session.take()),
                Action::Says(words) => TurnRequest::utterance(words, session.take()),
            };
            request.locale = Some(skill.content.locale.clone());
            let response = match platform::answer::<Simulated>(skills, &memory, &sessions, request).await {
                Ok(answered) => answered.response,
                Err(error) => {
                    failures.push(self.failure(turn, turn.line, "an answer".into(), format!("(refused: {error})")));
                    return failures;
                }
            };
            let said = response.speech.as_ref().map_or("", |speech| speech.text);
            let heard = normalized(said);
            for (line, expectation) in &turn.expectations {
                let filled = |words: &str| {
                    numbers.iter().fold(words.to_owned(), |words, number| {
                        words.replace(&format!("{{{}}}", number.key), number.number)
                    })
                };
                let (passes, expected) = match expectation {
                    Expectation::Starts(words) => {
                        let words = filled(words);
                        (heard.starts_with(&normalized(&words)), format!("to start with {words:?}"))
                    }
                    Expectation::Says(words) => {
                        let words = filled(words);
                        (contains(&heard, &normalized(&words)), format!("to say {words:?}"))
                    }
                    Expectation::Not(words) => {
                        let words = filled(words);
                        (!contains(&heard, &normalized(&words)), format!("not to say {words:?}"))
                    }
                    Expectation::Ends => (response.end_session, "the conversation to end".to_owned()),
                    Expectation::Continues => (!response.end_session, "the conversation to go on".to_owned()),
                };
                let unfilled = matches!(expectation, Expectation::Starts(w) | Expectation::Says(w) | Expectation::Not(w) if filled(w).contains('{'));
                if !passes || unfilled {
                    let expected =
                        if unfilled { format!("{expected}, but this locale has no such number") } else { expected };
                    failures.push(self.failure(turn, *line, expected, said.to_owned()));
                }
            }
            session = serde_json::value::to_raw_value(&response.session).ok();
        }
        failures
    }

    fn failure(&self, turn: &StoryTurn, line: usize, expected: String, said: String) -> Failure {
        Failure { path: self.path.clone(), line, action: turn.action.clone(), expected, said }
    }
}

impl Outcome {
    /// Plays every story.
    pub async fn of(skills: &Skills, stories: &[Story]) -> Outcome {
        let mut outcome = Outcome::default();
        for story in stories {
            outcome.played += 1;
            outcome.failures.extend(story.play(skills).await);
        }
        outcome
    }

    /// How many stories failed.
    pub fn n_failed(&self) -> usize {
        let mut failed: Vec<&Path> = self.failures.iter().map(|failure| failure.path.as_path()).collect();
        failed.dedup();
        failed.len()
    }

    /// Whether the share of stories that pass reaches [`STORY_BAR`].
    pub fn passes(&self) -> bool {
        self.played > 0 && (self.played - self.n_failed()) as f64 >= STORY_BAR * self.played as f64
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let turn = match &self.action {
            Action::Open => "opening the skill".to_owned(),
            Action::Says(words) => format!("{words:?}"),
        };
        write!(
            f,
            "{}:{}: after {turn}, expected {}; it said {:?}",
            self.path.display(),
            self.line,
            self.expected,
            self.said
        )
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for failure in &self.failures {
            writeln!(f, "FAIL {failure}")?;
        }
        let passed = self.played - self.n_failed();
        let rate = 100.0 * passed as f64 / self.played.max(1) as f64;
        let verdict = if self.passes() { "ok" } else { "BELOW" };
        write!(
            f,
            "stories: {passed} of {} passed ({rate:.1}%; the bar is {:.0}%) {verdict}",
            self.played,
            STORY_BAR * 100.0
        )
    }
}

/// The story files under `path`.
fn collect(path: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let metadata = std::fs::metadata(path).map_err(|error| error.to_string())?;
    if metadata.is_file() {
        files.push(path.to_owned());
        return Ok(());
    }
    for entry in std::fs::read_dir(path).map_err(|error| error.to_string())? {
        let entry = entry.map_err(|error| error.to_string())?.path();
        if entry.is_dir() {
            collect(&entry, files)?;
        } else if entry.extension().is_some_and(|extension| extension == EXTENSION) {
            files.push(entry);
        }
    }
    Ok(())
}

/// Lower case, letters and digits only, single spaces: "I'll call 1-800" is "i ll call 1 800".
fn normalized(text: &str) -> String {
    let kept: String = text.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `heard` says `words`, as whole words.
fn contains(heard: &str, words: &str) -> bool {
    format!(" {heard} ").contains(&format!(" {words} "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_story_reads_turns_and_what_each_reply_must_be() {
        let text = "# A title\nlocale: en-GB\nopen\nstarts: Hello\n> what happens next\nsays: your doctor\nnot: 999\ncontinues\n> bye\nends\n";
        let story = Story::parse(Path::new("a.story"), text).unwrap();
        assert_eq!(story.title, "A title");
        assert_eq!(story.locale.as_deref(), Some("en-GB"));
        assert_eq!(story.turns.len(), 3);
        assert_eq!(story.turns[1].action, Action::Says("what happens next".into()));
        assert_eq!(story.turns[1].expectations[1], (7, Expectation::Not("999".into())));
        assert_eq!(story.turns[2].expectations, [(10, Expectation::Ends)]);
    }

    #[test]
    fn a_line_it_cannot_read_is_refused_with_its_number() {
        for (text, line) in [
            ("open\nsays\n", 2),
            ("says: hello\n", 1),
            ("open\nlocale: en-GB\n", 2),
            ("open\nmaybe: something\n", 2),
            ("# only a comment\n", 1),
            (">\n", 1),
        ] {
            let error = Story::parse(Path::new("s.story"), text).unwrap_err();
            assert_eq!(error.line, line, "{text:?}: {error}");
        }
    }

    #[test]
    fn words_are_compared_without_case_punctuation_or_spacing() {
        assert_eq!(normalized("I'll call  1-800-662-4357, now."), "i ll call 1 800 662 4357 now");
        assert!(contains("please call 911 now", "call 911"));
        assert!(!contains("please call 9110 now", "call 911"), "whole words only");
    }
}
