//! The script: every reply the dialog can give, rendered once at start-up.
//!
//! A reply is an [`Opening`] (what is said) followed by a [`Prompt`] (the question that
//! ends it). Both are small enumerations over the content, so the script renders the
//! whole cross product ahead of time and a request only looks its reply up.

use crate::content::Content;
use crate::speech::{self, RenderError, Said, Speech, Voice};

/// What a reply says before its closing question. Its name (snake case: "welcome_back")
/// is what session state carries; every part is "part".
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::EnumCount, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Opening {
    /// The greeting, with the disclaimer and what can be asked.
    Welcome,
    /// The brief greeting for someone who has been here before.
    WelcomeBack,
    /// A medical emergency: call the emergency number now.
    Emergency,
    /// Thoughts of self-harm or suicide: the emergency number and the crisis line.
    Crisis,
    /// Confirms a slower rate.
    Slower,
    /// Confirms a faster rate.
    Faster,
    /// Confirms the normal rate.
    NormalSpeed,
    /// Already at the slowest rate.
    Slowest,
    /// Already at the fastest rate.
    Fastest,
    /// How to use the skill, with the disclaimer.
    Help,
    /// Words not understood: a short apology before the open question.
    Fallback,
    /// Words not understood twice in a row: an apology before a shorter prompt.
    FallbackAgain,
    /// Every topic that can be asked about.
    Topics,
    /// A question answered no.
    Declined,
    /// Previous with nowhere to go.
    AtStart,
    /// Next with nowhere to go.
    AtEnd,
    /// The closing words.
    Goodbye,
    /// Nothing before the prompt.
    Nothing,
    /// One part of a topic, with the disclaimer first if it has not been said yet.
    Part {
        /// The topic's index.
        topic: usize,
        /// The part's index within the topic.
        part: usize,
        /// Whether the disclaimer comes first.
        disclaimer: bool,
    },
}

/// The question that ends a reply; it decides what Yes and No mean next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Prompt {
    /// Offers a topic: Yes starts it.
    Offer(usize),
    /// Offers the rest of a topic after one of its later parts: Yes speaks the others.
    More(usize),
    /// "Shall I go on?": Yes speaks the next part.
    GoOn,
    /// Lists what can be asked, leaving out one topic if it was just declined.
    #[default]
    Options,
    /// Like [`Prompt::Options`], without the topic just declined.
    OptionsExcept(usize),
    /// No question: the session ends.
    End,
}

impl Opening {
    /// The opening's stable name, as session state carries it ("part" for every part).
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The opening, other than a part, with this name.
    pub fn from_name(name: &str) -> Option<Opening> {
        fixed_openings().find(|opening| opening.name() == name)
    }

    /// Whether this opening only confirms a change of speaking rate.
    pub fn confirms_rate(self) -> bool {
        matches!(self, Opening::Slower | Opening::Faster | Opening::NormalSpeed | Opening::Slowest | Opening::Fastest)
    }

    /// Whether this opening apologises for words not understood.
    pub fn is_apology(self) -> bool {
        matches!(self, Opening::Fallback | Opening::FallbackAgain)
    }
}

/// Openings that do not depend on a topic, in index order: every variant but a part.
fn fixed_openings() -> impl Iterator<Item = Opening> {
    <Opening as strum::IntoEnumIterator>::iter().filter(|opening| !matches!(opening, Opening::Part { .. }))
}

/// How many openings do not depend on a topic: all but [`Opening::Part`].
const N_FIXED_OPENINGS: usize = <Opening as strum::EnumCount>::COUNT - 1;

/// Every reply, pre-rendered, with the reprompt for every prompt.
#[derive(Debug)]
pub struct Script {
    replies: Vec<Said>,
    reprompts: Vec<Option<Said>>,
    /// For each topic, the index of its first part among all parts.
    part_offsets: Vec<usize>,
    n_topics: usize,
}

