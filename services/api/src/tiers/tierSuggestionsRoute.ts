import { dealerTierSuggestedData } from '@dealerflow/contracts';
import type { DealerBoard, EventLog, TierSuggestion } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { authorize, principalOf } from '../auth/authorize';
import type { TokenTable } from '../auth/tokens';
import { dealerFilter, pageQuery } from '../board/pageQuery';
import { readBoard } from '../board/readBoard';
import { ApiError } from '../http/ApiError';
import { parseJsonBody } from '../http/parseJsonBody';
import { acceptTierSuggestion, tierAcceptanceBodySchema } from './acceptTierSuggestion';

const dealerParams = z.strictObject({ dealerId: z.string().min(1).max(64) });
const acceptedSchema = z.object({ eventId: z.string() });
const listQuerySchema = z.strictObject({ dealerId: dealerFilter, ...pageQuery });
const tierSuggestionSchema = dealerTierSuggestedData.extend({
  dealerId: z.string(),
  occurredAt: z.string().describe('RFC 3339, event time of the dealer.tier.suggested'),
}) satisfies z.ZodType<TierSuggestion>;
const listSchema = z.object({ items: z.array(tierSuggestionSchema).describe('open suggestions, one per dealer at most, newest first') });

export interface TierSuggestionsRouteOptions {
  board: DealerBoard;
  eventLog: EventLog;
  tokens: TokenTable;
  logger: Logger;
  /** The wall clock an acceptance is stamped with. */
  now: () => Date;
}

/** Operations list the open 80/20 tier suggestions and accept one (issue 21); ignoring one needs no call. */
export const tierSuggestionsRoute: FastifyPluginAsyncZod<TierSuggestionsRouteOptions> = async (app, options) => {
  const { board, eventLog, tokens, logger, now } = options;
  const log = logger.child({ component: 'tiers' });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, async (_request: unknown, body: string | Buffer) =>
    parseJsonBody(body.toString()),
  );

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

  app.post(
    '/v1/dealers/:dealerId/tier-suggestion/acceptance',
    {
      onRequest: authorize(tokens, ['admin', 'ops'], 'accept tier suggestions'),
      preValidation: async (request) => {
        if (request.body === undefined) {
          throw new ApiError(400, 'empty_body', 'send { "month": "YYYY-MM", "note"?: "…" }', [{ field: 'month', message: 'required' }]);
        }
      },
      schema: { params: dealerParams, body: tierAcceptanceBodySchema, response: { 202: acceptedSchema } },
    },
    async (request, reply) => {
      const eventId = await acceptTierSuggestion({
        board,
        eventLog,
        log,
        principal: principalOf(request),
        now: now(),
        dealerId: request.params.dealerId,
        body: request.body,
      });
      return reply.code(202).send({ eventId });
    },
  );
};
