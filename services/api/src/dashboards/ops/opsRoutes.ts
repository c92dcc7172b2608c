import { stockAlertSeverity, timestamp } from '@dealerflow/contracts';
import type { CreditHoldReader, DealerBoard, DealerDirectory, NotificationAdmin, TimelineEntry } from '@dealerflow/runtime';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { describeRole } from '../../auth/role';
import { href } from '../html/html';
import { sendPage } from '../html/layout';
import { PageError } from '../html/PageError';
import { redirectWithFlash, takeFlash } from '../session/flash';
import type { PageAuth } from '../session/pageAuth';
import { csrfProtected, requirePage, sameOriginOnly, sessionOf } from '../session/pageGuard';
import { parseQuery } from '../session/parseQuery';
import { optionalCursor, optionalField, optionalFlag, optionalText } from '../session/queryFields';
import { readPort } from '../session/readPort';
import { dealerPage } from './dealerPage';
import { readEmailStatus, type EmailStatusReader } from './emailStatus';
import { dealerPath, opsPage, TIERS, type Listed, type OpsFilters } from './opsPage';

export const DEALERS_PER_PAGE = 25;
export const ALERTS_PER_PAGE = 10;
export const DELIVERIES_PER_PAGE = 10;
export const FAILED_PER_PAGE = 20;
export const TIER_SUGGESTIONS_PER_PAGE = 20;
export const TIMELINE_PER_PAGE = 50;
export const EXPOSURE_POINTS = 120;
/** A dealer's page shows its newest rebate adjustments, as the dealer's own page does. */
export const DEALER_ADJUSTMENTS = 20;

const opsQuery = z.object({
  region: optionalText(100),
  tier: optionalField(z.enum(TIERS)),
  search: optionalText(100),
  severity: optionalField(stockAlertSeverity),
  onHold: optionalFlag,
  after: optionalCursor,
  alertsAfter: optionalCursor,
  deliveriesAfter: optionalCursor,
  failedAfter: optionalCursor,
  tiersAfter: optionalCursor,
});

/** The timeline pages forward (`after`), backward (`before`, `end` = the newest page), or ends at an instant (`until`). */
const dealerQuery = z.object({ after: optionalCursor, before: optionalCursor, until: optionalField(timestamp) });

export interface OpsRoutesOptions {
  board: DealerBoard;
  auth: PageAuth;
  logger: Logger;
  notifications?: NotificationAdmin | undefined;
  /** How email leaves: a line in the notifications panel. */
  email?: EmailStatusReader | undefined;
  creditHolds?: CreditHoldReader | undefined;
  directory?: DealerDirectory | undefined;
}

/** Who opens the operations pages: operations and admin; finance reads them (no retry: the API refuses finance that too). */
const READERS = ['admin', 'ops', 'finance'] as const;
const ACTORS = ['admin', 'ops'] as const;

