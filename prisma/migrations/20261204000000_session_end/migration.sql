-- Ending a practice session early: how many unanswered questions went back to the pool.
ALTER TABLE "PracticeSession" ADD COLUMN "dropped" INTEGER NOT NULL DEFAULT 0;
