-- TopStop (issue 16, seed 004): the months' spending of customers,
-- workplaces and numbers (level, subject), with when each first reached
-- its limit that month; and the calls already charged, so a call is
-- charged once.
CREATE TABLE charge_sums (
	customer_id      TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	month            TEXT NOT NULL,
	level            TEXT NOT NULL,
	subject          TEXT NOT NULL,
	cents            INTEGER NOT NULL,
	calls            INTEGER NOT NULL,
	limit_reached_at TEXT,
	PRIMARY KEY (customer_id, month, level, subject)
) STRICT;

CREATE TABLE charged_calls (
	call_id     TEXT PRIMARY KEY,
	customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	month       TEXT NOT NULL,
	cents       INTEGER NOT NULL
) STRICT;
CREATE INDEX charged_calls_customer ON charged_calls (customer_id, month);
