//! The dialog: a pure function from a canonical [`Turn`] to a [`Reply`].
//!
//! It knows nothing of HTTP or of any platform. It owns the conversation's rules:
//! answers and their follow-up questions, yes and no, repeat, next and previous, help,
//! start over and stop. It cannot fail: an intent it does not know gets the fallback.

pub mod script;
pub mod session;

use std::collections::BTreeMap;

use crate::content::{Content, Entry};
use crate::speech::{Rate, Said};
pub use script::{Opening, Prompt, Script};
pub use session::{Position, Remembered, Session, SessionState};

/// One turn of the conversation, as every platform adapter hands it over.
#[derive(Debug, Clone)]
pub struct Turn {
    /// What was asked.
    pub request: Request,
    /// Where the conversation was.
    pub session: Session,
    /// What is remembered of this person from earlier sessions, given on the first turn
    /// of a session when the person is known.
    pub remembered: Option<Remembered>,
    /// Whether the speaker reads plain words at its own speed, so that the skill cannot
    /// change how fast it speaks (Home Assistant, Wyoming).
    pub rate_fixed: bool,
}

/// What the person did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Opened the skill without a question.
    Launch,
    /// Asked something the platform resolved to an intent.
    Intent {
        /// The intent name.
        name: String,
        /// Slot name to value (an id when the platform resolved one, else the words).
        slots: BTreeMap<String, String>,
        /// How surely the words were understood as this intent.
        certainty: Certainty,
    },
    /// The platform closed the session.
    SessionEnded,
}

/// How surely words were understood as an intent that a passage answers. A platform that
/// resolves intents itself is [`Certainty::Sure`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Certainty {
    /// Sure enough to answer.
    #[default]
    Sure,
    /// Likely, with some doubt: the answer begins by saying what was understood.
    Doubtful,
    /// As likely this other intent: ask which was meant, when they lead to different
    /// passages.
    Between(String),
}

/// What to answer.
#[derive(Debug, Clone)]
pub struct Reply<'s> {
    /// What to say; none when the platform only needs an acknowledgement.
    pub speech: Option<&'s Said>,
    /// What to say again after silence; none when the session ends.
    pub reprompt: Option<&'s Said>,
    /// Whether the conversation is over.
    pub end_session: bool,
    /// Where the conversation is now.
    pub session: Session,
}

/// The intents the dialog handles itself, Amazon's built-ins and the skill's own
/// (speech rate, safety), each with its name in the interaction model, which must have
/// every one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr, strum::EnumString)]
#[allow(missing_docs)]
pub enum BuiltIn {
    #[strum(serialize = "EmergencyIntent")]
    Emergency,
    #[strum(serialize = "CrisisIntent")]
    Crisis,
    #[strum(serialize = "SpeakSlowerIntent")]
    SpeakSlower,
    #[strum(serialize = "SpeakFasterIntent")]
    SpeakFaster,
    #[strum(serialize = "NormalSpeedIntent")]
    NormalSpeed,
    #[strum(serialize = "AMAZON.HelpIntent")]
    Help,
    #[strum(serialize = "AMAZON.StopIntent")]
    Stop,
    #[strum(serialize = "AMAZON.CancelIntent")]
    Cancel,
    #[strum(serialize = "AMAZON.FallbackIntent")]
    Fallback,
    #[strum(serialize = "AMAZON.YesIntent")]
    Yes,
    #[strum(serialize = "AMAZON.NoIntent")]
    No,
    #[strum(serialize = "AMAZON.RepeatIntent")]
    Repeat,
    #[strum(serialize = "AMAZON.NextIntent")]
    Next,
    #[strum(serialize = "AMAZON.PreviousIntent")]
    Previous,
    #[strum(serialize = "AMAZON.StartOverIntent")]
    StartOver,
    #[strum(serialize = "AMAZON.NavigateHomeIntent")]
    NavigateHome,
    #[strum(serialize = "WhatCanIAskIntent")]
    WhatCanIAsk,
    #[strum(serialize = "NotCoveredIntent")]
    NotCovered,
    #[strum(serialize = "OwnMedicineIntent")]
    OwnMedicine,
    #[strum(serialize = "WrongDoseIntent")]
    WrongDose,
    #[strum(serialize = "FeelingsIntent")]
    Feelings,
    #[strum(serialize = "AbuseIntent")]
    Abuse,
    #[strum(serialize = "SexualAssaultIntent")]
    SexualAssault,
    #[strum(serialize = "SubstanceUseIntent")]
    SubstanceUse,
    #[strum(serialize = "DeviceCommandIntent")]
    DeviceCommand,
    #[strum(serialize = "HelloIntent")]
    Hello,
    #[strum(serialize = "ThanksIntent")]
    Thanks,
    #[strum(serialize = "WhoAreYouIntent")]
    WhoAreYou,
    #[strum(serialize = "SelectIntent")]
    Select,
    #[strum(serialize = "TellMeMoreIntent")]
    TellMeMore,
}

/// The slot of [`BuiltIn::Select`] that says which of a list was chosen.
pub const CHOICE_SLOT: &str = "choice";
/// The ids of the choice slot's values, in list order; [`LAST`] is the last of any list.
pub const ORDINALS: [&str; 9] = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
/// The id of the choice slot's value for the last of a list.
pub const LAST: &str = "last";

impl BuiltIn {
    /// Every built-in intent the dialog handles.
    pub fn all() -> impl Iterator<Item = BuiltIn> {
        <BuiltIn as strum::IntoEnumIterator>::iter()
    }

    /// The intent's name in the interaction model.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// Whether this is a command for moving around the conversation (yes, no, help,
    /// stop, ...): a word that inside a longer question means something else.
    pub const fn is_command(self) -> bool {
        matches!(
            self,
            BuiltIn::Help
                | BuiltIn::Stop
                | BuiltIn::Cancel
                | BuiltIn::Yes
                | BuiltIn::No
                | BuiltIn::Repeat
                | BuiltIn::Next
                | BuiltIn::Previous
                | BuiltIn::StartOver
                | BuiltIn::NavigateHome
                | BuiltIn::Select
                | BuiltIn::TellMeMore
                | BuiltIn::Hello
                | BuiltIn::Thanks
        )
    }

