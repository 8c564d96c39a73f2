//! Where the server is, and the pages a store listing links to, as the command line gives
//! them: checked to be HTTPS, as Alexa and Dialogflow take.

use anyhow::Context;
use url::Url;

/// Where the server is, and the pages a store listing links to.
#[derive(Debug, Clone)]
pub struct PublicUrls {
    /// The HTTPS address the server is reachable at.
    pub public_url: Url,
    /// The privacy policy, which Alexa's certification asks of a skill about health.
    pub privacy_policy_url: Option<Url>,
    /// The terms of use.
    pub terms_url: Option<Url>,
}

impl PublicUrls {
    /// A server at `public_url`, with no policy pages.
    pub fn new(public_url: Url) -> PublicUrls {
        PublicUrls { public_url, privacy_policy_url: None, terms_url: None }
    }

    /// The address of the server's `route` (which starts with `/`).
    pub fn endpoint(&self, route: &str) -> String {
        format!("{}{route}", self.public_url.as_str().trim_end_matches('/'))
    }
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
