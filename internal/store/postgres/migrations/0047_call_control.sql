-- Call control across nodes (issue 16): a node hands an action on a call
-- it does not carry to the other nodes; each answers once. Requests are
-- deleted, with their answers, a while after they expired.
CREATE TABLE call_control_requests (
	id           TEXT PRIMARY KEY,
	workplace_id TEXT NOT NULL,
	from_node    TEXT NOT NULL,
	to_node      TEXT NOT NULL,
	action       TEXT NOT NULL,
	args         TEXT NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL,
	expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX call_control_requests_expiry ON call_control_requests (expires_at);

CREATE TABLE call_control_answers (
	request_id    TEXT NOT NULL REFERENCES call_control_requests (id) ON DELETE CASCADE,
	node          TEXT NOT NULL,
	result        TEXT NOT NULL,
	error_code    TEXT NOT NULL,
	error_message TEXT NOT NULL,
	answered_at   TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (request_id, node)
);
