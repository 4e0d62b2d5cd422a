-- A device's settings history names the audit event that changed its
-- profile: the newest event of one of the records the profile is built
-- from. Found by object, newest first, without reading the customer's
-- whole audit trail (a boot storm records thousands of first versions).
CREATE INDEX events_object_id ON events (object, id);
