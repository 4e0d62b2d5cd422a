-- Initial schema for PostgreSQL. Uniqueness rules of the domain live here
-- as constraints and (partial) unique indexes, so the database refuses what
-- Go code might miss. Secrets are BYTEA sealed with the keyring; times are
-- TIMESTAMPTZ, NULL for a zero time; lists are JSON text.

CREATE TABLE customers (
	id            TEXT PRIMARY KEY,
	name          TEXT NOT NULL,
	admin_email   TEXT NOT NULL,
	sip_domain    TEXT NOT NULL CONSTRAINT customers_sip_domain_key UNIQUE,
	allow_enabled BOOLEAN NOT NULL,
	allow_cidrs   TEXT NOT NULL,
	created_at    TIMESTAMPTZ,
	updated_at    TIMESTAMPTZ
);

CREATE TABLE sites (
	id          TEXT PRIMARY KEY,
	customer_id TEXT NOT NULL REFERENCES customers (id),
	name        TEXT NOT NULL,
	address     TEXT NOT NULL,
	time_zone   TEXT NOT NULL,
	language    TEXT NOT NULL,
	encryption  BOOLEAN NOT NULL,
	created_at  TIMESTAMPTZ,
	updated_at  TIMESTAMPTZ,
	UNIQUE (customer_id, id)
);

CREATE TABLE workplaces (
	id                          TEXT PRIMARY KEY,
	customer_id                 TEXT NOT NULL REFERENCES customers (id),
	site_id                     TEXT,
	first_name                  TEXT NOT NULL,
	last_name                   TEXT NOT NULL,
	street                      TEXT NOT NULL,
	postcode                    TEXT NOT NULL,
	city                        TEXT NOT NULL,
	email                       TEXT NOT NULL,
	mobile                      TEXT NOT NULL,
	no_mobile                   BOOLEAN NOT NULL,
	language                    TEXT NOT NULL,
	username                    TEXT NOT NULL,
	extension                   TEXT NOT NULL,
	package                     TEXT NOT NULL,
	package_booked_at           TIMESTAMPTZ,
	multi_login                 BOOLEAN NOT NULL,
	hot_desk_pin                BYTEA,
	portal_password_hash        TEXT NOT NULL,
	device_admin_password       BYTEA,
	admin_password_delivered_at TIMESTAMPTZ,
	state                       TEXT NOT NULL,
	created_at                  TIMESTAMPTZ,
	updated_at                  TIMESTAMPTZ,
	UNIQUE (customer_id, id),
	FOREIGN KEY (customer_id, site_id) REFERENCES sites (customer_id, id)
);
CREATE UNIQUE INDEX workplaces_username ON workplaces (username) WHERE state <> 'deleted';
CREATE UNIQUE INDEX workplaces_extension ON workplaces (customer_id, extension)
	WHERE state <> 'deleted' AND extension <> '';
CREATE INDEX workplaces_site ON workplaces (site_id);

CREATE TABLE numbers (
	e164         TEXT PRIMARY KEY,
	customer_id  TEXT NOT NULL REFERENCES customers (id),
	workplace_id TEXT,
	created_at   TIMESTAMPTZ,
	FOREIGN KEY (customer_id, workplace_id) REFERENCES workplaces (customer_id, id)
);
CREATE INDEX numbers_customer ON numbers (customer_id, e164);
CREATE INDEX numbers_workplace ON numbers (workplace_id, e164);

CREATE TABLE devices (
	id                     TEXT PRIMARY KEY,
	customer_id            TEXT NOT NULL REFERENCES customers (id),
	workplace_id           TEXT,
	model                  TEXT NOT NULL,
	kind                   TEXT NOT NULL,
	description            TEXT NOT NULL,
	mac                    TEXT NOT NULL,
	mac_provisioning       TEXT NOT NULL,
	access_index           BYTEA,
	access_key             BYTEA,
	admin_password         BYTEA,
	admin_password_manual  BOOLEAN NOT NULL,
	web_user               TEXT NOT NULL,
	web_password           BYTEA,
	web_password_manual    BOOLEAN NOT NULL,
	base_id                TEXT,
	function_keys          TEXT NOT NULL,
	sip_username           TEXT NOT NULL,
	sip_auth_name          TEXT NOT NULL,
	sip_password           BYTEA,
	login_username         TEXT NOT NULL,
	login_password         BYTEA,
	login_used_at          TIMESTAMPTZ,
	login_used_by_mac      TEXT NOT NULL,
	pending_action         TEXT NOT NULL,
	last_access_at         TIMESTAMPTZ,
	last_access_ip         TEXT NOT NULL,
	last_access_user_agent TEXT NOT NULL,
	last_access_file       TEXT NOT NULL,
	created_at             TIMESTAMPTZ,
	updated_at             TIMESTAMPTZ,
	UNIQUE (customer_id, id),
	FOREIGN KEY (customer_id, workplace_id) REFERENCES workplaces (customer_id, id),
	FOREIGN KEY (customer_id, base_id) REFERENCES devices (customer_id, id)
);
CREATE UNIQUE INDEX devices_access_index ON devices (access_index);
CREATE UNIQUE INDEX devices_mac ON devices (mac) WHERE mac <> '';
CREATE UNIQUE INDEX devices_sip_username ON devices (sip_username) WHERE sip_username <> '';
CREATE INDEX devices_workplace ON devices (workplace_id, id);
CREATE INDEX devices_base ON devices (base_id, id);

CREATE TABLE orders (
	id           TEXT PRIMARY KEY,
	customer_id  TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	workplace_id TEXT NOT NULL,
	kind         TEXT NOT NULL,
	items        TEXT NOT NULL,
	state        TEXT NOT NULL,
	error        TEXT NOT NULL,
	created_at   TIMESTAMPTZ,
	updated_at   TIMESTAMPTZ
);
CREATE INDEX orders_customer ON orders (customer_id, id);

CREATE TABLE events (
	id          TEXT PRIMARY KEY,
	customer_id TEXT NOT NULL,
	kind        TEXT NOT NULL,
	actor       TEXT NOT NULL,
	actor_role  TEXT NOT NULL,
	action      TEXT NOT NULL,
	object      TEXT NOT NULL,
	detail      TEXT NOT NULL,
	ip          TEXT NOT NULL,
	at          TIMESTAMPTZ
);
CREATE INDEX events_customer ON events (customer_id, id);
CREATE INDEX events_kind ON events (kind, id);

CREATE TABLE tokens (
	id           TEXT PRIMARY KEY,
	role         TEXT NOT NULL,
	customer_id  TEXT REFERENCES customers (id) ON DELETE CASCADE,
	workplace_id TEXT NOT NULL,
	name         TEXT NOT NULL,
	secret_index BYTEA NOT NULL,
	created_at   TIMESTAMPTZ,
	expires_at   TIMESTAMPTZ
);
CREATE UNIQUE INDEX tokens_secret_index ON tokens (secret_index);
CREATE INDEX tokens_customer ON tokens (customer_id, id);
