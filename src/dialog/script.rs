//! The script: every reply the dialog can give, rendered once at start-up.
//!
//! A reply is an [`Opening`] (what is said) followed by a [`Prompt`] (the question that
//! ends it). Both are small enumerations over the content, so the script renders the
//! whole cross product ahead of time and a request only looks its reply up.

use crate::content::Content;
use crate::speech::{self, RenderError, Rendered, Said, Speech, Voice};

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
    /// Help where the speaker reads plain words at its own speed: without the speed.
    HelpAtFixedRate,
    /// A change of speed asked for, where the speaker reads plain words at its own speed.
    RateFixed,
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
    /// A question heard, that the source does not answer: the care team can.
    NotCovered,
    /// A question about the person's own medicines or treatment: the care team.
    OwnMedicine,
    /// A missed, extra or wrong dose: call the care team now.
    WrongDose,
    /// Feelings: a warm acknowledgement, support, and the crisis line.
    Feelings,
    /// Violence or abuse told: the emergency number and a support line.
    Abuse,
    /// Sexual assault told: the emergency number and a support line.
    Assault,
    /// Help with alcohol, smoking or drugs: the helplines.
    Substance,
    /// Another device's command: Care Voice cannot do that.
    Device,
    /// A greeting answered.
    Hello,
    /// Thanks answered.
    Thanks,
    /// Who is speaking.
    WhoAmI,
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
    /// "Did you mean A, or B?", naming two parts by their numbers among every part
    /// (`Content::part_number`): Yes or "the first" speaks the first.
    Choose(usize, usize),
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

    /// Whether this opening only speaks of the speaking rate (a change of it confirmed,
    /// or not made).
    pub fn confirms_rate(self) -> bool {
        matches!(
            self,
            Opening::Slower
                | Opening::Faster
                | Opening::NormalSpeed
                | Opening::Slowest
                | Opening::Fastest
                | Opening::RateFixed
        )
    }

    /// Whether this opening apologises for words not understood.
    pub fn is_apology(self) -> bool {
        matches!(self, Opening::Fallback | Opening::FallbackAgain)
    }

    /// Whether "did you mean" may follow this opening: the question alone, or after an
    /// apology (each rendered for every pair of parts).
    pub fn may_ask_to_choose(self) -> bool {
        CHOOSING_OPENINGS.contains(&self)
    }
}

/// The openings that "did you mean" may follow: the question itself, and the apologies
/// that ask it again. (After anything else, a new speed say, the options follow: every
/// pair of parts times every opening would be most of the script.)
const CHOOSING_OPENINGS: [Opening; 3] = [Opening::Nothing, Opening::Fallback, Opening::FallbackAgain];

/// Openings that do not depend on a topic, in index order: every variant but a part.
fn fixed_openings() -> impl Iterator<Item = Opening> {
    <Opening as strum::IntoEnumIterator>::iter().filter(|opening| !matches!(opening, Opening::Part { .. }))
}

/// How many openings do not depend on a topic: all but [`Opening::Part`].
const N_FIXED_OPENINGS: usize = <Opening as strum::EnumCount>::COUNT - 1;

/// Every reply, pre-rendered, with the reprompt for every prompt.
#[derive(Debug)]
pub struct Script {
    /// Every opening with every prompt but "did you mean".
    replies: Vec<Said>,
    reprompts: Vec<Option<Said>>,
    /// "Did you mean A, or B?" after each of `CHOOSING_OPENINGS`, for every pair of parts.
    choices: Vec<Said>,
    /// "Did you mean A, or B?" asked again, for every pair of parts.
    choice_reprompts: Vec<Said>,
    /// Each part, with and without the disclaimer, beginning with what it is about, and
    /// ending with the question that follows it when it is asked for directly.
    read_backs: Vec<(Opening, Prompt, Said)>,
    /// For each topic, the index of its first part among all parts.
    part_offsets: Vec<usize>,
    n_topics: usize,
    n_parts: usize,
}

