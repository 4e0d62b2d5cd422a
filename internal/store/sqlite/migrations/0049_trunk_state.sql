-- Trunks (issue 16): the inbound addresses of every trunk as masked
-- prefixes ("192.0.2.7/32" for one address), so that the trunk of an
-- incoming call is found by an index search on the prefixes holding its
-- source address; and where each node's registration at each trunk
-- stands, so that every node shows the same.
CREATE TABLE trunk_addresses (
	prefix   TEXT NOT NULL,
	trunk_id TEXT NOT NULL REFERENCES trunks (id) ON DELETE CASCADE,
	PRIMARY KEY (prefix, trunk_id)
) STRICT;
CREATE INDEX trunk_addresses_trunk ON trunk_addresses (trunk_id);

-- Single addresses get their full length; prefixes are copied as the
-- administrator wrote them, in lower case (SQLite cannot mask or shorten
-- an address), so one written with host bits set (192.0.2.5/24) or an
-- IPv6 address written out in full is found only once its trunk is saved
-- again, which writes every prefix in the canonical form.
INSERT OR IGNORE INTO trunk_addresses (prefix, trunk_id)
	SELECT CASE WHEN instr(a.value, '/') > 0 THEN lower(a.value)
		WHEN instr(a.value, ':') > 0 THEN lower(a.value) || '/128'
		ELSE a.value || '/32' END, trunks.id
	FROM trunks, json_each(trunks.inbound_addresses) AS a;

CREATE TABLE trunk_registrations (
	trunk_id   TEXT NOT NULL REFERENCES trunks (id) ON DELETE CASCADE,
	node       TEXT NOT NULL,
	state      TEXT NOT NULL,
	expires_at TEXT,
	last_error TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (trunk_id, node)
) STRICT;
