//! Measured understanding: the held-out phrasings of `tests/eval/` meet the bars, none of
//! them is a sample utterance, and `carevoice eval` reports and fails as documented.

use std::collections::HashMap;

use carevoice::eval::{self, Group};

use crate::helpers::{SKILL, repository};

const HELD_OUT: &str = "tests/eval/heldout.en-US.tsv";

fn held_out() -> Vec<eval::Case> {
    eval::parse(&std::fs::read_to_string(repository().join(HELD_OUT)).unwrap()).unwrap()
}

/// Lower case, letters, digits and apostrophes, single spaces.
fn normalized(text: &str) -> String {
    let kept: String =
        text.to_lowercase().chars().map(|c| if c.is_alphanumeric() || c == '\'' { c } else { ' ' }).collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn no_held_out_phrasing_is_a_sample_utterance() {
    let samples: HashMap<String, &str> = SKILL
        .content
        .model
        .intents
        .iter()
        .flat_map(|intent| intent.samples.iter().map(|sample| (normalized(sample), intent.name.as_str())))
        .collect();
    let cases = held_out();
    assert!(cases.len() >= 300, "the held-out set has {} lines", cases.len());
    for case in &cases {
        let leaked = samples.get(&normalized(&case.utterance));
        assert!(leaked.is_none(), "line {} of {HELD_OUT} is a sample of {}", case.line, leaked.unwrap());
    }
}

#[test]
fn the_held_out_set_covers_every_kind_and_meets_the_bars() {
    let report = eval::evaluate(&SKILL, &held_out()).unwrap();
    for group in [Group::InScope, Group::Emergency, Group::Crisis, Group::OutOfScope] {
        assert!(report.score(group).1 >= 30, "{group:?} has too few phrasings to measure");
    }
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
    let miss = report.misses().next().unwrap();
    assert_eq!((miss.case.line, miss.answered.as_str()), (2, "overview"));
}
