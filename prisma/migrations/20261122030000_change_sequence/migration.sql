-- CreateTable
CREATE TABLE "SyncCounter" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "lastDeleteSeq" INTEGER NOT NULL DEFAULT 0
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Item" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "examId" TEXT NOT NULL,
    "domainId" TEXT NOT NULL,
    "objectiveId" TEXT,
    "type" TEXT NOT NULL,
    "choose" INTEGER NOT NULL,
    "difficulty" INTEGER NOT NULL,
    "stem" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "references" TEXT NOT NULL,
    "provenance" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "file" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "retired" BOOLEAN NOT NULL DEFAULT false,
    "rating" REAL NOT NULL,
    "ratingCount" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    "changeSeq" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Item_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Item_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Item_objectiveId_fkey" FOREIGN KEY ("objectiveId") REFERENCES "Objective" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Item" ("choose", "contentHash", "difficulty", "domainId", "examId", "explanation", "file", "id", "objectiveId", "provenance", "rating", "ratingCount", "references", "retired", "revision", "stem", "type", "updatedAt") SELECT "choose", "contentHash", "difficulty", "domainId", "examId", "explanation", "file", "id", "objectiveId", "provenance", "rating", "ratingCount", "references", "retired", "revision", "stem", "type", "updatedAt" FROM "Item";
DROP TABLE "Item";
ALTER TABLE "new_Item" RENAME TO "Item";
CREATE INDEX "Item_examId_domainId_retired_idx" ON "Item"("examId", "domainId", "retired");
CREATE INDEX "Item_changeSeq_idx" ON "Item"("changeSeq");
CREATE TABLE "new_Card" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "due" DATETIME NOT NULL,
    "stability" REAL NOT NULL,
    "difficulty" REAL NOT NULL,
    "scheduledDays" INTEGER NOT NULL,
    "learningSteps" INTEGER NOT NULL,
    "reps" INTEGER NOT NULL,
    "lapses" INTEGER NOT NULL,
    "state" INTEGER NOT NULL,
    "lastReview" DATETIME,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changeSeq" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Card_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Card_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Card" ("difficulty", "due", "id", "itemId", "lapses", "lastReview", "learningSteps", "reps", "scheduledDays", "stability", "state", "updatedAt", "userId") SELECT "difficulty", "due", "id", "itemId", "lapses", "lastReview", "learningSteps", "reps", "scheduledDays", "stability", "state", "updatedAt", "userId" FROM "Card";
DROP TABLE "Card";
ALTER TABLE "new_Card" RENAME TO "Card";
CREATE INDEX "Card_userId_due_idx" ON "Card"("userId", "due");
CREATE INDEX "Card_userId_changeSeq_idx" ON "Card"("userId", "changeSeq");
CREATE UNIQUE INDEX "Card_userId_itemId_key" ON "Card"("userId", "itemId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Change sequence (model SyncCounter in schema.prisma): every insert or update of an Item or Card
-- row takes the next number; a delete records its number in lastDeleteSeq. Only one transaction
-- writes at a time in SQLite, so the numbers follow commit order and a reader that has seen
-- seq = N has seen every change numbered up to N. Not in schema.prisma (Prisma does not model
-- triggers): a later migration that redefines Item or Card must create these again; a test
-- (app/server/change-sequence.server.test.ts) and the selector cache check that they exist.
INSERT INTO "SyncCounter" ("id", "seq", "lastDeleteSeq") VALUES (1, 0, 0);

CREATE TRIGGER "Item_changeSeq_insert" AFTER INSERT ON "Item"
BEGIN
    UPDATE "SyncCounter" SET "seq" = "seq" + 1 WHERE "id" = 1;
    UPDATE "Item" SET "changeSeq" = (SELECT "seq" FROM "SyncCounter" WHERE "id" = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER "Item_changeSeq_update" AFTER UPDATE ON "Item" WHEN NEW."changeSeq" IS OLD."changeSeq"
BEGIN
    UPDATE "SyncCounter" SET "seq" = "seq" + 1 WHERE "id" = 1;
    UPDATE "Item" SET "changeSeq" = (SELECT "seq" FROM "SyncCounter" WHERE "id" = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER "Item_changeSeq_delete" AFTER DELETE ON "Item"
BEGIN
    UPDATE "SyncCounter" SET "seq" = "seq" + 1, "lastDeleteSeq" = "seq" + 1 WHERE "id" = 1;
END;

CREATE TRIGGER "Card_changeSeq_insert" AFTER INSERT ON "Card"
BEGIN
    UPDATE "SyncCounter" SET "seq" = "seq" + 1 WHERE "id" = 1;
    UPDATE "Card" SET "changeSeq" = (SELECT "seq" FROM "SyncCounter" WHERE "id" = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER "Card_changeSeq_update" AFTER UPDATE ON "Card" WHEN NEW."changeSeq" IS OLD."changeSeq"
BEGIN
    UPDATE "SyncCounter" SET "seq" = "seq" + 1 WHERE "id" = 1;
    UPDATE "Card" SET "changeSeq" = (SELECT "seq" FROM "SyncCounter" WHERE "id" = 1) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER "Card_changeSeq_delete" AFTER DELETE ON "Card"
BEGIN
    UPDATE "SyncCounter" SET "seq" = "seq" + 1, "lastDeleteSeq" = "seq" + 1 WHERE "id" = 1;
END;
