-- carevoice's remembered preferences, shared by every replica: one row per person, keyed
-- by a salted hash of the platform's user id (never the id itself).

-- Installation-wide values: the salt for user keys, the same for every replica.
CREATE TABLE carevoice_meta (
    key   TEXT PRIMARY KEY,
    value BYTEA NOT NULL
);

CREATE TABLE carevoice_preferences (
    -- Hex HMAC-SHA256 of "<platform>:<user id>" under the salt in carevoice_meta.
    user_key     TEXT PRIMARY KEY,
    -- The speaking rate: 'slowest', 'slow', 'normal' or 'fast'.
    rate         TEXT NOT NULL,
    -- The id of the topic to offer on return (speech/<locale>/topics.toml), or NULL.
    resume_topic TEXT,
    -- When the row last changed.
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
