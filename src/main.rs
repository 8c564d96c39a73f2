//! The `carevoice` command: serve the webhooks, ask one question, chat in the terminal,
//! check the content, export the interaction model, or measure understanding.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::builder::BoolishValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use secrecy::SecretString;
use tokio::signal::unix::{Signal, SignalKind, signal};

use carevoice::audio;
use carevoice::content::Files;
use carevoice::dialog::Session;
use carevoice::export::Target;
use carevoice::label::Label;
use carevoice::memory::{self, Memory};
use carevoice::platform::simulated::{Simulated, TurnRequest, TurnResponse};
use carevoice::platform::{self, LAUNCH};
use carevoice::server::{self, Application, Settings, TlsFiles, auth, lifecycle, open_store};
use carevoice::sessions::Sessions;
use carevoice::skill::Skills;
use carevoice::speech::Rate;
use carevoice::stories::Story;
use carevoice::telemetry::LogFormat;
use carevoice::verify;

/// The allocator: jemalloc, which hands freed memory back to the system at once (its
/// options are compiled in from `.cargo/config.toml`), so the server's memory comes back
/// down after a burst of requests or a flood of connections (glibc's malloc kept it).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// A voice-skill webhook server that answers patients' questions about their cancer
/// treatment, for Amazon Alexa, Google Dialogflow (ES and CX) and a simulated intent API.
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
    Serve(Box<ServeArgs>),
    /// Answer one question and print the spoken words.
    Ask(AskArgs),
    /// Talk to the skill in the terminal, one line per turn.
    Chat(ChatArgs),
    /// Say what the skill would answer to a question, into a WAV file (needs espeak-ng).
    Say(SayArgs),
    /// Load and check the content, then print a summary.
    Check(CheckArgs),
    /// Print the conversation map: every place in the dialog and where Yes, No, Next and
    /// Previous lead, as SVG (laid out without Graphviz) or as Graphviz DOT.
    Map(MapArgs),
    /// Write the interaction model as an Alexa skill package or a Dialogflow agent.
    Export(ExportArgs),
    /// Measure understanding on labelled phrasings (LABEL<TAB>utterance per line), and
    /// fail below the bars: in-scope 95% with the right passage first, emergencies and
    /// crises 100%, every other kind of turn 95%, false alarms at most 1%.
    Eval(EvalArgs),
    /// Play whole conversations (`*.story` files, see stories/README.md) through the real
    /// pipeline, print every failure, and fail when fewer than 95% of them pass.
    Test(TestArgs),
    /// Erase one person's remembered preferences (a data-subject request), from the store
    /// the server uses: --data-dir or --store-url, as for serve.
    Forget(ForgetArgs),
}

#[derive(Args)]
struct ForgetArgs {
    /// The person's user id on the platform, as the platform sends it (Alexa's
    /// `userId`, the simulated API's `user`, ...).
    #[arg(long = "user", value_name = "ID")]
    user_id: String,
    /// Only this platform: alexa, dialogflow-es, dialogflow-cx, simulated or console.
    /// Default: every platform.
    #[arg(long, value_parser = parse_platform)]
    platform: Option<Label>,
    #[command(flatten)]
    store: StoreArgs,
}

fn parse_platform(name: &str) -> Result<Label, String> {
    Label::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Label::ALL.iter().map(|label| label.as_str()).collect();
        format!("{name:?} is not a platform: {}", names.join(", "))
    })
}

/// Where remembered preferences are kept.
#[derive(Args)]
struct StoreArgs {
    /// Where remembered preferences (speaking rate, where each person left off) are kept,
    /// and the trained classifier, so that the next start need not train it. Default:
    /// $STATE_DIRECTORY (systemd), else $XDG_DATA_HOME/carevoice, else
    /// ~/.local/share/carevoice.
    #[arg(long, env = "CAREVOICE_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Keep preferences in this PostgreSQL database instead, shared by several replicas:
    /// postgres://USER:PASSWORD@HOST:PORT/DATABASE. The schema is created on start.
    #[arg(long, env = "CAREVOICE_STORE_URL", value_name = "URL", hide_env_values = true)]
    store_url: Option<SecretString>,
}

