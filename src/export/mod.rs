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
use crate::skill::Skills;

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

/// Where the server is, and the pages a store listing links to.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The HTTPS address the server is reachable at.
    pub public_url: Url,
    /// The privacy policy, which Alexa's certification asks of a skill about health.
    pub privacy_policy_url: Option<Url>,
    /// The terms of use.
    pub terms_url: Option<Url>,
}

impl Settings {
    /// A server at `public_url`, with no policy pages.
    pub fn new(public_url: Url) -> Settings {
        Settings { public_url, privacy_policy_url: None, terms_url: None }
    }
}

/// The files of `target`'s export of every locale of `skills`.
pub fn files(skills: &Skills, target: Target, settings: &Settings) -> Vec<File> {
    let url = &settings.public_url;
    match target {
        Target::Alexa => alexa::export::files(skills, &endpoint(url, Alexa::ROUTE), settings),
        Target::DialogflowEs => dialogflow_es::export::files(skills, &endpoint(url, DialogflowEs::ROUTE)),
        Target::DialogflowCx => dialogflow_cx::export::files(skills, &endpoint(url, DialogflowCx::ROUTE)),
    }
}

/// Writes `target`'s export into `dir`, which must be new or empty so that nothing
/// stale is imported with it. Returns the paths written.
pub fn write(skills: &Skills, target: Target, settings: &Settings, dir: &Path) -> anyhow::Result<Vec<String>> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        anyhow::ensure!(entries.next().is_none(), "{} is not empty; export into a new directory", dir.display());
    }
    let files = files(skills, target, settings);
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
    let url = parse_page_url(raw, "the public URL")?;
    anyhow::ensure!(url.query().is_none() && url.fragment().is_none(), "the public URL takes no query or fragment");
    Ok(url)
}

/// Checks the URL of `what`, a page a listing links to (a privacy policy, terms of use):
/// HTTPS, as Alexa and Dialogflow take.
pub fn parse_page_url(raw: &str, what: &str) -> anyhow::Result<Url> {
    let url = Url::parse(raw).with_context(|| format!("{what}, {raw:?}, is not a URL"))?;
    anyhow::ensure!(url.scheme() == "https", "{what} must be https:// (Alexa and Dialogflow take HTTPS only)");
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

/// The description with the health disclaimer, as the Alexa skill store shows it.
pub(crate) fn description(content: &Content) -> String {
    format!("{} {}", content.framing.listing.description, content.framing.listing.health_disclaimer)
}

/// The short description with the health disclaimer, for Dialogflow agents, which take
/// at most [`AGENT_DESCRIPTION_CHARS`].
pub(crate) fn agent_description(content: &Content) -> String {
    format!("{} {}", content.framing.listing.summary, content.framing.listing.health_disclaimer)
}

/// The most characters Dialogflow (ES and CX) takes in an agent's description.
pub const AGENT_DESCRIPTION_CHARS: usize = 500;

/// The language code Dialogflow gives a locale: lower case, `en-gb`.
pub(crate) fn dialogflow_code(locale: &str) -> String {
    locale.to_ascii_lowercase()
}
