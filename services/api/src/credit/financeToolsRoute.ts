import type { CreditHoldReader, DealerBoard, DealerDirectory } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../auth/authorize';
import { dealerParams } from '../board/pageQuery';
import { readBoard } from '../board/readBoard';
import { ApiError } from '../http/ApiError';
import { buildExport, exportsAvailable } from './financeExports';
import { postRecording, takeJsonBodies, type RecordingRouteOptions } from './recordingPost';
import { creditLimitBodySchema, setCreditLimit } from './setCreditLimit';

const noQuery = z.strictObject({});

const ageingFigures = {
  current: z.number().describe('not yet past due'),
  days1to30: z.number(),
  days31to60: z.number(),
  days61to90: z.number(),
  over90: z.number(),
  total: z.number(),
};
const ageingSchema = z.object({
  asOf: z.string().nullable().describe("the credit worker's watermark (RFC 3339) the invoices are aged at; null before its first batch"),
  dealers: z
    .array(z.object({ dealerId: z.string(), today: z.string().describe("the dealer's local day its invoices are aged on"), ...ageingFigures }))
    .describe('dealers with something open, most over 90 days first, then most open'),
  total: z.object(ageingFigures),
});
const openInvoicesSchema = z.object({
  today: z.string().nullable(),
  invoices: z.array(
    z.object({
      invoiceId: z.string(),
      orderId: z.string().nullable(),
      issueDate: z.string(),
      dueDate: z.string(),
      amount: z.number(),
      paid: z.number(),
      open: z.number(),
      daysPastDue: z.number().int().describe('0 or less while not yet due'),
      bucket: z.enum(['current', 'days1to30', 'days31to60', 'days61to90', 'over90']),
    }),
  ),
});

export interface FinanceToolsRouteOptions extends RecordingRouteOptions {
  board: DealerBoard;
  creditHolds?: CreditHoldReader | undefined;
  directory?: DealerDirectory | undefined;
}

/** Finance's tools beyond hold decisions (issue 20): ageing, a dealer's open invoices, setting a limit, CSV exports. */
export const financeToolsRoute: FastifyPluginAsyncZod<FinanceToolsRouteOptions> = async (app, options) => {
  const { board, creditHolds, directory, eventLog, tokens, logger, now } = options;
  const log = logger.child({ component: 'credit' });
  const finance = ['admin', 'finance'] as const;
  takeJsonBodies(app);

  app.get(
    '/v1/credit/ageing',
    { onRequest: authorize(tokens, finance, 'read the ageing'), schema: { querystring: noQuery, response: { 200: ageingSchema } } },
    async () => readBoard(log, () => board.ageing()),
  );

  app.get(
    '/v1/dealers/:dealerId/credit/invoices',
    {
      onRequest: authorize(tokens, finance, "read a dealer's open invoices"),
      schema: { params: dealerParams, querystring: noQuery, response: { 200: openInvoicesSchema } },
    },
    async (request) => {
      const { dealerId } = request.params;
      const [summary, invoices] = await readBoard(log, () => Promise.all([board.dealer(dealerId), board.openInvoices(dealerId)]));
      if (summary === undefined) throw new ApiError(404, 'not_found', `no such dealer: ${dealerId}`);
      return invoices;
    },
  );

  const names = exportsAvailable({ board, creditHolds, log });
  app.get(
    '/v1/credit/exports/:name',
    {
      onRequest: authorize(tokens, finance, 'export finance lists'),
      schema: {
        params: z.strictObject({ name: z.string().min(1).max(64).describe(`one of ${names.map((name) => `${name}.csv`).join(', ')}`) }),
        querystring: noQuery,
      },
    },
    async (request, reply) => {
      const name = names.find((candidate) => `${candidate}.csv` === request.params.name);
      if (name === undefined) throw new ApiError(404, 'not_found', `no such export: ${request.params.name} (${names.map((known) => `${known}.csv`).join(', ')})`);
      const text = await buildExport(name, { board, creditHolds, log });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="dealerflow-${name}.csv"`)
        .send(text);
    },
  );

  if (directory) {
    postRecording(app, now, '/v1/dealers/:dealerId/credit-limit', {
      onRequest: authorize(tokens, finance, 'set credit limits'),
      schema: { params: dealerParams, body: creditLimitBodySchema },
      emptyBody: { send: 'send { "creditLimit": <money>, "note": "<why>" }', field: 'creditLimit' },
      record: ({ params, body, principal, at }) => setCreditLimit({ directory, eventLog, log, principal, now: at, dealerId: params.dealerId, body }),
    });
  }
};
