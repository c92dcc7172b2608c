import { describe, expect, it } from 'vitest';
import type { EmailStatus } from '../src';
import { DEFAULT_BOARD_FIXTURE, type BoardDealer } from './inMemoryBoard';
import { createDashboardServer, csrfOf, FAILED_NOTIFICATION, getPage, postForm, signIn, TOKENS } from './dashboardsTestServer';

const dealerRows = (page: string) => [...page.matchAll(/data-testid="dealer-row" data-dealer-id="([^"]+)"/g)].map((match) => match[1]);

describe('GET /ops', () => {
  it('lists dealers by tier with open alerts by severity and credit status, the urgent alerts, late deliveries in English, failed notifications', async () => {
    const server = createDashboardServer();
    const page = (await getPage(server, '/ops', await signIn(server, TOKENS.ops))).body;
    expect(dealerRows(page)).toEqual(['D-1', 'D-2', 'D-3']);
    expect(page).toContain('3 dealers match.');
    expect(page).toContain('12,500 of 10,000 (125%)');
    expect(page).toContain('On hold');
    expect(page.match(/data-testid="alert-row"/g)).toHaveLength(2);
    expect(page.match(/data-testid="delivery-row"/g)).toHaveLength(DEFAULT_BOARD_FIXTURE.deliveries.length);
    expect(page).toContain('Order ORD-1 is 3 days late: 1 day on credit hold, 2 days of carrier delay (weather).');
    expect(page).not.toContain('订单 ORD-1');
    expect(page).toContain('data-notification-id="notif-failed-1"');
    expect(page).toContain('HTTP 502 from https://westside.example/hooks');
  });

  it('filters on the server, keeping the filters in the form', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.ops);
    const page = (await getPage(server, '/ops?region=East&tier=&search=spares&severity=low&onHold=', cookie)).body;
    expect(dealerRows(page)).toEqual(['D-3']);
    expect(server.board.calls).toContain('listDealers {"limit":25,"region":"East","search":"spares","minSeverity":"low"}');
    expect(page).toContain('<option value="East" selected>East</option>');
    expect(page).toContain('value="spares"');
    const onHold = (await getPage(server, '/ops?onHold=1', cookie)).body;
    expect(dealerRows(onHold)).toEqual(['D-1']);
    expect(onHold).toMatch(/name="onHold" type="checkbox" value="1" checked/);
  });

  it('pages the dealers with a cursor link that keeps the filters', async () => {
    const many: BoardDealer[] = Array.from({ length: 30 }, (_, index) => ({
      dealerId: `E-${String(index).padStart(2, '0')}`,
      name: `Dealer ${index}`,
      tier: 'B',
      region: 'North',
      locale: 'en',
      credit: { status: 'ok', holdId: null, exposure: null, creditLimit: 1000 },
    }));
    const server = createDashboardServer({ board: { ...DEFAULT_BOARD_FIXTURE, dealers: many } });
    const cookie = await signIn(server, TOKENS.ops);
    const first = (await getPage(server, '/ops?region=North', cookie)).body;
    expect(dealerRows(first)).toHaveLength(25);
    const next = /<a href="([^"]+)" rel="next">Next page »<\/a>/.exec(first)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBe('/ops?region=North&after=dealers%3A24#dealers-h');
    const second = (await getPage(server, next!.split('#')[0]!, cookie)).body;
    expect(dealerRows(second)).toEqual(['E-25', 'E-26', 'E-27', 'E-28', 'E-29']);
    expect(second).toContain('« First page');
  });

  it('answers a bad filter or a foreign cursor with a 400 page naming it', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.ops);
    const tier = await getPage(server, '/ops?tier=Z', cookie);
    expect(tier.statusCode).toBe(400);
    expect(tier.body).toContain('tier:');
    const cursor = await getPage(server, '/ops?after=bogus', cookie);
    expect(cursor.statusCode).toBe(400);
    expect(cursor.body).toContain('Start again from the first page');
  });

  it('answers with a 503 page when the read models cannot be read', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.ops);
    server.board.failWith(new Error('connection refused'));
    const response = await getPage(server, '/ops', cookie);
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('Try again in a moment');
    expect(server.logLines.some((line) => line.includes('dashboard read failed'))).toBe(true);
  });

  it('lets finance read the page, without the failed notifications (finance does not retry)', async () => {
    const server = createDashboardServer();
    const page = (await getPage(server, '/ops', await signIn(server, TOKENS.finance))).body;
    expect(dealerRows(page)).toHaveLength(3);
    expect(page).not.toContain('Failed notifications');
    expect(server.ports.calls).not.toContain('list');
  });
});

