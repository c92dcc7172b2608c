import { createCreditHoldReader, openEmbeddedRuntime, type EmbeddedRuntime } from '@dealerflow/runtime';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, parseTokens } from '../src';
import { TOKEN_SPEC, TOKENS } from './inMemoryRuntime';
import { csrfOf, getPage, postForm, signIn } from './dashboardsTestServer';

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
    name: 'Dealer <One>',
    tier: 'A',
    region: 'East',
    locale: 'zh-CN',
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
  data: { orderId: 'O-1', warehouseId: 'W-1', lines: [{ sku: 'SKU-1', qty: 50, unitPrice: 250 }], promisedDeliveryDate: '2026-04-09' },
};

/** The pipeline and the board's projector both caught up: what a person sees a moment later. */
async function settle(): Promise<void> {
  await runtime.runner.drain();
  await runtime.boardProjector.drain();
}

describe('the dashboards over the embedded runtime (PGlite in memory)', () => {
  it('finance sees the hold, releases it with a note; it leaves the queue and appears in the audit', async () => {
    const app = createServer({
      eventLog: runtime.eventLog,
      outputs: runtime.outputs,
      health: runtime.health,
      directory: runtime.dealers,
      creditHolds: createCreditHoldReader(runtime.prisma),
      board: runtime.board,
      tokens: parseTokens(TOKEN_SPEC),
      logger: pino({ level: 'silent' }),
    });
    const server = { app };
    expect(await runtime.eventLog.append([{ value: dealer }, { value: order }])).toMatchObject({ accepted: 2 });
    await settle();

    const cookie = await signIn(server, TOKENS.finance);
    const before = (await getPage(server, '/finance', cookie)).body;
    expect([...before.matchAll(/data-testid="hold-row" data-hold-id="([^"]+)"/g)].map((match) => match[1])).toEqual(['hold-D-1-1']);
    expect(before).toContain('Dealer &lt;One&gt;');

    const released = await postForm(server, '/finance/holds/hold-D-1-1/decision', { _csrf: csrfOf(before), decision: 'release', note: 'agreed with sales' }, cookie);
    expect(released.statusCode).toBe(303);
    await settle();

    const after = (await getPage(server, '/finance', cookie)).body;
    expect(after).not.toContain('data-testid="hold-row"');
    const audit = after.match(/<tr data-testid="audit-row"[\s\S]*?<\/tr>/g) ?? [];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toContain('Fran');
    expect(audit[0]).toContain('agreed with sales');
    expect(audit[0]).toContain('release');

    // The dealer's timeline shows the decision among its inputs, and the release it caused.
    const timeline = (await getPage(server, '/ops/dealers/D-1', await signIn(server, TOKENS.ops))).body;
    expect(timeline).toContain('credit.decision.recorded');
    expect(timeline).toContain('credit.hold.released');

    // The dealer reads its portal in its own language.
    const portal = (await getPage(server, '/dealer', await signIn(server, TOKENS.dealer1))).body;
    expect(portal).toContain('<html lang="zh-CN">');
    expect(portal).toContain('<h1 data-testid="dealer-name">Dealer &lt;One&gt;</h1>');
  });
});
