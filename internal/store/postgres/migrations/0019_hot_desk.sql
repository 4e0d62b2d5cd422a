-- Hot-desking (seed 003): the workplace logged in on a free device and
-- since when; the reason the device's last access was refused.
ALTER TABLE devices ADD COLUMN hot_desk_workplace_id TEXT REFERENCES workplaces (id);
ALTER TABLE devices ADD COLUMN hot_desk_since TIMESTAMPTZ;
ALTER TABLE devices ADD COLUMN last_access_refusal TEXT NOT NULL DEFAULT '';
CREATE INDEX devices_hot_desk ON devices (hot_desk_workplace_id) WHERE hot_desk_workplace_id IS NOT NULL;

-- The local time at which a site's hot-desk logins end, if any.
CREATE TABLE site_auto_logouts (
	site_id TEXT PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
	at      TEXT NOT NULL
);

-- Failed hot-desk PINs are counted per workplace from the events.
CREATE INDEX events_object_action ON events (object, action, at);
