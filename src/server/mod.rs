//! The HTTP server: routes, shared state, limits, TLS, and the one place requests meet
//! the skill.
//!
//! [`Application::build`] binds the listener (port 0 picks a free port) and is used by
//! `carevoice serve` and by the integration tests alike.

pub mod auth;
mod connections;
pub mod console;
pub mod error;
pub mod extract;
pub mod lifecycle;
mod listener;
mod observe;
mod routes;
pub mod wyoming;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::web::{self, PayloadConfig, ServiceConfig};
use actix_web::{App, HttpResponse};
use anyhow::Context;
use rustls::pki_types::PrivateKeyDer;
use rustls::pki_types::pem::PemObject;
use secrecy::{ExposeSecret, SecretString};

use crate::memory::{Memory, PostgresStore, SqliteStore, Store};
use crate::metrics::Metrics;
use crate::platform::dialogflow_cx::DialogflowCx;
use crate::platform::dialogflow_es::DialogflowEs;
use crate::platform::home_assistant::HomeAssistant;
use crate::platform::simulated::Simulated;
use crate::sessions::Sessions;
use crate::skill::Skills;
use crate::verify::{self, Verifier};
use auth::WebhookAuth;
use connections::Connections;
use console::ConsolePage;
use error::ApiError;
use extract::{AlexaRequest, AuthenticatedRequest, JsonBody, MAX_BODY_BYTES};
use lifecycle::{Readiness, Stopper};
use listener::Serving;
use routes::{get, route};
use wyoming::{Limits, WyomingListener};

/// The liveness route: 200 while the process runs.
pub const HEALTH_ROUTE: &str = "/healthz";
/// The readiness route: 200 while the server takes turns, 503 once it is stopping.
pub const READY_ROUTE: &str = "/readyz";
/// The Prometheus metrics route.
pub const METRICS_ROUTE: &str = "/metrics";
/// The address `carevoice serve` listens on by default.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// The most connections open at once per worker thread, by default.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1_000;
/// How long an idle keep-alive connection stays open.
const KEEP_ALIVE: Duration = Duration::from_secs(30);
/// How long an idle scraper's connection stays open on the separate metrics listener.
const METRICS_KEEP_ALIVE: Duration = Duration::from_secs(5);

/// How to serve.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Address to listen on (port 0: any free port).
    pub bind: String,
    /// Certificate chain and key PEM files; serves HTTPS when given.
    pub tls: Option<TlsFiles>,
    /// The most connections open at once, per worker thread.
    pub max_connections: usize,
    /// How Alexa requests are verified.
    pub alexa: verify::AlexaSettings,
    /// How Dialogflow webhooks authenticate.
    pub dialogflow: auth::WebhookSettings,
    /// Where remembered preferences are kept (SQLite); none keeps nothing.
    pub data_dir: Option<PathBuf>,
    /// A PostgreSQL database to keep preferences in instead, shared by replicas.
    pub store_url: Option<SecretString>,
    /// How long preferences are kept unused before they are removed.
    pub retention: Duration,
    /// A separate address for `/metrics`; none serves it on the main listener.
    pub metrics_bind: Option<String>,
    /// How long a stopping server keeps answering, unready, before it stops accepting.
    pub drain_delay: Duration,
    /// The most time from a stop to exit.
    pub shutdown_timeout: Duration,
    /// Whether to serve the browser console at `/console` (development and staging).
    pub console: bool,
    /// An address for the Wyoming listener; none serves no Wyoming.
    pub wyoming_bind: Option<String>,
    /// The most Wyoming connections open at once.
    pub wyoming_max_connections: usize,
}

/// The PEM files for HTTPS.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    /// The certificate chain, server certificate first.
    pub cert: PathBuf,
    /// The private key.
    pub key: PathBuf,
}

