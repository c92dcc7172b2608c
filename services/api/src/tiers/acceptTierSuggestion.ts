import { randomUUID } from 'node:crypto';
import { dealerTierAcceptedData, type InputEventOf } from '@dealerflow/contracts';
import type { DealerBoard, TierSuggestion } from '@dealerflow/runtime';
import type { Logger } from 'pino';
import { z } from 'zod';
import { noSuchDealer } from '../auth/ownDealerOnly';
import { describeRole } from '../auth/role';
import { readBoard } from '../board/readBoard';
import { appendInput } from '../credit/appendInput';
import { decidedBy, DECISION_SOURCE, type DecisionContext } from '../credit/recordDecision';
import { ApiError } from '../http/ApiError';

/** What operations send: which suggestion (its month); the tier is the suggestion's, the token says who. */
export const tierAcceptanceBodySchema = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'expected a month YYYY-MM' })
    .describe('the month of the open suggestion accepted (its `month`), so a suggestion replaced meanwhile is not accepted by mistake'),
  note: z.string().trim().min(1).max(1000).optional().describe('why, for the record (e.g. from when master data will carry the tier)'),
});

export type TierAcceptanceBody = z.infer<typeof tierAcceptanceBodySchema>;

/**
 * Operations accept a dealer's open tier suggestion (issue 21): a `dealer.tier.accepted` with the
 * suggested tier, who accepted and when (the wall clock, `occurredAt`) goes to the input log, where the
 * rebate worker takes it like any other master-data input (docs/rebates.md). A dealer the board does
 * not know, or no open suggestion of that month (never made, accepted already, or replaced by a newer
 * one — the message names the open one), is a 404 and nothing is stored. Returns the event's id.
 */
export async function acceptTierSuggestion(input: DecisionContext & { board: DealerBoard; dealerId: string; body: TierAcceptanceBody }): Promise<string> {
  const { eventLog, log, principal, dealerId, body } = input;
  const suggestion = await openSuggestion(input.board, log, dealerId, body.month);
  const data = dealerTierAcceptedData.parse({
    tier: suggestion.suggestedTier,
    month: suggestion.month,
    acceptedBy: decidedBy(principal),
    ...(body.note === undefined ? {} : { note: body.note }),
  });
  const event: InputEventOf<'dealer.tier.accepted'> = {
    eventId: `tier-${randomUUID()}`,
    type: 'dealer.tier.accepted',
    schemaVersion: 1,
    occurredAt: input.now.toISOString(),
    dealerId,
    source: DECISION_SOURCE,
    data,
  };
  await appendInput(eventLog, log, event, { logged: 'tier acceptance', answered: 'acceptance' });
  log.info({ eventId: event.eventId, dealerId, month: data.month, tier: data.tier, by: describeRole(principal.role) }, 'tier suggestion accepted');
  return event.eventId;
}

async function openSuggestion(board: DealerBoard, log: Logger, dealerId: string, month: string): Promise<TierSuggestion> {
  const [dealer, open] = await readBoard(log, () => Promise.all([board.dealer(dealerId), board.tierSuggestions({ dealerId, limit: 1 })]));
  if (dealer === undefined) throw noSuchDealer();
  const suggestion = open.items[0];
  if (suggestion?.month === month) return suggestion;
  const why = suggestion === undefined ? 'it has none open' : `its open suggestion is of ${suggestion.month}`;
  throw new ApiError(404, 'not_found', `no open tier suggestion of ${month} for dealer ${dealerId}: ${why}`);
}
