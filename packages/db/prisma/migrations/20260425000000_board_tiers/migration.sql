-- Issue 21: the dashboards' read models of the 80/20 tier suggestions and of rebate adjustments.

-- CreateTable: per dealer, its latest dealer.tier.suggested and the latest month operations accepted
-- (dealer.tier.accepted); either may be projected first, so both columns are kept and the reader
-- lists a suggestion while its month is after the accepted one.
CREATE TABLE "board_tier_suggestion" (
    "dealer_id" TEXT NOT NULL,
    "month" TEXT,
    "suggested_tier" TEXT,
    "occurred_at" TIMESTAMPTZ(3),
    "output_seq" BIGINT,
    "item" TEXT,
    "accepted_month" TEXT,

    CONSTRAINT "board_tier_suggestion_pkey" PRIMARY KEY ("dealer_id")
);

-- CreateTable: every rebate.adjustment.issued.
CREATE TABLE "board_rebate_adjustment" (
    "event_id" TEXT NOT NULL,
    "dealer_id" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "output_seq" BIGINT NOT NULL,
    "item" TEXT NOT NULL,

    CONSTRAINT "board_rebate_adjustment_pkey" PRIMARY KEY ("event_id")
);

CREATE INDEX "board_tier_suggestion_order_idx" ON "board_tier_suggestion"("occurred_at" DESC, "output_seq" DESC);
CREATE INDEX "board_rebate_adjustment_order_idx" ON "board_rebate_adjustment"("occurred_at" DESC, "output_seq" DESC);
CREATE INDEX "board_rebate_adjustment_dealer_order_idx" ON "board_rebate_adjustment"("dealer_id", "occurred_at" DESC, "output_seq" DESC);
