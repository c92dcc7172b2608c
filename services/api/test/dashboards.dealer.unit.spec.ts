import { describe, expect, it } from 'vitest';
import { createDashboardServer, csrfOf, getPage, postForm, signIn, TOKENS } from './dashboardsTestServer';

const flashCookie = (response: { headers: Record<string, unknown> }) =>
  [response.headers['set-cookie']].flat().find((line): line is string => typeof line === 'string' && line.startsWith('dealerflow_flash='))!.split(';')[0]!;

describe('GET /dealer as a dealer', () => {
  it("shows the dealer's own portal in its locale (zh-CN): labels, explanations and messages in Chinese", async () => {
    const server = createDashboardServer();
    const response = await getPage(server, '/dealer', await signIn(server, TOKENS.dealer1));
    expect(response.statusCode).toBe(200);
    const page = response.body;
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('<h1 data-testid="dealer-name">华东汽配 Huadong Parts</h1>');
    for (const label of ['经销商门户', '库存预警', '库存可售天数', '延迟和不完整的交货', '返利进度', '消息', '通知设置', '建议订货量', '退出登录', '保存设置']) {
      expect(page).toContain(label);
    }
    expect(page).toContain('订单 ORD-1 延迟 3 天：信用冻结 1 天，承运商延误 2 天（天气）。');
    expect(page).not.toContain('Order ORD-1 is 3 days late');
    expect(page).toContain('已达 3,500，目标 5,000：再差 1,500 即可享受 3%');
    expect(page.match(/data-testid="alert-row"/g)).toHaveLength(2);
    expect(page.match(/data-testid="delivery-row"/g)).toHaveLength(1);
    expect(page.match(/data-testid="inbox-item"/g)).toHaveLength(1);
    expect(page).toContain('库存预警：SKU-100 缺货');
    // The English words of the portal do not leak into the Chinese page.
    for (const english of ['Stock alerts', 'Suggested order', 'Sign out', 'Messages']) expect(page).not.toContain(english);
  });

  it('shows an English dealer its portal in English, and nothing of another dealer', async () => {
    const server = createDashboardServer();
    const page = (await getPage(server, '/dealer', await signIn(server, TOKENS.dealer2))).body;
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<h1 data-testid="dealer-name">Westside Motors</h1>');
    expect(page).toContain('Order ORD-2 arrived on time but short');
    for (const foreign of ['Huadong', 'ORD-1', 'hold-D-1-1', 'data-notification-id="n-1"']) expect(page).not.toContain(foreign);
    expect(server.board.calls.filter((call) => call.includes('D-1'))).toEqual([]);
  });

  it('answers another dealer, existing or not, with the same 404 page, reading nothing about it', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.dealer1);
    const other = await getPage(server, '/dealer?dealerId=D-2', cookie);
    const missing = await getPage(server, '/dealer?dealerId=D-404', cookie);
    expect(other.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(other.body).toBe(missing.body);
    expect(other.body).not.toContain('Westside');
    expect(server.board.calls).toEqual([]);
  });

  it('takes its own id in the query', async () => {
    const server = createDashboardServer();
    const response = await getPage(server, '/dealer?dealerId=D-1', await signIn(server, TOKENS.dealer1));
    expect(response.statusCode).toBe(200);
  });

  it('draws the days-of-cover chart with the reorder point, and the rebate progress bar with the gap', async () => {
    const server = createDashboardServer();
    const page = (await getPage(server, '/dealer', await signIn(server, TOKENS.dealer1))).body;
    expect(page).toMatch(/<svg[^>]*role="img" aria-labelledby="cover-title cover-desc"/);
    expect(page).toContain('class="bar low"');
    expect(page).toContain('class="reorder-mark"');
    expect(page).toContain('统计期内无销售');
    expect(page).toContain('class="gap"');
  });
});

