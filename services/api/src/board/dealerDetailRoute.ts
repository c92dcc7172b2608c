import type { DealerBoard, OpenStockAlert } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { authorize, principalOf } from '../auth/authorize';
import { dealerMaySee } from '../auth/dealerOutputs';
import { noSuchDealer, ownDealerOnly } from '../auth/ownDealerOnly';
import type { TokenTable } from '../auth/tokens';
import { dealerParams, MAX_BOARD_PAGE, openDeliveriesFilter, pageQuery } from './pageQuery';
import { readBoard } from './readBoard';
import {
  cashDiscountSchema,
  deliveryExplanationSchema,
  exposurePointSchema,
  openStockAlertSchema,
  pageOf,
  rebateAdjustmentSchema,
  rebateProgressSchema,
  rebateStatementSchema,
  stockPositionSchema,
  timelineEntrySchema,
} from './responseSchemas';

const pageQuerySchema = z.strictObject(pageQuery);

/** The timeline pages forward from a cursor, or ends at an instant: "what did the system know then". */
const timelineQuerySchema = z
  .strictObject({
    ...pageQuery,
    until: z.iso.datetime({ offset: true, message: 'expected an RFC 3339 timestamp with offset, e.g. 2026-03-02T08:00:00Z' }).optional().describe('the page that ends at this instant (inclusive); Next-Cursor then pages backward (as before)'),
    before: z.string().min(1).max(512).optional().describe('the Next-Cursor of an until/before page: the page before it'),
  })
  .refine((query) => [query.after, query.before, query.until].filter((value) => value !== undefined).length <= 1, {
    message: 'give at most one of after, before and until',
    path: ['until'],
  });
const deliveriesQuerySchema = z.strictObject({ open: openDeliveriesFilter, ...pageQuery });
const limitOnlySchema = z.strictObject({ limit: pageQuery.limit });
const noQuerySchema = z.strictObject({});

const stockAnswerSchema = z.object({
  positions: z.array(stockPositionSchema).describe('every SKU the stock worker follows, lowest days of cover first'),
  alerts: z.array(openStockAlertSchema).describe('every open alert, most severe first, then newest'),
});

const rebatesAnswerSchema = z.object({
  progress: z.array(rebateProgressSchema).describe('latest accrual per program and period, current period first'),
  statements: z.array(rebateStatementSchema).describe('the newest `limit`, newest first'),
  discounts: z.array(cashDiscountSchema).describe('the newest `limit`, newest first'),
  adjustments: z.array(rebateAdjustmentSchema).describe('closed periods changed since their statement (issue 21): the newest `limit`, newest first'),
});

const exposureAnswerSchema = z.object({
  points: z.array(exposurePointSchema).describe('after each credit-relevant input, oldest first; the last `limit`'),
});

export interface DealerDetailRouteOptions {
  board: DealerBoard;
  tokens: TokenTable;
  logger: Logger;
}

/**
 * One dealer's page, piece by piece. Operations reads stock and deliveries, finance rebates,
 * both the exposure; the dealer reads all of its own (another dealer's: 404 before any read).
 */