/** `/ops`, `/ops/dealers/:dealerId` and the failed-notification retry. */
export function opsRoutes(app: FastifyInstance, options: OpsRoutesOptions): void {
  const { board, auth, notifications, email, creditHolds, directory } = options;
  const log = options.logger.child({ component: 'dashboards' });

  app.get('/ops', { schema: { hide: true }, onRequest: requirePage(auth, READERS, 'open the operations page') }, async (request, reply) => {
    const session = sessionOf(request);
    const query = parseQuery(opsQuery, request.query);
    const filters: OpsFilters = { region: query.region, tier: query.tier, search: query.search, severity: query.severity, onHold: query.onHold };
    const link = (cursors: Partial<Record<'after' | 'alertsAfter' | 'deliveriesAfter' | 'failedAfter' | 'tiersAfter', string | undefined>>) =>
      href('/ops', { ...filters, onHold: filters.onHold ? '1' : undefined, ...cursors });
    const cursors = {
      after: query.after,
      alertsAfter: query.alertsAfter,
      deliveriesAfter: query.deliveriesAfter,
      failedAfter: query.failedAfter,
      tiersAfter: query.tiersAfter,
    };
    const canRetry = (ACTORS as readonly string[]).includes(session.principal.role.kind);

    const [regions, dealers, alerts, deliveries, failed, emailStatus, tierSuggestions] = await Promise.all([
      readPort(log, 'regions', () => board.regions()),
      readPort(log, 'dealers', () =>
        board.listDealers({
          limit: DEALERS_PER_PAGE,
          region: filters.region,
          tier: filters.tier,
          search: filters.search,
          minSeverity: filters.severity,
          onHold: filters.onHold,
          after: query.after,
        }),
      ),
      readPort(log, 'stock alerts', () => board.openAlerts({ minSeverity: 'high', limit: ALERTS_PER_PAGE, after: query.alertsAfter })),
      readPort(log, 'deliveries', () => board.deliveries({ limit: DELIVERIES_PER_PAGE, after: query.deliveriesAfter })),
      canRetry && notifications
        ? readPort(log, 'failed notifications', () =>
            notifications.list({ status: 'failed', limit: FAILED_PER_PAGE, after: query.failedAfter }),
          )
        : Promise.resolve(undefined),
      canRetry ? readEmailStatus(log, email) : Promise.resolve(undefined),
      readPort(log, 'tier suggestions', () => board.tierSuggestions({ limit: TIER_SUGGESTIONS_PER_PAGE, after: query.tiersAfter })),
    ]);

    const paged = <T>(page: { items: T[]; nextCursor: string | null }, key: keyof typeof cursors) => ({
      items: page.items,
      next: page.nextCursor === null ? undefined : `${link({ ...cursors, [key]: page.nextCursor })}#${SECTION_ANCHORS[key]}`,
      first: cursors[key] === undefined ? undefined : `${link({ ...cursors, [key]: undefined })}#${SECTION_ANCHORS[key]}`,
    });

    return sendPage(
      reply,
      200,
      opsPage({
        session,
        flash: takeFlash(request, reply),
        filters,
        regions,
        dealers: { ...paged(dealers, 'after'), total: dealers.total },
        alerts: paged(alerts, 'alertsAfter'),
        deliveries: paged(deliveries, 'deliveriesAfter'),
        failed: !canRetry ? 'not_allowed' : failed === undefined ? 'not_available' : paged(failed, 'failedAfter'),
        email: emailStatus,
        tierSuggestions: { ...paged(tierSuggestions, 'tiersAfter'), canAccept: canRetry },
      }),
    );
  });

  app.get(
    '/ops/dealers/:dealerId',
    { schema: { hide: true }, onRequest: requirePage(auth, READERS, "open a dealer's page") },
    async (request: FastifyRequest<{ Params: { dealerId: string } }>, reply) => {
      const session = sessionOf(request);
      const { dealerId } = request.params;
      const query = parseQuery(dealerQuery, request.query);
      const dealer = await readPort(log, 'dealer', () => board.dealer(dealerId));
      if (dealer === undefined) throw new PageError(404, 'No such dealer', `There is no dealer ${dealerId}.`);
      const [profile, exposure, positions, alerts, deliveries, progress, tierSuggestion, adjustments, holds, timeline] = await Promise.all([
        directory ? readPort(log, 'dealer profile', () => directory.profile(dealerId)) : Promise.resolve(undefined),
        readPort(log, 'exposure history', () => board.exposureHistory(dealerId, EXPOSURE_POINTS)),
        readPort(log, 'stock positions', () => board.stockPositions(dealerId)),
        readPort(log, 'stock alerts', () => board.openAlerts({ dealerId, limit: 100 })),
        readPort(log, 'deliveries', () => board.deliveries({ dealerId, limit: 50 })),
        readPort(log, 'rebate progress', () => board.rebateProgress(dealerId)),
        readPort(log, 'tier suggestion', () => board.latestTierSuggestion(dealerId)),
        readPort(log, 'rebate adjustments', () => board.rebateAdjustments({ dealerId, limit: DEALER_ADJUSTMENTS })),
        creditHolds ? readPort(log, 'credit holds', () => creditHolds.list({ status: 'all', dealerId })) : Promise.resolve(undefined),
        readPort(log, 'timeline', () => board.timeline({ dealerId, limit: TIMELINE_PER_PAGE, ...timelinePosition(query) })),
      ]);
      const path = dealerPath(dealerId);
      return sendPage(
        reply,
        200,
        dealerPage({
          session,
          flash: takeFlash(request, reply),
          dealer,
          currency: profile?.currency,
          exposure,
          positions,
          alerts: alerts.items,
          deliveries: deliveries.items,
          progress,
          tierSuggestion,
          canAcceptTier: (ACTORS as readonly string[]).includes(session.principal.role.kind),
          adjustments: { items: adjustments.items, more: adjustments.nextCursor !== null },
          holds,
          timeline: timelineLinks(path, query, timeline),
          timelineUntil: query.after === undefined && query.before === undefined ? query.until : undefined,
          timelineHref: (at: string) => `${href(path, { until: at })}#timeline`,
          canViewPortal: session.principal.role.kind !== 'finance',
        }),
      );
    },
  );

  if (notifications) {
    app.post(
      '/ops/notifications/:notificationId/retry',
      {
        schema: { hide: true },
        onRequest: [sameOriginOnly, requirePage(auth, ACTORS, 'retry notifications')],
        preHandler: csrfProtected,
      },
      async (request: FastifyRequest<{ Params: { notificationId: string } }>, reply) => {
        const { notificationId } = request.params;
        const outcome = await readPort(log, 'notifications', () => notifications.retry(notificationId));
        if (outcome === 'not_found') throw new PageError(404, 'No such notification', `There is no notification ${notificationId}.`);
        if (outcome === 'not_failed') {
          throw new PageError(409, 'Not failed', `Notification ${notificationId} is not failed (it may have been retried already); only a failed notification can be retried.`);
        }
        const { role, name } = sessionOf(request).principal;
        log.info({ notificationId, by: describeRole(role), name }, 'notification retry requested');
        return redirectWithFlash(request, reply, '/ops#failed', { level: 'success', text: `Notification ${notificationId} is queued again.` });
      },
    );
  }
}

