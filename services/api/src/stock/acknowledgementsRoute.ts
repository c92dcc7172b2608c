import type { DealerDirectory, EventLog } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { authorize, principalOf } from '../auth/authorize';
import { ownDealerOnly } from '../auth/ownDealerOnly';
import type { TokenTable } from '../auth/tokens';
import { requireKnownDealer } from '../credit/requireKnownDealer';
import { ApiError } from '../http/ApiError';
import { parseJsonBody } from '../http/parseJsonBody';
import { acknowledgementBodySchema, recordAcknowledgement } from './recordAcknowledgement';

const dealerParams = z.strictObject({ dealerId: z.string().min(1).max(64) });
const acceptedSchema = z.object({ eventId: z.string() });

export interface AcknowledgementsRouteOptions {
  eventLog: EventLog;
  /** When given, a dealer it does not know is a 404 (nothing is stored). */
  directory?: DealerDirectory | undefined;
  tokens: TokenTable;
  logger: Logger;
  /** The wall clock an acknowledgement is stamped with. */
  now: () => Date;
}

/** A dealer (its own alerts) or operations acknowledges or snoozes a stock alert; the stock worker takes it. */
export const acknowledgementsRoute: FastifyPluginAsyncZod<AcknowledgementsRouteOptions> = async (app, options) => {
  const { eventLog, directory, tokens, logger, now } = options;
  const log = logger.child({ component: 'stock' });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, async (_request: unknown, body: string | Buffer) =>
    parseJsonBody(body.toString()),
  );

  app.post(
    '/v1/dealers/:dealerId/stock-alerts/acknowledgements',
    {
      onRequest: [authorize(tokens, ['admin', 'ops', 'dealer'], 'acknowledge stock alerts'), ownDealerOnly],
      preValidation: async (request) => {
        if (request.body === undefined) {
          throw new ApiError(400, 'empty_body', 'send { "alertId": "…", "action": "acknowledge" | "snooze", "snoozeUntil"?: "YYYY-MM-DD" }', [
            { field: 'alertId', message: 'required' },
          ]);
        }
      },
      schema: { params: dealerParams, body: acknowledgementBodySchema, response: { 202: acceptedSchema } },
    },
    async (request, reply) => {
      if (directory) await requireKnownDealer(directory, log, request.params.dealerId);
      const eventId = await recordAcknowledgement(eventLog, log, {
        dealerId: request.params.dealerId,
        principal: principalOf(request),
        body: request.body,
        now: now(),
      });
      return reply.code(202).send({ eventId });
    },
  );
};
