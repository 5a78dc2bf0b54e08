-- Idle timeout for login sessions (issue 14/15): the time of the last request seen.
-- ADD COLUMN, not a table rebuild. Existing sessions count as seen now.
ALTER TABLE "Session" ADD COLUMN "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP;
