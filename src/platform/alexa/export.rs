//! The Alexa skill package: `skill.json`, listing every locale, and each locale's
//! interaction model (its file in `intents/`, unchanged), as the ASK CLI's
//! `skill-package/` directory holds them.

use serde_json::{Map, Value, json};

use crate::export::{File, Settings, description};
use crate::skill::Skills;

/// The skill package files for a server whose Alexa endpoint is `endpoint`.
pub fn files(skills: &Skills, endpoint: &str, settings: &Settings) -> Vec<File> {
    let mut listings = Map::new();
    let mut policies = Map::new();
    let mut countries = Vec::new();
    for skill in skills.all() {
        let (content, listing) = (&skill.content, &skill.content.framing.listing);
        listings.insert(
            content.locale.clone(),
            json!({
                "name": listing.name,
                "summary": listing.summary,
                "description": description(content),
                "examplePhrases": listing.example_phrases,
                "keywords": listing.keywords,
            }),
        );
        let mut policy = Map::new();
        if let Some(url) = &settings.privacy_policy_url {
            policy.insert("privacyPolicyUrl".into(), json!(url.as_str()));
        }
        if let Some(url) = &settings.terms_url {
            policy.insert("termsOfUseUrl".into(), json!(url.as_str()));
        }
        policies.insert(content.locale.clone(), Value::Object(policy));
        countries.extend(content.locale.split_once('-').map(|(_, country)| country.to_ascii_uppercase()));
    }
    countries.sort();
    countries.dedup();
    let invocation = &skills.default_locale().content.model.invocation_name;
    let manifest = json!({
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": listings,
                "category": "HEALTH_AND_FITNESS",
                "isAvailableWorldwide": false,
                "distributionCountries": countries,
                "testingInstructions": format!(
                    "Say \"open {invocation}\", then ask why immunotherapy can stop working or what happens next. Answer yes or no to the questions; say repeat, next, previous, start over, help or stop at any time.",
                ),
            },
            "privacyAndCompliance": {
                "allowsPurchases": false,
                "usesPersonalInfo": false,
                "isChildDirected": false,
                "isExportCompliant": true,
                "containsAds": false,
                "locales": policies,
            },
            "apis": {
                "custom": {
                    "endpoint": {"uri": endpoint, "sslCertificateType": "Trusted"},
                    // Captions on Echo Show and Echo Spot screens (crate::screen).
                    "interfaces": [{
                        "type": "ALEXA_PRESENTATION_APL",
                        "supportedViewports": [
                            {"mode": "HUB", "shape": "ROUND", "minWidth": 100, "maxWidth": 599, "minHeight": 100, "maxHeight": 599},
                            {"mode": "HUB", "shape": "RECTANGLE", "minWidth": 960, "maxWidth": 1920, "minHeight": 480, "maxHeight": 1279},
                        ],
                    }],
                }
            },
        }
    });
    let mut files = vec![("skill.json".to_owned(), manifest)];
    files.extend(skills.all().iter().map(|skill| {
        (
            format!("interactionModels/custom/{}.json", skill.content.locale),
            serde_json::from_str(&skill.content.model.file).expect("the model parsed when the content loaded"),
        )
    }));
    files
}
