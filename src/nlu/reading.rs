//! Reading speech: what speech recognition wrote, turned into the words the matcher
//! compares, by the steps of the lexicon (`intents/<locale>.lexicon.toml`): contractions
//! and endings spelled out, fillers dropped, spellings mended, words stemmed, synonyms
//! read as their group.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use rust_stemmers::Stemmer;

use crate::content::{Lexicon, Model};

/// Reads text with one locale's lexicon. Built once; reading allocates only the words.
pub struct Reader {
    /// Every word the samples, slot values and lexicon use, to mend compounds that
    /// speech recognition split ("immuno therapy", "nivo lumab").
    known: HashSet<String>,
    /// The stem of every known word, worked out once.
    stem_of: HashMap<String, String>,
    contractions: HashMap<String, Vec<String>>,
    /// Endings and what they mean, longest first.
    endings: Vec<(String, Vec<String>)>,
    fillers: Phrases,
    spellings: Phrases,
    stemmer: Stemmer,
    /// Over stems: each member of a group is read as the group's name.
    synonyms: Phrases,
    /// Over stems: where a long utterance splits into clauses.
    clause_breaks: Phrases,
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader").field("contractions", &self.contractions.len()).finish_non_exhaustive()
    }
}

/// A phrase and what replaces it.
type Replacement = (Vec<String>, Vec<String>);

/// Phrases to replace, keyed by their first word, longest first.
#[derive(Debug, Default)]
struct Phrases {
    by_first: HashMap<String, Vec<Replacement>>,
}

impl Phrases {
    fn insert(&mut self, phrase: Vec<String>, replacement: Vec<String>) {
        let Some(first) = phrase.first() else { return };
        let entries = self.by_first.entry(first.clone()).or_default();
        if !entries.iter().any(|(existing, _)| *existing == phrase) {
            entries.push((phrase, replacement));
            entries.sort_by_key(|(phrase, _)| std::cmp::Reverse(phrase.len()));
        }
    }

    /// The longest phrase starting at `words[idx]`, and what replaces it.
    fn at<'a>(&'a self, words: &[String], idx: usize) -> Option<&'a Replacement> {
        self.by_first.get(&words[idx])?.iter().find(|(phrase, _)| words[idx..].starts_with(phrase))
    }

    /// The length of the longest phrase starting at `words[idx]`, if there is one.
    fn phrase_at(&self, words: &[String], idx: usize) -> Option<usize> {
        self.at(words, idx).map(|(phrase, _)| phrase.len())
    }

    /// `words` with every phrase replaced, longest first, left to right.
    fn replace(&self, mut words: Vec<String>) -> Vec<String> {
        if self.by_first.is_empty() {
            return words;
        }
        let mut out = Vec::with_capacity(words.len());
        let mut idx = 0;
        while idx < words.len() {
            match self.at(&words, idx) {
                Some((phrase, replacement)) => {
                    out.extend(replacement.iter().cloned());
                    idx += phrase.len();
                }
                None => {
                    // `at` looks only forward, so a word behind `idx` can be moved out.
                    out.push(std::mem::take(&mut words[idx]));
                    idx += 1;
                }
            }
        }
        out
    }
}

