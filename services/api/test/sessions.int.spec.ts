import { openDatabase, type Database } from '@dealerflow/db';
import { createSessionStore } from '@dealerflow/runtime';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createServer, parseTokens } from '../src';
import { csrfOf, getPage, HOST, postForm, signIn } from './dashboardsTestServer';
import { createInMemoryBoard } from './inMemoryBoard';
import { bearer, createInMemoryEventLog, createInMemoryHealth, createInMemoryOutputReader, TOKEN_SPEC, TOKENS } from './inMemoryRuntime';
import { databases, openRealServer } from './realServer';

// Issue 18, defect 7: sign-out did not end a session (the cookie was the API token itself).
const backends = await databases('dealerflow-api-sessions-');
const skipped = (skip: string | false) => (skip ? ` — skipped: ${skip}` : '');

const dealerOne = {
  eventId: 'dlr-1',
  type: 'dealer.upserted',
  schemaVersion: 1,
  occurredAt: '2026-04-01T08:00:00Z',
  dealerId: 'D-1',
  data: { name: 'Dealer One', tier: 'B', region: 'East', locale: 'en', currency: 'CNY', creditLimit: 10_000, paymentTerms: { netDays: 30 } },
};

/** Another API process: nothing in common with the first but the database its sessions are in. */
function serverWithSessionsOf(database: Database) {
  return createServer({
    eventLog: createInMemoryEventLog().eventLog,
    outputs: createInMemoryOutputReader([]).reader,
    health: createInMemoryHealth({ watermark: null, lag: {} }).health,
    board: createInMemoryBoard(),
    sessions: createSessionStore(database.prisma),
    tokens: parseTokens(TOKEN_SPEC),
    logger: pino({ level: 'silent' }),
  });
}

const cookiesOf = (response: { headers: Record<string, unknown> }) => [response.headers['set-cookie']].flat().filter((line): line is string => typeof line === 'string');

describe.each(backends)('dashboard sessions in the database ($name), through the real server', ({ skip, location }) => {
  it.skipIf(skip)(`after sign-out the old cookie opens nothing, and is no bearer token${skipped(skip)}`, async () => {
    const server = await openRealServer(await location());
    try {
      await server.runtime.eventLog.append([{ value: dealerOne }]);
      await server.runtime.runner.drain();
      await server.runtime.boardProjector.drain();
      const cookie = await signIn(server, TOKENS.dealer1);
      const sessionId = cookie.slice('dealerflow_session='.length);
      expect(sessionId).not.toContain(TOKENS.dealer1);
      const page = await getPage(server, '/dealer', cookie);
      expect(page.statusCode).toBe(200);

      // What the table keeps: a hash of the id, never the id, never the token.
      const rows = await server.runtime.prisma.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM dashboard_session');
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(sessionId);
      expect(JSON.stringify(rows)).not.toContain(TOKENS.dealer1);

      const signout = await postForm(server, '/signout', { _csrf: csrfOf(page.body) }, cookie);
      expect(signout.statusCode).toBe(303);
      expect(await server.runtime.prisma.$queryRawUnsafe('SELECT * FROM dashboard_session')).toEqual([]);

      const after = await getPage(server, '/dealer', cookie);
      expect(after.statusCode).toBe(303);
      expect(after.headers.location).toBe('/signin?next=%2Fdealer');
      for (const url of ['/v1/outputs', '/v1/dealers/D-1/inbox']) {
        const asBearer = await server.app.inject({ method: 'GET', url, headers: bearer(sessionId) });
        expect(asBearer.statusCode, url).toBe(401);
      }
      const pageAsBearer = await server.app.inject({ method: 'GET', url: '/dealer', headers: { host: HOST, ...bearer(sessionId) } });
      expect(pageAsBearer.statusCode).toBe(401);
    } finally {
      await server.close();
    }
  });

  it.skipIf(skip)(`a session outlives a restart, is known to every API process, and ends idle after 12 hours${skipped(skip)}`, async () => {
    const where = await location();
    const first = await openRealServer(where);
    const cookie = await signIn(first, TOKENS.finance);
    const otherCookie = await signIn(first, TOKENS.ops);
    await first.close();

    const second = await openRealServer(where);
    try {
      expect((await getPage(second, '/finance', cookie)).statusCode).toBe(200);
      if (where.databaseUrl !== undefined) {
        // Another process on the same PostgreSQL: its own connections, the same sessions; a sign-out there ends it here.
        const other = await openDatabase({ databaseUrl: where.databaseUrl });
        try {
          const app = serverWithSessionsOf(other);
          const page = await getPage({ app }, '/ops', otherCookie);
          expect(page.statusCode).toBe(200);
          expect((await postForm({ app }, '/signout', { _csrf: csrfOf(page.body) }, otherCookie)).statusCode).toBe(303);
          expect((await getPage(second, '/ops', otherCookie)).statusCode).toBe(303);
          await app.close();
        } finally {
          await other.close();
        }
      }
      // Twelve hours without a request: the next one finds the session over, clears the cookie, forgets the row.
      const count = async () => (await second.runtime.prisma.$queryRawUnsafe<unknown[]>('SELECT 1 FROM dashboard_session')).length;
      const before = await count();
      await second.runtime.prisma.$executeRawUnsafe(`UPDATE dashboard_session SET last_seen_at = now() - interval '12 hours 1 minute'`);
      const idle = await getPage(second, '/finance', cookie);
      expect(idle.statusCode).toBe(303);
      expect(cookiesOf(idle)).toContain('dealerflow_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
      expect(await count()).toBe(before - 1);
    } finally {
      await second.close();
    }
  });
});
