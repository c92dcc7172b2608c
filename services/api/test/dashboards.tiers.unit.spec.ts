import { describe, expect, it } from 'vitest';
import { ADJUSTMENT_D1, DEFAULT_BOARD_FIXTURE, TIER_SUGGESTION_D1 } from './inMemoryBoard';
import { DECIDED_AT } from './inMemoryCreditHolds';
import { createDashboardServer, csrfOf, getPage, postForm, signIn, TOKENS } from './dashboardsTestServer';

// Issue 21 on the dashboards: the ops page's open tier suggestions with Accept, and rebate adjustments
// (before, after, difference) on the finance page and on the dealer's own page in its language.
const withIssue21 = () => createDashboardServer({ board: { ...DEFAULT_BOARD_FIXTURE, tierSuggestions: [TIER_SUGGESTION_D1], adjustments: [ADJUSTMENT_D1] } });
const acceptUrl = '/ops/dealers/D-1/tier-suggestion/accept';

describe('the tier suggestions on /ops', () => {
  it('lists each open suggestion with the tier, the suggested class and the figures, and an Accept for operations', async () => {
    const server = withIssue21();
    const page = (await getPage(server, '/ops', await signIn(server, TOKENS.ops))).body;
    const row = /<tr data-testid="tier-suggestion-row" data-dealer-id="D-1">([\s\S]*?)<\/tr>/.exec(page)?.[1] ?? '';
    expect(row).toContain('<td>A</td>');
    expect(row).toContain('<strong>B</strong>');
    expect(row).toContain('2026-04 <span class="muted">(12 months)</span>');
    expect(row).toContain('CNY 412,345.67');
    expect(row).toContain('4 of 30');
    expect(row).toContain('85.3%');
    expect(row).toContain('name="month" value="2026-04"');
    expect(row).toContain('Accept tier B');
  });

  it('shows finance the list without Accept, and says when nothing is open', async () => {
    const server = withIssue21();
    const page = (await getPage(server, '/ops', await signIn(server, TOKENS.finance))).body;
    expect(page).toContain('data-testid="tier-suggestion-row"');
    expect(page).not.toContain('data-testid="accept-tier"');
    const empty = createDashboardServer();
    expect((await getPage(empty, '/ops', await signIn(empty, TOKENS.ops))).body).toContain('No open tier suggestions.');
  });

  it('accepts through the API path: dealer.tier.accepted with the tier, who and when, then back to the list', async () => {
    const server = withIssue21();
    const cookie = await signIn(server, TOKENS.ops);
    const csrf = csrfOf((await getPage(server, '/ops', cookie)).body);
    const response = await postForm(server, acceptUrl, { _csrf: csrf, month: '2026-04', note: 'from June' }, cookie);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/ops#tiers');
    const [value] = server.events.calls.flat().map((item) => ('value' in item ? item.value : item.text));
    expect(value).toMatchObject({
      type: 'dealer.tier.accepted',
      dealerId: 'D-1',
      occurredAt: DECIDED_AT.toISOString(),
      data: { tier: 'B', month: '2026-04', acceptedBy: 'ops', note: 'from June' },
    });
  });

  it('refuses a replaced suggestion (404), a bad month (400), finance and a missing CSRF token (403), storing nothing', async () => {
    const server = withIssue21();
    const ops = await signIn(server, TOKENS.ops);
    const csrf = csrfOf((await getPage(server, '/ops', ops)).body);
    const replaced = await postForm(server, acceptUrl, { _csrf: csrf, month: '2026-03' }, ops);
    expect(replaced.statusCode).toBe(404);
    expect(replaced.body).toContain('its open suggestion is of 2026-04');
    const bad = await postForm(server, acceptUrl, { _csrf: csrf, month: 'April' }, ops);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('month: expected a month YYYY-MM');
    expect((await postForm(server, acceptUrl, { month: '2026-04' }, ops)).statusCode).toBe(403);
    const finance = await signIn(server, TOKENS.finance);
    const financeCsrf = csrfOf((await getPage(server, '/finance', finance)).body);
    expect((await postForm(server, acceptUrl, { _csrf: financeCsrf, month: '2026-04' }, finance)).statusCode).toBe(403);
    expect(server.events.calls).toEqual([]);
  });
});

describe('rebate adjustments', () => {
  it('are on the finance page with the rebate before, after and the signed difference', async () => {
    const server = withIssue21();
    const page = (await getPage(server, '/finance', await signIn(server, TOKENS.finance))).body;
    const row = /<tr data-testid="adjustment-row" data-dealer-id="D-1">([\s\S]*?)<\/tr>/.exec(page)?.[1] ?? '';
    expect(row).toContain('Goods sold in the period came back (CN-0311)');
    expect(row).toMatch(/6,854\.00[\s\S]*6,670\.00[\s\S]*-184\.00/);
    expect(row).toContain('Payable');
  });

  it("are on the dealer's own page in its language, and absent when it has none", async () => {
    const server = withIssue21();
    const page = (await getPage(server, '/dealer', await signIn(server, TOKENS.dealer1))).body;
    expect(page).toContain('返利调整');
    const row = /<tr data-testid="adjustment-row" data-dealer-id="D-1">([\s\S]*?)<\/tr>/.exec(page)?.[1] ?? '';
    expect(row).toContain('该期间售出的货物已退回（单据 CN-0311）');
    expect(row).toMatch(/6,854\.00[\s\S]*6,670\.00[\s\S]*-184\.00/);
    expect(page).toContain('调整前返利');
    expect(row).toContain('应付');
    const other = (await getPage(server, '/dealer', await signIn(server, TOKENS.dealer2))).body;
    expect(other).not.toContain('data-testid="adjustment-row"');
  });
});
