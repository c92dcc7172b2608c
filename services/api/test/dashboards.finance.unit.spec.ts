import { describe, expect, it } from 'vitest';
import { bearer } from './inMemoryRuntime';
import { createDashboardServer, csrfOf, getPage, HOST, postForm, signIn, TOKENS, type DashboardServer } from './dashboardsTestServer';

/** Signs in and opens /finance: the cookie and the page's CSRF token. */
async function financeSession(server: DashboardServer, token: string = TOKENS.finance) {
  const cookie = await signIn(server, token);
  const page = await getPage(server, '/finance', cookie);
  expect(page.statusCode).toBe(200);
  return { cookie, csrf: csrfOf(page.body), page: page.body };
}

const appendedValues = (server: DashboardServer) => server.events.calls.flat().map((item) => ('value' in item ? item.value : item.text));

describe('GET /finance', () => {
  it('lists the active holds with their figures and a decision form, not the released one', async () => {
    const server = createDashboardServer();
    const { page } = await financeSession(server);
    expect([...page.matchAll(/data-testid="hold-row" data-hold-id="([^"]+)"/g)].map((match) => match[1])).toEqual(['hold-D-1-1']);
    for (const hook of ['decision-note', 'decision-override', 'decision-release', 'decision-keep']) expect(page).toContain(`data-testid="${hook}"`);
    expect(page).toContain('12,500.00 of 10,000.00');
    expect(page).toContain('Review the credit limit: exposure 12500.00 is 2500.00 over the limit of 10000.00 (25%).');
    expect(page).toContain('华东汽配 Huadong Parts');
    // The override date cannot be before the day the decision is stamped (the fixed clock: 2026-04-03).
    expect(page).toContain('min="2026-04-03"');
  });

  it("offers a keep's last day beside the override, from today on", async () => {
    const server = createDashboardServer();
    const { page } = await financeSession(server);
    const input = page.match(/<input[^>]*data-testid="decision-keep-until"[^>]*>/)?.[0];
    expect(input).toBeDefined();
    expect(input).toContain('name="keepUntil"');
    expect(input).toContain('type="date"');
    expect(input).toContain('min="2026-04-03"');
    expect(page).toMatch(/<label for="keep-until-hold-D-1-1">Keep until \(keep only\)<\/label>/);
  });

  it('shows every decision in the audit list: who, when, why', async () => {
    const server = createDashboardServer();
    const { page } = await financeSession(server);
    const rows = page.match(/<tr data-testid="audit-row"[\s\S]*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('Fran');
    expect(rows[0]).toContain('waiting for the March payment');
    expect(rows[1]).toContain('promised to pay Friday');
  });

  it('shows rebate statements payable and withheld (with the reason), filtered on the server, and cash discounts', async () => {
    const server = createDashboardServer();
    const { cookie, page } = await financeSession(server);
    expect(page).toContain('invoice inv-7 is 35 days past due');
    // Issue 21: what of a payable rebate was set against overdue invoices, and what is left to pay.
    expect(page).toContain('500.00 set against inv-3; 2,200.00 to pay');
    expect(page.match(/data-testid="statement-row"/g)).toHaveLength(2);
    expect(page).toContain('data-testid="discount-row"');
    const withheld = await getPage(server, '/finance?statements=withheld', cookie);
    expect(withheld.body.match(/data-testid="statement-row"/g)).toHaveLength(1);
    expect(server.board.calls).toContain('rebateStatements {"limit":20,"status":"withheld"}');
  });

  it('refuses a statement status it does not know, naming the parameter (400 page)', async () => {
    const server = createDashboardServer();
    const response = await getPage(server, '/finance?statements=paid', await signIn(server, TOKENS.finance));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('statements:');
  });
});

describe('POST /finance/holds/:holdId/decision', () => {
  it('publishes exactly the credit.decision.recorded the API route publishes', async () => {
    const fields = { decision: 'release', note: 'paid by wire, confirmed', overrideUntil: '2026-04-10' };
    const viaApi = createDashboardServer();
    const api = await viaApi.app.inject({
      method: 'POST',
      url: '/v1/credit/holds/hold-D-1-1/decision',
      headers: { ...bearer(TOKENS.finance), 'content-type': 'application/json' },
      payload: JSON.stringify(fields),
    });
    expect(api.statusCode).toBe(202);

    const viaPage = createDashboardServer();
    const { cookie, csrf } = await financeSession(viaPage);
    const response = await postForm(viaPage, '/finance/holds/hold-D-1-1/decision', { _csrf: csrf, ...fields }, cookie);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/finance');

    const [fromApi] = appendedValues(viaApi) as { eventId: string }[];
    const [fromPage] = appendedValues(viaPage) as { eventId: string }[];
    expect(appendedValues(viaPage)).toHaveLength(1);
    expect(fromPage!.eventId).toMatch(/^decision-[0-9a-f-]{36}$/);
    expect({ ...fromPage, eventId: 'x' }).toEqual({ ...fromApi, eventId: 'x' });
    expect(fromPage).toMatchObject({
      type: 'credit.decision.recorded',
      dealerId: 'D-1',
      occurredAt: '2026-04-03T10:15:00.000Z',
      source: 'dealerflow-api',
      data: { holdId: 'hold-D-1-1', decision: 'release', overrideUntil: '2026-04-10', note: 'paid by wire, confirmed', decidedBy: 'Fran' },
    });
  });

  it('comes back to the queue with a flash saying the worker is applying it, and reloads once', async () => {
    const server = createDashboardServer();
    const { cookie, csrf } = await financeSession(server);
    const response = await postForm(server, '/finance/holds/hold-D-1-1/decision', { _csrf: csrf, decision: 'release', note: 'paid' }, cookie);
    const flash = [response.headers['set-cookie']].flat().find((line) => line?.startsWith('dealerflow_flash='))!.split(';')[0]!;
    const next = await getPage(server, '/finance', `${cookie}; ${flash}`);
    expect(next.body).toMatch(/data-testid="flash"[^>]*>Release of hold hold-D-1-1 recorded \(decision-[0-9a-f-]+\); the credit worker is applying it…</);
    expect(next.body).toContain('<meta http-equiv="refresh" content="2">');
    // The flash is cleared as it is shown: the reload does not show it (nor reload) again.
    expect(next.headers['set-cookie']).toContain('dealerflow_flash=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
  });

  it("records a keep's last day exactly as the API route records it, and says it in the flash", async () => {
    const fields = { decision: 'keep', keepUntil: '2026-04-30', note: 'waiting for the bank guarantee' };
    const viaApi = createDashboardServer();
    const api = await viaApi.app.inject({
      method: 'POST',
      url: '/v1/credit/holds/hold-D-1-1/decision',
      headers: { ...bearer(TOKENS.finance), 'content-type': 'application/json' },
      payload: JSON.stringify(fields),
    });
    expect(api.statusCode).toBe(202);

    const viaPage = createDashboardServer();
    const { cookie, csrf } = await financeSession(viaPage);
    // The override field comes with the form, blank: "not given".
    const response = await postForm(viaPage, '/finance/holds/hold-D-1-1/decision', { _csrf: csrf, overrideUntil: '', ...fields }, cookie);
    expect(response.statusCode).toBe(303);
    const [fromApi] = appendedValues(viaApi) as { eventId: string }[];
    const [fromPage] = appendedValues(viaPage) as { eventId: string }[];
    expect({ ...fromPage, eventId: 'x' }).toEqual({ ...fromApi, eventId: 'x' });
    expect(fromPage).toMatchObject({
      type: 'credit.decision.recorded',
      data: { holdId: 'hold-D-1-1', decision: 'keep', keepUntil: '2026-04-30', note: 'waiting for the bank guarantee', decidedBy: 'Fran' },
    });

    const flash = [response.headers['set-cookie']].flat().find((line) => line?.startsWith('dealerflow_flash='))!.split(';')[0]!;
    const next = await getPage(viaPage, '/finance', `${cookie}; ${flash}`);
    expect(next.body).toMatch(/data-testid="flash"[^>]*>Keep of hold hold-D-1-1 through 2026-04-30 recorded \(decision-[0-9a-f-]+\)/);
  });

  it('a blank note, override and last day are "not given"; a keep is recorded as the API records it', async () => {
    const server = createDashboardServer();
    const { cookie, csrf } = await financeSession(server);
    const response = await postForm(server, '/finance/holds/hold-D-1-1/decision', { _csrf: csrf, decision: 'keep', note: ' ', overrideUntil: '', keepUntil: '' }, cookie);
    expect(response.statusCode).toBe(303);
    expect(appendedValues(server)).toEqual([expect.objectContaining({ data: { holdId: 'hold-D-1-1', decision: 'keep', decidedBy: 'Fran' } })]);
  });

  it('answers a hold no longer active with a 409 page, recording nothing', async () => {
    const server = createDashboardServer();
    const { cookie, csrf } = await financeSession(server);
    const response = await postForm(server, '/finance/holds/hold-D-2-1/decision', { _csrf: csrf, decision: 'release' }, cookie);
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('Credit hold hold-D-2-1 is no longer active (released 2026-03-20T11:00:00.000Z by finance)');
    expect(appendedValues(server)).toEqual([]);
  });

  it('answers an unknown hold with a 404 page', async () => {
    const server = createDashboardServer();
    const { cookie, csrf } = await financeSession(server);
    const response = await postForm(server, '/finance/holds/hold-nope/decision', { _csrf: csrf, decision: 'release' }, cookie);
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('No such credit hold');
  });

  it.each([
    ['no decision', { note: 'x' }, 'decision'],
    ['an override with keep', { decision: 'keep', overrideUntil: '2026-04-10' }, 'overrideUntil: only a release has an override'],
    ['an override before today', { decision: 'release', overrideUntil: '2026-04-01' }, 'overrideUntil: must be today or later'],
    ['a date that is not one', { decision: 'release', overrideUntil: '2026-02-30' }, 'overrideUntil'],
    ["a keep's last day with release", { decision: 'release', keepUntil: '2026-04-30' }, 'keepUntil: only a keep has keepUntil'],
    ["a keep's last day before today", { decision: 'keep', keepUntil: '2026-04-02' }, 'keepUntil: must be today or later'],
  ])('refuses %s with a 400 page naming the field, recording nothing', async (_what, fields, named) => {
    const server = createDashboardServer();
    const { cookie, csrf } = await financeSession(server);
    const response = await postForm(server, '/finance/holds/hold-D-1-1/decision', { _csrf: csrf, ...fields }, cookie);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(named);
    expect(appendedValues(server)).toEqual([]);
  });

  it('is refused to operations (403), who read the queue through the API only', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.ops);
    const csrf = csrfOf((await getPage(server, '/ops', cookie)).body);
    const response = await postForm(server, '/finance/holds/hold-D-1-1/decision', { _csrf: csrf, decision: 'release' }, cookie);
    expect(response.statusCode).toBe(403);
    expect(appendedValues(server)).toEqual([]);
  });

  it('works for a script signed in with the Authorization header, with the CSRF token of its page', async () => {
    const server = createDashboardServer();
    const page = await server.app.inject({ method: 'GET', url: '/finance', headers: { host: HOST, ...bearer(TOKENS.admin) } });
    const response = await postForm(server, '/finance/holds/hold-D-1-1/decision', { _csrf: csrfOf(page.body), decision: 'keep' }, undefined, bearer(TOKENS.admin));
    expect(response.statusCode).toBe(303);
    expect(appendedValues(server)).toEqual([expect.objectContaining({ data: expect.objectContaining({ decidedBy: 'Ada' }) })]);
  });
});

describe('CSRF on finance forms', () => {
  it('refuses a post without the token (403), recording nothing', async () => {
    const server = createDashboardServer();
    const { cookie } = await financeSession(server);
    const response = await postForm(server, '/finance/holds/hold-D-1-1/decision', { decision: 'release' }, cookie);
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('no security (CSRF) token');
    expect(appendedValues(server)).toEqual([]);
  });

  it("refuses another session's token", async () => {
    const server = createDashboardServer();
    const { cookie } = await financeSession(server);
    const admin = await financeSession(server, TOKENS.admin);
    const response = await postForm(server, '/finance/holds/hold-D-1-1/decision', { _csrf: admin.csrf, decision: 'release' }, cookie);
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('is not this session&#39;s');
    expect(appendedValues(server)).toEqual([]);
  });

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null (a sandboxed page)', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
  ])('refuses a post with %s even with the right token', async (_what, headers) => {
    const server = createDashboardServer();
    const { cookie, csrf } = await financeSession(server);
    const response = await postForm(server, '/finance/holds/hold-D-1-1/decision', { _csrf: csrf, decision: 'release' }, cookie, headers);
    expect(response.statusCode).toBe(403);
    expect(appendedValues(server)).toEqual([]);
  });

  it('refuses a JSON body to a form route (415): only forms are taken', async () => {
    const server = createDashboardServer();
    const { cookie, csrf } = await financeSession(server);
    const response = await server.app.inject({
      method: 'POST',
      url: '/finance/holds/hold-D-1-1/decision',
      headers: { host: HOST, cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ _csrf: csrf, decision: 'release' }),
    });
    expect(response.statusCode).toBe(415);
    expect(appendedValues(server)).toEqual([]);
  });
});