#[derive(Args)]
struct TestArgs {
    /// Story files, or directories to search for them, e.g. stories/.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    content: ContentArgs,
}

#[derive(Args)]
struct EvalArgs {
    /// Files of labelled phrasings, e.g. tests/eval/heldout.en-US.tsv, measured together.
    /// Each is spoken in the locale its name ends with (`heldout.en-GB.tsv`), else in
    /// --locale.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Also print every phrasing that got a wrong answer.
    #[arg(long)]
    misses: bool,
    /// The phrasings are what a speech recogniser heard (tests/spoken/run.sh): hold them to
    /// the spoken bars, emergencies and crises 100%, in-scope and out-of-scope 90%, and
    /// report the rest.
    #[arg(long)]
    spoken: bool,
    #[command(flatten)]
    content: LocaleArgs,
}

#[derive(Args)]
struct ExportArgs {
    /// What to write.
    target: ExportTarget,
    /// A new (or empty) directory to write it into.
    dir: PathBuf,
    /// The HTTPS address the server is reachable at, e.g. https://voice.example.org;
    /// the endpoints /alexa, /dialogflow/es and /dialogflow/cx are under it.
    #[arg(long, env = "CAREVOICE_PUBLIC_URL", value_name = "URL")]
    public_url: String,
    /// The privacy policy the Alexa listing links to (HTTPS); certification asks it of a
    /// skill about health.
    #[arg(long, env = "CAREVOICE_PRIVACY_POLICY_URL", value_name = "URL")]
    privacy_policy_url: Option<String>,
    /// The terms of use the Alexa listing links to (HTTPS).
    #[arg(long, env = "CAREVOICE_TERMS_URL", value_name = "URL")]
    terms_url: Option<String>,
    #[command(flatten)]
    content: ContentArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportTarget {
    /// An Alexa skill package (skill.json and the interaction model) for the ASK CLI.
    Alexa,
    /// A Dialogflow ES agent, to zip and import.
    DialogflowEs,
    /// A Dialogflow CX agent (JSON package), to zip and restore.
    DialogflowCx,
}

impl StoreArgs {
    /// The data directory: --data-dir, else the default.
    fn data_dir(&self) -> PathBuf {
        self.data_dir.clone().unwrap_or_else(default_data_dir)
    }
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on; port 0 picks a free port. The bound address is printed.
    #[arg(long, env = "CAREVOICE_BIND", default_value = server::DEFAULT_BIND)]
    bind: String,
    /// Serve HTTPS with this certificate chain (PEM, server certificate first).
    #[arg(long, env = "CAREVOICE_TLS_CERT", value_name = "PEM", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key (PEM) for --tls-cert.
    #[arg(long, env = "CAREVOICE_TLS_KEY", value_name = "PEM", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    #[command(flatten)]
    store: StoreArgs,
    /// Remove remembered preferences no one has used for this many days (health data is
    /// kept no longer than needed); checked at start and every hour.
    #[arg(long, env = "CAREVOICE_RETENTION_DAYS", value_name = "DAYS", default_value_t = memory::DEFAULT_RETENTION_DAYS,
          value_parser = clap::value_parser!(u32).range(1..=36_500))]
    retention_days: u32,
    /// The most connections open at once, per worker thread (one worker per CPU).
    #[arg(long, env = "CAREVOICE_MAX_CONNECTIONS", default_value_t = server::DEFAULT_MAX_CONNECTIONS)]
    max_connections: usize,
    /// Serve GET /metrics (Prometheus) on this address instead of the main listener, to
    /// keep it off the public port.
    #[arg(long, env = "CAREVOICE_METRICS_BIND", value_name = "ADDR")]
    metrics_bind: Option<String>,
    /// Also listen here for the Wyoming protocol, as a conversation agent for Home
    /// Assistant's Assist and Rhasspy (e.g. 0.0.0.0:10700). The bound address is printed.
    #[arg(long, env = "CAREVOICE_WYOMING_BIND", value_name = "ADDR")]
    wyoming_bind: Option<String>,
    /// After SIGTERM or SIGINT, how long to keep answering while /readyz says 503, so
    /// that load balancers stop sending requests, before no longer accepting connections.
    #[arg(long, env = "CAREVOICE_DRAIN_DELAY", value_name = "SECONDS", default_value_t = lifecycle::DEFAULT_DRAIN_DELAY.as_secs())]
    drain_delay: u64,
    /// The most time from SIGTERM or SIGINT to exit, the drain included; requests
    /// already received are answered within it.
    #[arg(long, env = "CAREVOICE_SHUTDOWN_TIMEOUT", value_name = "SECONDS", default_value_t = lifecycle::DEFAULT_SHUTDOWN_TIMEOUT.as_secs())]
    shutdown_timeout: u64,
    /// How log lines are written on standard error: text for people, json (one object
    /// per line) for log shippers.
    #[arg(long, env = "CAREVOICE_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    /// Serve the browser console at /console: talk to the skill, hear it, see where each
    /// sentence comes from. It shows the whole script: for development and staging only.
    #[arg(long, env = "CAREVOICE_CONSOLE", value_parser = BoolishValueParser::new())]
    console: bool,
    #[command(flatten)]
    alexa: AlexaArgs,
    #[command(flatten)]
    dialogflow: DialogflowArgs,
    #[command(flatten)]
    content: ContentArgs,
}