describe("the notifications panel's email line", () => {
  const emailLine = (page: string) => /<p class="hint" data-testid="email-channel" data-email-mode="([a-z]+)">([\s\S]*?)<\/p>/.exec(page);
  const opsPage = async (status: () => Promise<EmailStatus>) => {
    const server = createDashboardServer({ email: { status } });
    return { server, page: (await getPage(server, '/ops', await signIn(server, TOKENS.ops))).body };
  };

  it('says email is off when the notifier has no SMTP_URL, so that no failure is not read as sent', async () => {
    const line = emailLine((await opsPage(async () => ({ mode: 'off' }))).page);
    expect(line?.[1]).toBe('off');
    expect(line?.[2]).toMatch(/Email is off: no <code>SMTP_URL<\/code> is set/);
  });

  it('says where the outbox folder is and how many messages it holds, or which relay sends', async () => {
    const outbox = emailLine((await opsPage(async () => ({ mode: 'outbox', folder: '/srv/demo/.dealerflow/outbox-email', messages: 7 }))).page);
    expect(outbox?.[1]).toBe('outbox');
    expect(outbox?.[2]).toContain('(7 so far) to <code>/srv/demo/.dealerflow/outbox-email</code>');
    const smtp = emailLine((await opsPage(async () => ({ mode: 'smtp', relay: 'smtp://relay.example:587' }))).page);
    expect(smtp?.[2]).toContain('<code>smtp://relay.example:587</code>');
  });

  it('leaves the line out, not the page, when the status cannot be read; finance does not see it', async () => {
    const { server, page } = await opsPage(async () => {
      throw new Error('EACCES: outbox-email');
    });
    expect(emailLine(page)).toBeNull();
    expect(page).toContain('data-notification-id="notif-failed-1"');
    expect(server.logLines.some((line) => line.includes('email status not read'))).toBe(true);
    const finance = createDashboardServer({ email: { status: async () => ({ mode: 'off' }) } });
    expect(emailLine((await getPage(finance, '/ops', await signIn(finance, TOKENS.finance))).body)).toBeNull();
  });
});

describe('escaping', () => {
  it('renders a dealer named <script> as text, in every page that shows it', async () => {
    const evil = '<script>alert("x")</script> & "Co"';
    const dealers = DEFAULT_BOARD_FIXTURE.dealers.map((dealer) => (dealer.dealerId === 'D-2' ? { ...dealer, name: evil, region: '<b>West</b>' } : dealer));
    const server = createDashboardServer({ board: { ...DEFAULT_BOARD_FIXTURE, dealers } });
    for (const [token, url] of [
      [TOKENS.ops, '/ops'],
      [TOKENS.ops, '/ops/dealers/D-2'],
      [TOKENS.dealer2, '/dealer'],
    ] as const) {
      const page = (await getPage(server, url, await signIn(server, token))).body;
      expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Co&quot;');
      expect(page).not.toContain('<script');
      expect(page).not.toContain('<b>West</b>');
    }
  });

  it('escapes what a person typed into the filters', async () => {
    const server = createDashboardServer();
    const page = (await getPage(server, `/ops?search=${encodeURIComponent('"><img src=x onerror=alert(1)>')}`, await signIn(server, TOKENS.ops))).body;
    expect(page).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(page).not.toContain('<img');
  });
});

