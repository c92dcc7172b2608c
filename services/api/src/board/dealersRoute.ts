import { dealerTier, stockAlertSeverity } from '@dealerflow/contracts';
import type { DealerBoard } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { authorize } from '../auth/authorize';
import { noSuchDealer, ownDealerOnly } from '../auth/ownDealerOnly';
import type { TokenTable } from '../auth/tokens';
import { dealerParams, pageQuery } from './pageQuery';
import { readBoard } from './readBoard';
import { dealerSummarySchema } from './responseSchemas';

/** Strict, as every list here: a misspelt `regoin=East` would otherwise answer every region. */
const listQuerySchema = z.strictObject({
  region: z.string().min(1).max(128).optional().describe('only dealers of this region (exact)'),
  tier: dealerTier.optional(),
  search: z.string().trim().min(1).max(128).optional().describe("case-insensitive part of the dealer's id or name"),
  minSeverity: stockAlertSeverity.optional().describe('only dealers with an open alert of this severity or worse'),
  onHold: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('true: only dealers with an active credit hold; false: only those without'),
  ...pageQuery,
});

const listAnswerSchema = z.object({
  items: z.array(dealerSummarySchema).describe('tier A first, then most critical open alerts (critical, then high), then dealerId'),
  total: z.number().int().describe('dealers matching the filter, all pages'),
});

export interface DealersRouteOptions {
  board: DealerBoard;
  tokens: TokenTable;
  logger: Logger;
}

/** The dealers operations and finance work through, and one dealer's summary. */
export const dealersRoute: FastifyPluginAsyncZod<DealersRouteOptions> = async (app, { board, tokens, logger }) => {
  const log = logger.child({ component: 'board' });

  app.get(
    '/v1/dealers',
    {
      onRequest: authorize(tokens, ['admin', 'ops', 'finance'], 'list dealers'),
      schema: { querystring: listQuerySchema, response: { 200: listAnswerSchema } },
    },
    async (request, reply) => {
      const { region, tier, search, minSeverity, onHold, limit, after } = request.query;
      const page = await readBoard(log, () =>
        board.listDealers({
          limit,
          ...(region === undefined ? {} : { region }),
          ...(tier === undefined ? {} : { tier }),
          ...(search === undefined ? {} : { search }),
          ...(minSeverity === undefined ? {} : { minSeverity }),
          ...(onHold === undefined ? {} : { onHold }),
          ...(after === undefined ? {} : { after }),
        }),
      );
      if (page.nextCursor !== null) reply.header('next-cursor', page.nextCursor);
      return { items: page.items, total: page.total };
    },
  );

  app.get(
    '/v1/dealers/:dealerId',
    {
      onRequest: [authorize(tokens, ['admin', 'ops', 'finance', 'dealer'], 'read dealers'), ownDealerOnly],
      schema: { params: dealerParams, response: { 200: dealerSummarySchema } },
    },
    async (request) => {
      const summary = await readBoard(log, () => board.dealer(request.params.dealerId));
      if (summary === undefined) throw noSuchDealer();
      return summary;
    },
  );
};
