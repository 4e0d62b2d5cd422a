-- A device's last action and what became of it (switchboard.ActionRecord)
-- as JSON text; empty before its first action.
ALTER TABLE devices ADD COLUMN last_action TEXT NOT NULL DEFAULT '';
