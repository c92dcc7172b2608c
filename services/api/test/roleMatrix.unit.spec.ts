import type { NotificationSummary } from '@dealerflow/runtime';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServer, parseTokens, type ApiServer } from '../src';
import { createInMemoryBoard, DEFAULT_BOARD_FIXTURE, TIER_SUGGESTION_D1 } from './inMemoryBoard';
import { activeHold, createInMemoryCreditHolds, DECIDED_AT, releasedHold } from './inMemoryCreditHolds';
import { createInMemoryNotifications, dealerProfile } from './inMemoryNotifications';
import { createInMemoryWebhookSecrets } from './inMemoryWebhookSecrets';
import {
  bearer,
  createInMemoryEventLog,
  createInMemoryHealth,
  createInMemoryOutputReader,
  TOKEN_SPEC,
  TOKENS,
  type StoredOutput,
} from './inMemoryRuntime';

/**
 * Issue 9's first "done when": every endpoint of the API, each role allowed and refused. One table,
 * one row per route of a server built with every port; the last test fails when the server has a
 * route the table does not list, so a new route cannot skip the matrix.
 *
 * Out of the completeness check (another helper's, tested in dashboards*.spec.ts): the dashboards'
 * HTML pages under /ops, /finance, /dealer, /signin, /signout, the landing redirect at /, and static assets (/static, /assets,
 * or a path ending in a file extension such as .css, .js, .svg, .ico). HEAD routes Fastify adds
 * beside each GET answer as the GET does and are not listed either.
 */

const WHO = ['none', 'admin', 'ingest', 'ops', 'finance', 'dealer own', 'dealer other'] as const;
type Who = (typeof WHO)[number];

/**
 * Who asks: `dealer own` is dealer D-1's token and `dealer other` D-2's, both asking about D-1 (the
 * URLs below name D-1 wherever a route names a dealer).
 */
const TOKEN_OF: Record<Who, string | undefined> = {
  none: undefined,
  admin: TOKENS.admin,
  ingest: TOKENS.ingest,
  ops: TOKENS.ops,
  finance: TOKENS.finance,
  'dealer own': TOKENS.dealer1,
  'dealer other': TOKENS.dealer2,
};

interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  payload?: unknown;
}

interface Row {
  /** As the server registers it: `METHOD /path/:param`. */
  route: string;
  /** A request every allowed role gets its 2xx for. */
  request: Request;
  /** The answer of each of WHO, in that order: none, admin, ingest, ops, finance, dealer own, dealer other. */
  answers: string;
  /**
   * Malformed input: the request, and the field the 400 names (or where the JSON breaks). Required for
   * every route that takes input; `none` says why a route's input cannot be malformed.
   */
  malformed?: (Request & { field: string }) | { none: string };
  /** An id nothing has: 404. Required for every route with a path parameter. */
  unknown?: Request;
}

const tick = { eventId: 'tick-m', type: 'clock.tick', schemaVersion: 1, occurredAt: '2026-04-02T09:00:00Z', data: {} };