impl Reader {
    /// Prepares the lexicon's steps. The values of the slot types in its `slot_words`
    /// become spellings of their word.
    pub fn build(lexicon: &Lexicon, model: &Model) -> Reader {
        let split = |text: &str| text.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        let mut endings: Vec<(String, Vec<String>)> =
            lexicon.endings.iter().map(|(ending, words)| (ending.clone(), split(words))).collect();
        endings.sort_by_key(|(ending, _)| std::cmp::Reverse(ending.len()));
        let mut reader = Reader {
            known: HashSet::default(),
            stem_of: HashMap::default(),
            contractions: lexicon.contractions.iter().map(|(word, words)| (word.clone(), split(words))).collect(),
            endings,
            fillers: Phrases::default(),
            spellings: Phrases::default(),
            stemmer: Stemmer::create(lexicon.stemmer),
            synonyms: Phrases::default(),
            clause_breaks: Phrases::default(),
        };
        let samples = model.intents.iter().flat_map(|intent| model.samples(intent));
        let slot_forms =
            model.types.iter().flat_map(|slot_type| &slot_type.values).flat_map(|value| value.spoken_forms());
        let lexicon_words = lexicon
            .spellings
            .values()
            .map(String::as_str)
            .chain(lexicon.synonyms.values().flatten().map(String::as_str))
            .chain(lexicon.synonyms.keys().map(String::as_str));
        reader.known = samples.chain(slot_forms).chain(lexicon_words).flat_map(|text| reader.words(text)).collect();
        reader.stem_of =
            reader.known.iter().map(|word| (word.clone(), reader.stemmer.stem(word).into_owned())).collect();
        for filler in &lexicon.fillers {
            reader.fillers.insert(reader.words(filler), Vec::new());
        }
        let slot_spellings = lexicon.slot_words.iter().flat_map(|(slot_type, word)| {
            model
                .slot_type(slot_type)
                .into_iter()
                .flat_map(|slot_type| &slot_type.values)
                .flat_map(|value| value.spoken_forms())
                .map(move |form| (form, word.as_str()))
        });
        let spellings: Vec<Replacement> = lexicon
            .spellings
            .iter()
            .map(|(heard, meant)| (heard.as_str(), meant.as_str()))
            .chain(slot_spellings)
            .map(|(heard, meant)| (reader.words(heard), reader.words(meant)))
            .collect();
        for (heard, meant) in spellings {
            reader.spellings.insert(heard, meant);
        }
        for (group, members) in &lexicon.synonyms {
            let name = vec![group.clone()];
            let natural = group.replace('_', " ");
            for member in std::iter::once(&natural).chain(members) {
                let stems = reader.stems(member);
                reader.synonyms.insert(stems, name.clone());
            }
        }
        for clause_break in &lexicon.clause_breaks {
            let stems = reader.stems(clause_break);
            reader.clause_breaks.insert(stems, Vec::new());
        }
        reader
    }

    /// Where the clauses of `stems` are: the runs of words between clause breaks.
    pub fn clause_spans(&self, stems: &[String]) -> Vec<Range<usize>> {
        let mut spans = Vec::new();
        let mut start = 0;
        let mut idx = 0;
        while idx < stems.len() {
            match self.clause_breaks.phrase_at(stems, idx) {
                Some(length) => {
                    if start < idx {
                        spans.push(start..idx);
                    }
                    idx += length;
                    start = idx;
                }
                None => idx += 1,
            }
        }
        if start < stems.len() {
            spans.push(start..stems.len());
        }
        spans
    }

