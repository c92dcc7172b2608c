-- CreateTable
CREATE TABLE "notification" (
    "notification_id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "dealer_id" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "not_before" TIMESTAMPTZ(3),
    "job" TEXT NOT NULL,
    "output_event_ids" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_pkey" PRIMARY KEY ("notification_id"),
    CONSTRAINT "notification_status_check" CHECK ("status" IN ('pending', 'held', 'delivered', 'failed'))
);

-- CreateTable
CREATE TABLE "notification_inbox" (
    "notification_id" TEXT NOT NULL,
    "dealer_id" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "output_type" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_inbox_pkey" PRIMARY KEY ("notification_id")
);

-- CreateTable
CREATE TABLE "notification_preferences" (
    "dealer_id" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("dealer_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notification_idempotency_key_key" ON "notification"("idempotency_key");

-- CreateIndex: the restart scan (pending/held rows) and the operators' dead-letter list (failed rows).
CREATE INDEX "notification_status_updated_at_idx" ON "notification"("status", "updated_at");

-- CreateIndex: a dealer's notifications, newest first.
CREATE INDEX "notification_dealer_id_created_at_idx" ON "notification"("dealer_id", "created_at");

-- CreateIndex: GET /v1/dealers/{id}/inbox reads newest first.
CREATE INDEX "notification_inbox_dealer_id_audience_created_at_idx" ON "notification_inbox"("dealer_id", "audience", "created_at");
