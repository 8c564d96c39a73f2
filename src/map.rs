//! The conversation map: what the skill can say, and what Yes, No, Next and Previous lead
//! to from each place, found by running the real dialog from the welcome (so the map
//! cannot drift from it), with what can be said at any turn: a topic's question, "what
//! can I ask", help, words of danger, stop. Drawn as Graphviz DOT, or as SVG laid out in
//! Rust (`layout-rs`), needing nothing installed.

use std::collections::{BTreeSet, HashSet, VecDeque};

use crate::dialog::{BuiltIn, Opening, Reply, Request, Session, Turn};
use crate::skill::Skill;

/// The place every "at any turn" edge starts from.
pub const ANY_TURN: &str = "any turn";
/// The most dialog states explored (the content has far fewer).
const MAX_STATES: usize = 10_000;

/// The map: places (what was just said) and labelled edges between them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Map {
    /// Every place, by name.
    pub places: BTreeSet<String>,
    /// `(from, what was said, to)`.
    pub edges: BTreeSet<(String, String, String)>,
}

impl Map {
    /// Explores `skill`'s dialog.
    pub fn explore(skill: &Skill) -> Map {
        let mut map = Map::default();
        let welcome = skill.respond(Turn {
            request: Request::Launch,
            session: Session::default(),
            remembered: None,
            rate_fixed: false,
        });
        let start = place(skill, &welcome);
        map.places.insert(start.clone());
        let menu = skill.respond(Turn {
            request: intent(BuiltIn::WhatCanIAsk.name()),
            session: Session::default(),
            remembered: None,
            rate_fixed: false,
        });
        let mut seen = HashSet::new();
        let mut queue = VecDeque::from([(start, welcome.session), (place(skill, &menu), menu.session)]);
        while let Some((from, session)) = queue.pop_front() {
            if seen.len() >= MAX_STATES || !seen.insert(format!("{session:?}")) {
                continue;
            }
            for command in [BuiltIn::Yes, BuiltIn::No, BuiltIn::Next, BuiltIn::Previous] {
                let reply = skill.respond(Turn {
                    request: intent(command.name()),
                    session,
                    remembered: None,
                    rate_fixed: false,
                });
                let to = place(skill, &reply);
                map.edge(&from, command_words(command), &to);
                // The map goes on from topic parts and the menu; anything else (an
                // apology, "that was the first one", ...) is where an edge ends.
                let goes_on = matches!(reply.session.last, Some(Opening::Part { .. } | Opening::Topics));
                if goes_on && !reply.end_session {
                    queue.push_back((to, reply.session));
                }
            }
        }
        map.places.insert(ANY_TURN.to_owned());
        let any_turn = |request: Request| {
            let reply =
                skill.respond(Turn { request, session: Session::default(), remembered: None, rate_fixed: false });
            place(skill, &reply)
        };
        for (command, words) in [
            (BuiltIn::WhatCanIAsk, "what can I ask"),
            (BuiltIn::Help, "help"),
            (BuiltIn::Emergency, "words of danger"),
            (BuiltIn::Crisis, "thoughts of suicide"),
            (BuiltIn::Stop, "stop"),
        ] {
            let to = any_turn(intent(command.name()));
            map.edge(ANY_TURN, words, &to);
        }
        for topic in &skill.content.topics {
            let asks = skill.content.model.intents.iter().find(|model_intent| {
                skill
                    .content
                    .entry_for(&model_intent.name, [])
                    .is_some_and(|entry| entry.part == 0 && skill.content.topics[entry.topic].id == topic.id)
            });
            if let Some(asks) = asks {
                let to = any_turn(intent(&asks.name));
                map.edge(ANY_TURN, &format!("asks: {}", topic.ask), &to);
            }
        }
        map
    }

    fn edge(&mut self, from: &str, words: &str, to: &str) {
        self.places.insert(to.to_owned());
        self.edges.insert((from.to_owned(), words.to_owned(), to.to_owned()));
    }

    /// The map in Graphviz's DOT language.
    pub fn to_dot(&self) -> String {
        let quote = |text: &str| format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
        let mut dot = String::from("digraph conversation {\n  rankdir=LR;\n  node [shape=box];\n");
        for place in &self.places {
            dot.push_str(&format!("  {};\n", quote(place)));
        }
        // One arrow per pair of places, naming everything that leads along it.
        let mut arrows: std::collections::BTreeMap<(&str, &str), Vec<&str>> = Default::default();
        for (from, words, to) in &self.edges {
            arrows.entry((from, to)).or_default().push(words);
        }
        for ((from, to), words) in arrows {
            dot.push_str(&format!("  {} -> {} [label={}];\n", quote(from), quote(to), quote(&words.join(", "))));
        }
        dot.push_str("}\n");
        dot
    }

    /// A digest of the map (12 hex digits of a SHA-256 of its DOT), which its SVG carries:
    /// the layout may differ from run to run, the map does not.
    pub fn digest(&self) -> String {
        crate::digest::short_sha256([self.to_dot().as_bytes()])
    }

    /// The map as an SVG document, laid out without Graphviz, carrying its [`Map::digest`]
    /// in a comment (`<!-- carevoice map DIGEST -->`).
    pub fn to_svg(&self) -> Result<String, String> {
        let dot = self.to_dot();
        let mut parser = layout::gv::DotParser::new(&dot);
        let graph = parser.process()?;
        let mut builder = layout::gv::GraphBuilder::new();
        builder.visit_graph(&graph);
        let mut visual = builder.get();
        let mut svg = layout::backends::svg::SVGWriter::new();
        visual.do_it(false, false, false, &mut svg);
        Ok(format!("{}\n<!-- carevoice map {} -->\n", svg.finalize().trim_end(), self.digest()))
    }
}

fn intent(name: &str) -> Request {
    Request::Intent { name: name.to_owned(), slots: Default::default(), certainty: Default::default() }
}

fn command_words(command: BuiltIn) -> &'static str {
    match command {
        BuiltIn::Yes => "yes",
        BuiltIn::No => "no",
        BuiltIn::Next => "next",
        _ => "previous",
    }
}

/// The place a reply leaves the conversation in.
fn place(skill: &Skill, reply: &Reply<'_>) -> String {
    place_after(skill, reply.session.last)
}

/// The place, as the map names it, that saying `last` leaves the conversation in: the
/// topic part just spoken, or what was said; "goodbye" when nothing was.
pub fn place_after(skill: &Skill, last: Option<Opening>) -> String {
    match last {
        Some(Opening::Part { topic, part, .. }) => {
            let parts = skill.content.topics[topic].parts.len();
            let id = &skill.content.topics[topic].id;
            if parts == 1 { id.clone() } else { format!("{id} ({}/{parts})", part + 1) }
        }
        Some(opening) => opening.name().replace('_', " "),
        None => "goodbye".to_owned(),
    }
}
