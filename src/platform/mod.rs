//! Platform adapters and the one turn pipeline they share.
//!
//! Each platform (one folder, or one file, each) supplies only what differs: its wire
//! types, how its request names what was asked, the session, the person and the words,
//! and how it writes a reply. [`answer`] runs every turn the same way: read the request,
//! understand it, recall the person, answer, keep what changed, write the reply. Only
//! this module knows any webhook JSON (the import formats are `export`'s).

pub mod alexa;
pub mod console;
pub mod dialogflow_cx;
pub mod dialogflow_es;
pub mod google_user;
pub mod home_assistant;
pub mod simulated;
pub mod wyoming;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::value::RawValue;

use crate::content::Content;
use crate::dialog::{BuiltIn, Certainty, Opening, Remembered, Reply, Request, Session, SessionState, Turn};
use crate::label::Label;
use crate::memory::Memory;
use crate::sessions::Sessions;
use crate::skill::{Skill, Skills, UnsupportedLocale};
use crate::speech::Rate;

/// The name a platform gives a request that opens the skill, where a request or tag
/// can name one: Alexa's request type, the simulated API's `intent`, a Dialogflow CX tag.
pub const LAUNCH: &str = "LaunchRequest";
/// The name of a request that ends the session, in Alexa and the simulated API.
pub const SESSION_ENDED: &str = "SessionEndedRequest";

/// One voice platform.
pub trait Platform {
    /// The platform's name in logs and in stored user keys.
    const LABEL: Label;
    /// The most characters of words one of its turns may carry: [`MAX_SPOKEN_CHARS`], or
    /// less where the platform itself never sends more.
    const MAX_UTTERANCE_CHARS: usize;
    /// Whether its speaker reads plain words at its own speed, so that the skill cannot
    /// change how fast it speaks (and says so when asked).
    const RATE_FIXED: bool = false;
    /// The request as it arrives, checked by the server (signature, credentials).
    type Request;
    /// What writing the reply needs from the request (a session path, a page).
    type Context;
    /// The response, borrowing the pre-rendered speech.
    type Response<'s>: Serialize;

    /// The locale the request is to be answered in, if it names one.
    fn locale(request: &Self::Request) -> Option<&str>;

    /// Reads what the request asks, within which session, for whom.
    fn read(skill: &Skill, request: Self::Request) -> Result<Inbound<Self::Context>, RequestError>;

    /// Writes the answer in the platform's response format.
    fn write<'s>(skill: &'s Skill, context: Self::Context, answer: Answer<'s>) -> Self::Response<'s>;
}

/// A platform whose requests are posted to one HTTP route.
pub trait Webhook: Platform {
    /// The path its requests are posted to.
    const ROUTE: &'static str;
}

/// The most characters of words a turn may carry where the platform takes free text of
/// any length: a minute of speech, said slowly with pauses and fillers, as a speech
/// recogniser writes it down.
pub const MAX_SPOKEN_CHARS: usize = 1_000;
/// Dialogflow's documented maximum for a query's text (ES and CX).
pub const DIALOGFLOW_QUERY_CHARS: usize = 256;