describe('GET /dealer as support staff', () => {
  it("opens any dealer's portal with ?dealerId=, in that dealer's locale", async () => {
    const server = createDashboardServer();
    const response = await getPage(server, '/dealer?dealerId=D-1', await signIn(server, TOKENS.ops));
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="zh-CN">');
    expect(response.body).toContain('name="dealerId" value="D-1"');
  });

  it('asks which dealer without one, and answers an unknown dealer with 404', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.admin);
    expect((await getPage(server, '/dealer', cookie)).body).toContain('<input id="portal-dealer" name="dealerId"');
    expect((await getPage(server, '/dealer?dealerId=D-404', cookie)).statusCode).toBe(404);
  });
});

describe('POST /dealer/preferences', () => {
  it('replaces the preferences through the domain validation: an unchecked box is off', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.dealer1);
    const page = (await getPage(server, '/dealer', cookie)).body;
    // Every box the page shows, checked (all on by default), but e-mail for stock alerts.
    const boxes = [...page.matchAll(/type="checkbox" id="[^"]+" name="(pref:[^"]+)" value="on" checked/g)].map((match) => match[1]!);
    expect(boxes.length).toBeGreaterThan(10);
    const fields = Object.fromEntries(boxes.filter((name) => name !== 'pref:email:stock.alert.raised').map((name) => [name, 'on']));
    const response = await postForm(server, '/dealer/preferences', { _csrf: csrfOf(page), ...fields }, cookie);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/dealer#preferences-h');
    const stored = server.ports.stored.get('D-1');
    expect(stored?.channels.email?.['stock.alert.raised']).toBe(false);
    expect(stored?.channels.inApp?.['stock.alert.raised']).toBe(true);

    const after = await getPage(server, '/dealer', `${cookie}; ${flashCookie(response)}`);
    expect(after.body).toMatch(/data-testid="flash"[^>]*>您的通知设置已保存。</);
    expect(after.body).toContain('name="pref:email:stock.alert.raised" value="on"\n          aria-label');
    expect(server.logLines.some((line) => line.includes('"preferences replaced"') && line.includes('"dealer:D-1"'))).toBe(true);
  });

  it('refuses a kind the domain does not know, naming it (400), storing nothing', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.dealer1);
    const csrf = csrfOf((await getPage(server, '/dealer', cookie)).body);
    const response = await postForm(server, '/dealer/preferences', { _csrf: csrf, 'pref:email:stock.alert.lowered': 'on' }, cookie);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('unknown kind &quot;stock.alert.lowered&quot;');
    expect(server.ports.stored.size).toBe(0);
  });

  it("refuses a dealer changing another dealer's preferences (404), storing nothing", async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.dealer1);
    const csrf = csrfOf((await getPage(server, '/dealer', cookie)).body);
    const response = await postForm(server, '/dealer/preferences', { _csrf: csrf, dealerId: 'D-2' }, cookie);
    expect(response.statusCode).toBe(404);
    expect(server.ports.stored.size).toBe(0);
  });

  it("lets support staff change a dealer's preferences, back to that dealer's portal", async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.ops);
    const csrf = csrfOf((await getPage(server, '/dealer?dealerId=D-2', cookie)).body);
    const response = await postForm(server, '/dealer/preferences', { _csrf: csrf, dealerId: 'D-2', 'pref:inApp:delivery.late': 'on' }, cookie);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/dealer?dealerId=D-2#preferences-h');
    expect(server.ports.stored.get('D-2')?.channels.inApp?.['delivery.late']).toBe(true);
    expect(server.ports.stored.get('D-2')?.channels.email?.['delivery.late']).toBe(false);
  });

  it('is refused without the CSRF token', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.dealer1);
    const response = await postForm(server, '/dealer/preferences', { 'pref:inApp:delivery.late': 'on' }, cookie);
    expect(response.statusCode).toBe(403);
    expect(server.ports.stored.size).toBe(0);
  });
});
