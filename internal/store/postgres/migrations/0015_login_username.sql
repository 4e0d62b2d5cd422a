-- The initial login is found by its username (the one-time password is
-- compared outside the database), so the username is indexed.
CREATE INDEX devices_login_username ON devices (login_username) WHERE login_username <> '';