/// Why a request could not be turned into a turn. (Malformed JSON is caught earlier, by
/// the server, when it reads the body.)
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// The request is well-formed JSON but does not say what to do.
    #[error("{0}")]
    Invalid(&'static str),
    /// The words are longer than the platform sends.
    #[error("the words are {length} characters long; this platform sends at most {most}")]
    TooManyWords {
        /// How many characters they have.
        length: usize,
        /// The most the platform sends.
        most: usize,
    },
    /// The request asks for a language the skill does not speak.
    #[error(transparent)]
    UnsupportedLocale(#[from] UnsupportedLocale),
}

/// A request as the pipeline needs it.
pub struct Inbound<C> {
    /// What the person did.
    pub asked: Asked,
    /// The session state the platform carried back, as raw JSON; anything that is not
    /// a state this skill wrote means a fresh session.
    pub state: Option<Box<RawValue>>,
    /// Whether this request starts a session.
    pub new_session: bool,
    /// The platform's id of the conversation, where the platform carries no session state
    /// and the server keeps it ([`Sessions`]); the kept state stands for `state`, and a
    /// session starts when none is kept.
    pub conversation: Option<String>,
    /// The platform's id for the person, if it sends one.
    pub user_id: Option<String>,
    /// The platform's id for this request, if it sends one (logged, when it looks like one).
    pub request_id: Option<String>,
    /// What writing the reply needs.
    pub context: C,
}

/// What the person did, as the platform says it.
pub enum Asked {
    /// Opened the skill without a question.
    Launch,
    /// Ended the session.
    Ended,
    /// Asked something the platform resolved to an intent; the words, when the platform
    /// sends them, are checked for danger first.
    Intent {
        /// The intent's name.
        name: String,
        /// Slot name to value.
        slots: BTreeMap<String, String>,
        /// What was said, if the platform says.
        words: Option<String>,
    },
    /// Said words for the skill to understand.
    Words(String),
    /// Something this skill does not handle (an interface it does not declare): it is
    /// acknowledged, nothing is said, and no turn is taken.
    Unhandled,
}

/// What a turn answers, for the platform to write.
pub struct Answer<'s> {
    /// The intent understood, and how sure that is.
    pub understood: Understood,
    /// What to say; none when nothing is said.
    pub speech: Option<&'s crate::speech::Said>,
    /// What to say after silence; none when the session ends.
    pub reprompt: Option<&'s crate::speech::Said>,
    /// Whether the conversation is over.
    pub end_session: bool,
    /// How fast to speak.
    pub rate: Rate,
    /// The session to carry to the next turn.
    pub state: SessionState<'s>,
    /// What was said, before its closing question (a topic part, the welcome, ...).
    pub said: Option<Opening>,
}

/// The intent a turn was understood as.
#[derive(Debug, Clone, Serialize)]
pub struct Understood {
    /// The intent's name (or [`LAUNCH`], [`SESSION_ENDED`]), as the matcher found it or
    /// the platform named it.
    pub name: String,
    /// 1 for an intent the platform resolved; the matcher's confidence for words.
    pub confidence: f32,
}

/// A platform's response, with what a log line and metrics may say of its turn.
pub struct Answered<'s, R> {
    /// The response to send.
    pub response: R,
    /// The intent understood, as [`intent_label`] names it; none when the request
    /// took no turn (something the skill does not handle).
    pub intent: Option<&'s str>,
    /// Whether the turn started a session.
    pub new_session: bool,
    /// The platform's id for the request, when it is a plain id (at most 128 letters,
    /// digits and `.:_-`), never anything else it might hold.
    pub request_id: Option<String>,
}

/// Answers one request of platform `P` in its locale, remembering the person's
/// preferences in `memory` and, for a platform that carries no session, the conversation's
/// session in `sessions`; says what the server's log line and metrics may tell of the turn.
pub async fn answer<'s, P: Platform>(
    skills: &'s Skills,
    memory: &Memory,
    sessions: &Sessions,
    request: P::Request,
) -> Result<Answered<'s, P::Response<'s>>, RequestError> {
    let skill = skills.for_locale(P::locale(&request))?;
    let inbound = P::read(skill, request)?;
    if let Asked::Words(words) | Asked::Intent { words: Some(words), .. } = &inbound.asked {
        let length = words.chars().count();
        if length > P::MAX_UTTERANCE_CHARS {
            return Err(RequestError::TooManyWords { length, most: P::MAX_UTTERANCE_CHARS });
        }
    }
    let content = &skill.content;
    let request_id = inbound.request_id.filter(|id| looks_like_an_id(id));
    let kept = inbound.conversation.as_deref().map(|conversation| Sessions::key(P::LABEL, conversation));
    let (state, new_session) = match &kept {
        Some(key) => {
            let state = sessions.load(key).await;
            let new_session = state.is_none();
            (state, new_session)
        }
        None => (inbound.state, inbound.new_session),
    };
    let Some((request, understood)) = understand(skill, inbound.asked) else {
        // Acknowledged, and nothing said.
        let silence = Answer {
            understood: Understood { name: String::new(), confidence: 0.0 },
            speech: None,
            reprompt: None,
            end_session: true,
            rate: Rate::default(),
            state: Session::default().to_state(content),
            said: None,
        };
        return Ok(Answered {
            response: P::write(skill, inbound.context, silence),
            intent: None,
            new_session,
            request_id,
        });
    };
    let intent = intent_label(skill, &understood.name);
    let session = decode_session(content, state.as_deref());
    // A session that starts afresh, or whose state was lost, starts from what is remembered.
    let starts_afresh = new_session || session.is_none();
    let session = session.unwrap_or_default();
    let user_id = inbound.user_id.as_deref().filter(|user_id| !user_id.is_empty());
    let user = user_id.and_then(|user_id| memory.user_key(P::LABEL, user_id));
    let recalled = match &user {
        // Within a conversation that goes on, a read of a moment ago will do.
        Some(user) if starts_afresh => memory.recall(content, user, !new_session).await,
        _ => None,
    };
    let (rate_before, position_before) = (recalled.map_or(session.rate, |recalled| recalled.rate), session.position);
    let reply: Reply<'s> = skill.respond(Turn { request, session, remembered: recalled, rate_fixed: P::RATE_FIXED });
    if let Some(user) = user {
        // Only what this turn changed: a rate the person chose, and where they are now.
        let rate = Some(reply.session.rate).filter(|rate| *rate != rate_before);
        let resume = reply
            .session
            .position
            .filter(|position| Some(*position) != position_before)
            .map(|position| Remembered::resume_after(content, position));
        if rate.is_some() || resume.is_some() {
            // A new rate is kept before it is confirmed; where they are, soon after.
            memory.remember(content, user, rate, resume).await;
        }
    }
    let state = reply.session.to_state(content);
    if let Some(key) = &kept {
        sessions.keep(key, (!reply.end_session).then_some(&state)).await;
    }
    let answer = Answer {
        understood,
        speech: reply.speech,
        reprompt: reply.reprompt,
        end_session: reply.end_session,
        rate: reply.session.rate,
        state,
        said: reply.session.last,
    };
    Ok(Answered { response: P::write(skill, inbound.context, answer), intent: Some(intent), new_session, request_id })
}

