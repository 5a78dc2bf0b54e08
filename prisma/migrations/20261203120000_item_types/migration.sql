-- Item types beyond single/multiple answer (statement series, ordering, drop-downs) and case
-- studies; scores as a share of an item's points. Item gets its columns by ALTER TABLE (as
-- Prisma would after a table rebuild, which would drop Item's change-sequence triggers).

-- AlterTable
ALTER TABLE "Item" ADD COLUMN "correctOrder" TEXT;
ALTER TABLE "Item" ADD COLUMN "scoring" TEXT NOT NULL DEFAULT 'partial';
ALTER TABLE "Item" ADD COLUMN "caseStudyId" TEXT;

-- AlterTable
ALTER TABLE "ItemOption" ADD COLUMN "blank" TEXT;

-- AlterTable
ALTER TABLE "ReviewLog" ADD COLUMN "score" REAL;

-- AlterTable
ALTER TABLE "PracticeQuestion" ADD COLUMN "score" REAL;

-- AlterTable
ALTER TABLE "MockQuestion" ADD COLUMN "score" REAL;

-- AlterTable
ALTER TABLE "MockExam" ADD COLUMN "closedSections" TEXT;

-- CreateTable
CREATE TABLE "CaseStudy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "examId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "scenario" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "CaseStudy_examId_idx" ON "CaseStudy"("examId");
