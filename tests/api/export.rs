//! `carevoice export`: the Alexa skill package and the Dialogflow agents, from the one
//! interaction model, as golden snapshots; and the command that writes them.

use std::process::Command;

use carevoice::export::{self, Target};
use serde_json::Value;

use crate::helpers::{SKILL, SKILLS};

fn listing(target: Target) -> String {
    let url = export::parse_public_url("https://voice.example.org").unwrap();
    let mut files = export::files(&SKILLS, target, &export::PublicUrls::new(url));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    // Every locale's interaction model is its file in intents/, unchanged (checked below); the
    // golden listing holds the default locale's.
    files
        .iter()
        .map(|(path, json)| match path.strip_prefix("interactionModels/custom/") {
            Some(file) if file != "en-US.json" => format!("=== {path}\n(intents/{file})\n"),
            _ => format!("=== {path}\n{}\n", serde_json::to_string_pretty(json).unwrap()),
        })
        .collect()
}

#[test]
fn the_alexa_skill_package_is_golden() {
    insta::assert_snapshot!("export_alexa", listing(Target::Alexa));
}

#[test]
fn the_dialogflow_es_agent_is_golden() {
    insta::assert_snapshot!("export_dialogflow_es", listing(Target::DialogflowEs));
}

#[test]
fn the_dialogflow_cx_agent_is_golden() {
    insta::assert_snapshot!("export_dialogflow_cx", listing(Target::DialogflowCx));
}

#[test]
fn the_skill_package_points_at_the_endpoint_and_carries_the_disclaimer_and_the_model() {
    let url = export::parse_public_url("https://voice.example.org/base/").unwrap();
    let files = export::files(&SKILLS, Target::Alexa, &export::PublicUrls::new(url));
    let file = |name: &str| &files.iter().find(|(path, _)| path == name).unwrap().1;
    let manifest = &file("skill.json")["manifest"];
    assert_eq!(manifest["apis"]["custom"]["endpoint"]["uri"], "https://voice.example.org/base/alexa");
    assert_eq!(manifest["apis"]["custom"]["interfaces"][0]["type"], "ALEXA_PRESENTATION_APL", "captions on screens");
    let description = manifest["publishingInformation"]["locales"]["en-US"]["description"].as_str().unwrap();
    assert!(description.contains("does not provide medical advice"), "{description}");
    for locale in ["en-US", "en-AU", "en-CA", "en-GB", "en-IN"] {
        let path = format!("intents/{locale}.json");
        let model_file: Value =
            serde_json::from_str(&std::fs::read_to_string(crate::helpers::repository().join(&path)).unwrap()).unwrap();
        let exported = file(&format!("interactionModels/custom/{locale}.json"));
        assert_eq!(exported, &model_file, "the exported model is {path}");
        assert!(manifest["publishingInformation"]["locales"][locale]["name"].is_string(), "{locale} is listed");
        assert!(manifest["privacyAndCompliance"]["locales"][locale].is_object(), "{locale}");
    }
    assert_eq!(
        manifest["publishingInformation"]["distributionCountries"],
        serde_json::json!(["AU", "CA", "GB", "IN", "US"])
    );
    // Alexa hears the kinds of turn beyond the questions as their own intents: asking for
    // help to quit drinking is not its built-in help.
    let intents = file("interactionModels/custom/en-US.json")["interactionModel"]["languageModel"]["intents"].clone();
    let samples_of = |name: &str| -> Vec<String> {
        let intent = intents.as_array().unwrap().iter().find(|intent| intent["name"] == name).unwrap();
        intent["samples"].as_array().unwrap().iter().map(|sample| sample.as_str().unwrap().to_owned()).collect()
    };
    assert!(samples_of("SubstanceUseIntent").contains(&"help me quit drinking".to_owned()));
    assert!(samples_of("AMAZON.HelpIntent").iter().all(|sample| !sample.contains("quit")));
    for name in ["NotCoveredIntent", "OwnMedicineIntent", "WrongDoseIntent", "FeelingsIntent", "DeviceCommandIntent"] {
        assert!(samples_of(name).len() >= 50, "{name}");
    }
}

