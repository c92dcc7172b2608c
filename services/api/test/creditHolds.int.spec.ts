import { createCreditHoldReader, openEmbeddedRuntime, type CreditHold, type EmbeddedRuntime } from '@dealerflow/runtime';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, parseTokens } from '../src';
import { bearer, TOKEN_SPEC, TOKENS } from './inMemoryRuntime';

let runtime: EmbeddedRuntime;
beforeAll(async () => {
  runtime = await openEmbeddedRuntime();
});
afterAll(async () => {
  await runtime.close();
});

const dealer = {
  eventId: 'dlr-1',
  type: 'dealer.upserted',
  schemaVersion: 1,
  occurredAt: '2026-04-01T08:00:00Z',
  dealerId: 'D-1',
  data: {
    name: 'Dealer One',
    tier: 'B',
    region: 'East',
    locale: 'en',
    currency: 'CNY',
    creditLimit: 10_000,
    paymentTerms: { netDays: 30 },
  },
};

const order = {
  eventId: 'ord-1',
  type: 'order.placed',
  schemaVersion: 1,
  occurredAt: '2026-04-02T09:00:00Z',
  dealerId: 'D-1',
  data: {
    orderId: 'O-1',
    warehouseId: 'W-1',
    lines: [{ sku: 'SKU-1', qty: 50, unitPrice: 250 }],
    promisedDeliveryDate: '2026-04-09',
  },
};

describe('credit holds over the embedded runtime (PGlite in memory)', () => {
  it('lists the hold an over-limit order placed, releases it through the credit worker, refuses a second decision', async () => {
    const app = createServer({
      eventLog: runtime.eventLog,
      outputs: runtime.outputs,
      health: runtime.health,
      directory: runtime.dealers,
      creditHolds: createCreditHoldReader(runtime.prisma),
      tokens: parseTokens(TOKEN_SPEC),
      logger: pino({ level: 'silent' }),
    });
    const fed = await runtime.eventLog.append([{ value: dealer }, { value: order }]);
    expect(fed).toMatchObject({ accepted: 2, deadLettered: 0 });
    await runtime.runner.drain();

    const active = await app.inject({ method: 'GET', url: '/v1/credit/holds?status=active', headers: bearer(TOKENS.finance) });
    expect(active.statusCode).toBe(200);
    const [hold, ...others] = (active.json() as { items: CreditHold[] }).items;
    expect(others).toEqual([]);
    expect(hold).toMatchObject({
      holdId: 'hold-D-1-1',
      dealerId: 'D-1',
      status: 'active',
      placedAt: '2026-04-02T09:00:00.000Z',
      reasons: [{ code: 'over_limit', exposure: 12_500, creditLimit: 10_000, excess: 2_500 }],
      exposure: 12_500,
      openOrderValue: 12_500,
      causedBy: 'ord-1',
      release: null,
    });
    expect(hold?.review?.suggestedAction.code).toBe('review_limit');

    const decision = await app.inject({
      method: 'POST',
      url: '/v1/credit/holds/hold-D-1-1/decision',
      headers: { ...bearer(TOKENS.finance), 'content-type': 'application/json' },
      payload: JSON.stringify({ decision: 'release', note: 'large order agreed with sales; limit review next week' }),
    });
    expect(decision.statusCode).toBe(202);
    const { eventId } = decision.json() as { eventId: string };
    await runtime.runner.drain();

    const all = await app.inject({ method: 'GET', url: '/v1/credit/holds?status=all', headers: bearer(TOKENS.ops) });
    const [released] = (all.json() as { items: CreditHold[] }).items;
    expect(released).toMatchObject({
      holdId: 'hold-D-1-1',
      status: 'released',
      release: {
        releasedBy: 'finance',
        reason: 'large order agreed with sales; limit review next week',
        overrideUntil: null,
        causedBy: eventId,
      },
    });
    const stillActive = await app.inject({ method: 'GET', url: '/v1/credit/holds', headers: bearer(TOKENS.finance) });
    expect((stillActive.json() as { items: CreditHold[] }).items).toEqual([]);

    const again = await app.inject({
      method: 'POST',
      url: '/v1/credit/holds/hold-D-1-1/decision',
      headers: { ...bearer(TOKENS.finance), 'content-type': 'application/json' },
      payload: JSON.stringify({ decision: 'keep' }),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'not_active' });
  });
});
