//! Exports the one interaction model in `intents/` to each platform's import format:
//! an Alexa skill package, a Dialogflow ES agent, a Dialogflow CX agent.
//!
//! Each exporter is a pure function from the content to a list of files; [`write`] puts
//! them on disk. Ids are derived from names (UUID v5), so an export is reproducible and
//! re-importing it updates rather than duplicates.

mod alexa;
mod dialogflow_cx;
mod dialogflow_es;

use std::path::Path;

use anyhow::Context;
use serde_json::Value;
use url::Url;
use uuid::Uuid;

use crate::content::Content;
use crate::content::model::Intent;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An Alexa skill package for the ASK CLI.
    Alexa,
    /// A Dialogflow ES agent, to zip and import.
    DialogflowEs,
    /// A Dialogflow CX agent in the JSON package format, to zip and restore.
    DialogflowCx,
}

/// One exported file: its path inside the export directory, and its JSON.
pub type File = (String, Value);

/// The files of `target`'s export, for a server reachable at `public_url`.
pub fn files(content: &Content, target: Target, public_url: &Url) -> Vec<File> {
    match target {
        Target::Alexa => alexa::files(content, &endpoint(public_url, "alexa")),
        Target::DialogflowEs => dialogflow_es::files(content, &endpoint(public_url, "dialogflow/es")),
        Target::DialogflowCx => dialogflow_cx::files(content, &endpoint(public_url, "dialogflow/cx")),
    }
}

/// Writes `target`'s export into `dir`, which must be new or empty so that nothing
/// stale is imported with it. Returns the paths written.
pub fn write(content: &Content, target: Target, public_url: &Url, dir: &Path) -> anyhow::Result<Vec<String>> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        anyhow::ensure!(entries.next().is_none(), "{} is not empty; export into a new directory", dir.display());
    }
    let files = files(content, target, public_url);
    for (path, json) in &files {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let text = serde_json::to_string_pretty(json)? + "\n";
        std::fs::write(&full, text).with_context(|| format!("cannot write {}", full.display()))?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// Checks a public URL: HTTPS, as both platforms require, without query or fragment.
pub fn parse_public_url(raw: &str) -> anyhow::Result<Url> {
    let url = Url::parse(raw).with_context(|| format!("{raw:?} is not a URL"))?;
    anyhow::ensure!(url.scheme() == "https", "the public URL must be https:// (Alexa and Dialogflow call HTTPS only)");
    anyhow::ensure!(url.query().is_none() && url.fragment().is_none(), "the public URL takes no query or fragment");
    Ok(url)
}

/// `public_url` with `route` appended to its path.
fn endpoint(public_url: &Url, route: &str) -> String {
    format!("{}/{route}", public_url.as_str().trim_end_matches('/'))
}

/// A stable id for `kind` and `name`.
fn id(kind: &str, name: &str) -> String {
    // A fixed namespace for carevoice's exports.
    const NAMESPACE: Uuid = Uuid::from_u128(0x6a1f_4c0e_9d3b_4e57_8f21_c5a0_b7e6_d913);
    Uuid::new_v5(&NAMESPACE, format!("{kind}/{name}").as_bytes()).to_string()
}

/// A part of a sample utterance: plain words, or a slot filled with example words.
enum SamplePart<'a> {
    Words(&'a str),
    Slot { name: &'a str, slot_type: &'a str, example: &'a str },
}

/// Splits a sample such as `tell me about {option}` into parts, filling each slot with
/// one of its type's spoken forms; `variant` picks which, so that a slot's samples
/// between them show many forms.
fn sample_parts<'a>(content: &'a Content, intent: &'a Intent, sample: &'a str, variant: usize) -> Vec<SamplePart<'a>> {
    let mut parts = Vec::new();
    let mut rest = sample;
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else { break };
        if start > 0 {
            parts.push(SamplePart::Words(&rest[..start]));
        }
        let name = &rest[start + 1..start + length];
        let slot_type = intent.slots.iter().find(|slot| slot.name == name).map(|slot| slot.slot_type.as_str());
        let forms: Vec<&str> = slot_type
            .and_then(|slot_type| content.model.slot_type(slot_type))
            .map(|slot_type| slot_type.values.iter().flat_map(|value| value.spoken_forms()).collect())
            .unwrap_or_default();
        match (slot_type, forms.is_empty()) {
            (Some(slot_type), false) => {
                parts.push(SamplePart::Slot { name, slot_type, example: forms[variant % forms.len()] })
            }
            _ => parts.push(SamplePart::Words(&rest[start..start + length + 1])),
        }
        rest = &rest[start + length + 1..];
    }
    if !rest.is_empty() {
        parts.push(SamplePart::Words(rest));
    }
    parts
}

/// The description with the health disclaimer, as stores and agents show it.
fn description(content: &Content) -> String {
    format!("{} {}", content.listing.description, content.listing.health_disclaimer)
}