// prettier-ignore
const TABLE: Row[] = [
  //                                                                                                            none adm ing ops fin own other
  { route: 'GET /healthz', request: { method: 'GET', url: '/healthz' },                                     answers: '200 200 200 200 200 200 200' },
  { route: 'GET /openapi.json', request: { method: 'GET', url: '/openapi.json' },                           answers: '200 200 200 200 200 200 200' },
  {
    route: 'POST /v1/events', request: { method: 'POST', url: '/v1/events', payload: tick },                answers: '401 202 202 403 403 403 403',
    malformed: { method: 'POST', url: '/v1/events', payload: '{"eventId": }', field: 'line 1, column 13' },
  },
  {
    route: 'GET /v1/outputs', request: { method: 'GET', url: '/v1/outputs?dealerId=D-1' },                  answers: '401 200 403 200 200 200 404',
    malformed: { method: 'GET', url: '/v1/outputs?topic=dealer.nowhere.v1', field: 'topic' },
  },
  {
    route: 'GET /v1/dealers/:dealerId/preferences', request: { method: 'GET', url: '/v1/dealers/D-1/preferences' }, answers: '401 200 403 200 403 200 404',
    malformed: { none: 'its only input is the dealer id, any non-empty text: an id no dealer has is the 404 below' },
    unknown: { method: 'GET', url: '/v1/dealers/D-404/preferences' },
  },
  {
    route: 'PUT /v1/dealers/:dealerId/preferences',
    request: { method: 'PUT', url: '/v1/dealers/D-1/preferences', payload: { channels: {} } },              answers: '401 200 403 200 403 200 404',
    malformed: { method: 'PUT', url: '/v1/dealers/D-1/preferences', payload: { channels: { pigeon: {} } }, field: 'pigeon' },
    unknown: { method: 'PUT', url: '/v1/dealers/D-404/preferences', payload: { channels: {} } },
  },
  {
    route: 'GET /v1/dealers/:dealerId/inbox', request: { method: 'GET', url: '/v1/dealers/D-1/inbox' },      answers: '401 200 403 200 403 200 404',
    malformed: { method: 'GET', url: '/v1/dealers/D-1/inbox?limit=0', field: 'limit' },
    unknown: { method: 'GET', url: '/v1/dealers/D-404/inbox' },
  },
  {
    route: 'GET /v1/notifications', request: { method: 'GET', url: '/v1/notifications' },                   answers: '401 200 403 200 403 403 403',
    malformed: { method: 'GET', url: '/v1/notifications?status=lost', field: 'status' },
  },
  {
    route: 'POST /v1/notifications/:notificationId/retry',
    request: { method: 'POST', url: '/v1/notifications/ntf-failed/retry' },                                 answers: '401 202 403 202 403 403 403',
    malformed: { method: 'POST', url: '/v1/notifications/ntf-failed/retry', payload: '{"force": }', field: 'line 1, column 11' },
    unknown: { method: 'POST', url: '/v1/notifications/ntf-404/retry' },
  },
  // Dealers' own webhook secrets (issue 18): operations create, rotate and remove; a dealer reads when its own was made.
  {
    route: 'GET /v1/dealers/:dealerId/webhook-secret',
    request: { method: 'GET', url: '/v1/dealers/D-1/webhook-secret' },                                     answers: '401 200 403 200 403 200 404',
    malformed: { method: 'GET', url: `/v1/dealers/${'D'.repeat(65)}/webhook-secret`, field: 'dealerId' },
    unknown: { method: 'GET', url: '/v1/dealers/D-404/webhook-secret' },
  },
  {
    route: 'POST /v1/dealers/:dealerId/webhook-secret',
    request: { method: 'POST', url: '/v1/dealers/D-1/webhook-secret', payload: { overlapSeconds: 3600 } },   answers: '401 201 403 201 403 403 403',
    malformed: { method: 'POST', url: '/v1/dealers/D-1/webhook-secret', payload: { overlapSeconds: -1 }, field: 'overlapSeconds' },
    unknown: { method: 'POST', url: '/v1/dealers/D-404/webhook-secret' },
  },
  {
    route: 'DELETE /v1/dealers/:dealerId/webhook-secret',
    request: { method: 'DELETE', url: '/v1/dealers/D-1/webhook-secret' },                                  answers: '401 204 403 204 403 403 403',
    malformed: { method: 'DELETE', url: `/v1/dealers/${'D'.repeat(65)}/webhook-secret`, field: 'dealerId' },
    unknown: { method: 'DELETE', url: '/v1/dealers/D-404/webhook-secret' },
  },
  {
    route: 'GET /v1/credit/holds', request: { method: 'GET', url: '/v1/credit/holds' },                      answers: '401 200 403 200 200 403 403',
    malformed: { method: 'GET', url: '/v1/credit/holds?status=released', field: 'status' },
  },
  {
    route: 'POST /v1/credit/holds/:holdId/decision',
    request: { method: 'POST', url: '/v1/credit/holds/hold-D-1-1/decision', payload: { decision: 'keep' } }, answers: '401 202 403 403 202 403 403',
    malformed: { method: 'POST', url: '/v1/credit/holds/hold-D-1-1/decision', payload: { decision: 'forgive' }, field: 'decision' },
    unknown: { method: 'POST', url: '/v1/credit/holds/hold-404/decision', payload: { decision: 'keep' } },
  },
  // Issue 21: a dealer acknowledges or snoozes its own stock alerts; operations any dealer's.
  {
    route: 'POST /v1/dealers/:dealerId/stock-alerts/acknowledgements',
    request: { method: 'POST', url: '/v1/dealers/D-1/stock-alerts/acknowledgements', payload: { alertId: 'D-1/SKU-1/low_stock/1', action: 'acknowledge' } }, answers: '401 202 403 202 403 202 404',
    malformed: { method: 'POST', url: '/v1/dealers/D-1/stock-alerts/acknowledgements', payload: { alertId: 'D-1/SKU-1/low_stock/1', action: 'snooze' }, field: 'snoozeUntil' },
    unknown: { method: 'POST', url: '/v1/dealers/D-404/stock-alerts/acknowledgements', payload: { alertId: 'D-404/SKU-1/low_stock/1', action: 'acknowledge' } },
  },
  {
    route: 'POST /v1/dealers/:dealerId/credit-holds',
    request: { method: 'POST', url: '/v1/dealers/D-1/credit-holds', payload: { note: 'fraud check' } },     answers: '401 202 403 403 202 403 403',
    malformed: { method: 'POST', url: '/v1/dealers/D-1/credit-holds', payload: { note: '   ' }, field: 'note' },
    unknown: { method: 'POST', url: '/v1/dealers/D-404/credit-holds', payload: { note: 'fraud check' } },
  },
  // The board (issue 9): operations reads stock and deliveries, finance rebates and decisions, both the summaries and the exposure.
  {
    route: 'GET /v1/dealers', request: { method: 'GET', url: '/v1/dealers' },                                answers: '401 200 403 200 200 403 403',
    malformed: { method: 'GET', url: '/v1/dealers?tier=Z', field: 'tier' },
  },
  {
    route: 'GET /v1/dealers/:dealerId', request: { method: 'GET', url: '/v1/dealers/D-1' },                  answers: '401 200 403 200 200 200 404',
    malformed: { method: 'GET', url: `/v1/dealers/${'D'.repeat(65)}`, field: 'dealerId' },
    unknown: { method: 'GET', url: '/v1/dealers/D-404' },
  },
  {
    route: 'GET /v1/dealers/:dealerId/timeline', request: { method: 'GET', url: '/v1/dealers/D-1/timeline' }, answers: '401 200 403 200 403 200 404',
    malformed: { method: 'GET', url: '/v1/dealers/D-1/timeline?after=forged', field: 'after' },
    unknown: { method: 'GET', url: '/v1/dealers/D-404/timeline' },
  },
  {
    route: 'GET /v1/dealers/:dealerId/stock', request: { method: 'GET', url: '/v1/dealers/D-1/stock' },      answers: '401 200 403 200 403 200 404',
    malformed: { method: 'GET', url: '/v1/dealers/D-1/stock?sku=SKU-100', field: 'sku' },
    unknown: { method: 'GET', url: '/v1/dealers/D-404/stock' },
  },
  {
    route: 'GET /v1/dealers/:dealerId/deliveries', request: { method: 'GET', url: '/v1/dealers/D-1/deliveries' }, answers: '401 200 403 200 403 200 404',
    malformed: { method: 'GET', url: '/v1/dealers/D-1/deliveries?limit=501', field: 'limit' },
    unknown: { method: 'GET', url: '/v1/dealers/D-404/deliveries' },
  },
  {
    route: 'GET /v1/dealers/:dealerId/rebates', request: { method: 'GET', url: '/v1/dealers/D-1/rebates' },  answers: '401 200 403 403 200 200 404',
    malformed: { method: 'GET', url: '/v1/dealers/D-1/rebates?limit=all', field: 'limit' },
    unknown: { method: 'GET', url: '/v1/dealers/D-404/rebates' },
  },
  {
    route: 'GET /v1/dealers/:dealerId/credit/exposure',
    request: { method: 'GET', url: '/v1/dealers/D-1/credit/exposure' },                                      answers: '401 200 403 200 200 200 404',
    malformed: { method: 'GET', url: '/v1/dealers/D-1/credit/exposure?limit=0', field: 'limit' },
    unknown: { method: 'GET', url: '/v1/dealers/D-404/credit/exposure' },
  },
  {
    route: 'GET /v1/stock/alerts', request: { method: 'GET', url: '/v1/stock/alerts' },                      answers: '401 200 403 200 403 403 403',
    malformed: { method: 'GET', url: '/v1/stock/alerts?minSeverity=urgent', field: 'minSeverity' },
  },
  {
    route: 'GET /v1/deliveries', request: { method: 'GET', url: '/v1/deliveries' },                          answers: '401 200 403 200 403 403 403',
    malformed: { method: 'GET', url: '/v1/deliveries?dealer=D-1', field: 'dealer' },
  },
  {
    route: 'GET /v1/rebates/statements', request: { method: 'GET', url: '/v1/rebates/statements' },          answers: '401 200 403 403 200 403 403',
    malformed: { method: 'GET', url: '/v1/rebates/statements?status=paid', field: 'status' },
  },
  {
    route: 'GET /v1/cash-discounts', request: { method: 'GET', url: '/v1/cash-discounts' },                  answers: '401 200 403 403 200 403 403',
    malformed: { method: 'GET', url: '/v1/cash-discounts?limit=1.5', field: 'limit' },
  },
  {
    route: 'GET /v1/credit/decisions', request: { method: 'GET', url: '/v1/credit/decisions' },              answers: '401 200 403 403 200 403 403',
    malformed: { method: 'GET', url: '/v1/credit/decisions?holdId=', field: 'holdId' },
  },
  {
    route: 'GET /v1/credit/ageing', request: { method: 'GET', url: '/v1/credit/ageing' },                    answers: '401 200 403 403 200 403 403',
    malformed: { method: 'GET', url: '/v1/credit/ageing?dealerId=D-1', field: 'dealerId' },
  },
  {
    route: 'GET /v1/dealers/:dealerId/credit/invoices', request: { method: 'GET', url: '/v1/dealers/D-1/credit/invoices' }, answers: '401 200 403 403 200 403 403',
    malformed: { method: 'GET', url: '/v1/dealers/D-1/credit/invoices?limit=5', field: 'limit' },
    unknown: { method: 'GET', url: '/v1/dealers/D-404/credit/invoices' },
  },
  {
    route: 'GET /v1/credit/exports/:name', request: { method: 'GET', url: '/v1/credit/exports/audit.csv' },   answers: '401 200 403 403 200 403 403',
    malformed: { method: 'GET', url: '/v1/credit/exports/audit.csv?from=2026-01-01', field: 'from' },
    unknown: { method: 'GET', url: '/v1/credit/exports/D-404.csv' }, // no export of that name
  },
  {
    route: 'POST /v1/dealers/:dealerId/credit-limit',
    request: { method: 'POST', url: '/v1/dealers/D-1/credit-limit', payload: { creditLimit: 15_000, note: 'annual review' } }, answers: '401 202 403 403 202 403 403',
    malformed: { method: 'POST', url: '/v1/dealers/D-1/credit-limit', payload: { creditLimit: -1, note: 'annual review' }, field: 'creditLimit' },
    unknown: { method: 'POST', url: '/v1/dealers/D-404/credit-limit', payload: { creditLimit: 15_000, note: 'annual review' } },
  },
  {
    route: 'GET /v1/tier-suggestions', request: { method: 'GET', url: '/v1/tier-suggestions' },             answers: '401 200 403 200 403 403 403',
    malformed: { method: 'GET', url: '/v1/tier-suggestions?limit=0', field: 'limit' },
  },
  {
    route: 'POST /v1/dealers/:dealerId/tier-suggestion/acceptance',
    request: { method: 'POST', url: '/v1/dealers/D-1/tier-suggestion/acceptance', payload: { month: '2026-04' } }, answers: '401 202 403 202 403 403 403',
    malformed: { method: 'POST', url: '/v1/dealers/D-1/tier-suggestion/acceptance', payload: { month: '2026-13' }, field: 'month' },
    unknown: { method: 'POST', url: '/v1/dealers/D-404/tier-suggestion/acceptance', payload: { month: '2026-04' } },
  },
];

