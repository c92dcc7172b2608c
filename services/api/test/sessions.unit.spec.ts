import type { SessionStore, StoredSession } from '@dealerflow/runtime';
import type { FastifyRequest } from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { parseTokens } from '../src';
import { createMemorySessionStore } from '../src/dashboards/session/memorySessionStore';
import { createPageAuth, DEFAULT_SESSION_LIFETIME, type PageAuth } from '../src/dashboards/session/pageAuth';
import { createDashboardServer, csrfOf, getPage, HOST, postForm, signIn, TOKENS } from './dashboardsTestServer';
import { bearer, TOKEN_SPEC } from './inMemoryRuntime';

const HOUR = 60 * 60 * 1000;
const START = Date.parse('2026-04-20T08:00:00Z');

/** A store that records what it was asked to keep, and how often activity was written. */
function recordingStore() {
  const store = createMemorySessionStore();
  const created: { idHash: string; session: StoredSession }[] = [];
  let touches = 0;
  const recording: SessionStore = {
    ...store,
    async create(idHash, session) {
      created.push({ idHash, session });
      await store.create(idHash, session);
    },
    async touch(idHash, lastSeenAt) {
      touches += 1;
      await store.touch(idHash, lastSeenAt);
    },
  };
  return { store: recording, created, touches: () => touches };
}

function withClock(spec = TOKEN_SPEC, store: SessionStore = createMemorySessionStore()) {
  let now = START;
  const auth = createPageAuth({ tokens: parseTokens(spec), store, logger: pino({ level: 'silent' }), now: () => new Date(now) });
  return { auth, store, advance: (ms: number) => void (now += ms) };
}

const asCookie = (sessionId: string) => ({ headers: { cookie: `dealerflow_session=${sessionId}` } }) as unknown as FastifyRequest;
const kindOf = async (auth: PageAuth, sessionId: string) => (await auth.lookup(asCookie(sessionId))).kind;

describe('a dashboard session (server side, over a session store)', () => {
  it('stores neither the session id nor the token: the id hashed, the token only as a binding keyed with the id', async () => {
    const { store, created } = recordingStore();
    const { auth } = withClock(TOKEN_SPEC, store);
    const { sessionId } = await auth.open(TOKENS.finance);
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = created;
    const kept = JSON.stringify(row);
    expect(kept).not.toContain(sessionId);
    expect(kept).not.toContain(TOKENS.finance);
    expect(row?.session.expiresAt.getTime()).toBe(START + DEFAULT_SESSION_LIFETIME.absoluteSeconds * 1000);
    expect(await kindOf(auth, sessionId)).toBe('signed_in');
  });

  it('gives each sign-in its own id', async () => {
    const { auth } = withClock();
    const ids = new Set(await Promise.all([1, 2, 3].map(async () => (await auth.open(TOKENS.ops)).sessionId)));
    expect(ids.size).toBe(3);
  });

  it('ends after 12 hours without a request, and the store forgets it', async () => {
    const { auth, store, advance } = withClock();
    const { sessionId } = await auth.open(TOKENS.ops);
    const seen = await auth.lookup(asCookie(sessionId));
    const idHash = seen.kind === 'signed_in' ? seen.session.idHash : undefined;
    expect(idHash).toBeDefined();
    advance(12 * HOUR - 60_000);
    expect(await kindOf(auth, sessionId)).toBe('signed_in');
    advance(12 * HOUR);
    expect(await kindOf(auth, sessionId)).toBe('stale_cookie');
    expect(await store.find(idHash!)).toBeUndefined();
  });

  it('lasts while used, but not beyond 7 days after signing in', async () => {
    const { auth, advance } = withClock();
    const { sessionId } = await auth.open(TOKENS.dealer1);
    let hours = 0;
    while (hours + 11 < 7 * 24) {
      advance(11 * HOUR);
      hours += 11;
      expect(await kindOf(auth, sessionId), `after ${hours} h`).toBe('signed_in');
    }
    advance((7 * 24 - hours) * HOUR);
    expect(await kindOf(auth, sessionId), 'at 7 days').toBe('stale_cookie');
  });

  it('writes activity at most once a minute', async () => {
    const { store, touches } = recordingStore();
    const { auth, advance } = withClock(TOKEN_SPEC, store);
    const { sessionId } = await auth.open(TOKENS.ops);
    for (let request = 0; request < 10; request += 1) {
      advance(10_000);
      await auth.lookup(asCookie(sessionId));
    }
    // 100 s of requests every 10 s: one write, at the first request a minute or more after the last.
    expect(touches()).toBe(1);
  });

  it('ends when its token is no longer in DEALERFLOW_TOKENS', async () => {
    const store = createMemorySessionStore();
    const before = withClock(TOKEN_SPEC, store);
    const { sessionId } = await before.auth.open(TOKENS.ops);
    const withoutOps = TOKEN_SPEC.split(',').filter((entry) => !entry.startsWith(`${TOKENS.ops}=`)).join(',');
    const after = withClock(withoutOps, store);
    expect(await kindOf(after.auth, sessionId)).toBe('stale_cookie');
    // Gone for good: putting the token back does not bring the session back.
    expect(await kindOf(before.auth, sessionId)).toBe('stale_cookie');
  });

  it('a cookie that is not a session id, or an unknown one, opens nothing', async () => {
    const { auth } = withClock();
    expect(await kindOf(auth, encodeURIComponent(TOKENS.admin))).toBe('stale_cookie');
    expect(await kindOf(auth, 'A'.repeat(43))).toBe('stale_cookie');
  });
});