    /// The built-in intent with this name.
    pub fn from_name(name: &str) -> Option<BuiltIn> {
        name.parse().ok()
    }
}

/// Answers one turn.
pub fn respond<'s>(content: &Content, script: &'s Script, turn: Turn) -> Reply<'s> {
    let mut session = turn.session;
    if let Some(remembered) = turn.remembered {
        session.rate = remembered.rate;
    }
    if session.prompt == Prompt::End {
        // A conversation that ended and goes on anyway (a client that keeps the state)
        // starts again from the options, rather than ending after every answer.
        session.prompt = Prompt::Options;
    }
    let dialog = Dialog { content, script, session, read_back: false, rate_fixed: turn.rate_fixed };
    match turn.request {
        Request::Launch => match turn.remembered {
            Some(remembered) => dialog.say(Opening::WelcomeBack, Prompt::Offer(remembered.resume.unwrap_or(0))),
            None => dialog.welcome(),
        },
        Request::SessionEnded => Reply { speech: None, reprompt: None, end_session: true, session: dialog.session },
        Request::Intent { name, slots, certainty } => match BuiltIn::from_name(&name) {
            Some(built_in) => dialog.built_in(built_in, &slots),
            None => match content.entry_for(&name, slots.values().map(String::as_str)) {
                Some(entry) => match certainty {
                    Certainty::Sure => dialog.answer(entry),
                    Certainty::Doubtful => dialog.reading_back().answer(entry),
                    Certainty::Between(other) => match content.entry_for(&other, []) {
                        Some(other) if other != entry => dialog.ask_between(entry, other),
                        _ => dialog.reading_back().answer(entry),
                    },
                },
                None => dialog.not_understood(),
            },
        },
    }
}

/// One turn in progress: the content, the script and the session it started from.
struct Dialog<'c, 's> {
    content: &'c Content,
    script: &'s Script,
    session: Session,
    /// Whether a passage spoken now begins by saying what was understood.
    read_back: bool,
    /// Whether the speaker reads at its own speed ([`Turn::rate_fixed`]).
    rate_fixed: bool,
}

