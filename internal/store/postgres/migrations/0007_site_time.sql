-- A site's own time servers (a JSON list of host names or addresses,
-- empty for the operator's default) and how often its phones ask for
-- their profile by themselves (minutes, 0 for the operator's default).
ALTER TABLE sites ADD COLUMN ntp_servers TEXT NOT NULL DEFAULT '[]';
ALTER TABLE sites ADD COLUMN resync_minutes INTEGER NOT NULL DEFAULT 0;
