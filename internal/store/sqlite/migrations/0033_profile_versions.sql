-- The settings history (issue 17): each distinct profile a device fetched,
-- its files compressed and sealed, the sealed snapshot of the settings it
-- was rendered from, and the audit event that caused it. id is the device
-- id and the version number, so the key rotation's walk over sealed
-- columns finds them like every other.
CREATE TABLE profile_versions (
	id           TEXT PRIMARY KEY,
	device_id    TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	customer_id  TEXT NOT NULL,
	number       INTEGER NOT NULL,
	site_id      TEXT NOT NULL,
	hash         BLOB NOT NULL,
	size         INTEGER NOT NULL,
	archive      BLOB,
	settings     BLOB,
	cause_id     TEXT NOT NULL,
	cause_action TEXT NOT NULL,
	cause_object TEXT NOT NULL,
	at           TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	UNIQUE (device_id, number)
) STRICT;
CREATE INDEX profile_versions_site ON profile_versions (site_id, at);