#[test]
fn every_intent_with_samples_is_exported_to_both_agents_with_its_webhook() {
    let url = export::parse_public_url("https://voice.example.org").unwrap();
    let es = export::files(&SKILLS, Target::DialogflowEs, &export::PublicUrls::new(url.clone()));
    let cx = export::files(&SKILLS, Target::DialogflowCx, &export::PublicUrls::new(url));
    let es_agent = &es.iter().find(|(path, _)| path == "agent.json").unwrap().1;
    assert_eq!(es_agent["webhook"]["url"], "https://voice.example.org/dialogflow/es");
    let cx_webhook = &cx.iter().find(|(path, _)| path == "webhooks/carevoice.json").unwrap().1;
    assert_eq!(cx_webhook["genericWebService"]["uri"], "https://voice.example.org/dialogflow/cx");
    let flow = &cx.iter().find(|(path, _)| path.starts_with("flows/")).unwrap().1;
    let fallback = SKILL.content.model.intent("AMAZON.FallbackIntent").unwrap();
    let es_negative =
        &es.iter().find(|(path, _)| path == "intents/Default Fallback Intent_usersays_en.json").unwrap().1;
    assert_eq!(
        es_negative.as_array().unwrap().len(),
        fallback.sample_count(),
        "the fallback's samples are negative examples"
    );
    let cx_negative =
        &cx.iter().find(|(path, _)| path == "intents/Default Negative Intent/trainingPhrases/en.json").unwrap().1;
    assert_eq!(cx_negative["trainingPhrases"].as_array().unwrap().len(), fallback.sample_count());
    for intent in
        SKILL.content.model.intents.iter().filter(|intent| intent.sample_count() > 0 && intent.name != fallback.name)
    {
        let usersays =
            &es.iter().find(|(path, _)| *path == format!("intents/{}_usersays_en.json", intent.name)).unwrap().1;
        assert_eq!(usersays.as_array().unwrap().len(), intent.sample_count(), "{}", intent.name);
        let es_intent = &es.iter().find(|(path, _)| *path == format!("intents/{}.json", intent.name)).unwrap().1;
        assert_eq!(es_intent["webhookUsed"], true);
        let phrases = &cx
            .iter()
            .find(|(path, _)| *path == format!("intents/{0}/trainingPhrases/en.json", intent.name))
            .unwrap()
            .1;
        assert_eq!(phrases["trainingPhrases"].as_array().unwrap().len(), intent.sample_count());
        let route = flow["transitionRoutes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|route| route["intent"] == intent.name.as_str())
            .unwrap();
        assert_eq!(route["triggerFulfillment"]["tag"], intent.name.as_str(), "the tag names the intent");
    }
}

#[test]
fn the_export_command_writes_the_files_and_refuses_a_directory_in_use() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_carevoice"))
            .args(["export", "dialogflow-cx"])
            .arg(&dir)
            .args(["--public-url", "https://voice.example.org"])
            .output()
            .unwrap()
    };
    let first = run();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let flow: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("flows/Default Start Flow/Default Start Flow.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(flow["displayName"], "Default Start Flow");
    let second = run();
    assert!(!second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr).contains("is not empty"));
    let insecure = Command::new(env!("CARGO_BIN_EXE_carevoice"))
        .args(["export", "alexa", "/nonexistent", "--public-url", "http://x"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&insecure.stderr).contains("must be https"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The limits Amazon and Google publish for the fields the exports write, each checked on
/// the export of the built-in content:
/// - Dialogflow ES and CX agent descriptions: "The maximum length is 500 characters. If
///   exceeded, the request is rejected." (google/cloud/dialogflow/v2/agent.proto,
///   google/cloud/dialogflow/cx/v3/agent.proto);
/// - CX flow descriptions: at most 500 characters; CX webhook timeouts: at most 30 seconds
///   (the Flow and Webhook reference);
/// - the ids CX gives its default start flow, welcome intent and negative intent, which
///   its own exports carry (Google's sample agents);
/// - Alexa's `distributionCountries`: ISO 3166-1 alpha-2 codes (the skill manifest
///   reference); an invocation name of two or more words of lower-case letters, spaces,
///   apostrophes and periods, at most 50 characters (Alexa's invocation name rules, the
///   developer console); a skill name of 2 to 50 characters (the developer console);
///   custom slot type names of letters and underscores (the interaction model reference);
///   one to three example phrases, taken from the sample utterances (the store details).
#[test]
fn every_field_is_within_the_limits_the_platforms_publish() {
    let url = export::parse_public_url("https://voice.example.org").unwrap();
    let urls = export::PublicUrls::new(url);
    let file = |files: &[export::File], name: &str| files.iter().find(|(path, _)| path == name).unwrap().1.clone();
    let chars = |value: &Value| value.as_str().unwrap().chars().count();

    let es = export::files(&SKILLS, Target::DialogflowEs, &urls);
    let cx = export::files(&SKILLS, Target::DialogflowCx, &urls);
    let es_agent = file(&es, "agent.json");
    let cx_agent = file(&cx, "agent.json");
    assert!(chars(&es_agent["description"]) <= export::AGENT_DESCRIPTION_CHARS, "{}", es_agent["description"]);
    assert!(chars(&cx_agent["description"]) <= export::AGENT_DESCRIPTION_CHARS, "{}", cx_agent["description"]);
    for agent in [&es_agent["description"], &cx_agent["description"]] {
        assert!(agent.as_str().unwrap().contains("does not provide medical advice"), "the disclaimer stays");
    }
    let locales = serde_json::json!(["en-us", "en-au", "en-ca", "en-gb", "en-in"]);
    assert_eq!(es_agent["supportedLanguages"], locales);
    assert_eq!(cx_agent["supportedLanguageCodes"], locales);
    let flow = file(&cx, "flows/Default Start Flow/Default Start Flow.json");
    assert_eq!(flow["name"], "00000000-0000-0000-0000-000000000000");
    assert!(chars(&flow["description"]) <= 500);
    let welcome = file(&cx, "intents/Default Welcome Intent/Default Welcome Intent.json");
    assert_eq!(welcome["name"], "00000000-0000-0000-0000-000000000000");
    let negative = file(&cx, "intents/Default Negative Intent/Default Negative Intent.json");
    assert_eq!(negative["name"], "00000000-0000-0000-0000-000000000001");
    assert_eq!(negative["isFallback"], true, "its phrases are negative examples only in a fallback intent");
    assert_eq!(welcome.get("isFallback"), None);
    let webhook = file(&cx, "webhooks/carevoice.json");
    assert!(webhook["timeout"]["seconds"].as_u64().unwrap() <= 30);

    let alexa = export::files(&SKILLS, Target::Alexa, &urls);
    let manifest = file(&alexa, "skill.json");
    for country in manifest["manifest"]["publishingInformation"]["distributionCountries"].as_array().unwrap() {
        let country = country.as_str().unwrap();
        assert!(country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase()), "{country}");
    }
    for (locale, listing) in manifest["manifest"]["publishingInformation"]["locales"].as_object().unwrap() {
        assert!((2..=50).contains(&chars(&listing["name"])), "{locale} name");
        // "Three example phrases ... these phrases must come directly from your sample
        // utterances" (Define Skill Store Details, the developer console).
        let phrases = listing["examplePhrases"].as_array().unwrap();
        assert!((1..=3).contains(&phrases.len()), "{locale}: {phrases:?}");
        let skill = SKILLS.for_locale(Some(locale)).unwrap();
        let invocation = &skill.content.model.invocation_name;
        for phrase in phrases.iter().skip(1).map(|phrase| phrase.as_str().unwrap()) {
            let asked = phrase.strip_prefix(&format!("Alexa, ask {invocation} ")).expect("Alexa, ask <invocation> ...");
            let is_sample = skill
                .content
                .model
                .intents
                .iter()
                .flat_map(|intent| skill.content.model.samples(intent))
                .any(|sample| sample == asked);
            assert!(is_sample, "{locale}: {asked:?} is not a sample utterance");
        }
    }
    for skill in SKILLS.all() {
        let model = &skill.content.model;
        let invocation = &model.invocation_name;
        assert!(invocation.split_whitespace().count() >= 2 && invocation.chars().count() <= 50, "{invocation}");
        assert!(invocation.chars().all(|c| c.is_ascii_lowercase() || " '.".contains(c)), "{invocation}");
        for slot_type in &model.types {
            assert!(slot_type.name.chars().all(|c| c.is_ascii_alphabetic() || c == '_'), "{}", slot_type.name);
        }
    }
}

#[test]
fn the_alexa_listing_links_the_privacy_policy_and_terms_given() {
    let mut urls = export::PublicUrls::new(export::parse_public_url("https://voice.example.org").unwrap());
    urls.privacy_policy_url = Some(export::parse_page_url("https://clinic.example.org/privacy", "policy").unwrap());
    urls.terms_url = Some(export::parse_page_url("https://clinic.example.org/terms", "terms").unwrap());
    let files = export::files(&SKILLS, Target::Alexa, &urls);
    let manifest = &files.iter().find(|(path, _)| path == "skill.json").unwrap().1;
    for locale in SKILLS.locales() {
        let policy = &manifest["manifest"]["privacyAndCompliance"]["locales"][locale];
        assert_eq!(policy["privacyPolicyUrl"], "https://clinic.example.org/privacy", "{locale}");
        assert_eq!(policy["termsOfUseUrl"], "https://clinic.example.org/terms", "{locale}");
    }
    assert!(export::parse_page_url("http://clinic.example.org/privacy", "the privacy policy URL").is_err());
}
