-- The audit trail people can read (issue #19, item 2).
-- * Where a request came from: the client address and user agent, recorded from now on
--   (earlier events keep NULL: not recorded, nothing invented).
-- * A list read is one event: the list's name, how many records it showed and their ids
--   (entityId stays NULL on such an event), so a person's page can still find every list
--   that showed them (GIN index on the ids).
ALTER TABLE "AuditEvent" ADD COLUMN "ip" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "userAgent" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "listName" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "recordCount" INTEGER;
ALTER TABLE "AuditEvent" ADD COLUMN "entityIds" TEXT[];

CREATE INDEX "AuditEvent_entityIds_idx" ON "AuditEvent" USING GIN ("entityIds");