/// Whether a platform's request id is a plain id, safe to log as it is.
fn looks_like_an_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b':' | b'_' | b'-'))
}

/// The session carried in `json`; none if it is missing, malformed, from another
/// version, or names anything the content does not have (a fresh session, then).
pub fn decode_session(content: &Content, json: Option<&RawValue>) -> Option<Session> {
    json.and_then(|json| serde_json::from_str::<SessionState<'_>>(json.get()).ok())
        .and_then(|state| Session::from_state(content, &state))
}

/// What `asked` asks for, and the intent understood; none for a request this skill does
/// not handle. Words of danger come first; then the intent the platform named, if the
/// model has it; then what the words are like; else the fallback.
fn understand(skill: &Skill, asked: Asked) -> Option<(Request, Understood)> {
    let resolved = |name: &str| Understood { name: name.to_owned(), confidence: 1.0 };
    Some(match asked {
        Asked::Launch => (Request::Launch, resolved(LAUNCH)),
        Asked::Ended => (Request::SessionEnded, resolved(SESSION_ENDED)),
        Asked::Unhandled => return None,
        Asked::Intent { name, slots, words } if skill.content.model.intent(&name).is_some() => {
            // The dialog reads no slots for the safety intents.
            let name = match words.as_deref().and_then(|words| skill.matcher.danger(words)) {
                Some(danger) => danger.intent().to_owned(),
                None => name,
            };
            let understood = resolved(&name);
            (Request::Intent { name, slots, certainty: Certainty::Sure }, understood)
        }
        Asked::Intent { name, slots, words: None } => {
            // A name the model lacks is the dialog's fallback; it is reported as given.
            let understood = resolved(&name);
            (Request::Intent { name, slots, certainty: Certainty::Sure }, understood)
        }
        Asked::Intent { words: Some(words), .. } | Asked::Words(words) if !words.trim().is_empty() => {
            let found = skill.matcher.best(&words);
            let understood = Understood { name: found.intent.clone(), confidence: found.confidence };
            (Request::Intent { name: found.intent, slots: found.slots, certainty: found.certainty }, understood)
        }
        Asked::Intent { .. } | Asked::Words(_) => {
            let name = BuiltIn::Fallback.name().to_owned();
            let request = Request::Intent { name: name.clone(), slots: BTreeMap::new(), certainty: Certainty::Sure };
            (request, Understood { name, confidence: 0.0 })
        }
    })
}

/// The intent name as it may appear in a log line or a metric: a name the model has (or a
/// launch or session end), else "unknown", since a name the model lacks came from outside
/// and could hold anything.
fn intent_label<'s>(skill: &'s Skill, name: &str) -> &'s str {
    match skill.content.model.intent(name) {
        Some(intent) => &intent.name,
        None => [LAUNCH, SESSION_ENDED].into_iter().find(|known| *known == name).unwrap_or("unknown"),
    }
}
