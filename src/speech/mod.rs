//! Speech rendering: turns structured [`Speech`] into SSML documents for each platform
//! flavor, with the `ssml` crate, and checks them against the platforms' limits.
//!
//! This is the `src/speech` module (code); the repository's `speech/` directory holds
//! the words themselves (data).
//!
//! Nothing here builds markup by hand: every element comes from `ssml`, which escapes
//! text by construction.

use std::collections::hash_map::Entry;
use std::sync::{Arc, LazyLock};

use rustc_hash::FxHashMap;
use serde_json::value::RawValue;
use ssml::Serialize;

/// The SSML dialect a platform speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// Amazon Alexa: a bare `<speak>` root, Amazon Polly's tag set.
    Alexa,
    /// Standard SSML 1.0 with namespace and language, for the simulated API.
    Generic,
    /// Google's text-to-speech, for Dialogflow: no Alexa-only tags (`amazon:*`, `w`).
    Google,
}

impl Flavor {
    /// Every flavor, in the order [`Said`] stores them.
    pub const ALL: [Flavor; 3] = [Flavor::Alexa, Flavor::Generic, Flavor::Google];

    /// Whether `ssml` is within what one speech field of this flavor may carry: Alexa
    /// refuses output speech over 8,000 characters, Google's text-to-speech input over
    /// 5,000 bytes.
    pub fn within_limit(self, ssml: &str) -> bool {
        self.fits(ssml.chars().count(), ssml.len())
    }

    /// Whether a document of `chars` characters and `bytes` bytes is within the limit.
    fn fits(self, chars: usize, bytes: usize) -> bool {
        match self {
            Flavor::Alexa | Flavor::Generic => chars <= 8_000,
            Flavor::Google => bytes <= 5_000,
        }
    }

    fn ssml_flavor(self) -> ssml::Flavor {
        match self {
            Flavor::Alexa => ssml::Flavor::AmazonPolly,
            Flavor::Generic => ssml::Flavor::Generic,
            Flavor::Google => ssml::Flavor::GoogleCloudTextToSpeech,
        }
    }
}

/// How fast the skill speaks. Everything is said at the person's chosen rate, within
/// what Alexa (20% to 200%) and Google (25% to 400%) accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rate {
    /// 70% of the voice's normal rate.
    Slowest,
    /// 85%.
    Slow,
    /// The voice's own rate.
    #[default]
    Normal,
    /// 115%.
    Fast,
}

impl Rate {
    /// Every rate, slowest first, in the order [`Said`] stores them.
    pub const ALL: [Rate; 4] = [Rate::Slowest, Rate::Slow, Rate::Normal, Rate::Fast];

    /// The rate as a fraction of the voice's normal rate.
    pub const fn factor(self) -> f32 {
        match self {
            Rate::Slowest => 0.70,
            Rate::Slow => 0.85,
            Rate::Normal => 1.0,
            Rate::Fast => 1.15,
        }
    }

    /// One step slower, if there is one.
    pub fn slower(self) -> Option<Rate> {
        Rate::ALL.iter().position(|rate| *rate == self).and_then(|idx| idx.checked_sub(1)).map(|idx| Rate::ALL[idx])
    }

    /// One step faster, if there is one.
    pub fn faster(self) -> Option<Rate> {
        Rate::ALL.iter().position(|rate| *rate == self).and_then(|idx| Rate::ALL.get(idx + 1)).copied()
    }

    /// The rate's stable name, for session state and storage.
    pub const fn name(self) -> &'static str {
        match self {
            Rate::Slowest => "slowest",
            Rate::Slow => "slow",
            Rate::Normal => "normal",
            Rate::Fast => "fast",
        }
    }

    /// The rate with this name.
    pub fn from_name(name: &str) -> Option<Rate> {
        Rate::ALL.into_iter().find(|rate| rate.name() == name)
    }
}

