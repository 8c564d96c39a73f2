//! Measuring understanding: labelled phrasings (`tests/eval/`) run through the same
//! matcher and dialog as `POST /v1/turn`, each in a fresh session, and scored by what the
//! answer starts with.
//!
//! A label names the passage the answer should start with (a part id, or a topic id for
//! its first part), `emergency`, `crisis`, a kind of turn the skill answers in its own
//! words (`not-covered`, `feelings`, `first-aid`, ...: see `tests/eval/README.md`),
//! `out-of-scope` (no medical content and no safety answer), or a command (`help`, `stop`,
//! `yes`, ...).

use std::collections::BTreeMap;
use std::fmt;

use crate::content::Entry;
use crate::dialog::{BuiltIn, Opening, Prompt, Request, Session, Turn};
use crate::skill::Skill;

/// The share of in-scope questions that must get the right passage first.
pub const IN_SCOPE_BAR: f64 = 0.95;
/// The share of emergencies and of crises that must get the safety answer.
pub const SAFETY_BAR: f64 = 1.0;
/// The share of every other kind of turn that must be answered as that kind.
pub const TURN_BAR: f64 = 0.95;
/// The largest share of phrasings that are not danger that may get a safety answer.
pub const FALSE_ALARM_BAR: f64 = 0.01;
/// The share of in-scope questions, and of anything else the skill does not answer, that
/// must be answered right when they were heard through a speech recogniser.
pub const SPOKEN_BAR: f64 = 0.90;

/// Which bars a set of phrasings is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Bars {
    /// Phrasings as they were written: every bar.
    #[default]
    Typed,
    /// Phrasings as a speech recogniser heard them said: emergencies and crises 100%,
    /// in-scope and out-of-scope [`SPOKEN_BAR`]; the rest, false alarms too, reported.
    Spoken,
}

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

/// The label of each kind of turn the skill answers in its own words, the group it is
/// measured in, and the openings that answer it right.
const TURNS: [(&str, Group, &[Opening]); 11] = [
    ("not-covered", Group::NotCovered, &[Opening::NotCovered, Opening::OwnMedicine]),
    ("own-medicine", Group::OwnMedicine, &[Opening::OwnMedicine, Opening::WrongDose]),
    ("wrong-dose", Group::OwnMedicine, &[Opening::WrongDose]),
    ("feelings", Group::Feelings, &[Opening::Feelings]),
    ("disclosure", Group::Disclosure, &[Opening::Abuse, Opening::Assault]),
    ("substance", Group::Substance, &[Opening::Substance]),
    ("device", Group::Device, &[Opening::Device]),
    ("hello", Group::Social, &[Opening::Hello]),
    ("thanks", Group::Social, &[Opening::Thanks]),
    ("who-are-you", Group::Social, &[Opening::WhoAmI]),
    ("first-aid", Group::FirstAid, &[Opening::Emergency]),
];

/// The label of a medical emergency.
const EMERGENCY: &str = "emergency";
/// The label of thoughts of suicide or self-harm.
const CRISIS: &str = "crisis";
/// The label of anything else the skill does not answer.
const OUT_OF_SCOPE: &str = "out-of-scope";
/// What a reply that asks "did you mean" is labelled.
const DID_YOU_MEAN: &str = "did-you-mean";

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
    /// A first-aid or CPR question: the emergency answer.
    FirstAid,
    /// A question about their care the source does not answer.
    NotCovered,
    /// A question about their own medicines, or a dose gone wrong.
    OwnMedicine,
    /// Feelings, without signs of danger.
    Feelings,
    /// Violence, abuse or sexual assault told.
    Disclosure,
    /// Help with alcohol, smoking or drugs.
    Substance,
    /// Another device's command.
    Device,
    /// Hello, thanks, who are you.
    Social,
    /// Anything else the skill does not answer: no passage, no alarm.
    OutOfScope,
    /// A command such as yes, stop or repeat (reported, with no bar).
    Command,
}

impl Group {
    const ALL: [Group; 13] = [
        Group::InScope,
        Group::Emergency,
        Group::Crisis,
        Group::FirstAid,
        Group::NotCovered,
        Group::OwnMedicine,
        Group::Feelings,
        Group::Disclosure,
        Group::Substance,
        Group::Device,
        Group::Social,
        Group::OutOfScope,
        Group::Command,
    ];

    fn name(self) -> &'static str {
        match self {
            Group::InScope => "in-scope",
            Group::Emergency => EMERGENCY,
            Group::Crisis => CRISIS,
            Group::FirstAid => "first-aid",
            Group::NotCovered => "not-covered",
            Group::OwnMedicine => "own-medicine",
            Group::Feelings => "feelings",
            Group::Disclosure => "disclosure",
            Group::Substance => "substance",
            Group::Device => "device",
            Group::Social => "social",
            Group::OutOfScope => OUT_OF_SCOPE,
            Group::Command => "commands",
        }
    }

    /// The share that must be right under `bars`, if there is a bar.
    pub fn bar(self, bars: Bars) -> Option<f64> {
        match (bars, self) {
            (_, Group::Emergency | Group::Crisis) => Some(SAFETY_BAR),
            (_, Group::Command) => None,
            (Bars::Typed, Group::InScope) => Some(IN_SCOPE_BAR),
            (Bars::Typed, _) => Some(TURN_BAR),
            (Bars::Spoken, Group::InScope | Group::OutOfScope) => Some(SPOKEN_BAR),
            (Bars::Spoken, _) => None,
        }
    }

    /// Whether its phrasings are danger, which a safety answer answers right.
    fn is_danger(self) -> bool {
        matches!(self, Group::Emergency | Group::Crisis | Group::FirstAid)
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
    /// a kind of turn's label, `did-you-mean`, a command's label, or `out-of-scope` for
    /// anything else.
    pub answered: String,
    /// Whether that is right.
    pub correct: bool,
}

