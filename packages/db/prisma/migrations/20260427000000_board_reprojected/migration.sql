-- The board (the dashboards' read model) is projected again from the logs by this release's code. Rows projected by
-- an older release keep the shape that release wrote: the audit's records without "creditLimit" and "effectiveAt"
-- (commit 8f85de6), holds whose review has no "score", which the API's response schemas now require. A read model
-- is disposable and the logs are the truth, so instead of patching each field in SQL the board is emptied and its
-- consumer's positions forgotten: at the next start the board projector reads input_log and output_log from the
-- first seq and writes every row as the current code does (docs/dashboards.md, "What an upgrade does to the
-- dashboards"). Until it has caught up, the dashboards show what it has projected so far.

-- Every table the board projector writes (packages/runtime/src/board/writeBoardChanges.ts, writeTiersAndAdjustments.ts).
DELETE FROM "board_dealer";
DELETE FROM "board_stock_alert";
DELETE FROM "board_delivery";
DELETE FROM "board_rebate_accrual";
DELETE FROM "board_rebate_statement";
DELETE FROM "board_cash_discount";
DELETE FROM "board_credit_decision";
DELETE FROM "board_tier_suggestion";
DELETE FROM "board_rebate_adjustment";

-- The credit-hold list (finance's queue and GET /v1/credit/holds) is a read model of the same kind, kept from the
-- output log by its own consumer and caught up at each read: rebuilt at its first read.
DELETE FROM "credit_hold_view";

-- Their positions on both logs: the next read starts at the first seq. No other consumer reads these rows.
DELETE FROM "consumer_position" WHERE "consumer" IN ('board', 'credit-holds');