/// What to say, as structure: paragraphs, then at most one question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Speech {
    paragraphs: Vec<String>,
    question: Option<String>,
}

impl Speech {
    /// Adds a paragraph; a pause follows it.
    pub fn paragraph(mut self, text: impl Into<String>) -> Speech {
        self.paragraphs.push(text.into());
        self
    }

    /// Adds several paragraphs.
    pub fn paragraphs<S: Into<String>>(self, texts: impl IntoIterator<Item = S>) -> Speech {
        texts.into_iter().fold(self, Speech::paragraph)
    }

    /// Ends with a question, after a pause; replaces any earlier question.
    pub fn question(mut self, text: impl Into<String>) -> Speech {
        self.question = Some(text.into());
        self
    }

    /// This speech, then `other`'s paragraphs, and `other`'s question if it has one.
    pub fn then(mut self, other: Speech) -> Speech {
        self.paragraphs.extend(other.paragraphs);
        if other.question.is_some() {
            self.question = other.question;
        }
        self
    }

    /// The words, in the order they are spoken.
    fn blocks(&self) -> impl Iterator<Item = &str> {
        self.paragraphs.iter().chain(&self.question).map(String::as_str)
    }
}

/// The SSML around a document's body, for every rate and flavor (the `<speak>` element,
/// and the `<prosody>` element of a rate other than normal): rendered once per language.
#[derive(Debug)]
pub struct Voice {
    around: [[Around; Flavor::ALL.len()]; Rate::ALL.len()],
    /// The pause before a paragraph that follows another.
    paragraph_pause: Box<str>,
    /// The pause before the question, after a paragraph.
    question_pause: Box<str>,
}

/// What goes before and after a body, as SSML and escaped for a JSON string.
#[derive(Debug, Default)]
struct Around {
    before: Box<str>,
    after: Box<str>,
    before_json: Box<str>,
    after_json: Box<str>,
}

impl Voice {
    /// Renders the SSML around a body, for every rate and flavor, in the language `lang`
    /// (e.g. `en-US`).
    pub fn new(lang: &str) -> Result<Arc<Voice>, RenderError> {
        // A character no speech contains, to find where the body goes.
        const MARK: &str = "\u{E000}";
        let body = |speech: &Speech| -> Result<String, RenderError> {
            let document = render_one(speech, lang, Flavor::Alexa, Rate::Normal)?;
            let (_, body) = document.split_once(MARK).ok_or(RenderError::Shape)?;
            Ok(body.rsplit_once(MARK).ok_or(RenderError::Shape)?.0.to_owned())
        };
        let paragraph_pause = body(&Speech::default().paragraph(MARK).paragraph(MARK))?.into();
        let question_pause = body(&Speech::default().paragraph(MARK).question(MARK))?.into();
        let mut around: [[Around; Flavor::ALL.len()]; Rate::ALL.len()] = Default::default();
        for rate in Rate::ALL {
            for flavor in Flavor::ALL {
                let document = render_one(&Speech::default().paragraph(MARK), lang, flavor, rate)?;
                let (before, after) = document.split_once(MARK).ok_or(RenderError::Shape)?;
                around[rate as usize][flavor as usize] = Around {
                    before: before.into(),
                    after: after.into(),
                    before_json: json_escaped(before),
                    after_json: json_escaped(after),
                };
            }
        }
        Ok(Arc::new(Voice { around, paragraph_pause, question_pause }))
    }
}

/// Speech rendered ahead of time: its [`Words`], and the [`Voice`] that puts their SSML
/// body in a document for each rate and flavor.
#[derive(Debug, Clone)]
pub struct Said {
    words: Arc<Words>,
    voice: Arc<Voice>,
}

