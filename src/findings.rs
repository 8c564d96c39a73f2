//! What `carevoice check` reports of content that loaded (content that breaks a rule
//! does not load, and the error says where): what it holds, its safety net, and how long
//! its longest part takes to say. The console shows the same lines.

use crate::content::{MAX_PART_SECONDS, WORDS_PER_MINUTE};
use crate::skill::Skill;
use crate::speech::Rate;

/// The findings, one line each.
pub fn findings(skill: &Skill) -> Vec<String> {
    let content = &skill.content;
    let n_samples: usize = content.model.intents.iter().map(|intent| intent.sample_count()).sum();
    let n_parts: usize = content.topics.iter().map(|topic| topic.parts.len()).sum();
    let mut lines = vec![format!(
        "ok ({}): {} topics in {n_parts} parts, {} intents with {n_samples} sample utterances, {} replies rendered",
        content.locale,
        content.topics.len(),
        content.model.intents.len(),
        skill.script.n_replies()
    )];
    let safety = &content.safety;
    lines.push(format!(
        "safety ({}): {} danger patterns, answered with {} and the crisis line {}",
        content.locale,
        skill.matcher.n_danger_patterns(),
        safety.emergency_number,
        safety.crisis_line
    ));
    for number in safety.numbers() {
        lines.push(format!(
            "  number ({}): {} {}, checked at {}",
            content.locale, number.key, number.number, number.checked_at
        ));
    }
    for (kind, signs) in [
        ("emergency", &safety.signs.emergency_signs),
        ("first aid", &safety.signs.first_aid_signs),
        ("crisis", &safety.signs.crisis_signs),
        ("assault", &safety.signs.assault_signs),
        ("abuse", &safety.signs.abuse_signs),
    ] {
        for sign in signs {
            lines.push(format!("  {kind}: {} ({} patterns)", sign.name, sign.patterns.len()));
        }
    }
    let longest = content
        .topics
        .iter()
        .flat_map(|topic| topic.parts.iter().enumerate().map(move |(idx, part)| (topic, idx, part)))
        .max_by_key(|(_, _, part)| part.text.split_whitespace().count());
    if let Some((topic, idx, part)) = longest {
        let words = part.text.split_whitespace().count();
        let seconds = words as f32 * 60.0 / (WORDS_PER_MINUTE as f32 * Rate::Slowest.factor());
        lines.push(format!(
            "length: the longest part, {} part {}, has {words} words, about {seconds:.0} s at the slowest rate (the limit is {MAX_PART_SECONDS} s)",
            topic.id,
            idx + 1
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_findings_count_the_content_and_name_the_longest_part() {
        let skill = crate::skill::embedded_for_tests();
        let lines = findings(skill);
        assert!(lines[0].starts_with(&format!("ok (en-US): {} topics", skill.content.topics.len())), "{lines:?}");
        assert!(lines.iter().any(|line| line.starts_with("safety (en-US): ") && line.contains("911")), "{lines:?}");
        for number in skill.content.safety.numbers() {
            let listed = format!("  number (en-US): {} {}, checked at https://", number.key, number.number);
            assert!(lines.iter().any(|line| line.starts_with(&listed)), "{listed:?} in {lines:#?}");
        }
        let length = lines.iter().find(|line| line.starts_with("length: ")).expect("a length line");
        assert!(length.contains("the limit is 30 s"), "{length}");
    }
}
