//! The Alexa skill package: `skill.json` and the interaction model (the file in
//! `intents/`, unchanged), as the ASK CLI's `skill-package/` directory holds them.

use serde_json::json;

use crate::content::Content;
use crate::export::{File, description};

/// The skill package files for a server whose Alexa endpoint is `endpoint`.
pub fn files(content: &Content, endpoint: &str) -> Vec<File> {
    let listing = &content.framing.listing;
    let manifest = json!({
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": {
                    (content.locale.as_str()): {
                        "name": listing.name,
                        "summary": listing.summary,
                        "description": description(content),
                        "examplePhrases": listing.example_phrases,
                        "keywords": listing.keywords,
                    }
                },
                "category": "HEALTH_AND_FITNESS",
                "isAvailableWorldwide": false,
                "distributionCountries": ["US"],
                "testingInstructions": format!(
                    "Say \"open {}\", then ask why immunotherapy can stop working or what happens next. Answer yes or no to the questions; say repeat, next, previous, start over, help or stop at any time.",
                    content.model.invocation_name
                ),
            },
            "privacyAndCompliance": {
                "allowsPurchases": false,
                "usesPersonalInfo": false,
                "isChildDirected": false,
                "isExportCompliant": true,
                "containsAds": false,
                "locales": {(content.locale.as_str()): {}},
            },
            "apis": {
                "custom": {
                    "endpoint": {"uri": endpoint, "sslCertificateType": "Trusted"},
                    "interfaces": [],
                }
            },
        }
    });
    vec![
        ("skill.json".to_owned(), manifest),
        (
            format!("interactionModels/custom/{}.json", content.locale),
            serde_json::from_str(&content.model.file).expect("the model parsed when the content loaded"),
        ),
    ]
}
