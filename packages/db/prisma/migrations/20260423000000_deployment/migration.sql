-- The deployment this database belongs to (issue 18): one row, made once by the first notifier that starts on it.
-- Its id is in every Redis key of the notifier's BullMQ queues (`<DEALERFLOW_QUEUE_PREFIX>:<deployment_id>:…`), so
-- a fresh database on a Redis that another database used never takes that database's jobs or de-duplication.
-- Read and written with raw SQL by services/notifier/src/queue/deploymentId.ts, so it is not in schema.prisma.
-- Deleting the row gives the database a new id at the next start (a copy run beside its original:
-- docs/notifier-channels.md).
CREATE TABLE "deployment" (
    "deployment_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deployment_pkey" PRIMARY KEY ("deployment_id")
);

-- CreateIndex: one row at most.
CREATE UNIQUE INDEX "deployment_one_row_key" ON "deployment" ((true));