impl Script {
    /// Renders every reply the content allows.
    pub fn build(content: &Content, rendered: &mut Rendered) -> Result<Script, RenderError> {
        let n_topics = content.topics.len();
        let n_parts = content.n_parts();
        let part_offsets = content
            .topics
            .iter()
            .scan(0, |offset, topic| {
                let first = *offset;
                *offset += topic.parts.len();
                Some(first)
            })
            .collect();
        let mut script = Script {
            replies: Vec::new(),
            reprompts: Vec::new(),
            choices: Vec::new(),
            choice_reprompts: Vec::new(),
            read_backs: Vec::new(),
            part_offsets,
            n_topics,
            n_parts,
        };
        let prompts = script.prompts().collect::<Vec<_>>();
        let openings = script.openings(content).collect::<Vec<_>>();
        let voice = Voice::new(&content.locale)?;
        let mut render = |speech: Speech| speech::render(&speech, &voice, &content.locale, rendered);
        let mut replies = Vec::with_capacity(openings.len() * prompts.len());
        for opening in &openings {
            for prompt in &prompts {
                replies.push(render(reply_speech(content, *opening, *prompt))?);
            }
        }
        script.reprompts = prompts
            .iter()
            .map(|prompt| reprompt_speech(content, *prompt).map(&mut render).transpose())
            .collect::<Result<_, _>>()?;
        let pairs =
            || (0..n_parts).flat_map(move |first| (0..n_parts).map(move |second| Prompt::Choose(first, second)));
        script.choices = CHOOSING_OPENINGS
            .iter()
            .flat_map(|opening| pairs().map(move |prompt| (*opening, prompt)))
            .map(|(opening, prompt)| render(reply_speech(content, opening, prompt)))
            .collect::<Result<_, _>>()?;
        script.choice_reprompts = pairs()
            .map(|prompt| render(reprompt_speech(content, prompt).unwrap_or_default()))
            .collect::<Result<_, _>>()?;
        script.read_backs = read_backs(content)
            .map(|(opening, prompt, speech)| Ok((opening, prompt, render(speech)?)))
            .collect::<Result<_, RenderError>>()?;
        script.replies = replies;
        Ok(script)
    }

    /// The reply made of `opening` and `prompt`. "Did you mean" follows only the openings
    /// that may ask to choose (the dialog asks it after no other).
    pub fn reply(&self, opening: Opening, prompt: Prompt) -> &Said {
        match prompt {
            Prompt::Choose(first, second) => {
                let kind = CHOOSING_OPENINGS.iter().position(|choosing| *choosing == opening).unwrap_or(0);
                &self.choices[(kind * self.n_parts + first) * self.n_parts + second]
            }
            _ => &self.replies[self.index(opening, prompt)],
        }
    }

    /// The reply made of `opening`, a part, and `prompt`, beginning with what the part is
    /// about; none unless `prompt` is the one that follows the part when it is asked for.
    pub fn read_back(&self, opening: Opening, prompt: Prompt) -> Option<&Said> {
        self.read_backs
            .iter()
            .find(|(read, follows, _)| *read == opening && *follows == prompt)
            .map(|(_, _, said)| said)
    }

    /// What is said again after silence, for `prompt`; none when the session ends.
    pub fn reprompt(&self, prompt: Prompt) -> Option<&Said> {
        match prompt {
            Prompt::Choose(first, second) => Some(&self.choice_reprompts[first * self.n_parts + second]),
            _ => self.reprompts[self.prompt_index(prompt)].as_ref(),
        }
    }

    /// Everything that can be said: every reply and reprompt.
    pub fn all(&self) -> impl Iterator<Item = &Said> {
        self.replies
            .iter()
            .chain(self.reprompts.iter().flatten())
            .chain(&self.choices)
            .chain(&self.choice_reprompts)
            .chain(self.read_backs.iter().map(|(_, _, said)| said))
    }

    /// How many replies were rendered.
    pub fn n_replies(&self) -> usize {
        self.replies.len() + self.choices.len() + self.read_backs.len()
    }

    fn openings<'c>(&self, content: &'c Content) -> impl Iterator<Item = Opening> + 'c {
        let parts = content.topics.iter().enumerate().flat_map(|(topic, t)| {
            (0..t.parts.len())
                .flat_map(move |part| [false, true].map(|disclaimer| Opening::Part { topic, part, disclaimer }))
        });
        fixed_openings().chain(parts)
    }

    /// Every prompt but "did you mean", in index order.
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
            Prompt::Options | Prompt::Choose(..) => 2 * n + 1,
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

