import { parseInputValue } from '@dealerflow/contracts';
import { describe, expect, it } from 'vitest';
import { bearer, createTestServer, TOKENS } from './inMemoryRuntime';

type Server = ReturnType<typeof createTestServer>;

function acknowledge(server: Server, payload: unknown, token: string = TOKENS.dealer1, dealerId = 'D-1') {
  return server.app.inject({
    method: 'POST',
    url: `/v1/dealers/${dealerId}/stock-alerts/acknowledgements`,
    headers: { ...bearer(token), 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });
}

const appended = (server: Server) => server.events.calls.flat().map((item) => ('value' in item ? item.value : item.text));

describe('POST /v1/dealers/{dealerId}/stock-alerts/acknowledgements (issue 21)', () => {
  it('lets a dealer snooze its own alert: a stock.alert.acknowledged input the stock worker takes', async () => {
    const server = createTestServer();
    const response = await acknowledge(server, { alertId: 'D-1/PMP-100/low_stock/1', action: 'snooze', snoozeUntil: '2026-04-25', note: 'container booked' });
    expect(response.statusCode).toBe(202);
    const [event] = appended(server);
    const parsed = parseInputValue(event);
    expect(parsed.ok && parsed.event).toMatchObject({
      eventId: (response.json() as { eventId: string }).eventId,
      type: 'stock.alert.acknowledged',
      dealerId: 'D-1',
      data: { alertId: 'D-1/PMP-100/low_stock/1', action: 'snooze', snoozeUntil: '2026-04-25', by: 'dealer:D-1', note: 'container booked' },
    });
  });

  it('lets operations acknowledge any dealer’s alert', async () => {
    const server = createTestServer();
    const response = await acknowledge(server, { alertId: 'D-2/SKU-1/stockout/3', action: 'acknowledge' }, TOKENS.ops, 'D-2');
    expect(response.statusCode).toBe(202);
    expect(appended(server)).toMatchObject([{ dealerId: 'D-2', data: { action: 'acknowledge', by: 'ops' } }]);
  });

  it('answers another dealer’s token as for a dealer that does not exist (404), and refuses finance (403)', async () => {
    const server = createTestServer();
    expect((await acknowledge(server, { alertId: 'D-2/SKU-1/stockout/3', action: 'acknowledge' }, TOKENS.dealer1, 'D-2')).statusCode).toBe(404);
    expect((await acknowledge(server, { alertId: 'D-1/SKU-1/stockout/3', action: 'acknowledge' }, TOKENS.finance)).statusCode).toBe(403);
    expect(appended(server)).toEqual([]);
  });

  it('refuses a snooze without its end, and an id that is not one of the dealer’s alerts (400), storing nothing', async () => {
    const server = createTestServer();
    const noEnd = await acknowledge(server, { alertId: 'D-1/SKU-1/low_stock/1', action: 'snooze' });
    expect(noEnd.statusCode).toBe(400);
    expect(noEnd.json()).toMatchObject({ details: [{ field: 'snoozeUntil' }] });
    const foreign = await acknowledge(server, { alertId: 'D-2/SKU-1/low_stock/1', action: 'acknowledge' });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json()).toMatchObject({ details: [{ field: 'alertId' }] });
    expect(appended(server)).toEqual([]);
  });
});
