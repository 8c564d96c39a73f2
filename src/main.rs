//! The `carevoice` command: serve the webhooks, ask one question, chat in the terminal,
//! or check the content.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use serde_json::Value;

use carevoice::content::Files;
use carevoice::platform::simulated::{self, TurnRequest, TurnResponse};
use carevoice::server::Application;
use carevoice::skill::Skill;

/// A voice-skill webhook server that answers patients' questions about their cancer
/// treatment, for Amazon Alexa and a simulated intent API.
///
/// Settings come from flags, else from CAREVOICE_* environment variables, else from
/// the defaults shown. With no subcommand, `serve` runs.
#[derive(Parser)]
#[command(name = "carevoice", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the webhooks over HTTP (the default).
    Serve(ServeArgs),
    /// Answer one question and print the spoken words.
    Ask(AskArgs),
    /// Talk to the skill in the terminal, one line per turn.
    Chat(ChatArgs),
    /// Load and check the content, then print a summary.
    Check(ContentArgs),
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on; port 0 picks a free port. The bound address is printed.
    #[arg(long, env = "CAREVOICE_BIND", default_value = "127.0.0.1:8080")]
    bind: String,
    #[command(flatten)]
    content: ContentArgs,
}

#[derive(Args)]
struct AskArgs {
    /// Print SSML instead of plain words.
    #[arg(long)]
    ssml: bool,
    /// The question, as a person would say it.
    #[arg(required = true)]
    words: Vec<String>,
    #[command(flatten)]
    content: ContentArgs,
}

#[derive(Args)]
struct ChatArgs {
    /// Print SSML instead of plain words.
    #[arg(long)]
    ssml: bool,
    #[command(flatten)]
    content: ContentArgs,
}

#[derive(Args)]
struct ContentArgs {
    /// Directory holding `speech/` and `intents/` to load instead of the content built
    /// into the binary (e.g. a checkout of this repository).
    #[arg(long, env = "CAREVOICE_CONTENT_ROOT", value_name = "DIR")]
    content_root: Option<PathBuf>,
}

impl ContentArgs {
    fn load(&self) -> anyhow::Result<Skill> {
        let files = match &self.content_root {
            Some(root) => Files::read(root)?,
            None => Files::embedded(),
        };
        Skill::load(&files).context("the content is not valid")
    }
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve(cli.serve)) {
        Command::Serve(args) => serve(args),
        Command::Ask(args) => ask(args),
        Command::Chat(args) => chat(args),
        Command::Check(args) => check(args),
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    carevoice::telemetry::init();
    let skill = Arc::new(args.content.load()?);
    tracing::info!(topics = skill.content.topics.len(), replies = skill.script.len(), "content loaded");
    actix_web::rt::System::new().block_on(async move {
        let application =
            Application::build(&args.bind, skill).with_context(|| format!("cannot listen on {}", args.bind))?;
        println!("carevoice listening on http://{}", application.address());
        std::io::stdout().flush()?;
        application.run_until_stopped().await.context("the server stopped with an error")
    })
}

fn ask(args: AskArgs) -> anyhow::Result<()> {
    let skill = args.content.load()?;
    let response = simulated::answer(&skill, TurnRequest::utterance(&args.words.join(" "), None))?;
    print_speech(&response, args.ssml, &mut std::io::stdout().lock())?;
    Ok(())
}

fn chat(args: ChatArgs) -> anyhow::Result<()> {
    let skill = args.content.load()?;
    let interactive = std::io::stdin().is_terminal();
    let mut out = std::io::stdout().lock();
    let mut response = simulated::answer(&skill, TurnRequest::intent(simulated::LAUNCH, None))?;
    print_speech(&response, args.ssml, &mut out)?;
    let mut lines = std::io::stdin().lock().lines();
    while !response.end_session {
        if interactive {
            write!(out, "> ")?;
            out.flush()?;
        }
        let Some(line) = lines.next().transpose()? else { break };
        if line.trim().is_empty() {
            continue;
        }
        let session: Value = std::mem::take(&mut response.session);
        response = simulated::answer(&skill, TurnRequest::utterance(&line, Some(session)))?;
        print_speech(&response, args.ssml, &mut out)?;
    }
    Ok(())
}

fn check(args: ContentArgs) -> anyhow::Result<()> {
    let skill = args.load()?;
    let content = &skill.content;
    let n_samples: usize = content.model.intents.iter().map(|intent| intent.samples.len()).sum();
    println!(
        "ok: {} topics, {} intents with {n_samples} sample utterances, {} replies rendered",
        content.topics.len(),
        content.model.intents.len(),
        skill.script.len()
    );
    Ok(())
}

fn print_speech(response: &TurnResponse, ssml: bool, out: &mut impl Write) -> std::io::Result<()> {
    if let Some(speech) = &response.speech {
        writeln!(out, "{}", if ssml { &speech.ssml } else { &speech.text })?;
    }
    Ok(())
}