const cookiesOf = (response: { headers: Record<string, unknown> }) => [response.headers['set-cookie']].flat().filter((line): line is string => typeof line === 'string');

describe('sign-out ends the session (in memory, through the server)', () => {
  it('the old cookie opens no page afterwards, and its CSRF token is dead with it', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.dealer1);
    const page = await getPage(server, '/dealer', cookie);
    expect(page.statusCode).toBe(200);
    const csrf = csrfOf(page.body);
    expect((await postForm(server, '/signout', { _csrf: csrf }, cookie)).statusCode).toBe(303);

    const after = await getPage(server, '/dealer', cookie);
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/signin?next=%2Fdealer');
    expect(cookiesOf(after)).toContain('dealerflow_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
    expect((await getPage(server, '/', cookie)).headers.location).toBe('/signin');
    const again = await postForm(server, '/dealer/preferences', { _csrf: csrf, 'webhook:stock.alert.raised': 'on' }, cookie);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/signin');
  });

  it('ends only the session signed out: the same token signed in elsewhere stays signed in', async () => {
    const server = createDashboardServer();
    const laptop = await signIn(server, TOKENS.ops);
    const phone = await signIn(server, TOKENS.ops);
    const page = await getPage(server, '/ops', laptop);
    await postForm(server, '/signout', { _csrf: csrfOf(page.body) }, laptop);
    expect((await getPage(server, '/ops', laptop)).statusCode).toBe(303);
    expect((await getPage(server, '/ops', phone)).statusCode).toBe(200);
  });

  it('a session id is never a bearer token: not for the JSON API, not for a page', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.admin);
    const sessionId = cookie.slice('dealerflow_session='.length);
    for (const url of ['/v1/outputs', '/v1/dealers/D-1/inbox', '/v1/credit/holds']) {
      const response = await server.app.inject({ method: 'GET', url, headers: bearer(sessionId) });
      expect(response.statusCode, url).toBe(401);
    }
    const page = await server.app.inject({ method: 'GET', url: '/ops', headers: { host: HOST, ...bearer(sessionId) } });
    expect(page.statusCode).toBe(401);
  });

  it('a session store that does not answer is a 503 page, logged, not a sign-out', async () => {
    const store = createMemorySessionStore();
    let failing = false;
    const flaky: SessionStore = {
      ...store,
      find: async (idHash) => {
        if (failing) throw new Error('connection refused');
        return store.find(idHash);
      },
    };
    const server = createDashboardServer({ sessions: flaky });
    const cookie = await signIn(server, TOKENS.finance);
    failing = true;
    const response = await getPage(server, '/finance', cookie);
    expect(response.statusCode).toBe(503);
    expect(cookiesOf(response).filter((line) => line.startsWith('dealerflow_session='))).toEqual([]);
    expect(server.logLines.some((line) => line.includes('session store failed'))).toBe(true);
  });
});
