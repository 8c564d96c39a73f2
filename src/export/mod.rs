//! Exports the one interaction model in `intents/` to each platform's import format:
//! an Alexa skill package, a Dialogflow ES agent, a Dialogflow CX agent.
//!
//! `model` builds what every export says once, from the content; a writer per platform
//! (`alexa`, `dialogflow_es`, `dialogflow_cx`) turns it into that platform's files, as
//! typed JSON; [`write`] puts them on disk. Ids are derived from names (UUID v5), so an
//! export is reproducible and re-importing it updates rather than duplicates.

mod alexa;
mod dialogflow_cx;
mod dialogflow_es;
mod file;
mod model;
mod urls;

use std::path::Path;

use anyhow::Context;

use crate::platform::Webhook;
use crate::platform::alexa::Alexa;
use crate::platform::dialogflow_cx::DialogflowCx;
use crate::platform::dialogflow_es::DialogflowEs;
use crate::skill::Skills;
pub use file::File;
pub use model::AGENT_DESCRIPTION_CHARS;
use model::Export;
pub use urls::{PublicUrls, parse_page_url, parse_public_url};

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

/// The files of `target`'s export of every locale of `skills`.
pub fn files(skills: &Skills, target: Target, urls: &PublicUrls) -> Vec<File> {
    let export = Export::new(skills);
    match target {
        Target::Alexa => alexa::files(&export, &urls.endpoint(Alexa::ROUTE), urls),
        Target::DialogflowEs => dialogflow_es::files(&export, &urls.endpoint(DialogflowEs::ROUTE)),
        Target::DialogflowCx => dialogflow_cx::files(&export, &urls.endpoint(DialogflowCx::ROUTE)),
    }
}

/// Writes `target`'s export into `dir`, which must be new or empty so that nothing
/// stale is imported with it. Returns the paths written.
pub fn write(skills: &Skills, target: Target, urls: &PublicUrls, dir: &Path) -> anyhow::Result<Vec<String>> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        anyhow::ensure!(entries.next().is_none(), "{} is not empty; export into a new directory", dir.display());
    }
    let files = files(skills, target, urls);
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