/// The words of rendered speech, kept once however many replies, in however many locales,
/// say them alike ([`Rendered`]): the plain words as a JSON string, and the SSML body
/// escaped for one, since every reply carries its SSML in JSON. The plain words are the
/// JSON string without its quotes, unless they needed escaping.
#[derive(Debug)]
struct Words {
    text_json: Box<RawValue>,
    /// The plain words, only when the JSON string is not them in quotes.
    escaped_text: Option<Box<str>>,
    /// The SSML body in pieces, each a paragraph or the question with the pause before it:
    /// a piece is kept once however many replies say it (most replies share their opening
    /// with some and their question with others).
    body_json: Box<[Arc<str>]>,
    /// The body's length in characters and in bytes, for the platforms' limits.
    body_chars: usize,
    body_bytes: usize,
}

/// The speech rendered so far, so that speech said alike is rendered once and shares one
/// [`Words`] (the SSML body does not depend on the language), and each piece of SSML is
/// kept once. Kept while the skill loads, then dropped.
#[derive(Debug, Default)]
pub struct Rendered {
    words: FxHashMap<Speech, Arc<Words>>,
    pieces: FxHashMap<(Pause, String), Arc<str>>,
}

/// The pause before a piece of the SSML body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Pause {
    /// None: the first piece.
    None,
    /// Between paragraphs.
    Paragraph,
    /// Before the question.
    Question,
}

impl Said {
    /// The plain words, for display, cards and the terminal.
    pub fn text(&self) -> &str {
        self.words.text()
    }

    /// The plain words as a JSON string, escaped once ahead of time for the replies
    /// that carry them several times.
    pub fn text_json(&self) -> &RawValue {
        &self.words.text_json
    }

    /// The SSML document for `flavor`, spoken at `rate`, as a JSON string: put together
    /// from pieces escaped ahead of time.
    pub fn ssml_json(&self, flavor: Flavor, rate: Rate) -> Box<RawValue> {
        let around = &self.voice.around[rate as usize][flavor as usize];
        let pieces = || {
            std::iter::once(&*around.before_json)
                .chain(self.words.body_json.iter().map(|piece| &**piece))
                .chain(std::iter::once(&*around.after_json))
        };
        let mut json = String::with_capacity(pieces().map(str::len).sum::<usize>() + 2);
        json.push('"');
        pieces().for_each(|piece| json.push_str(piece));
        json.push('"');
        RawValue::from_string(json).expect("escaped pieces of JSON strings make one in quotes")
    }

    /// The SSML document for `flavor`, spoken at `rate`.
    pub fn ssml(&self, flavor: Flavor, rate: Rate) -> String {
        serde_json::from_str(self.ssml_json(flavor, rate).get()).expect("a JSON string")
    }
}