impl Settings {
    /// Plain HTTP on `bind`, with the default limits and Alexa verification on.
    pub fn new(bind: impl Into<String>) -> Settings {
        Settings {
            bind: bind.into(),
            tls: None,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            alexa: verify::AlexaSettings::default(),
            dialogflow: auth::WebhookSettings::default(),
            data_dir: None,
            store_url: None,
            retention: crate::memory::DEFAULT_RETENTION,
            metrics_bind: None,
            drain_delay: lifecycle::DEFAULT_DRAIN_DELAY,
            shutdown_timeout: lifecycle::DEFAULT_SHUTDOWN_TIMEOUT,
            console: false,
            wyoming_bind: None,
            wyoming_max_connections: wyoming::MAX_CONNECTIONS,
        }
    }
}

/// A bound HTTP server, serving once awaited.
pub struct Application {
    address: SocketAddr,
    metrics_address: Option<SocketAddr>,
    wyoming_address: Option<SocketAddr>,
    https: bool,
    server: Server,
    metrics_server: Option<Server>,
    wyoming: Option<WyomingListener>,
    memory: web::Data<Memory>,
    stopper: Stopper,
}

/// What every route shares.
#[derive(Clone)]
struct Shared {
    skills: web::Data<Skills>,
    verifier: web::Data<Verifier>,
    webhook_auth: web::Data<WebhookAuth>,
    memory: web::Data<Memory>,
    sessions: web::Data<Sessions>,
    metrics: web::Data<Metrics>,
    readiness: web::Data<Readiness>,
    connections: web::Data<Connections>,
    console: Option<web::Data<ConsolePage>>,
}

impl Application {
    /// Binds the listener and prepares the server; it serves once
    /// [`Application::run_until_stopped`] is awaited. Fails on anything that stops it from
    /// starting: the address, the TLS files, the Alexa verification settings.
    pub fn build(settings: &Settings, skills: Arc<Skills>) -> anyhow::Result<Application> {
        let metrics = web::Data::new(Metrics::new(&skills.version()));
        let verifier = web::Data::new(Verifier::new(&settings.alexa).context("Alexa request verification")?);
        let webhook_auth = web::Data::new(WebhookAuth::new(&settings.dialogflow)?);
        let (store, sessions) = open_stores(settings.store_url.as_ref(), settings.data_dir.as_deref())?;
        let sessions = web::Data::new(sessions);
        let memory = web::Data::new(match store {
            Some(store) => Memory::new(metrics.clone().into_inner().measure_store(store), settings.retention)?,
            None => Memory::disabled(),
        });
        let workers = std::thread::available_parallelism().map_or(1, usize::from);
        let (max_connections, descriptors_allow) =
            (settings.max_connections.saturating_mul(workers), connections::descriptor_limit());
        if descriptors_allow < max_connections {
            tracing::warn!(
                connections = descriptors_allow,
                "the open-file limit allows fewer connections than --max-connections: raise it (ulimit -n, LimitNOFILE)"
            );
        }
        let max_connections = max_connections.min(descriptors_allow);
        let console = match settings.console {
            true => Some(web::Data::new(ConsolePage::build(&skills)?)),
            false => None,
        };
        let shared = Shared {
            skills: web::Data::from(skills),
            verifier,
            webhook_auth,
            memory: memory.clone(),
            sessions,
            metrics: metrics.clone(),
            readiness: web::Data::new(Readiness::default()),
            connections: web::Data::new(Connections::new(max_connections)),
            console,
        };
        let listener = listen(&settings.bind).with_context(|| format!("cannot listen on {}", settings.bind))?;
        let address = listener.local_addr()?;
        let connections = shared.connections.clone().into_inner();
        // A later request's head gets no longer than the keep-alive and a first head's time.
        connections.close_stalled_every(KEEP_ALIVE + listener::HEADER_TIMEOUT);
        let metrics_here = settings.metrics_bind.is_none();
        let app_shared = shared.clone();
        let serving = Serving {
            workers,
            max_connections: max_connections.div_ceil(workers),
            keep_alive: KEEP_ALIVE,
            shutdown_grace: lifecycle::worker_grace(settings.drain_delay, settings.shutdown_timeout),
            tls: settings.tls.as_ref().map(tls_config).transpose()?,
            connections: Some(connections),
        };
        let server = listener::serve(listener, serving, move || {
            App::new()
                .wrap(actix_web::middleware::from_fn(observe::observe))
                .configure(|config| configure(config, &app_shared, metrics_here))
        })?;
        let (metrics_server, metrics_address) = match &settings.metrics_bind {
            Some(bind) => {
                let (server, address) = metrics_server(bind, &shared, settings)?;
                (Some(server), Some(address))
            }
            None => (None, None),
        };
        let wyoming = match &settings.wyoming_bind {
            Some(bind) => Some(wyoming_listener(bind, &shared, settings)?),
            None => None,
        };
        let stopper = Stopper {
            readiness: shared.readiness.clone(),
            drain_delay: settings.drain_delay,
            servers: std::iter::once(&server).chain(&metrics_server).map(Server::handle).collect(),
            wyoming: wyoming.as_ref().map(WyomingListener::stopper),
        };
        Ok(Application {
            address,
            metrics_address,
            wyoming_address: wyoming.as_ref().map(WyomingListener::local_addr).transpose()?,
            https: settings.tls.is_some(),
            server,
            metrics_server,
            wyoming,
            memory,
            stopper,
        })
    }

