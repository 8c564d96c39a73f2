//! The embedded store: one SQLite file in the data directory, needing no set-up.
//!
//! Writes are durable when they return (WAL journal, `synchronous = FULL`); several
//! people's changes go in one transaction, so one sync to disk covers them all. The
//! schema is created and upgraded by the numbered migrations in `migrations/`, tracked in
//! SQLite's `user_version`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, params};

use super::{Change, Store, StoreError, Stored, UserKey};
use crate::speech::Rate;

/// The migrations, in order; the schema version is how many have run.
const MIGRATIONS: [&str; 2] =
    [include_str!("migrations/0001_preferences.sql"), include_str!("migrations/0002_preferences_by_use.sql")];
/// The file name of the database in the data directory.
pub const FILE_NAME: &str = "carevoice.sqlite3";
/// How long a write waits for another writer (another process on the same file).
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// Preferences in a SQLite file.
pub struct SqliteStore {
    connection: Mutex<Connection>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database in `dir`, and brings its schema up to date.
    pub fn open(dir: &Path) -> Result<SqliteStore, StoreError> {
        std::fs::create_dir_all(dir)?;
        let mut connection = Connection::open(dir.join(FILE_NAME))?;
        connection.busy_timeout(BUSY_TIMEOUT)?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        migrate(&mut connection)?;
        Ok(SqliteStore { connection: Mutex::new(connection) })
    }

    fn with<T>(&self, work: impl FnOnce(&mut Connection) -> rusqlite::Result<T>) -> Result<T, StoreError> {
        let mut connection = self.connection.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        Ok(work(&mut connection)?)
    }
}

fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let version = usize::try_from(version).unwrap_or(usize::MAX);
    if version > MIGRATIONS.len() {
        return Err(StoreError::NewerSchema { found: version, known: MIGRATIONS.len() });
    }
    for (idx, migration) in MIGRATIONS.iter().enumerate().skip(version) {
        let transaction = connection.transaction()?;
        transaction.execute_batch(migration)?;
        transaction.pragma_update(None, "user_version", (idx + 1) as i64)?;
        transaction.commit()?;
    }
    Ok(())
}

impl Store for SqliteStore {
    fn salt(&self) -> Result<Vec<u8>, StoreError> {
        let fresh = super::random_salt()?;
        self.with(|connection| {
            connection
                .execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('user_key_salt', ?1)", params![fresh])?;
            connection.query_row("SELECT value FROM meta WHERE key = 'user_key_salt'", [], |row| row.get(0))
        })
    }

    fn load(&self, user: &UserKey) -> Result<Option<Stored>, StoreError> {
        self.with(|connection| {
            connection
                .query_row(
                    "SELECT rate, resume_topic FROM preferences WHERE user_key = ?1",
                    params![user.as_str()],
                    |row| Ok(Stored { rate: row.get(0)?, resume_topic: row.get(1)? }),
                )
                .optional()
        })
    }

    fn save(&self, changes: &HashMap<UserKey, Change>) -> Result<(), StoreError> {
        let now = seconds(SystemTime::now());
        self.with(|connection| {
            let transaction = connection.transaction()?;
            {
                // ?2 and ?4 are NULL for what the change leaves as it was.
                let mut upsert = transaction.prepare_cached(
                    "INSERT INTO preferences (user_key, rate, resume_topic, updated_at)
                     VALUES (?1, COALESCE(?2, ?5), ?3, ?6)
                     ON CONFLICT (user_key) DO UPDATE SET
                       rate = COALESCE(?2, rate),
                       resume_topic = CASE WHEN ?4 THEN ?3 ELSE resume_topic END,
                       updated_at = ?6",
                )?;
                let mut mark_used =
                    transaction.prepare_cached("UPDATE preferences SET updated_at = ?2 WHERE user_key = ?1")?;
                for (user, change) in changes {
                    if *change == Change::default() {
                        mark_used.execute(params![user.as_str(), now])?;
                        continue;
                    }
                    upsert.execute(params![
                        user.as_str(),
                        change.rate,
                        change.resume_topic.as_ref().and_then(Option::as_deref),
                        change.resume_topic.is_some(),
                        Rate::default().name(),
                        now,
                    ])?;
                }
            }
            transaction.commit()
        })
    }

    fn expire(&self, cutoff: SystemTime, at_most: usize) -> Result<usize, StoreError> {
        self.with(|connection| {
            connection.execute(
                "DELETE FROM preferences WHERE user_key IN
                   (SELECT user_key FROM preferences WHERE updated_at < ?1 LIMIT ?2)",
                params![seconds(cutoff), i64::try_from(at_most).unwrap_or(i64::MAX)],
            )
        })
    }

    fn forget(&self, users: &[UserKey]) -> Result<usize, StoreError> {
        self.with(|connection| {
            let transaction = connection.transaction()?;
            let mut removed = 0;
            {
                let mut delete = transaction.prepare_cached("DELETE FROM preferences WHERE user_key = ?1")?;
                for user in users {
                    removed += delete.execute(params![user.as_str()])?;
                }
            }
            transaction.commit()?;
            Ok(removed)
        })
    }
}

/// `at` in seconds since the Unix epoch, as `updated_at` keeps it.
fn seconds(at: SystemTime) -> i64 {
    at.duration_since(UNIX_EPOCH).map_or(0, |elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX))
}