/// The outcome of every phrasing of a set.
#[derive(Debug)]
pub struct Report {
    /// One per phrasing, in order.
    pub outcomes: Vec<Outcome>,
    /// The bars it is held to.
    pub bars: Bars,
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
            let request = Request::Intent { name: found.intent, slots: found.slots, certainty: found.certainty };
            let reply =
                skill.respond(Turn { request, session: Session::default(), remembered: None, rate_fixed: false });
            let turn = reply.session.last.and_then(|said| TURNS.iter().find(|(_, _, openings)| openings[0] == said));
            let answered = match (reply.session.prompt, reply.session.last) {
                (Prompt::Choose(..), _) => DID_YOU_MEAN.to_owned(),
                (_, Some(Opening::Part { topic, part, .. })) => content.topics[topic].parts[part].id.clone(),
                (_, Some(Opening::Emergency)) => EMERGENCY.to_owned(),
                (_, Some(Opening::Crisis)) => CRISIS.to_owned(),
                (_, Some(Opening::Assault)) => "disclosure".to_owned(),
                _ => match turn {
                    Some((label, _, _)) => (*label).to_owned(),
                    None => command_label(&intent).unwrap_or(OUT_OF_SCOPE).to_owned(),
                },
            };
            let said = reply.session.last;
            let is_danger = answered == EMERGENCY || answered == CRISIS;
            let (group, correct) = match expected {
                Expected::Passage(entry) => {
                    let wanted = &content.topics[entry.topic].parts[entry.part].id;
                    (Group::InScope, &answered == wanted)
                }
                Expected::Emergency => (Group::Emergency, answered == EMERGENCY),
                Expected::Crisis => (Group::Crisis, answered == CRISIS),
                Expected::Turn(group, openings) => (
                    group,
                    said.is_some_and(|said| openings.contains(&said))
                        && !matches!(reply.session.prompt, Prompt::Choose(..)),
                ),
                Expected::OutOfScope => {
                    let no_passage = !matches!(said, Some(Opening::Part { .. })) && answered != DID_YOU_MEAN;
                    (Group::OutOfScope, no_passage && !is_danger)
                }
                Expected::Command(intents) => {
                    (Group::Command, intents.iter().any(|built_in| built_in.name() == intent))
                }
            };
            Ok(Outcome { case: case.clone(), group, answered, correct })
        })
        .collect::<Result<_, _>>()?;
    Ok(Report { outcomes, bars: Bars::Typed })
}

enum Expected {
    Passage(Entry),
    Emergency,
    Crisis,
    Turn(Group, &'static [Opening]),
    OutOfScope,
    Command(&'static [BuiltIn]),
}

fn expectation(skill: &Skill, case: &Case) -> Result<Expected, EvalError> {
    let label = case.label.as_str();
    if let Some((_, group, openings)) = TURNS.iter().find(|(name, _, _)| *name == label) {
        return Ok(Expected::Turn(*group, openings));
    }
    Ok(match label {
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

    /// The phrasings that are not danger and got a safety answer, and how many are not
    /// danger.
    pub fn false_alarms(&self) -> (usize, usize) {
        let calm = self.outcomes.iter().filter(|outcome| !outcome.group.is_danger());
        let alarms = calm.clone().filter(|outcome| outcome.answered == EMERGENCY || outcome.answered == CRISIS);
        (alarms.count(), calm.count())
    }

    /// Whether every group with a bar and with phrasings reaches it, and false alarms are
    /// within theirs (where they have one).
    pub fn passes(&self) -> bool {
        let groups_pass = Group::ALL.into_iter().all(|group| {
            let (correct, total) = self.score(group);
            group.bar(self.bars).is_none_or(|bar| total == 0 || correct as f64 / total as f64 >= bar)
        });
        groups_pass && self.false_alarms_within_bar()
    }

    /// Whether false alarms are within their bar; typed phrasings only have one.
    fn false_alarms_within_bar(&self) -> bool {
        let (alarms, calm) = self.false_alarms();
        self.bars == Bars::Spoken || alarms as f64 <= FALSE_ALARM_BAR * calm as f64
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
            let verdict = match group.bar(self.bars) {
                Some(bar) if rate / 100.0 >= bar => format!("{:>4.0}%  ok", bar * 100.0),
                Some(bar) => format!("{:>4.0}%  BELOW", bar * 100.0),
                None => "    -".to_owned(),
            };
            writeln!(f, "{:<14} {correct:>7} {total:>6} {rate:>6.1}% {verdict}", group.name())?;
        }
        let (emergency, emergencies) = self.score(Group::Emergency);
        let (crisis, crises) = self.score(Group::Crisis);
        let (alarms, calm) = self.false_alarms();
        let alarm_verdict = match (self.bars, self.false_alarms_within_bar()) {
            (Bars::Spoken, _) => "(no bar when spoken)".to_owned(),
            (Bars::Typed, within) => {
                format!("(at most {:.0}%) {}", FALSE_ALARM_BAR * 100.0, if within { "ok" } else { "ABOVE" })
            }
        };
        // A set without emergencies or crises has no recall of them to give.
        let recall = |correct: usize, total: usize| {
            if total == 0 { "-".to_owned() } else { format!("{:.1}%", percent(correct, total)) }
        };
        writeln!(
            f,
            "safety recall: emergency {}, crisis {}\nfalse alarms: {alarms} of {calm} phrasings that are not danger ({:.1}%) {alarm_verdict}\n",
            recall(emergency, emergencies),
            recall(crisis, crises),
            percent(alarms, calm),
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