    /// The base URL, `http://` or `https://` and the address it listens on.
    pub fn url(&self) -> String {
        format!("{}://{}", if self.https { "https" } else { "http" }, self.address)
    }

    /// The URL of the separate metrics listener, if there is one.
    pub fn metrics_url(&self) -> Option<String> {
        self.metrics_address.map(|address| format!("http://{address}"))
    }

    /// The address of the Wyoming listener, if there is one.
    pub fn wyoming_address(&self) -> Option<SocketAddr> {
        self.wyoming_address
    }

    /// What stops the server gracefully.
    pub fn stopper(&self) -> Stopper {
        self.stopper.clone()
    }

    /// Serves until the server is stopped (see [`Stopper`]), then writes the preferences
    /// still waiting to be kept.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let metrics_server = async {
            match self.metrics_server {
                Some(metrics_server) => metrics_server.await,
                None => Ok(()),
            }
        };
        let wyoming = async {
            match self.wyoming {
                Some(wyoming) => wyoming.serve().await,
                None => Ok(()),
            }
        };
        let (served, metrics_served, wyoming_served) = tokio::join!(self.server, metrics_server, wyoming);
        let served = served.and(metrics_served).and(wyoming_served);
        self.memory.flush().await;
        served
    }
}

/// The preferences store and the sessions kept for platforms that carry none: PostgreSQL
/// at `store_url` for both, if given; else preferences in SQLite in `data_dir` (or none),
/// and sessions in this process.
fn open_stores(
    store_url: Option<&SecretString>,
    data_dir: Option<&Path>,
) -> anyhow::Result<(Option<Box<dyn Store>>, Sessions)> {
    match store_url {
        Some(url) => {
            let postgres = Arc::new(
                PostgresStore::open(url.expose_secret()).context("cannot open the PostgreSQL store (--store-url)")?,
            );
            Ok((Some(Box::new(postgres.clone())), Sessions::shared(postgres)))
        }
        None => Ok((open_store(None, data_dir)?, Sessions::in_process())),
    }
}

/// The preferences store: PostgreSQL at `store_url` if given, else SQLite in `data_dir`;
/// none keeps nothing.
pub fn open_store(store_url: Option<&SecretString>, data_dir: Option<&Path>) -> anyhow::Result<Option<Box<dyn Store>>> {
    Ok(match (store_url, data_dir) {
        (Some(url), _) => Some(Box::new(
            PostgresStore::open(url.expose_secret()).context("cannot open the PostgreSQL store (--store-url)")?,
        )),
        (None, Some(dir)) => Some(Box::new(
            SqliteStore::open(dir)
                .with_context(|| format!("cannot open the preferences store in {}", dir.display()))?,
        )),
        (None, None) => None,
    })
}

