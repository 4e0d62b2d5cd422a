-- Writers of call events take this one row's lock before the sequence
-- gives a Seq, so Seqs become visible in order and a reader resuming after
-- the last Seq it saw misses none.
CREATE TABLE call_event_order (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  BIGINT NOT NULL
);
INSERT INTO call_event_order (id, n) VALUES (1, 0);
