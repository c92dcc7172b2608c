import { parseInputValue } from '@dealerflow/contracts';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createServer, parseTokens } from '../src';
import { ADJUSTMENT_D1, createInMemoryBoard, DEFAULT_BOARD_FIXTURE, TIER_SUGGESTION_D1 } from './inMemoryBoard';
import { DECIDED_AT } from './inMemoryCreditHolds';
import { bearer, createInMemoryEventLog, createInMemoryHealth, createInMemoryOutputReader, TOKEN_SPEC, TOKENS } from './inMemoryRuntime';

/** A server whose board has D-1's open suggestion of 2026-04, a fixed clock, and the log captured. */
function createTiersServer() {
  const events = createInMemoryEventLog();
  const board = createInMemoryBoard({ ...DEFAULT_BOARD_FIXTURE, tierSuggestions: [TIER_SUGGESTION_D1], adjustments: [ADJUSTMENT_D1] });
  const app = createServer({
    eventLog: events.eventLog,
    outputs: createInMemoryOutputReader([]).reader,
    health: createInMemoryHealth({ watermark: null, lag: {} }).health,
    tokens: parseTokens(TOKEN_SPEC),
    logger: pino({ level: 'silent' }),
    board,
    clock: () => DECIDED_AT,
  });
  return { app, events, board };
}

const accept = (app: ReturnType<typeof createTiersServer>['app'], dealerId: string, payload: unknown, token: string = TOKENS.admin) =>
  app.inject({
    method: 'POST',
    url: `/v1/dealers/${dealerId}/tier-suggestion/acceptance`,
    headers: { ...bearer(token), 'content-type': 'application/json' },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

describe('GET /v1/tier-suggestions', () => {
  it('lists the open suggestions with their figures, for one dealer or all', async () => {
    const { app } = createTiersServer();
    const all = await app.inject({ method: 'GET', url: '/v1/tier-suggestions', headers: bearer(TOKENS.ops) });
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ items: [TIER_SUGGESTION_D1] });
    const other = await app.inject({ method: 'GET', url: '/v1/tier-suggestions?dealerId=D-2', headers: bearer(TOKENS.ops) });
    expect(other.json()).toEqual({ items: [] });
  });
});

describe('POST /v1/dealers/{dealerId}/tier-suggestion/acceptance', () => {
  it('appends dealer.tier.accepted with the suggested tier, who accepted and when', async () => {
    const { app, events } = createTiersServer();
    const response = await accept(app, 'D-1', { month: '2026-04', note: 'move to B from June' });
    expect(response.statusCode).toBe(202);
    const [value] = events.calls.flat().map((item) => ('value' in item ? item.value : item.text));
    const parsed = parseInputValue(value);
    expect(parsed.ok).toBe(true);
    expect(value).toMatchObject({
      eventId: response.json().eventId,
      type: 'dealer.tier.accepted',
      dealerId: 'D-1',
      occurredAt: DECIDED_AT.toISOString(),
      data: { tier: 'B', month: '2026-04', acceptedBy: 'Ada', note: 'move to B from June' },
    });
  });

  it('is 404, storing nothing, for an unknown dealer and for a month that is not the open suggestion', async () => {
    const { app, events } = createTiersServer();
    const unknownDealer = await accept(app, 'D-404', { month: '2026-04' });
    expect(unknownDealer.statusCode).toBe(404);
    expect(unknownDealer.json().message).toBe('no such dealer');
    const replaced = await accept(app, 'D-1', { month: '2026-03' });
    expect(replaced.statusCode).toBe(404);
    expect(replaced.json().message).toBe('no open tier suggestion of 2026-03 for dealer D-1: its open suggestion is of 2026-04');
    const none = await accept(app, 'D-2', { month: '2026-04' });
    expect(none.statusCode).toBe(404);
    expect(none.json().message).toContain('it has none open');
    expect(events.calls).toEqual([]);
  });

  it('answers 400 naming the field for a bad month, an unknown field, an empty body; 403 for finance and dealers', async () => {
    const { app, events } = createTiersServer();
    const badMonth = await accept(app, 'D-1', { month: '2026-4' });
    expect(badMonth.statusCode).toBe(400);
    expect(JSON.stringify(badMonth.json())).toContain('month');
    const extra = await accept(app, 'D-1', { month: '2026-04', tier: 'A' });
    expect(extra.statusCode).toBe(400);
    expect(JSON.stringify(extra.json())).toContain('tier');
    const empty = await app.inject({ method: 'POST', url: '/v1/dealers/D-1/tier-suggestion/acceptance', headers: bearer(TOKENS.ops) });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toEqual({ error: 'empty_body', message: 'send { "month": "YYYY-MM", "note"?: "…" }', details: [{ field: 'month', message: 'required' }] });
    expect((await accept(app, 'D-1', { month: '2026-04' }, TOKENS.finance)).statusCode).toBe(403);
    expect((await accept(app, 'D-1', { month: '2026-04' }, TOKENS.dealer1)).statusCode).toBe(403);
    expect(events.calls).toEqual([]);
  });

  it('answers 503 and stores nothing when the board cannot be read', async () => {
    const { app, events, board } = createTiersServer();
    board.failWith(new Error('connection refused'));
    expect((await accept(app, 'D-1', { month: '2026-04' })).statusCode).toBe(503);
    expect(events.calls).toEqual([]);
  });

  it('answers 503 when the log cannot take the acceptance: nothing was recorded, send it again', async () => {
    const { app, events } = createTiersServer();
    events.failWith(new Error('database is down'));
    const response = await accept(app, 'D-1', { month: '2026-04' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: 'unavailable', message: 'the acceptance could not be stored; nothing was recorded, send it again' });
  });
});

describe('GET /v1/dealers/{dealerId}/rebates', () => {
  it("carries the dealer's rebate adjustments with before, after and the difference, for finance and the dealer itself", async () => {
    const { app } = createTiersServer();
    for (const token of [TOKENS.finance, TOKENS.dealer1]) {
      const body = (await app.inject({ method: 'GET', url: '/v1/dealers/D-1/rebates', headers: bearer(token) })).json();
      expect(body.adjustments).toEqual([ADJUSTMENT_D1]);
    }
    const d2 = (await app.inject({ method: 'GET', url: '/v1/dealers/D-2/rebates', headers: bearer(TOKENS.dealer2) })).json();
    expect(d2.adjustments).toEqual([]);
  });
});