/// How Dialogflow webhooks authenticate. With neither credential configured, and
/// without --insecure-no-webhook-auth, every Dialogflow request is refused.
#[derive(Args)]
struct DialogflowArgs {
    /// USER:PASSWORD that Dialogflow's webhook sends as HTTP basic authentication.
    #[arg(long, env = "CAREVOICE_DIALOGFLOW_BASIC_AUTH", value_name = "USER:PASSWORD", hide_env_values = true)]
    dialogflow_basic_auth: Option<SecretString>,
    /// NAME:VALUE, a header Dialogflow's webhook sends with every request.
    #[arg(long, env = "CAREVOICE_DIALOGFLOW_HEADER", value_name = "NAME:VALUE", hide_env_values = true)]
    dialogflow_header: Option<SecretString>,
    /// Development only: accept Dialogflow requests without credentials.
    #[arg(long, env = "CAREVOICE_INSECURE_NO_WEBHOOK_AUTH", value_parser = BoolishValueParser::new())]
    insecure_no_webhook_auth: bool,
}

/// How Alexa requests are verified. Verification is always on unless
/// --insecure-skip-signature is given.
#[derive(Args)]
struct AlexaArgs {
    /// An Alexa skill id to accept (repeatable; the environment variable takes a
    /// comma-separated list). With none, every Alexa request is refused.
    #[arg(long = "skill-id", env = "CAREVOICE_SKILL_IDS", value_name = "ID", value_delimiter = ',')]
    skill_ids: Vec<String>,
    /// Development only: do not check Alexa's certificate and signature (the timestamp
    /// and skill id are still checked).
    #[arg(long, env = "CAREVOICE_INSECURE_SKIP_SIGNATURE", value_parser = BoolishValueParser::new())]
    insecure_skip_signature: bool,
    /// Extra root certificates (PEM) to trust for Alexa's certificate chain, e.g. a
    /// staging environment's own CA.
    #[arg(long, env = "CAREVOICE_EXTRA_ROOT_CERTS", value_name = "PEM")]
    extra_root_certs: Option<PathBuf>,
    /// Use certificate chains from this directory instead of downloading them; a file's
    /// name is the last path segment of the SignatureCertChainUrl. Every certificate
    /// check still applies.
    #[arg(long, env = "CAREVOICE_CERT_CHAIN_DIR", value_name = "DIR")]
    cert_chain_dir: Option<PathBuf>,
}

