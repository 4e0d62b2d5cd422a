-- Firmware files, pins and staged rollouts (issue 17 item 2). The
-- content of a file lives in firmware_chunks with PostgreSQL, so every node serves it.
CREATE TABLE firmware (
	id         TEXT PRIMARY KEY,
	model      TEXT NOT NULL,
	version    TEXT NOT NULL,
	file_name  TEXT NOT NULL,
	size       BIGINT NOT NULL,
	sha256     TEXT NOT NULL,
	created_at TIMESTAMPTZ,
	UNIQUE (model, version)
);

CREATE TABLE firmware_chunks (
	firmware_id TEXT NOT NULL,
	n           INTEGER NOT NULL,
	data        BYTEA NOT NULL,
	PRIMARY KEY (firmware_id, n)
);

CREATE TABLE firmware_pins (
	customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	site_id     TEXT NOT NULL,
	model       TEXT NOT NULL,
	firmware_id TEXT NOT NULL REFERENCES firmware (id),
	updated_at  TIMESTAMPTZ,
	PRIMARY KEY (customer_id, site_id, model)
);

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
	ring_timeout_ms    BIGINT NOT NULL,
	max_failed_percent INTEGER NOT NULL,
	spread_ms          BIGINT NOT NULL,
	state              TEXT NOT NULL,
	ring               INTEGER NOT NULL,
	ring_started_at    TIMESTAMPTZ,
	detail             TEXT NOT NULL,
	next_check         TIMESTAMPTZ,
	created_at         TIMESTAMPTZ,
	updated_at         TIMESTAMPTZ
);
CREATE INDEX firmware_rollouts_due ON firmware_rollouts (state, next_check);
CREATE INDEX firmware_rollouts_customer ON firmware_rollouts (customer_id, id);

CREATE TABLE firmware_rollout_devices (
	rollout_id  TEXT NOT NULL REFERENCES firmware_rollouts (id) ON DELETE CASCADE,
	device_id   TEXT NOT NULL,
	firmware_id TEXT NOT NULL,
	ring        INTEGER NOT NULL,
	state       TEXT NOT NULL,
	tell_at     TIMESTAMPTZ,
	told        BOOLEAN NOT NULL,
	updated_at  TIMESTAMPTZ,
	PRIMARY KEY (rollout_id, device_id)
);
CREATE INDEX firmware_rollout_devices_device ON firmware_rollout_devices (device_id);
