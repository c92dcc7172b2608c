import type { NotificationAdmin, NotificationSummary } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { authorize, principalOf } from '../auth/authorize';
import { describeRole } from '../auth/role';
import type { TokenTable } from '../auth/tokens';
import { ApiError } from '../http/ApiError';
import { parseJsonBody } from '../http/parseJsonBody';
import { portFailure } from './portFailure';

export const DEFAULT_NOTIFICATION_PAGE = 100;
export const MAX_NOTIFICATION_PAGE = 1000;

const notificationStatus = z.enum(['pending', 'held', 'delivered', 'failed']);

/** Strict: a misspelt `stauts=failed` would otherwise list every notification as if it were the dead letters. */
const listQuerySchema = z.strictObject({
  status: notificationStatus.optional().describe('"failed" is the dead-letter list operators retry from'),
  dealerId: z.string().min(1).optional().describe("only this dealer's notifications"),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_NOTIFICATION_PAGE)
    .default(DEFAULT_NOTIFICATION_PAGE)
    .describe(`page size, at most ${MAX_NOTIFICATION_PAGE}`),
  after: z.string().min(1).optional().describe('the Next-Cursor of the previous page'),
});

const summarySchema = z.object({
  notificationId: z.string(),
  dealerId: z.string(),
  audience: z.enum(['dealer', 'ops', 'finance']),
  channel: z.enum(['webhook', 'email', 'inApp']),
  status: notificationStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  outputType: z.string(),
  createdAt: z.string().describe('RFC 3339'),
  updatedAt: z.string().describe('RFC 3339'),
}) satisfies z.ZodType<NotificationSummary>;

const listAnswerSchema = z.object({ items: z.array(summarySchema).describe('oldest first') });

const retryParams = z.strictObject({ notificationId: z.string().min(1) });
const retryAnswerSchema = z.object({ notificationId: z.string(), status: z.literal('pending') });

export interface NotificationsRouteOptions {
  notifications: NotificationAdmin;
  tokens: TokenTable;
  logger: Logger;
}

/** The notifier's ledger for operators: what was sent, what is held, what failed, and retrying the failed. */
export const notificationsRoute: FastifyPluginAsyncZod<NotificationsRouteOptions> = async (app, { notifications, tokens, logger }) => {
  const log = logger.child({ component: 'notifications' });
  // The retry takes no body; clients that send a JSON Content-Type with nothing (or `{}`) are not refused for it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, async (_request: unknown, body: string | Buffer) =>
    parseJsonBody(body.toString()),
  );

  app.get(
    '/v1/notifications',
    {
      onRequest: authorize(tokens, ['admin', 'ops'], 'read notifications'),
      schema: { querystring: listQuerySchema, response: { 200: listAnswerSchema } },
    },
    async (request, reply) => {
      const { status, dealerId, limit, after } = request.query;
      let page: Awaited<ReturnType<NotificationAdmin['list']>>;
      try {
        page = await notifications.list({
          limit,
          ...(status === undefined ? {} : { status }),
          ...(dealerId === undefined ? {} : { dealerId }),
          ...(after === undefined ? {} : { after }),
        });
      } catch (error) {
        throw portFailure(error, log, { message: 'notifications read failed', cursorField: 'after' });
      }
      if (page.nextCursor !== null) reply.header('next-cursor', page.nextCursor);
      return { items: page.items };
    },
  );

  app.post(
    '/v1/notifications/:notificationId/retry',
    {
      onRequest: authorize(tokens, ['admin', 'ops'], 'retry notifications'),
      schema: { params: retryParams, response: { 202: retryAnswerSchema } },
    },
    async (request, reply) => {
      const { notificationId } = request.params;
      let outcome: Awaited<ReturnType<NotificationAdmin['retry']>>;
      try {
        outcome = await notifications.retry(notificationId);
      } catch (error) {
        throw portFailure(error, log, { message: 'notification retry failed' });
      }
      if (outcome === 'not_found') throw new ApiError(404, 'not_found', 'no such notification');
      if (outcome === 'not_failed') {
        throw new ApiError(
          409,
          'not_failed',
          `notification ${notificationId} is not failed: only a failed notification can be retried (see its status in GET /v1/notifications)`,
        );
      }
      const { role, name } = principalOf(request);
      log.info({ notificationId, by: describeRole(role), name }, 'notification retry requested');
      return reply.code(202).send({ notificationId, status: 'pending' as const });
    },
  );
};
