import type { CreditHold, InboxItem, NotificationSummary, SessionStore } from '@dealerflow/runtime';
import pino from 'pino';
import { createServer, parseTokens, type ApiServer, type EmailStatusReader } from '../src';
import { activeHold, DECIDED_AT, createInMemoryCreditHolds, releasedHold } from './inMemoryCreditHolds';
import { createInMemoryBoard, DEFAULT_BOARD_FIXTURE, type BoardFixture } from './inMemoryBoard';
import { createInMemoryNotifications, dealerProfile } from './inMemoryNotifications';
import { createInMemoryEventLog, createInMemoryHealth, createInMemoryOutputReader, TOKEN_SPEC, TOKENS } from './inMemoryRuntime';

/** The host the tests' requests name; a same-origin form post says `Origin: http://<this>`. */
export const HOST = 'dealerflow.test';
export const SAME_ORIGIN = `http://${HOST}`;

export const INBOX: InboxItem[] = [
  {
    notificationId: 'n-1',
    dealerId: 'D-1',
    audience: 'dealer',
    outputType: 'stock.alert.raised',
    locale: 'zh-CN',
    title: '库存预警：SKU-100 缺货',
    body: 'SKU-100 已缺货，建议订货 80 件。',
    createdAt: '2026-04-02T06:01:00.000Z',
  },
  {
    notificationId: 'n-2',
    dealerId: 'D-2',
    audience: 'dealer',
    outputType: 'delivery.partial',
    locale: 'en',
    title: 'Order ORD-2 arrived short',
    body: '5 of 20 SKU-200 are on backorder.',
    createdAt: '2026-04-01T15:01:00.000Z',
  },
];

export const FAILED_NOTIFICATION: NotificationSummary = {
  notificationId: 'notif-failed-1',
  dealerId: 'D-2',
  audience: 'dealer',
  channel: 'webhook',
  status: 'failed',
  attempts: 5,
  lastError: 'HTTP 502 from https://westside.example/hooks',
  outputType: 'delivery.partial',
  createdAt: '2026-04-01T15:01:00.000Z',
  updatedAt: '2026-04-01T16:00:00.000Z',
};

/** Every port in memory, the board's default fixture, the credit-hold fixtures, a fixed clock; the log captured. */
export function createDashboardServer(
  options: { board?: Partial<BoardFixture>; holds?: CreditHold[]; email?: EmailStatusReader; sessions?: SessionStore } = {},
) {
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const events = createInMemoryEventLog();
  const board = createInMemoryBoard(options.board ?? DEFAULT_BOARD_FIXTURE);
  const holds = createInMemoryCreditHolds(options.holds ?? [activeHold, releasedHold]);
  const ports = createInMemoryNotifications({
    profiles: {
      'D-1': dealerProfile('华东汽配 Huadong Parts', { tier: 'A', locale: 'zh-CN' }),
      'D-2': dealerProfile('Westside Motors', { region: 'West' }),
      'D-3': dealerProfile('Eastern Spares', { tier: 'C' }),
    },
    inbox: INBOX,
    notifications: [FAILED_NOTIFICATION],
  });
  const app = createServer({
    eventLog: events.eventLog,
    outputs: createInMemoryOutputReader([]).reader,
    health: createInMemoryHealth({ watermark: null, lag: {} }).health,
    tokens: parseTokens(TOKEN_SPEC),
    logger,
    directory: ports.directory,
    preferences: ports.preferences,
    inbox: ports.inbox,
    notifications: ports.notifications,
    ...(options.email ? { email: options.email } : {}),
    ...(options.sessions ? { sessions: options.sessions } : {}),
    creditHolds: holds.reader,
    board,
    clock: () => DECIDED_AT,
  });
  return { app, events, board, holds, ports, logLines };
}

export type DashboardServer = ReturnType<typeof createDashboardServer>;

/** What the helpers below need: any server (in memory, or over the embedded runtime). */
export type WithApp = { app: ApiServer };

/** Signs in through the form and answers the cookie header a browser would send afterwards. */
export async function signIn(server: WithApp, token: string): Promise<string> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/signin',
    headers: { host: HOST, origin: SAME_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token }).toString(),
  });
  if (response.statusCode !== 303) throw new Error(`sign-in answered ${response.statusCode}`);
  const cookie = [response.headers['set-cookie']].flat().find((line) => line?.startsWith('dealerflow_session='));
  if (cookie === undefined) throw new Error('sign-in set no session cookie');
  return cookie.split(';')[0]!;
}

export function getPage(server: WithApp, url: string, cookie?: string) {
  return server.app.inject({ method: 'GET', url, headers: { host: HOST, ...(cookie === undefined ? {} : { cookie }) } });
}

/** A form post as a browser sends it from our own page, unless `headers` say otherwise. */
export function postForm(server: WithApp, url: string, fields: Record<string, string>, cookie: string | undefined, headers: Record<string, string> = {}) {
  return server.app.inject({
    method: 'POST',
    url,
    headers: {
      host: HOST,
      origin: SAME_ORIGIN,
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie === undefined ? {} : { cookie }),
      ...headers,
    },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** The CSRF token a page's forms carry. */
export function csrfOf(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error('the page has no form with a CSRF token');
  return match[1];
}

export { TOKENS };