impl Script {
    /// Renders every reply the content allows.
    pub fn build(content: &Content) -> Result<Script, RenderError> {
        let n_topics = content.topics.len();
        let part_offsets = content
            .topics
            .iter()
            .scan(0, |offset, topic| {
                let first = *offset;
                *offset += topic.parts.len();
                Some(first)
            })
            .collect();
        let mut script = Script { replies: Vec::new(), reprompts: Vec::new(), part_offsets, n_topics };
        let prompts = script.prompts().collect::<Vec<_>>();
        let openings = script.openings(content).collect::<Vec<_>>();
        let voice = Voice::new(&content.locale)?;
        let mut replies = Vec::with_capacity(openings.len() * prompts.len());
        for opening in &openings {
            for prompt in &prompts {
                replies.push(speech::render(&reply_speech(content, *opening, *prompt), &voice, &content.locale)?);
            }
        }
        script.reprompts = prompts
            .iter()
            .map(|prompt| {
                reprompt_speech(content, *prompt)
                    .map(|speech| speech::render(&speech, &voice, &content.locale))
                    .transpose()
            })
            .collect::<Result<_, _>>()?;
        script.replies = replies;
        Ok(script)
    }

    /// The reply made of `opening` and `prompt`.
    pub fn reply(&self, opening: Opening, prompt: Prompt) -> &Said {
        &self.replies[self.index(opening, prompt)]
    }

    /// What is said again after silence, for `prompt`; none when the session ends.
    pub fn reprompt(&self, prompt: Prompt) -> Option<&Said> {
        self.reprompts[self.prompt_index(prompt)].as_ref()
    }

    /// Everything that can be said: every reply and reprompt.
    pub fn all(&self) -> impl Iterator<Item = &Said> {
        self.replies.iter().chain(self.reprompts.iter().flatten())
    }

    /// How many replies were rendered.
    pub fn n_replies(&self) -> usize {
        self.replies.len()
    }

    fn openings<'c>(&self, content: &'c Content) -> impl Iterator<Item = Opening> + 'c {
        let parts = content.topics.iter().enumerate().flat_map(|(topic, t)| {
            (0..t.parts.len())
                .flat_map(move |part| [false, true].map(|disclaimer| Opening::Part { topic, part, disclaimer }))
        });
        fixed_openings().chain(parts)
    }

    fn prompts(&self) -> impl Iterator<Item = Prompt> + use<> {
        let n_topics = self.n_topics;
        (0..n_topics)
            .map(Prompt::Offer)
            .chain((0..n_topics).map(Prompt::More))
            .chain([Prompt::GoOn, Prompt::Options, Prompt::End])
            .chain((0..n_topics).map(Prompt::OptionsExcept))
    }

    fn n_prompts(&self) -> usize {
        3 * self.n_topics + 3
    }

    fn prompt_index(&self, prompt: Prompt) -> usize {
        let n = self.n_topics;
        match prompt {
            Prompt::Offer(topic) => topic,
            Prompt::More(topic) => n + topic,
            Prompt::GoOn => 2 * n,
            Prompt::Options => 2 * n + 1,
            Prompt::End => 2 * n + 2,
            Prompt::OptionsExcept(topic) => 2 * n + 3 + topic,
        }
    }

    fn opening_index(&self, opening: Opening) -> usize {
        match opening {
            Opening::Part { topic, part, disclaimer } => {
                N_FIXED_OPENINGS + 2 * (self.part_offsets[topic] + part) + usize::from(disclaimer)
            }
            fixed => fixed_openings().position(|candidate| candidate == fixed).expect("every other opening is fixed"),
        }
    }

    fn index(&self, opening: Opening, prompt: Prompt) -> usize {
        self.opening_index(opening) * self.n_prompts() + self.prompt_index(prompt)
    }
}

fn options(content: &Content, prompt: Prompt) -> Option<String> {
    match prompt {
        Prompt::Options => Some(content.options_sentence(None)),
        Prompt::OptionsExcept(topic) => Some(content.options_sentence(Some(topic))),
        Prompt::Offer(_) | Prompt::More(_) | Prompt::GoOn | Prompt::End => None,
    }
}