type DealerQuery = z.infer<typeof dealerQuery>;

/** One way through the timeline per request: a cursor wins over an instant. */
function timelinePosition(query: DealerQuery): { after: string } | { before: string } | { until: string } | Record<string, never> {
  if (query.after !== undefined) return { after: query.after };
  if (query.before !== undefined) return { before: query.before };
  if (query.until !== undefined) return { until: query.until };
  return {};
}

/** Forward pages link to the next page; backward ones (before, until) to the earlier page. */
function timelineLinks(path: string, query: DealerQuery, page: { items: TimelineEntry[]; nextCursor: string | null }): Listed<TimelineEntry> & { direction: 'forward' | 'backward'; latest: string } {
  const backward = query.after === undefined && (query.before !== undefined || query.until !== undefined);
  const next = page.nextCursor === null ? undefined : `${href(path, backward ? { before: page.nextCursor } : { after: page.nextCursor })}#timeline`;
  const atStart = !backward && query.after === undefined;
  return {
    items: page.items,
    next,
    first: atStart ? undefined : `${path}#timeline`,
    direction: backward ? 'backward' : 'forward',
    latest: `${href(path, { before: 'end' })}#timeline`,
  };
}

const SECTION_ANCHORS = { after: 'dealers-h', alertsAfter: 'alerts-h', deliveriesAfter: 'deliveries-h', failedAfter: 'failed', tiersAfter: 'tiers' } as const;

