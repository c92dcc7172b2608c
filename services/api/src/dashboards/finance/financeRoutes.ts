import type { CreditDecisionRecord, CreditHoldReader, DealerBoard, DealerDirectory, EventLog } from '@dealerflow/runtime';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { decideOnHold, decisionBodySchema, readCreditHolds } from '../../credit/decideOnHold';
import { manualHoldBodySchema, placeManualHold } from '../../credit/placeManualHold';
import type { DecisionContext } from '../../credit/recordDecision';
import { href } from '../html/html';
import { sendPage } from '../html/layout';
import { PageError } from '../html/PageError';
import { takeFlash } from '../session/flash';
import { field, type FormBody } from '../session/formBody';
import type { PageAuth } from '../session/pageAuth';
import { requirePage, sessionOf } from '../session/pageGuard';
import { parseQuery } from '../session/parseQuery';
import { optionalCursor, optionalField } from '../session/queryFields';
import { readPort } from '../session/readPort';
import { buildExport, exportsAvailable } from '../../credit/financeExports';
import { creditLimitBodySchema, setCreditLimit } from '../../credit/setCreditLimit';
import { backToFinance, dealerIdOf, FINANCE, financeFormPost, refused } from './financeForms';
import { financePage } from './financePage';

/** The queue shows this many holds; more than this active at once is a crisis the list cannot fix. */
export const QUEUE_LENGTH = 200;
export const AUDIT_PER_PAGE = 20;
export const STATEMENTS_PER_PAGE = 20;
export const DISCOUNTS_PER_PAGE = 20;
export const ADJUSTMENTS_PER_PAGE = 20;
/** How far back the queue looks for each hold's latest decision. */
const RECENT_DECISIONS = 500;

const financeQuery = z.object({
  auditAfter: optionalCursor,
  statements: optionalField(z.enum(['payable', 'withheld'])),
  statementsAfter: optionalCursor,
  discountsAfter: optionalCursor,
  adjustmentsAfter: optionalCursor,
  invoicesOf: optionalField(z.string().trim().min(1).max(64)),
});

export interface FinanceRoutesOptions {
  board: DealerBoard;
  auth: PageAuth;
  logger: Logger;
  eventLog: EventLog;
  now: () => Date;
  creditHolds?: CreditHoldReader | undefined;
  directory?: DealerDirectory | undefined;
}

