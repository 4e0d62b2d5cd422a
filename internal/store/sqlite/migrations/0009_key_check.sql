-- The master keys the secrets are sealed with, one row each: the key's id,
-- an HMAC of a fixed label under the key (a node proves it holds the key
-- without the key being stored) and the installation's lookup key sealed
-- under it. A node holding none of them refuses to start; two rows mean a
-- rotation is under way.
CREATE TABLE key_checks (
	key_id     TEXT PRIMARY KEY,
	mac        BLOB NOT NULL,
	index_key  BLOB NOT NULL,
	created_at TEXT NOT NULL
) STRICT;
