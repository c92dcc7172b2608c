import { openDatabase, type Database } from '@dealerflow/db';
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, probePostgres, type ScratchDatabase } from '@dealerflow/db/testing';
import { SecretsKeyMissingError, silentLogger, type RuntimeLogger } from '@dealerflow/runtime';
import { requireServer } from '@dealerflow/testkit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createSecretSealer,
  createSigningSecrets,
  createWebhookSecretStore,
  MAX_PREVIOUS_SECRETS,
  PermanentDeliveryError,
  type SecretSealer,
} from '../src';

const KEY = 'notifier-test-secrets-key-0123456789abcdef';
const T0 = Date.parse('2026-04-18T09:00:00Z');

const postgres = await probePostgres(process.env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL);
const postgresSkip = requireServer(`PostgreSQL at ${postgres.serverUrl}`, postgres);
const opened: Database[] = [];
const scratch: ScratchDatabase[] = [];
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
  await Promise.all(scratch.map((db) => db.drop()));
});

const backends: { name: string; skip: string | false; open(): Promise<Database> }[] = [
  { name: 'PGlite', skip: false, open: () => openDatabase() },
  {
    name: 'PostgreSQL',
    skip: postgresSkip,
    async open() {
      const database = await createScratchDatabase(postgres.serverUrl);
      scratch.push(database);
      return openDatabase({ databaseUrl: database.url });
    },
  },
];

/** A store and the notifier's signing cache over one database, on a clock the test moves. */
function secretsOver(db: Database, options: { sealer?: SecretSealer | undefined; ttlMs?: number; logger?: RuntimeLogger } = {}) {
  const clock = { now: T0 };
  const now = () => clock.now;
  const sealer = 'sealer' in options ? options.sealer : createSecretSealer(KEY);
  const signing = createSigningSecrets({ prisma: db.prisma, sealer, ttlMs: options.ttlMs ?? 5_000, logger: options.logger ?? silentLogger, now });
  const store = createWebhookSecretStore({ prisma: db.prisma, sealer, defaultOverlapSeconds: 86_400, onChange: () => signing.forget(), now });
  return { clock, signing, store };
}

