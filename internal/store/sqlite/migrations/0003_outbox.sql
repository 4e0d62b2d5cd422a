-- The outbox: e-mail and SMS written in the transaction of the change they
-- tell about and delivered later. Bodies may carry one-time passwords and
-- are sealed (BLOB); recipients and subjects are not secret.
CREATE TABLE messages (
	id              TEXT PRIMARY KEY,
	customer_id     TEXT NOT NULL,
	kind            TEXT NOT NULL,
	channel         TEXT NOT NULL,
	recipient       TEXT NOT NULL,
	language        TEXT NOT NULL,
	subject         TEXT NOT NULL,
	body_text       BLOB,
	body_html       BLOB,
	msg_key         TEXT NOT NULL,
	attempts        INTEGER NOT NULL,
	next_attempt_at TEXT NOT NULL,
	state           TEXT NOT NULL,
	last_error      TEXT NOT NULL,
	created_at      TEXT NOT NULL,
	sent_at         TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX messages_key ON messages (msg_key);
CREATE INDEX messages_due ON messages (state, next_attempt_at);
CREATE INDEX messages_customer ON messages (customer_id, id);

-- The order worker's claim: an order in processing whose lease_until has
-- passed was left by a worker that died and is taken again.
ALTER TABLE orders ADD COLUMN lease_until TEXT NOT NULL DEFAULT '';
CREATE INDEX orders_queue ON orders (state, id);
