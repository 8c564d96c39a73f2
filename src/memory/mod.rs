//! Remembered preferences: each person's speaking rate and where they left off, kept
//! across sessions and restarts.
//!
//! People are known by a [`UserKey`], an HMAC-SHA256 of the platform's user id under a
//! random salt kept in the store: the id itself is never stored or logged. [`Store`] is
//! the small interface a shared database would implement for several replicas;
//! [`SqliteStore`] is the embedded one. A store that fails is logged and otherwise
//! ignored: the conversation always goes on.

mod sqlite;

use std::path::Path;

use ring::hmac;

use crate::content::Content;
use crate::dialog::Remembered;
use crate::speech::Rate;
pub use sqlite::{FILE_NAME, SqliteStore};

/// A person's key: a salted hash of their platform user id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserKey(String);

impl UserKey {
    /// The key as lower-case hex.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's preferences as stored: names, never indices, so that a content change
/// cannot point them at the wrong topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The rate's name.
    pub rate: String,
    /// The id of the topic to offer on return.
    pub resume_topic: Option<String>,
}

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    /// The data directory could not be made.
    #[error("data directory: {0}")]
    Io(#[from] std::io::Error),
    /// No randomness for the salt.
    #[error("no random source for the user-key salt")]
    Random,
    /// The database was written by a newer carevoice.
    #[error("the database has schema version {found}; this carevoice knows up to {known}")]
    NewerSchema {
        /// The version found.
        found: usize,
        /// The newest version this build knows.
        known: usize,
    },
}

/// Where preferences are kept.
pub trait Store: Send + Sync {
    /// The installation's salt for user keys, created on first use.
    fn salt(&self) -> Result<Vec<u8>, StoreError>;
    /// A person's preferences, if any were kept.
    fn load(&self, user: &UserKey) -> Result<Option<Stored>, StoreError>;
    /// Keeps a person's preferences; durable when it returns.
    fn save(&self, user: &UserKey, stored: &Stored) -> Result<(), StoreError>;
}

/// Preferences for the dialog: keys people, and recalls and remembers what they chose.
pub struct Memory {
    kept: Option<Kept>,
}

struct Kept {
    store: Box<dyn Store>,
    key: hmac::Key,
}

impl Memory {
    /// A memory that keeps nothing (the command line's one-off conversations).
    pub fn disabled() -> Memory {
        Memory { kept: None }
    }

    /// A memory over `store`.
    pub fn new(store: Box<dyn Store>) -> Result<Memory, StoreError> {
        let salt = store.salt()?;
        Ok(Memory { kept: Some(Kept { key: hmac::Key::new(hmac::HMAC_SHA256, &salt), store }) })
    }

    /// A memory in the SQLite database in `dir`.
    pub fn open(dir: &Path) -> Result<Memory, StoreError> {
        Memory::new(Box::new(SqliteStore::open(dir)?))
    }

    /// The key of the person `user_id` on `platform`; none when nothing is kept.
    pub fn user_key(&self, platform: &str, user_id: &str) -> Option<UserKey> {
        let kept = self.kept.as_ref()?;
        let tag = hmac::sign(&kept.key, format!("{platform}:{user_id}").as_bytes());
        Some(UserKey(tag.as_ref().iter().map(|byte| format!("{byte:02x}")).collect()))
    }

    /// What is remembered of `user`; none if nothing is, or the store fails (logged).
    pub fn recall(&self, content: &Content, user: &UserKey) -> Option<Remembered> {
        let kept = self.kept.as_ref()?;
        match kept.store.load(user) {
            Ok(stored) => stored.map(|stored| Remembered {
                rate: Rate::from_name(&stored.rate).unwrap_or_default(),
                resume: stored.resume_topic.and_then(|id| content.topic_index(&id)),
            }),
            Err(error) => {
                tracing::error!(%error, "could not recall preferences; going on without them");
                None
            }
        }
    }

    /// Keeps what `user` chose; a failing store is logged, never raised.
    pub fn remember(&self, content: &Content, user: &UserKey, remembered: &Remembered) {
        let Some(kept) = self.kept.as_ref() else { return };
        let stored = Stored {
            rate: remembered.rate.name().to_owned(),
            resume_topic: remembered.resume.map(|topic| content.topics[topic].id.clone()),
        };
        if let Err(error) = kept.store.save(user, &stored) {
            tracing::error!(%error, "could not keep preferences; the conversation goes on");
        }
    }
}

fn random_salt() -> Result<Vec<u8>, StoreError> {
    let mut salt = vec![0; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut salt).map_err(|_| StoreError::Random)?;
    Ok(salt)
}
