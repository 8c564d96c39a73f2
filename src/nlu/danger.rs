//! Words of danger: the signs of `speech/<locale>/safety.toml`, read as patterns over the
//! stems of what was said, with explicit denials ("no chest pain") set aside.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use crate::content::SignsOfDanger;

use super::reading::Reader;

/// The most words `..` stands for.
const GAP: usize = 4;
/// The most bridge words between a negation and the danger it denies.
const BRIDGE: usize = 3;

/// What kind of danger was said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A medical emergency.
    Emergency,
    /// Thoughts of suicide or self-harm.
    Crisis,
    /// Sexual assault told.
    Assault,
    /// Violence or abuse told.
    Abuse,
}

/// The signs of danger, ready to find in what was said.
#[derive(Debug)]
pub struct Signs {
    /// Crisis patterns first: a crisis answer also gives the emergency number.
    dangers: Patterns<Danger>,
    /// Each danger pattern as `safety.toml` writes it, with its sign's name.
    written: Vec<String>,
    /// Words of danger used as figures of speech ("dying for a cup of tea").
    figures: Patterns<()>,
    /// Words that put a clause's emergency in the past, or make it a question about
    /// what might happen ("last year", "what should i do if"). A crisis in the past
    /// still counts: it is a reason to reach out now.
    settled: Patterns<()>,
    negations: HashSet<String>,
    bridge: HashSet<String>,
}

/// What a danger pattern says: its kind, whether words about the past or about what
/// might happen set it aside (an emergency's do; a first-aid question's, a crisis's and a
/// disclosure's do not), and whether it says a negation itself ("not breathing").
#[derive(Debug, Clone, Copy)]
struct Danger {
    kind: Kind,
    may_be_settled: bool,
    says_negation: bool,
}

/// Patterns, each with a tag, indexed by the words they can start with, so that a word
/// tries only the patterns that can start with it.
#[derive(Debug)]
struct Patterns<T> {
    patterns: Vec<(T, Vec<Term>)>,
    by_first: HashMap<String, Vec<usize>>,
}

#[derive(Debug)]
enum Term {
    /// Any of these phrases (stems), or, if optional, nothing.
    Any { phrases: Vec<Vec<String>>, optional: bool },
    /// Up to [`GAP`] words.
    Gap,
    /// The end of what was said.
    End,
}

/// A pattern `safety.toml` should not have: the sign, the pattern and what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("sign {sign:?}, pattern {pattern:?}: {message}")]
pub struct PatternError {
    /// The sign's name.
    pub sign: String,
    /// The pattern as written.
    pub pattern: String,
    /// What is wrong.
    pub message: String,
}

/// What the signs found in an utterance.
#[derive(Debug, Default)]
pub struct Found {
    /// The danger said and not set aside, if any.
    pub danger: Option<Kind>,
    /// The words of dangers that were denied, with their denial, to set aside.
    pub denied: Vec<Range<usize>>,
}

impl Signs {
    /// Reads every pattern of `safety` with `reader`, so that patterns and speech are
    /// compared as the same stems.
    pub fn build(safety: &SignsOfDanger, reader: &Reader) -> Result<Signs, PatternError> {
        let stems = |words: &[String]| words.iter().flat_map(|word| reader.stems(word)).collect::<HashSet<_>>();
        let classes: HashMap<&str, Vec<Vec<String>>> = safety
            .words
            .iter()
            .map(|(name, words)| (name.as_str(), words.iter().map(|word| reader.stems(word)).collect()))
            .collect();
        let negations = stems(&safety.negations);
        let signs = [
            (Kind::Crisis, false, &safety.crisis_signs),
            (Kind::Emergency, true, &safety.emergency_signs),
            (Kind::Emergency, false, &safety.first_aid_signs),
            (Kind::Assault, false, &safety.assault_signs),
            (Kind::Abuse, false, &safety.abuse_signs),
        ]
        .into_iter()
        .flat_map(|(kind, may_be_settled, signs)| signs.iter().map(move |sign| (kind, may_be_settled, sign)));
        let read = |sign: &str, pattern: &String| {
            parse(pattern, reader, &classes).map_err(|message| PatternError {
                sign: sign.to_owned(),
                pattern: pattern.clone(),
                message,
            })
        };
        let mut dangers = Vec::new();
        let mut written = Vec::new();
        for (kind, may_be_settled, sign) in signs {
            for pattern in &sign.patterns {
                let terms = read(&sign.name, pattern)?;
                let says_negation = terms.iter().any(|term| match term {
                    Term::Any { phrases, .. } => phrases.iter().flatten().any(|stem| negations.contains(stem)),
                    Term::Gap | Term::End => false,
                });
                dangers.push((Danger { kind, may_be_settled, says_negation }, terms));
                written.push(format!("{} {:?}", sign.name, pattern));
            }
        }
        let untagged = |name: &str, patterns: &[String]| {
            patterns.iter().map(|pattern| Ok(((), read(name, pattern)?))).collect::<Result<Vec<_>, PatternError>>()
        };
        Ok(Signs {
            dangers: Patterns::new(dangers),
            written,
            figures: Patterns::new(untagged("figures_of_speech", &safety.figures_of_speech)?),
            settled: Patterns::new(untagged("settled", &safety.settled)?),
            negations,
            bridge: stems(&safety.negation_bridge),
        })
    }

