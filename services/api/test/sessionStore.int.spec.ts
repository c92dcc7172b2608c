import { openDatabase, type Database as OpenDatabase } from '@dealerflow/db';
import { createSessionStore, type SessionStore } from '@dealerflow/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemorySessionStore } from '../src/dashboards/session/memorySessionStore';
import { databases } from './realServer';

// One suite for every adapter of the session store: this process's memory, PGlite, PostgreSQL.
const opened: OpenDatabase[] = [];
afterAll(async () => {
  await Promise.all(opened.map((database) => database.close()));
});

const adapters: { name: string; skip: string | false; open(): Promise<SessionStore> }[] = [
  { name: 'memory', skip: false, open: async () => createMemorySessionStore() },
  ...(await databases('dealerflow-api-session-store-')).map((database) => ({
    name: database.name,
    skip: database.skip,
    async open() {
      const open = await openDatabase(await database.location());
      opened.push(open);
      return createSessionStore(open.prisma);
    },
  })),
];

const at = (iso: string) => new Date(iso);
const session = (overrides: Partial<{ lastSeenAt: Date; expiresAt: Date }> = {}) => ({
  tokenBinding: 'binding-1',
  createdAt: at('2026-04-20T08:00:00.000Z'),
  lastSeenAt: overrides.lastSeenAt ?? at('2026-04-20T08:00:00.000Z'),
  expiresAt: overrides.expiresAt ?? at('2026-04-27T08:00:00.000Z'),
});

describe.each(adapters)('the session store ($name)', ({ skip, open }) => {
  it.skipIf(skip)(`keeps, finds, touches (never backwards) and ends a session${skip ? ` — skipped: ${skip}` : ''}`, async () => {
    const store = await open();
    await store.create('h-1', session());
    expect(await store.find('h-1')).toEqual(session());
    expect(await store.find('h-2')).toBeUndefined();
    await store.touch('h-1', at('2026-04-20T09:00:00.000Z'));
    await store.touch('h-1', at('2026-04-20T08:30:00.000Z'));
    expect((await store.find('h-1'))?.lastSeenAt).toEqual(at('2026-04-20T09:00:00.000Z'));
    await store.revoke('h-1');
    await store.revoke('h-1');
    expect(await store.find('h-1')).toBeUndefined();
    // Activity on an ended session does not bring it back.
    await store.touch('h-1', at('2026-04-20T10:00:00.000Z'));
    expect(await store.find('h-1')).toBeUndefined();
  });

  it.skipIf(skip)(`refuses a second session with the same id${skip ? ` — skipped: ${skip}` : ''}`, async () => {
    const store = await open();
    await store.create('h-1', session());
    await expect(store.create('h-1', session())).rejects.toThrow();
  });

  it.skipIf(skip)(`purges sessions past their end or idle too long, and only those${skip ? ` — skipped: ${skip}` : ''}`, async () => {
    const store = await open();
    await store.create('live', session({ lastSeenAt: at('2026-04-21T07:00:00.000Z') }));
    await store.create('idle', session({ lastSeenAt: at('2026-04-20T18:59:59.000Z') }));
    await store.create('ended', session({ lastSeenAt: at('2026-04-21T07:00:00.000Z'), expiresAt: at('2026-04-21T08:00:00.000Z') }));
    const purged = await store.purgeExpired(at('2026-04-21T08:00:00.000Z'), at('2026-04-20T19:00:00.000Z'));
    expect(purged).toBe(2);
    expect(await store.find('live')).toBeDefined();
    expect(await store.find('idle')).toBeUndefined();
    expect(await store.find('ended')).toBeUndefined();
  });
});
