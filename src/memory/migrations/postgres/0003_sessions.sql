-- Sessions the server keeps for platforms that carry none (Home Assistant, Wyoming), so
-- that any replica can take a conversation's next turn. Keyed by a digest of the platform
-- and conversation id; removed when the conversation ends or has been idle a few minutes.
CREATE TABLE carevoice_sessions (
    conversation_key TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX carevoice_sessions_by_use ON carevoice_sessions (updated_at);
