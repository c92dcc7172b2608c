-- The dashboards' read models (issue 9): kept by the board projector from output_log and input_log, each row
-- written in the same transaction as the projector's checkpoints. `item` columns hold the JSON the reader hands
-- out as is; the other columns are what the pages filter and sort on.

-- CreateTable: one row per dealer named by a dealer.upserted (profile) or by an output (counts, credit).
CREATE TABLE "board_dealer" (
    "dealer_id" TEXT NOT NULL,
    "name" TEXT,
    "tier" TEXT,
    "region" TEXT,
    "locale" TEXT,
    "credit_limit" DOUBLE PRECISION,
    "tier_rank" SMALLINT NOT NULL DEFAULT 1,
    "open_critical" INTEGER NOT NULL DEFAULT 0,
    "open_high" INTEGER NOT NULL DEFAULT 0,
    "open_medium" INTEGER NOT NULL DEFAULT 0,
    "open_low" INTEGER NOT NULL DEFAULT 0,
    "late_deliveries" INTEGER NOT NULL DEFAULT 0,
    "credit_status" TEXT NOT NULL DEFAULT 'ok',
    "hold_id" TEXT,
    "exposure" DOUBLE PRECISION,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "board_dealer_pkey" PRIMARY KEY ("dealer_id"),
    CONSTRAINT "board_dealer_credit_status_check" CHECK ("credit_status" IN ('ok', 'warning', 'on_hold'))
);

-- CreateTable: stock alerts raised and not resolved (a resolution deletes the row).
CREATE TABLE "board_stock_alert" (
    "alert_id" TEXT NOT NULL,
    "dealer_id" TEXT NOT NULL,
    "severity_rank" SMALLINT NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "output_seq" BIGINT NOT NULL,
    "item" TEXT NOT NULL,

    CONSTRAINT "board_stock_alert_pkey" PRIMARY KEY ("alert_id")
);

-- CreateTable: the latest delivery.late / delivery.partial of each order.
CREATE TABLE "board_delivery" (
    "dealer_id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "is_open" BOOLEAN NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "output_seq" BIGINT NOT NULL,
    "item" TEXT NOT NULL,

    CONSTRAINT "board_delivery_pkey" PRIMARY KEY ("dealer_id", "order_id")
);

-- CreateTable: the latest rebate.accrued per dealer, program, period (and order, for per-order programs; '' otherwise).
CREATE TABLE "board_rebate_accrual" (
    "dealer_id" TEXT NOT NULL,
    "program_id" TEXT NOT NULL,
    "period_start" TEXT NOT NULL,
    "order_id" TEXT NOT NULL DEFAULT '',
    "output_seq" BIGINT NOT NULL,
    "item" TEXT NOT NULL,

    CONSTRAINT "board_rebate_accrual_pkey" PRIMARY KEY ("dealer_id", "program_id", "period_start", "order_id")
);

-- CreateTable: every rebate.statement.issued.
CREATE TABLE "board_rebate_statement" (
    "event_id" TEXT NOT NULL,
    "dealer_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "output_seq" BIGINT NOT NULL,
    "item" TEXT NOT NULL,

    CONSTRAINT "board_rebate_statement_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable: every cash.discount.earned.
CREATE TABLE "board_cash_discount" (
    "event_id" TEXT NOT NULL,
    "dealer_id" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "output_seq" BIGINT NOT NULL,
    "item" TEXT NOT NULL,

    CONSTRAINT "board_cash_discount_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable: every finance decision (credit.decision.recorded in input_log), the audit list.
CREATE TABLE "board_credit_decision" (
    "event_id" TEXT NOT NULL,
    "dealer_id" TEXT NOT NULL,
    "hold_id" TEXT,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,
    "input_seq" BIGINT NOT NULL,
    "item" TEXT NOT NULL,

    CONSTRAINT "board_credit_decision_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable: how far the projector has read each log ('output_log', 'input_log').
CREATE TABLE "board_checkpoint" (
    "log" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "board_checkpoint_pkey" PRIMARY KEY ("log")
);

-- CreateIndex: the dealer list's order (tier A first, most critical, most high, dealerId) and its filters.
CREATE INDEX "board_dealer_order_idx" ON "board_dealer"("tier_rank", "open_critical" DESC, "open_high" DESC, "dealer_id");
CREATE INDEX "board_dealer_region_idx" ON "board_dealer"("region");
CREATE INDEX "board_dealer_tier_idx" ON "board_dealer"("tier");
CREATE INDEX "board_dealer_credit_status_idx" ON "board_dealer"("credit_status");

-- CreateIndex: open alerts most severe first, then newest; overall and per dealer.
CREATE INDEX "board_stock_alert_order_idx" ON "board_stock_alert"("severity_rank", "raised_at" DESC, "alert_id");
CREATE INDEX "board_stock_alert_dealer_order_idx" ON "board_stock_alert"("dealer_id", "severity_rank", "raised_at" DESC, "alert_id");

-- CreateIndex: deliveries newest first; overall, per dealer, open ones per dealer (the count).
CREATE INDEX "board_delivery_order_idx" ON "board_delivery"("occurred_at" DESC, "output_seq" DESC);
CREATE INDEX "board_delivery_dealer_order_idx" ON "board_delivery"("dealer_id", "occurred_at" DESC, "output_seq" DESC);

-- CreateIndex: statements, discounts and decisions newest first; overall, per dealer, by status, by hold.
CREATE INDEX "board_rebate_statement_order_idx" ON "board_rebate_statement"("occurred_at" DESC, "output_seq" DESC);
CREATE INDEX "board_rebate_statement_dealer_order_idx" ON "board_rebate_statement"("dealer_id", "occurred_at" DESC, "output_seq" DESC);
CREATE INDEX "board_rebate_statement_status_order_idx" ON "board_rebate_statement"("status", "occurred_at" DESC, "output_seq" DESC);
CREATE INDEX "board_cash_discount_order_idx" ON "board_cash_discount"("occurred_at" DESC, "output_seq" DESC);
CREATE INDEX "board_cash_discount_dealer_order_idx" ON "board_cash_discount"("dealer_id", "occurred_at" DESC, "output_seq" DESC);
CREATE INDEX "board_credit_decision_order_idx" ON "board_credit_decision"("decided_at" DESC, "input_seq" DESC);
CREATE INDEX "board_credit_decision_dealer_order_idx" ON "board_credit_decision"("dealer_id", "decided_at" DESC, "input_seq" DESC);
CREATE INDEX "board_credit_decision_hold_idx" ON "board_credit_decision"("hold_id");

-- CreateIndex: a dealer's timeline (its inputs and outputs in event time, then log order).
CREATE INDEX "input_log_dealer_id_occurred_at_seq_idx" ON "input_log"("dealer_id", "occurred_at", "seq");
CREATE INDEX "output_log_dealer_id_occurred_at_seq_idx" ON "output_log"("dealer_id", "occurred_at", "seq");

-- CreateIndex: the projector reads only two input types from its checkpoint on; the exposure chart a dealer's credit inputs.
CREATE INDEX "input_log_type_seq_idx" ON "input_log"("type", "seq");
