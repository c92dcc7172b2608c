import type { EventLog, HealthProbe, OutputReader } from '@dealerflow/runtime';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { TokenTable } from './auth/tokens';
import { eventsRoute } from './events/eventsRoute';
import { healthRoute } from './health/healthRoute';
import { errorAnswer } from './http/errorAnswer';
import { outputsRoute } from './outputs/outputsRoute';

export const DEFAULT_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

export interface ApiDeps {
  eventLog: EventLog;
  outputs: OutputReader;
  health: HealthProbe;
  tokens: TokenTable;
  logger: Logger;
  /** Largest request body taken; a larger one is answered 413 before anything is appended. Default 10 MiB. */
  bodyLimitBytes?: number;
}

/** The HTTP API over the runtime's ports, ready to `listen` or `inject`; nothing is started here. */
export function createServer(deps: ApiDeps) {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }),
    bodyLimit: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);

  app.setErrorHandler((error, request, reply) => {
    const answer = errorAnswer(error);
    if (answer.statusCode >= 500 && answer.code === 'internal_error') {
      request.log.error({ err: error }, 'request failed');
    }
    return reply
      .code(answer.statusCode)
      .headers(answer.headers ?? {})
      .type('application/json')
      .send(answer.toBody());
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('application/json')
      .send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );

  const { eventLog, outputs, health, tokens, logger } = deps;
  app.register(healthRoute, { health, logger });
  app.register(eventsRoute, { eventLog, tokens, logger });
  app.register(outputsRoute, { outputs, tokens, logger });
  return app;
}

export type ApiServer = ReturnType<typeof createServer>;
