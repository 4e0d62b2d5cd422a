-- Accounts at the vendors' redirect services (switchboard.RedirectAccount):
-- an operator account has no customer. Settings are JSON text, the
-- credentials a sealed JSON object. One account per owner and service.
CREATE TABLE redirect_accounts (
	id          TEXT PRIMARY KEY,
	customer_id TEXT REFERENCES customers (id),
	service     TEXT NOT NULL,
	name        TEXT NOT NULL,
	url         TEXT NOT NULL,
	settings    TEXT NOT NULL,
	credentials BYTEA,
	created_at  TIMESTAMPTZ,
	updated_at  TIMESTAMPTZ
);
CREATE UNIQUE INDEX redirect_accounts_service ON redirect_accounts (coalesce(customer_id, ''), service);

-- A device's label code (Gigaset MAC-ID code, Grandstream serial number)
-- and the outcome of its last redirect call (switchboard.RedirectStatus)
-- as JSON text, empty before the first.
ALTER TABLE devices ADD COLUMN label_code TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN redirect TEXT NOT NULL DEFAULT '';

-- Redirect calls wait in the outbox with the account's id as subject; a
-- deletion of the account looks for them.
CREATE INDEX messages_redirect ON messages (channel, subject, state);
-- A claim holds a device's redirect call back while an older one of the
-- same device is pending; this finds the older ones.
CREATE INDEX messages_turn ON messages (channel, recipient, state, created_at);
