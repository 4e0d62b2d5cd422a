-- Trunks (issue 16): the inbound addresses of every trunk as masked
-- prefixes ("192.0.2.7/32" for one address), so that the trunk of an
-- incoming call is found by an index search on the prefixes holding its
-- source address; and where each node's registration at each trunk
-- stands, so that every node shows the same.
CREATE TABLE trunk_addresses (
	prefix   TEXT NOT NULL,
	trunk_id TEXT NOT NULL REFERENCES trunks (id) ON DELETE CASCADE,
	PRIMARY KEY (prefix, trunk_id)
);
CREATE INDEX trunk_addresses_trunk ON trunk_addresses (trunk_id);

INSERT INTO trunk_addresses (prefix, trunk_id)
	SELECT DISTINCT network(a::inet)::text, trunks.id
	FROM trunks, jsonb_array_elements_text(trunks.inbound_addresses::jsonb) AS a
	ON CONFLICT DO NOTHING;

CREATE TABLE trunk_registrations (
	trunk_id   TEXT NOT NULL REFERENCES trunks (id) ON DELETE CASCADE,
	node       TEXT NOT NULL,
	state      TEXT NOT NULL,
	expires_at TIMESTAMPTZ,
	last_error TEXT NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (trunk_id, node)
);