/// Each part that intents lead to, with and without the disclaimer, read back: the
/// opening, the prompt that follows it when it is asked for directly, and the speech.
fn read_backs(content: &Content) -> impl Iterator<Item = (Opening, Prompt, Speech)> + '_ {
    content.topics.iter().enumerate().flat_map(move |(topic, t)| {
        t.parts.iter().enumerate().filter(|(_, part)| !part.intents.is_empty()).flat_map(move |(part, p)| {
            // As the dialog continues after a part asked for directly: a topic's start
            // walks the topic; a later part offers the rest of it.
            let prompt = if part > 0 {
                Prompt::More(topic)
            } else if t.parts.len() > 1 {
                Prompt::GoOn
            } else {
                t.next.map_or(Prompt::Options, Prompt::Offer)
            };
            [false, true].map(move |disclaimer| {
                let opening = Opening::Part { topic, part, disclaimer };
                let said_back = Speech::default().paragraph(content.framing.read_back(&p.about));
                let speech = said_back.then(opening_speech(content, opening, prompt));
                (opening, prompt, with_prompt(content, speech, prompt))
            })
        })
    })
}

fn options(content: &Content, prompt: Prompt) -> Option<String> {
    match prompt {
        Prompt::Options => Some(content.options_sentence(None)),
        Prompt::OptionsExcept(topic) => Some(content.options_sentence(Some(topic))),
        Prompt::Offer(_) | Prompt::More(_) | Prompt::GoOn | Prompt::End | Prompt::Choose(..) => None,
    }
}

/// The question that ends a reply with `prompt`, naming what can be asked.
fn options_question(content: &Content, prompt: Prompt) -> String {
    match prompt {
        Prompt::OptionsExcept(topic) => content.options_question(Some(topic)),
        _ => content.options_question(None),
    }
}

fn reply_speech(content: &Content, opening: Opening, prompt: Prompt) -> Speech {
    let framing = &content.framing;
    match opening {
        Opening::FallbackAgain => {
            // A shorter prompt than the open question, naming the choices.
            let speech = Speech::default().paragraph(&framing.fallback_again);
            match (options(content, prompt), prompt) {
                (Some(_), _) => speech.paragraph(&framing.or_help).question(options_question(content, prompt)),
                (None, Prompt::End) => speech,
                (None, Prompt::Choose(..)) => with_prompt(content, speech, prompt),
                (None, _) => speech.question(&framing.just_yes_or_no),
            }
        }
        Opening::Topics if options(content, prompt).is_some() => {
            opening_speech(content, opening, prompt).question(&framing.which)
        }
        _ => with_prompt(content, opening_speech(content, opening, prompt), prompt),
    }
}

/// What `opening` says, before the question of `prompt`.
fn opening_speech(content: &Content, opening: Opening, prompt: Prompt) -> Speech {
    let framing = &content.framing;
    let safety = &content.safety;
    // Openings that name what can be asked do so themselves only when the prompt does not.
    let options_unless_prompted = || options(content, prompt).is_none().then(|| content.options_sentence(None));
    let speech = Speech::default();
    match opening {
        Opening::Welcome => {
            speech.paragraphs(&framing.welcome).paragraph(&framing.disclaimer).paragraphs(options_unless_prompted())
        }
        Opening::WelcomeBack => speech.paragraph(&framing.welcome_back),
        Opening::Emergency => speech.paragraphs(&safety.emergency),
        Opening::Crisis => speech.paragraphs(&safety.crisis),
        Opening::Slower => speech.paragraph(&framing.slower),
        Opening::Faster => speech.paragraph(&framing.faster),
        Opening::NormalSpeed => speech.paragraph(&framing.normal_speed),
        Opening::Slowest => speech.paragraph(&framing.slowest),
        Opening::Fastest => speech.paragraph(&framing.fastest),
        Opening::Help | Opening::HelpAtFixedRate => {
            let (first, rest) = framing.help.split_first().expect("help has the emergency number");
            let rate = (opening == Opening::Help).then_some(&framing.help_rate);
            speech
                .paragraph(first)
                .paragraphs(rate)
                .paragraphs(rest)
                .paragraph(&framing.disclaimer)
                .paragraphs(options_unless_prompted())
        }
        Opening::RateFixed => speech.paragraph(&framing.rate_fixed),
        Opening::Fallback => speech.paragraph(&framing.fallback),
        Opening::FallbackAgain => speech.paragraph(&framing.fallback_again),
        Opening::Topics => speech.paragraph(content.topics_sentence()),
        Opening::Declined => speech.paragraph(&framing.declined),
        Opening::AtStart => speech.paragraph(&framing.at_start),
        Opening::AtEnd => speech.paragraph(&framing.at_end),
        Opening::Goodbye => speech.paragraphs(&framing.goodbye),
        Opening::Nothing => speech,
        Opening::NotCovered => speech.paragraph(&framing.not_covered),
        Opening::OwnMedicine => speech.paragraph(&framing.own_medicine),
        Opening::WrongDose => speech.paragraphs(&safety.wrong_dose),
        Opening::Feelings => speech.paragraphs(&safety.feelings),
        Opening::Abuse => speech.paragraphs(&safety.abuse),
        Opening::Assault => speech.paragraphs(&safety.assault),
        Opening::Substance => speech.paragraphs(&safety.substance),
        Opening::Device => speech.paragraph(&framing.device),
        Opening::Hello => speech.paragraph(&framing.hello),
        Opening::Thanks => speech.paragraph(&framing.thanks),
        Opening::WhoAmI => speech.paragraph(&framing.who_am_i),
        Opening::Part { topic, part, disclaimer } => speech
            .paragraphs(disclaimer.then_some(&framing.disclaimer))
            .paragraph(&content.topics[topic].parts[part].text),
    }
}

