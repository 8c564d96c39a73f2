//! Session state: where the conversation is, carried by the platform between turns.
//!
//! [`SessionState`] is the wire form, small and versioned, inside Alexa's
//! `sessionAttributes`, a Dialogflow context or session parameter, or the simulated API's
//! `session`. It comes from outside, so [`Session::from_state`] checks every id and index
//! against the content and anything that does not fit means a fresh session. Written out,
//! it borrows the content's topic ids rather than copying them.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::script::{Opening, Prompt};
use crate::content::Content;
use crate::speech::Rate;

/// The version of [`SessionState`] this build writes and reads.
pub const STATE_VERSION: u32 = 1;

/// Where the conversation is, checked against the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Session {
    /// The topic part spoken last, if any.
    pub position: Option<Position>,
    /// What was said last, for Repeat.
    pub last: Option<Opening>,
    /// The question that ended the last reply.
    pub prompt: Prompt,
    /// Whether the disclaimer has been said.
    pub disclaimed: bool,
    /// How fast to speak.
    pub rate: Rate,
    /// A part of the current topic heard before its turn, which going on passes over.
    pub skip: Option<usize>,
    /// Whether the last words were not understood.
    pub missed: bool,
}

/// What is remembered about a person from one session to the next: how fast to speak,
/// and the topic to carry on with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Remembered {
    /// The chosen speaking rate.
    pub rate: Rate,
    /// The topic to offer on return: the one left unfinished, or the one after the last
    /// finished.
    pub resume: Option<usize>,
}

impl Remembered {
    /// The topic to offer on return after hearing `position`: its own topic while parts
    /// of it are left, else the topic after it.
    pub fn resume_after(content: &Content, position: Position) -> Option<usize> {
        let topic = &content.topics[position.topic];
        if position.part + 1 < topic.parts.len() { Some(position.topic) } else { topic.next }
    }
}

/// A part of a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// The topic's index.
    pub topic: usize,
    /// The part's index within the topic.
    pub part: usize,
}

/// The session as it travels on the wire. Topics are named by id, never by index, so a
/// state written before a content change cannot point at the wrong topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionState<'a> {
    /// Always [`STATE_VERSION`].
    pub version: u32,
    /// The topic part spoken last.
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    pub position: Option<WirePosition<'a>>,
    /// What was said last.
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    pub last: Option<WireOpening<'a>>,
    /// The question that ended the last reply.
    #[serde(borrow)]
    pub prompt: WirePrompt<'a>,
    /// Whether the disclaimer has been said.
    pub disclaimed: bool,
    /// The speaking rate's name.
    #[serde(default = "normal_rate", borrow)]
    pub rate: Cow<'a, str>,
    /// A part of the current topic heard before its turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip: Option<usize>,
    /// Whether the last words were not understood.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub missed: bool,
}

fn normal_rate() -> Cow<'static, str> {
    Cow::Borrowed(Rate::Normal.name())
}

/// [`Position`] on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WirePosition<'a> {
    /// The topic id.
    #[serde(borrow)]
    pub topic: Cow<'a, str>,
    /// The part's index.
    pub part: usize,
}

/// [`Opening`] on the wire: a name, or a topic part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WireOpening<'a> {
    /// An opening other than a part, by [`Opening::name`].
    Named(#[serde(borrow)] Cow<'a, str>),
    /// A topic part.
    Part {
        /// Which part.
        #[serde(borrow)]
        part: WirePart<'a>,
    },
}

/// A topic part said, on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WirePart<'a> {
    /// The topic id.
    #[serde(borrow)]
    pub topic: Cow<'a, str>,
    /// The part's index.
    pub part: usize,
    /// Whether the disclaimer came first.
    pub disclaimer: bool,
}

