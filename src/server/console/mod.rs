//! The browser console (`serve --console`): one page, for content teams and developers,
//! to talk to the skill, hear it, see where each sentence comes from and where the
//! conversation is on the map. It shows the whole script, so it is for development and
//! staging only; without `--console` none of its routes exist.
//!
//! Everything it shows beyond a turn is prepared once, when the server starts. Its page
//! may load from and talk to this server only (a Content-Security-Policy says so), and it
//! never sends a user id, so nothing is remembered of a console conversation.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use actix_web::http::header;
use actix_web::web::{self, Bytes, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::extract::JsonBody;
use super::routes::{get, route};
use crate::audio::{self, AudioError};
use crate::map::Map;
use crate::platform::RequestError;
use crate::platform::console::Console;
use crate::skill::{Skills, UnsupportedLocale};
use crate::speech::{Flavor, Rate, Said};

/// The console's page.
pub const CONSOLE_ROUTE: &str = "/console";
/// What the page shows beside the conversation: the source text, the map, the findings
/// (`?locale=` for a locale other than the default).
pub const CONTENT_ROUTE: &str = "/console/content";
/// A reply spoken, as WAV: `?rate=NAME&text=WORDS`.
pub const AUDIO_ROUTE: &str = "/console/audio";
const SCRIPT_ROUTE: &str = "/console/console.js";
const STYLE_ROUTE: &str = "/console/console.css";

/// The page may load from, and talk to, this server only.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
                      media-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

/// The console, prepared from the loaded skill.
pub struct ConsolePage {
    /// The JSON of [`CONTENT_ROUTE`] for each locale, by its name in lower case.
    content: HashMap<String, Bytes>,
    /// The default locale, in lower case.
    default_locale: String,
    /// Everything the skill can say, by its words: the only speech the audio route speaks.
    said: HashMap<Box<str>, Said>,
    /// Whether espeak-ng is here to speak.
    server_audio: bool,
}

/// What the page shows beside the conversation in one locale.
#[derive(Serialize)]
struct Overview<'a> {
    locale: &'a str,
    locales: Vec<&'a str>,
    version: &'a str,
    source: &'a str,
    map_svg: &'a str,
    findings: Vec<String>,
    server_audio: bool,
    /// Why there is no audio from the server, and how to have it.
    audio_advice: Option<String>,
    rates: Vec<RateShown>,
}

/// A speaking rate, and how much faster than normal it is.
#[derive(Serialize)]
struct RateShown {
    name: &'static str,
    factor: f32,
}

/// The audio route's query.
#[derive(Deserialize)]
struct AudioQuery {
    rate: String,
    text: String,
}

/// The content route's query.
#[derive(Deserialize)]
struct ContentQuery {
    locale: Option<String>,
}

impl ConsolePage {
    /// Prepares the page's content for every locale: the map laid out (once for the
    /// locales whose maps are the same), the findings, espeak-ng looked for.
    pub fn build(skills: &Skills) -> anyhow::Result<ConsolePage> {
        let audio = audio::available();
        if let Err(error) = &audio {
            tracing::warn!(%error, "the console speaks with the browser's own voice");
        }
        let mut layouts: HashMap<String, String> = HashMap::new();
        let mut content = HashMap::new();
        for skill in skills.all() {
            let map = Map::explore(skill);
            let digest = map.digest();
            if let Entry::Vacant(layout) = layouts.entry(digest.clone()) {
                layout.insert(map.to_svg().map_err(|error| anyhow::anyhow!("laying out the map: {error}"))?);
            }
            let locale = &skill.content.locale;
            let overview = Overview {
                locale,
                locales: skills.locales().collect(),
                version: &skill.content.version,
                source: &skill.content.source,
                map_svg: &layouts[&digest],
                findings: crate::findings::findings(skill),
                server_audio: audio.is_ok(),
                audio_advice: audio.as_ref().err().map(ToString::to_string),
                rates: Rate::ALL.iter().map(|rate| RateShown { name: rate.name(), factor: rate.factor() }).collect(),
            };
            content.insert(locale.to_ascii_lowercase(), Bytes::from(serde_json::to_vec(&overview)?));
        }
        Ok(ConsolePage {
            content,
            default_locale: skills.default_locale().content.locale.to_ascii_lowercase(),
            said: skills
                .all()
                .iter()
                .flat_map(|skill| skill.script.all())
                .map(|said| (said.text().into(), said.clone()))
                .collect(),
            server_audio: audio.is_ok(),
        })
    }
}

/// Registers the console's routes.
pub(super) fn configure(config: &mut ServiceConfig, page: &web::Data<ConsolePage>) {
    config
        .app_data(page.clone())
        .service(get(CONSOLE_ROUTE, index))
        .service(get(SCRIPT_ROUTE, script))
        .service(get(STYLE_ROUTE, style))
        .service(get(CONTENT_ROUTE, overview))
        .service(get(AUDIO_ROUTE, speak))
        .service(route::<JsonBody<Console>>());
}

/// A file of the page, with the headers that keep it to this server.
fn asset(content_type: &'static str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CONTENT_SECURITY_POLICY, POLICY))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

async fn index() -> HttpResponse {
    asset("text/html; charset=utf-8", include_str!("index.html"))
}

async fn script() -> HttpResponse {
    asset("text/javascript; charset=utf-8", include_str!("console.js"))
}

async fn style() -> HttpResponse {
    asset("text/css; charset=utf-8", include_str!("console.css"))
}

/// What the page shows beside the conversation, in `?locale=` (the default if none).
async fn overview(page: web::Data<ConsolePage>, request: HttpRequest) -> Result<HttpResponse, ApiError> {
    let query = web::Query::<ContentQuery>::from_query(request.query_string())
        .map_err(|_| RequestError::Invalid("the query takes only \"locale\""))?;
    let locale = query.locale.as_deref().map_or(page.default_locale.clone(), str::to_ascii_lowercase);
    let content = page.content.get(&locale).ok_or_else(|| {
        let mut supported: Vec<&str> = page.content.keys().map(String::as_str).collect();
        supported.sort();
        RequestError::from(UnsupportedLocale { requested: locale.clone(), supported: supported.join(", ") })
    })?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(content.clone()))
}

/// Something the skill says, spoken by espeak-ng at a rate, as WAV.
async fn speak(page: web::Data<ConsolePage>, request: HttpRequest) -> Result<HttpResponse, ApiError> {
    let query = web::Query::<AudioQuery>::from_query(request.query_string())
        .map_err(|_| RequestError::Invalid("give \"rate\" and \"text\", what the skill says"))?;
    let rate = Rate::from_name(&query.rate).ok_or(RequestError::Invalid("no such rate"))?;
    let said = page.said.get(query.text.as_str()).ok_or(ApiError::NotFound)?;
    if !page.server_audio {
        return Err(AudioError::Missing { program: audio::program() }.into());
    }
    let ssml = said.ssml(Flavor::Generic, rate);
    let wav = web::block(move || audio::wav(&ssml))
        .await
        .map_err(|_| AudioError::Failed("the rendering thread stopped".to_owned()))??;
    Ok(HttpResponse::Ok()
        .content_type("audio/wav")
        .insert_header((header::CACHE_CONTROL, "private, max-age=3600"))
        .body(wav))
}
