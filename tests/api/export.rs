//! `carevoice export`: the Alexa skill package and the Dialogflow agents, from the one
//! interaction model, as golden snapshots; and the command that writes them.

use std::process::Command;

use carevoice::export::{self, Target};
use serde_json::Value;

use crate::helpers::SKILL;

fn listing(target: Target) -> String {
    let url = export::parse_public_url("https://voice.example.org").unwrap();
    let mut files = export::files(&SKILL.content, target, &url);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.iter().map(|(path, json)| format!("=== {path}\n{}\n", serde_json::to_string_pretty(json).unwrap())).collect()
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
    let files = export::files(&SKILL.content, Target::Alexa, &url);
    let file = |name: &str| &files.iter().find(|(path, _)| path == name).unwrap().1;
    let manifest = &file("skill.json")["manifest"];
    assert_eq!(manifest["apis"]["custom"]["endpoint"]["uri"], "https://voice.example.org/base/alexa");
    let description = manifest["publishingInformation"]["locales"]["en-US"]["description"].as_str().unwrap();
    assert!(description.contains("does not provide medical advice"), "{description}");
    let model_file: Value = serde_json::from_str(
        &std::fs::read_to_string(crate::helpers::repository().join("intents/en-US.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(file("interactionModels/custom/en-US.json"), &model_file, "the exported model is the one in intents/");
}

#[test]
fn every_intent_with_samples_is_exported_to_both_agents_with_its_webhook() {
    let url = export::parse_public_url("https://voice.example.org").unwrap();
    let es = export::files(&SKILL.content, Target::DialogflowEs, &url);
    let cx = export::files(&SKILL.content, Target::DialogflowCx, &url);
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
        fallback.samples.len(),
        "the fallback's samples are negative examples"
    );
    let cx_negative =
        &cx.iter().find(|(path, _)| path == "intents/Default Negative Intent/trainingPhrases/en.json").unwrap().1;
    assert_eq!(cx_negative["trainingPhrases"].as_array().unwrap().len(), fallback.samples.len());
    for intent in
        SKILL.content.model.intents.iter().filter(|intent| !intent.samples.is_empty() && intent.name != fallback.name)
    {
        let usersays =
            &es.iter().find(|(path, _)| *path == format!("intents/{}_usersays_en.json", intent.name)).unwrap().1;
        assert_eq!(usersays.as_array().unwrap().len(), intent.samples.len(), "{}", intent.name);
        let es_intent = &es.iter().find(|(path, _)| *path == format!("intents/{}.json", intent.name)).unwrap().1;
        assert_eq!(es_intent["webhookUsed"], true);
        let phrases = &cx
            .iter()
            .find(|(path, _)| *path == format!("intents/{0}/trainingPhrases/en.json", intent.name))
            .unwrap()
            .1;
        assert_eq!(phrases["trainingPhrases"].as_array().unwrap().len(), intent.samples.len());
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