/// `speech`, ending with the question of `prompt`.
fn with_prompt(content: &Content, speech: Speech, prompt: Prompt) -> Speech {
    match prompt {
        Prompt::Offer(topic) => speech.question(&content.topics[topic].offer),
        Prompt::More(topic) => speech.question(more(content, topic)),
        Prompt::GoOn => speech.question(&content.framing.go_on),
        Prompt::Options | Prompt::OptionsExcept(_) => speech.question(options_question(content, prompt)),
        Prompt::Choose(first, second) => speech.question(did_you_mean(content, first, second)),
        Prompt::End => speech,
    }
}

/// "Did you mean A, or B?", naming the parts numbered `first` and `second`.
fn did_you_mean(content: &Content, first: usize, second: usize) -> String {
    let about = |number: usize| {
        let entry = content.entry_at(number);
        content.topics[entry.topic].parts[entry.part].about.as_str()
    };
    content.framing.did_you_mean(about(first), about(second))
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
        Prompt::Choose(first, second) => {
            Some(speech.paragraph(did_you_mean(content, first, second)).question(&framing.first_or_second))
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
        let script = Script::build(&content, &mut Rendered::default()).unwrap();
        // Replies are rendered in this order, and looked up by index.
        let pairs = script.openings(&content).flat_map(|opening| script.prompts().map(move |prompt| (opening, prompt)));
        let indices: Vec<usize> = pairs.map(|(opening, prompt)| script.index(opening, prompt)).collect();
        assert_eq!(indices, (0..script.replies.len()).collect::<Vec<_>>());
        assert_eq!(fixed_openings().count(), N_FIXED_OPENINGS);
        for opening in fixed_openings() {
            assert_eq!(Opening::from_name(opening.name()), Some(opening));
        }
        assert_eq!(Opening::from_name("part"), None);
        assert_eq!(Opening::WelcomeBack.name(), "welcome_back");
    }

    #[test]
    fn every_reply_that_asks_ends_with_a_question_mark_in_every_locale() {
        // A speaker that listens again after a question (Home Assistant) knows it by this.
        for files in Files::embedded_all() {
            let content = Content::load(&files).unwrap();
            let script = Script::build(&content, &mut Rendered::default()).unwrap();
            let asking = script.prompts().filter(|prompt| *prompt != Prompt::End).collect::<Vec<_>>();
            assert!(asking.len() > 3);
            for opening in script.openings(&content) {
                for prompt in &asking {
                    let text = script.reply(opening, *prompt).text();
                    assert!(text.ends_with('?'), "{}: {opening:?} {prompt:?}: {text}", content.locale);
                }
            }
            for (opening, prompt, said) in &script.read_backs {
                assert!(said.text().ends_with('?') || *prompt == Prompt::End, "{opening:?}: {}", said.text());
            }
            assert!(script.choices.iter().all(|said| said.text().ends_with('?')));
            let ending = script.reply(Opening::Goodbye, Prompt::End).text();
            assert!(!ending.ends_with('?'), "{ending}");
        }
    }
}
