//! The shared store: PostgreSQL, for several replicas behind a load balancer.
//!
//! Every replica derives the same user keys from the salt kept in the database. The
//! sessions the server keeps for platforms that carry none are here too
//! ([`SessionStore`]), so that any replica can take a conversation's next turn. The schema
//! is created and upgraded by the numbered migrations in `migrations/postgres/`, under an
//! advisory lock, so replicas starting together migrate once. Every operation is bounded
//! ([`OPERATION_TIMEOUT`]), so a slow or stopped database never holds a turn longer than
//! a platform waits: the turn goes on without memory. TLS to the database is not built
//! in: reach it over a private network or a local proxy.
//!
//! [`Store`] is a blocking interface (its callers are the memory's writer thread and the
//! blocking pool); this store drives the async driver (`tokio-postgres`, pooled by
//! `deadpool-postgres`) on a small runtime of its own.

use std::collections::HashMap;
use std::future::Future;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime, Timeouts};
use tokio_postgres::NoTls;

use super::{Change, SessionStore, Store, StoreError, Stored, UserKey};
use crate::speech::Rate;

/// The migrations, in order; the schema version is how many have run.
const MIGRATIONS: [&str; 3] = [
    include_str!("migrations/postgres/0001_preferences.sql"),
    include_str!("migrations/postgres/0002_preferences_by_use.sql"),
    include_str!("migrations/postgres/0003_sessions.sql"),
];
/// The longest any operation (connecting included) may take.
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(2);
/// The most connections one replica opens.
const POOL_SIZE: usize = 8;
/// The advisory lock held while migrating ("carevoice" in ASCII).
const MIGRATION_LOCK: i64 = 0x6361_7265_766f_6963;