/// The separate listener for `/metrics` alone, on one worker, plain HTTP.
fn metrics_server(bind: &str, shared: &Shared, settings: &Settings) -> anyhow::Result<(Server, SocketAddr)> {
    let listener = listen(bind).with_context(|| format!("cannot listen on {bind} for metrics"))?;
    let address = listener.local_addr()?;
    let (metrics, connections) = (shared.metrics.clone(), shared.connections.clone());
    let serving = Serving {
        workers: 1,
        max_connections: settings.max_connections,
        keep_alive: METRICS_KEEP_ALIVE,
        shutdown_grace: lifecycle::worker_grace(settings.drain_delay, settings.shutdown_timeout),
        tls: None,
        connections: None,
    };
    let server = listener::serve(listener, serving, move || {
        App::new()
            .app_data(metrics.clone())
            .app_data(connections.clone())
            .service(metrics_route())
            .default_service(web::to(not_found))
    })?;
    Ok((server, address))
}

/// The Wyoming listener on `bind`, answering through the same skill, memory and sessions.
fn wyoming_listener(bind: &str, shared: &Shared, settings: &Settings) -> anyhow::Result<WyomingListener> {
    let listener = listen(bind).with_context(|| format!("cannot listen on {bind} for Wyoming"))?;
    // As the HTTP workers have: exit comes within the shutdown timeout, the drain before it.
    let grace = Duration::from_secs(lifecycle::worker_grace(settings.drain_delay, settings.shutdown_timeout));
    Ok(WyomingListener::new(
        listener,
        shared.skills.clone(),
        shared.memory.clone(),
        shared.sessions.clone(),
        shared.metrics.clone(),
        Limits { max_connections: settings.wyoming_max_connections, grace },
    )?)
}

/// Registers the routes and the shared state; `/metrics` too when `with_metrics`.
fn configure(config: &mut ServiceConfig, shared: &Shared, with_metrics: bool) {
    config
        .app_data(shared.skills.clone())
        .app_data(shared.verifier.clone())
        .app_data(shared.webhook_auth.clone())
        .app_data(shared.memory.clone())
        .app_data(shared.sessions.clone())
        .app_data(shared.metrics.clone())
        .app_data(shared.readiness.clone())
        .app_data(shared.connections.clone())
        .app_data(PayloadConfig::new(MAX_BODY_BYTES))
        .service(route::<AlexaRequest>())
        .service(route::<AuthenticatedRequest<DialogflowEs>>())
        .service(route::<AuthenticatedRequest<DialogflowCx>>())
        .service(route::<AuthenticatedRequest<HomeAssistant>>())
        .service(route::<JsonBody<Simulated>>())
        .service(get(HEALTH_ROUTE, healthz))
        .service(get(READY_ROUTE, readyz));
    if let Some(page) = &shared.console {
        console::configure(config, page);
    }
    if with_metrics {
        config.service(metrics_route());
    }
    config.default_service(web::to(not_found));
}

/// How many connections may wait to be accepted (std's own listener allows 128).
const BACKLOG: i32 = 1024;

/// A listener on `bind` (the first address it names).
fn listen(bind: &str) -> std::io::Result<TcpListener> {
    let address = std::net::ToSocketAddrs::to_socket_addrs(bind)?
        .next()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "no address"))?;
    let socket = socket2::Socket::new(socket2::Domain::for_address(address), socket2::Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    socket.bind(&address.into())?;
    socket.listen(BACKLOG)?;
    Ok(socket.into())
}

fn tls_config(files: &TlsFiles) -> anyhow::Result<rustls::ServerConfig> {
    let certs = verify::read_pem_certs(&files.cert)?;
    let key = PrivateKeyDer::from_pem_file(&files.key)
        .with_context(|| format!("cannot read a private key from {}", files.key.display()))?;
    rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .context("TLS set-up")?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .context("the TLS certificate and key do not fit together")
}

fn metrics_route() -> actix_web::Resource {
    get(METRICS_ROUTE, render_metrics)
}

async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

async fn readyz(readiness: web::Data<Readiness>) -> HttpResponse {
    if readiness.is_draining() {
        HttpResponse::ServiceUnavailable().json(serde_json::json!({ "status": "stopping" }))
    } else {
        HttpResponse::Ok().json(serde_json::json!({ "status": "ready" }))
    }
}

async fn render_metrics(metrics: web::Data<Metrics>, connections: web::Data<Connections>) -> HttpResponse {
    metrics.connections(connections.open(), connections.shed());
    metrics.malformed(crate::telemetry::malformed_requests());
    HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(metrics.render())
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}
