//! Whole conversations as data: every story of `stories/`, written by people who had not
//! read `intents/` or the matcher, played through the real pipeline, in every locale.

use std::collections::BTreeMap;

use carevoice::stories::{Outcome, Story};
use futures_util::FutureExt;

use crate::helpers::{SKILLS, repository};

fn stories() -> Vec<Story> {
    Story::read_all(&repository().join("stories")).expect("every story reads")
}

#[test]
fn there_are_stories_in_every_locale() {
    let stories = stories();
    assert!(stories.len() >= 60, "{} stories", stories.len());
    let mut per_locale: BTreeMap<String, usize> = BTreeMap::new();
    for story in &stories {
        *per_locale.entry(story.locale.clone().unwrap_or_else(|| "en-US".into())).or_default() += 1;
    }
    for locale in SKILLS.locales() {
        assert!(per_locale.get(locale).copied().unwrap_or(0) >= 10, "{locale}: {per_locale:?}");
    }
}

#[test]
fn the_stories_meet_the_bar() {
    let outcome = Outcome::of(&SKILLS, &stories()).now_or_never().expect("with nothing remembered, no turn waits");
    assert!(outcome.passes(), "{outcome}");
}

#[test]
fn a_story_that_fails_says_where_and_what_was_said() {
    let story = Story::parse(
        std::path::Path::new("made-up.story"),
        "open\n> what happens next\nstarts: Something it never says\nnot: your doctor\ncontinues\n> i want to kill myself\nends\nsays: {crisis_line}\nsays: {shelter_line}\n",
    )
    .unwrap();
    let failures = story.play(&SKILLS).now_or_never().unwrap();
    let shown: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert_eq!(failures.len(), 3, "{shown:#?}");
    assert!(shown[0].starts_with("made-up.story:3: after \"what happens next\", expected to start with"), "{shown:#?}");
    assert!(shown[0].contains("your doctor will discuss"), "what was said: {shown:#?}");
    assert!(shown[1].starts_with("made-up.story:4:"), "{shown:#?}");
    assert!(shown[2].starts_with("made-up.story:9:") && shown[2].contains("no such number"), "{shown:#?}");
}
