-- Consumers of the logs meet them through ports (issue 19): the output source and the input feed
-- (packages/runtime/src/ports). Their PostgreSQL adapter keeps each consumer's position here; the notifier keeps
-- its own state, and the directory and the credit-hold list are read models of their own. Written and read with
-- raw SQL by packages/runtime and services/notifier, so these tables are not in schema.prisma.

-- CreateTable: where each consumer of a log stands: per partition (`output_log`, `input_log`), the next seq to read.
CREATE TABLE "consumer_position" (
    "consumer" TEXT NOT NULL,
    "partition_key" TEXT NOT NULL,
    "next_offset" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consumer_position_pkey" PRIMARY KEY ("consumer", "partition_key")
);

-- The notifier's and the board's checkpoints become positions (the next seq: one past the last one read).
INSERT INTO "consumer_position" ("consumer", "partition_key", "next_offset", "updated_at")
    SELECT 'notifier', 'output_log', "input_seq" + 1, "updated_at" FROM "worker_checkpoint" WHERE "worker" = 'notifier';
DELETE FROM "worker_checkpoint" WHERE "worker" = 'notifier';
INSERT INTO "consumer_position" ("consumer", "partition_key", "next_offset", "updated_at")
    SELECT 'board', "log", "seq" + 1, "updated_at" FROM "board_checkpoint";
DROP TABLE "board_checkpoint";

-- CreateTable: the notifier's planner state per dealer (near-tier notices given), until now rows of worker_state.
CREATE TABLE "notifier_dealer_state" (
    "dealer_id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifier_dealer_state_pkey" PRIMARY KEY ("dealer_id")
);

INSERT INTO "notifier_dealer_state" ("dealer_id", "state", "updated_at")
    SELECT "dealer_id", "state", "updated_at" FROM "worker_state" WHERE "worker" = 'notifier';
DELETE FROM "worker_state" WHERE "worker" = 'notifier';

-- CreateTable: the directory, master and reference data as the input topics last told them (dealer.upserted,
-- rebate.program.upserted, product.upserted): the last record of each key by its offset in the log, as a compacted
-- topic keeps it. Filled from the input log by its own consumer; an existing database fills it at the first read.
CREATE TABLE "directory_dealer" (
    "dealer_id" TEXT NOT NULL,
    "profile" TEXT NOT NULL,
    "source_offset" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "directory_dealer_pkey" PRIMARY KEY ("dealer_id")
);

CREATE TABLE "directory_program" (
    "program_id" TEXT NOT NULL,
    "dealer_id" TEXT NOT NULL,
    "program" TEXT NOT NULL,
    "source_offset" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "directory_program_pkey" PRIMARY KEY ("program_id")
);

CREATE TABLE "directory_product" (
    "sku" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "source_offset" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "directory_product_pkey" PRIMARY KEY ("sku")
);

-- CreateTable: credit holds as the credit topic tells them (placement, review, release), what finance reads before
-- deciding. `item` is the hold as the API hands it out; `placed_offset` the placement's position in its partition
-- (holds placed at the same instant are listed in publish order). Filled by its own consumer of the output source.
CREATE TABLE "credit_hold_view" (
    "hold_id" TEXT NOT NULL,
    "dealer_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "placed_at" TIMESTAMPTZ(3) NOT NULL,
    "placed_offset" BIGINT NOT NULL,
    "item" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_hold_view_pkey" PRIMARY KEY ("hold_id")
);

-- CreateIndex: a dealer's holds; the active ones.
CREATE INDEX "credit_hold_view_dealer_id_idx" ON "credit_hold_view"("dealer_id");
CREATE INDEX "credit_hold_view_status_idx" ON "credit_hold_view"("status");
