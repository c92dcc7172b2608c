import {
  completePreferences,
  notificationPreferencesSchema,
  validatePreferences,
  type NotificationPreferences,
  type NotifyPolicy,
} from '@dealerflow/domain';
import type { DealerDirectory, PreferencesStore } from '@dealerflow/runtime';
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

export interface PreferencesRouteOptions {
  directory: DealerDirectory;
  preferences: PreferencesStore;
  policy: NotifyPolicy;
  tokens: TokenTable;
  logger: Logger;
}

const dealerParams = z.strictObject({ dealerId: z.string().min(1) });

const preferencesBodySchema = z
  .unknown()
  .describe('{ "channels": { "webhook" | "email" | "inApp": { "<output type>": true | false } } }; replaces the stored document');

const WHO = ['admin', 'ops', 'dealer'] as const;

/** GET and PUT a dealer's notification preferences; the rules are the domain's (`validatePreferences`). */
export const preferencesRoute: FastifyPluginAsyncZod<PreferencesRouteOptions> = async (app, options) => {
  const { directory, preferences, policy, tokens, logger } = options;
  const log = logger.child({ component: 'preferences' });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, async (_request: unknown, body: string | Buffer) =>
    parseJsonBody(body.toString()),
  );

  // Preferences are not kept for a dealer nobody has heard of: a mistyped id must not pass silently.
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
    '/v1/dealers/:dealerId/preferences',
    {
      onRequest: [authorize(tokens, WHO, 'read notification preferences'), ownDealerOnly],
      schema: { params: dealerParams, response: { 200: notificationPreferencesSchema } },
    },
    async (request) => {
      const { dealerId } = request.params;
      await requireKnownDealer(dealerId);
      let stored: NotificationPreferences | undefined;
      try {
        stored = await preferences.get(dealerId);
      } catch (error) {
        throw portFailure(error, log, { message: 'preferences read failed' });
      }
      return completePreferences(stored, policy);
    },
  );

  app.put(
    '/v1/dealers/:dealerId/preferences',
    {
      onRequest: [authorize(tokens, WHO, 'change notification preferences'), ownDealerOnly],
      preValidation: async (request) => {
        // Neither a missing nor a blank body is a document; say so rather than "required".
        if (request.body === undefined) {
          throw new ApiError(400, 'empty_body', 'send the preferences document: { "channels": { … } }');
        }
      },
      schema: { params: dealerParams, body: preferencesBodySchema, response: { 200: notificationPreferencesSchema } },
    },
    async (request) => {
      const { dealerId } = request.params;
      await requireKnownDealer(dealerId);
      const checked = validatePreferences(request.body, policy);
      if (!checked.ok) {
        const details = checked.errors.map((error) => ({ path: error.path, message: error.message }));
        throw new ApiError(400, 'invalid_request', `invalid preferences: ${details.map((d) => d.message).join('; ')}`, details);
      }
      try {
        await preferences.put(dealerId, checked.value);
      } catch (error) {
        throw portFailure(error, log, { message: 'preferences write failed' });
      }
      const { role, name } = principalOf(request);
      log.info({ dealerId, by: describeRole(role), name }, 'preferences replaced');
      return completePreferences(checked.value, policy);
    },
  );
};
