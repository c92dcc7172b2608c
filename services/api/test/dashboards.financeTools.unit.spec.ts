import { describe, expect, it } from 'vitest';
import { createDashboardServer, csrfOf, getPage, postForm, signIn, TOKENS, type DashboardServer } from './dashboardsTestServer';
import { DECIDED_AT } from './inMemoryCreditHolds';

/** Signs in as finance and opens `url`: the cookie, the CSRF token and the page. */
async function open(server: DashboardServer, url = '/finance') {
  const cookie = await signIn(server, TOKENS.finance);
  const page = await getPage(server, url, cookie);
  expect(page.statusCode).toBe(200);
  return { cookie, csrf: csrfOf(page.body), page: page.body };
}

const appendedValues = (server: DashboardServer) => server.events.calls.flat().map((item) => ('value' in item ? item.value : item.text));

/** The flash a form post leaves for the page it redirects to, as the cookie carries it. */
function flashOf(response: { headers: Record<string, unknown> }): unknown {
  const cookie = [response.headers['set-cookie']].flat().find((line) => typeof line === 'string' && line.startsWith('dealerflow_flash=')) as string;
  return JSON.parse(Buffer.from(cookie.split(';')[0]!.slice('dealerflow_flash='.length), 'base64url').toString('utf8'));
}

