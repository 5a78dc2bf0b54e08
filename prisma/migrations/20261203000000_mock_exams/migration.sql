-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MockExam" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "examId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'full',
    "domains" TEXT,
    "seed" INTEGER NOT NULL DEFAULT 0,
    "durationMinutes" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadline" DATETIME NOT NULL,
    "submittedAt" DATETIME,
    "recordedAt" DATETIME,
    "result" TEXT,
    CONSTRAINT "MockExam_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MockExam_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_MockExam" ("deadline", "durationMinutes", "examId", "id", "result", "startedAt", "submittedAt", "userId") SELECT "deadline", "durationMinutes", "examId", "id", "result", "startedAt", "submittedAt", "userId" FROM "MockExam";
DROP TABLE "MockExam";
ALTER TABLE "new_MockExam" RENAME TO "MockExam";
CREATE INDEX "MockExam_userId_examId_startedAt_idx" ON "MockExam"("userId", "examId", "startedAt");
CREATE TABLE "new_MockQuestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mockId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "domainKey" TEXT NOT NULL DEFAULT '',
    "snapshot" TEXT NOT NULL DEFAULT '{}',
    "optionOrder" TEXT NOT NULL,
    "selected" TEXT,
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "correct" BOOLEAN,
    "answeredAt" DATETIME,
    CONSTRAINT "MockQuestion_mockId_fkey" FOREIGN KEY ("mockId") REFERENCES "MockExam" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MockQuestion_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_MockQuestion" ("answeredAt", "correct", "flagged", "id", "itemId", "mockId", "optionOrder", "position", "selected") SELECT "answeredAt", "correct", "flagged", "id", "itemId", "mockId", "optionOrder", "position", "selected" FROM "MockQuestion";
DROP TABLE "MockQuestion";
ALTER TABLE "new_MockQuestion" RENAME TO "MockQuestion";
CREATE INDEX "MockQuestion_itemId_idx" ON "MockQuestion"("itemId");
CREATE UNIQUE INDEX "MockQuestion_mockId_position_key" ON "MockQuestion"("mockId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