export const dealerDetailRoute: FastifyPluginAsyncZod<DealerDetailRouteOptions> = async (app, { board, tokens, logger }) => {
  const log = logger.child({ component: 'board' });

  /** Reads `read` for a dealer the board knows; an unknown one is 404 whatever `read` answered. */
  async function ofKnownDealer<T>(dealerId: string, read: () => Promise<T>): Promise<T> {
    const [summary, answer] = await readBoard(log, () => Promise.all([board.dealer(dealerId), read()]));
    if (summary === undefined) throw noSuchDealer();
    return answer;
  }

  app.get(
    '/v1/dealers/:dealerId/timeline',
    {
      onRequest: [authorize(tokens, ['admin', 'ops', 'dealer'], "read a dealer's timeline"), ownDealerOnly],
      schema: {
        params: dealerParams,
        querystring: timelineQuerySchema,
        response: { 200: pageOf(timelineEntrySchema, 'inputs and outputs in event time (inputs first at one instant), oldest first') },
      },
    },
    async (request, reply) => {
      const { dealerId } = request.params;
      const { limit, after, before, until } = request.query;
      const position = after !== undefined ? { after } : before !== undefined ? { before } : until !== undefined ? { until } : {};
      const page = await ofKnownDealer(dealerId, () => board.timeline({ dealerId, limit, ...position }));
      if (page.nextCursor !== null) reply.header('next-cursor', page.nextCursor);
      // A dealer's own timeline leaves out the staff's working about it; a page may then hold fewer than `limit`.
      const items = principalOf(request).role.kind === 'dealer' ? page.items.filter(dealerMaySee) : page.items;
      return { items };
    },
  );

  app.get(
    '/v1/dealers/:dealerId/stock',
    {
      onRequest: [authorize(tokens, ['admin', 'ops', 'dealer'], "read a dealer's stock"), ownDealerOnly],
      schema: { params: dealerParams, querystring: noQuerySchema, response: { 200: stockAnswerSchema } },
    },
    async (request) => {
      const { dealerId } = request.params;
      return ofKnownDealer(dealerId, async () => {
        const [positions, alerts] = await Promise.all([board.stockPositions(dealerId), allOpenAlerts(board, dealerId)]);
        return { positions, alerts };
      });
    },
  );

  app.get(
    '/v1/dealers/:dealerId/deliveries',
    {
      onRequest: [authorize(tokens, ['admin', 'ops', 'dealer'], "read a dealer's deliveries"), ownDealerOnly],
      schema: {
        params: dealerParams,
        querystring: deliveriesQuerySchema,
        response: { 200: pageOf(deliveryExplanationSchema, "each late or partial order's latest explanation, newest first") },
      },
    },
    async (request, reply) => {
      const { dealerId } = request.params;
      const { open, limit, after } = request.query;
      const page = await ofKnownDealer(dealerId, () =>
        board.deliveries({ dealerId, limit, ...(open === undefined ? {} : { open }), ...(after === undefined ? {} : { after }) }),
      );
      if (page.nextCursor !== null) reply.header('next-cursor', page.nextCursor);
      return { items: page.items };
    },
  );

  app.get(
    '/v1/dealers/:dealerId/rebates',
    {
      onRequest: [authorize(tokens, ['admin', 'finance', 'dealer'], "read a dealer's rebates"), ownDealerOnly],
      schema: { params: dealerParams, querystring: limitOnlySchema, response: { 200: rebatesAnswerSchema } },
    },
    async (request) => {
      const { dealerId } = request.params;
      const { limit } = request.query;
      return ofKnownDealer(dealerId, async () => {
        const [progress, statements, discounts, adjustments] = await Promise.all([
          board.rebateProgress(dealerId),
          board.rebateStatements({ dealerId, limit }),
          board.cashDiscounts({ dealerId, limit }),
          board.rebateAdjustments({ dealerId, limit }),
        ]);
        return { progress, statements: statements.items, discounts: discounts.items, adjustments: adjustments.items };
      });
    },
  );

  app.get(
    '/v1/dealers/:dealerId/credit/exposure',
    {
      onRequest: [authorize(tokens, ['admin', 'finance', 'ops', 'dealer'], "read a dealer's credit exposure"), ownDealerOnly],
      schema: { params: dealerParams, querystring: limitOnlySchema, response: { 200: exposureAnswerSchema } },
    },
    async (request) => {
      const { dealerId } = request.params;
      const points = await ofKnownDealer(dealerId, () => board.exposureHistory(dealerId, request.query.limit));
      return { points };
    },
  );
};

/** A dealer has at most one open alert per SKU and kind, so its whole list is read, page by page. */
async function allOpenAlerts(board: DealerBoard, dealerId: string): Promise<OpenStockAlert[]> {
  const alerts: OpenStockAlert[] = [];
  let after: string | undefined;
  do {
    const page = await board.openAlerts({ dealerId, limit: MAX_BOARD_PAGE, ...(after === undefined ? {} : { after }) });
    alerts.push(...page.items);
    after = page.nextCursor ?? undefined;
  } while (after !== undefined);
  return alerts;
}
