import type { DealerDirectory, InboxItem, InboxReader } from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { authorize } from '../auth/authorize';
import { noSuchDealer, ownDealerOnly } from '../auth/ownDealerOnly';
import type { TokenTable } from '../auth/tokens';
import { portFailure } from './portFailure';

export const DEFAULT_INBOX_PAGE = 50;
export const MAX_INBOX_PAGE = 500;

const dealerParams = z.strictObject({ dealerId: z.string().min(1) });

/** Strict, as every list here: a misspelt parameter is refused rather than ignored. */
const inboxQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_INBOX_PAGE).default(DEFAULT_INBOX_PAGE).describe(`page size, at most ${MAX_INBOX_PAGE}`),
  before: z.string().min(1).optional().describe('the Next-Cursor of the previous page (older notifications)'),
});

const inboxItemSchema = z.object({
  notificationId: z.string(),
  dealerId: z.string(),
  audience: z.enum(['dealer', 'ops', 'finance']),
  outputType: z.string(),
  locale: z.enum(['en', 'zh-CN']),
  title: z.string(),
  body: z.string(),
  createdAt: z.string().describe('RFC 3339'),
}) satisfies z.ZodType<InboxItem>;

const inboxAnswerSchema = z.object({ items: z.array(inboxItemSchema).describe('newest first') });

export interface InboxRouteOptions {
  directory: DealerDirectory;
  inbox: InboxReader;
  tokens: TokenTable;
  logger: Logger;
}

/** A dealer's in-app notifications, as the notifier wrote them (already in the dealer's locale). */
export const inboxRoute: FastifyPluginAsyncZod<InboxRouteOptions> = async (app, { directory, inbox, tokens, logger }) => {
  const log = logger.child({ component: 'inbox' });

  app.get(
    '/v1/dealers/:dealerId/inbox',
    {
      onRequest: [authorize(tokens, ['admin', 'ops', 'dealer'], 'read the inbox'), ownDealerOnly],
      schema: { params: dealerParams, querystring: inboxQuerySchema, response: { 200: inboxAnswerSchema } },
    },
    async (request, reply) => {
      const { dealerId } = request.params;
      const { limit, before } = request.query;
      let page: Awaited<ReturnType<InboxReader['list']>>;
      let known: boolean;
      try {
        page = await inbox.list({ dealerId, audience: 'dealer', limit, ...(before === undefined ? {} : { before }) });
        // A dealer without master data is still told things in-app (in English), so an unknown
        // profile is "no such dealer" only when nothing was ever written to its inbox either.
        known = page.items.length > 0 || before !== undefined || (await directory.profile(dealerId)) !== undefined;
      } catch (error) {
        throw portFailure(error, log, { message: 'inbox read failed', cursorField: 'before' });
      }
      if (!known) throw noSuchDealer();
      if (page.nextCursor !== null) reply.header('next-cursor', page.nextCursor);
      return { items: page.items };
    },
  );
};
