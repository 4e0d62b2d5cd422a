-- The SIP registrar's bindings, written behind the registrations so a
-- restarted node keeps them and every node can answer status. One row per
-- device; data is the registrar's JSON (contacts, addresses, user agents:
-- no secrets). Times are Unix milliseconds. No foreign key: a binding may
-- outlive a deleted device until it expires.
CREATE TABLE sip_registrations (
	device_id  TEXT PRIMARY KEY,
	node       TEXT NOT NULL,
	data       BLOB NOT NULL,
	expires_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX sip_registrations_node ON sip_registrations (node, expires_at);
