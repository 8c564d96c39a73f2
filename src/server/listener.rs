//! Serving one listener: actix-server's workers accept each connection (through TLS when
//! configured), pass its bytes through the [`Edge`], and serve HTTP/1.1 on it with
//! actix-http and the actix-web app. This is what actix-web's `HttpServer` assembles, with
//! the edge in between, which `HttpServer` has no place for.

use std::net::{SocketAddr, TcpListener};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use actix_http::body::MessageBody;
use actix_http::{HttpService, KeepAlive, Request, Response, ServiceConfig, ServiceConfigBuilder};
use actix_service::{
    IntoServiceFactory, Service, ServiceFactory, ServiceFactoryExt, apply_fn_factory, fn_service, map_config,
};
use actix_tls::accept::rustls_0_23::TlsStream;
use actix_web::Error;
use actix_web::dev::{AppConfig, Extensions, Server};
use actix_web::rt::net::TcpStream;

use super::connections::Connections;
use super::edge::{Answered, Edge, OverTcp};

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
    B: MessageBody + 'static,
{
    let address = listener.local_addr()?;
    let builder = actix_server::Server::build()
        .workers(serving.workers)
        .max_concurrent_connections(serving.max_connections)
        .shutdown_timeout(serving.shutdown_grace)
        .disable_signals();
    let shutting_down = builder.graceful_shutdown_signal();
    let http = Http {
        address,
        keep_alive: serving.keep_alive,
        https: serving.tls.is_some(),
        connections: serving.connections,
    };
    let stopping = move || {
        let signal = shutting_down.clone();
        move || {
            let signal = signal.clone();
            async move { signal.notified().await }
        }
    };
    let builder = match serving.tls {
        None => builder.listen("carevoice", listener, move || {
            let (edge_config, http1) = (http.edge_config(), http.service(&app, stopping()));
            fn_service(move |io: TcpStream| {
                let peer = io.peer_addr().ok();
                std::future::ready(Ok((Edge::new(io, edge_config.clone()), peer)))
            })
            .and_then(http1)
        })?,
        Some(mut tls) => {
            tls.alpn_protocols = vec![b"http/1.1".to_vec()];
            builder.listen("carevoice", listener, move || {
                let (edge_config, http1) = (http.edge_config(), http.service(&app, stopping()));
                let mut acceptor = actix_tls::accept::rustls_0_23::Acceptor::new(tls.clone());
                acceptor.set_handshake_timeout(TLS_HANDSHAKE_TIMEOUT);
                acceptor
                    .map_init_err(|_| unreachable!("a TLS acceptor does not fail to start"))
                    .map_err(|_| ())
                    .map(move |io: TlsStream<TcpStream>| {
                        let peer = io.get_ref().0.peer_addr().ok();
                        (Edge::new(io, edge_config.clone()), peer)
                    })
                    .and_then(http1.map_err(|_| ()))
            })?
        }
    };
    Ok(builder.run())
}

/// What every connection's HTTP service is made with.
#[derive(Clone)]
struct Http {
    address: SocketAddr,
    keep_alive: Duration,
    https: bool,
    connections: Option<Arc<Connections>>,
}

impl Http {
    /// The configuration a worker's edges parse with: the HTTP layer's keep-alive.
    fn edge_config(&self) -> ServiceConfig {
        ServiceConfigBuilder::new().keep_alive(KeepAlive::Timeout(self.keep_alive)).build()
    }

    /// One worker's HTTP/1.1 service for connections of type `T`.
    fn service<T, F, I, S, B, Signal, Stopping>(
        &self,
        app: &F,
        shutting_down: Signal,
    ) -> impl ServiceFactory<
        (Edge<T>, Option<SocketAddr>),
        Config = (),
        Response = (),
        Error = actix_http::error::DispatchError,
        InitError = (),
    > + use<T, F, I, S, B, Signal, Stopping>
    where
        T: tokio::io::AsyncRead + tokio::io::AsyncWrite + OverTcp + Unpin + 'static,
        F: Fn() -> I,
        I: IntoServiceFactory<S, Request>,
        S: ServiceFactory<Request, Config = AppConfig, Error = Error, InitError = ()> + 'static,
        S::Response: Into<Response<B>> + 'static,
        B: MessageBody + 'static,
        Signal: Fn() -> Stopping + 'static,
        Stopping: std::future::Future<Output = ()> + 'static,
    {
        let mut http = HttpService::build()
            .keep_alive(self.keep_alive)
            // The edge times the headers, and refuses them with a JSON body.
            .client_request_timeout(Duration::ZERO)
            .client_disconnect_timeout(DISCONNECT_TIMEOUT)
            .local_addr(self.address)
            .graceful_shutdown_signal(shutting_down);
        if self.https {
            http = http.secure();
        }
        let connections = self.connections.clone();
        let http = http.on_connect_ext(move |io: &Edge<T>, data: &mut Extensions| {
            data.insert(io.answered());
            if let Some(connections) = &connections {
                connections.connected(io.tcp(), data);
            }
        });
        // What the app is told of the connection serves URLs built from it, which carevoice
        // never builds; actix-web makes the real values only inside `HttpServer`.
        let app_config = AppConfig::default();
        let app = app().into_factory().map_err(|error: Error| error.error_response());
        // Each request answered is counted for the connection's edge.
        let app = apply_fn_factory(map_config(app, move |()| app_config.clone()), |request: Request, app| {
            let answered = request.conn_data::<Rc<Answered>>().cloned();
            let response = app.call(request);
            async move {
                let response = response.await;
                if let Some(answered) = answered {
                    answered.one();
                }
                response
            }
        });
        http.h1(app)
    }
}
