//! The Alexa skill package: `skill.json`, listing every locale, and each locale's
//! interaction model (its file in `intents/`, unchanged), as the ASK CLI's
//! `skill-package/` directory holds them.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use url::Url;

use super::file::{File, file};
use super::model::{Export, Locale};
use super::urls::PublicUrls;

/// The skill package files for a server whose Alexa endpoint is `endpoint`.
pub fn files(export: &Export, endpoint: &str, urls: &PublicUrls) -> Vec<File> {
    let mut files = vec![file("skill.json", SkillJson { manifest: manifest(export, endpoint, urls) })];
    files.extend(export.locales.iter().map(|locale| {
        let model: Value =
            serde_json::from_str(locale.interaction_model).expect("the model parsed when the content loaded");
        file(format!("interactionModels/custom/{}.json", locale.code), model)
    }));
    files
}

fn manifest<'a>(export: &'a Export, endpoint: &'a str, urls: &'a PublicUrls) -> Manifest<'a> {
    let policy = Policy {
        privacy_policy_url: urls.privacy_policy_url.as_ref().map(Url::as_str),
        terms_of_use_url: urls.terms_url.as_ref().map(Url::as_str),
    };
    let mut countries: Vec<&str> = export.locales.iter().filter_map(|locale| locale.country.as_deref()).collect();
    countries.sort_unstable();
    countries.dedup();
    Manifest {
        manifest_version: "1.0",
        publishing_information: PublishingInformation {
            locales: export.locales.iter().map(|locale| (locale.code, LocaleListing::new(locale))).collect(),
            category: "HEALTH_AND_FITNESS",
            is_available_worldwide: false,
            distribution_countries: countries,
            testing_instructions: &export.agent.testing_instructions,
        },
        privacy_and_compliance: PrivacyAndCompliance {
            allows_purchases: false,
            uses_personal_info: false,
            is_child_directed: false,
            is_export_compliant: true,
            contains_ads: false,
            locales: export.locales.iter().map(|locale| (locale.code, policy)).collect(),
        },
        apis: Apis {
            custom: Custom {
                endpoint: Endpoint { uri: endpoint, ssl_certificate_type: "Trusted" },
                // Captions on Echo Show and Echo Spot screens (crate::screen).
                interfaces: [Interface { kind: "ALEXA_PRESENTATION_APL", supported_viewports: SCREENS }],
            },
        },
    }
}

/// The screens the captions are drawn for: round (Echo Spot) and landscape (Echo Show).
const SCREENS: [Viewport; 2] = [
    Viewport { mode: "HUB", shape: "ROUND", min_width: 100, max_width: 599, min_height: 100, max_height: 599 },
    Viewport { mode: "HUB", shape: "RECTANGLE", min_width: 960, max_width: 1920, min_height: 480, max_height: 1279 },
];

#[derive(Serialize)]
struct SkillJson<'a> {
    manifest: Manifest<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Manifest<'a> {
    manifest_version: &'static str,
    publishing_information: PublishingInformation<'a>,
    privacy_and_compliance: PrivacyAndCompliance<'a>,
    apis: Apis<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PublishingInformation<'a> {
    locales: BTreeMap<&'a str, LocaleListing<'a>>,
    category: &'static str,
    is_available_worldwide: bool,
    distribution_countries: Vec<&'a str>,
    testing_instructions: &'a str,
}

/// How a locale's store lists the skill.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LocaleListing<'a> {
    name: &'a str,
    summary: &'a str,
    description: &'a str,
    example_phrases: &'a [String],
    keywords: &'a [String],
}

impl<'a> LocaleListing<'a> {
    fn new(locale: &'a Locale) -> LocaleListing<'a> {
        let listing = locale.listing;
        LocaleListing {
            name: &listing.name,
            summary: &listing.summary,
            description: &locale.description,
            example_phrases: &listing.example_phrases,
            keywords: &listing.keywords,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PrivacyAndCompliance<'a> {
    allows_purchases: bool,
    uses_personal_info: bool,
    is_child_directed: bool,
    is_export_compliant: bool,
    contains_ads: bool,
    locales: BTreeMap<&'a str, Policy<'a>>,
}

/// The pages a locale's listing links to.
#[derive(Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
struct Policy<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    privacy_policy_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    terms_of_use_url: Option<&'a str>,
}

#[derive(Serialize)]
struct Apis<'a> {
    custom: Custom<'a>,
}

#[derive(Serialize)]
struct Custom<'a> {
    endpoint: Endpoint<'a>,
    interfaces: [Interface; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Endpoint<'a> {
    uri: &'a str,
    ssl_certificate_type: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Interface {
    #[serde(rename = "type")]
    kind: &'static str,
    supported_viewports: [Viewport; 2],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Viewport {
    mode: &'static str,
    shape: &'static str,
    min_width: u32,
    max_width: u32,
    min_height: u32,
    max_height: u32,
}
