import type { OpenAPIV3 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { createBoardTestServer, DEFAULT_BOARD_FIXTURE } from './inMemoryBoard';
import { bearer, TOKENS } from './inMemoryRuntime';

const get = (app: ReturnType<typeof createBoardTestServer>['app'], url: string, token: string = TOKENS.admin) =>
  app.inject({ method: 'GET', url, headers: bearer(token) });

describe('GET /v1/dealers', () => {
  it('answers the first page in the board order, with the total and no cursor when nothing follows', async () => {
    const { app } = createBoardTestServer();
    const response = await get(app, '/v1/dealers', TOKENS.ops);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toBe(3);
    expect(body.items.map((dealer: { dealerId: string }) => dealer.dealerId)).toEqual(['D-1', 'D-2', 'D-3']);
    expect(body.items[0]).toEqual({
      dealerId: 'D-1',
      name: '华东汽配 Huadong Parts',
      tier: 'A',
      region: 'East',
      locale: 'zh-CN',
      openAlerts: { critical: 1, high: 1, medium: 0, low: 0 },
      lateDeliveries: 1,
      credit: { status: 'on_hold', holdId: 'hold-D-1-1', exposure: 12_500, creditLimit: 10_000 },
    });
    expect(response.headers['next-cursor']).toBeUndefined();
  });

  it('passes every filter to the board and pages with Next-Cursor', async () => {
    const { app, board } = createBoardTestServer();
    const first = await get(app, '/v1/dealers?region=East&limit=1', TOKENS.finance);
    expect(first.json()).toMatchObject({ total: 2, items: [{ dealerId: 'D-1' }] });
    const cursor = first.headers['next-cursor'];
    expect(typeof cursor).toBe('string');
    const second = await get(app, `/v1/dealers?region=East&limit=1&after=${encodeURIComponent(String(cursor))}`, TOKENS.finance);
    expect(second.json()).toMatchObject({ total: 2, items: [{ dealerId: 'D-3' }] });
    expect(second.headers['next-cursor']).toBeUndefined();

    await get(app, '/v1/dealers?tier=A&search=%20huadong%20&minSeverity=high&onHold=true');
    await get(app, '/v1/dealers?onHold=false');
    expect(board.calls.slice(-2)).toEqual([
      'listDealers {"limit":50,"tier":"A","search":"huadong","minSeverity":"high","onHold":true}',
      'listDealers {"limit":50,"onHold":false}',
    ]);
    expect((await get(app, '/v1/dealers?onHold=false')).json().items.map((d: { dealerId: string }) => d.dealerId)).toEqual(['D-2', 'D-3']);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['tier=E', 'tier'],
    ['minSeverity=urgent', 'minSeverity'],
    ['onHold=yes', 'onHold'],
    ['search=', 'search'],
    ['regoin=East', 'regoin'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const { app, board } = createBoardTestServer();
    const response = await get(app, `/v1/dealers?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request', details: [{ field }] });
    expect(board.calls).toEqual([]);
  });

  it('refuses a cursor the board did not issue with 400 naming after', async () => {
    const { app } = createBoardTestServer();
    const response = await get(app, '/v1/dealers?after=forged');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_cursor', details: [{ field: 'after' }] });
  });

  it('answers 503 and logs when the board cannot be read', async () => {
    const { app, board, logLines } = createBoardTestServer();
    board.failWith(new Error('connection refused'));
    const response = await get(app, '/v1/dealers');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ error: 'unavailable' });
    expect(logLines.some((line) => line.includes('board read failed') && line.includes('connection refused'))).toBe(true);
  });
});

describe('GET /v1/dealers/{dealerId} and its parts', () => {
  it('answers the summary, and 404 for a dealer the board does not know', async () => {
    const { app } = createBoardTestServer();
    expect((await get(app, '/v1/dealers/D-2', TOKENS.finance)).json()).toMatchObject({ dealerId: 'D-2', credit: { status: 'warning' } });
    const unknown = await get(app, '/v1/dealers/D-404');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: 'not_found', message: 'no such dealer' });
  });

  it.each(['', '/timeline', '/stock', '/deliveries', '/rebates', '/credit/exposure'])(
    "answers a dealer asking for another dealer's%s 404 before the board is read",
    async (part) => {
      const { app, board } = createBoardTestServer();
      const response = await get(app, `/v1/dealers/D-1${part}`, TOKENS.dealer2);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: 'not_found', message: 'no such dealer' });
      expect(board.calls).toEqual([]);
    },
  );

  it.each(['timeline', 'stock', 'deliveries', 'rebates', 'credit/exposure'])('answers 404 for the %s of an unknown dealer', async (part) => {
    const { app } = createBoardTestServer();
    const response = await get(app, `/v1/dealers/D-404/${part}`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'not_found' });
  });

  it('pages the timeline in event time', async () => {
    const { app } = createBoardTestServer();
    const first = await get(app, '/v1/dealers/D-1/timeline?limit=3', TOKENS.dealer1);
    expect(first.json().items.map((entry: { eventId: string }) => entry.eventId)).toEqual(['dealer-D-1', 'ord-1', 'out-hold-D-1-1']);
    const next = await get(app, `/v1/dealers/D-1/timeline?limit=3&after=${String(first.headers['next-cursor'])}`, TOKENS.dealer1);
    expect(next.json().items.map((entry: { eventId: string }) => entry.eventId)).toEqual(['sales-D-1-0402', 'out-alert-D-1-1']);
    expect(next.headers['next-cursor']).toBeUndefined();
    expect(next.json().items[1]).toMatchObject({ kind: 'output', type: 'stock.alert.raised', topic: 'dealer.stock-alerts.v1' });
  });

  it("leaves finance's and operations' working out of a dealer's own timeline, not out of staff's", async () => {
    const at = '2026-03-25T09:00:00.000Z';
    const staffOnly = [
      { dealerId: 'D-1', kind: 'output' as const, eventId: 'out-review', type: 'credit.review.requested', occurredAt: at, topic: 'dealer.credit.v1', data: { holdId: 'hold-D-1-1' } },
      { dealerId: 'D-1', kind: 'output' as const, eventId: 'out-to-finance', type: 'notification.requested', occurredAt: at, topic: 'dealer.notifications.v1', data: { audience: 'finance' } },
      { dealerId: 'D-1', kind: 'input' as const, eventId: 'decision-1', type: 'credit.decision.recorded', occurredAt: at, topic: 'dealer.finance.v1', data: { decision: 'keep', note: 'disputed returns' } },
    ];
    const toDealer = { dealerId: 'D-1', kind: 'output' as const, eventId: 'out-to-dealer', type: 'notification.requested', occurredAt: at, topic: 'dealer.notifications.v1', data: { audience: 'dealer' } };
    const { app } = createBoardTestServer({ ...DEFAULT_BOARD_FIXTURE, timeline: [...staffOnly, toDealer] });
    const ids = async (token: string) => {
      const response = await get(app, '/v1/dealers/D-1/timeline?limit=20', token);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items.map((entry: { eventId: string }) => entry.eventId);
    };
    expect(await ids(TOKENS.dealer1)).toEqual(['out-to-dealer']);
    expect(await ids(TOKENS.ops)).toEqual(['decision-1', 'out-review', 'out-to-finance', 'out-to-dealer']);
  });

  it('ends the timeline at an instant (until) and pages back from there', async () => {
    const { app } = createBoardTestServer();
    const upTo = await get(app, '/v1/dealers/D-1/timeline?limit=2&until=2026-03-25T09:00:00Z', TOKENS.ops);
    expect(upTo.statusCode).toBe(200);
    expect(upTo.json().items.map((entry: { eventId: string }) => entry.eventId)).toEqual(['ord-1', 'out-hold-D-1-1']);
    const earlier = await get(app, `/v1/dealers/D-1/timeline?limit=2&before=${String(upTo.headers['next-cursor'])}`, TOKENS.ops);
    expect(earlier.json().items.map((entry: { eventId: string }) => entry.eventId)).toEqual(['dealer-D-1']);
    expect(earlier.headers['next-cursor']).toBeUndefined();
  });

  it('gives the stock as positions and every open alert', async () => {
    const { app } = createBoardTestServer();
    const body = (await get(app, '/v1/dealers/D-1/stock', TOKENS.ops)).json();
    expect(body.positions.map((position: { sku: string }) => position.sku)).toEqual(['SKU-100', 'SKU-200', 'SKU-300']);
    expect(body.positions[2].daysOfCover).toBeNull();
    expect(body.alerts.map((alert: { severity: string }) => alert.severity)).toEqual(['critical', 'high']);
    expect(body.alerts[0]).toMatchObject({ suggestedOrderQty: 80, raisedAt: '2026-04-02T06:00:00.000Z' });
  });

  it('reads every page of open alerts for the stock, however many', async () => {
    const alert = (sku: number) => ({
      dealerId: 'D-1',
      raisedAt: '2026-04-02T06:00:00.000Z',
      alertId: `D-1/S${sku}/low_stock/1`,
      sku: `S${sku}`,
      kind: 'low_stock' as const,
      severity: 'medium' as const,
      onHand: 1,
      inTransit: 0,
      onOrder: 0,
      avgDailySales: 1,
      daysOfCover: 1,
      reorderPoint: 5,
      suggestedOrderQty: 4,
      causedBy: 'x',
    });
    const { app } = createBoardTestServer({
      dealers: [{ dealerId: 'D-1', name: 'One', tier: 'B', region: 'East', locale: 'en', credit: { status: 'ok', holdId: null, exposure: null, creditLimit: 1 } }],
      alerts: Array.from({ length: 1_203 }, (_, index) => alert(index)),
    });
    expect((await get(app, '/v1/dealers/D-1/stock')).json().alerts).toHaveLength(1_203);
  });

  it('gives deliveries with their explanation in both languages', async () => {
    const { app } = createBoardTestServer();
    const items = (await get(app, '/v1/dealers/D-2/deliveries', TOKENS.dealer2)).json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ type: 'delivery.partial', orderId: 'ORD-2', shortLines: [{ sku: 'SKU-200', ordered: 20, delivered: 15 }] });
    expect(Object.keys(items[0].explanation)).toEqual(['en', 'zh-CN']);
  });

  it('gives rebate progress, the newest statements and discounts up to limit', async () => {
    const { app } = createBoardTestServer();
    const d1 = (await get(app, '/v1/dealers/D-1/rebates', TOKENS.finance)).json();
    expect(d1.progress.map((line: { periodStart: string }) => line.periodStart)).toEqual(['2026-04-01', '2026-02-01']);
    expect(d1.progress[0].nextTier).toEqual({ threshold: 5_000, rate: 0.03, gap: 1_500 });
    expect(d1.statements).toMatchObject([{ status: 'payable', rebateAmount: 2_700 }]);
    const d2 = (await get(app, '/v1/dealers/D-2/rebates?limit=1', TOKENS.dealer2)).json();
    expect(d2.statements).toMatchObject([{ status: 'withheld', withheldReason: 'invoice inv-7 is 35 days past due' }]);
    expect(d2.discounts).toMatchObject([{ invoiceId: 'inv-9', amount: 120 }]);
  });

  it('gives the last exposure points, oldest first', async () => {
    const { app } = createBoardTestServer();
    const body = (await get(app, '/v1/dealers/D-1/credit/exposure?limit=2', TOKENS.ops)).json();
    expect(body.points.map((point: { exposure: number }) => point.exposure)).toEqual([4_000, 12_500]);
  });

  it.each([
    ['/v1/dealers/D-1/timeline?until=yesterday', 'until'],
    ['/v1/dealers/D-1/timeline?until=2026-03-25T09:00:00Z&after=timeline%3A1', 'until'],
    ['/v1/dealers/D-1/stock?limit=5', 'limit'],
    ['/v1/dealers/D-1/rebates?limit=0', 'limit'],
    ['/v1/dealers/D-1/credit/exposure?limit=1000', 'limit'],
    [`/v1/dealers/${'D'.repeat(65)}`, 'dealerId'],
  ])('refuses %s with 400 naming %s', async (url, field) => {
    const { app } = createBoardTestServer();
    const response = await get(app, url);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request', details: [{ field }] });
  });
});

describe('the lists across dealers', () => {
  it('lists open alerts by severity, filtered and paged', async () => {
    const { app } = createBoardTestServer();
    const all = await get(app, '/v1/stock/alerts?limit=3', TOKENS.ops);
    expect(all.json().items.map((alert: { severity: string }) => alert.severity)).toEqual(['critical', 'high', 'medium']);
    const rest = await get(app, `/v1/stock/alerts?limit=3&after=${String(all.headers['next-cursor'])}`, TOKENS.ops);
    expect(rest.json().items.map((alert: { severity: string }) => alert.severity)).toEqual(['low']);
    const high = await get(app, '/v1/stock/alerts?minSeverity=high&dealerId=D-1');
    expect(high.json().items).toHaveLength(2);
    expect((await get(app, '/v1/stock/alerts?dealerId=D-404')).json()).toEqual({ items: [] });
  });

  it('lists deliveries newest first, the open ones or the others', async () => {
    const { app } = createBoardTestServer();
    const orders = async (url: string) => (await get(app, url, TOKENS.ops)).json().items.map((delivery: { orderId: string }) => delivery.orderId);
    const items = (await get(app, '/v1/deliveries', TOKENS.ops)).json().items;
    expect(items.map((delivery: { orderId: string }) => delivery.orderId)).toEqual(['ORD-1', 'ORD-2', 'ORD-3']);
    expect(items[0].causes.map((cause: { code: string }) => cause.code)).toEqual(['credit_hold', 'carrier_delay']);
    expect(await orders('/v1/deliveries?open=true')).toEqual(['ORD-1', 'ORD-2']);
    expect(await orders('/v1/deliveries?open=false')).toEqual(['ORD-3']);
    expect(await orders('/v1/dealers/D-3/deliveries?open=true')).toEqual([]);
    expect(await orders('/v1/dealers/D-3/deliveries')).toEqual(['ORD-3']);
  });

  it('lists statements by status, cash discounts and the decisions of a hold', async () => {
    const { app } = createBoardTestServer();
    const withheld = (await get(app, '/v1/rebates/statements?status=withheld', TOKENS.finance)).json().items;
    expect(withheld.map((statement: { dealerId: string }) => statement.dealerId)).toEqual(['D-2']);
    expect((await get(app, '/v1/cash-discounts', TOKENS.finance)).json().items).toHaveLength(1);
    const decisions = (await get(app, '/v1/credit/decisions', TOKENS.finance)).json().items;
    expect(decisions.map((decision: { eventId: string }) => decision.eventId)).toEqual(['decision-2', 'decision-1']);
    // A keep carries its last day; the audit says until when finance kept the hold.
    expect(decisions[0]).toMatchObject({ decision: 'keep', keepUntil: '2026-04-10', overrideUntil: null });
    const ofHold = (await get(app, '/v1/credit/decisions?holdId=hold-D-2-1', TOKENS.finance)).json().items;
    expect(ofHold).toEqual([
      {
        eventId: 'decision-1',
        dealerId: 'D-2',
        holdId: 'hold-D-2-1',
        decision: 'release',
        decidedBy: 'Fran',
        note: 'promised to pay Friday',
        overrideUntil: '2026-03-27',
        keepUntil: null,
        creditLimit: null,
        decidedAt: '2026-03-20T11:00:00.000Z',
        effectiveAt: '2026-03-20T11:00:00.000Z',
      },
    ]);
  });

  it.each([
    ['/v1/stock/alerts?severity=critical', 'severity'],
    ['/v1/deliveries?limit=-1', 'limit'],
    ['/v1/deliveries?open=1', 'open'],
    ['/v1/rebates/statements?status=paid', 'status'],
    ['/v1/cash-discounts?dealer=D-1', 'dealer'],
    ['/v1/credit/decisions?holdId=', 'holdId'],
  ])('refuses %s with 400 naming %s', async (url, field) => {
    const { app } = createBoardTestServer();
    const response = await get(app, url);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request', details: [{ field }] });
  });

  it.each(['/v1/stock/alerts', '/v1/deliveries', '/v1/rebates/statements', '/v1/cash-discounts', '/v1/credit/decisions', '/v1/dealers/D-1/timeline', '/v1/dealers/D-1/deliveries'])(
    'refuses a forged cursor on %s with 400 invalid_cursor',
    async (url) => {
      const { app } = createBoardTestServer();
      const response = await get(app, `${url}?after=dealers:0`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: 'invalid_cursor', details: [{ field: 'after' }] });
    },
  );
});

describe('the board routes in /openapi.json', () => {
  it('lists every board route, paged ones with the Next-Cursor header', async () => {
    const { app } = createBoardTestServer();
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as OpenAPIV3.Document;
    const paged = ['/v1/dealers', '/v1/dealers/{dealerId}/timeline', '/v1/dealers/{dealerId}/deliveries', '/v1/stock/alerts', '/v1/deliveries', '/v1/rebates/statements', '/v1/cash-discounts', '/v1/credit/decisions'];
    for (const path of [...paged, '/v1/dealers/{dealerId}', '/v1/dealers/{dealerId}/stock', '/v1/dealers/{dealerId}/rebates', '/v1/dealers/{dealerId}/credit/exposure']) {
      const operation = document.paths[path]?.get;
      expect(operation, path).toBeDefined();
      const ok = operation?.responses['200'] as OpenAPIV3.ResponseObject;
      expect(ok.content?.['application/json'], path).toBeDefined();
      expect(ok.headers?.['Next-Cursor'] !== undefined, path).toBe(paged.includes(path));
    }
    const parameters = (document.paths['/v1/dealers']?.get?.parameters ?? []) as OpenAPIV3.ParameterObject[];
    expect(parameters.map((parameter) => parameter.name).sort()).toEqual(['after', 'limit', 'minSeverity', 'onHold', 'region', 'search', 'tier']);
  });
});
