import {
  MAX_WEBHOOK_SECRET_OVERLAP_SECONDS,
  SecretsKeyMissingError,
  type DealerDirectory,
  type WebhookSecretAdmin,
  type WebhookSecretSummary,
} from '@dealerflow/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { authorize, principalOf } from '../auth/authorize';
import { noSuchDealer, ownDealerOnly } from '../auth/ownDealerOnly';
import { describeRole } from '../auth/role';
import type { TokenTable } from '../auth/tokens';
import { ApiError } from '../http/ApiError';
import { parseJsonBody } from '../http/parseJsonBody';
import { portFailure } from './portFailure';

export interface WebhookSecretRouteOptions {
  directory: DealerDirectory;
  webhookSecrets: WebhookSecretAdmin;
  tokens: TokenTable;
  logger: Logger;
}

const PATH = '/v1/dealers/:dealerId/webhook-secret';
const dealerParams = z.strictObject({ dealerId: z.string().min(1).max(64) });

const summarySchema = z.object({
  dealerId: z.string(),
  signedWith: z.enum(['own', 'default']).describe("own: the dealer's secret(s); default: DEALERFLOW_WEBHOOK_SECRET"),
  createdAt: z.string().nullable().describe('RFC 3339: when the current secret was made; null without one'),
  previous: z
    .array(
      z.object({
        createdAt: z.string().describe('RFC 3339'),
        retiredAt: z.string().describe('RFC 3339: the rotation that replaced it'),
        validUntil: z.string().describe('RFC 3339: it signs beside the current secret until then'),
      }),
    )
    .describe('replaced secrets that still sign every delivery, newest first'),
}) satisfies z.ZodType<WebhookSecretSummary>;

const rotatedSchema = summarySchema.extend({
  secret: z.string().describe('the new whsec_… secret: given this once, kept only sealed'),
  replaced: z.boolean().describe('true: a rotation (the previous secret signs until its validUntil); false: the first'),
});

const rotateOptionsSchema = z.strictObject({
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(MAX_WEBHOOK_SECRET_OVERLAP_SECONDS)
    .optional()
    .describe('how long the replaced secret keeps signing; default DEALERFLOW_WEBHOOK_SECRET_OVERLAP_SECONDS (a day); 0 after a leak'),
});

// No body (Fastify's null) or a blank one (parseJsonBody's undefined) rotates with the default overlap.
const rotateBodySchema = z
  .preprocess((body) => body ?? {}, rotateOptionsSchema)
  .describe('optional; without it the replaced secret signs for the default overlap');

const STAFF = ['admin', 'ops'] as const;

/**
 * A dealer's own webhook signing secret: operations create and rotate it (the new secret is answered once and
 * never again), anyone who may read the dealer's notifications sees when it was made and how long a replaced one
 * still signs. The store and the signing are the notifier's (`WebhookSecretAdmin`).
 */
export const webhookSecretRoute: FastifyPluginAsyncZod<WebhookSecretRouteOptions> = async (app, options) => {
  const { directory, webhookSecrets, tokens, logger } = options;
  const log = logger.child({ component: 'webhook-secrets' });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, async (_request: unknown, body: string | Buffer) =>
    parseJsonBody(body.toString()),
  );

  // A secret is not made for a dealer nobody has heard of: a mistyped id must not get a key that signs nothing.
  async function requireKnownDealer(dealerId: string): Promise<void> {
    let profile;
    try {
      profile = await directory.profile(dealerId);
    } catch (error) {
      throw portFailure(error, log, { message: 'dealer directory read failed' });
    }
    if (profile === undefined) throw noSuchDealer();
  }

  app.get(
    PATH,
    {
      onRequest: [authorize(tokens, [...STAFF, 'dealer'], 'read webhook secrets'), ownDealerOnly],
      schema: { params: dealerParams, response: { 200: summarySchema } },
    },
    async (request) => {
      const { dealerId } = request.params;
      await requireKnownDealer(dealerId);
      try {
        return await webhookSecrets.describe(dealerId);
      } catch (error) {
        throw portFailure(error, log, { message: 'webhook secret read failed' });
      }
    },
  );

  app.post(
    PATH,
    {
      onRequest: authorize(tokens, STAFF, 'create or rotate webhook secrets'),
      schema: { params: dealerParams, body: rotateBodySchema, response: { 201: rotatedSchema } },
    },
    async (request, reply) => {
      const { dealerId } = request.params;
      await requireKnownDealer(dealerId);
      const { overlapSeconds } = request.body;
      let rotated: Awaited<ReturnType<WebhookSecretAdmin['rotate']>>;
      try {
        rotated = await webhookSecrets.rotate(dealerId, overlapSeconds === undefined ? {} : { overlapSeconds });
      } catch (error) {
        if (error instanceof SecretsKeyMissingError) {
          throw new ApiError(409, 'secrets_key_missing', 'dealers cannot be given their own webhook secret: the server has no DEALERFLOW_SECRETS_KEY to keep it with');
        }
        throw portFailure(error, log, { message: 'webhook secret rotation failed' });
      }
      const { role, name } = principalOf(request);
      // Who and when, never the secret.
      log.info({ dealerId, replaced: rotated.replaced, overlapUntil: rotated.summary.previous[0]?.validUntil, by: describeRole(role), name }, rotated.replaced ? 'webhook secret rotated' : 'webhook secret created');
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ ...rotated.summary, secret: rotated.secret, replaced: rotated.replaced });
    },
  );

  app.delete(
    PATH,
    {
      onRequest: authorize(tokens, STAFF, 'remove webhook secrets'),
      schema: { params: dealerParams, response: { 204: z.null().describe('removed: signed with DEALERFLOW_WEBHOOK_SECRET from now on') } },
    },
    async (request, reply) => {
      const { dealerId } = request.params;
      await requireKnownDealer(dealerId);
      try {
        await webhookSecrets.remove(dealerId);
      } catch (error) {
        throw portFailure(error, log, { message: 'webhook secret removal failed' });
      }
      const { role, name } = principalOf(request);
      log.info({ dealerId, by: describeRole(role), name }, 'webhook secret removed');
      return reply.code(204).send(null);
    },
  );
};
