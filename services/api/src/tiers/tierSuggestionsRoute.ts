import { dealerTierSuggestedData } from '@dealerflow/contracts';
import type { DealerBoard, TierSuggestion } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../auth/authorize';
import { dealerFilter, dealerParams, pageQuery } from '../board/pageQuery';
import { readBoard } from '../board/readBoard';
import { postRecording, takeJsonBodies, type RecordingRouteOptions } from '../credit/recordingPost';
import { acceptTierSuggestion, tierAcceptanceBodySchema } from './acceptTierSuggestion';

const listQuerySchema = z.strictObject({ dealerId: dealerFilter, ...pageQuery });
const tierSuggestionSchema = dealerTierSuggestedData.extend({
  dealerId: z.string(),
  occurredAt: z.string().describe('RFC 3339, event time of the dealer.tier.suggested'),
}) satisfies z.ZodType<TierSuggestion>;
const listSchema = z.object({ items: z.array(tierSuggestionSchema).describe('open suggestions, one per dealer at most, newest first') });

export interface TierSuggestionsRouteOptions extends RecordingRouteOptions {
  board: DealerBoard;
}

/** Operations list the open 80/20 tier suggestions and accept one (issue 21); ignoring one needs no call. */
export const tierSuggestionsRoute: FastifyPluginAsyncZod<TierSuggestionsRouteOptions> = async (app, options) => {
  const { board, eventLog, tokens, logger, now } = options;
  const log = logger.child({ component: 'tiers' });
  takeJsonBodies(app);

  app.get(
    '/v1/tier-suggestions',
    {
      onRequest: authorize(tokens, ['admin', 'ops'], 'list tier suggestions'),
      schema: { querystring: listQuerySchema, response: { 200: listSchema } },
    },
    async (request, reply) => {
      const { dealerId, limit, after } = request.query;
      const page = await readBoard(log, () =>
        board.tierSuggestions({ limit, ...(dealerId === undefined ? {} : { dealerId }), ...(after === undefined ? {} : { after }) }),
      );
      if (page.nextCursor !== null) reply.header('next-cursor', page.nextCursor);
      return { items: page.items };
    },
  );

  postRecording(app, now, '/v1/dealers/:dealerId/tier-suggestion/acceptance', {
    onRequest: authorize(tokens, ['admin', 'ops'], 'accept tier suggestions'),
    schema: { params: dealerParams, body: tierAcceptanceBodySchema },
    emptyBody: { send: 'send { "month": "YYYY-MM", "note"?: "…" }', field: 'month' },
    record: ({ params, body, principal, at }) => acceptTierSuggestion({ board, eventLog, log, principal, now: at, dealerId: params.dealerId, body }),
  });
};
