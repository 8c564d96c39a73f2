//! The browser console's turns (`POST /console/turn`, served only with `--console`): the
//! simulated API's turn, explained for the people who write and test the content: the
//! reply in every platform's SSML, the matcher's likeliest intents, where in the map the
//! conversation is, and the approved passages each medical sentence comes from.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::simulated::{Simulated, TurnRequest};
use super::{Answer, Inbound, Platform, RequestError, Understood, Webhook};
use crate::content::Cited;
use crate::dialog::{Opening, SessionState};
use crate::label::Label;
use crate::skill::Skill;
use crate::speech::{Flavor, Said};

/// The console.
pub struct Console;

/// How many of the matcher's likeliest intents a reply shows.
const LIKELIEST: usize = 4;

/// A turn typed, spoken or clicked in the console: never with a user id, so nothing is
/// remembered of it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsoleTurn {
    /// What was typed or said.
    #[serde(default)]
    pub utterance: Option<String>,
    /// An intent clicked (or `LaunchRequest`).
    #[serde(default)]
    pub intent: Option<String>,
    /// The `session` of the previous reply.
    #[serde(default)]
    pub session: Option<Box<RawValue>>,
    /// The locale to answer in; the default locale if none.
    #[serde(default)]
    pub locale: Option<String>,
}

/// What writing the explained reply needs from the turn: the words, if any.
pub struct Shown {
    words: Option<String>,
}

/// A reply, explained.
#[derive(Serialize)]
pub struct ConsoleReply<'s> {
    /// The intent understood.
    pub intent: Understood,
    /// The matcher's likeliest intents for the words, likeliest first; empty when an
    /// intent was clicked.
    pub likeliest: Vec<Likely<'s>>,
    /// What is said; null when nothing is.
    pub speech: Option<Spoken<'s>>,
    /// What is said again after silence.
    pub reprompt: Option<Spoken<'s>>,
    /// Whether the conversation is over.
    pub end_session: bool,
    /// The speaking rate.
    pub rate: &'static str,
    /// The session to send with the next turn.
    pub session: SessionState<'s>,
    /// Where the conversation now is, as the map names the place.
    pub place: String,
    /// The topic part just spoken, with the passage each sentence comes from.
    pub part: Option<PartShown<'s>>,
}

/// One of the likeliest intents.
#[derive(Serialize)]
pub struct Likely<'s> {
    /// The intent.
    pub intent: &'s str,
    /// The classifier's probability for it.
    pub probability: f32,
}

/// Speech, as the console shows and plays it.
#[derive(Serialize)]
pub struct Spoken<'s> {
    /// The plain words.
    pub text: &'s str,
    /// The SSML each platform is sent, at the session's rate.
    pub ssml: Flavors,
}

/// One SSML document for each platform flavor.
#[derive(Serialize)]
pub struct Flavors {
    /// Alexa's.
    pub alexa: String,
    /// Google's (Dialogflow).
    pub google: String,
    /// Standard SSML (the simulated API).
    pub generic: String,
}

/// A topic part spoken.
#[derive(Serialize)]
pub struct PartShown<'s> {
    /// The topic's id.
    pub topic: &'s str,
    /// The part's id.
    pub id: &'s str,
    /// Its sentences and their passages.
    pub cited: &'s [Cited],
}

impl Webhook for Console {
    const ROUTE: &'static str = "/console/turn";
}

impl Platform for Console {
    const LABEL: Label = Label::Console;
    const MAX_UTTERANCE_CHARS: usize = super::MAX_SPOKEN_CHARS;
    type Request = ConsoleTurn;
    type Context = Shown;
    type Response<'s> = ConsoleReply<'s>;

    fn locale(request: &ConsoleTurn) -> Option<&str> {
        request.locale.as_deref()
    }

    fn read(skill: &Skill, request: ConsoleTurn) -> Result<Inbound<Shown>, RequestError> {
        let words = request.utterance.clone();
        let turn = match (request.utterance, request.intent) {
            (Some(utterance), None) => TurnRequest::utterance(&utterance, request.session),
            (None, Some(intent)) => TurnRequest::intent(&intent, request.session),
            _ => return Err(RequestError::Invalid("give \"utterance\" (free text) or \"intent\", one of them")),
        };
        let inbound = Simulated::read(skill, turn)?;
        Ok(Inbound {
            asked: inbound.asked,
            state: inbound.state,
            new_session: inbound.new_session,
            user_id: None,
            request_id: None,
            conversation: None,
            context: Shown { words },
        })
    }

    fn write<'s>(skill: &'s Skill, shown: Shown, answer: Answer<'s>) -> ConsoleReply<'s> {
        let content = &skill.content;
        let last = answer.said;
        let part = match last {
            Some(Opening::Part { topic, part, .. }) => {
                let (topic, part) = (&content.topics[topic], &content.topics[topic].parts[part]);
                Some(PartShown { topic: &topic.id, id: &part.id, cited: &part.cited })
            }
            _ => None,
        };
        let rate = answer.rate;
        let spoken = |said: &'s Said| Spoken {
            text: said.text(),
            ssml: Flavors {
                alexa: said.ssml(Flavor::Alexa, rate),
                google: said.ssml(Flavor::Google, rate),
                generic: said.ssml(Flavor::Generic, rate),
            },
        };
        let likeliest = shown.words.as_deref().map_or_else(Vec::new, |words| {
            skill
                .matcher
                .likeliest(words, LIKELIEST)
                .into_iter()
                .map(|(intent, probability)| Likely { intent, probability })
                .collect()
        });
        ConsoleReply {
            intent: answer.understood,
            likeliest,
            speech: answer.speech.map(spoken),
            reprompt: answer.reprompt.map(spoken),
            end_session: answer.end_session,
            rate: rate.name(),
            place: crate::map::place_after(skill, last),
            session: answer.state,
            part,
        }
    }
}