/// The words of `said` as a JSON string; an empty string when nothing is said.
pub fn text_json(said: Option<&Said>) -> &RawValue {
    static NOTHING: LazyLock<Box<RawValue>> =
        LazyLock::new(|| RawValue::from_string(r#""""#.to_owned()).expect("an empty JSON string"));
    said.map_or(&NOTHING, Said::text_json)
}

/// Why speech could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The `ssml` crate refused the document.
    #[error("cannot build SSML: {0}")]
    Ssml(#[from] ssml::Error),
    /// The `ssml` crate wrote a document of a shape this module does not expect.
    #[error("the SSML document does not have the expected shape")]
    Shape,
    /// The document is longer than the platform accepts.
    #[error("{flavor:?} SSML of {bytes} bytes is over the platform's limit: {text:?}")]
    TooLong {
        /// The flavor.
        flavor: Flavor,
        /// Its length in bytes.
        bytes: usize,
        /// The words, to find them in the content.
        text: String,
    },
}

/// Renders `speech` once: its words, and its SSML body, which `voice` (of the language
/// to speak) puts in a document for each rate and flavor; speech `rendered` already holds
/// is not rendered again, and shares its words. Checks every document against its
/// platform's limit.
pub fn render(speech: &Speech, voice: &Arc<Voice>, lang: &str, rendered: &mut Rendered) -> Result<Said, RenderError> {
    let words = match rendered.words.get(speech) {
        Some(words) => words.clone(),
        None => {
            let words = Arc::new(words(speech, voice, lang, &mut rendered.pieces)?);
            rendered.words.insert(speech.clone(), words.clone());
            words
        }
    };
    for rate in Rate::ALL {
        for flavor in Flavor::ALL {
            let Around { before, after, .. } = &voice.around[rate as usize][flavor as usize];
            let chars = before.chars().count() + words.body_chars + after.chars().count();
            let bytes = before.len() + words.body_bytes + after.len();
            if !flavor.fits(chars, bytes) {
                return Err(RenderError::TooLong { flavor, bytes, text: words.text().to_owned() });
            }
        }
    }
    Ok(Said { words, voice: voice.clone() })
}

/// The words of `speech`, and its SSML body: its document in `voice` without what the
/// voice puts around it, in pieces (see [`Words::body_json`]) shared through `pieces`.
fn words(
    speech: &Speech,
    voice: &Voice,
    lang: &str,
    pieces: &mut FxHashMap<(Pause, String), Arc<str>>,
) -> Result<Words, RenderError> {
    let text = speech.blocks().collect::<Vec<_>>().join(" ");
    let document = render_one(speech, lang, Flavor::Alexa, Rate::Normal)?;
    let body = match voice.body_of(&document) {
        Some(body) => body,
        None if text.is_empty() => "",
        None => return Err(RenderError::Shape),
    };
    let paused = speech
        .paragraphs
        .iter()
        .enumerate()
        .map(|(idx, paragraph)| (if idx == 0 { Pause::None } else { Pause::Paragraph }, paragraph));
    let question = speech
        .question
        .iter()
        .map(|question| (if speech.paragraphs.is_empty() { Pause::None } else { Pause::Question }, question));
    let body_json = paused
        .chain(question)
        .map(|(pause, block)| match pieces.entry((pause, block.clone())) {
            Entry::Occupied(piece) => Ok(piece.get().clone()),
            Entry::Vacant(place) => {
                let ssml = format!("{}{}", voice.pause(pause), block_ssml(block, voice, lang)?);
                Ok(place.insert(json_escaped(&ssml).into()).clone())
            }
        })
        .collect::<Result<Box<[_]>, RenderError>>()?;
    // The pieces are put together as they are: they must make the document's body.
    if body_json.concat() != *json_escaped(body) {
        return Err(RenderError::Shape);
    }
    let text_json = serde_json::value::to_raw_value(&text).expect("a string is always valid JSON");
    let escaped_text = (unquoted(text_json.get()) != text).then(|| text.into());
    Ok(Words { text_json, escaped_text, body_json, body_chars: body.chars().count(), body_bytes: body.len() })
}

/// `text` escaped for a JSON string, without the quotes around it.
fn json_escaped(text: &str) -> Box<str> {
    unquoted(&serde_json::to_string(text).expect("a string is always valid JSON")).into()
}

/// A JSON string without the quotes around it.
fn unquoted(json: &str) -> &str {
    &json[1..json.len() - 1]
}

/// One paragraph or question as SSML, without the pause before it.
fn block_ssml(block: &str, voice: &Voice, lang: &str) -> Result<String, RenderError> {
    let document = render_one(&Speech::default().paragraph(block), lang, Flavor::Alexa, Rate::Normal)?;
    voice.body_of(&document).map(str::to_owned).ok_or(RenderError::Shape)
}

impl Voice {
    /// The body of `document`, a document of this voice for Alexa at the normal rate:
    /// without what the voice puts around it.
    fn body_of<'d>(&self, document: &'d str) -> Option<&'d str> {
        let Around { before, after, .. } = &self.around[Rate::Normal as usize][Flavor::Alexa as usize];
        document.strip_prefix(&**before)?.strip_suffix(&**after)
    }

    /// The SSML of the pause before a piece of a body.
    fn pause(&self, pause: Pause) -> &str {
        match pause {
            Pause::None => "",
            Pause::Paragraph => &self.paragraph_pause,
            Pause::Question => &self.question_pause,
        }
    }
}

