-- The audit's decision records (board_credit_decision.item) carry a keep's last day, "keepUntil", from this
-- release on. Records projected before it are given theirs from the decision they copy (input_log), null for
-- every other decision, so every record has the field (GET /v1/credit/decisions requires it).
-- Plain text work, no json or jsonb: both refuse a text holding \u0000, which a note may. In JSON text written by
-- JSON.stringify, '"keepUntil":' can only be a key (inside a string its quotes would be escaped).
UPDATE "board_credit_decision" AS d
   SET "item" = left(d."item", -1) || ',"keepUntil":'
                || coalesce('"' || substring(i."body" from '"keepUntil":"([0-9]{4}-[0-9]{2}-[0-9]{2})"') || '"', 'null') || '}'
  FROM "input_log" AS i
 WHERE i."event_id" = d."event_id" AND strpos(d."item", '"keepUntil":') = 0;

-- A record whose input is not in the log (none is expected): no last day known.
UPDATE "board_credit_decision"
   SET "item" = left("item", -1) || ',"keepUntil":null}'
 WHERE strpos("item", '"keepUntil":') = 0;
