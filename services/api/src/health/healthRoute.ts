import type { HealthProbe, RuntimeHealth } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ApiError } from '../http/ApiError';

const healthSchema = z.object({
  status: z.literal('ok'),
  watermark: z.string().nullable().describe('RFC 3339; null before the first event'),
  lag: z.record(z.string(), z.number().int()).describe('per worker: input events not yet applied'),
  lastDatabaseContact: z
    .string()
    .optional()
    .describe('RFC 3339: when the database last answered (a commit or the background refresh); 503 once it has not for 30 s'),
});

export interface HealthRouteOptions {
  health: HealthProbe;
  logger: Logger;
}

/**
 * Open to anyone, without a token: load balancers and orchestrators probe it. The runtime's probe
 * answers from memory (docs/api.md, "Health"), so this never waits for a busy database; 503 only
 * when the database has not answered for a while.
 */
export const healthRoute: FastifyPluginAsyncZod<HealthRouteOptions> = async (app, { health, logger }) => {
  const log = logger.child({ component: 'health' });

  app.get('/healthz', { schema: { response: { 200: healthSchema } } }, async () => {
    let figures: RuntimeHealth;
    try {
      figures = await health.check();
    } catch (error) {
      log.warn({ err: error }, 'health check failed');
      throw new ApiError(503, 'unavailable', 'the database cannot be reached');
    }
    return {
      status: 'ok' as const,
      watermark: figures.watermark,
      lag: figures.lag,
      ...(figures.lastDatabaseContact === undefined ? {} : { lastDatabaseContact: figures.lastDatabaseContact }),
    };
  });
};
