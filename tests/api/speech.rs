//! Every topic's speech, snapshotted as SSML for both flavors, so that a content change
//! shows up in review; each document is parsed as XML and checked against the limits.

use std::collections::BTreeMap;
use std::fmt::Write;

use carevoice::dialog::{Certainty, Prompt, Request, Session, Turn};
use carevoice::speech::{Flavor, Rate, Said};

use crate::helpers::{SKILL, assert_valid_ssml};

fn describe(out: &mut String, heading: &str, said: &Said) {
    for flavor in Flavor::ALL {
        let ssml = &said.ssml(flavor, Rate::Normal);
        assert_valid_ssml(ssml);
        writeln!(out, "{heading} ({flavor:?}):\n{ssml}\n").unwrap();
    }
    // Every other rate: the same words inside one prosody element, within the limits.
    for rate in Rate::ALL.into_iter().filter(|rate| *rate != Rate::Normal) {
        for flavor in Flavor::ALL {
            let ssml = &said.ssml(flavor, rate);
            assert_valid_ssml(ssml);
            assert!(flavor.within_limit(ssml));
            let document = roxmltree::Document::parse(ssml).unwrap();
            let prosody = document.root_element().first_element_child().unwrap();
            assert_eq!(prosody.tag_name().name(), "prosody", "{ssml}");
            assert_eq!(
                prosody.attribute("rate"),
                Some(format!("{}%", (rate.factor() * 100.0).round()).as_str()),
                "{ssml}"
            );
        }
    }
}

/// Speaks a topic from its first part to its last, as Yes walks it.
fn topic_speech(topic_idx: usize) -> String {
    let content = &SKILL.content;
    let topic = &content.topics[topic_idx];
    let mut slots = BTreeMap::new();
    if let Some(option) = &topic.option {
        slots.insert("option".to_owned(), option.clone());
    }
    let mut request = Request::Intent { name: topic.parts[0].intents[0].clone(), slots, certainty: Certainty::Sure };
    let mut session = Session { disclaimed: true, ..Session::default() };
    let mut out = String::new();
    for part in 0.. {
        let reply = SKILL.respond(Turn { request, session, remembered: None, rate_fixed: false });
        let position = reply.session.position.expect("a topic part was spoken");
        assert_eq!((position.topic, position.part), (topic_idx, part));
        describe(&mut out, &format!("part {part}"), reply.speech.unwrap());
        describe(&mut out, &format!("part {part} reprompt"), reply.reprompt.unwrap());
        if reply.session.prompt != Prompt::GoOn {
            break;
        }
        session = reply.session;
        request =
            Request::Intent { name: "AMAZON.YesIntent".into(), slots: BTreeMap::new(), certainty: Certainty::Sure };
    }
    out
}

#[test]
fn every_topic_renders_to_valid_ssml_within_the_limits() {
    for (topic_idx, topic) in SKILL.content.topics.iter().enumerate() {
        insta::assert_snapshot!(format!("topic_{}", topic.id), topic_speech(topic_idx));
    }
}

#[test]
fn the_skills_own_words_render_to_valid_ssml() {
    let mut out = String::new();
    for (name, intent) in [
        ("welcome", None),
        ("help", Some("AMAZON.HelpIntent")),
        ("fallback", Some("AMAZON.FallbackIntent")),
        ("what can I ask", Some("WhatCanIAskIntent")),
        ("goodbye", Some("AMAZON.StopIntent")),
    ] {
        let request = match intent {
            None => Request::Launch,
            Some(name) => Request::Intent { name: name.to_owned(), slots: BTreeMap::new(), certainty: Certainty::Sure },
        };
        let reply = SKILL.respond(Turn { request, session: Session::default(), remembered: None, rate_fixed: false });
        describe(&mut out, name, reply.speech.unwrap());
    }
    insta::assert_snapshot!("framing", out);
}

#[test]
fn every_part_takes_at_most_thirty_seconds_at_the_slowest_rate() {
    use carevoice::content::{MAX_PART_SECONDS, MAX_PART_WORDS, WORDS_PER_MINUTE};
    let slowest_words_per_minute = WORDS_PER_MINUTE as f32 * Rate::Slowest.factor();
    assert_eq!(slowest_words_per_minute, 105.0);
    // The content's limit in words is what the slowest rate says in that time.
    assert_eq!(MAX_PART_WORDS, (slowest_words_per_minute * MAX_PART_SECONDS as f32 / 60.0) as usize);
    for topic in &SKILL.content.topics {
        for part in &topic.parts {
            let seconds = part.text.split_whitespace().count() as f32 / slowest_words_per_minute * 60.0;
            assert!(seconds <= MAX_PART_SECONDS as f32, "{}: {seconds:.1} s: {}", topic.id, part.text);
        }
    }
}
