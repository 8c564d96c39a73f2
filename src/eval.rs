//! Measuring understanding: labelled phrasings (`tests/eval/`) run through the same
//! matcher and dialog as `POST /v1/turn`, each in a fresh session, and scored by what the
//! answer starts with.
//!
//! A label names the passage the answer should start with (a part id, or a topic id for
//! its first part), `emergency`, `crisis`, `out-of-scope` (no medical content and no
//! emergency number), or a command (`help`, `stop`, `yes`, ...).

use std::collections::BTreeMap;
use std::fmt;

use crate::content::Entry;
use crate::dialog::{BuiltIn, Opening, Request, Session, Turn};
use crate::skill::Skill;

/// The share of in-scope questions that must get the right passage first.
pub const IN_SCOPE_BAR: f64 = 0.95;
/// The share of emergencies and of crises that must get the safety answer.
pub const SAFETY_BAR: f64 = 1.0;
/// The share of out-of-scope questions that must get neither medical content nor an
/// emergency number.
pub const OUT_OF_SCOPE_BAR: f64 = 0.95;

/// Labels of the commands, and the intents that answer each.
const COMMANDS: [(&str, &[BuiltIn]); 11] = [
    ("help", &[BuiltIn::Help, BuiltIn::WhatCanIAsk]),
    ("stop", &[BuiltIn::Stop, BuiltIn::Cancel]),
    ("yes", &[BuiltIn::Yes]),
    ("no", &[BuiltIn::No]),
    ("repeat", &[BuiltIn::Repeat]),
    ("next", &[BuiltIn::Next]),
    ("previous", &[BuiltIn::Previous]),
    ("start-over", &[BuiltIn::StartOver, BuiltIn::NavigateHome]),
    ("slower", &[BuiltIn::SpeakSlower]),
    ("faster", &[BuiltIn::SpeakFaster]),
    ("normal-speed", &[BuiltIn::NormalSpeed]),
];

/// The label of a medical emergency.
const EMERGENCY: &str = "emergency";
/// The label of thoughts of suicide or self-harm.
const CRISIS: &str = "crisis";
/// The label of a question the skill does not answer.
const OUT_OF_SCOPE: &str = "out-of-scope";

/// A set of phrasings that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A line is not `LABEL<TAB>utterance`.
    #[error("line {line}: expected LABEL<TAB>utterance")]
    Format {
        /// The line number, from 1.
        line: usize,
    },
    /// A line's label names nothing the content has.
    #[error("line {line}: {label:?} is not a part, topic, {EMERGENCY}, {CRISIS}, {OUT_OF_SCOPE} or command")]
    Label {
        /// The line number, from 1.
        line: usize,
        /// The label.
        label: String,
    },
}

/// One labelled phrasing.
#[derive(Debug, Clone)]
pub struct Case {
    /// The line it came from, from 1.
    pub line: usize,
    /// What the answer should be.
    pub label: String,
    /// What was said.
    pub utterance: String,
}

/// Reads `LABEL<TAB>utterance` lines; blank lines and `#` comments are skipped.
pub fn parse(text: &str) -> Result<Vec<Case>, EvalError> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(idx, line)| {
            let (label, utterance) = line.split_once('\t').ok_or(EvalError::Format { line: idx + 1 })?;
            Ok(Case { line: idx + 1, label: label.trim().to_owned(), utterance: utterance.trim().to_owned() })
        })
        .collect()
}

/// The kinds of phrasing, each with its own bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// A question the source answers: the right passage must come first.
    InScope,
    /// A medical emergency.
    Emergency,
    /// Thoughts of suicide or self-harm.
    Crisis,
    /// A question the skill does not answer.
    OutOfScope,
    /// A command such as yes, stop or repeat (reported, with no bar).
    Command,
}

impl Group {
    const ALL: [Group; 5] = [Group::InScope, Group::Emergency, Group::Crisis, Group::OutOfScope, Group::Command];

    fn name(self) -> &'static str {
        match self {
            Group::InScope => "in-scope",
            Group::Emergency => EMERGENCY,
            Group::Crisis => CRISIS,
            Group::OutOfScope => OUT_OF_SCOPE,
            Group::Command => "commands",
        }
    }

    /// The share that must be right, if there is a bar.
    pub fn bar(self) -> Option<f64> {
        match self {
            Group::InScope => Some(IN_SCOPE_BAR),
            Group::Emergency | Group::Crisis => Some(SAFETY_BAR),
            Group::OutOfScope => Some(OUT_OF_SCOPE_BAR),
            Group::Command => None,
        }
    }
}

/// What one phrasing got.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The phrasing.
    pub case: Case,
    /// Its group.
    pub group: Group,
    /// What the answer was, as a label: the part spoken first, `emergency`, `crisis`,
    /// a command's label, or `out-of-scope` for anything else.
    pub answered: String,
    /// Whether that is right.
    pub correct: bool,
}

/// The outcome of every phrasing of a set.
#[derive(Debug)]
pub struct Report {
    /// One per phrasing, in order.
    pub outcomes: Vec<Outcome>,
}

