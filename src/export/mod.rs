//! Exports the one interaction model in `intents/` to each platform's import format:
//! an Alexa skill package, a Dialogflow ES agent, a Dialogflow CX agent.
//!
//! Each exporter lives beside its platform's adapter (`platform/<name>/export.rs`) and is
//! a pure function from the content to a list of files; [`write`] puts them on disk. Ids
//! are derived from names (UUID v5), so an export is reproducible and re-importing it
//! updates rather than duplicates.

use std::path::Path;

use anyhow::Context;
use serde_json::Value;
use url::Url;
use uuid::Uuid;

use crate::content::Content;
use crate::platform::Platform;
use crate::platform::alexa::{self, Alexa};
use crate::platform::dialogflow_cx::{self, DialogflowCx};
use crate::platform::dialogflow_es::{self, DialogflowEs};

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
        Target::Alexa => alexa::export::files(content, &endpoint(public_url, Alexa::ROUTE)),
        Target::DialogflowEs => dialogflow_es::export::files(content, &endpoint(public_url, DialogflowEs::ROUTE)),
        Target::DialogflowCx => dialogflow_cx::export::files(content, &endpoint(public_url, DialogflowCx::ROUTE)),
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

/// `public_url` with `route` (which starts with `/`) appended to its path.
fn endpoint(public_url: &Url, route: &str) -> String {
    format!("{}{route}", public_url.as_str().trim_end_matches('/'))
}

/// A stable id for `kind` and `name`.
pub(crate) fn id(kind: &str, name: &str) -> String {
    // A fixed namespace for carevoice's exports.
    const NAMESPACE: Uuid = Uuid::from_u128(0x6a1f_4c0e_9d3b_4e57_8f21_c5a0_b7e6_d913);
    Uuid::new_v5(&NAMESPACE, format!("{kind}/{name}").as_bytes()).to_string()
}

/// The description with the health disclaimer, as stores and agents show it.
pub(crate) fn description(content: &Content) -> String {
    format!("{} {}", content.framing.listing.description, content.framing.listing.health_disclaimer)
}
