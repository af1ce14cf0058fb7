-- Issue #17, item 4: how many days what a staff member's phone keeps for offline work
-- (their open cases, today's and tomorrow's work, queued writes) stays on the device before
-- it is dropped. Set by the center's manager; 7 by default.
ALTER TABLE "Center" ADD COLUMN "offlineDays" INTEGER NOT NULL DEFAULT 7;
ALTER TABLE "Center" ADD CONSTRAINT "Center_offlineDays_range" CHECK ("offlineDays" BETWEEN 1 AND 30);
