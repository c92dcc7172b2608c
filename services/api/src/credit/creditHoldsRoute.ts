import { creditHoldPlacedData, creditHoldReleasedData, creditReviewRequestedData, creditScore } from '@dealerflow/contracts';
import type { CreditHold, CreditHoldReader } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../auth/authorize';
import { decideOnHold, decisionBodySchema, readCreditHolds } from './decideOnHold';
import { postRecording, takeJsonBodies, type RecordingRouteOptions } from './recordingPost';

/** The response is built from the credit topic's own schemas, so it follows the contract as it changes. */
const creditHoldSchema = creditHoldPlacedData.extend({
  dealerId: z.string(),
  status: z.enum(['active', 'released']),
  placedAt: z.string().describe('RFC 3339, event time of the placement'),
  review: creditReviewRequestedData
    .pick({ paymentBehaviour: true, suggestedAction: true })
    .extend({ score: creditScore.nullable().describe('null for a review logged before the score existed') })
    .nullable(),
  release: creditHoldReleasedData.omit({ holdId: true }).extend({ releasedAt: z.string() }).nullable(),
}) satisfies z.ZodType<CreditHold>;

/** Strict: a misspelt `stauts=all` would otherwise quietly answer the active list. */
const listQuerySchema = z.strictObject({
  status: z.enum(['active', 'all']).default('active').describe('active (default): most urgent first; all: by placement'),
  dealerId: z.string().min(1).optional().describe("only this dealer's holds"),
});

const listAnswerSchema = z.object({ items: z.array(creditHoldSchema) });

const holdParams = z.strictObject({ holdId: z.string().min(1).max(128) });

export interface CreditHoldsRouteOptions extends RecordingRouteOptions {
  creditHolds: CreditHoldReader;
}

/** Finance's work list of holds, and its decisions on them, which go to the credit worker as input. */
export const creditHoldsRoute: FastifyPluginAsyncZod<CreditHoldsRouteOptions> = async (app, options) => {
  const { creditHolds, eventLog, tokens, logger, now } = options;
  const log = logger.child({ component: 'credit' });
  takeJsonBodies(app);

  const readHolds = <T>(read: () => Promise<T>) => readCreditHolds(log, read);

  app.get(
    '/v1/credit/holds',
    {
      onRequest: authorize(tokens, ['admin', 'finance', 'ops'], 'read credit holds'),
      schema: { querystring: listQuerySchema, response: { 200: listAnswerSchema } },
    },
    async (request) => {
      const { status, dealerId } = request.query;
      const items = await readHolds(() => creditHolds.list(dealerId === undefined ? { status } : { status, dealerId }));
      return { items };
    },
  );

  postRecording(app, now, '/v1/credit/holds/:holdId/decision', {
    onRequest: authorize(tokens, ['admin', 'finance'], 'decide on credit holds'),
    schema: { params: holdParams, body: decisionBodySchema },
    emptyBody: { send: 'send the decision: { "decision": "release" | "keep", "overrideUntil"?, "note"? }', field: 'decision' },
    record: ({ params, body, principal, at }) => decideOnHold({ creditHolds, eventLog, log, principal, now: at, holdId: params.holdId, body }),
  });
};
