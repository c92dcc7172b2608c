import { notificationChannel } from '@dealerflow/contracts';
import { completePreferences, preferenceKindsFor, validatePreferences, type NotifyPolicy } from '@dealerflow/domain';
import type { DealerBoard, DealerDirectory, EventLog, InboxReader, PreferencesStore } from '@dealerflow/runtime';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { describeRole } from '../../auth/role';
import { ApiError } from '../../http/ApiError';
import { acknowledgementBodySchema, recordAcknowledgement } from '../../stock/recordAcknowledgement';
import { href, html } from '../html/html';
import { layout, sendPage } from '../html/layout';
import { PageError } from '../html/PageError';
import { redirectWithFlash, takeFlash } from '../session/flash';
import { field, type FormBody } from '../session/formBody';
import type { PageAuth } from '../session/pageAuth';
import { csrfProtected, requirePage, sameOriginOnly, sessionOf } from '../session/pageGuard';
import type { PageSession } from '../session/pageSession';
import { parseQuery } from '../session/parseQuery';
import { optionalCursor, optionalField } from '../session/queryFields';
import { readPort } from '../session/readPort';
import { textsFor } from '../texts/textsFor';
import { dealerPortal } from './dealerPortal';

export const INBOX_PER_PAGE = 20;
export const PORTAL_DELIVERIES = 50;
export const PORTAL_ADJUSTMENTS = 20;
export const PORTAL_ALERTS = 100;

const portalQuery = z.object({
  dealerId: optionalField(z.string().trim().min(1).max(64)),
  inboxBefore: optionalCursor,
});

export interface DealerRoutesOptions {
  board: DealerBoard;
  auth: PageAuth;
  logger: Logger;
  policy: NotifyPolicy;
  directory?: DealerDirectory | undefined;
  inbox?: InboxReader | undefined;
  preferences?: PreferencesStore | undefined;
  /** With it, the portal's alerts can be acknowledged or snoozed (issue 21). */
  eventLog?: EventLog | undefined;
  now?: () => Date;
}

/** A dealer sees its own portal; operations and admin open any dealer's, to help it (`?dealerId=`). */
const VIEWERS = ['admin', 'ops', 'dealer'] as const;

function noSuchDealer(): PageError {
  return new PageError(404, 'No such dealer', 'There is no such dealer.');
}

/**
 * The dealer a request is about. A dealer token is its own dealer whatever it asks: naming another
 * (existing or not) is the same 404 as a dealer that does not exist, before anything is read.
 */
function dealerOf(session: PageSession, asked: string | undefined): string | undefined {
  const { role } = session.principal;
  if (role.kind === 'dealer') {
    if (asked !== undefined && asked !== role.dealerId) throw noSuchDealer();
    return role.dealerId;
  }
  return asked;
}

