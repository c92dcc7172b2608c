import type { DealerBoard, EventLog } from '@dealerflow/runtime';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { acceptTierSuggestion, tierAcceptanceBodySchema } from '../../tiers/acceptTierSuggestion';
import { PageError } from '../html/PageError';
import { redirectWithFlash } from '../session/flash';
import { field, type FormBody } from '../session/formBody';
import type { PageAuth } from '../session/pageAuth';
import { csrfProtected, requirePage, sameOriginOnly, sessionOf } from '../session/pageGuard';
import { dealerPath } from './opsPage';
import { TIER_ACCEPT_RETURN } from './tierSuggestionsPanel';

export interface TierAcceptRouteOptions {
  board: DealerBoard;
  auth: PageAuth;
  logger: Logger;
  eventLog: EventLog;
  /** The wall clock an acceptance is stamped with, as for the API's route. */
  now: () => Date;
}

/** The ops page's Accept on a tier suggestion (issue 21): the API's own code path, then back to the list or the dealer's page. */
export function tierAcceptRoute(app: FastifyInstance, options: TierAcceptRouteOptions): void {
  const { board, auth, eventLog, now } = options;
  const log = options.logger.child({ component: 'tiers' });
  app.post(
    '/ops/dealers/:dealerId/tier-suggestion/accept',
    {
      schema: { hide: true },
      onRequest: [sameOriginOnly, requirePage(auth, ['admin', 'ops'], 'accept tier suggestions')],
      preHandler: csrfProtected,
    },
    async (request: FastifyRequest<{ Params: { dealerId: string } }>, reply) => {
      const form = request.body as FormBody | undefined;
      const note = field(form, 'note');
      const body = tierAcceptanceBodySchema.safeParse({ month: form?.['month'] ?? '', ...(note === undefined ? {} : { note }) });
      if (!body.success) {
        const problems = body.error.issues.map((issue) => `${issue.path.join('.') || 'form'}: ${issue.message}`);
        throw new PageError(400, 'Tier not accepted', `${problems.join('; ')}.`);
      }
      const { dealerId } = request.params;
      const eventId = await acceptTierSuggestion({ board, eventLog, log, principal: sessionOf(request).principal, now: now(), dealerId, body: body.data });
      const back = form?.[TIER_ACCEPT_RETURN.field] === TIER_ACCEPT_RETURN.dealer ? `${dealerPath(dealerId)}#tier-h` : '/ops#tiers';
      return redirectWithFlash(request, reply, back, {
        level: 'success',
        text: `Tier suggestion of ${body.data.month} for ${dealerId} accepted (${eventId}); the suggestion leaves the list once the pipeline has taken it…`,
        refresh: true,
      });
    },
  );
}