/** `/finance`, and finance's decisions and manual holds, which take the API's own code path. */
export function financeRoutes(app: FastifyInstance, options: FinanceRoutesOptions): void {
  const { board, auth, eventLog, now, creditHolds, directory } = options;
  const log = options.logger.child({ component: 'dashboards' });
  const creditLog = options.logger.child({ component: 'credit' });
  /** What every decision of a form carries: the log it goes to, who (the session) and when (the wall clock). */
  const decidedNow = (request: FastifyRequest): DecisionContext => ({ eventLog, log: creditLog, principal: sessionOf(request).principal, now: now() });

  app.get('/finance', { schema: { hide: true }, onRequest: requirePage(auth, FINANCE, 'open the finance page') }, async (request, reply) => {
    const session = sessionOf(request);
    const query = parseQuery(financeQuery, request.query);
    const cursors = {
      auditAfter: query.auditAfter,
      statementsAfter: query.statementsAfter,
      discountsAfter: query.discountsAfter,
      adjustmentsAfter: query.adjustmentsAfter,
    };
    const link = (changed: Partial<typeof cursors>, anchor: string) =>
      `${href('/finance', { statements: query.statements, ...cursors, ...changed })}#${anchor}`;

    const [ageing, known, invoices] = await Promise.all([
      readPort(log, 'ageing', () => board.ageing()),
      // Names for the ageing: one page of the dealer list rather than a read per dealer.
      readPort(log, 'dealers', () => board.listDealers({ limit: 500 })),
      query.invoicesOf === undefined ? Promise.resolve(undefined) : readPort(log, 'open invoices', () => board.openInvoices(query.invoicesOf!)),
    ]);
    const [holds, onHold, recent, audit, statements, discounts, adjustments] = await Promise.all([
      creditHolds ? readCreditHolds(creditLog, () => creditHolds.list({ status: 'active' })) : Promise.resolve(undefined),
      // The names of the dealers on hold, in one read rather than one per hold.
      readPort(log, 'dealers', () => board.listDealers({ onHold: true, limit: QUEUE_LENGTH })),
      readPort(log, 'decisions', () => board.creditDecisions({ limit: RECENT_DECISIONS })),
      readPort(log, 'decisions', () => board.creditDecisions({ limit: AUDIT_PER_PAGE, after: query.auditAfter })),
      readPort(log, 'rebate statements', () => board.rebateStatements({ limit: STATEMENTS_PER_PAGE, status: query.statements, after: query.statementsAfter })),
      readPort(log, 'cash discounts', () => board.cashDiscounts({ limit: DISCOUNTS_PER_PAGE, after: query.discountsAfter })),
      readPort(log, 'rebate adjustments', () => board.rebateAdjustments({ limit: ADJUSTMENTS_PER_PAGE, after: query.adjustmentsAfter })),
    ]);

    const latestDecisions = new Map<string, CreditDecisionRecord>();
    for (const decision of recent.items) {
      // Newest first: the first seen is the latest.
      if (decision.holdId !== null && !latestDecisions.has(decision.holdId)) latestDecisions.set(decision.holdId, decision);
    }
    const paged = <T>(page: { items: T[]; nextCursor: string | null }, key: keyof typeof cursors, anchor: string) => ({
      items: page.items,
      next: page.nextCursor === null ? undefined : link({ [key]: page.nextCursor }, anchor),
      first: cursors[key] === undefined ? undefined : link({ [key]: undefined }, anchor),
    });

    return sendPage(
      reply,
      200,
      financePage({
        session,
        flash: takeFlash(request, reply),
        today: now().toISOString().slice(0, 10),
        holds: holds?.slice(0, QUEUE_LENGTH),
        holdsTotal: holds?.length ?? 0,
        dealerNames: new Map(onHold.items.map((dealer) => [dealer.dealerId, dealer.name])),
        latestDecisions,
        manualHolds: creditHolds !== undefined && directory !== undefined,
        audit: paged(audit, 'auditAfter', 'audit-h'),
        statementStatus: query.statements,
        statements: paged(statements, 'statementsAfter', 'statements-h'),
        discounts: paged(discounts, 'discountsAfter', 'discounts-h'),
        adjustments: paged(adjustments, 'adjustmentsAfter', 'adjustments-h'),
        ageing: {
          ageing,
          dealerNames: new Map(known.items.map((dealer) => [dealer.dealerId, dealer.name])),
          invoices: invoices && query.invoicesOf !== undefined ? { dealerId: query.invoicesOf, today: invoices.today, items: invoices.invoices } : undefined,
        },
        exports: exportsAvailable({ board, creditHolds, log: creditLog }),
        limits: directory !== undefined,
      }),
    );
  });

  if (creditHolds) {
    app.post(
      '/finance/holds/:holdId/decision',
      financeFormPost(auth, 'decide on credit holds'),
      async (request: FastifyRequest<{ Params: { holdId: string } }>, reply) => {
        const form = request.body as FormBody | undefined;
        const note = field(form, 'note');
        const overrideUntil = field(form, 'overrideUntil');
        const keepUntil = field(form, 'keepUntil');
        // The form's blank fields are "not given"; then the API's own schema and checks.
        const parsed = decisionBodySchema.safeParse({
          decision: field(form, 'decision'),
          ...(note === undefined ? {} : { note }),
          ...(overrideUntil === undefined ? {} : { overrideUntil }),
          ...(keepUntil === undefined ? {} : { keepUntil }),
        });
        if (!parsed.success) throw refused('Decision not recorded', parsed.error);
        const { holdId } = request.params;
        const eventId = await decideOnHold({ ...decidedNow(request), creditHolds, holdId, body: parsed.data });
        const what = parsed.data.decision === 'release' ? 'Release' : 'Keep';
        const through = parsed.data.keepUntil === undefined ? '' : ` through ${parsed.data.keepUntil}`;
        const text = `${what} of hold ${holdId}${through} recorded (${eventId}); the credit worker is applying it…`;
        return backToFinance(request, reply, text, parsed.data.decision === 'release');
      },
    );
  }

  app.get(
    '/finance/exports/:name',
    { schema: { hide: true }, onRequest: requirePage(auth, FINANCE, 'export finance lists') },
    async (request: FastifyRequest<{ Params: { name: string } }>, reply) => {
      const names = exportsAvailable({ board, creditHolds, log: creditLog });
      const name = names.find((candidate) => `${candidate}.csv` === request.params.name);
      if (name === undefined) throw new PageError(404, 'No such export', `There is no export called ${request.params.name}.`);
      const text = await buildExport(name, { board, creditHolds, log: creditLog });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="dealerflow-${name}.csv"`)
        .header('cache-control', 'no-store')
        .send(text);
    },
  );

  if (directory) {
    app.post('/finance/credit-limit', financeFormPost(auth, 'set credit limits'), async (request, reply) => {
      const form = request.body as FormBody | undefined;
      const dealerId = dealerIdOf(form, 'Limit not set');
      // A form sends text: a figure that is not a number stays text, and the API's schema names it.
      const amount = field(form, 'creditLimit');
      const body = creditLimitBodySchema.safeParse({
        creditLimit: amount === undefined || amount.trim() === '' || Number.isNaN(Number(amount)) ? amount : Number(amount),
        note: form?.['note'] ?? '',
      });
      if (!body.success) throw refused('Limit not set', body.error);
      const eventId = await setCreditLimit({ ...decidedNow(request), directory, dealerId, body: body.data });
      const text = `Credit limit of ${dealerId} set to ${body.data.creditLimit} (${eventId}); the credit worker is applying it…`;
      return backToFinance(request, reply, text, true);
    });
  }

  if (creditHolds && directory) {
    app.post('/finance/manual-holds', financeFormPost(auth, 'place credit holds'), async (request, reply) => {
      const form = request.body as FormBody | undefined;
      const dealerId = dealerIdOf(form, 'Hold not placed');
      const body = manualHoldBodySchema.safeParse({ note: form?.['note'] ?? '' });
      if (!body.success) throw refused('Hold not placed', body.error);
      const eventId = await placeManualHold({ ...decidedNow(request), directory, dealerId, note: body.data.note });
      return backToFinance(request, reply, `Manual hold on ${dealerId} recorded (${eventId}); the credit worker is placing it…`, true);
    });
  }
}
