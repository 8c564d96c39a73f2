//! Serving one listener with actix-web's own `HttpServer`: its workers, timeouts and
//! limits, TLS when configured, and each new connection told to [`Connections`] so that
//! idle ones can be shed.
//!
//! Bytes that are not an HTTP/1.1 request reach no route: actix-http refuses them itself,
//! with an empty body (400 for a malformed request line or header, 431 for a head too
//! large, 408 for a head too slow), and closes the connection. The README's error table
//! lists them as the one exception to the JSON error body.

use std::any::Any;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_http::Request;
use actix_service::IntoServiceFactory;
use actix_tls::accept::rustls_0_23::TlsStream;
use actix_web::body::MessageBody;
use actix_web::dev::{AppConfig, Extensions, Response, Server, Service, ServiceFactory};
use actix_web::rt::net::TcpStream;
use actix_web::{Error, HttpServer};

use super::connections::Connections;

/// How long a client has to send the first request line and its headers (a later head is
/// bounded by the keep-alive and this together: see `connections`).
pub(super) const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a TLS handshake may take.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a connection being closed has to take its last bytes.
const DISCONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// How one listener serves.
pub(super) struct Serving {
    /// Worker threads.
    pub workers: usize,
    /// The most connections open at once, per worker.
    pub max_connections: usize,
    /// How long an idle keep-alive connection stays open.
    pub keep_alive: Duration,
    /// How many seconds workers have to finish once the server stops.
    pub shutdown_grace: u64,
    /// Serves HTTPS with this configuration when given.
    pub tls: Option<rustls::ServerConfig>,
    /// Tracks the connections (and sheds idle ones near the limit) when given.
    pub connections: Option<Arc<Connections>>,
}

/// Serves `app` on `listener` as `serving` says, once the returned server is awaited.
pub(super) fn serve<F, I, S, B>(listener: TcpListener, serving: Serving, app: F) -> std::io::Result<Server>
where
    F: Fn() -> I + Send + Clone + 'static,
    I: IntoServiceFactory<S, Request>,
    S: ServiceFactory<Request, Config = AppConfig, Error = Error, InitError = ()> + 'static,
    S::Response: Into<Response<B>> + 'static,
    <S::Service as Service<Request>>::Future: 'static,
    S::Service: 'static,
    B: MessageBody + 'static,
{
    let connections = serving.connections;
    let server = HttpServer::new(app)
        .workers(serving.workers)
        .max_connections(serving.max_connections)
        .keep_alive(serving.keep_alive)
        .client_request_timeout(HEADER_TIMEOUT)
        .client_disconnect_timeout(DISCONNECT_TIMEOUT)
        .tls_handshake_timeout(TLS_HANDSHAKE_TIMEOUT)
        .shutdown_timeout(serving.shutdown_grace)
        .disable_signals()
        .on_connect(move |io: &dyn Any, data: &mut Extensions| {
            if let (Some(connections), Some(tcp)) = (&connections, tcp_of(io)) {
                connections.connected(tcp, data);
            }
        });
    let server = match serving.tls {
        None => server.listen(listener)?,
        Some(tls) => server.listen_rustls_0_23(listener, tls)?,
    };
    Ok(server.run())
}

/// The TCP stream under a connection, plain or TLS.
fn tcp_of(io: &dyn Any) -> Option<&TcpStream> {
    io.downcast_ref::<TcpStream>().or_else(|| io.downcast_ref::<TlsStream<TcpStream>>().map(|tls| tls.get_ref().0))
}