impl ServeArgs {
    fn settings(&self) -> Settings {
        Settings {
            bind: self.bind.clone(),
            tls: self.tls_cert.clone().zip(self.tls_key.clone()).map(|(cert, key)| TlsFiles { cert, key }),
            max_connections: self.max_connections,
            alexa: verify::AlexaSettings {
                skill_ids: self
                    .alexa
                    .skill_ids
                    .iter()
                    .map(|id| id.trim().to_owned())
                    .filter(|id| !id.is_empty())
                    .collect(),
                insecure_skip_signature: self.alexa.insecure_skip_signature,
                extra_root_certs: self.alexa.extra_root_certs.clone(),
                cert_chain_dir: self.alexa.cert_chain_dir.clone(),
                resolve: Vec::new(),
            },
            dialogflow: auth::WebhookSettings {
                basic: self.dialogflow.dialogflow_basic_auth.clone(),
                header: self.dialogflow.dialogflow_header.clone(),
                insecure_no_auth: self.dialogflow.insecure_no_webhook_auth,
            },
            data_dir: Some(self.store.data_dir()),
            store_url: self.store.store_url.clone(),
            retention: memory::retention(self.retention_days),
            metrics_bind: self.metrics_bind.clone(),
            drain_delay: Duration::from_secs(self.drain_delay),
            shutdown_timeout: Duration::from_secs(self.shutdown_timeout),
            console: self.console,
            wyoming_bind: self.wyoming_bind.clone(),
            wyoming_max_connections: server::wyoming::MAX_CONNECTIONS,
        }
    }
}

#[derive(Args)]
struct SayArgs {
    /// How fast to speak: slowest, slow, normal or fast.
    #[arg(long, default_value = "normal", value_parser = parse_rate)]
    rate: Rate,
    /// The WAV file to write.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// The question, as a person would say it.
    #[arg(required = true)]
    words: Vec<String>,
    #[command(flatten)]
    content: LocaleArgs,
}

fn parse_rate(name: &str) -> Result<Rate, String> {
    Rate::from_name(name).ok_or_else(|| format!("{name:?} is not a rate: slowest, slow, normal or fast"))
}

#[derive(Args)]
struct MapArgs {
    /// What to print.
    #[arg(long, value_enum, default_value_t = MapFormat::Svg)]
    format: MapFormat,
    #[command(flatten)]
    content: LocaleArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum MapFormat {
    /// An SVG picture.
    Svg,
    /// Graphviz's DOT language (`dot -Tsvg` draws it).
    Dot,
}

#[derive(Args)]
struct CheckArgs {
    /// Also speak every part of every topic at the slowest rate with espeak-ng, report the
    /// longest, and fail if one takes more than 30 seconds.
    #[arg(long)]
    audio: bool,
    #[command(flatten)]
    content: ContentArgs,
}

#[derive(Args)]
struct AskArgs {
    /// Print SSML instead of plain words.
    #[arg(long)]
    ssml: bool,
    /// Also say why: the intent understood and how surely, the intents the words are
    /// likeliest to be, and the signs of danger found in them (even those set aside).
    #[arg(long)]
    why: bool,
    /// The question, as a person would say it.
    #[arg(required = true)]
    words: Vec<String>,
    #[command(flatten)]
    content: LocaleArgs,
}

#[derive(Args)]
struct ChatArgs {
    /// Print SSML instead of plain words.
    #[arg(long)]
    ssml: bool,
    #[command(flatten)]
    content: LocaleArgs,
}

#[derive(Args)]
struct ContentArgs {
    /// Directory holding `speech/` and `intents/` to load instead of the content built
    /// into the binary (e.g. a checkout of this repository).
    #[arg(long, env = "CAREVOICE_CONTENT_ROOT", value_name = "DIR")]
    content_root: Option<PathBuf>,
}

impl ContentArgs {
    /// Every locale's files.
    fn files(&self) -> anyhow::Result<Vec<Files>> {
        Ok(match &self.content_root {
            Some(root) => Files::read_all(root)?,
            None => Files::embedded_all(),
        })
    }

