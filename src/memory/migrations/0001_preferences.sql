-- carevoice's remembered preferences: one row per person, keyed by a salted hash of the
-- platform's user id (never the id itself).

-- Installation-wide values: the salt for user keys.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value BLOB NOT NULL
) STRICT;

CREATE TABLE preferences (
    -- Hex HMAC-SHA256 of "<platform>:<user id>" under the salt in meta.
    user_key     TEXT PRIMARY KEY NOT NULL,
    -- The speaking rate: 'slowest', 'slow', 'normal' or 'fast'.
    rate         TEXT NOT NULL,
    -- The id of the topic to offer on return (speech/<locale>/topics.toml), or NULL.
    resume_topic TEXT,
    -- When the row last changed, in seconds since the Unix epoch.
    updated_at   INTEGER NOT NULL
) STRICT;
