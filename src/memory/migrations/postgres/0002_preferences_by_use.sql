-- Preferences unused for the retention (--retention-days) are removed in batches, found
-- by when they were last used: updated_at is set by every change, and by a recall.
CREATE INDEX carevoice_preferences_by_use ON carevoice_preferences (updated_at);
