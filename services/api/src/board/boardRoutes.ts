import type { DealerBoard } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { TokenTable } from '../auth/tokens';
import { dealerDetailRoute } from './dealerDetailRoute';
import { dealersRoute } from './dealersRoute';
import { financeListsRoute } from './financeListsRoute';
import { opsListsRoute } from './opsListsRoute';

export interface BoardRoutesOptions {
  board: DealerBoard;
  tokens: TokenTable;
  logger: Logger;
}

/** The board's JSON routes (issue 9): what the dashboards show, for scripts and other tools. Read only. */
export const boardRoutes: FastifyPluginAsyncZod<BoardRoutesOptions> = async (app, options) => {
  await app.register(dealersRoute, options);
  await app.register(dealerDetailRoute, options);
  await app.register(opsListsRoute, options);
  await app.register(financeListsRoute, options);
};
