import type { DealerBoard } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { authorize } from '../auth/authorize';
import type { TokenTable } from '../auth/tokens';
import { dealerFilter, pageQuery } from './pageQuery';
import { readBoard } from './readBoard';
import { cashDiscountSchema, creditDecisionSchema, pageOf, rebateStatementSchema } from './responseSchemas';

/** Strict, as every list here: a misspelt `stauts=withheld` would otherwise answer every statement. */
const statementsQuerySchema = z.strictObject({
  status: z.enum(['payable', 'withheld']).optional(),
  dealerId: dealerFilter,
  ...pageQuery,
});

const discountsQuerySchema = z.strictObject({ dealerId: dealerFilter, ...pageQuery });

const decisionsQuerySchema = z.strictObject({
  dealerId: dealerFilter,
  holdId: z.string().min(1).max(128).optional().describe('only the decisions naming this hold'),
  ...pageQuery,
});

export interface FinanceListsRouteOptions {
  board: DealerBoard;
  tokens: TokenTable;
  logger: Logger;
}

/** The lists behind the finance page, across dealers: statements, cash discounts, and the decisions' audit. */
export const financeListsRoute: FastifyPluginAsyncZod<FinanceListsRouteOptions> = async (app, { board, tokens, logger }) => {
  const log = logger.child({ component: 'board' });
  const finance = ['admin', 'finance'] as const;

  app.get(
    '/v1/rebates/statements',
    {
      onRequest: authorize(tokens, finance, 'list rebate statements'),
      schema: { querystring: statementsQuerySchema, response: { 200: pageOf(rebateStatementSchema, 'newest first') } },
    },
    async (request, reply) => {
      const { status, dealerId, limit, after } = request.query;
      const page = await readBoard(log, () =>
        board.rebateStatements({
          limit,
          ...(status === undefined ? {} : { status }),
          ...(dealerId === undefined ? {} : { dealerId }),
          ...(after === undefined ? {} : { after }),
        }),
      );
      if (page.nextCursor !== null) reply.header('next-cursor', page.nextCursor);
      return { items: page.items };
    },
  );

  app.get(
    '/v1/cash-discounts',
    {
      onRequest: authorize(tokens, finance, 'list cash discounts'),
      schema: { querystring: discountsQuerySchema, response: { 200: pageOf(cashDiscountSchema, 'newest first') } },
    },
    async (request, reply) => {
      const { dealerId, limit, after } = request.query;
      const page = await readBoard(log, () =>
        board.cashDiscounts({ limit, ...(dealerId === undefined ? {} : { dealerId }), ...(after === undefined ? {} : { after }) }),
      );
      if (page.nextCursor !== null) reply.header('next-cursor', page.nextCursor);
      return { items: page.items };
    },
  );

  app.get(
    '/v1/credit/decisions',
    {
      onRequest: authorize(tokens, finance, 'read the credit decisions'),
      schema: { querystring: decisionsQuerySchema, response: { 200: pageOf(creditDecisionSchema, 'newest first') } },
    },
    async (request, reply) => {
      const { dealerId, holdId, limit, after } = request.query;
      const page = await readBoard(log, () =>
        board.creditDecisions({
          limit,
          ...(dealerId === undefined ? {} : { dealerId }),
          ...(holdId === undefined ? {} : { holdId }),
          ...(after === undefined ? {} : { after }),
        }),
      );
      if (page.nextCursor !== null) reply.header('next-cursor', page.nextCursor);
      return { items: page.items };
    },
  );
};