    /// Every locale of the content.
    fn load(&self) -> anyhow::Result<Skills> {
        Skills::load(&self.files()?).context("the content is not valid")
    }
}

/// The content, and the one locale a command speaks.
#[derive(Args)]
struct LocaleArgs {
    /// The locale to speak, e.g. en-GB; the default is en-US.
    #[arg(long, env = "CAREVOICE_LOCALE")]
    locale: Option<String>,
    #[command(flatten)]
    content: ContentArgs,
}

impl LocaleArgs {
    /// Every locale, and the index of the one asked for.
    fn load(&self) -> anyhow::Result<(Skills, usize)> {
        let skills = self.content.load()?;
        let chosen = skills.for_locale(self.locale.as_deref())?.content.locale.clone();
        let index = skills.locales().position(|locale| locale == chosen).expect("a locale the skills have");
        Ok((skills, index))
    }
}

fn main() -> ExitCode {
    // One TLS implementation for the whole process: rustls with ring.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = Cli::parse();
    match run(cli.command.unwrap_or(Command::Serve(Box::new(cli.serve)))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // The whole cause chain on one line, without a backtrace.
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => serve(*args),
        Command::Ask(args) => ask(args),
        Command::Chat(args) => chat(args),
        Command::Say(args) => say(args),
        Command::Check(args) => check(args),
        Command::Map(args) => map(args),
        Command::Export(args) => export(args),
        Command::Eval(args) => eval(args),
        Command::Test(args) => test(args),
        Command::Forget(args) => forget(args),
    }
}

fn forget(args: ForgetArgs) -> anyhow::Result<()> {
    anyhow::ensure!(!args.user_id.trim().is_empty(), "--user is empty: give the person's user id");
    let store =
        open_store(args.store.store_url.as_ref(), Some(&args.store.data_dir()))?.expect("a data directory is given");
    let platforms = match args.platform {
        Some(platform) => vec![platform],
        None => Label::ALL.to_vec(),
    };
    let removed = carevoice::memory::forget(&*store, &args.user_id, &platforms)?;
    let on = args.platform.map_or("any platform".to_owned(), |platform| platform.as_str().to_owned());
    match removed {
        0 => println!("nothing was remembered of this person on {on}"),
        removed => println!("forgot this person's preferences on {removed} platform(s) of {on}"),
    }
    Ok(())
}

fn test(args: TestArgs) -> anyhow::Result<()> {
    let skills = args.content.load()?;
    let mut stories = Vec::new();
    for path in &args.paths {
        stories.extend(Story::read_all(path)?);
    }
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    let outcome = runtime.block_on(carevoice::stories::Outcome::of(&skills, &stories));
    println!("{outcome}");
    anyhow::ensure!(outcome.passes(), "too few stories pass");
    Ok(())
}

fn eval(args: EvalArgs) -> anyhow::Result<()> {
    let (skills, locale) = args.content.load()?;
    let mut outcomes = Vec::new();
    for file in &args.files {
        // heldout.en-GB.tsv is spoken in en-GB.
        let named = file.file_stem().and_then(|stem| Path::new(stem).extension()).and_then(|locale| locale.to_str());
        let skill = match named.map(|named| skills.for_locale(Some(named))) {
            Some(Ok(skill)) => skill,
            _ => &skills.all()[locale],
        };
        let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
        let cases = carevoice::eval::parse(&text).with_context(|| file.display().to_string())?;
        let report = carevoice::eval::evaluate(skill, &cases).with_context(|| file.display().to_string())?;
        println!("{}: {} phrasings, in {}", file.display(), cases.len(), skill.content.locale);
        outcomes.extend(report.outcomes.into_iter().map(|outcome| (file, outcome)));
    }
    let bars = if args.spoken { carevoice::eval::Bars::Spoken } else { carevoice::eval::Bars::Typed };
    let report =
        carevoice::eval::Report { outcomes: outcomes.iter().map(|(_, outcome)| outcome.clone()).collect(), bars };
    println!();
    print!("{report}");
    if args.misses {
        println!("\nmisses (file:line, expected -> answered: utterance)");
        for (file, miss) in outcomes.iter().filter(|(_, outcome)| !outcome.correct) {
            let case = &miss.case;
            println!("  {}:{} {} -> {}: {}", file.display(), case.line, case.label, miss.answered, case.utterance);
        }
    }
    anyhow::ensure!(report.passes(), "understanding is below the bars");
    Ok(())
}

fn export(args: ExportArgs) -> anyhow::Result<()> {
    let skills = args.content.load()?;
    let page =
        |raw: &Option<String>, what| raw.as_deref().map(|raw| carevoice::export::parse_page_url(raw, what)).transpose();
    let urls = carevoice::export::PublicUrls {
        public_url: carevoice::export::parse_public_url(&args.public_url)?,
        privacy_policy_url: page(&args.privacy_policy_url, "the privacy policy URL")?,
        terms_url: page(&args.terms_url, "the terms of use URL")?,
    };
    let target = match args.target {
        ExportTarget::Alexa => Target::Alexa,
        ExportTarget::DialogflowEs => Target::DialogflowEs,
        ExportTarget::DialogflowCx => Target::DialogflowCx,
    };
    let written = carevoice::export::write(&skills, target, &urls, &args.dir)?;
    println!("wrote {} files to {}", written.len(), args.dir.display());
    Ok(())
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let _log = carevoice::telemetry::init(args.log_format);
    // The trained classifiers are kept in the data directory: a start with the same
    // content and binary reads them instead of training.
    let skills = Skills::load_keeping_classifiers(&args.content.files()?, &args.store.data_dir());
    let skills = Arc::new(skills.context("the content is not valid")?);
    let default = skills.default_locale();
    let locales = skills.locales().collect::<Vec<_>>().join(", ");
    tracing::info!(
        %locales,
        topics = default.content.topics.len(),
        replies = default.script.n_replies(),
        "content loaded"
    );
    let settings = args.settings();
    if settings.alexa.skill_ids.is_empty() {
        tracing::warn!("no Alexa skill id is configured (--skill-id): /alexa will refuse every request");
    }
    if !settings.dialogflow.insecure_no_auth && !settings.dialogflow.has_credentials() {
        tracing::warn!(
            "no Dialogflow webhook credentials are configured (--dialogflow-basic-auth, --dialogflow-header): \
             /dialogflow/es, /dialogflow/cx and /homeassistant/conversation will refuse every request"
        );
    }
    if settings.dialogflow.insecure_no_auth {
        tracing::warn!(
            "INSECURE: Dialogflow webhook requests are accepted without credentials (--insecure-no-webhook-auth). \
             Anyone can call /dialogflow/es, /dialogflow/cx and /homeassistant/conversation. Use this for local \
             development only."
        );
    }
    if settings.alexa.insecure_skip_signature {
        tracing::warn!(
            "INSECURE: Alexa certificates and signatures are NOT checked (--insecure-skip-signature). \
             Anyone can call /alexa. Use this for local development only, never in production."
        );
    }
    if settings.console {
        tracing::warn!(
            "the console is on at /console (--console): it shows the whole script and answers anyone who can reach \
             this server. Use it for development and staging only."
        );
    }
    if let Some(bind) = &settings.wyoming_bind {
        tracing::warn!(
            %bind,
            "the Wyoming protocol has no authentication (--wyoming-bind): listen only where no one but \
             Home Assistant or Rhasspy can connect (loopback, or a private network)"
        );
    }
    match (&settings.store_url, &settings.data_dir) {
        (Some(_), _) => tracing::info!("remembered preferences are kept in PostgreSQL (--store-url)"),
        (None, Some(dir)) => tracing::info!(data_dir = %dir.display(), "remembered preferences are kept here"),
        (None, None) => {}
    }
    actix_web::rt::System::new().block_on(async move {
        let application = Application::build(&settings, skills)?;
        println!("carevoice listening on {}", application.url());
        if let Some(url) = application.metrics_url() {
            println!("carevoice metrics on {url}/metrics");
        }
        if let Some(address) = application.wyoming_address() {
            println!("carevoice wyoming on tcp://{address}");
        }
        if settings.console {
            println!("carevoice console on {}/console", application.url());
        }
        std::io::stdout().flush()?;
        let mut signals = Signals::new()?;
        let stopper = application.stopper();
        actix_web::rt::spawn(async move {
            let signal = signals.next().await;
            tracing::info!(signal, "stop signal received");
            // A second signal ends the drain early.
            stopper
                .drain_and_stop(async {
                    signals.next().await;
                })
                .await;
        });
        application.run_until_stopped().await.context("the server stopped with an error")?;
        tracing::info!("stopped");
        Ok(())
    })
}

/// SIGTERM and SIGINT, the signals that stop the server.
struct Signals {
    terminate: Signal,
    interrupt: Signal,
}

impl Signals {
    fn new() -> std::io::Result<Signals> {
        Ok(Signals { terminate: signal(SignalKind::terminate())?, interrupt: signal(SignalKind::interrupt())? })
    }