/** `/dealer` and its preferences form. */
export function dealerRoutes(app: FastifyInstance, options: DealerRoutesOptions): void {
  const { board, auth, policy, directory, inbox, preferences } = options;
  const log = options.logger.child({ component: 'dashboards' });
  const preferencesLog = options.logger.child({ component: 'preferences' });

  app.get('/dealer', { schema: { hide: true }, onRequest: requirePage(auth, VIEWERS, 'open the dealer portal') }, async (request, reply) => {
    const session = sessionOf(request);
    const query = parseQuery(portalQuery, request.query);
    const dealerId = dealerOf(session, query.dealerId);
    if (dealerId === undefined) return sendPage(reply, 200, chooseDealerPage(session));
    const dealer = await readPort(log, 'dealer', () => board.dealer(dealerId));
    if (dealer === undefined) throw noSuchDealer();
    const [profile, alerts, positions, deliveries, progress, messages, stored, adjustments] = await Promise.all([
      directory ? readPort(log, 'dealer profile', () => directory.profile(dealerId)) : Promise.resolve(undefined),
      readPort(log, 'stock alerts', () => board.openAlerts({ dealerId, limit: PORTAL_ALERTS })),
      readPort(log, 'stock positions', () => board.stockPositions(dealerId)),
      readPort(log, 'deliveries', () => board.deliveries({ dealerId, limit: PORTAL_DELIVERIES })),
      readPort(log, 'rebate progress', () => board.rebateProgress(dealerId)),
      inbox ? readPort(log, 'inbox', () => inbox.list({ dealerId, audience: 'dealer', limit: INBOX_PER_PAGE, before: query.inboxBefore })) : Promise.resolve(undefined),
      preferences && directory ? readPort(log, 'preferences', () => preferences.get(dealerId)) : Promise.resolve(null),
      readPort(log, 'rebate adjustments', () => board.rebateAdjustments({ dealerId, limit: PORTAL_ADJUSTMENTS })),
    ]);
    const staffDealerId = session.principal.role.kind === 'dealer' ? undefined : dealerId;
    const self = (inboxBefore?: string) => `${href('/dealer', { dealerId: staffDealerId, inboxBefore })}#inbox-h`;
    return sendPage(
      reply,
      200,
      dealerPortal({
        session,
        flash: takeFlash(request, reply),
        texts: textsFor(dealer.locale),
        locale: dealer.locale,
        dealer,
        currency: profile?.currency,
        alerts: alerts.items,
        positions,
        deliveries: deliveries.items,
        progress,
        adjustments: adjustments.items,
        inbox:
          messages === undefined
            ? undefined
            : {
                items: messages.items,
                next: messages.nextCursor === null ? undefined : self(messages.nextCursor),
                first: query.inboxBefore === undefined ? undefined : self(),
              },
        preferences: stored === null ? undefined : completePreferences(stored, policy),
        staffDealerId,
        answers: options.eventLog !== undefined,
      }),
    );
  });

  const { eventLog } = options;
  if (eventLog) {
    const now = options.now ?? (() => new Date());
    const stockLog = options.logger.child({ component: 'stock' });
    app.post(
      '/dealer/stock-alerts/acknowledgements',
      {
        schema: { hide: true },
        onRequest: [sameOriginOnly, requirePage(auth, VIEWERS, 'answer stock alerts')],
        preHandler: csrfProtected,
      },
      async (request: FastifyRequest, reply) => {
        const session = sessionOf(request);
        const form = request.body as FormBody | undefined;
        const dealerId = dealerOf(session, field(form, 'dealerId'));
        if (dealerId === undefined) throw new PageError(400, 'Not recorded', 'dealerId: required (which dealer’s alert).');
        const action = field(form, 'action');
        const snoozeUntil = action === 'snooze' ? field(form, 'snoozeUntil') : undefined;
        const parsed = acknowledgementBodySchema.safeParse({
          alertId: field(form, 'alertId'),
          action,
          ...(snoozeUntil === undefined ? {} : { snoozeUntil }),
        });
        if (!parsed.success) throw new PageError(400, 'Not recorded', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
        try {
          await recordAcknowledgement(eventLog, stockLog, { dealerId, principal: session.principal, body: parsed.data, now: now() });
        } catch (error) {
          if (error instanceof ApiError && error.statusCode === 400) {
            throw new PageError(400, 'Not recorded', (error.details ?? []).map((detail) => `${detail.field}: ${detail.message}`).join('; ') || error.message);
          }
          throw error;
        }
        const dealer = await readPort(log, 'dealer', () => board.dealer(dealerId));
        const back = href('/dealer', { dealerId: session.principal.role.kind === 'dealer' ? undefined : dealerId });
        return redirectWithFlash(request, reply, `${back}#alerts-h`, { level: 'success', text: textsFor(dealer?.locale ?? 'en').alerts.answered });
      },
    );
  }

  if (preferences && directory) {
    app.post(
      '/dealer/preferences',
      {
        schema: { hide: true },
        onRequest: [sameOriginOnly, requirePage(auth, VIEWERS, 'change notification preferences')],
        preHandler: csrfProtected,
      },
      async (request: FastifyRequest, reply) => {
        const session = sessionOf(request);
        const form = request.body as FormBody | undefined;
        const dealerId = dealerOf(session, field(form, 'dealerId'));
        if (dealerId === undefined) throw new PageError(400, 'Preferences not saved', 'dealerId: required (which dealer’s preferences).');
        const profile = await readPort(log, 'dealer profile', () => directory.profile(dealerId));
        if (profile === undefined) throw noSuchDealer();
        const checked = validatePreferences(preferencesFromForm(form ?? {}, policy), policy);
        if (!checked.ok) {
          throw new PageError(400, 'Preferences not saved', `${checked.errors.map((error) => error.message).join('; ')}.`);
        }
        await readPort(log, 'preferences', () => preferences.put(dealerId, checked.value));
        const { role, name } = session.principal;
        preferencesLog.info({ dealerId, by: describeRole(role), name }, 'preferences replaced');
        const back = href('/dealer', { dealerId: role.kind === 'dealer' ? undefined : dealerId });
        return redirectWithFlash(request, reply, `${back}#preferences-h`, { level: 'success', text: textsFor(profile.locale).preferences.saved });
      },
    );
  }
}

/**
 * The document a preferences form stands for. A browser sends only the checked boxes, so every
 * kind the dealer can receive starts off and each `pref:<channel>:<kind>` sent turns one on. A field
 * naming an unknown channel or kind is kept, so the domain's validation refuses it by name.
 */
export function preferencesFromForm(form: FormBody, policy: NotifyPolicy): unknown {
  const channels: Record<string, Record<string, boolean>> = {};
  for (const channel of notificationChannel.options) {
    channels[channel] = Object.fromEntries(preferenceKindsFor(policy).map((kind) => [kind, false]));
  }
  for (const key of Object.keys(form)) {
    if (!key.startsWith('pref:')) continue;
    const [, channel = '', kind = ''] = key.split(':');
    channels[channel] = { ...channels[channel], [kind]: true };
  }
  return { channels };
}

function chooseDealerPage(session: PageSession) {
  return layout({
    title: 'Dealer portal',
    session,
    current: '/dealer',
    main: html`<section class="panel">
      <h1>Dealer portal</h1>
      <p>Open a dealer's portal as the dealer sees it, in its language.</p>
      <form method="get" action="/dealer" class="filters">
        <div><label for="portal-dealer">Dealer id</label><input id="portal-dealer" name="dealerId" required maxlength="64"></div>
        <div class="actions"><button type="submit">Open</button></div>
      </form>
    </section>`,
  });
}
