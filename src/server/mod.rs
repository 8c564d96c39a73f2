//! The HTTP server: routes, shared state, limits, TLS, and the one place requests meet
//! the skill.
//!
//! [`Application::build`] binds the listener (port 0 picks a free port) and is used by
//! `carevoice serve` and by the integration tests alike.

pub mod auth;
pub mod error;
pub mod extract;

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::web::{self, PayloadConfig, ServiceConfig};
use actix_web::{App, HttpResponse, HttpServer};
use anyhow::Context;
use rustls::pki_types::PrivateKeyDer;
use rustls::pki_types::pem::PemObject;

use crate::memory::Memory;
use crate::platform::dialogflow_cx::DialogflowCx;
use crate::platform::dialogflow_es::DialogflowEs;
use crate::platform::simulated::Simulated;
use crate::platform::{self, Platform};
use crate::skill::Skill;
use crate::verify::{self, Verifier};
use auth::WebhookAuth;
use error::ApiError;
use extract::{AlexaRequest, DialogflowRequest, JsonBody, MAX_BODY_BYTES, PlatformRequest};

/// The liveness route.
pub const HEALTH_ROUTE: &str = "/healthz";

/// How long a stopping server lets requests in flight finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// How long a client has to send the request line and headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// How long an idle keep-alive connection stays open.
const KEEP_ALIVE: Duration = Duration::from_secs(30);
/// How long a TLS handshake may take.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(5);

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
    pub alexa: verify::Settings,
    /// How Dialogflow webhooks authenticate.
    pub dialogflow: auth::Settings,
    /// Where remembered preferences are kept; none keeps nothing.
    pub data_dir: Option<PathBuf>,
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
            max_connections: 1_000,
            alexa: verify::Settings::default(),
            dialogflow: auth::Settings::default(),
            data_dir: None,
        }
    }
}

/// A bound HTTP server, serving once awaited.
pub struct Application {
    address: SocketAddr,
    https: bool,
    server: Server,
    memory: web::Data<Memory>,
}

impl Application {
    /// Binds the listener and prepares the server; it serves once
    /// [`Application::run_until_stopped`] is awaited. Fails on anything that stops it from
    /// starting: the address, the TLS files, the Alexa verification settings.
    pub fn build(settings: &Settings, skill: Arc<Skill>) -> anyhow::Result<Application> {
        let verifier = web::Data::new(Verifier::new(&settings.alexa).context("Alexa request verification")?);
        let webhook_auth = web::Data::new(WebhookAuth::new(&settings.dialogflow)?);
        let memory = web::Data::new(match &settings.data_dir {
            Some(dir) => {
                Memory::open(dir).with_context(|| format!("cannot open the preferences store in {}", dir.display()))?
            }
            None => Memory::disabled(),
        });
        let skill = web::Data::from(skill);
        let listener =
            TcpListener::bind(&settings.bind).with_context(|| format!("cannot listen on {}", settings.bind))?;
        let address = listener.local_addr()?;
        let app_memory = memory.clone();
        let server = HttpServer::new(move || {
            App::new().configure(|config| {
                configure(config, skill.clone(), verifier.clone(), webhook_auth.clone(), app_memory.clone())
            })
        })
        .client_request_timeout(HEADER_TIMEOUT)
        .keep_alive(KEEP_ALIVE)
        .max_connections(settings.max_connections)
        .shutdown_timeout(SHUTDOWN_GRACE.as_secs());
        let server = match &settings.tls {
            Some(files) => {
                server.tls_handshake_timeout(TLS_HANDSHAKE_TIMEOUT).listen_rustls_0_23(listener, tls_config(files)?)?
            }
            None => server.listen(listener)?,
        };
        Ok(Application { address, https: settings.tls.is_some(), server: server.run(), memory })
    }

    /// The base URL, `http://` or `https://` and the address it listens on.
    pub fn url(&self) -> String {
        format!("{}://{}", if self.https { "https" } else { "http" }, self.address)
    }

    /// A handle to stop the server.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until the server is stopped (by its handle, SIGINT or SIGTERM), then writes
    /// the preferences still waiting to be kept.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        self.memory.flush().await;
        served
    }
}

/// Registers the routes and the shared state.
pub fn configure(
    config: &mut ServiceConfig,
    skill: web::Data<Skill>,
    verifier: web::Data<Verifier>,
    webhook_auth: web::Data<WebhookAuth>,
    memory: web::Data<Memory>,
) {
    config
        .app_data(skill)
        .app_data(verifier)
        .app_data(webhook_auth)
        .app_data(memory)
        .app_data(PayloadConfig::new(MAX_BODY_BYTES))
        .service(route::<AlexaRequest>())
        .service(route::<DialogflowRequest<DialogflowEs>>())
        .service(route::<DialogflowRequest<DialogflowCx>>())
        .service(route::<JsonBody<Simulated>>())
        .service(web::resource(HEALTH_ROUTE).route(web::get().to(healthz)).default_service(web::to(only_get)))
        .default_service(web::to(not_found));
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

/// The route of the platform whose requests `R` extracts: POST only.
fn route<R: PlatformRequest>() -> actix_web::Resource {
    web::resource(<R::Platform as Platform>::ROUTE).route(web::post().to(turn::<R>)).default_service(web::to(only_post))
}

/// Answers one turn of any platform.
async fn turn<R: PlatformRequest>(
    skill: web::Data<Skill>,
    memory: web::Data<Memory>,
    request: R,
) -> Result<HttpResponse, ApiError> {
    let response = platform::answer::<R::Platform>(&skill, &memory, request.into_request()).await?;
    Ok(HttpResponse::Ok().json(response))
}

async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

async fn only_post() -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed { allow: "POST" })
}

async fn only_get() -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed { allow: "GET" })
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}
