-- The fraud procedure (seed 004): blocked lines, rotated SIP accounts (the
-- previous one kept, sealed, for the NOTIFY that moves the phone onto the
-- new one) and TopStop charge limits in minor units, 0 for none.
ALTER TABLE devices ADD COLUMN blocked_at TIMESTAMPTZ;
ALTER TABLE devices ADD COLUMN sip_rotated_at TIMESTAMPTZ;
ALTER TABLE devices ADD COLUMN sip_previous_username TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN sip_previous_auth_name TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN sip_previous_password BYTEA;
ALTER TABLE workplaces ADD COLUMN blocked_at TIMESTAMPTZ;
ALTER TABLE workplaces ADD COLUMN charge_limit BIGINT NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN charge_limit BIGINT NOT NULL DEFAULT 0;
ALTER TABLE numbers ADD COLUMN charge_limit BIGINT NOT NULL DEFAULT 0;
