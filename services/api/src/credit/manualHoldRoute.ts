import type { DealerDirectory, EventLog } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { authorize, principalOf } from '../auth/authorize';
import type { TokenTable } from '../auth/tokens';
import { ApiError } from '../http/ApiError';
import { parseJsonBody } from '../http/parseJsonBody';
import { manualHoldBodySchema, placeManualHold } from './placeManualHold';

const dealerParams = z.strictObject({ dealerId: z.string().min(1).max(64) });
const acceptedSchema = z.object({ eventId: z.string() });

export interface ManualHoldRouteOptions {
  directory: DealerDirectory;
  eventLog: EventLog;
  tokens: TokenTable;
  logger: Logger;
  /** The wall clock a decision is stamped with. */
  now: () => Date;
}

/** Finance puts a dealer on hold by hand; the credit worker places (or extends) the hold. */
export const manualHoldRoute: FastifyPluginAsyncZod<ManualHoldRouteOptions> = async (app, options) => {
  const { directory, eventLog, tokens, logger, now } = options;
  const log = logger.child({ component: 'credit' });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, async (_request: unknown, body: string | Buffer) =>
    parseJsonBody(body.toString()),
  );

  app.post(
    '/v1/dealers/:dealerId/credit-holds',
    {
      onRequest: authorize(tokens, ['admin', 'finance'], 'place credit holds'),
      preValidation: async (request) => {
        if (request.body === undefined) {
          throw new ApiError(400, 'empty_body', 'send { "note": "<why the dealer is put on hold>" }', [{ field: 'note', message: 'required' }]);
        }
      },
      schema: { params: dealerParams, body: manualHoldBodySchema, response: { 202: acceptedSchema } },
    },
    async (request, reply) => {
      const eventId = await placeManualHold({
        directory,
        eventLog,
        log,
        principal: principalOf(request),
        now: now(),
        dealerId: request.params.dealerId,
        note: request.body.note,
      });
      return reply.code(202).send({ eventId });
    },
  );
};
