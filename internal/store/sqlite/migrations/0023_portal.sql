-- The portal (issue 15): accounts of operators and company administrators,
-- with the keyed hash of an open one-time link and the sealed TOTP secret
-- of those who turned two-factor log-in on, and logged-in browsers.
-- Workplace users log in with their workplace and have no account row.
CREATE TABLE portal_accounts (
	id             TEXT PRIMARY KEY,
	username       TEXT NOT NULL,
	role           TEXT NOT NULL,
	customer_id    TEXT REFERENCES customers (id) ON DELETE CASCADE,
	password_hash  TEXT NOT NULL,
	language       TEXT NOT NULL,
	totp_secret    BLOB,
	invite_index   BLOB,
	invite_expires TEXT NOT NULL,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX portal_accounts_username ON portal_accounts (username);
CREATE UNIQUE INDEX portal_accounts_invite ON portal_accounts (invite_index);
CREATE TABLE portal_sessions (
	id           TEXT PRIMARY KEY,
	secret_index BLOB NOT NULL,
	account_id   TEXT REFERENCES portal_accounts (id) ON DELETE CASCADE,
	role         TEXT NOT NULL,
	customer_id  TEXT REFERENCES customers (id) ON DELETE CASCADE,
	workplace_id TEXT NOT NULL,
	language     TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	seen_at      TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX portal_sessions_secret ON portal_sessions (secret_index);
