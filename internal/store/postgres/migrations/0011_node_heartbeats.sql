-- Each node's heartbeat (see switchboard.NodeTx): the run it is in and when
-- it last showed it is alive. Orders and outbox messages record which
-- node's run claimed them, so a claim of a node that is gone, or of a run
-- that crashed, is taken again without waiting for its lease.
CREATE TABLE node_heartbeats (
	node    TEXT PRIMARY KEY,
	run     TEXT NOT NULL,
	seen_at TIMESTAMPTZ NOT NULL
);
ALTER TABLE orders ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN claim_run TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN claim_run TEXT NOT NULL DEFAULT '';
-- Only claims in flight carry a claimant (an outcome ends the claim), so a
-- dispatcher finds the ones to take over without reading the whole outbox.
CREATE INDEX messages_claims ON messages (claimed_by) WHERE claimed_by <> '';