impl Words {
    /// The plain words.
    fn text(&self) -> &str {
        match &self.escaped_text {
            Some(text) => text,
            None => unquoted(self.text_json.get()),
        }
    }
}

fn render_one(speech: &Speech, lang: &str, flavor: Flavor, rate: Rate) -> Result<String, RenderError> {
    // Alexa and Google read the language from the skill's or agent's locale; a
    // `<speak>` without attributes is the form both document.
    let lang = match flavor {
        Flavor::Alexa | Flavor::Google => None,
        Flavor::Generic => Some(lang),
    };
    let mut elements: Vec<ssml::Element> = Vec::new();
    for (idx, paragraph) in speech.paragraphs.iter().enumerate() {
        if idx > 0 {
            elements.push(ssml::breaks(ssml::BreakStrength::ExtraStrong).into());
        }
        elements.push(ssml::text(paragraph.as_str()).into());
    }
    if let Some(question) = &speech.question {
        if !speech.paragraphs.is_empty() {
            elements.push(ssml::breaks(ssml::BreakStrength::Strong).into());
        }
        elements.push(ssml::text(question.as_str()).into());
    }
    let document = match rate {
        Rate::Normal => ssml::speak(lang, elements),
        _ => ssml::speak(lang, [ssml::prosody(ssml::ProsodyRate::new(rate.factor()), elements)]),
    };
    let options = ssml::SerializeOptions::default().flavor(flavor.ssml_flavor());
    Ok(document.serialize_to_string(&options)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(speech: &Speech) -> Result<Said, RenderError> {
        render(speech, &Voice::new("en-US").unwrap(), "en-US", &mut Rendered::default())
    }

    #[test]
    fn speech_said_alike_keeps_its_words_once_in_any_language() {
        let mut rendered = Rendered::default();
        let speech = Speech::default().paragraph("One.").question("Two?");
        let us = render(&speech, &Voice::new("en-US").unwrap(), "en-US", &mut rendered).unwrap();
        let gb = render(&speech, &Voice::new("en-GB").unwrap(), "en-GB", &mut rendered).unwrap();
        let other = render(&Speech::default().paragraph("One."), &Voice::new("en-US").unwrap(), "en-US", &mut rendered);
        assert!(Arc::ptr_eq(&us.words, &gb.words));
        assert!(!Arc::ptr_eq(&us.words, &other.unwrap().words));
        // Each still speaks in its own language.
        assert!(gb.ssml(Flavor::Generic, Rate::Normal).contains("en-GB"));
        assert!(us.ssml(Flavor::Generic, Rate::Normal).contains("en-US"));
    }

    #[test]
    fn a_document_put_together_is_the_document_the_ssml_crate_writes() {
        let voice = Voice::new("en-US").unwrap();
        for speech in [
            Speech::default().paragraph("One."),
            Speech::default().paragraph("One & <two>").paragraph("\"Three\" 'four'").question("Five?"),
            Speech::default().question("Only a question?"),
        ] {
            let said = render(&speech, &voice, "en-US", &mut Rendered::default()).unwrap();
            for rate in Rate::ALL {
                for flavor in Flavor::ALL {
                    assert_eq!(said.ssml(flavor, rate), render_one(&speech, "en-US", flavor, rate).unwrap());
                }
            }
        }
    }

    #[test]
    fn a_paragraph_said_in_many_replies_is_kept_once() {
        let voice = Voice::new("en-US").unwrap();
        let mut rendered = Rendered::default();
        let mut said = |first: &str| {
            render(&Speech::default().paragraph(first).question("Shall I go on?"), &voice, "en-US", &mut rendered)
        };
        let (one, two) = (said("One.").unwrap(), said("Two.").unwrap());
        assert!(Arc::ptr_eq(&one.words.body_json[1], &two.words.body_json[1]), "the question's piece is shared");
        assert!(!Arc::ptr_eq(&one.words.body_json[0], &two.words.body_json[0]));
        assert!(
            one.ssml(Flavor::Alexa, Rate::Normal).ends_with(r#"One.<break strength="strong"/>Shall I go on?</speak>"#)
        );
    }

    #[test]
    fn paragraphs_and_question_are_separated_by_pauses() {
        let said = said(&Speech::default().paragraph("One.").paragraph("Two.").question("Three?")).unwrap();
        assert_eq!(said.text(), "One. Two. Three?");
        assert_eq!(
            said.ssml(Flavor::Alexa, Rate::Normal),
            r#"<speak>One.<break strength="x-strong"/>Two.<break strength="strong"/>Three?</speak>"#
        );
        assert_eq!(
            said.ssml(Flavor::Alexa, Rate::Slowest),
            r#"<speak><prosody rate="70%">One.<break strength="x-strong"/>Two.<break strength="strong"/>Three?</prosody></speak>"#
        );
        assert!(
            said.ssml(Flavor::Generic, Rate::Normal)
                .starts_with(r#"<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-US">"#)
        );
        assert_eq!(said.ssml(Flavor::Google, Rate::Fast), said.ssml(Flavor::Alexa, Rate::Fast));
        assert!(said.ssml(Flavor::Google, Rate::Fast).contains(r#"<prosody rate="115%">"#));
    }

    #[test]
    fn text_is_escaped() {
        let quoted = said(&Speech::default().paragraph("Tom & Jerry <b> \"quoted\"")).unwrap();
        let ssml = quoted.ssml(Flavor::Alexa, Rate::Normal);
        assert!(ssml.contains("Tom &amp; Jerry &lt;b&gt;"), "{ssml}");
        assert_eq!(quoted.text(), "Tom & Jerry <b> \"quoted\"");
        let json = text_json(Some(&quoted)).get();
        assert_eq!(serde_json::from_str::<String>(json).unwrap(), quoted.text());
        assert_eq!(text_json(None).get(), r#""""#);
        // Words that need no escaping are kept once: the JSON string is them in quotes.
        let plain = said(&Speech::default().paragraph("It's a café, 24/7.")).unwrap();
        assert!(plain.words.escaped_text.is_none());
        assert_eq!(plain.text(), "It's a café, 24/7.");
        assert_eq!(plain.text_json().get(), "\"It's a café, 24/7.\"");
        assert!(quoted.words.escaped_text.is_some());
    }

    #[test]
    fn rates_step_between_the_slowest_and_the_fastest() {
        assert_eq!(Rate::Normal.slower(), Some(Rate::Slow));
        assert_eq!(Rate::Slow.slower(), Some(Rate::Slowest));
        assert_eq!(Rate::Slowest.slower(), None);
        assert_eq!(Rate::Normal.faster(), Some(Rate::Fast));
        assert_eq!(Rate::Fast.faster(), None);
        for rate in Rate::ALL {
            assert_eq!(Rate::from_name(rate.name()), Some(rate));
            // Within both platforms' accepted range.
            assert!((0.25..=2.0).contains(&rate.factor()));
        }
    }

    #[test]
    fn speech_over_the_limit_is_refused() {
        let long = "word ".repeat(2_000);
        let err = said(&Speech::default().paragraph(long)).unwrap_err();
        assert!(matches!(err, RenderError::TooLong { flavor: Flavor::Alexa, .. }), "{err}");
        // Google counts bytes: 1,700 three-byte characters fit Alexa but not Google.
        let err = said(&Speech::default().paragraph("€".repeat(1_700))).unwrap_err();
        assert!(matches!(err, RenderError::TooLong { flavor: Flavor::Google, .. }), "{err}");
    }
}