    /// How many danger patterns there are.
    pub fn len(&self) -> usize {
        self.dangers.patterns.len()
    }

    /// The danger patterns found in `stems`, each as `safety.toml` writes it with its
    /// sign's name, whether or not it was set aside: for people tuning the signs to see.
    pub fn patterns_in(&self, stems: &[String]) -> Vec<&str> {
        let mut found: Vec<usize> = self.dangers.find_indices(stems).into_iter().map(|(idx, _)| idx).collect();
        found.dedup();
        found.into_iter().map(|idx| self.written[idx].as_str()).collect()
    }

    /// Whether there are no danger patterns.
    pub fn is_empty(&self) -> bool {
        self.dangers.patterns.is_empty()
    }

    /// Finds danger in `stems`, whose clauses are `clauses`: a crisis before an
    /// emergency, and only where it is not denied, not a figure of speech, and not in a
    /// clause about the past or about what might happen. Dangers set aside are reported
    /// so the rest can be answered.
    pub fn find(&self, stems: &[String], clauses: &[Range<usize>]) -> Found {
        let figures: Vec<Range<usize>> = self.figures.find(stems).into_iter().map(|((), span)| span).collect();
        let settled: Vec<&Range<usize>> = self
            .settled
            .find(stems)
            .into_iter()
            .filter_map(|((), span)| clauses.iter().find(|clause| clause.contains(&span.start)))
            .collect();
        let matched = self.dangers.find(stems);
        let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
        let mut found = Found::default();
        for (danger, span) in &matched {
            let aside = if let Some(figure) = figures.iter().find(|figure| overlaps(figure, span)) {
                Some(figure.start.min(span.start)..figure.end.max(span.end))
            } else if settled.iter().any(|clause| danger.may_be_settled && overlaps(clause, span)) {
                // Only the danger's own words: the rest of the clause may say what is asked
                // ("i fainted at my last appointment, can my daughter come with me"). Words
                // that span a clause break ("a and e") belong to every clause they touch.
                Some(span.clone())
            } else if !danger.says_negation && stems[span.clone()].iter().any(|stem| self.negations.contains(stem)) {
                // Denied within its own words: "my chest is not hurting".
                Some(span.clone())
            } else {
                let other_dangers = |idx: usize| matched.iter().any(|(_, other)| other.contains(&idx));
                self.denial(stems, span.start, other_dangers).map(|denial| denial..span.end)
            };
            match aside {
                Some(span) => found.denied.push(span),
                None if found.danger.is_none() => found.danger = Some(danger.kind),
                None => {}
            }
        }
        found.denied.sort_by_key(|denied| (denied.start, denied.end));
        found.denied.dedup();
        found
    }

    /// Where the negation that denies a danger starting at `start` is, if one does.
    /// Other dangers listed with it ("no chest pain or bleeding") are passed over.
    fn denial(&self, stems: &[String], start: usize, other_danger: impl Fn(usize) -> bool) -> Option<usize> {
        if self.negations.contains(&stems[start]) {
            // The pattern says the negation itself ("not breathing").
            return None;
        }
        let mut idx = start;
        let mut bridged = 0;
        while bridged <= BRIDGE {
            idx = idx.checked_sub(1)?;
            if self.negations.contains(&stems[idx]) {
                return Some(idx);
            }
            if !other_danger(idx) {
                if !self.bridge.contains(&stems[idx]) {
                    return None;
                }
                bridged += 1;
            }
        }
        None
    }
}