impl<'s> Dialog<'_, 's> {
    fn built_in(self, built_in: BuiltIn, slots: &BTreeMap<String, String>) -> Reply<'s> {
        let session = self.session;
        match built_in {
            BuiltIn::Emergency => self.say(Opening::Emergency, Prompt::End),
            BuiltIn::Crisis => self.say(Opening::Crisis, Prompt::End),
            BuiltIn::SpeakSlower | BuiltIn::SpeakFaster | BuiltIn::NormalSpeed if self.rate_fixed => {
                self.say(Opening::RateFixed, session.prompt)
            }
            BuiltIn::Help if self.rate_fixed => self.say(Opening::HelpAtFixedRate, session.prompt),
            BuiltIn::SpeakSlower => match session.rate.slower() {
                Some(rate) => self.at_rate(rate).say(Opening::Slower, session.prompt),
                None => self.say(Opening::Slowest, session.prompt),
            },
            BuiltIn::SpeakFaster => match session.rate.faster() {
                Some(rate) => self.at_rate(rate).say(Opening::Faster, session.prompt),
                None => self.say(Opening::Fastest, session.prompt),
            },
            BuiltIn::NormalSpeed => self.at_rate(Rate::Normal).say(Opening::NormalSpeed, session.prompt),
            BuiltIn::Help => self.say(Opening::Help, session.prompt),
            BuiltIn::WhatCanIAsk => self.say(Opening::Topics, session.prompt),
            BuiltIn::Stop | BuiltIn::Cancel => self.say(Opening::Goodbye, Prompt::End),
            BuiltIn::Fallback => self.not_understood(),
            BuiltIn::NotCovered => self.keep_asking(Opening::NotCovered),
            BuiltIn::OwnMedicine => self.keep_asking(Opening::OwnMedicine),
            BuiltIn::WrongDose => self.keep_asking(Opening::WrongDose),
            BuiltIn::Feelings => self.keep_asking(Opening::Feelings),
            BuiltIn::SubstanceUse => self.keep_asking(Opening::Substance),
            BuiltIn::DeviceCommand => self.keep_asking(Opening::Device),
            BuiltIn::Hello => self.keep_asking(Opening::Hello),
            BuiltIn::Thanks => self.keep_asking(Opening::Thanks),
            BuiltIn::WhoAreYou => self.keep_asking(Opening::WhoAmI),
            BuiltIn::Abuse => self.say(Opening::Abuse, Prompt::End),
            BuiltIn::SexualAssault => self.say(Opening::Assault, Prompt::End),
            BuiltIn::Select => self.select(slots),
            BuiltIn::TellMeMore => match session.prompt {
                Prompt::GoOn | Prompt::More(_) | Prompt::Offer(_) | Prompt::Choose(..) => {
                    self.built_in(BuiltIn::Yes, slots)
                }
                Prompt::Options | Prompt::OptionsExcept(_) | Prompt::End => self.built_in(BuiltIn::Next, slots),
            },
            BuiltIn::Yes => match (session.prompt, session.position) {
                (Prompt::GoOn, Some(position)) => match self.going_on(position) {
                    Some(next) => self.part(next, session.skip),
                    None => self.say(Opening::Nothing, Prompt::Options),
                },
                (Prompt::More(topic), _) => {
                    let first = Position { topic, part: usize::from(session.skip == Some(0)) };
                    self.part(first, session.skip)
                }
                (Prompt::Offer(topic), _) => self.part(Position { topic, part: 0 }, None),
                (Prompt::Choose(first, _), _) => {
                    let entry = self.content.entry_at(first);
                    self.answer(entry)
                }
                _ => self.say(Opening::Nothing, Prompt::Options),
            },
            BuiltIn::No => match (session.prompt, session.position) {
                (Prompt::GoOn, Some(position)) => self.say(Opening::Declined, Prompt::OptionsExcept(position.topic)),
                (Prompt::Offer(topic) | Prompt::More(topic), _) => {
                    self.say(Opening::Declined, Prompt::OptionsExcept(topic))
                }
                (Prompt::Choose(..), _) => self.say(Opening::Declined, Prompt::Options),
                _ => self.say(Opening::Goodbye, Prompt::End),
            },
            BuiltIn::Repeat => match session.last {
                Some(opening) => self.say(opening, session.prompt),
                None => self.welcome(),
            },
            BuiltIn::Next => match session.position {
                None => self.part(Position { topic: 0, part: 0 }, None),
                Some(position) => match self.after(position) {
                    Some(next) => self.part(next, None),
                    None => self.say(Opening::AtEnd, session.prompt),
                },
            },
            BuiltIn::Previous => match session.position.and_then(|position| self.before(position)) {
                Some(previous) => self.part(previous, None),
                None => self.say(Opening::AtStart, session.prompt),
            },
            BuiltIn::StartOver | BuiltIn::NavigateHome => {
                let fresh = Session { disclaimed: session.disclaimed, rate: session.rate, ..Session::default() };
                Dialog { session: fresh, ..self }.welcome()
            }
        }
    }

    /// Says `opening`, then asks the question that was open again (the options, if none
    /// was).
    fn keep_asking(self, opening: Opening) -> Reply<'s> {
        let prompt = match self.session.prompt {
            Prompt::End => Prompt::Options,
            open => open,
        };
        self.say(opening, prompt)
    }

    /// Answers with the part `entry` leads to: a topic's start walks the topic; a later
    /// part comes first, then the rest of its topic is offered.
    fn answer(self, entry: Entry) -> Reply<'s> {
        let position = Position { topic: entry.topic, part: entry.part };
        if entry.part == 0 { self.part(position, None) } else { self.aside(position) }
    }

    /// Asks whether `first` or `second` was meant.
    fn ask_between(self, first: Entry, second: Entry) -> Reply<'s> {
        let prompt = Prompt::Choose(self.content.part_number(first), self.content.part_number(second));
        self.say(Opening::Nothing, prompt)
    }

    /// Answers "the second one": the part or topic at that place in the list just spoken.
    /// "The last one" with no list means the one before.
    fn select(self, slots: &BTreeMap<String, String>) -> Reply<'s> {
        let choice = slots.get(CHOICE_SLOT).and_then(|words| {
            let intent = self.content.model.intent(BuiltIn::Select.name())?;
            self.content.model.resolve_slot_value(intent, words)
        });
        let listed = self.listed();
        let chosen = match choice {
            Some(LAST) if listed.is_empty() => return self.built_in(BuiltIn::Previous, &BTreeMap::new()),
            Some(LAST) => listed.last().copied(),
            Some(ordinal) => ORDINALS.iter().position(|name| *name == ordinal).and_then(|idx| listed.get(idx).copied()),
            None => None,
        };
        match chosen {
            Some(entry) => self.answer(entry),
            None => self.not_understood(),
        }
    }

    /// What the last reply listed, in the order it said them: the two parts of "did you
    /// mean", every topic after "what can I ask", the options; else nothing.
    fn listed(&self) -> Vec<Entry> {
        let content = self.content;
        let start = |topic: usize| Entry { topic, part: 0 };
        let menu = |except: Option<usize>| content.menu_topics(except).map(start).collect::<Vec<_>>();
        match (self.session.prompt, self.session.last) {
            (Prompt::Choose(first, second), _) => vec![content.entry_at(first), content.entry_at(second)],
            (_, Some(Opening::Topics)) => (0..content.topics.len()).map(start).collect(),
            (Prompt::Options, _) | (_, Some(Opening::Welcome | Opening::Help | Opening::HelpAtFixedRate)) => menu(None),
            (Prompt::OptionsExcept(topic), _) => menu(Some(topic)),
            _ => Vec::new(),
        }
    }

    /// This dialog, with a passage spoken now beginning by saying what was understood.
    fn reading_back(self) -> Self {
        Dialog { read_back: true, ..self }
    }

    fn at_rate(mut self, rate: Rate) -> Self {
        self.session.rate = rate;
        self
    }

    fn welcome(self) -> Reply<'s> {
        self.say(Opening::Welcome, Prompt::Offer(0))
    }

    /// Words not understood: a short apology and the question that was open, asked
    /// again; a second time in a row, a shorter prompt that names the choices.
    fn not_understood(self) -> Reply<'s> {
        let opening = if self.session.missed { Opening::FallbackAgain } else { Opening::Fallback };
        let prompt = match self.session.prompt {
            Prompt::End => Prompt::Options,
            open => open,
        };
        self.say(opening, prompt)
    }

    /// Speaks one part of a topic, then asks to go on, offers the next topic, or lists
    /// what can be asked. Going on passes over `skip`, a part heard before its turn.
    fn part(mut self, position: Position, skip: Option<usize>) -> Reply<'s> {
        self.session.skip = skip;
        let topic = &self.content.topics[position.topic];
        let prompt = if self.going_on(position).is_some() {
            Prompt::GoOn
        } else if let Some(next) = topic.next {
            Prompt::Offer(next)
        } else {
            Prompt::Options
        };
        self.speak_part(position, prompt)
    }

    /// Speaks a later part of a topic, asked for directly, then offers the rest of the
    /// topic.
    fn aside(mut self, position: Position) -> Reply<'s> {
        self.session.skip = Some(position.part);
        self.speak_part(position, Prompt::More(position.topic))
    }

    fn speak_part(mut self, position: Position, prompt: Prompt) -> Reply<'s> {
        let opening =
            Opening::Part { topic: position.topic, part: position.part, disclaimer: !self.session.disclaimed };
        self.session.position = Some(position);
        self.say(opening, prompt)
    }

    /// The part that going on from `position` speaks, within its topic.
    fn going_on(&self, position: Position) -> Option<Position> {
        let n_parts = self.content.topics[position.topic].parts.len();
        (position.part + 1..n_parts)
            .find(|part| Some(*part) != self.session.skip)
            .map(|part| Position { part, ..position })
    }

    /// The part after `position`, walking every topic's parts in order.
    fn after(&self, position: Position) -> Option<Position> {
        let topics = &self.content.topics;
        if position.part + 1 < topics[position.topic].parts.len() {
            Some(Position { part: position.part + 1, ..position })
        } else {
            (position.topic + 1 < topics.len()).then_some(Position { topic: position.topic + 1, part: 0 })
        }
    }

    /// The part before `position`; from a topic's first part, the previous topic's start.
    fn before(&self, position: Position) -> Option<Position> {
        if position.part > 0 {
            Some(Position { part: position.part - 1, ..position })
        } else {
            position.topic.checked_sub(1).map(|topic| Position { topic, part: 0 })
        }
    }

    fn say(mut self, opening: Opening, prompt: Prompt) -> Reply<'s> {
        // Only the question itself or an apology comes before "did you mean"; after anything
        // else, the options.
        let prompt = match prompt {
            Prompt::Choose(..) if !opening.may_ask_to_choose() => Prompt::Options,
            prompt => prompt,
        };
        let says_disclaimer = matches!(
            opening,
            Opening::Welcome | Opening::Help | Opening::HelpAtFixedRate | Opening::Part { disclaimer: true, .. }
        );
        self.session.disclaimed |= says_disclaimer;
        self.session.missed = opening.is_apology();
        // A speed confirmation or an apology is not worth repeating: Repeat says the
        // answer before it again.
        if !opening.confirms_rate() && !opening.is_apology() {
            self.session.last = Some(opening);
        }
        self.session.prompt = prompt;
        let read_back = self.read_back.then(|| self.script.read_back(opening, prompt)).flatten();
        Reply {
            speech: Some(read_back.unwrap_or_else(|| self.script.reply(opening, prompt))),
            reprompt: self.script.reprompt(prompt),
            end_session: prompt == Prompt::End,
            session: self.session,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::skill::Skill;

    /// Runs `steps` (see [`request`]) from a fresh session and returns the
    /// last reply's text and the session after it.
    #[track_caller]
    fn converse(skill: &Skill, steps: &[&str]) -> (String, bool, Session) {
        let mut session = Session::default();
        let mut last = (String::new(), false);
        for step in steps {
            let reply = skill.respond(Turn { request: request(step), session, remembered: None, rate_fixed: false });
            last = (reply.speech.map(|said| said.text().to_owned()).unwrap_or_default(), reply.end_session);
            session = reply.session;
        }
        (last.0, last.1, session)
    }

    /// "launch", a full intent name, or a built-in's short name ("Yes").
    /// Also "Select:second" (a choice from a list), "OutlookIntent?" (understood with
    /// doubt) and "ResistanceIntent|CancerHidingIntent" (between the two).
    fn request(step: &str) -> Request {
        let intent = |name: &str, certainty| {
            let name = if name.contains("Intent") { name.to_owned() } else { format!("AMAZON.{name}Intent") };
            Request::Intent { name, slots: BTreeMap::new(), certainty }
        };
        if step == "launch" {
            return Request::Launch;
        }
        if let Some(choice) = step.strip_prefix("Select:") {
            let slots = BTreeMap::from([(CHOICE_SLOT.to_owned(), choice.to_owned())]);
            return Request::Intent { name: BuiltIn::Select.name().to_owned(), slots, certainty: Certainty::Sure };
        }
        if let Some((first, second)) = step.split_once('|') {
            return intent(first, Certainty::Between(second.to_owned()));
        }
        match step.strip_suffix('?') {
            Some(name) => intent(name, Certainty::Doubtful),
            None => intent(step, Certainty::Sure),
        }
    }

    fn skill() -> &'static Skill {
        crate::skill::embedded_for_tests()
    }

    fn topic(skill: &Skill, id: &str) -> usize {
        skill.content.topic_index(id).unwrap()
    }

    #[test]
    fn launch_welcomes_with_the_disclaimer_and_offers_the_first_topic() {
        let skill = skill();
        let (text, end, session) = converse(skill, &["launch"]);
        assert!(text.starts_with("Hello, and welcome"), "{text}");
        assert!(text.contains(&skill.content.framing.disclaimer));
        assert!(text.ends_with(&skill.content.topics[0].offer));
        assert!(!end);
        assert_eq!(session.prompt, Prompt::Offer(0));
        assert!(session.disclaimed);
    }

    #[test]
    fn the_disclaimer_comes_with_the_first_answer_only() {
        let skill = skill();
        let disclaimer = &skill.content.framing.disclaimer;
        let (first, ..) = converse(skill, &["WhyStoppedWorkingIntent"]);
        assert!(first.starts_with(disclaimer.as_str()), "{first}");
        let (second, ..) = converse(skill, &["WhyStoppedWorkingIntent", "Yes"]);
        assert!(!second.contains(disclaimer.as_str()), "{second}");
    }

    #[test]
    fn a_long_topic_checks_in_between_parts_then_offers_the_next_topic() {
        let skill = skill();
        let resistance = &skill.content.topics[topic(skill, "resistance")];
        let (text, _, session) = converse(skill, &["ResistanceIntent"]);
        assert!(text.contains(&resistance.parts[0].text) && text.ends_with(&skill.content.framing.go_on), "{text}");
        assert_eq!(session.prompt, Prompt::GoOn);
        let (text, _, session) = converse(skill, &["ResistanceIntent", "Yes"]);
        assert!(text.contains(&resistance.parts[1].text), "{text}");
        assert_eq!(session.prompt, Prompt::Offer(topic(skill, "immune-fatigue")));
    }

    #[test]
    fn no_offers_the_other_options_and_a_second_no_ends_gently() {
        let skill = skill();
        let (text, end, session) = converse(skill, &["launch", "No"]);
        assert!(text.starts_with(&skill.content.framing.declined), "{text}");
        assert!(
            !text.contains("why immunotherapy can stop working"),
            "the declined topic is not offered again: {text}"
        );
        assert!(text.contains("what happens next"), "{text}");
        assert!(!end);
        assert_eq!(session.prompt, Prompt::OptionsExcept(0));
        let (text, end, _) = converse(skill, &["launch", "No", "No"]);
        assert!(text.contains("care team"), "{text}");
        assert!(end);
    }

    #[test]
    fn repeat_says_the_last_answer_again() {
        let skill = skill();
        let (answer, ..) = converse(skill, &["launch", "Yes", "Yes"]);
        let (again, _, session) = converse(skill, &["launch", "Yes", "Yes", "Repeat"]);
        assert_eq!(again, answer);
        assert_eq!(session.position, Some(Position { topic: topic(skill, "resistance"), part: 0 }));
        let (fresh, ..) = converse(skill, &["Repeat"]);
        assert!(fresh.starts_with("Hello, and welcome"), "nothing said yet: {fresh}");
    }

    #[test]
    fn next_and_previous_walk_the_parts_and_topics_in_order() {
        let skill = skill();
        let walk = |steps: &[&str]| converse(skill, steps).2.position;
        assert_eq!(walk(&["Next"]), Some(Position { topic: 0, part: 0 }));
        assert_eq!(walk(&["Next", "Next"]), Some(Position { topic: 1, part: 0 }));
        assert_eq!(walk(&["Next", "Next", "Next"]), Some(Position { topic: 1, part: 1 }));
        assert_eq!(walk(&["Next", "Next", "Next", "Previous"]), Some(Position { topic: 1, part: 0 }));
        assert_eq!(walk(&["Next", "Next", "Previous"]), Some(Position { topic: 0, part: 0 }));
        let (text, end, _) = converse(skill, &["launch", "Previous"]);
        assert!(text.starts_with(&skill.content.framing.at_start), "{text}");
        assert!(!end);
        let (text, ..) = converse(skill, &["OutlookIntent", "Next"]);
        assert!(text.starts_with(&skill.content.framing.at_end), "{text}");
    }

    #[test]
    fn start_over_returns_to_the_welcome() {
        let skill = skill();
        let (text, _, session) = converse(skill, &["OutlookIntent", "StartOver"]);
        assert!(text.starts_with("Hello, and welcome"), "{text}");
        assert_eq!(session.position, None);
        let (home, ..) = converse(skill, &["OutlookIntent", "NavigateHome"]);
        assert_eq!(home, text);
    }

    #[test]
    fn help_explains_keeps_the_question_and_says_the_disclaimer() {
        let skill = skill();
        let (text, _, session) = converse(skill, &["launch", "Yes", "Help"]);
        assert!(text.starts_with(&skill.content.framing.help[0]), "{text}");
        assert!(text.contains("slower") && text.contains("faster") && text.contains("call 911"), "{text}");
        assert!(text.contains(&skill.content.framing.disclaimer));
        assert!(text.ends_with(&skill.content.topics[1].offer), "{text}");
        assert_eq!(session.prompt, Prompt::Offer(1));
    }

    #[test]
    fn stop_and_cancel_say_goodbye_and_end() {
        let skill = skill();
        for step in ["Stop", "Cancel"] {
            let (text, end, _) = converse(skill, &["launch", step]);
            assert!(text.contains("Take care"), "{text}");
            assert!(end);
        }
    }

    #[test]
    fn words_not_understood_keep_the_open_question_open() {
        let skill = skill();
        let framing = &skill.content.framing;
        for step in ["SomethingElseIntent", "Fallback"] {
            let (text, end, session) = converse(skill, &["launch", step]);
            assert!(text.starts_with(&framing.fallback), "{text}");
            assert!(text.ends_with(&skill.content.topics[0].offer), "the offer is asked again: {text}");
            assert!(!end);
            assert_eq!(session.prompt, Prompt::Offer(0));
        }
        let (_, _, session) = converse(skill, &["launch", "Fallback", "Yes"]);
        assert_eq!(session.position, Some(Position { topic: 0, part: 0 }), "yes answers the question asked again");
        let (text, ..) = converse(skill, &["launch", "No", "Fallback"]);
        assert!(text.starts_with(&framing.fallback) && text.contains("what happens next"), "{text}");
    }

    #[test]
    fn a_second_misunderstanding_gets_a_shorter_prompt_naming_the_choices() {
        let skill = skill();
        let framing = &skill.content.framing;
        let (first, ..) = converse(skill, &["launch", "Fallback"]);
        let (second, end, session) = converse(skill, &["launch", "Fallback", "Fallback"]);
        assert!(second.starts_with(&framing.fallback_again) && second.ends_with(&framing.just_yes_or_no), "{second}");
        assert!(second.len() < first.len(), "{second} / {first}");
        assert!(!end);
        assert_eq!(session.prompt, Prompt::Offer(0), "yes still means the offered topic");
        let (options, ..) = converse(skill, &["launch", "No", "Fallback", "Fallback"]);
        assert!(options.contains("what happens next") && options.contains(&framing.or_help), "{options}");
        assert!(options.ends_with('?'), "the options are asked: {options}");
        let (again, ..) = converse(skill, &["launch", "Fallback", "Help", "Fallback"]);
        assert!(again.starts_with(&framing.fallback), "an answer in between starts afresh: {again}");
        let (repeated, ..) = converse(skill, &["launch", "Fallback", "Repeat"]);
        assert!(repeated.starts_with("Hello, and welcome"), "repeat says the last answer, not the apology");
    }

    #[test]
    fn a_later_part_asked_for_directly_comes_first_then_the_rest_is_offered() {
        let skill = skill();
        let fatigue = topic(skill, "immune-fatigue");
        let parts = &skill.content.topics[fatigue].parts;
        let (text, _, session) = converse(skill, &["AutoimmunityIntent"]);
        assert!(text.contains(&parts[1].text), "{text}");
        assert!(!text.contains(&parts[0].text), "{text}");
        assert_eq!(session.prompt, Prompt::More(fatigue));
        assert!(text.ends_with(skill.content.topics[fatigue].more.as_deref().unwrap()), "{text}");
        let (text, _, session) = converse(skill, &["AutoimmunityIntent", "Yes"]);
        assert!(text.contains(&parts[0].text), "the rest of the topic: {text}");
        assert_eq!(session.position, Some(Position { topic: fatigue, part: 0 }));
        let after = skill.content.topics[fatigue].next.unwrap();
        assert_eq!(session.prompt, Prompt::Offer(after), "the part heard already is passed over");
        let (text, ..) = converse(skill, &["AutoimmunityIntent", "No"]);
        assert!(text.starts_with(&skill.content.framing.declined), "{text}");
    }

    #[test]
    fn what_can_i_ask_names_every_topic() {
        let skill = skill();
        let (text, end, session) = converse(skill, &["launch", "No", "WhatCanIAskIntent"]);
        for topic in &skill.content.topics {
            assert!(text.contains(&topic.ask), "{:?} missing from {text}", topic.ask);
        }
        assert!(text.ends_with(&skill.content.framing.which), "{text}");
        assert!(!end);
        assert_eq!(session.prompt, Prompt::OptionsExcept(0));
    }

    #[test]
    fn session_ended_says_nothing() {
        let skill = skill();
        let reply = skill.respond(Turn {
            request: Request::SessionEnded,
            session: Session::default(),
            remembered: None,
            rate_fixed: false,
        });
        assert!(reply.speech.is_none() && reply.reprompt.is_none() && reply.end_session);
    }

    #[test]
    fn every_reprompt_restates_the_options_or_the_question() {
        let skill = skill();
        let framing = &skill.content.framing;
        for steps in [&["launch"][..], &["ResistanceIntent"], &["launch", "No"]] {
            let mut session = Session::default();
            let mut reprompt = None;
            for step in steps {
                let reply =
                    skill.respond(Turn { request: request(step), session, remembered: None, rate_fixed: false });
                reprompt = reply.reprompt.map(|said| said.text().to_owned());
                session = reply.session;
            }
            let reprompt = reprompt.expect("a reprompt while the session is open");
            assert!(reprompt.ends_with(&framing.yes_or_no) || reprompt.ends_with(&framing.or_stop), "{reprompt}");
        }
    }

    #[test]
    fn sessions_survive_their_wire_form() {
        let skill = skill();
        for steps in [&["launch"][..], &["ResistanceIntent"], &["launch", "No"], &["launch", "Help"]] {
            let session = converse(skill, steps).2;
            let state = session.to_state(&skill.content);
            assert_eq!(Session::from_state(&skill.content, &state), Some(session));
        }
    }

    #[test]
    fn states_that_do_not_fit_the_content_are_refused() {
        let skill = skill();
        let content = &skill.content;
        let good = converse(skill, &["ResistanceIntent"]).2.to_state(content);
        let mut wrong_version = good.clone();
        wrong_version.version += 1;
        let mut unknown_topic = good.clone();
        unknown_topic.position.as_mut().unwrap().topic = "nowhere".into();
        let mut part_out_of_range = good.clone();
        part_out_of_range.position.as_mut().unwrap().part = 99;
        let mut go_on_past_the_end = good.clone();
        go_on_past_the_end.position.as_mut().unwrap().part = 1;
        for state in [wrong_version, unknown_topic, part_out_of_range, go_on_past_the_end] {
            assert_eq!(Session::from_state(content, &state), None, "{state:?}");
        }
    }

    #[test]
    fn a_new_rate_is_confirmed_at_that_rate_and_the_question_stays() {
        let skill = skill();
        let framing = &skill.content.framing;
        let (text, end, session) = converse(skill, &["launch", "SpeakSlowerIntent"]);
        assert_eq!(session.rate, Rate::Slow);
        assert!(text.starts_with(&framing.slower) && text.ends_with(&skill.content.topics[0].offer), "{text}");
        assert!(!end);
        assert_eq!(session.prompt, Prompt::Offer(0), "Yes still means the offered topic");
        let (text, _, session) = converse(skill, &["launch", "SpeakSlowerIntent", "Repeat"]);
        assert!(text.starts_with("Hello, and welcome"), "repeat says the answer before the confirmation: {text}");
        assert_eq!(session.rate, Rate::Slow);
    }

    #[test]
    fn where_the_speaker_reads_at_its_own_speed_no_new_speed_is_promised() {
        let skill = skill();
        let framing = &skill.content.framing;
        let launch = skill.respond(Turn {
            request: Request::Launch,
            session: Session::default(),
            remembered: None,
            rate_fixed: true,
        });
        for step in ["SpeakSlowerIntent", "SpeakFasterIntent", "NormalSpeedIntent"] {
            let reply = skill.respond(Turn {
                request: request(step),
                session: launch.session,
                remembered: None,
                rate_fixed: true,
            });
            let text = reply.speech.unwrap().text();
            assert!(text.starts_with(&framing.rate_fixed), "{text}");
            assert!(text.ends_with(&skill.content.topics[0].offer), "the question stays: {text}");
            assert_eq!(reply.session.rate, Rate::Normal);
        }
        let help = skill.respond(Turn {
            request: request("Help"),
            session: launch.session,
            remembered: None,
            rate_fixed: true,
        });
        let help = help.speech.unwrap().text();
        assert!(!help.contains(&framing.help_rate) && help.contains(&framing.help[0]), "{help}");
        let (help, ..) = converse(skill, &["launch", "Help"]);
        assert!(help.contains(&format!("{} {}", framing.help[0], framing.help_rate)), "{help}");
    }

    #[test]
    fn rates_stop_at_the_slowest_and_the_fastest() {
        let skill = skill();
        let framing = &skill.content.framing;
        let slowest = converse(skill, &["SpeakSlowerIntent", "SpeakSlowerIntent", "SpeakSlowerIntent"]);
        assert_eq!(slowest.2.rate, Rate::Slowest);
        assert!(slowest.0.starts_with(&framing.slowest), "{}", slowest.0);
        let fastest = converse(skill, &["SpeakFasterIntent", "SpeakFasterIntent"]);
        assert_eq!(fastest.2.rate, Rate::Fast);
        assert!(fastest.0.starts_with(&framing.fastest), "{}", fastest.0);
        let normal = converse(skill, &["SpeakFasterIntent", "NormalSpeedIntent"]);
        assert_eq!(normal.2.rate, Rate::Normal);
        assert!(normal.0.starts_with(&framing.normal_speed), "{}", normal.0);
        let kept = converse(skill, &["SpeakSlowerIntent", "StartOver"]);
        assert_eq!(kept.2.rate, Rate::Slow, "starting over keeps the rate");
    }

    #[test]
    fn emergencies_and_crises_are_answered_with_help_and_end_the_session() {
        let skill = skill();
        let (text, end, _) = converse(skill, &["ResistanceIntent", "EmergencyIntent"]);
        assert!(text.contains("call 911 now"), "{text}");
        assert!(end);
        let (text, end, _) = converse(skill, &["launch", "CrisisIntent"]);
        assert!(text.contains("988") && text.contains("911"), "{text}");
        assert!(end);
    }

    #[test]
    fn a_returning_person_is_welcomed_back_at_their_rate_and_offered_their_topic() {
        let skill = skill();
        let remembered = Remembered { rate: Rate::Slowest, resume: Some(2) };
        let turn = Turn {
            request: Request::Launch,
            session: Session::default(),
            remembered: Some(remembered),
            rate_fixed: false,
        };
        let reply = skill.respond(turn);
        let text = reply.speech.unwrap().text();
        assert!(text.starts_with(&skill.content.framing.welcome_back), "{text}");
        assert!(text.ends_with(&skill.content.topics[2].offer), "{text}");
        assert_eq!(reply.session.rate, Rate::Slowest);
        let turn = Turn { request: request("Yes"), session: reply.session, remembered: None, rate_fixed: false };
        let reply = skill.respond(turn);
        let text = reply.speech.unwrap().text();
        assert!(text.starts_with(&skill.content.framing.disclaimer), "the first answer has the disclaimer: {text}");
        assert!(text.contains(&skill.content.topics[2].parts[0].text), "{text}");
    }

    #[test]
    fn what_is_remembered_is_the_unfinished_topic_or_the_next_one() {
        let skill = skill();
        let content = &skill.content;
        let at = |topic: usize, part: usize| Position { topic, part };
        let resistance = content.topic_index("resistance").unwrap();
        assert_eq!(Remembered::resume_after(content, at(resistance, 0)), Some(resistance));
        assert_eq!(Remembered::resume_after(content, at(resistance, 1)), content.topics[resistance].next);
        let last = content.topics.len() - 1;
        assert_eq!(Remembered::resume_after(content, at(last, 0)), None, "all heard");
    }

    #[test]
    fn a_conversation_that_goes_on_after_goodbye_does_not_end_again_at_once() {
        let skill = skill();
        let (text, end, session) = converse(skill, &["launch", "Stop", "Help"]);
        assert!(text.starts_with(&skill.content.framing.help[0]), "{text}");
        assert!(!end);
        assert_eq!(session.prompt, Prompt::Options);
    }

    #[test]
    fn a_side_answer_keeps_the_open_question_and_yes_still_answers_it() {
        let skill = skill();
        let framing = &skill.content.framing;
        for (step, starts) in [
            ("NotCoveredIntent", framing.not_covered.as_str()),
            ("OwnMedicineIntent", framing.own_medicine.as_str()),
            ("DeviceCommandIntent", framing.device.as_str()),
            ("HelloIntent", framing.hello.as_str()),
            ("ThanksIntent", framing.thanks.as_str()),
            ("WhoAreYouIntent", framing.who_am_i.as_str()),
            ("FeelingsIntent", skill.content.safety.feelings[0].as_str()),
            ("WrongDoseIntent", skill.content.safety.wrong_dose[0].as_str()),
            ("SubstanceUseIntent", skill.content.safety.substance[0].as_str()),
        ] {
            let (text, end, session) = converse(skill, &["launch", step]);
            assert!(text.starts_with(starts), "{step}: {text}");
            assert!(text.ends_with(&skill.content.topics[0].offer), "{step}: the offer is asked again: {text}");
            assert!(!end);
            assert_eq!(session.prompt, Prompt::Offer(0));
            let (_, _, session) = converse(skill, &["launch", step, "Yes"]);
            assert_eq!(session.position, Some(Position { topic: 0, part: 0 }), "{step}: yes answers the offer");
        }
        let (text, ..) = converse(skill, &["NotCoveredIntent"]);
        assert!(text.contains("what happens next"), "with no question open, the options: {text}");
    }

    #[test]
    fn violence_or_assault_told_gets_the_line_and_ends() {
        let skill = skill();
        for (step, line) in [("AbuseIntent", "1-800-799-7233"), ("SexualAssaultIntent", "1-800-656-4673")] {
            let (text, end, _) = converse(skill, &["ResistanceIntent", step]);
            assert!(text.contains("call 911") && text.contains(line), "{step}: {text}");
            assert!(end);
        }
        let (text, ..) = converse(skill, &["launch", "FeelingsIntent"]);
        assert!(
            text.contains("988") && !text.contains("call 911"),
            "feelings name the crisis line, not the emergency: {text}"
        );
    }

    #[test]
    fn unsure_between_two_parts_it_asks_and_takes_the_answer() {
        let skill = skill();
        let content = &skill.content;
        let about = |id: &str| {
            let entry = content.part_with_id(id).unwrap();
            content.topics[entry.topic].parts[entry.part].about.clone()
        };
        let asking = ["launch", "ResistanceIntent|CancerHidingIntent"];
        let (text, end, session) = converse(skill, &asking);
        assert_eq!(text, content.framing.did_you_mean(&about("resistance"), &about("hiding")), "{text}");
        assert!(!end);
        let hiding = content.part_with_id("hiding").unwrap();
        let resistance = content.part_with_id("resistance").unwrap();
        assert_eq!(session.prompt, Prompt::Choose(content.part_number(resistance), content.part_number(hiding)));
        let at = |entry: Entry| Some(Position { topic: entry.topic, part: entry.part });
        for (answer, chosen) in
            [("Yes", resistance), ("Select:first", resistance), ("Select:second", hiding), ("Select:last", hiding)]
        {
            let session = converse(skill, &[asking[0], asking[1], answer]).2;
            assert_eq!(session.position, at(chosen), "{answer}");
        }
        let (text, _, session) = converse(skill, &[asking[0], asking[1], "No"]);
        assert!(text.starts_with(&content.framing.declined) && session.prompt == Prompt::Options, "{text}");
        let (text, _, session) = converse(skill, &[asking[0], asking[1], "Fallback"]);
        assert!(text.starts_with(&content.framing.fallback) && text.contains(&about("hiding")), "asked again: {text}");
        assert!(matches!(session.prompt, Prompt::Choose(..)));
        let (text, ..) = converse(skill, &[asking[0], asking[1], "Repeat"]);
        assert!(text.starts_with("Did you mean"), "{text}");
        let (_, _, session) = converse(skill, &["ResistanceIntent|OtherFactorsIntent"]);
        assert!(!matches!(session.prompt, Prompt::Choose(..)) || session.position.is_none());
        let (text, ..) = converse(skill, &["OtherFactorsIntent|MicroenvironmentIntent"]);
        assert!(text.contains(&about("microenvironment")), "one passage for both is read back, not asked: {text}");
    }

    #[test]
    fn an_answer_given_with_doubt_begins_by_saying_what_was_understood() {
        let skill = skill();
        let content = &skill.content;
        let stopping = content.part_with_id("stopping").unwrap();
        let part = &content.topics[stopping.topic].parts[stopping.part];
        let (text, _, session) = converse(skill, &["StopTreatmentIntent?"]);
        assert!(text.starts_with(&content.framing.read_back(&part.about)), "{text}");
        assert!(text.contains(&part.text), "{text}");
        let (sure, _, sure_session) = converse(skill, &["StopTreatmentIntent"]);
        assert_eq!(session, sure_session, "only the words differ");
        assert!(text.ends_with(sure.rsplit(". ").next().unwrap()), "the same question follows: {text}");
        let (again, ..) = converse(skill, &["StopTreatmentIntent?", "Repeat"]);
        assert!(!again.starts_with(&content.framing.read_back(&part.about)), "repeat says the part alone: {again}");
        let autoimmunity = content.part_with_id("autoimmunity").unwrap();
        let (text, _, session) = converse(skill, &["AutoimmunityIntent?"]);
        assert!(text.starts_with("About "), "{text}");
        assert_eq!(session.prompt, Prompt::More(autoimmunity.topic), "a later part still offers the rest");
    }

    #[test]
    fn the_second_one_chooses_from_the_list_just_spoken() {
        let skill = skill();
        let content = &skill.content;
        let position = |steps: &[&str]| converse(skill, steps).2.position;
        let start = |topic: usize| Some(Position { topic, part: 0 });
        assert_eq!(position(&["WhatCanIAskIntent", "Select:second"]), start(1), "every topic, in order");
        assert_eq!(position(&["WhatCanIAskIntent", "Select:last"]), start(content.topics.len() - 1));
        let menu: Vec<usize> = content.menu_topics(None).collect();
        assert_eq!(position(&["launch", "Select:second"]), start(menu[1]), "the welcome names the options");
        assert_eq!(position(&["launch", "No", "Select:first"]), start(menu[1]), "the options without the declined one");
        assert_eq!(position(&["WhatCanIAskIntent", "Select:ninth"]), start(8));
        let (text, ..) = converse(skill, &["launch", "Select:ninth"]);
        assert!(text.starts_with(&content.framing.fallback), "no ninth option: {text}");
        let (_, _, session) = converse(skill, &["Next", "Next", "Select:last"]);
        assert_eq!(session.position, start(0), "with no list, the last one is the one before");
    }

    #[test]
    fn tell_me_more_goes_on_from_where_the_person_is() {
        let skill = skill();
        let position = |steps: &[&str]| converse(skill, steps).2.position;
        assert_eq!(position(&["ResistanceIntent", "TellMeMoreIntent"]), Some(Position { topic: 1, part: 1 }));
        assert_eq!(position(&["launch", "TellMeMoreIntent"]), Some(Position { topic: 0, part: 0 }), "the offer");
        let last = skill.content.topics.len() - 1;
        let (text, ..) = converse(skill, &["OutlookIntent", "TellMeMoreIntent"]);
        assert!(position(&["OutlookIntent", "TellMeMoreIntent"]) == Some(Position { topic: last, part: 0 }));
        assert!(text.starts_with(&skill.content.framing.at_end), "{text}");
    }

    #[test]
    fn a_choice_survives_its_wire_form() {
        let skill = skill();
        let session = converse(skill, &["launch", "ResistanceIntent|CancerHidingIntent"]).2;
        let state = session.to_state(&skill.content);
        assert_eq!(Session::from_state(&skill.content, &state), Some(session));
        assert_eq!(state.prompt, session::WirePrompt::Choose("resistance".into(), "hiding".into()));
    }
}
