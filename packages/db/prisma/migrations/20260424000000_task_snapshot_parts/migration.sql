-- A task's snapshot in parts (issue 19): written and read with raw SQL by packages/runtime
-- (src/task/postgresTaskStore.ts), so this table is not in schema.prisma.

-- CreateTable: the worker states of a task's latest snapshot, a part per row (each deflated and base64-encoded, `z:`),
-- beside its row in `task_snapshot`, whose `state` keeps the rest (clocks, profiles, reference tables, marks). One text
-- could not hold a large task's state: at 1 000 dealers × 2 000 SKUs it was 480 MB of JSON after one simulated day, and
-- on the third it could not be made at all (V8 caps a string at about 512 Mi characters; docs/performance.md). A
-- snapshot replaces all of a task's parts in the transaction that writes its row; a row written before parts holds the
-- whole state and has none here.
CREATE TABLE "task_snapshot_part" (
    "task_id" TEXT NOT NULL,
    "part" INTEGER NOT NULL,
    "state" TEXT NOT NULL,

    CONSTRAINT "task_snapshot_part_pkey" PRIMARY KEY ("task_id", "part")
);