describe('POST /finance/manual-holds', () => {
  it('publishes the manual hold the API would, with the note', async () => {
    const server = createDashboardServer();
    const { cookie, csrf } = await financeSession(server);
    const response = await postForm(server, '/finance/manual-holds', { _csrf: csrf, dealerId: 'D-3', note: 'cheque bounced' }, cookie);
    expect(response.statusCode).toBe(303);
    expect(appendedValues(server)).toEqual([
      expect.objectContaining({ type: 'credit.decision.recorded', dealerId: 'D-3', data: { decision: 'hold', note: 'cheque bounced', decidedBy: 'Fran' } }),
    ]);
  });

  it('comes back to /finance saying the hold is being placed, reloading once', async () => {
    const server = createDashboardServer();
    const { cookie, csrf } = await financeSession(server);
    const response = await postForm(server, '/finance/manual-holds', { _csrf: csrf, dealerId: ' D-3 ', note: 'cheque bounced' }, cookie);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/finance');
    const [value] = appendedValues(server) as { eventId: string; dealerId: string }[];
    expect(value!.dealerId).toBe('D-3');
    const flash = [response.headers['set-cookie']].flat().find((line) => line?.startsWith('dealerflow_flash='))!.split(';')[0]!;
    expect(JSON.parse(Buffer.from(flash.slice('dealerflow_flash='.length), 'base64url').toString('utf8'))).toEqual({
      level: 'success',
      text: `Manual hold on D-3 recorded (${value!.eventId}); the credit worker is placing it…`,
      refresh: true,
    });
  });

  it.each([
    ['a blank reason', { dealerId: 'D-3', note: '  ' }, 400, 'note: must not be blank'],
    ['no dealer', { dealerId: '', note: 'x' }, 400, 'dealerId: required'],
    ['a dealer id too long', { dealerId: 'D'.repeat(65), note: 'x' }, 400, 'dealerId: at most 64 characters.'],
    ['an unknown dealer', { dealerId: 'D-404', note: 'x' }, 404, 'No such dealer'],
  ])('refuses %s', async (_what, fields, status, text) => {
    const server = createDashboardServer();
    const { cookie, csrf } = await financeSession(server);
    const response = await postForm(server, '/finance/manual-holds', { _csrf: csrf, ...fields }, cookie);
    expect(response.statusCode).toBe(status);
    expect(response.body).toContain(text);
    expect(appendedValues(server)).toEqual([]);
  });
});
