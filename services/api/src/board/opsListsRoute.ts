import { stockAlertSeverity } from '@dealerflow/contracts';
import type { DealerBoard } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { authorize } from '../auth/authorize';
import type { TokenTable } from '../auth/tokens';
import { dealerFilter, openDeliveriesFilter, pageQuery } from './pageQuery';
import { readBoard } from './readBoard';
import { deliveryExplanationSchema, openStockAlertSchema, pageOf } from './responseSchemas';

/** Strict: a misspelt `severity=critical` would otherwise answer every alert. */
const alertsQuerySchema = z.strictObject({
  minSeverity: stockAlertSeverity.optional().describe('only alerts of this severity or worse'),
  dealerId: dealerFilter,
  ...pageQuery,
});

const deliveriesQuerySchema = z.strictObject({ dealerId: dealerFilter, open: openDeliveriesFilter, ...pageQuery });

export interface OpsListsRouteOptions {
  board: DealerBoard;
  tokens: TokenTable;
  logger: Logger;
}

/** The lists behind the operations page, across dealers: open stock alerts and explained deliveries. */
export const opsListsRoute: FastifyPluginAsyncZod<OpsListsRouteOptions> = async (app, { board, tokens, logger }) => {
  const log = logger.child({ component: 'board' });

  app.get(
    '/v1/stock/alerts',
    {
      onRequest: authorize(tokens, ['admin', 'ops'], 'list stock alerts'),
      schema: { querystring: alertsQuerySchema, response: { 200: pageOf(openStockAlertSchema, 'most severe first, then newest') } },
    },
    async (request, reply) => {
      const { minSeverity, dealerId, limit, after } = request.query;
      const page = await readBoard(log, () =>
        board.openAlerts({
          limit,
          ...(minSeverity === undefined ? {} : { minSeverity }),
          ...(dealerId === undefined ? {} : { dealerId }),
          ...(after === undefined ? {} : { after }),
        }),
      );
      if (page.nextCursor !== null) reply.header('next-cursor', page.nextCursor);
      return { items: page.items };
    },
  );

  app.get(
    '/v1/deliveries',
    {
      onRequest: authorize(tokens, ['admin', 'ops'], 'list deliveries'),
      schema: {
        querystring: deliveriesQuerySchema,
        response: { 200: pageOf(deliveryExplanationSchema, "each late or partial order's latest explanation, newest first") },
      },
    },
    async (request, reply) => {
      const { dealerId, open, limit, after } = request.query;
      const page = await readBoard(log, () =>
        board.deliveries({
          limit,
          ...(dealerId === undefined ? {} : { dealerId }),
          ...(open === undefined ? {} : { open }),
          ...(after === undefined ? {} : { after }),
        }),
      );
      if (page.nextCursor !== null) reply.header('next-cursor', page.nextCursor);
      return { items: page.items };
    },
  );
};
