-- The profile files each device last fetched (sealed, with their hash), for
-- the difference to what it would get now (issue 15). id is the device id
-- and the file name, so the key rotation's walk over sealed columns finds
-- them like every other.
CREATE TABLE fetched_files (
	id         TEXT PRIMARY KEY,
	device_id  TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	hash       BYTEA NOT NULL,
	body       BYTEA,
	remote_encrypt BOOLEAN NOT NULL DEFAULT FALSE,
	fetched_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX fetched_files_device ON fetched_files (device_id);
