//! The dialog: a pure function from a canonical [`Turn`] to a [`Reply`].
//!
//! It knows nothing of HTTP or of any platform. It owns the conversation's rules:
//! answers and their follow-up questions, yes and no, repeat, next and previous, help,
//! start over and stop. It cannot fail: an intent it does not know gets the fallback.

pub mod script;
pub mod session;

use std::collections::BTreeMap;

use crate::content::Content;
use crate::speech::Said;
pub use script::{Opening, Prompt, Script};
pub use session::{Position, Session, SessionState};

/// One turn of the conversation, as every platform adapter hands it over.
#[derive(Debug, Clone)]
pub struct Turn {
    /// What was asked.
    pub request: Request,
    /// Where the conversation was.
    pub session: Session,
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
    },
    /// The platform closed the session.
    SessionEnded,
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

/// The built-in intents the dialog handles. The interaction model must have exactly these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum BuiltIn {
    Help,
    Stop,
    Cancel,
    Fallback,
    Yes,
    No,
    Repeat,
    Next,
    Previous,
    StartOver,
    NavigateHome,
}

impl BuiltIn {
    /// Every built-in intent the dialog handles.
    pub const ALL: [BuiltIn; 11] = [
        BuiltIn::Help,
        BuiltIn::Stop,
        BuiltIn::Cancel,
        BuiltIn::Fallback,
        BuiltIn::Yes,
        BuiltIn::No,
        BuiltIn::Repeat,
        BuiltIn::Next,
        BuiltIn::Previous,
        BuiltIn::StartOver,
        BuiltIn::NavigateHome,
    ];

    /// The intent's name in the interaction model.
    pub const fn name(self) -> &'static str {
        match self {
            BuiltIn::Help => "AMAZON.HelpIntent",
            BuiltIn::Stop => "AMAZON.StopIntent",
            BuiltIn::Cancel => "AMAZON.CancelIntent",
            BuiltIn::Fallback => "AMAZON.FallbackIntent",
            BuiltIn::Yes => "AMAZON.YesIntent",
            BuiltIn::No => "AMAZON.NoIntent",
            BuiltIn::Repeat => "AMAZON.RepeatIntent",
            BuiltIn::Next => "AMAZON.NextIntent",
            BuiltIn::Previous => "AMAZON.PreviousIntent",
            BuiltIn::StartOver => "AMAZON.StartOverIntent",
            BuiltIn::NavigateHome => "AMAZON.NavigateHomeIntent",
        }
    }

    /// The built-in intent with this name.
    pub fn from_name(name: &str) -> Option<BuiltIn> {
        BuiltIn::ALL.into_iter().find(|built_in| built_in.name() == name)
    }
}

/// Answers one turn.
pub fn respond<'s>(content: &Content, script: &'s Script, turn: Turn) -> Reply<'s> {
    let dialog = Dialog { content, script, session: turn.session };
    match turn.request {
        Request::Launch => dialog.welcome(),
        Request::SessionEnded => Reply { speech: None, reprompt: None, end_session: true, session: dialog.session },
        Request::Intent { name, slots } => match BuiltIn::from_name(&name) {
            Some(built_in) => dialog.built_in(built_in),
            None => {
                let option = slots.values().next().map(String::as_str);
                match content.topic_for(&name, option) {
                    Some(topic) => dialog.part(Position { topic, part: 0 }),
                    None => dialog.say(Opening::Fallback, Prompt::Options),
                }
            }
        },
    }
}

/// One turn in progress: the content, the script and the session it started from.
struct Dialog<'c, 's> {
    content: &'c Content,
    script: &'s Script,
    session: Session,
}

impl<'s> Dialog<'_, 's> {
    fn built_in(self, built_in: BuiltIn) -> Reply<'s> {
        let session = self.session;
        match built_in {
            BuiltIn::Help => self.say(Opening::Help, session.prompt),
            BuiltIn::Stop | BuiltIn::Cancel => self.say(Opening::Goodbye, Prompt::End),
            BuiltIn::Fallback => self.say(Opening::Fallback, Prompt::Options),
            BuiltIn::Yes => match (session.prompt, session.position) {
                (Prompt::GoOn, Some(position)) => self.part(Position { part: position.part + 1, ..position }),
                (Prompt::Offer(topic), _) => self.part(Position { topic, part: 0 }),
                _ => self.say(Opening::Nothing, Prompt::Options),
            },
            BuiltIn::No => match (session.prompt, session.position) {
                (Prompt::GoOn, Some(position)) => self.say(Opening::Declined, Prompt::OptionsExcept(position.topic)),
                (Prompt::Offer(topic), _) => self.say(Opening::Declined, Prompt::OptionsExcept(topic)),
                _ => self.say(Opening::Goodbye, Prompt::End),
            },
            BuiltIn::Repeat => match session.last {
                Some(opening) => self.say(opening, session.prompt),
                None => self.welcome(),
            },
            BuiltIn::Next => match session.position {
                None => self.part(Position { topic: 0, part: 0 }),
                Some(position) => match self.after(position) {
                    Some(next) => self.part(next),
                    None => self.say(Opening::AtEnd, session.prompt),
                },
            },
            BuiltIn::Previous => match session.position.and_then(|position| self.before(position)) {
                Some(previous) => self.part(previous),
                None => self.say(Opening::AtStart, session.prompt),
            },
            BuiltIn::StartOver | BuiltIn::NavigateHome => {
                Dialog { session: Session { disclaimed: session.disclaimed, ..Session::default() }, ..self }.welcome()
            }
        }
    }

    fn welcome(self) -> Reply<'s> {
        self.say(Opening::Welcome, Prompt::Offer(0))
    }

    /// Speaks one part of a topic, then asks to go on, offers the next topic, or lists
    /// what can be asked.
    fn part(mut self, position: Position) -> Reply<'s> {
        let topic = &self.content.topics[position.topic];
        let prompt = if position.part + 1 < topic.parts.len() {
            Prompt::GoOn
        } else if let Some(next) = topic.next {
            Prompt::Offer(next)
        } else {
            Prompt::Options
        };
        let opening =
            Opening::Part { topic: position.topic, part: position.part, disclaimer: !self.session.disclaimed };
        self.session.position = Some(position);
        self.say(opening, prompt)
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
        let says_disclaimer =
            matches!(opening, Opening::Welcome | Opening::Help | Opening::Part { disclaimer: true, .. });
        self.session.disclaimed |= says_disclaimer;
        self.session.last = Some(opening);
        self.session.prompt = prompt;
        Reply {
            speech: Some(self.script.reply(opening, prompt)),
            reprompt: self.script.reprompt(prompt),
            end_session: prompt == Prompt::End,
            session: self.session,
        }
    }
}