/// [`Prompt`] on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[allow(missing_docs)]
pub enum WirePrompt<'a> {
    Offer(#[serde(borrow)] Cow<'a, str>),
    More(#[serde(borrow)] Cow<'a, str>),
    GoOn,
    Options,
    OptionsExcept(#[serde(borrow)] Cow<'a, str>),
    End,
    /// The two parts "did you mean" named, by id.
    Choose(#[serde(borrow)] Cow<'a, str>, #[serde(borrow)] Cow<'a, str>),
}

impl Session {
    /// Checks a state from the wire; `None` if it is from another version or names
    /// anything the content does not have.
    pub fn from_state(content: &Content, state: &SessionState<'_>) -> Option<Session> {
        if state.version != STATE_VERSION {
            return None;
        }
        let topic = |id: &str| content.topic_index(id);
        let part = |topic_idx: usize, part: usize| (part < content.topics[topic_idx].parts.len()).then_some(part);
        let position = match &state.position {
            Some(wire) => {
                let topic_idx = topic(&wire.topic)?;
                Some(Position { topic: topic_idx, part: part(topic_idx, wire.part)? })
            }
            None => None,
        };
        let last = match &state.last {
            None => None,
            Some(WireOpening::Named(name)) => Some(Opening::from_name(name)?),
            Some(WireOpening::Part { part: wire }) => {
                let topic_idx = topic(&wire.topic)?;
                Some(Opening::Part { topic: topic_idx, part: part(topic_idx, wire.part)?, disclaimer: wire.disclaimer })
            }
        };
        let skip = match (state.skip, position) {
            (None, _) => None,
            (Some(skip), Some(position)) => Some(part(position.topic, skip)?),
            (Some(_), None) => return None,
        };
        let prompt = match &state.prompt {
            WirePrompt::Offer(id) => Prompt::Offer(topic(id)?),
            WirePrompt::More(id) => Prompt::More(topic(id)?),
            WirePrompt::OptionsExcept(id) => Prompt::OptionsExcept(topic(id)?),
            WirePrompt::GoOn => {
                // "Go on" needs a next part to go on to.
                let position = position?;
                part(position.topic, position.part + 1)?;
                Prompt::GoOn
            }
            WirePrompt::Options => Prompt::Options,
            WirePrompt::End => Prompt::End,
            WirePrompt::Choose(first, second) => {
                let number = |id: &str| content.part_with_id(id).map(|entry| content.part_number(entry));
                Prompt::Choose(number(first)?, number(second)?)
            }
        };
        let rate = Rate::from_name(&state.rate)?;
        Some(Session { position, last, prompt, disclaimed: state.disclaimed, rate, skip, missed: state.missed })
    }

    /// The wire form of this session, borrowing the content's topic ids.
    pub fn to_state<'c>(&self, content: &'c Content) -> SessionState<'c> {
        let id = |topic: usize| Cow::Borrowed(content.topics[topic].id.as_str());
        SessionState {
            version: STATE_VERSION,
            position: self.position.map(|position| WirePosition { topic: id(position.topic), part: position.part }),
            last: self.last.map(|opening| match opening {
                Opening::Part { topic, part, disclaimer } => {
                    WireOpening::Part { part: WirePart { topic: id(topic), part, disclaimer } }
                }
                named => WireOpening::Named(Cow::Borrowed(named.name())),
            }),
            prompt: match self.prompt {
                Prompt::Offer(topic) => WirePrompt::Offer(id(topic)),
                Prompt::More(topic) => WirePrompt::More(id(topic)),
                Prompt::OptionsExcept(topic) => WirePrompt::OptionsExcept(id(topic)),
                Prompt::GoOn => WirePrompt::GoOn,
                Prompt::Options => WirePrompt::Options,
                Prompt::End => WirePrompt::End,
                Prompt::Choose(first, second) => {
                    let id = |number: usize| {
                        let entry = content.entry_at(number);
                        Cow::Borrowed(content.topics[entry.topic].parts[entry.part].id.as_str())
                    };
                    WirePrompt::Choose(id(first), id(second))
                }
            },
            disclaimed: self.disclaimed,
            rate: Cow::Borrowed(self.rate.name()),
            skip: self.skip,
            missed: self.missed,
        }
    }
}