    /// Waits for the next one, and names it.
    async fn next(&mut self) -> &'static str {
        tokio::select! {
            _ = self.terminate.recv() => "SIGTERM",
            _ = self.interrupt.recv() => "SIGINT",
        }
    }
}

/// The data directory when none is given: systemd's state directory, else the XDG data
/// directory, else `./carevoice-data`.
fn default_data_dir() -> PathBuf {
    let var = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty()).map(PathBuf::from);
    var("STATE_DIRECTORY")
        .or_else(|| var("XDG_DATA_HOME").map(|dir| dir.join("carevoice")))
        .or_else(|| var("HOME").map(|home| home.join(".local/share/carevoice")))
        .unwrap_or_else(|| PathBuf::from("carevoice-data"))
}

fn ask(args: AskArgs) -> anyhow::Result<()> {
    let (skills, locale) = args.content.load()?;
    let turns = OfflineTurns::new(&skills, locale)?;
    let words = args.words.join(" ");
    let response = turns.answer(TurnRequest::utterance(&words, None))?;
    let mut out = std::io::stdout().lock();
    print_speech(&response, args.ssml, &mut out)?;
    if args.why {
        let matcher = &skills.all()[locale].matcher;
        writeln!(out, "understood: {} ({:.2})", response.intent.name, response.intent.confidence)?;
        let likeliest: Vec<String> =
            matcher.likeliest(&words, 3).iter().map(|(intent, p)| format!("{intent} {p:.2}")).collect();
        writeln!(out, "likeliest: {}", likeliest.join(", "))?;
        let signs = matcher.danger_patterns(&words);
        writeln!(out, "signs of danger: {}", if signs.is_empty() { "none".to_owned() } else { signs.join(", ") })?;
    }
    Ok(())
}

