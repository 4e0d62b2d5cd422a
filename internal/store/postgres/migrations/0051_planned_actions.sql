-- The planned turns of a site's sync or reboot spread over a window
-- (issue 17 item 5): one per device, due at its time, taken by the node
-- whose worker comes first.
CREATE TABLE planned_actions (
	device_id TEXT PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
	action    TEXT NOT NULL,
	due       TIMESTAMPTZ NOT NULL
);
CREATE INDEX planned_actions_due ON planned_actions (due, device_id);
