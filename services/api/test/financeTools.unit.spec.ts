import { parseInputValue } from '@dealerflow/contracts';
import type { DealerDirectory } from '@dealerflow/runtime';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createServer, parseTokens } from '../src';
import { createInMemoryBoard, DEFAULT_BOARD_FIXTURE, type BoardFixture } from './inMemoryBoard';
import { activeHold, createInMemoryCreditHolds, DECIDED_AT, unreadableDirectory } from './inMemoryCreditHolds';
import { dealerProfile } from './inMemoryNotifications';
import { bearer, createInMemoryEventLog, createInMemoryHealth, createInMemoryOutputReader, TOKEN_SPEC, TOKENS } from './inMemoryRuntime';

/** A server with the board, the hold reader and a directory of D-1, a fixed clock, and the log captured. */
function createFinanceToolsServer(
  fixture: Partial<BoardFixture> = DEFAULT_BOARD_FIXTURE,
  directory: DealerDirectory = { profile: async (dealerId) => (dealerId === 'D-1' ? dealerProfile('Dealer One') : undefined) },
) {
  const events = createInMemoryEventLog();
  const app = createServer({
    eventLog: events.eventLog,
    outputs: createInMemoryOutputReader([]).reader,
    health: createInMemoryHealth({ watermark: null, lag: {} }).health,
    tokens: parseTokens(TOKEN_SPEC),
    logger: pino({ level: 'silent' }),
    board: createInMemoryBoard(fixture),
    creditHolds: createInMemoryCreditHolds([activeHold]).reader,
    directory,
    clock: () => DECIDED_AT,
  });
  return { app, events };
}

const get = (app: ReturnType<typeof createFinanceToolsServer>['app'], url: string, token: string = TOKENS.finance) =>
  app.inject({ method: 'GET', url, headers: bearer(token) });

describe('GET /v1/credit/ageing', () => {
  it('answers open receivables by age per dealer, worst first, and the total, as the board computes them', async () => {
    const { app } = createFinanceToolsServer();
    const response = await get(app, '/v1/credit/ageing');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      asOf: '2026-04-05T00:00:00.000Z',
      dealers: [
        { dealerId: 'D-1', today: '2026-04-05', current: 10_500, days1to30: 0, days31to60: 2000, days61to90: 0, over90: 0, total: 12_500 },
        { dealerId: 'D-2', today: '2026-04-05', current: 600, days1to30: 0, days31to60: 0, days61to90: 0, over90: 0, total: 600 },
      ],
      total: { current: 11_100, days1to30: 0, days31to60: 2000, days61to90: 0, over90: 0, total: 13_100 },
    });
  });
});

describe('GET /v1/dealers/{dealerId}/credit/invoices', () => {
  it("lists the dealer's open invoices earliest due first with days past due and bucket; 404 for a dealer the board does not know", async () => {
    const { app } = createFinanceToolsServer();
    const response = await get(app, '/v1/dealers/D-1/credit/invoices');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      today: '2026-04-05',
      invoices: [
        { invoiceId: 'inv-1', dueDate: '2026-02-19', open: 2000, daysPastDue: 45, bucket: 'days31to60' },
        { invoiceId: 'inv-4', dueDate: '2026-04-19', paid: 500, open: 10_500, daysPastDue: -14, bucket: 'current' },
      ],
    });
    expect((await get(app, '/v1/dealers/D-404/credit/invoices')).statusCode).toBe(404);
  });
});

