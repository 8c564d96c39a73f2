//! The conversation map, checked against the dialog it is drawn from.

use carevoice::map::{ANY_TURN, Map};

use crate::helpers::{SKILL, repository};

fn map() -> Map {
    Map::explore(&SKILL)
}

fn leads(map: &Map, from: &str, words: &str) -> Vec<String> {
    map.edges.iter().filter(|(f, w, _)| f == from && w == words).map(|(_, _, to)| to.clone()).collect()
}

/// A part's place name, as the map writes it.
fn part(topic: usize, part: usize) -> String {
    let topic = &SKILL.content.topics[topic];
    if topic.parts.len() == 1 { topic.id.clone() } else { format!("{} ({}/{})", topic.id, part + 1, topic.parts.len()) }
}

#[test]
fn every_part_of_every_topic_is_a_place_and_next_walks_them_in_order() {
    let map = map();
    let parts: Vec<(usize, usize)> = SKILL
        .content
        .topics
        .iter()
        .enumerate()
        .flat_map(|(topic, t)| (0..t.parts.len()).map(move |p| (topic, p)))
        .collect();
    for &(topic, p) in &parts {
        assert!(map.places.contains(&part(topic, p)), "{} is missing", part(topic, p));
    }
    for pair in parts.windows(2) {
        let (from, to) = (part(pair[0].0, pair[0].1), part(pair[1].0, pair[1].1));
        assert_eq!(leads(&map, &from, "next"), std::slice::from_ref(&to), "after {from}");
        // Previous goes back a part within a topic, and to the start of the topic before.
        let back = if pair[1].1 > 0 { from } else { part(pair[0].0, 0) };
        assert_eq!(leads(&map, &to, "previous"), [back], "before {to}");
    }
}

#[test]
fn the_welcome_offers_the_first_topic_and_safety_is_reachable_from_any_turn() {
    let map = map();
    assert_eq!(leads(&map, "welcome", "yes"), [part(0, 0)]);
    assert_eq!(leads(&map, ANY_TURN, "words of danger"), ["emergency"]);
    assert_eq!(leads(&map, ANY_TURN, "thoughts of suicide"), ["crisis"]);
    assert_eq!(leads(&map, ANY_TURN, "help"), ["help"]);
    assert_eq!(leads(&map, ANY_TURN, "stop"), ["goodbye"]);
    assert_eq!(leads(&map, ANY_TURN, "what can I ask"), ["topics"]);
    for (topic, t) in SKILL.content.topics.iter().enumerate() {
        assert_eq!(leads(&map, ANY_TURN, &format!("asks: {}", t.ask)), [part(topic, 0)], "{}", t.id);
    }
}

#[test]
fn the_map_in_the_readme_is_the_map_of_the_content() {
    let drawn = std::fs::read_to_string(repository().join("docs/conversation-map.svg")).unwrap();
    let map = map();
    assert!(map.to_svg().unwrap().contains("<svg"));
    assert!(
        drawn.contains("<svg") && drawn.contains(&format!("<!-- carevoice map {} -->", map.digest())),
        "docs/conversation-map.svg is out of date: cargo run --release -- map > docs/conversation-map.svg"
    );
}
