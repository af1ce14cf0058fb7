-- Network and municipal requests run as opora_aggregate. Besides the catalogue and the
-- aggregate tables, that role needs only what signing in and the viewer need: its own
-- identity and session, its own memberships (RLS: with no center set, only the user's own
-- rows are visible), and appending audit events outside any center (RLS: centerId IS NULL).
GRANT SELECT, UPDATE ON "User" TO opora_aggregate;
GRANT SELECT, INSERT, UPDATE ON "AuthSession" TO opora_aggregate;
GRANT SELECT ON "Membership" TO opora_aggregate;
GRANT INSERT ON "AuditEvent" TO opora_aggregate;
GRANT USAGE ON SEQUENCE "AuditEvent_id_seq" TO opora_aggregate;
GRANT SELECT, INSERT, UPDATE, DELETE ON "LoginThrottle" TO opora_aggregate;
