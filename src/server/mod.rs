//! The HTTP server: routes, shared state, and the one place requests meet the skill.
//!
//! [`Application::build`] binds the listener (port 0 picks a free port) and is used by
//! `carevoice serve` and by the integration tests alike.

pub mod error;
pub mod extract;

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::Logger;
use actix_web::web::{self, PayloadConfig, ServiceConfig};
use actix_web::{App, HttpResponse, HttpServer};

use crate::platform::{alexa, simulated};
use crate::skill::Skill;
use error::ApiError;
use extract::{AlexaRequest, JsonBody, MAX_BODY_BYTES};

/// How long a stopping server lets requests in flight finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// A bound, running-on-await HTTP server.
pub struct Application {
    address: SocketAddr,
    server: Server,
}

impl Application {
    /// Binds `bind` (e.g. `127.0.0.1:8080`, or port 0 for any free port) and prepares
    /// the server; it serves once [`Application::run_until_stopped`] is awaited.
    pub fn build(bind: &str, skill: Arc<Skill>) -> io::Result<Application> {
        let listener = TcpListener::bind(bind)?;
        let address = listener.local_addr()?;
        let skill = web::Data::from(skill);
        let server = HttpServer::new(move || {
            App::new().wrap(Logger::new("%a \"%r\" %s %b %Dms")).configure(|config| configure(config, skill.clone()))
        })
        .listen(listener)?
        .shutdown_timeout(SHUTDOWN_GRACE.as_secs())
        .run();
        Ok(Application { address, server })
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// A handle to stop the server.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until the server is stopped (by its handle, SIGINT or SIGTERM).
    pub async fn run_until_stopped(self) -> io::Result<()> {
        self.server.await
    }
}

/// Registers the routes and the shared skill.
pub fn configure(config: &mut ServiceConfig, skill: web::Data<Skill>) {
    config
        .app_data(skill)
        .app_data(PayloadConfig::new(MAX_BODY_BYTES))
        .service(web::resource("/alexa").route(web::post().to(alexa_route)).default_service(web::to(only_post)))
        .service(web::resource("/v1/turn").route(web::post().to(turn_route)).default_service(web::to(only_post)))
        .service(web::resource("/healthz").route(web::get().to(healthz)).default_service(web::to(only_get)))
        .default_service(web::to(not_found));
}

async fn alexa_route(skill: web::Data<Skill>, AlexaRequest(envelope): AlexaRequest) -> HttpResponse {
    HttpResponse::Ok().json(alexa::answer(&skill, envelope))
}

async fn turn_route(
    skill: web::Data<Skill>,
    JsonBody(request): JsonBody<simulated::TurnRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(simulated::answer(&skill, request)?))
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
