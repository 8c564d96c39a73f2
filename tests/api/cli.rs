//! The `carevoice` binary: serve, ask, chat and check, run as a person would.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use crate::helpers::{SKILL, repository};

fn carevoice() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_carevoice"));
    command
        .env_remove("CAREVOICE_BIND")
        .env_remove("CAREVOICE_CONTENT_ROOT")
        .env("CAREVOICE_DATA_DIR", crate::helpers::fresh_dir("cli-data"))
        .env("RUST_LOG", "warn");
    command
}

fn stdout_of(command: &mut Command) -> String {
    let output = command.output().expect("carevoice runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn ask_prints_the_spoken_words() {
    let words = stdout_of(carevoice().args(["ask", "why did my treatment stop working"]));
    assert!(words.contains(&SKILL.content.topics[0].parts[0].text), "{words}");
    assert!(!words.contains('<'), "{words}");
}

#[test]
fn ask_with_ssml_prints_a_speak_document() {
    let ssml = stdout_of(carevoice().args(["ask", "--ssml", "what", "happens", "next"]));
    crate::helpers::assert_valid_ssml(ssml.trim());
}

#[test]
fn test_plays_stories_and_fails_below_the_bar() {
    let passing = stdout_of(carevoice().args(["test"]).arg(repository().join("stories")));
    assert!(passing.lines().last().unwrap().starts_with("stories: "), "{passing}");
    let dir = crate::helpers::fresh_dir("stories");
    std::fs::write(
        dir.join("wrong.story"),
        "# Expects the wrong thing\n> what happens next\nsays: something never said\n",
    )
    .unwrap();
    std::fs::write(dir.join("ignored.txt"), "not a story").unwrap();
    let output = carevoice().arg("test").arg(&dir).output().unwrap();
    assert!(!output.status.success());
    let printed = String::from_utf8(output.stdout).unwrap();
    assert!(
        printed.starts_with("FAIL ") && printed.contains("wrong.story:3: after \"what happens next\""),
        "{printed}"
    );
    assert!(printed.contains("stories: 0 of 1 passed"), "{printed}");
}

#[test]
fn chat_keeps_the_session_between_lines() {
    let mut child = carevoice().arg("chat").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("chat starts");
    child.stdin.take().unwrap().write_all(b"yes\n\nyes\nstop\nthis line is never read\n").unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let lines: Vec<String> = String::from_utf8(output.stdout).unwrap().lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 4, "welcome, two answers, goodbye: {lines:#?}");
    assert!(lines[0].contains("welcome"));
    assert!(lines[1].contains(&SKILL.content.topics[0].parts[0].text));
    assert!(lines[2].contains(&SKILL.content.topics[1].parts[0].text));
    assert!(lines[3].contains("Take care"));
}

#[test]
fn serve_on_port_zero_prints_the_bound_address_and_answers() {
    let mut child =
        carevoice().args(["serve", "--bind", "127.0.0.1:0"]).stdout(Stdio::piped()).spawn().expect("serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let address = line.trim().strip_prefix("carevoice listening on ").unwrap_or_else(|| panic!("{line}")).to_owned();
    let status = std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let client = crate::helpers::http_client();
            client.get(format!("{address}/healthz")).send().await.map(|response| response.status().as_u16())
        })
    })
    .join();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(status.unwrap().unwrap(), 200);
}

#[test]
fn the_bind_address_comes_from_the_environment_too() {
    let mut child = carevoice().env("CAREVOICE_BIND", "127.0.0.1:0").stdout(Stdio::piped()).spawn().expect("starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(line.starts_with("carevoice listening on http://127.0.0.1:"), "{line}");
    assert!(!line.trim().ends_with(":8080"), "{line}");
}

#[test]
fn check_summarises_the_content() {
    let summary = stdout_of(carevoice().args(["check", "--content-root"]).arg(repository()));
    assert!(summary.starts_with("ok (en-US): 9 topics"), "{summary}");
    for locale in ["en-AU", "en-CA", "en-GB", "en-IN"] {
        assert!(summary.contains(&format!("ok ({locale}): 9 topics")), "{summary}");
    }
    assert!(summary.contains("answered with 999 and the crisis line 116 123"), "{summary}");
}

#[test]
fn check_names_the_file_and_key_of_a_content_mistake() {
    let root = crate::helpers::copy_of_content("check");
    let topics = std::fs::read_to_string(root.join("speech/en/topics.toml")).unwrap();
    std::fs::write(root.join("speech/en/topics.toml"), topics.replace("next = \"outlook\"", "next = \"outlok\""))
        .unwrap();
    let output = carevoice().args(["check", "--content-root"]).arg(&root).output().unwrap();
    std::fs::remove_dir_all(&root).unwrap();
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("topics.toml") && message.contains("stopping") && message.contains("outlok"), "{message}");
}

#[test]
fn eval_prints_the_figures_and_fails_below_the_bars() {
    let sets = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"].map(|locale| format!("tests/eval/heldout.{locale}.tsv"));
    let passing = stdout_of(carevoice().arg("eval").args(&sets).current_dir(repository()));
    assert!(passing.contains("tests/eval/heldout.en-GB.tsv: ") && passing.contains(", in en-GB"), "{passing}");
    assert!(passing.contains("safety recall: emergency 100.0%, crisis 100.0%"), "{passing}");
    assert!(passing.contains("false alarms: ") && passing.contains("confusions"), "{passing}");
    let file = crate::helpers::fresh_dir("eval").join("below.tsv");
    std::fs::write(&file, "overview\tplay some music\noverview\twhy did it stop working\n").unwrap();
    let output = carevoice().args(["eval", "--misses"]).arg(&file).output().unwrap();
    assert!(!output.status.success());
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(shown.contains("BELOW") && shown.contains("play some music"), "{shown}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("below the bars"));
}

#[test]
fn say_writes_the_answer_as_a_wav_that_is_longer_when_slower() {
    if !crate::helpers::espeak_installed() {
        return;
    }
    let dir = crate::helpers::fresh_dir("say");
    let mut seconds = Vec::new();
    for rate in ["slowest", "normal"] {
        let out = dir.join(format!("{rate}.wav"));
        let words = stdout_of(carevoice().args(["say", "what happens next", "--rate", rate, "--out"]).arg(&out));
        let next_steps = &SKILL.content.topics[SKILL.content.topic_index("next-steps").unwrap()];
        assert!(words.contains(&next_steps.parts[0].text), "{words}");
        let wav = std::fs::read(&out).unwrap();
        seconds.push(carevoice::audio::duration(&wav).unwrap().as_secs_f64());
    }
    assert!(seconds[1] > 3.0, "{seconds:?}");
    assert!(seconds[0] > seconds[1] * 1.2, "slowest is slower: {seconds:?}");
}

#[test]
fn check_audio_measures_every_part_at_the_slowest_rate() {
    if !crate::helpers::espeak_installed() {
        return;
    }
    let report = stdout_of(carevoice().args(["check", "--audio"]));
    let n_parts: usize = SKILL.content.topics.iter().map(|topic| topic.parts.len()).sum();
    assert!(report.contains(&format!("audio: {n_parts} parts spoken at the slowest rate")), "{report}");
    assert!(report.contains("(the limit is 30 s)"), "{report}");
}

#[test]
fn without_espeak_say_explains_how_to_install_it() {
    let output = carevoice()
        .env("CAREVOICE_ESPEAK", "/nonexistent/espeak-ng")
        .args(["say", "hello", "--out"])
        .arg(crate::helpers::fresh_dir("say").join("never.wav"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("apt-get install espeak-ng"), "{error}");
}
