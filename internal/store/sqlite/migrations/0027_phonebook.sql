-- The company phonebook (issue 17): workplaces that stay out of it, and
-- the shared contacts an administrator adds (numbers as a JSON list).
ALTER TABLE workplaces ADD COLUMN phonebook_opt_out INTEGER NOT NULL DEFAULT 0;

CREATE TABLE contacts (
	id          TEXT PRIMARY KEY,
	customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
	name        TEXT NOT NULL,
	company     TEXT NOT NULL,
	label       TEXT NOT NULL,
	numbers     TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX contacts_customer ON contacts (customer_id, id);