describe('GET /ops/dealers/:dealerId', () => {
  it("shows the dealer's summary, pictures, alerts, deliveries, holds and timeline in event time", async () => {
    const server = createDashboardServer();
    const page = (await getPage(server, '/ops/dealers/D-1', await signIn(server, TOKENS.ops))).body;
    expect(page).toContain('<h1 data-testid="dealer-name">华东汽配 Huadong Parts</h1>');
    expect(page).toMatch(/<svg[^>]*aria-labelledby="exposure-title exposure-desc"/);
    expect(page).toContain('class="limit-line"');
    expect(page).toContain('to CNY 12,500.00 on 25 March 2026 09:00 UTC, over the credit limit of CNY 10,000.00');
    expect(page).toMatch(/<svg[^>]*aria-labelledby="cover-title cover-desc"/);
    expect(page).toContain('3,500 of 5,000: 1,500 to go for 3%');
    expect(page.match(/data-testid="alert-row"/g)).toHaveLength(2);
    expect(page.match(/data-testid="delivery-row"/g)).toHaveLength(1);
    expect(page).toContain('Over the limit by CNY 2,500.00');
    const timeline = [...page.matchAll(/<tr id="ev-([^"]+)"/g)].map((match) => match[1]);
    expect(timeline).toEqual(['dealer-D-1', 'ord-1', 'out-hold-D-1-1', 'sales-D-1-0402', 'out-alert-D-1-1']);
    expect(page).toContain('caused by <a href="#ev-sales-D-1-0402">sales-D-1-0402</a>');
    expect(page).toContain('href="/dealer?dealerId=D-1"');
  });

  it('pages the timeline forward with the cursor', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.ops);
    const page = (await getPage(server, '/ops/dealers/D-1?after=timeline%3A2', cookie)).body;
    expect([...page.matchAll(/<tr id="ev-([^"]+)"/g)].map((match) => match[1])).toEqual(['sales-D-1-0402', 'out-alert-D-1-1']);
    expect(server.board.calls).toContain('timeline {"dealerId":"D-1","limit":50,"after":"timeline:2"}');
  });

  it('opens the timeline up to the moment an alert, a hold or a delivery explanation fired', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.ops);
    const page = (await getPage(server, '/ops/dealers/D-1', cookie)).body;
    // The hold (placed 2 April 09:00), the alerts (raised 2 April and 1 April 06:00) and the late order's explanation (2 April 08:00) link to their moment.
    expect(page).toContain('<a href="/ops/dealers/D-1?until=2026-04-02T09%3A00%3A00.000Z#timeline" title="The timeline up to this moment">');
    expect(page).toContain('<a href="/ops/dealers/D-1?until=2026-04-02T06%3A00%3A00.000Z#timeline" title="The timeline up to this moment">');
    expect(page).toContain('<a href="/ops/dealers/D-1?until=2026-04-01T06%3A00%3A00.000Z#timeline" title="The timeline up to this moment">');
    expect(page).toContain('<a href="/ops/dealers/D-1?until=2026-04-02T08%3A00%3A00.000Z#timeline">What was known then</a>');
    const atAlert = (await getPage(server, '/ops/dealers/D-1?until=2026-04-01T06%3A00%3A00.000Z', cookie)).body;
    expect([...atAlert.matchAll(/<tr id="ev-([^"]+)"/g)].map((match) => match[1])).toEqual(['dealer-D-1', 'ord-1', 'out-hold-D-1-1']);
    expect(atAlert).toContain('data-testid="timeline-until"');
    expect(server.board.calls).toContain('timeline {"dealerId":"D-1","limit":50,"until":"2026-04-01T06:00:00.000Z"}');
    const refused = await getPage(server, '/ops/dealers/D-1?until=last-tuesday', cookie);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('until');
  });

  it('answers an unknown dealer with a 404 page', async () => {
    const server = createDashboardServer();
    const response = await getPage(server, '/ops/dealers/D-404', await signIn(server, TOKENS.ops));
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('There is no dealer D-404.');
  });
});

describe('POST /ops/notifications/:notificationId/retry', () => {
  it('puts a failed notification back on its queue and says so; a second retry is a 409 page', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.ops);
    const csrf = csrfOf((await getPage(server, '/ops', cookie)).body);
    const url = `/ops/notifications/${FAILED_NOTIFICATION.notificationId}/retry`;
    const response = await postForm(server, url, { _csrf: csrf }, cookie);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/ops#failed');
    expect(server.ports.rows[0]?.status).toBe('pending');
    const again = await postForm(server, url, { _csrf: csrf }, cookie);
    expect(again.statusCode).toBe(409);
  });

  it('answers an unknown notification with 404, and refuses finance (403) and a missing CSRF token (403)', async () => {
    const server = createDashboardServer();
    const ops = await signIn(server, TOKENS.ops);
    const csrf = csrfOf((await getPage(server, '/ops', ops)).body);
    expect((await postForm(server, '/ops/notifications/nope/retry', { _csrf: csrf }, ops)).statusCode).toBe(404);
    expect((await postForm(server, `/ops/notifications/${FAILED_NOTIFICATION.notificationId}/retry`, {}, ops)).statusCode).toBe(403);
    const finance = await signIn(server, TOKENS.finance);
    const financeCsrf = csrfOf((await getPage(server, '/finance', finance)).body);
    expect((await postForm(server, `/ops/notifications/${FAILED_NOTIFICATION.notificationId}/retry`, { _csrf: financeCsrf }, finance)).statusCode).toBe(403);
    expect(server.ports.rows[0]?.status).toBe('failed');
  });
});