fn chat(args: ChatArgs) -> anyhow::Result<()> {
    let (skills, locale) = args.content.load()?;
    let interactive = std::io::stdin().is_terminal();
    let mut out = std::io::stdout().lock();
    let turns = OfflineTurns::new(&skills, locale)?;
    let mut response = turns.answer(TurnRequest::intent(LAUNCH, None))?;
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
        let session = serde_json::value::to_raw_value(&response.session)?;
        response = turns.answer(TurnRequest::utterance(&line, Some(session)))?;
        print_speech(&response, args.ssml, &mut out)?;
    }
    Ok(())
}

/// Turns of the simulated API in one locale, answered outside the server, remembering
/// nothing.
struct OfflineTurns<'s> {
    skills: &'s Skills,
    locale: &'s str,
    memory: Memory,
    sessions: Sessions,
    runtime: tokio::runtime::Runtime,
}

impl<'s> OfflineTurns<'s> {
    fn new(skills: &'s Skills, locale: usize) -> anyhow::Result<OfflineTurns<'s>> {
        let runtime = tokio::runtime::Builder::new_current_thread().build()?;
        let locale = skills.all()[locale].content.locale.as_str();
        Ok(OfflineTurns { skills, locale, memory: Memory::disabled(), sessions: Sessions::in_process(), runtime })
    }

    fn answer(&self, mut request: TurnRequest) -> anyhow::Result<TurnResponse<'s>> {
        request.locale = Some(self.locale.to_owned());
        Ok(self
            .runtime
            .block_on(platform::answer::<Simulated>(self.skills, &self.memory, &self.sessions, request))?
            .response)
    }
}

