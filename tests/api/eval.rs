//! Measured understanding: the held-out phrasings of `tests/eval/` meet the bars, none of
//! them is a sample utterance, and `carevoice eval` reports and fails as documented.

use std::collections::HashMap;

use carevoice::eval::{self, Group};

use crate::helpers::{SKILL, SKILLS, repository};

/// Each locale's held-out set.
const HELD_OUT: [(&str, &str); 5] = [
    ("en-US", "tests/eval/heldout.en-US.tsv"),
    ("en-GB", "tests/eval/heldout.en-GB.tsv"),
    ("en-CA", "tests/eval/heldout.en-CA.tsv"),
    ("en-AU", "tests/eval/heldout.en-AU.tsv"),
    ("en-IN", "tests/eval/heldout.en-IN.tsv"),
];

/// Minute-long stories, as a speech recogniser writes them down (en-US).
const LONG: &str = "tests/eval/long.en-US.tsv";
/// Everyday talk with the passages' words in their everyday senses, and questions with them
/// in their medical sense (en-US).
const EVERYDAY: &str = "tests/eval/everyday.en-US.tsv";

fn held_out(file: &str) -> Vec<eval::Case> {
    eval::parse(&std::fs::read_to_string(repository().join(file)).unwrap()).unwrap()
}

/// Lower case, letters, digits and apostrophes, single spaces.
fn normalized(text: &str) -> String {
    let kept: String =
        text.to_lowercase().chars().map(|c| if c.is_alphanumeric() || c == '\'' { c } else { ' ' }).collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn no_held_out_phrasing_is_a_sample_utterance() {
    for skill in SKILLS.all() {
        let samples: HashMap<String, &str> = skill
            .content
            .model
            .intents
            .iter()
            .flat_map(|intent| {
                skill.content.model.samples(intent).map(|sample| (normalized(sample), intent.name.as_str()))
            })
            .collect();
        for file in HELD_OUT.map(|(_, file)| file).into_iter().chain([LONG, EVERYDAY]) {
            for case in &held_out(file) {
                let leaked = samples.get(&normalized(&case.utterance));
                assert!(leaked.is_none(), "line {} of {file} is a sample of {}", case.line, leaked.unwrap());
            }
        }
    }
    assert!(held_out(HELD_OUT[0].1).len() >= 500, "the en-US held-out set is the main measure");
}

#[test]
fn every_danger_told_in_a_minute_of_speech_is_heard() {
    let cases = held_out(LONG);
    assert!(cases.iter().all(|case| case.utterance.chars().count() <= carevoice::platform::MAX_SPOKEN_CHARS));
    let report = eval::evaluate(&SKILL, &cases).unwrap();
    for group in [Group::Emergency, Group::Crisis] {
        let (right, of) = report.score(group);
        assert!(of >= 8 && right == of, "{LONG}: {group:?} {right} of {of}\n{report}");
    }
}

#[test]
fn the_held_out_sets_cover_every_kind_and_together_meet_the_bars() {
    let mut outcomes = Vec::new();
    for (locale, file) in HELD_OUT {
        let skill = SKILLS.for_locale(Some(locale)).unwrap();
        let report = eval::evaluate(skill, &held_out(file)).unwrap();
        // Every danger, in every locale, whatever the size of its set.
        for group in [Group::Emergency, Group::Crisis] {
            let (right, of) = report.score(group);
            assert!(of > 0 && right == of, "{file}: {group:?} {right} of {of}\n{report}");
        }
        outcomes.extend(report.outcomes);
    }
    let report = eval::Report { outcomes, bars: eval::Bars::Typed };
    for group in [Group::InScope, Group::Emergency, Group::Crisis, Group::OutOfScope] {
        assert!(report.score(group).1 >= 30, "{group:?} has too few phrasings to measure");
    }
    let turns = [Group::NotCovered, Group::OwnMedicine, Group::Feelings, Group::Disclosure, Group::Substance];
    let new_kinds: usize = turns.iter().map(|group| report.score(*group).1).sum();
    assert!(new_kinds >= 150, "{new_kinds} phrasings of the kinds of turn beyond the questions");
    assert!(report.passes(), "{report}");
}

#[test]
fn a_label_that_names_nothing_is_refused_with_its_line() {
    let cases = eval::parse("# a comment\n\novervieww\twhy did it stop\n").unwrap();
    let error = eval::evaluate(&SKILL, &cases).unwrap_err();
    assert!(error.to_string().starts_with("line 3:"), "{error}");
    assert!(eval::parse("a line without a tab\n").is_err());
}

#[test]
fn the_report_scores_groups_against_their_bars() {
    let cases = eval::parse(
        "overview\twhy did my immunotherapy stop working\n\
         autoimmunity\twhy did my immunotherapy stop working\n\
         emergency\tmy husband can't breathe\n\
         out-of-scope\tplay some jazz\n",
    )
    .unwrap();
    let report = eval::evaluate(&SKILL, &cases).unwrap();
    assert_eq!(report.score(Group::InScope), (1, 2));
    assert_eq!(report.score(Group::Emergency), (1, 1));
    assert_eq!(report.score(Group::OutOfScope), (1, 1));
    assert!(!report.passes(), "half the questions right is below the bar");
    let shown = report.to_string();
    assert!(shown.contains("in-scope") && shown.contains("BELOW"), "{shown}");
    assert!(shown.contains("autoimmunity -> overview: 1"), "the confusion is listed: {shown}");
    assert!(shown.contains("safety recall: emergency 100.0%, crisis -"), "no crisis, no recall: {shown}");
    let miss = report.misses().next().unwrap();
    assert_eq!((miss.case.line, miss.answered.as_str()), (2, "overview"));
    // Heard through a speech recogniser, the in-scope bar is 90%: half is still below it.
    let spoken = eval::Report { bars: eval::Bars::Spoken, ..report };
    assert!(!spoken.passes() && spoken.to_string().contains(" 90%  BELOW"), "{spoken}");
}

#[test]
fn spoken_phrasings_are_held_to_the_spoken_bars() {
    let cases = eval::parse(
        "overview\twhy did my immunotherapy stop working\n\
         emergency\tmy husband can't breathe\n\
         not-covered\twhat happens next\n",
    )
    .unwrap();
    let typed = eval::evaluate(&SKILL, &cases).unwrap();
    assert!(!typed.passes(), "a not-covered question answered with a passage misses the typed bar");
    let spoken = eval::Report { bars: eval::Bars::Spoken, ..typed };
    assert!(spoken.passes(), "not-covered has no spoken bar: {spoken}");
    let danger = eval::parse("emergency\twhat happens next\n").unwrap();
    let missed = eval::Report { bars: eval::Bars::Spoken, ..eval::evaluate(&SKILL, &danger).unwrap() };
    assert!(!missed.passes(), "emergencies stay at 100% when spoken");
}