fn reply_speech(content: &Content, opening: Opening, prompt: Prompt) -> Speech {
    let framing = &content.framing;
    let prompt_lists_options = options(content, prompt).is_some();
    // Openings that name what can be asked do so themselves only when the prompt does not.
    let options_unless_prompted = || (!prompt_lists_options).then(|| content.options_sentence(None));
    let speech = match opening {
        Opening::Welcome => Speech::default()
            .paragraphs(&framing.welcome)
            .paragraph(&framing.disclaimer)
            .paragraphs(options_unless_prompted()),
        Opening::WelcomeBack => Speech::default().paragraph(&framing.welcome_back),
        Opening::Emergency => Speech::default().paragraphs(&content.safety.emergency),
        Opening::Crisis => Speech::default().paragraphs(&content.safety.crisis),
        Opening::Slower => Speech::default().paragraph(&framing.slower),
        Opening::Faster => Speech::default().paragraph(&framing.faster),
        Opening::NormalSpeed => Speech::default().paragraph(&framing.normal_speed),
        Opening::Slowest => Speech::default().paragraph(&framing.slowest),
        Opening::Fastest => Speech::default().paragraph(&framing.fastest),
        Opening::Help => Speech::default()
            .paragraphs(&framing.help)
            .paragraph(&framing.disclaimer)
            .paragraphs(options_unless_prompted()),
        Opening::Fallback => Speech::default().paragraph(&framing.fallback),
        Opening::FallbackAgain => {
            // A shorter prompt than the open question, naming the choices.
            let speech = Speech::default().paragraph(&framing.fallback_again);
            return match options(content, prompt) {
                Some(options) => speech.paragraph(options).question(&framing.or_help),
                None if prompt == Prompt::End => speech,
                None => speech.question(&framing.just_yes_or_no),
            };
        }
        Opening::Topics => {
            let speech = Speech::default().paragraph(content.topics_sentence());
            if prompt_lists_options {
                return speech.question(&framing.which);
            }
            speech
        }
        Opening::Declined => Speech::default().paragraph(&framing.declined),
        Opening::AtStart => Speech::default().paragraph(&framing.at_start),
        Opening::AtEnd => Speech::default().paragraph(&framing.at_end),
        Opening::Goodbye => Speech::default().paragraphs(&framing.goodbye),
        Opening::Nothing => Speech::default(),
        Opening::Part { topic, part, disclaimer } => Speech::default()
            .paragraphs(disclaimer.then_some(&framing.disclaimer))
            .paragraph(&content.topics[topic].parts[part].text),
    };
    match prompt {
        Prompt::Offer(topic) => speech.question(&content.topics[topic].offer),
        Prompt::More(topic) => speech.question(more(content, topic)),
        Prompt::GoOn => speech.question(&framing.go_on),
        Prompt::Options | Prompt::OptionsExcept(_) => speech.question(options(content, prompt).unwrap_or_default()),
        Prompt::End => speech,
    }
}

/// The question that offers the rest of `topic`: its `more`, else its `offer`.
fn more(content: &Content, topic: usize) -> &str {
    let topic = &content.topics[topic];
    topic.more.as_deref().unwrap_or(&topic.offer)
}

fn reprompt_speech(content: &Content, prompt: Prompt) -> Option<Speech> {
    let framing = &content.framing;
    let speech = Speech::default();
    match prompt {
        Prompt::Offer(topic) => Some(speech.paragraph(&content.topics[topic].offer).question(&framing.yes_or_no)),
        Prompt::More(topic) => Some(speech.paragraph(more(content, topic)).question(&framing.yes_or_no)),
        Prompt::GoOn => Some(speech.paragraph(&framing.go_on).question(&framing.yes_or_no)),
        Prompt::Options | Prompt::OptionsExcept(_) => {
            Some(speech.paragraphs(options(content, prompt)).question(&framing.or_stop))
        }
        Prompt::End => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Files;

    #[test]
    fn every_reply_has_its_own_index_and_every_opening_a_name_that_reads_back() {
        let content = Content::load(&Files::embedded()).unwrap();
        let script = Script::build(&content).unwrap();
        // Replies are rendered in this order, and looked up by index.
        let pairs = script.openings(&content).flat_map(|opening| script.prompts().map(move |prompt| (opening, prompt)));
        let indices: Vec<usize> = pairs.map(|(opening, prompt)| script.index(opening, prompt)).collect();
        assert_eq!(indices, (0..script.n_replies()).collect::<Vec<_>>());
        assert_eq!(fixed_openings().count(), N_FIXED_OPENINGS);
        for opening in fixed_openings() {
            assert_eq!(Opening::from_name(opening.name()), Some(opening));
        }
        assert_eq!(Opening::from_name("part"), None);
        assert_eq!(Opening::WelcomeBack.name(), "welcome_back");
    }
}
