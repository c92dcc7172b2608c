-- AlterTable: the output type a notification tells of (for outcomes and the operators' list), and how many times it
-- has failed (each failure, including after an operator's retry, is its own notification.failed output).
ALTER TABLE "notification" ADD COLUMN "output_type" TEXT NOT NULL DEFAULT '';
ALTER TABLE "notification" ADD COLUMN "failures" INTEGER NOT NULL DEFAULT 0;