describe.each(backends)('dealers’ webhook secrets on $name', (backend) => {
  const test = it.skipIf(backend.skip);
  const suffix = backend.skip ? ` — skipped: ${backend.skip}` : '';
  async function database(): Promise<Database> {
    const db = await backend.open();
    opened.push(db);
    return db;
  }

  test(`gives each dealer its own secret, kept sealed: the table holds neither in clear${suffix}`, async () => {
    const db = await database();
    const { store, signing } = secretsOver(db);
    const a = await store.rotate('D-A', {});
    const b = await store.rotate('D-B', {});
    expect(a.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(a.secret).not.toBe(b.secret);
    expect(a).toMatchObject({ replaced: false, summary: { dealerId: 'D-A', signedWith: 'own', createdAt: new Date(T0).toISOString(), previous: [] } });

    expect(await signing.secretsFor('D-A')).toEqual([a.secret]);
    expect(await signing.secretsFor('D-B')).toEqual([b.secret]);
    expect(await signing.secretsFor('D-C')).toBeUndefined();
    expect(await store.describe('D-C')).toEqual({ dealerId: 'D-C', signedWith: 'default', createdAt: null, previous: [] });

    const stored = JSON.stringify(await db.prisma.$queryRawUnsafe(`SELECT * FROM dealer_webhook_secret`));
    for (const secret of [a.secret, b.secret]) {
      expect(stored).not.toContain(secret.slice('whsec_'.length, 20));
    }
  });

  test(`after a rotation signs with both secrets until the overlap ends, then with the new one only${suffix}`, async () => {
    const db = await database();
    const { store, signing, clock } = secretsOver(db);
    const first = await store.rotate('D-A', {});
    clock.now = T0 + 1_000;
    const second = await store.rotate('D-A', { overlapSeconds: 60 });
    expect(second.replaced).toBe(true);
    expect(second.summary).toEqual({
      dealerId: 'D-A',
      signedWith: 'own',
      createdAt: new Date(T0 + 1_000).toISOString(),
      previous: [{ createdAt: new Date(T0).toISOString(), retiredAt: new Date(T0 + 1_000).toISOString(), validUntil: new Date(T0 + 61_000).toISOString() }],
    });
    expect(await signing.secretsFor('D-A')).toEqual([second.secret, first.secret]);

    clock.now = T0 + 60_999;
    expect(await signing.secretsFor('D-A')).toEqual([second.secret, first.secret]);
    clock.now = T0 + 61_000;
    expect(await signing.secretsFor('D-A')).toEqual([second.secret]);
    expect((await store.describe('D-A')).previous).toEqual([]);

    // A rotation with no overlap (a leaked secret) stops the old one at once.
    const third = await store.rotate('D-A', { overlapSeconds: 0 });
    expect(await signing.secretsFor('D-A')).toEqual([third.secret]);
  });

  test(`keeps every replaced secret of quick rotations until its own overlap ends, at most ${MAX_PREVIOUS_SECRETS}${suffix}`, async () => {
    const db = await database();
    const { store, signing, clock } = secretsOver(db);
    const made: string[] = [];
    for (let i = 0; i < MAX_PREVIOUS_SECRETS + 2; i += 1) {
      clock.now = T0 + i * 1_000;
      made.push((await store.rotate('D-A', {})).secret);
    }
    expect(await signing.secretsFor('D-A')).toEqual(made.slice(-1 - MAX_PREVIOUS_SECRETS).reverse());
    // Rotations that race: each waits for the other, one current secret remains.
    const raced = await Promise.all([1, 2, 3].map(() => store.rotate('D-B', {})));
    const live = await signing.secretsFor('D-B');
    expect(live).toHaveLength(3);
    expect(new Set(live)).toEqual(new Set(raced.map((answer) => answer.secret)));
    expect(raced.filter((answer) => !answer.replaced)).toHaveLength(1);
  });

  test(`a rotation in this process applies at once; one made by another process within the cache's time${suffix}`, async () => {
    const db = await database();
    const here = secretsOver(db);
    const elsewhere = secretsOver(db, { ttlMs: 5_000 });
    const first = await here.store.rotate('D-A', {});
    expect(await elsewhere.signing.secretsFor('D-A')).toEqual([first.secret]);
    const second = await here.store.rotate('D-A', { overlapSeconds: 0 });
    expect(await here.signing.secretsFor('D-A')).toEqual([second.secret]);
    expect(await elsewhere.signing.secretsFor('D-A')).toEqual([first.secret]);
    elsewhere.clock.now = T0 + 5_000;
    expect(await elsewhere.signing.secretsFor('D-A')).toEqual([second.secret]);
  });

  test(`a removed secret falls back to the default at once${suffix}`, async () => {
    const db = await database();
    const { store, signing } = secretsOver(db);
    await store.rotate('D-A', {});
    await store.rotate('D-A', {});
    await store.remove('D-A');
    expect(await signing.secretsFor('D-A')).toBeUndefined();
    expect(await store.describe('D-A')).toMatchObject({ signedWith: 'default', createdAt: null, previous: [] });
  });

  test(`without the key that sealed it, the dealer's webhooks fail for good, naming the key, and are never signed with the default${suffix}`, async () => {
    const db = await database();
    const { store } = secretsOver(db);
    await store.rotate('D-A', {});
    const errors: object[] = [];
    const logger: RuntimeLogger = { ...silentLogger, error: (context) => void errors.push(context), child: () => logger };
    const otherKey = secretsOver(db, { sealer: createSecretSealer(`${KEY}-changed`), logger });
    const failure = await otherKey.signing.secretsFor('D-A').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentDeliveryError);
    expect((failure as Error).message).toMatch(/another DEALERFLOW_SECRETS_KEY \(key id [0-9a-f]{16}/);
    await otherKey.signing.secretsFor('D-A').catch(() => undefined);
    expect(errors).toHaveLength(1);
    expect(await otherKey.signing.secretsFor('D-B')).toBeUndefined();

    const noKey = secretsOver(db, { sealer: undefined });
    await expect(noKey.signing.secretsFor('D-A')).rejects.toThrow(/DEALERFLOW_SECRETS_KEY is not set/);
    await expect(noKey.store.rotate('D-B', {})).rejects.toThrow(SecretsKeyMissingError);
  });

  test(`a sealed secret copied onto another dealer's row does not open${suffix}`, async () => {
    const db = await database();
    const { store, signing } = secretsOver(db);
    const a = await store.rotate('D-A', {});
    await store.rotate('D-B', {});
    await db.prisma.$executeRawUnsafe(
      `UPDATE dealer_webhook_secret SET sealed = (SELECT sealed FROM dealer_webhook_secret WHERE dealer_id = 'D-A') WHERE dealer_id = 'D-B'`,
    );
    signing.forget();
    expect(await signing.secretsFor('D-A')).toEqual([a.secret]);
    await expect(signing.secretsFor('D-B')).rejects.toThrow(PermanentDeliveryError);
  });
});