/// Preferences in a PostgreSQL database.
pub struct PostgresStore {
    pool: Pool,
    /// Always some, until dropped.
    runtime: Option<tokio::runtime::Runtime>,
}

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://user:password@host:port/db`) and
    /// brings its schema up to date.
    pub fn open(url: &str) -> Result<PostgresStore, StoreError> {
        let mut config = tokio_postgres::Config::from_str(url)?;
        config.connect_timeout(OPERATION_TIMEOUT);
        config.application_name("carevoice");
        let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let timeouts = Timeouts {
            wait: Some(OPERATION_TIMEOUT),
            create: Some(OPERATION_TIMEOUT),
            recycle: Some(OPERATION_TIMEOUT),
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("carevoice-postgres")
            .enable_all()
            .build()?;
        let pool = {
            let _entered = runtime.enter();
            Pool::builder(manager)
                .max_size(POOL_SIZE)
                .timeouts(timeouts)
                .runtime(Runtime::Tokio1)
                .build()
                .map_err(|error| StoreError::Pool(error.to_string()))?
        };
        let store = PostgresStore { pool, runtime: Some(runtime) };
        store.run(|pool| async move { migrate(&pool).await })?;
        Ok(store)
    }

    /// Runs `work` on the store's runtime, within [`OPERATION_TIMEOUT`], and waits for it.
    /// (Waiting on a channel rather than `block_on`, so that start-up may call it from
    /// within another runtime.)
    fn run<T, F>(&self, work: impl FnOnce(Pool) -> F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: Future<Output = Result<T, StoreError>> + Send + 'static,
    {
        let (done, result) = std::sync::mpsc::sync_channel(1);
        let work = work(self.pool.clone());
        let Some(runtime) = &self.runtime else { return Err(StoreError::Timeout) };
        runtime.spawn(async move {
            let _ = done.send(tokio::time::timeout(OPERATION_TIMEOUT, work).await.unwrap_or(Err(StoreError::Timeout)));
        });
        result.recv().unwrap_or(Err(StoreError::Timeout))
    }
}

impl Drop for PostgresStore {
    /// Stops the runtime without waiting, which is allowed wherever the store is dropped.
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

async fn connection(pool: &Pool) -> Result<deadpool_postgres::Object, StoreError> {
    pool.get().await.map_err(|error| StoreError::Pool(error.to_string()))
}

async fn migrate(pool: &Pool) -> Result<(), StoreError> {
    let mut client = connection(pool).await?;
    let transaction = client.transaction().await?;
    transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await?;
    transaction.batch_execute("CREATE TABLE IF NOT EXISTS carevoice_schema (version INTEGER NOT NULL)").await?;
    let version: i32 =
        transaction.query_one("SELECT COALESCE(MAX(version), 0) FROM carevoice_schema", &[]).await?.get(0);
    let version = usize::try_from(version).unwrap_or(0);
    if version > MIGRATIONS.len() {
        return Err(StoreError::NewerSchema { found: version, known: MIGRATIONS.len() });
    }
    for (idx, migration) in MIGRATIONS.iter().enumerate().skip(version) {
        transaction.batch_execute(migration).await?;
        let applied = i32::try_from(idx + 1).expect("few migrations");
        transaction.execute("INSERT INTO carevoice_schema (version) VALUES ($1)", &[&applied]).await?;
    }
    transaction.commit().await?;
    Ok(())
}

impl Store for PostgresStore {
    fn salt(&self) -> Result<Vec<u8>, StoreError> {
        let fresh = super::random_salt()?;
        self.run(|pool| async move {
            let client = connection(&pool).await?;
            client
                .execute(
                    "INSERT INTO carevoice_meta (key, value) VALUES ('user_key_salt', $1) ON CONFLICT (key) DO NOTHING",
                    &[&fresh],
                )
                .await?;
            let row = client.query_one("SELECT value FROM carevoice_meta WHERE key = 'user_key_salt'", &[]).await?;
            Ok(row.get(0))
        })
    }

    fn load(&self, user: &UserKey) -> Result<Option<Stored>, StoreError> {
        let user = user.clone();
        self.run(|pool| async move {
            let client = connection(&pool).await?;
            let statement = client
                .prepare_cached("SELECT rate, resume_topic FROM carevoice_preferences WHERE user_key = $1")
                .await?;
            let row = client.query_opt(&statement, &[&user.as_str()]).await?;
            Ok(row.map(|row| Stored { rate: row.get(0), resume_topic: row.get(1) }))
        })
    }

    fn save(&self, changes: &HashMap<UserKey, Change>) -> Result<(), StoreError> {
        let changes = changes.clone();
        self.run(|pool| async move {
            let mut client = connection(&pool).await?;
            let transaction = client.transaction().await?;
            // $2 is NULL, and $4 false, for what the change leaves as it was.
            let upsert = transaction
                .prepare_cached(
                    "INSERT INTO carevoice_preferences (user_key, rate, resume_topic)
                     VALUES ($1, COALESCE($2, $5), $3)
                     ON CONFLICT (user_key) DO UPDATE SET
                       rate = COALESCE($2, carevoice_preferences.rate),
                       resume_topic = CASE WHEN $4 THEN $3 ELSE carevoice_preferences.resume_topic END,
                       updated_at = now()",
                )
                .await?;
            let mark_used = transaction
                .prepare_cached("UPDATE carevoice_preferences SET updated_at = now() WHERE user_key = $1")
                .await?;
            for (user, change) in &changes {
                if *change == Change::default() {
                    transaction.execute(&mark_used, &[&user.as_str()]).await?;
                    continue;
                }
                let resume = change.resume_topic.as_ref().and_then(Option::as_deref);
                let sets_resume = change.resume_topic.is_some();
                transaction
                    .execute(&upsert, &[&user.as_str(), &change.rate, &resume, &sets_resume, &Rate::default().name()])
                    .await?;
            }
            transaction.commit().await?;
            Ok(())
        })
    }

    fn expire(&self, cutoff: SystemTime, at_most: usize) -> Result<usize, StoreError> {
        let at_most = i64::try_from(at_most).unwrap_or(i64::MAX);
        self.run(|pool| async move {
            let client = connection(&pool).await?;
            let removed = client
                .execute(
                    "DELETE FROM carevoice_preferences WHERE user_key IN
                       (SELECT user_key FROM carevoice_preferences WHERE updated_at < $1 LIMIT $2)",
                    &[&cutoff, &at_most],
                )
                .await?;
            Ok(usize::try_from(removed).unwrap_or(usize::MAX))
        })
    }

    fn forget(&self, users: &[UserKey]) -> Result<usize, StoreError> {
        let users: Vec<String> = users.iter().map(|user| user.as_str().to_owned()).collect();
        self.run(|pool| async move {
            let client = connection(&pool).await?;
            let removed =
                client.execute("DELETE FROM carevoice_preferences WHERE user_key = ANY($1)", &[&users]).await?;
            Ok(usize::try_from(removed).unwrap_or(usize::MAX))
        })
    }
}

impl SessionStore for PostgresStore {
    fn load_session(&self, key: &str, idle: Duration) -> Result<Option<String>, StoreError> {
        let (key, idle) = (key.to_owned(), idle.as_secs_f64());
        self.run(|pool| async move {
            let client = connection(&pool).await?;
            let statement = client
                .prepare_cached(
                    "SELECT state FROM carevoice_sessions
                     WHERE conversation_key = $1 AND updated_at > now() - make_interval(secs => $2)",
                )
                .await?;
            Ok(client.query_opt(&statement, &[&key, &idle]).await?.map(|row| row.get(0)))
        })
    }

    fn save_session(&self, key: &str, state: Option<&str>) -> Result<(), StoreError> {
        let (key, state) = (key.to_owned(), state.map(str::to_owned));
        self.run(|pool| async move {
            let client = connection(&pool).await?;
            match state {
                Some(state) => {
                    let upsert = client
                        .prepare_cached(
                            "INSERT INTO carevoice_sessions (conversation_key, state) VALUES ($1, $2)
                             ON CONFLICT (conversation_key) DO UPDATE SET state = $2, updated_at = now()",
                        )
                        .await?;
                    client.execute(&upsert, &[&key, &state]).await?;
                }
                None => {
                    client.execute("DELETE FROM carevoice_sessions WHERE conversation_key = $1", &[&key]).await?;
                }
            }
            Ok(())
        })
    }

    fn expire_sessions(&self, idle: Duration) -> Result<usize, StoreError> {
        let idle = idle.as_secs_f64();
        self.run(|pool| async move {
            let client = connection(&pool).await?;
            let removed = client
                .execute(
                    "DELETE FROM carevoice_sessions WHERE updated_at < now() - make_interval(secs => $1)",
                    &[&idle],
                )
                .await?;
            Ok(usize::try_from(removed).unwrap_or(usize::MAX))
        })
    }
}
