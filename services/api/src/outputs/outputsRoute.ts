import { OUTPUT_TOPIC } from '@dealerflow/contracts';
import { InvalidCursorError, type OutputPage, type OutputReader } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { authorize, principalOf } from '../auth/authorize';
import { DEALER_OUTPUTS } from '../auth/dealerOutputs';
import type { TokenTable } from '../auth/tokens';
import { ApiError } from '../http/ApiError';

export const DEFAULT_OUTPUT_PAGE = 1000;
export const MAX_OUTPUT_PAGE = 10_000;

const outputTopics = [...new Set(Object.values(OUTPUT_TOPIC))] as [string, ...string[]];

/** Strict: a misspelt parameter (`dealer=`) would otherwise widen the answer to every dealer. */
const outputsQuerySchema = z.strictObject({
  topic: z.enum(outputTopics).optional().describe('only outputs published on this topic'),
  dealerId: z
    .string()
    .min(1)
    .optional()
    .describe("only this dealer's outputs; a dealer token is always held to its own, and to what is addressed to it"),
  after: z.string().min(1).optional().describe('the Next-Cursor of the previous page'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_OUTPUT_PAGE)
    .default(DEFAULT_OUTPUT_PAGE)
    .describe(`page size, at most ${MAX_OUTPUT_PAGE}`),
});

export interface OutputsRouteOptions {
  outputs: OutputReader;
  tokens: TokenTable;
  logger: Logger;
}

export const outputsRoute: FastifyPluginAsyncZod<OutputsRouteOptions> = async (app, { outputs, tokens, logger }) => {
  const log = logger.child({ component: 'outputs' });

  app.get(
    '/v1/outputs',
    {
      onRequest: authorize(tokens, ['admin', 'ops', 'finance', 'dealer'], 'read outputs'),
      schema: { querystring: outputsQuerySchema },
    },
    async (request, reply) => {
      const { topic, after, limit } = request.query;
      const { role } = principalOf(request);
      let dealerId = request.query.dealerId;
      if (role.kind === 'dealer') {
        // Same answer as for a dealer that does not exist: a dealer token learns nothing of others.
        if (dealerId !== undefined && dealerId !== role.dealerId) throw new ApiError(404, 'not_found', 'no such dealer');
        dealerId = role.dealerId;
      }

      // A dealer reads what is addressed to it, filtered by the reader so a page is as full as `limit` allows.
      const addressed = role.kind === 'dealer' ? DEALER_OUTPUTS : {};
      let page: OutputPage;
      try {
        page = await outputs.read({ topic, dealerId, after, limit, ...addressed });
      } catch (error) {
        if (error instanceof InvalidCursorError) {
          throw new ApiError(400, 'invalid_cursor', 'after: not a cursor this server issued', [
            { field: 'after', message: 'not a cursor this server issued; start again without after' },
          ]);
        }
        log.error({ err: error }, 'outputs read failed');
        throw new ApiError(503, 'unavailable', 'the outputs cannot be read right now; try again');
      }

      reply.code(200).header('content-type', 'application/x-ndjson; charset=utf-8');
      if (page.nextCursor !== null) reply.header('next-cursor', page.nextCursor);
      return reply.send(page.lines.length === 0 ? '' : `${page.lines.join('\n')}\n`);
    },
  );
};
