-- Firmware files, pins and staged rollouts (issue 17 item 2). The
-- content of a file lives in the data directory with SQLite; the chunk
-- table is there for a store that keeps it in the database.
CREATE TABLE firmware (
	id         TEXT PRIMARY KEY,
	model      TEXT NOT NULL,
	version    TEXT NOT NULL,
	file_name  TEXT NOT NULL,
	size       INTEGER NOT NULL,
	sha256     TEXT NOT NULL,
	created_at TEXT NOT NULL,
	UNIQUE (model, version)
) STRICT;

CREATE TABLE firmware_chunks (
	firmware_id TEXT NOT NULL,
	n           INTEGER NOT NULL,
	data        BLOB NOT NULL,
	PRIMARY KEY (firmware_id, n)
) STRICT;

CREATE TABLE firmware_pins (
	customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	site_id     TEXT NOT NULL,
	model       TEXT NOT NULL,
	firmware_id TEXT NOT NULL REFERENCES firmware (id),
	updated_at  TEXT NOT NULL,
	PRIMARY KEY (customer_id, site_id, model)
) STRICT;

CREATE TABLE firmware_rollouts (
	id                 TEXT PRIMARY KEY,
	customer_id        TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	site_id            TEXT NOT NULL,
	model              TEXT NOT NULL,
	firmware_id        TEXT NOT NULL REFERENCES firmware (id),
	version            TEXT NOT NULL,
	from_firmware_id   TEXT NOT NULL,
	first_ring         TEXT NOT NULL,
	percents           TEXT NOT NULL,
	ring_timeout_ms    INTEGER NOT NULL,
	max_failed_percent INTEGER NOT NULL,
	spread_ms          INTEGER NOT NULL,
	state              TEXT NOT NULL,
	ring               INTEGER NOT NULL,
	ring_started_at    TEXT,
	detail             TEXT NOT NULL,
	next_check         TEXT NOT NULL,
	created_at         TEXT NOT NULL,
	updated_at         TEXT NOT NULL
) STRICT;
CREATE INDEX firmware_rollouts_due ON firmware_rollouts (state, next_check);
CREATE INDEX firmware_rollouts_customer ON firmware_rollouts (customer_id, id);

CREATE TABLE firmware_rollout_devices (
	rollout_id  TEXT NOT NULL REFERENCES firmware_rollouts (id) ON DELETE CASCADE,
	device_id   TEXT NOT NULL,
	firmware_id TEXT NOT NULL,
	ring        INTEGER NOT NULL,
	state       TEXT NOT NULL,
	tell_at     TEXT NOT NULL,
	told        INTEGER NOT NULL,
	updated_at  TEXT NOT NULL,
	PRIMARY KEY (rollout_id, device_id)
) STRICT;
CREATE INDEX firmware_rollout_devices_device ON firmware_rollout_devices (device_id);