impl<T: Copy> Patterns<T> {
    fn new(patterns: Vec<(T, Vec<Term>)>) -> Patterns<T> {
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::default();
        for (idx, (_, terms)) in patterns.iter().enumerate() {
            for first in first_words(terms) {
                by_first.entry(first).or_default().push(idx);
            }
        }
        Patterns { patterns, by_first }
    }

    /// Every match in `stems`, with its pattern's tag, in the order the patterns were
    /// given and then from left to right.
    fn find(&self, stems: &[String]) -> Vec<(T, Range<usize>)> {
        self.find_indices(stems).into_iter().map(|(idx, span)| (self.patterns[idx].0, span)).collect()
    }

    /// Every match in `stems`, with its pattern's index, in the order the patterns were
    /// given and then from left to right.
    fn find_indices(&self, stems: &[String]) -> Vec<(usize, Range<usize>)> {
        let mut found: Vec<(usize, Range<usize>)> = Vec::new();
        for (start, stem) in stems.iter().enumerate() {
            for &idx in self.by_first.get(stem).into_iter().flatten() {
                if let Some(end) = matches(&self.patterns[idx].1, stems, start) {
                    found.push((idx, start..end));
                }
            }
        }
        found.sort_by_key(|(idx, span)| (*idx, span.start));
        found.dedup();
        found
    }
}

/// The words a pattern can start with: every choice of its first term, and of the
/// next when that one may be left out. (A pattern starts with a word: see [`parse`].)
fn first_words(terms: &[Term]) -> HashSet<String> {
    let mut firsts = HashSet::default();
    for term in terms {
        let Term::Any { phrases, optional } = term else { break };
        firsts.extend(phrases.iter().filter_map(|phrase| phrase.first().cloned()));
        if !optional {
            break;
        }
    }
    firsts
}

/// Where a match of `terms` starting at `start` ends, if there is one.
fn matches(terms: &[Term], stems: &[String], start: usize) -> Option<usize> {
    let Some((term, rest)) = terms.split_first() else { return Some(start) };
    match term {
        Term::End => (start == stems.len()).then_some(start).filter(|_| rest.is_empty()),
        Term::Gap => {
            (0..=GAP).filter(|skip| start + skip <= stems.len()).find_map(|skip| matches(rest, stems, start + skip))
        }
        Term::Any { phrases, optional } => {
            let here = phrases
                .iter()
                .filter(|phrase| stems[start.min(stems.len())..].starts_with(phrase))
                .find_map(|phrase| matches(rest, stems, start + phrase.len()));
            here.or_else(|| optional.then(|| matches(rest, stems, start)).flatten())
        }
    }
}