fn say(args: SayArgs) -> anyhow::Result<()> {
    let (skills, locale) = args.content.load()?;
    let turns = OfflineTurns::new(&skills, locale)?;
    let session = Session { rate: args.rate, ..Session::default() }.to_state(&skills.all()[locale].content);
    let request = TurnRequest::utterance(&args.words.join(" "), Some(serde_json::value::to_raw_value(&session)?));
    let response = turns.answer(request)?;
    let speech = response.speech.as_ref().context("the skill says nothing to that")?;
    audio::write_wav(&speech.ssml_document(), &args.out)?;
    println!("{}", speech.text);
    Ok(())
}

fn map(args: MapArgs) -> anyhow::Result<()> {
    let (skills, locale) = args.content.load()?;
    let map = carevoice::map::Map::explore(&skills.all()[locale]);
    match args.format {
        MapFormat::Svg => print!("{}", map.to_svg().map_err(|error| anyhow::anyhow!("laying out the map: {error}"))?),
        MapFormat::Dot => print!("{}", map.to_dot()),
    }
    Ok(())
}

fn check(args: CheckArgs) -> anyhow::Result<()> {
    let skills = args.content.load()?;
    let skill = skills.default_locale();
    let content = &skill.content;
    for line in carevoice::findings::findings(skill) {
        println!("{line}");
    }
    // The other locales differ in their numbers and in how they say a few things.
    for other in &skills.all()[1..] {
        for line in carevoice::findings::findings(other).iter().filter(|line| !line.starts_with("  ")).take(2) {
            println!("{line}");
        }
        for line in carevoice::findings::findings(other).iter().filter(|line| line.starts_with("  number")) {
            println!("{line}");
        }
    }
    if args.audio {
        let lengths = audio::part_lengths(content)?;
        let longest = lengths.first().context("no topic parts")?;
        let limit = audio::MAX_PART.as_secs_f64();
        println!(
            "audio: {} parts spoken at the slowest rate; the longest, {} part {}, takes {:.1} s (the limit is {limit} s)",
            lengths.len(),
            longest.topic,
            longest.part + 1,
            longest.duration.as_secs_f64()
        );
        let over: Vec<String> = lengths
            .iter()
            .filter(|length| length.duration > audio::MAX_PART)
            .map(|length| format!("{} part {} ({:.1} s)", length.topic, length.part + 1, length.duration.as_secs_f64()))
            .collect();
        anyhow::ensure!(over.is_empty(), "parts longer than {limit} s at the slowest rate: {}", over.join(", "));
    }
    Ok(())
}

fn print_speech(response: &TurnResponse<'_>, ssml: bool, out: &mut impl Write) -> std::io::Result<()> {
    if let Some(speech) = &response.speech {
        if ssml {
            writeln!(out, "{}", speech.ssml_document())?;
        } else {
            writeln!(out, "{}", speech.text)?;
        }
    }
    Ok(())
}
