import { describe, expect, it } from 'vitest';
import { createDashboardServer, csrfOf, getPage, postForm, signIn, TOKENS } from './dashboardsTestServer';

const appended = (server: ReturnType<typeof createDashboardServer>) =>
  server.events.calls.flat().map((item) => ('value' in item ? item.value : item.text));

describe('the dealer portal: answering a stock alert (issue 21)', () => {
  it('shows an acknowledge and a snooze button on each open alert, in the dealer’s language', async () => {
    const server = createDashboardServer();
    const page = (await getPage(server, '/dealer', await signIn(server, TOKENS.dealer1))).body;
    expect(page.match(/data-testid="alert-answer"/g)).toHaveLength(2);
    expect(page).toContain('>已知悉</button>');
    expect(page).toContain('>暂缓</button>');
  });

  it('appends a stock.alert.acknowledged for the dealer’s own alert and says so', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.dealer1);
    const page = (await getPage(server, '/dealer', cookie)).body;
    const alertId = /name="alertId" value="([^"]+)"/.exec(page)![1]!;
    const response = await postForm(server, '/dealer/stock-alerts/acknowledgements', { _csrf: csrfOf(page), alertId, action: 'snooze', snoozeUntil: '2026-04-30' }, cookie);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/dealer#alerts-h');
    expect(appended(server)).toMatchObject([
      { type: 'stock.alert.acknowledged', dealerId: 'D-1', data: { alertId, action: 'snooze', snoozeUntil: '2026-04-30', by: 'dealer:D-1' } },
    ]);
  });

  it('acknowledges without the date a browser sends along, and refuses a snooze without one (400), storing nothing then', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.dealer1);
    const page = (await getPage(server, '/dealer', cookie)).body;
    const alertId = /name="alertId" value="([^"]+)"/.exec(page)![1]!;
    const refused = await postForm(server, '/dealer/stock-alerts/acknowledgements', { _csrf: csrfOf(page), alertId, action: 'snooze', snoozeUntil: '' }, cookie);
    expect(refused.statusCode).toBe(400);
    expect(appended(server)).toEqual([]);
    const ok = await postForm(server, '/dealer/stock-alerts/acknowledgements', { _csrf: csrfOf(page), alertId, action: 'acknowledge', snoozeUntil: '' }, cookie);
    expect(ok.statusCode).toBe(303);
    expect(appended(server)).toMatchObject([{ data: { alertId, action: 'acknowledge' } }]);
  });

  it('answers another dealer’s alert with 404, storing nothing', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.dealer1);
    const page = (await getPage(server, '/dealer', cookie)).body;
    const response = await postForm(server, '/dealer/stock-alerts/acknowledgements', { _csrf: csrfOf(page), dealerId: 'D-2', alertId: 'D-2/SKU-1/stockout/1', action: 'acknowledge' }, cookie);
    expect(response.statusCode).toBe(404);
    expect(appended(server)).toEqual([]);
  });
});