describe('POST /v1/dealers/{dealerId}/credit-limit', () => {
  const post = (app: ReturnType<typeof createFinanceToolsServer>['app'], dealerId: string, payload: unknown, token: string = TOKENS.finance) =>
    app.inject({ method: 'POST', url: `/v1/dealers/${dealerId}/credit-limit`, headers: { ...bearer(token), 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

  it('appends a credit.limit.set with who decided and when (the wall clock), and answers its eventId', async () => {
    const { app, events } = createFinanceToolsServer();
    const response = await post(app, 'D-1', { creditLimit: 15_000.5, note: '  raised after the annual review ' });
    expect(response.statusCode).toBe(202);
    const [value] = events.calls.flat().map((item) => ('value' in item ? item.value : item.text));
    expect(value).toEqual({
      eventId: response.json().eventId,
      type: 'credit.limit.set',
      schemaVersion: 1,
      occurredAt: DECIDED_AT.toISOString(),
      dealerId: 'D-1',
      source: 'dealerflow-api',
      data: { creditLimit: 15_000.5, note: 'raised after the annual review', decidedBy: 'Fran', decidedAt: DECIDED_AT.toISOString() },
    });
    // The event the API writes is one the contract takes.
    expect(parseInputValue(value).ok).toBe(true);
  });

  it.each([
    [{ creditLimit: 15_000, note: '   ' }, 'note'],
    [{ creditLimit: 100.123, note: 'x' }, 'creditLimit'],
    [{ creditLimit: '15000', note: 'x' }, 'creditLimit'],
    [{ creditLimit: 15_000, note: 'x', until: '2026-05-01' }, 'until'],
  ])('refuses %j with a 400 naming %s, recording nothing', async (payload, field) => {
    const { app, events } = createFinanceToolsServer();
    const response = await post(app, 'D-1', payload);
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json().details)).toContain(field);
    expect(events.calls).toEqual([]);
  });

  it('answers 404 for a dealer the directory does not know, and 403 to operations', async () => {
    const { app, events } = createFinanceToolsServer();
    expect((await post(app, 'D-404', { creditLimit: 1, note: 'x' })).statusCode).toBe(404);
    expect((await post(app, 'D-1', { creditLimit: 1, note: 'x' }, TOKENS.ops)).statusCode).toBe(403);
    expect(events.calls).toEqual([]);
  });

  it('answers 400 empty_body naming creditLimit when there is no body, recording nothing', async () => {
    const { app, events } = createFinanceToolsServer();
    const response = await app.inject({ method: 'POST', url: '/v1/dealers/D-1/credit-limit', headers: bearer(TOKENS.finance) });
    expect(response.statusCode).toBe(400);
    const hint = 'send { "creditLimit": <money>, "note": "<why>" }';
    expect(response.json()).toEqual({ error: 'empty_body', message: hint, details: [{ field: 'creditLimit', message: 'required' }] });
    expect(events.calls).toEqual([]);
  });

  it('answers 503 when the log cannot take the limit: nothing was recorded, send it again', async () => {
    const { app, events } = createFinanceToolsServer();
    events.failWith(new Error('database is down'));
    const response = await post(app, 'D-1', { creditLimit: 1, note: 'x' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: 'unavailable', message: 'the limit could not be stored; nothing was recorded, send it again' });
  });

  it('answers 503 when the dealer directory cannot be read, recording nothing', async () => {
    const { app, events } = createFinanceToolsServer(DEFAULT_BOARD_FIXTURE, unreadableDirectory('connection refused'));
    const response = await post(app, 'D-1', { creditLimit: 1, note: 'x' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: 'unavailable', message: 'the dealer directory cannot be read right now; try again' });
    expect(events.calls).toEqual([]);
  });
});

describe('GET /v1/credit/exports/{name}.csv', () => {
  const rows = (text: string) => text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');

  it('exports the queue with the score and suggested limit, as an attachment', async () => {
    const { app } = createFinanceToolsServer();
    const response = await get(app, '/v1/credit/exports/queue.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="dealerflow-queue.csv"');
    expect(rows(response.body)).toEqual([
      'holdId,dealerId,dealer,placedAt,reasons,exposure,creditLimit,overdueAmount,maxDaysPastDue,openReceivables,openOrderValue,score,grade,suggestedLimit,suggestedAction,suggestion',
      'hold-D-1-1,D-1,华东汽配 Huadong Parts,2026-04-02T09:00:00.000Z,over_limit,12500,10000,0,0,0,12500,63,B,15000,review_limit,Review the credit limit: exposure 12500.00 is 2500.00 over the limit of 10000.00 (25%).',
    ]);
  });

  it('exports the ageing with a total row', async () => {
    const { app } = createFinanceToolsServer();
    expect(rows((await get(app, '/v1/credit/exports/ageing.csv')).body)).toEqual([
      'dealerId,dealer,agedOn,current,1-30,31-60,61-90,90+,total',
      'D-1,华东汽配 Huadong Parts,2026-04-05,10500,0,2000,0,0,12500',
      'D-2,Westside Motors,2026-04-05,600,0,0,0,0,600',
      'TOTAL,,,11100,0,2000,0,0,13100',
    ]);
  });

  it('exports the audit with when each was decided and when it took effect, and defuses notes a spreadsheet would run', async () => {
    const decisions: BoardFixture['decisions'] = [
      {
        eventId: 'limit-1', dealerId: 'D-1', holdId: null, decision: 'set_limit', decidedBy: 'Fran', note: '=HYPERLINK("http://x","pay")', overrideUntil: null, keepUntil: null,
        creditLimit: 15_000, decidedAt: '2026-04-03T10:15:00.000Z', effectiveAt: '2026-04-03T10:15:01.000Z',
      },
      ...DEFAULT_BOARD_FIXTURE.decisions,
    ];
    const { app } = createFinanceToolsServer({ ...DEFAULT_BOARD_FIXTURE, decisions });
    expect(rows((await get(app, '/v1/credit/exports/audit.csv')).body)).toEqual([
      'decidedAt,effectiveAt,dealerId,decision,holdId,creditLimit,overrideUntil,decidedBy,note,eventId,keepUntil',
      `2026-04-03T10:15:00.000Z,2026-04-03T10:15:01.000Z,D-1,set_limit,,15000,,Fran,"'=HYPERLINK(""http://x"",""pay"")",limit-1,`,
      '2026-04-02T10:00:00.000Z,2026-04-02T10:00:00.000Z,D-1,keep,hold-D-1-1,,,Fran,waiting for the March payment,decision-2,2026-04-10',
      '2026-03-20T11:00:00.000Z,2026-03-20T11:00:00.000Z,D-2,release,hold-D-2-1,,2026-03-27,Fran,promised to pay Friday,decision-1,',
    ]);
  });

  it("lists a keep's last day after the columns spreadsheets already use, a limit's amount and when it took effect, and quotes a note's line breaks", async () => {
    const decisions: BoardFixture['decisions'] = [
      {
        eventId: 'keep-1', dealerId: 'D-1', holdId: 'hold-D-1-1', decision: 'keep', decidedBy: 'Fran', note: '-50% paid, "rest on the 28th"\nper call', overrideUntil: null,
        keepUntil: '2026-04-30', creditLimit: null, decidedAt: '2026-04-04T09:00:00.000Z', effectiveAt: '2026-04-04T09:00:00.000Z',
      },
      {
        eventId: 'limit-2', dealerId: 'D-2', holdId: null, decision: 'set_limit', decidedBy: 'Fran', note: 'raised after the audit\nsee the minutes', overrideUntil: null, keepUntil: null,
        creditLimit: 12_500.5, decidedAt: '2026-04-03T16:00:00.000Z', effectiveAt: '2026-04-03T08:00:00.000Z',
      },
    ];
    const { app } = createFinanceToolsServer({ ...DEFAULT_BOARD_FIXTURE, decisions });
    const [header, keep, limit] = rows((await get(app, '/v1/credit/exports/audit.csv')).body);
    expect(header!.split(',').slice(-1)).toEqual(['keepUntil']);
    // The note's comma, quotes and line break stay inside one quoted cell, defused of its leading '-'.
    expect(keep).toBe(`2026-04-04T09:00:00.000Z,2026-04-04T09:00:00.000Z,D-1,keep,hold-D-1-1,,,Fran,"'-50% paid, ""rest on the 28th""\nper call",keep-1,2026-04-30`);
    // A bare line break is quoted too (csv-stringify on its own quotes only CRLF): unquoted, a spreadsheet starts a row there.
    expect(limit).toBe('2026-04-03T16:00:00.000Z,2026-04-03T08:00:00.000Z,D-2,set_limit,,12500.5,,Fran,"raised after the audit\nsee the minutes",limit-2,');
  });

  it('answers 404 for an export it does not have', async () => {
    const { app } = createFinanceToolsServer();
    expect((await get(app, '/v1/credit/exports/dealers.csv')).statusCode).toBe(404);
  });
});