/** Paths of the dashboards (HTML) and their assets: another helper's routes, outside this matrix. */
const DASHBOARD_PATH = /^\/$|^\/(ops|finance|dealer|signin|signout|static|assets)(\/|$)|\.(css|m?js|svg|ico|png|jpe?g|webp|woff2?|map)$/i;

const failedNotification: NotificationSummary = {
  notificationId: 'ntf-failed',
  dealerId: 'D-1',
  audience: 'dealer',
  channel: 'webhook',
  status: 'failed',
  attempts: 8,
  lastError: 'HTTP 500',
  outputType: 'stock.alert.raised',
  createdAt: '2026-04-02T10:00:00.000Z',
  updatedAt: '2026-04-02T10:05:00.000Z',
};

/** Dealer D-1's outputs: its own, and what finance and operations were told about it (issue 18, defect 6). */
const OUTPUTS_OF_D1: StoredOutput[] = [
  { eventId: 'out-hold', topic: 'dealer.credit.v1', dealerId: 'D-1', type: 'credit.hold.placed' },
  { eventId: 'out-review', topic: 'dealer.credit.v1', dealerId: 'D-1', type: 'credit.review.requested' },
  { eventId: 'out-to-dealer', topic: 'dealer.notifications.v1', dealerId: 'D-1', type: 'notification.requested', data: { audience: 'dealer' } },
  { eventId: 'out-to-finance', topic: 'dealer.notifications.v1', dealerId: 'D-1', type: 'notification.requested', data: { audience: 'finance' } },
  { eventId: 'out-to-ops', topic: 'dealer.notifications.v1', dealerId: 'D-1', type: 'notification.requested', data: { audience: 'ops' } },
];