/// Reads one pattern; errors say what is wrong.
fn parse(pattern: &str, reader: &Reader, classes: &HashMap<&str, Vec<Vec<String>>>) -> Result<Vec<Term>, String> {
    let mut terms = Vec::new();
    let mut plain: Vec<&str> = Vec::new();
    let flush = |plain: &mut Vec<&str>, terms: &mut Vec<Term>| -> Result<(), String> {
        if plain.is_empty() {
            return Ok(());
        }
        let words = plain.join(" ");
        let stems = reader.stems(&words);
        if stems.is_empty() {
            return Err(format!("{words:?} has only filler words, which reading drops"));
        }
        terms.extend(stems.into_iter().map(|stem| Term::Any { phrases: vec![vec![stem]], optional: false }));
        plain.clear();
        Ok(())
    };
    for token in pattern.split_whitespace() {
        let is_plain = !(token == ".." || token == "$" || token.contains(['|', '@', '?']));
        if is_plain {
            plain.push(token);
            continue;
        }
        flush(&mut plain, &mut terms)?;
        let term = match token {
            ".." => Term::Gap,
            "$" => Term::End,
            _ => {
                let (choices, optional) = match token.strip_suffix('?') {
                    Some(choices) => (choices, true),
                    None => (token, false),
                };
                let mut phrases = Vec::new();
                for choice in choices.split('|') {
                    match choice.strip_prefix('@') {
                        Some(name) => phrases.extend(
                            classes.get(name).ok_or_else(|| format!("there is no word list {name:?}"))?.iter().cloned(),
                        ),
                        None => phrases.push(reader.stems(choice)),
                    }
                }
                if phrases.is_empty() || phrases.iter().any(Vec::is_empty) {
                    return Err(format!("{token:?} has an empty or filler choice"));
                }
                Term::Any { phrases, optional }
            }
        };
        terms.push(term);
    }
    flush(&mut plain, &mut terms)?;
    if !terms.iter().any(|term| matches!(term, Term::Any { optional: false, .. })) {
        return Err("needs at least one word that must be said".into());
    }
    if matches!(terms.first(), Some(Term::Gap | Term::End))
        || terms.iter().rev().skip(1).any(|term| matches!(term, Term::End))
    {
        return Err("may not start with `..` or `$`, and `$` may only end it".into());
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Content, Files};

    fn signs() -> (Reader, Signs) {
        let content = Content::load(&Files::embedded()).unwrap();
        let reader = Reader::build(&content.lexicon, &content.model);
        let signs = Signs::build(&content.safety.signs, &reader).unwrap();
        (reader, signs)
    }

    #[track_caller]
    fn danger(utterance: &str) -> Option<Kind> {
        let (reader, signs) = signs();
        let stems = reader.stems(utterance);
        signs.find(&stems, &reader.clause_spans(&stems)).danger
    }

    #[test]
    fn patterns_match_with_choices_gaps_and_ends() {
        assert_eq!(danger("my husband can't breathe"), Some(Kind::Emergency));
        assert_eq!(danger("there's a crushing pressure on my chest"), Some(Kind::Emergency));
        assert_eq!(danger("he is not responding"), Some(Kind::Emergency));
        assert_eq!(danger("he is not responding to immunotherapy"), None);
        assert_eq!(danger("my son says he wants to kill himself"), Some(Kind::Crisis));
    }

    #[test]
    fn a_denied_danger_is_set_aside_and_a_said_one_is_not() {
        let (reader, signs) = signs();
        let stems = reader.stems("he isn't bleeding but what happens now");
        let found = signs.find(&stems, &reader.clause_spans(&stems));
        assert_eq!(found.danger, None);
        assert_eq!(found.denied, vec![2..4], "{stems:?}");
        assert_eq!(danger("i'm not having trouble breathing"), None);
        assert_eq!(danger("no i can't breathe"), Some(Kind::Emergency));
        assert_eq!(danger("he isn't breathing"), Some(Kind::Emergency));
        assert_eq!(danger("no chest pain but i am bleeding a lot"), Some(Kind::Emergency));
        assert_eq!(danger("i don't want to die i want to know if there's hope"), None);
        assert_eq!(danger("i don't want to live anymore"), Some(Kind::Crisis));
    }

    #[test]
    fn figures_of_speech_and_past_or_hypothetical_dangers_are_set_aside() {
        assert_eq!(danger("i'm dying for a cup of tea"), None);
        assert_eq!(danger("he had a seizure last year but he's fine now what are the options"), None);
        assert_eq!(danger("what should i do if he ever has trouble breathing"), None);
        assert_eq!(danger("he had a seizure last year and now he is having a seizure again"), Some(Kind::Emergency));
        assert_eq!(danger("he is having a seizure"), Some(Kind::Emergency));
        // Words across a clause break ("a and e") are settled by either clause.
        assert_eq!(danger("we had to take him to a and e last week what should i expect"), None);
        assert_eq!(danger("we have been to a and e twice this month and the parking costs a fortune"), None);
        assert_eq!(danger("take me to a and e"), Some(Kind::Emergency));
        assert_eq!(danger("we went to the emergency room in march"), None);
    }

    #[test]
    fn a_crisis_comes_before_an_emergency() {
        assert_eq!(danger("i can't breathe and i want to die"), Some(Kind::Crisis));
    }

    #[test]
    fn a_full_bottle_of_pills_taken_is_an_overdose_and_a_full_bottle_of_wine_is_not() {
        // As a speech recogniser writes "whole" down, "full".
        assert_eq!(danger("i swallowed a full bottle of my pain meds"), Some(Kind::Crisis));
        assert_eq!(danger("she took a full pack of her sleeping tablets"), Some(Kind::Crisis));
        assert_eq!(danger("i drank a full bottle of wine last night"), None);
        assert_eq!(danger("i take a full dose of my tablets every morning"), None);
    }

    #[test]
    fn unreadable_patterns_are_refused() {
        let (reader, _) = signs();
        let classes = HashMap::default();
        for (pattern, message) in [
            ("um uh", "filler"),
            ("@nobody dies", "no word list"),
            (".. falls", "may not start"),
            ("word? $", "at least one word"),
            ("falls $ down", "`$` may only end"),
        ] {
            let error = parse(pattern, &reader, &classes).map(|_| ()).unwrap_err();
            assert!(error.contains(message), "{pattern:?}: {error}");
        }
    }
}
