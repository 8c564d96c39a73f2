//! Provenance: where in the approved source text each sentence of a topic comes from,
//! worked out once at load time for the console to show.

use std::collections::HashSet;
use std::ops::Range;

/// The approved source text, searchable for passages however either is wrapped.
#[derive(Debug)]
pub(super) struct Source {
    /// The text with every run of white space collapsed to one space.
    collapsed: String,
    /// For each byte of `collapsed`, the offset of the byte of `text` it came from.
    origin: Vec<usize>,
}

/// A sentence of a part, and the passages of the approved source it was drawn from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Cited {
    /// The sentence, as the part says it.
    pub sentence: String,
    /// The byte ranges of its passages in the approved source text, as written, in the
    /// order they come there.
    pub passages: Vec<Range<usize>>,
}

/// A passage a part cites: its stems, its pairs of adjacent stems, and where it is.
#[derive(Debug)]
pub(super) struct Passage {
    stems: HashSet<String>,
    pairs: HashSet<(String, String)>,
    at: Range<usize>,
}

impl Passage {
    /// The passage at `at` in the source, of these stems.
    pub(super) fn new(stems: Vec<String>, at: Range<usize>) -> Passage {
        let pairs = stems.windows(2).map(|pair| (pair[0].clone(), pair[1].clone())).collect();
        Passage { stems: stems.into_iter().collect(), pairs, at }
    }

    /// Its stems.
    pub(super) fn stems(&self) -> &HashSet<String> {
        &self.stems
    }
}

impl Source {
    /// Prepares `text` for [`Source::locate`].
    pub(super) fn new(text: &str) -> Source {
        let mut collapsed = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        for word in text.split_whitespace() {
            if !collapsed.is_empty() {
                collapsed.push(' ');
                origin.push(word.as_ptr() as usize - text.as_ptr() as usize - 1);
            }
            let start = word.as_ptr() as usize - text.as_ptr() as usize;
            collapsed.push_str(word);
            origin.extend(start..start + word.len());
        }
        Source { collapsed, origin }
    }

    /// Where `passage` is in the source text, white space aside; none if it is not there.
    pub(super) fn locate(&self, passage: &str) -> Option<Range<usize>> {
        let passage = super::normalize_space(passage);
        if passage.is_empty() {
            return None;
        }
        let start = self.collapsed.find(&passage)?;
        // Every byte of the collapsed text maps to one of the text, so the passage ends
        // just after the byte its last byte came from.
        let end = self.origin[start + passage.len() - 1] + 1;
        Some(self.origin[start]..end)
    }
}

/// The sentences of `text`: each ends at `.`, `?` or `!` followed by a space, or at the end.
pub(super) fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text.trim();
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest
            .char_indices()
            .find(|&(idx, c)| matches!(c, '.' | '?' | '!') && rest[idx + 1..].starts_with(' '))
            .map_or(rest.len(), |(idx, _)| idx + 1);
        let (sentence, after) = rest.split_at(end);
        rest = after.trim_start();
        Some(sentence)
    })
}

/// Each sentence of `text` with the `passages` it is drawn from: first the one sharing
/// most of its stems that are not `connectives` (then most pairs of adjacent stems, then
/// the first), then, while some of its stems are in none chosen, the one sharing most of
/// those.
pub(super) fn cite<'t>(
    text: &'t str,
    passages: &[Passage],
    connectives: &HashSet<String>,
    stems: impl Fn(&'t str) -> Vec<String>,
) -> Vec<Cited> {
    sentences(text)
        .map(|sentence| {
            let mut said = stems(sentence);
            said.retain(|stem| !connectives.contains(stem));
            let pairs: HashSet<(String, String)> =
                said.windows(2).map(|pair| (pair[0].clone(), pair[1].clone())).collect();
            said.sort();
            said.dedup();
            let mut chosen: Vec<&Passage> = Vec::new();
            loop {
                let best = passages
                    .iter()
                    .rev()
                    .filter(|passage| !chosen.iter().any(|chosen| std::ptr::eq(*chosen, *passage)))
                    .map(|passage| {
                        let shared = said.iter().filter(|stem| passage.stems.contains(*stem)).count();
                        (shared, pairs.intersection(&passage.pairs).count(), passage)
                    })
                    .filter(|(shared, _, _)| *shared > 0)
                    .max_by_key(|(shared, pairs, _)| (*shared, *pairs));
                let Some((_, _, passage)) = best else { break };
                said.retain(|stem| !passage.stems.contains(stem));
                chosen.push(passage);
            }
            let mut at: Vec<Range<usize>> = chosen.iter().map(|passage| passage.at.clone()).collect();
            at.sort_by_key(|range| range.start);
            Cited { sentence: sentence.to_owned(), passages: at }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passage_is_found_however_it_is_wrapped() {
        let text = "Title\n\nWhen immunotherapy\n   stops working, it means\tthe cells.\n";
        let source = Source::new(text);
        let found = source.locate("immunotherapy stops   working, it means the").unwrap();
        assert_eq!(&text[found], "immunotherapy\n   stops working, it means\tthe");
        assert_eq!(source.locate("stops  working."), None);
        let accented = "Une   information de santé\n\nsur la suite.";
        let found = Source::new(accented).locate("information de santé").unwrap();
        assert_eq!(&accented[found], "information de santé");
        assert_eq!(source.locate("  "), None);
    }

    #[test]
    fn text_splits_into_sentences_at_their_ends() {
        let found: Vec<_> = sentences("One thing. Is it 2.5 mg? Yes! And then").collect();
        assert_eq!(found, ["One thing.", "Is it 2.5 mg?", "Yes!", "And then"]);
    }

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(|word| word.trim_matches('.').to_lowercase()).collect()
    }

    /// Where each sentence's passages start.
    fn cite_in(text: &str, passages: &[(&str, Range<usize>)]) -> Vec<Vec<usize>> {
        let passages: Vec<Passage> = passages.iter().map(|(text, at)| Passage::new(words(text), at.clone())).collect();
        let connectives = HashSet::from(["the".to_owned(), "one".to_owned()]);
        cite(text, &passages, &connectives, words)
            .into_iter()
            .map(|cited| cited.passages.iter().map(|at| at.start).collect())
            .collect()
    }

    #[test]
    fn each_sentence_cites_the_passage_sharing_most_words() {
        let passages = [("cells hide from t cells", 0..10), ("the immune system tires", 20..30)];
        assert_eq!(cite_in("The immune system tires. Cells hide.", &passages), [[20], [0]]);
    }

    #[test]
    fn words_in_the_same_order_break_a_tie() {
        let passages = [("options include stopping or changing treatment", 0..10), ("stopping treatment", 20..30)];
        assert_eq!(cite_in("One is stopping treatment.", &passages), [[20]]);
    }

    #[test]
    fn a_sentence_drawn_from_several_passages_cites_each() {
        let passages = [("changing the drug", 0..10), ("adding chemotherapy", 20..30), ("unrelated words", 40..50)];
        assert_eq!(cite_in("Adding chemotherapy or changing the drug.", &passages), [[0, 20]]);
    }
}
