import { afterAll, describe, expect, it } from 'vitest';
import { createEventBuilder } from '@dealerflow/contracts/testing';
import { createDealerDirectory, createLogInputFeed, openEmbeddedRuntime, type InputFeed } from '../src';

// The directory read model (PGlite in memory): what the input feed last told of each key, caught up at each read.
const runtime = await openEmbeddedRuntime();
afterAll(() => runtime.close());

const e = createEventBuilder();
const profile = (name: string, locale: 'en' | 'zh-CN') => ({
  name, tier: 'A' as const, region: 'East', locale, currency: 'CNY', creditLimit: 10_000, paymentTerms: { netDays: 30 },
});
const program = (name: string) => ({
  programId: 'P-1', name, periodStart: '2026-01-01', periodEnd: '2026-03-31', basis: 'quantity' as const, accumulation: 'period' as const,
  method: 'all_units' as const, tiers: [{ threshold: 0, rate: 0 }, { threshold: 100, rate: 0.02 }],
});

async function append(events: object[]): Promise<void> {
  await runtime.eventLog.append(events.map((value) => ({ value })));
}

describe('the directory', () => {
  it('answers with what the input log last told of each key, including what was appended just before the read', async () => {
    await append([
      e('dealer.upserted', '2026-03-01T00:00:00Z', profile('Alpha', 'en'), { dealerId: 'D-1' }),
      e('product.upserted', '2026-03-01T00:00:00Z', { sku: 'SKU-1', name: 'Pump', category: 'pumps', unitPrice: 100, packSize: 4 }),
      e('product.upserted', '2026-03-01T00:00:00Z', { sku: 'SKU-2', name: 'Valve', category: 'valves', unitPrice: 10 }),
      e('rebate.program.upserted', '2026-03-01T00:00:00Z', program('Spring'), { dealerId: '*' }),
    ]);
    expect((await runtime.dealers.profile('D-1'))?.name).toBe('Alpha');

    // No runner in between: the directory reads the input log itself.
    await append([
      e('dealer.upserted', '2026-03-02T00:00:00Z', profile('Alpha Pumps', 'zh-CN'), { dealerId: 'D-1' }),
      e('dealer.upserted', '2026-03-02T00:00:00Z', profile('Beta', 'en'), { dealerId: 'D-2' }),
      e('rebate.program.upserted', '2026-03-02T00:00:00Z', program('Spring volume'), { dealerId: '*' }),
    ]);
    const profiles = await runtime.dealers.profiles(['D-1', 'D-2', 'D-9']);
    expect([...profiles].map(([dealerId, { name, locale }]) => [dealerId, name, locale]).sort()).toEqual([
      ['D-1', 'Alpha Pumps', 'zh-CN'],
      ['D-2', 'Beta', 'en'],
    ]);
    expect(await runtime.dealers.profile('D-9')).toBeUndefined();
    expect([...(await runtime.dealers.programs())].map(([id, entry]) => [id, entry.dealerId, entry.program.name])).toEqual([['P-1', '*', 'Spring volume']]);
    expect(await runtime.dealers.packSizes(['SKU-1', 'SKU-2', 'SKU-9'])).toEqual(new Map([['SKU-1', 4], ['SKU-2', 1]]));
  });

  it('read again from the start (at least once), an older record never replaces a later one', async () => {
    const before = await runtime.dealers.profiles(['D-1', 'D-2']);
    await runtime.prisma.$executeRawUnsafe(`DELETE FROM consumer_position WHERE consumer = 'directory'`);
    // A second directory reading one record at a time from the start, stopped after its first batch (D-1's first
    // profile): the table keeps D-1's later profile.
    const feed = createLogInputFeed(runtime.prisma);
    let reads = 0;
    const oneBatch: InputFeed = {
      consumer(options) {
        const consumer = feed.consumer({ ...options, batchSize: 1 });
        return { ...consumer, read: () => (reads++ === 0 ? consumer.read() : Promise.reject(new Error('stopped'))) };
      },
    };
    await expect(createDealerDirectory(runtime.prisma, oneBatch).profile('D-1')).rejects.toThrow('stopped');
    const rows = await runtime.prisma.$queryRawUnsafe<{ profile: string }[]>(`SELECT profile FROM directory_dealer WHERE dealer_id = 'D-1'`);
    expect(JSON.parse(rows[0]!.profile).name).toBe('Alpha Pumps');

    const reread = createDealerDirectory(runtime.prisma);
    expect(await reread.profiles(['D-1', 'D-2'])).toEqual(before);
    expect([...(await reread.programs()).values()].map((entry) => entry.program.name)).toEqual(['Spring volume']);
  });
});
