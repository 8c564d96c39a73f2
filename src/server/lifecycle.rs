//! Readiness and graceful shutdown.
//!
//! On a stop (SIGTERM or SIGINT in `carevoice serve`), the server first *drains*: `/readyz`
//! answers 503 at once, so load balancers take it out of rotation, while every request is
//! still answered, each with `Connection: close` so that clients reconnect elsewhere.
//! After the drain delay it stops accepting, answers every request already received, and
//! exits within the shutdown timeout (counted from the stop), or as soon as no connection
//! is left.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use actix_web::dev::ServerHandle;

use super::wyoming::WyomingStop;

/// The default time between a stop signal and the server refusing new connections.
pub const DEFAULT_DRAIN_DELAY: Duration = Duration::from_secs(5);
/// The default time from a stop signal to exit: Kubernetes' default grace period.
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);

/// Whether the server takes new work.
#[derive(Debug, Default)]
pub struct Readiness {
    draining: AtomicBool,
}

impl Readiness {
    /// Whether the server is draining (shutting down).
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::Relaxed)
    }

    fn begin_draining(&self) {
        self.draining.store(true, Ordering::Relaxed);
    }
}

/// Stops a running [`Application`](super::Application) gracefully.
#[derive(Clone)]
pub struct Stopper {
    pub(super) readiness: actix_web::web::Data<Readiness>,
    pub(super) drain_delay: Duration,
    /// The main server first, then the metrics server, if it has its own.
    pub(super) servers: Vec<ServerHandle>,
    /// The Wyoming listener, if there is one.
    pub(super) wyoming: Option<WyomingStop>,
}

impl Stopper {
    /// Drains for the drain delay (or until `cut_short` completes, e.g. a second signal),
    /// then stops the servers gracefully, returning once they have stopped.
    pub async fn drain_and_stop(&self, cut_short: impl Future<Output = ()>) {
        self.readiness.begin_draining();
        tracing::info!(drain_delay = ?self.drain_delay, "stopping: /readyz now answers 503; still answering meanwhile");
        tokio::select! {
            () = tokio::time::sleep(self.drain_delay) => {}
            () = cut_short => tracing::info!("drain cut short"),
        }
        tracing::info!("no longer accepting connections; finishing the requests already received");
        if let Some(wyoming) = &self.wyoming {
            wyoming.gracefully();
        }
        for server in &self.servers {
            server.stop(true).await;
        }
    }

    /// Tells the servers to stop at once, closing every connection, without waiting.
    pub fn stop_now(&self) {
        if let Some(wyoming) = &self.wyoming {
            wyoming.now();
        }
        for server in &self.servers {
            drop(server.stop(false));
        }
    }
}

/// What actix-server is given as its own graceful timeout, so that with the drain before
/// it and its once-a-second check after it, exit comes within `shutdown_timeout`.
pub(super) fn worker_grace(drain_delay: Duration, shutdown_timeout: Duration) -> u64 {
    shutdown_timeout.saturating_sub(drain_delay).as_secs().saturating_sub(1)
}
