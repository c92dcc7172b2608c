import type { EventLog } from '@dealerflow/runtime';
import type { onRequestAsyncHookHandler } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { principalOf } from '../auth/authorize';
import type { Principal } from '../auth/role';
import type { TokenTable } from '../auth/tokens';
import { ApiError } from '../http/ApiError';
import { parseJsonBody } from '../http/parseJsonBody';

/** What a plugin of recording routes is given besides its own ports. */
export interface RecordingRouteOptions {
  eventLog: EventLog;
  tokens: TokenTable;
  logger: Logger;
  /** The wall clock an input is stamped with. */
  now: () => Date;
}

/** The app a route plugin is given, with the zod type provider. */
type ZodApp = Parameters<FastifyPluginAsyncZod>[0];

/** What a route recording an input answers: the id of the event appended; a worker applies it later. */
const acceptedSchema = z.object({ eventId: z.string() });

/**
 * Lets the plugin's routes take `application/json` only, as `parseJsonBody` reads it (a blank body
 * is `undefined`, which a route needing a body refuses itself) instead of Fastify's own parser.
 */
export function takeJsonBodies(app: ZodApp): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, async (_request: unknown, body: string | Buffer) =>
    parseJsonBody(body.toString()),
  );
}

export interface RecordingPost<Params extends z.ZodType, Body extends z.ZodType> {
  onRequest: onRequestAsyncHookHandler;
  /** The path's parameters and the body, checked by the zod schemas before `record` sees them. */
  schema: { params: Params; body: Body };
  /** No body at all: a 400 `empty_body` with this hint of what to send, naming `field` as required. */
  emptyBody: { send: string; field: string };
  /** Appends the input, decided by `principal` at `at` (the wall clock), and returns its eventId. */
  record: (input: { params: z.output<Params>; body: z.output<Body>; principal: Principal; at: Date }) => Promise<string>;
}

/**
 * A POST that records one input for a worker to apply, as finance's and operations' decisions are
 * taken: authorized, a body required, then 202 with the eventId of what was appended.
 */
export function postRecording<Params extends z.ZodType, Body extends z.ZodType>(
  app: ZodApp,
  clock: () => Date,
  url: string,
  route: RecordingPost<Params, Body>,
): void {
  const { send, field } = route.emptyBody;
  app.post(
    url,
    {
      onRequest: route.onRequest,
      preValidation: async (request) => {
        if (request.body === undefined) throw new ApiError(400, 'empty_body', send, [{ field, message: 'required' }]);
      },
      schema: { ...route.schema, response: { 202: acceptedSchema } },
    },
    async (request, reply) => {
      const eventId = await route.record({
        params: request.params as z.output<Params>,
        body: request.body as z.output<Body>,
        principal: principalOf(request),
        at: clock(),
      });
      return reply.code(202).send({ eventId });
    },
  );
}