describe('/finance: the tools of issue 20', () => {
  it('shows the ageing per dealer and in total, and a dealer’s open invoices on request', async () => {
    const server = createDashboardServer();
    const { cookie, page } = await open(server);
    const rows = page.match(/<tr data-testid="ageing-row"[\s\S]*?<\/tr>/g) ?? [];
    expect(rows.map((row) => /data-dealer-id="([^"]+)"/.exec(row)?.[1])).toEqual(['D-1', 'D-2']);
    expect(rows[0]).toContain('2,000.00');
    expect(page).toMatch(/data-testid="ageing-total"[\s\S]*?11,100.00[\s\S]*?13,100.00/);
    expect(page).not.toContain('data-testid="invoice-row"');
    const invoices = (await getPage(server, '/finance?invoicesOf=D-1', cookie)).body;
    expect(invoices.match(/data-testid="invoice-row" data-bucket="([^"]+)"/g)).toEqual([
      'data-testid="invoice-row" data-bucket="days31to60"',
      'data-testid="invoice-row" data-bucket="current"',
    ]);
  });

  it('shows the review’s score and suggested limit on the hold, with a limit form filled with the suggestion', async () => {
    const server = createDashboardServer();
    const { page } = await open(server);
    expect(page).toMatch(/data-testid="credit-score" data-score="63" data-grade="B"/);
    expect(page).toContain('data-testid="suggested-limit" data-amount="15000"');
    expect(page).toContain('Suggested limit 15000.00: orders of 12500.00 per 30 days');
    expect(page).toMatch(/<form method="post" action="\/finance\/credit-limit"[\s\S]*?name="dealerId" value="D-1"[\s\S]*?value="15000"/);
  });

  it('sets a limit through the form as the API does: one credit.limit.set, who and when; then a flash', async () => {
    const server = createDashboardServer();
    const { cookie, csrf } = await open(server);
    const response = await postForm(server, '/finance/credit-limit', { _csrf: csrf, dealerId: 'D-2', creditLimit: '25000.50', note: 'trade references checked' }, cookie);
    expect(response.statusCode).toBe(303);
    expect(appendedValues(server)).toEqual([
      expect.objectContaining({
        type: 'credit.limit.set',
        dealerId: 'D-2',
        occurredAt: DECIDED_AT.toISOString(),
        data: { creditLimit: 25_000.5, note: 'trade references checked', decidedBy: 'Fran', decidedAt: DECIDED_AT.toISOString() },
      }),
    ]);
  });

  it('takes the dealer id trimmed, and comes back to /finance saying the limit is being applied, reloading once', async () => {
    const server = createDashboardServer();
    const { cookie, csrf } = await open(server);
    const response = await postForm(server, '/finance/credit-limit', { _csrf: csrf, dealerId: '  D-2 ', creditLimit: '300', note: 'x' }, cookie);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/finance');
    const [value] = appendedValues(server) as { eventId: string; dealerId: string }[];
    expect(value!.dealerId).toBe('D-2');
    expect(flashOf(response)).toEqual({
      level: 'success',
      text: `Credit limit of D-2 set to 300 (${value!.eventId}); the credit worker is applying it…`,
      refresh: true,
    });
  });

  it('refuses a dealer id longer than 64 characters with a 400 page titled "Limit not set"', async () => {
    const server = createDashboardServer();
    const { cookie, csrf } = await open(server);
    const response = await postForm(server, '/finance/credit-limit', { _csrf: csrf, dealerId: 'D'.repeat(65), creditLimit: '1', note: 'x' }, cookie);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Limit not set');
    expect(response.body).toContain('dealerId: at most 64 characters.');
    expect(appendedValues(server)).toEqual([]);
  });

  it.each([
    [{ dealerId: 'D-2', creditLimit: 'lots', note: 'x' }, 'creditLimit'],
    [{ dealerId: 'D-2', creditLimit: '-5', note: 'x' }, 'creditLimit'],
    [{ dealerId: 'D-2', creditLimit: '100', note: '  ' }, 'note'],
    [{ dealerId: '', creditLimit: '100', note: 'x' }, 'dealerId'],
  ])('refuses %j with a 400 page naming %s, recording nothing', async (fields, field) => {
    const server = createDashboardServer();
    const { cookie, csrf } = await open(server);
    const response = await postForm(server, '/finance/credit-limit', { _csrf: csrf, ...fields }, cookie);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(field);
    expect(appendedValues(server)).toEqual([]);
  });

  it('refuses a limit without the CSRF token, and to operations', async () => {
    const server = createDashboardServer();
    const { cookie } = await open(server);
    expect((await postForm(server, '/finance/credit-limit', { dealerId: 'D-2', creditLimit: '1', note: 'x' }, cookie)).statusCode).toBe(403);
    const ops = await signIn(server, TOKENS.ops);
    expect((await postForm(server, '/finance/credit-limit', { _csrf: 'x', dealerId: 'D-2', creditLimit: '1', note: 'x' }, ops)).statusCode).toBe(403);
    expect(appendedValues(server)).toEqual([]);
  });

  it('links the CSV exports and serves them with the page’s session', async () => {
    const server = createDashboardServer();
    const { cookie, page } = await open(server);
    for (const name of ['queue', 'ageing', 'audit']) expect(page).toContain(`href="/finance/exports/${name}.csv" download data-testid="export-${name}"`);
    const ageing = await getPage(server, '/finance/exports/ageing.csv', cookie);
    expect(ageing.statusCode).toBe(200);
    expect(ageing.headers['content-disposition']).toBe('attachment; filename="dealerflow-ageing.csv"');
    expect(ageing.body).toContain('TOTAL,,,11100,0,2000,0,0,13100');
    expect((await getPage(server, '/finance/exports/secrets.csv', cookie)).statusCode).toBe(404);
    expect((await getPage(server, '/finance/exports/ageing.csv')).statusCode).toBe(303);
  });

  it('shows in the audit when a person decided and when it took effect, and the limit set', async () => {
    const server = createDashboardServer({
      board: {
        ...(await import('./inMemoryBoard')).DEFAULT_BOARD_FIXTURE,
        decisions: [
          {
            eventId: 'limit-1', dealerId: 'D-2', holdId: null, decision: 'set_limit', decidedBy: 'Fran', note: 'trade references checked', overrideUntil: null, keepUntil: null,
            creditLimit: 25_000, decidedAt: '2026-04-03T10:15:00.000Z', effectiveAt: '2026-04-04T00:00:00.000Z',
          },
        ],
      },
    });
    const { page } = await open(server);
    const row = (page.match(/<tr data-testid="audit-row"[\s\S]*?<\/tr>/g) ?? [])[0] ?? '';
    expect(row).toContain('3 April 2026 10:15 UTC');
    expect(row).toContain('4 April 2026 00:00 UTC');
    expect(row).toContain('set limit');
    expect(row).toContain('25,000.00');
  });
});
