import type { EventLog, IngestItem, IngestResult } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { authorize } from '../auth/authorize';
import type { TokenTable } from '../auth/tokens';
import { ApiError } from '../http/ApiError';
import { isStoreUnavailable } from './isStoreUnavailable';
import { emptyBody, parseIngestJson, splitNdjson, type NdjsonLine } from './readIngestBody';

const NDJSON = 'application/x-ndjson';

/** Documents the JSON forms; what each envelope must hold is the runtime's to judge (it dead-letters). */
const ingestBodySchema = z
  .union([z.array(z.unknown()), z.record(z.string(), z.unknown())])
  .describe(
    'one event envelope, a JSON array of them, or (application/x-ndjson) one envelope per line; the server stamps each ' +
      'event with receivedAt, its time of ingest, and dead-letters one dated more than ingest.maxFutureSkewMinutes after it',
  );

const ingestAnswerSchema = z.object({
  accepted: z.number().int(),
  deadLettered: z.number().int(),
  duplicates: z.number().int(),
  reasons: z.array(
    z.object({
      index: z.number().int().describe('position of the item in the body, from 0'),
      line: z.number().int().optional().describe('NDJSON only: line number in the body, from 1'),
      reason: z.string(),
    }),
  ),
});

export interface EventsRouteOptions {
  eventLog: EventLog;
  tokens: TokenTable;
  logger: Logger;
}

export const eventsRoute: FastifyPluginAsyncZod<EventsRouteOptions> = async (app, { eventLog, tokens, logger }) => {
  const log = logger.child({ component: 'ingest' });
  // Only these two bodies are taken here; anything else is answered 415 by Fastify.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, async (_request: unknown, body: string | Buffer) =>
    parseIngestJson(body.toString()),
  );
  app.addContentTypeParser(NDJSON, { parseAs: 'string' }, async (_request: unknown, body: string | Buffer) =>
    splitNdjson(body.toString()),
  );

  app.post(
    '/v1/events',
    {
      onRequest: authorize(tokens, ['admin', 'ingest'], 'send events'),
      preValidation: async (request) => {
        // A POST without Content-Type and without a body is never parsed; say what is missing.
        if (request.body === undefined) throw emptyBody();
      },
      schema: { body: ingestBodySchema, response: { 202: ingestAnswerSchema } },
    },
    async (request, reply) => {
      const body = request.body;
      const isNdjson = mediaType(request.headers['content-type']) === NDJSON;
      const lines = isNdjson ? (body as NdjsonLine[]) : undefined;
      const items: IngestItem[] = lines
        ? lines.map(({ text }) => ({ text }))
        : Array.isArray(body)
          ? body.map((value) => ({ value }))
          : [{ value: body }];
      if (items.length === 0) throw emptyBody();

      let result: IngestResult;
      try {
        result = await eventLog.append(items);
      } catch (error) {
        // Only an unreachable database is worth sending again; anything else is a 500, logged by the error handler.
        if (!isStoreUnavailable(error)) throw error;
        log.error({ err: error, items: items.length }, 'ingest append failed');
        throw new ApiError(503, 'unavailable', 'the events could not be stored; nothing is lost by sending the same body again');
      }
      log.info(
        { items: items.length, accepted: result.accepted, duplicates: result.duplicates, deadLettered: result.deadLettered },
        'events ingested',
      );
      const reasons = result.reasons.map(({ index, reason }) => {
        const line = lines?.[index]?.line;
        return line === undefined ? { index, reason } : { index, line, reason };
      });
      return reply.code(202).send({
        accepted: result.accepted,
        deadLettered: result.deadLettered,
        duplicates: result.duplicates,
        reasons,
      });
    },
  );
};

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