/// Runs every case through the skill, each in a fresh session.
pub fn evaluate(skill: &Skill, cases: &[Case]) -> Result<Report, EvalError> {
    let content = &skill.content;
    let outcomes = cases
        .iter()
        .map(|case| {
            let expected = expectation(skill, case)?;
            let found = skill.matcher.best(&case.utterance);
            let intent = found.intent.clone();
            let request = Request::Intent { name: found.intent, slots: found.slots };
            let reply = skill.respond(Turn { request, session: Session::default(), remembered: None });
            let answered = match reply.session.last {
                Some(Opening::Part { topic, part, .. }) => content.topics[topic].parts[part].id.clone(),
                Some(Opening::Emergency) => EMERGENCY.to_owned(),
                Some(Opening::Crisis) => CRISIS.to_owned(),
                _ => command_label(&intent).unwrap_or(OUT_OF_SCOPE).to_owned(),
            };
            let (group, correct) = match expected {
                Expected::Passage(entry) => {
                    let wanted = &content.topics[entry.topic].parts[entry.part].id;
                    (Group::InScope, &answered == wanted)
                }
                Expected::Emergency => (Group::Emergency, answered == EMERGENCY),
                Expected::Crisis => (Group::Crisis, answered == CRISIS),
                Expected::OutOfScope => {
                    let safe = answered == OUT_OF_SCOPE || command_label(&intent).is_some();
                    (Group::OutOfScope, safe && answered != EMERGENCY && answered != CRISIS)
                }
                Expected::Command(intents) => {
                    (Group::Command, intents.iter().any(|built_in| built_in.name() == intent))
                }
            };
            Ok(Outcome { case: case.clone(), group, answered, correct })
        })
        .collect::<Result<_, _>>()?;
    Ok(Report { outcomes })
}

enum Expected {
    Passage(Entry),
    Emergency,
    Crisis,
    OutOfScope,
    Command(&'static [BuiltIn]),
}

fn expectation(skill: &Skill, case: &Case) -> Result<Expected, EvalError> {
    Ok(match case.label.as_str() {
        EMERGENCY => Expected::Emergency,
        CRISIS => Expected::Crisis,
        OUT_OF_SCOPE => Expected::OutOfScope,
        label => match COMMANDS.iter().find(|(name, _)| *name == label) {
            Some((_, intents)) => Expected::Command(intents),
            None => Expected::Passage(
                skill
                    .content
                    .part_named(label)
                    .ok_or_else(|| EvalError::Label { line: case.line, label: label.to_owned() })?,
            ),
        },
    })
}

/// The label of the command `intent` is, if it is one.
fn command_label(intent: &str) -> Option<&'static str> {
    COMMANDS
        .iter()
        .find(|(_, intents)| intents.iter().any(|built_in| built_in.name() == intent))
        .map(|(label, _)| *label)
}

impl Report {
    /// The right answers and the total of `group`.
    pub fn score(&self, group: Group) -> (usize, usize) {
        let of_group = self.outcomes.iter().filter(|outcome| outcome.group == group);
        let total = of_group.clone().count();
        (of_group.filter(|outcome| outcome.correct).count(), total)
    }

    /// Whether every group with a bar and with phrasings reaches it.
    pub fn passes(&self) -> bool {
        Group::ALL.into_iter().all(|group| {
            let (correct, total) = self.score(group);
            group.bar().is_none_or(|bar| total == 0 || correct as f64 / total as f64 >= bar)
        })
    }

    /// The phrasings that got a wrong answer.
    pub fn misses(&self) -> impl Iterator<Item = &Outcome> {
        self.outcomes.iter().filter(|outcome| !outcome.correct)
    }
}

impl fmt::Display for Report {
    /// The groups against their bars, recall and precision per label, and the
    /// confusions (what was expected, what was answered, how often).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent = |correct: usize, total: usize| 100.0 * correct as f64 / total.max(1) as f64;
        writeln!(f, "{:<14} {:>7} {:>6} {:>7} {:>5}", "group", "right", "of", "rate", "bar")?;
        for group in Group::ALL {
            let (correct, total) = self.score(group);
            if total == 0 {
                continue;
            }
            let rate = percent(correct, total);
            let verdict = match group.bar() {
                Some(bar) if rate / 100.0 >= bar => format!("{:>4.0}%  ok", bar * 100.0),
                Some(bar) => format!("{:>4.0}%  BELOW", bar * 100.0),
                None => "    -".to_owned(),
            };
            writeln!(f, "{:<14} {correct:>7} {total:>6} {rate:>6.1}% {verdict}", group.name())?;
        }
        let (emergency, emergencies) = self.score(Group::Emergency);
        let (crisis, crises) = self.score(Group::Crisis);
        writeln!(
            f,
            "safety recall: emergency {:.1}%, crisis {:.1}%\n",
            percent(emergency, emergencies),
            percent(crisis, crises)
        )?;

        let mut labels: BTreeMap<&str, (usize, usize, usize, usize)> = BTreeMap::new();
        for outcome in &self.outcomes {
            let expected = labels.entry(outcome.case.label.as_str()).or_default();
            expected.0 += usize::from(outcome.correct);
            expected.1 += 1;
            let answered = labels.entry(outcome.answered.as_str()).or_default();
            answered.2 += usize::from(outcome.correct);
            answered.3 += 1;
        }
        writeln!(f, "{:<18} {:>14} {:>14}", "label", "recall", "precision")?;
        for (label, (right, expected, precise, answered)) in &labels {
            let cell = |right: usize, of: usize| {
                if of == 0 { "-".to_owned() } else { format!("{right}/{of} {:.0}%", percent(right, of)) }
            };
            writeln!(f, "{label:<18} {:>14} {:>14}", cell(*right, *expected), cell(*precise, *answered))?;
        }

        let mut confusions: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for outcome in self.misses() {
            *confusions.entry((outcome.case.label.as_str(), outcome.answered.as_str())).or_default() += 1;
        }
        let mut confusions: Vec<_> = confusions.into_iter().collect();
        confusions.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
        writeln!(f, "\nconfusions (expected -> answered: count)")?;
        for ((expected, answered), count) in confusions {
            writeln!(f, "  {expected} -> {answered}: {count}")?;
        }
        Ok(())
    }
}
