import type { OutputEvent } from '@dealerflow/contracts';
import { generateStream } from '@dealerflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTokens } from '../src';
import { bearer, TOKEN_SPEC, TOKENS } from './inMemoryRuntime';
import { databases, openRealServer, type RealServer } from './realServer';

// Issue 18, defect 6: a dealer's token read operations' and finance's messages about it (finance's credit review among them).
const backends = await databases('dealerflow-api-dealer-outputs-');

// Three dealers over seven weeks: holds with finance's reviews, stock alerts and late deliveries operations hears of.
const STREAM = [...generateStream({ dealers: 3, skus: 12, days: 50, seed: 4 })];
const DEALER_IDS = [...new Set(STREAM.filter((event) => event.type === 'dealer.upserted').map((event) => event.dealerId!))];
const tokenOf = (dealerId: string) => `tok-generated-${dealerId}`;
const TOKENS_WITH_DEALERS = [TOKEN_SPEC, ...DEALER_IDS.map((dealerId) => `${tokenOf(dealerId)}=dealer:${dealerId}`)].join(',');

/** What this test holds to be a dealer's own, written out apart from the server's table. */
function addressedToDealer(output: OutputEvent): boolean {
  switch (output.type) {
    case 'credit.review.requested':
    case 'credit.limit.warning':
    case 'notification.failed':
    case 'dealer.tier.suggested':
    case 'event.dead_lettered':
      return false;
    case 'notification.requested':
    case 'notification.delivered':
      return output.data.audience === 'dealer';
    default:
      return true;
  }
}

async function readAll(server: RealServer, token: string, query: string): Promise<{ outputs: OutputEvent[]; pageSizes: number[] }> {
  const outputs: OutputEvent[] = [];
  const pageSizes: number[] = [];
  let after = '';
  for (;;) {
    const response = await server.app.inject({ method: 'GET', url: `/v1/outputs?${query}${after}`, headers: bearer(token) });
    expect(response.statusCode, response.body).toBe(200);
    const cursor = response.headers['next-cursor'];
    if (cursor === undefined) return { outputs, pageSizes };
    const lines = response.body.split('\n').filter((line) => line !== '');
    pageSizes.push(lines.length);
    outputs.push(...lines.map((line) => JSON.parse(line) as OutputEvent));
    after = `&after=${String(cursor)}`;
  }
}

describe.each(backends)("a dealer's /v1/outputs on the real server ($name)", ({ skip, location }) => {
  let server: RealServer;
  beforeAll(async () => {
    if (skip) return;
    server = await openRealServer(await location(), { tokens: parseTokens(TOKENS_WITH_DEALERS) });
    await server.runtime.eventLog.append(STREAM.map((event) => ({ value: event })));
    await server.runtime.runner.drain();
    await server.notifier.consumer.drain();
    // Deliveries record their outcomes as they finish: stopped, the log holds still while it is read twice.
    await server.stopNotifier();
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it.skipIf(skip)(`carries only what is addressed to the dealer, in full pages${skip ? ` — skipped: ${skip}` : ''}`, async () => {
    const { outputs: everything } = await readAll(server, TOKENS.admin, 'limit=10000');
    let staffMessagesHidden = 0;
    for (const dealerId of DEALER_IDS) {
      const aboutDealer = everything.filter((output) => output.dealerId === dealerId);
      const { outputs: seen, pageSizes } = await readAll(server, tokenOf(dealerId), 'limit=25');
      expect(seen.map((output) => output.eventId), dealerId).toEqual(aboutDealer.filter(addressedToDealer).map((output) => output.eventId));
      // Filtering happens in the query: every page but the last is full.
      expect(pageSizes.slice(0, -1).every((size) => size === 25), `${dealerId}: ${pageSizes.join(' ')}`).toBe(true);
      staffMessagesHidden += aboutDealer.filter((output) => output.type === 'notification.requested' && output.data.audience !== 'dealer').length;
    }
    // The stream tells operations and finance about these dealers, and finance reviews holds: else the test proves nothing.
    expect(staffMessagesHidden).toBeGreaterThan(0);
    expect(everything.some((output) => output.type === 'credit.review.requested')).toBe(true);
  });
});