    /// `stems` without the clause breaks they start or end with ("and would stopping be an
    /// option" is "would stopping be an option"); all of them when they are nothing else
    /// ("and then").
    pub fn trimmed<'a>(&self, stems: &'a [String]) -> &'a [String] {
        within_clauses(stems, &self.clause_spans(stems))
    }

    /// The stems of `text`: lower case, contractions spelled out, fillers dropped,
    /// split compounds joined, spellings mended, each word reduced to its stem.
    pub fn stems(&self, text: &str) -> Vec<String> {
        let words = self.spellings.replace(self.joined(self.fillers.replace(self.words(text))));
        words
            .into_iter()
            .map(|word| match self.stem_of.get(&word) {
                Some(stem) => stem.clone(),
                None => self.stemmer.stem(&word).into_owned(),
            })
            .collect()
    }

    /// The terms the matcher compares: `stems` with synonyms read as their group.
    pub fn terms(&self, stems: &[String]) -> Vec<String> {
        self.synonyms.replace(stems.to_vec())
    }

    /// `words` with each pair that is a known word when joined, and not both known
    /// apart, joined.
    fn joined(&self, words: Vec<String>) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(words.len());
        for word in words {
            if let Some(last) = out.last_mut()
                && !(self.known.contains(last.as_str()) && self.known.contains(&word))
            {
                let joined = format!("{last}{word}");
                if self.known.contains(&joined) {
                    *last = joined;
                    continue;
                }
            }
            out.push(word);
        }
        out
    }

    /// Lower-case words without punctuation, with contractions and endings spelled out.
    fn words(&self, text: &str) -> Vec<String> {
        let mut lower = text.to_lowercase();
        if lower.contains('’') {
            lower = lower.replace('’', "'");
        }
        // Room for a word in every three letters, so that the list seldom grows.
        let mut words = Vec::with_capacity(lower.len() / 3 + 1);
        for raw in lower.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
            let word = raw.trim_matches('\'');
            if word.is_empty() {
                continue;
            }
            if let Some(spelled) = self.contractions.get(word) {
                words.extend(spelled.iter().cloned());
                continue;
            }
            let ending = self.endings.iter().find(|(ending, _)| word.len() > ending.len() && word.ends_with(ending));
            let (stem, spelled): (&str, &[String]) = match ending {
                Some((ending, spelled)) => (&word[..word.len() - ending.len()], spelled),
                None => (word, &[]),
            };
            words.push(if stem.contains('\'') { stem.replace('\'', "") } else { stem.to_owned() });
            words.extend(spelled.iter().cloned());
        }
        words
    }
}

/// `stems` from the start of the first of its `clauses` to the end of the last: without the
/// clause breaks it starts or ends with; all of it when it has no clause.
pub fn within_clauses<'a>(stems: &'a [String], clauses: &[Range<usize>]) -> &'a [String] {
    match (clauses.first(), clauses.last()) {
        (Some(first), Some(last)) => &stems[first.start..last.end],
        _ => stems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Content, Files};

    fn reader() -> Reader {
        let content = Content::load(&Files::embedded()).unwrap();
        Reader::build(&content.lexicon, &content.model)
    }

    #[test]
    fn contractions_fillers_and_spellings_are_read_as_meant() {
        let reader = reader();
        assert_eq!(reader.stems("Um, he CAN'T breathe!"), ["he", "can", "not", "breath"]);
        assert_eq!(
            reader.stems("my husband's immuno therapy isn't working"),
            reader.stems("my husband immunotherapy is not working")
        );
        assert_eq!(reader.stems("the micro environment"), reader.stems("the microenvironment"));
        assert_eq!(reader.stems("call nine one one"), ["call", "911"]);
        assert_eq!(reader.stems("I’m fine"), ["i", "am", "fine"]);
    }

    #[test]
    fn synonyms_and_drug_names_are_read_as_their_group() {
        let reader = reader();
        let terms = |text: &str| reader.terms(&reader.stems(text));
        assert_eq!(terms("keytruda"), terms("immunotherapy"));
        assert_eq!(terms("pembrolizumab"), terms("immunotherapy"));
        assert_eq!(terms("chemo"), terms("chemotherapy"));
        assert_eq!(terms("is my immune system worn out"), terms("is my immune system exhausted"));
        assert_eq!(terms("auto immune"), terms("autoimmunity"));
        assert_eq!(terms("nivo lumab"), terms("immunotherapy"), "a split the samples do not list, joined");
    }

    #[test]
    fn clause_breaks_at_either_end_are_trimmed() {
        let reader = reader();
        let stems = |text: &str| reader.stems(text);
        assert_eq!(reader.trimmed(&stems("and would stopping be an option")), stems("would stopping be an option"));
        assert_eq!(reader.trimmed(&stems("what happens next though")), stems("what happens next"));
        assert_eq!(reader.trimmed(&stems("and then")), stems("and then"), "nothing but breaks stays");
    }
}