/** Every port given, in memory: every route the API has is registered. Fresh for each request, as some change state. */
function createFullServer(): ApiServer {
  const notifications = createInMemoryNotifications({
    profiles: { 'D-1': dealerProfile('Dealer One'), 'D-2': dealerProfile('Dealer Two') },
    notifications: [{ ...failedNotification }],
  });
  return createServer({
    eventLog: createInMemoryEventLog().eventLog,
    outputs: createInMemoryOutputReader(OUTPUTS_OF_D1).reader,
    health: createInMemoryHealth({ watermark: null, lag: {} }).health,
    tokens: parseTokens(TOKEN_SPEC),
    logger: pino({ level: 'silent' }),
    directory: notifications.directory,
    preferences: notifications.preferences,
    inbox: notifications.inbox,
    notifications: notifications.notifications,
    webhookSecrets: createInMemoryWebhookSecrets().port,
    creditHolds: createInMemoryCreditHolds([activeHold, releasedHold]).reader,
    board: createInMemoryBoard({ ...DEFAULT_BOARD_FIXTURE, tierSuggestions: [TIER_SUGGESTION_D1] }),
    clock: () => DECIDED_AT,
  });
}

async function send(request: Request, token: string | undefined) {
  const payload = request.payload;
  return createFullServer().inject({
    method: request.method,
    url: request.url,
    headers: {
      ...(token === undefined ? {} : bearer(token)),
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
  });
}

/** The 400 names the field: in a detail's `field` or `path`, or in the message (a JSON syntax error's place). */
function namesField(body: { message?: string; details?: { field?: string; path?: unknown }[] }, field: string): boolean {
  const inDetails = (body.details ?? []).some(
    (detail) => detail.field === field || (Array.isArray(detail.path) && detail.path.includes(field)),
  );
  return inDetails || (body.message ?? '').includes(field);
}

interface Registered {
  route: string;
  takesInput: boolean;
  hasParams: boolean;
}

/** The routes the server registers, read from the app itself (an onRoute hook, before `ready`). */
async function registeredRoutes(): Promise<Registered[]> {
  const app = createFullServer();
  const routes: Registered[] = [];
  app.addHook('onRoute', ({ method, url, schema }) => {
    const parts = (schema ?? {}) as Record<string, unknown>;
    for (const one of [method].flat()) {
      routes.push({
        route: `${one} ${url}`,
        takesInput: ['querystring', 'params', 'body'].some((part) => parts[part] !== undefined),
        hasParams: url.includes(':'),
      });
    }
  });
  await app.ready();
  const gets = new Set(routes.filter((found) => found.route.startsWith('GET ')).map((found) => found.route.slice(4)));
  return routes.filter((found) => !(found.route.startsWith('HEAD ') && gets.has(found.route.slice(5))));
}

const cases = TABLE.flatMap((row) => {
  const answers = row.answers.split(/\s+/).map(Number);
  if (answers.length !== WHO.length) throw new Error(`${row.route}: ${WHO.length} answers expected`);
  return WHO.map((who, index) => ({ route: row.route, request: row.request, who, status: answers[index]! }));
});

describe('the role matrix', () => {
  it.each(cases)('$route as $who: $status', async ({ request, who, status }) => {
    const response = await send(request, TOKEN_OF[who]);
    expect(response.statusCode, response.body).toBe(status);
    const expectedError = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' }[status];
    if (expectedError !== undefined) expect(response.json()).toMatchObject({ error: expectedError });
    // A dealer refused another dealer's data gets exactly what a dealer that does not exist gets.
    if (who === 'dealer other' && status === 404) expect(response.json()).toEqual({ error: 'not_found', message: 'no such dealer' });
  });

  const malformedCases = TABLE.flatMap((row) => (row.malformed === undefined || 'none' in row.malformed ? [] : [[row.route, row.malformed] as const]));
  it.each(malformedCases)(
    '%s: malformed input is 400 naming the field',
    async (_route, malformed) => {
      const response = await send(malformed, TOKENS.admin);
      expect(response.statusCode, response.body).toBe(400);
      expect(namesField(response.json(), malformed.field), response.body).toBe(true);
    },
  );

  it.each(TABLE.filter((row) => row.unknown).map((row) => [row.route, row.unknown!] as const))('%s: an unknown id is 404', async (_route, unknown) => {
    const response = await send(unknown, TOKENS.admin);
    expect(response.statusCode, response.body).toBe(404);
    expect(response.json()).toMatchObject({ error: 'not_found' });
  });

  it.each([
    ['admin', ['out-hold', 'out-review', 'out-to-dealer', 'out-to-finance', 'out-to-ops']],
    ['ops', ['out-hold', 'out-review', 'out-to-dealer', 'out-to-finance', 'out-to-ops']],
    ['finance', ['out-hold', 'out-review', 'out-to-dealer', 'out-to-finance', 'out-to-ops']],
    ['dealer own', ['out-hold', 'out-to-dealer']],
  ] as const)("GET /v1/outputs about D-1 as %s: staff read everything, the dealer only what is addressed to it", async (who, expected) => {
    const response = await send({ method: 'GET', url: '/v1/outputs?dealerId=D-1' }, TOKEN_OF[who]);
    expect(response.statusCode).toBe(200);
    const ids = response.body.split('\n').filter((line) => line !== '').map((line) => (JSON.parse(line) as StoredOutput).eventId);
    expect(ids).toEqual(expected);
  });

  it.each(TABLE.filter((row) => row.unknown).map((row) => [row.route, row.unknown!] as const))(
    '%s: a U+0000 in the path is 400 naming the parameter, for every role, before authentication',
    async (route, unknown) => {
      const parameter = /:(\w+)/.exec(route)![1]!;
      const url = unknown.url.replace(/(D|ntf|hold)-404/, '%00');
      for (const who of WHO) {
        const response = await send({ ...unknown, url }, TOKEN_OF[who]);
        expect(response.statusCode, `${who}: ${response.body}`).toBe(400);
        expect(response.json()).toMatchObject({ error: 'invalid_request', details: [{ field: parameter }] });
      }
    },
  );

  it('a decision on a released hold is 409, for finance and admin alike', async () => {
    for (const token of [TOKENS.finance, TOKENS.admin]) {
      const response = await send({ method: 'POST', url: `/v1/credit/holds/${releasedHold.holdId}/decision`, payload: { decision: 'release' } }, token);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ error: 'not_active' });
    }
  });

  describe('covers every route of the server', () => {
    let registered: Registered[];
    beforeAll(async () => {
      registered = (await registeredRoutes()).filter((found) => !DASHBOARD_PATH.test(found.route.split(' ')[1]!));
    });

    it('lists every registered route, and no route the server does not have', () => {
      expect(TABLE.map((row) => row.route).sort()).toEqual(registered.map((found) => found.route).sort());
    });

    it('has a malformed-input case for every route that takes input, and an unknown-id case for every route with an id', () => {
      const rowOf = new Map(TABLE.map((row) => [row.route, row]));
      const missing = registered.flatMap((found) => [
        ...(found.takesInput && rowOf.get(found.route)?.malformed === undefined ? [`${found.route}: malformed`] : []),
        ...(found.hasParams && rowOf.get(found.route)?.unknown === undefined ? [`${found.route}: unknown id`] : []),
      ]);
      expect(missing).toEqual([]);
    });
  });
});
