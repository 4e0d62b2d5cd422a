-- Calls (issue 16): the workplaces' call settings, the call events every
-- node reads (CTI channels, journal), the journal of calls, the
-- customers' upstream trunks (password sealed) and the CTI monitoring
-- accounts. Settings, events and journal entries are JSON bodies.
CREATE TABLE call_settings (
	workplace_id TEXT PRIMARY KEY REFERENCES workplaces (id) ON DELETE CASCADE,
	customer_id  TEXT NOT NULL,
	body         TEXT NOT NULL
);

CREATE TABLE call_events (
	seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	customer_id TEXT NOT NULL,
	at          TIMESTAMPTZ,
	body        TEXT NOT NULL
);
CREATE INDEX call_events_customer ON call_events (customer_id, seq);
CREATE INDEX call_events_at ON call_events (at);

CREATE TABLE call_records (
	id           TEXT PRIMARY KEY,
	customer_id  TEXT NOT NULL,
	workplace_id TEXT NOT NULL REFERENCES workplaces (id) ON DELETE CASCADE,
	started_at   TIMESTAMPTZ,
	body         TEXT NOT NULL
);
CREATE INDEX call_records_workplace ON call_records (workplace_id, started_at, id);

CREATE TABLE trunks (
	id                TEXT PRIMARY KEY,
	customer_id       TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	name              TEXT NOT NULL,
	proxy             TEXT NOT NULL,
	transport         TEXT NOT NULL,
	domain            TEXT NOT NULL,
	username          TEXT NOT NULL,
	auth_username     TEXT NOT NULL,
	password          BYTEA,
	register          BOOLEAN NOT NULL,
	inbound_addresses TEXT NOT NULL,
	caller_id         TEXT NOT NULL,
	created_at        TIMESTAMPTZ,
	updated_at        TIMESTAMPTZ
);
CREATE UNIQUE INDEX trunks_name ON trunks (customer_id, name);

CREATE TABLE monitoring_accounts (
	id            TEXT PRIMARY KEY,
	customer_id   TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	username      TEXT NOT NULL,
	description   TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	created_at    TIMESTAMPTZ
);
CREATE UNIQUE INDEX monitoring_accounts_username ON monitoring_accounts (username);
CREATE INDEX monitoring_accounts_customer ON monitoring_accounts (customer_id, id);
