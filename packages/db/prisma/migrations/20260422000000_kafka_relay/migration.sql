-- Kafka mode (issue 19): how far each relay has published, written and read with raw SQL by packages/bus-kafka, so
-- this table is not in schema.prisma. `input`: the input log's `seq` up to which the ingest relay has sent events to
-- the input topics (one relay per database; a crash between a send and this row sends again, and tasks drop what
-- they already applied by the sequence header).
CREATE TABLE "relay_position" (
    "name" TEXT NOT NULL,
    "position" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "relay_position_pkey" PRIMARY KEY ("name")
);
