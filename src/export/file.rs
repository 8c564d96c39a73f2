//! One exported file: its path inside the export directory, and its JSON.

use serde::Serialize;
use serde_json::Value;

/// One exported file: its path inside the export directory, and its JSON.
pub type File = (String, Value);

/// The file at `path` holding `body`.
pub fn file(path: impl Into<String>, body: impl Serialize) -> File {
    (path.into(), serde_json::to_value(body).expect("an export's types serialize to JSON"))
}
