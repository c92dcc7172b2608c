import { describe, expect, it } from 'vitest';
import type { RebateAdjustment } from '@dealerflow/runtime';
import { ADJUSTMENT_D1, DEFAULT_BOARD_FIXTURE, TIER_SUGGESTION_D1, type BoardFixture } from './inMemoryBoard';
import { createDashboardServer, csrfOf, getPage, postForm, signIn, TOKENS } from './dashboardsTestServer';

// Issue 21 on the operations dealer page: the dealer's latest 80/20 tier suggestion (whatever became of it) and
// its rebate adjustments, newest first and bounded.
const serverWith = (board: Partial<BoardFixture>) => createDashboardServer({ board: { ...DEFAULT_BOARD_FIXTURE, ...board } });
const tierSection = (page: string) => /<section class="panel" aria-labelledby="tier-h">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
const adjustmentsSection = (page: string) => /<section class="panel" aria-labelledby="adjustments-h">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';

describe("the dealer's tier suggestion on /ops/dealers/{id}", () => {
  it('shows the latest suggestion with its month, rank and shares, open with Accept for operations', async () => {
    const server = serverWith({ tierSuggestions: [TIER_SUGGESTION_D1] });
    const section = tierSection((await getPage(server, '/ops/dealers/D-1', await signIn(server, TOKENS.ops))).body);
    expect(section).toContain('data-testid="dealer-tier-suggestion" data-status="open"');
    expect(section).toContain('<dd>B <span class="muted">(tier A when suggested)</span></dd>');
    expect(section).toContain('2026-04 <span class="muted">(12 months)</span>');
    expect(section).toContain('CNY 412,345.67');
    expect(section).toContain('4 of 30');
    expect(section).toContain('6.1%');
    expect(section).toContain('85.3%');
    expect(section).toContain('Open: waiting for operations');
    expect(section).toContain('name="month" value="2026-04"');
    expect(section).toContain('Accept tier B');
    expect(server.board.calls).toContain('latestTierSuggestion "D-1"');
  });

  it('says when it was accepted or master data carries it, without Accept; finance reads it without Accept', async () => {
    const accepted = serverWith({ tierSuggestions: [{ ...TIER_SUGGESTION_D1, status: 'accepted' }] });
    const acceptedSection = tierSection((await getPage(accepted, '/ops/dealers/D-1', await signIn(accepted, TOKENS.ops))).body);
    expect(acceptedSection).toContain('data-status="accepted"');
    expect(acceptedSection).toContain('4 of 30');
    expect(acceptedSection).not.toContain('data-testid="accept-tier"');
    const inMasterData = serverWith({ tierSuggestions: [{ ...TIER_SUGGESTION_D1, status: 'in_master_data' }] });
    expect(tierSection((await getPage(inMasterData, '/ops/dealers/D-1', await signIn(inMasterData, TOKENS.ops))).body)).toContain('Master data carries it');
    const open = serverWith({ tierSuggestions: [TIER_SUGGESTION_D1] });
    const forFinance = tierSection((await getPage(open, '/ops/dealers/D-1', await signIn(open, TOKENS.finance))).body);
    expect(forFinance).toContain('data-status="open"');
    expect(forFinance).not.toContain('data-testid="accept-tier"');
  });

  it('says when the dealer has none', async () => {
    const server = serverWith({ tierSuggestions: [TIER_SUGGESTION_D1] });
    expect(tierSection((await getPage(server, '/ops/dealers/D-2', await signIn(server, TOKENS.ops))).body)).toContain('No tier suggestion for this dealer.');
  });

  it("accepts from the dealer's page through the API path and comes back to it", async () => {
    const server = serverWith({ tierSuggestions: [TIER_SUGGESTION_D1] });
    const cookie = await signIn(server, TOKENS.ops);
    const page = (await getPage(server, '/ops/dealers/D-1', cookie)).body;
    expect(tierSection(page)).toContain('name="returnTo" value="dealer"');
    const response = await postForm(server, '/ops/dealers/D-1/tier-suggestion/accept', { _csrf: csrfOf(page), month: '2026-04', returnTo: 'dealer' }, cookie);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/ops/dealers/D-1#tier-h');
    const [value] = server.events.calls.flat().map((item) => ('value' in item ? item.value : item.text));
    expect(value).toMatchObject({ type: 'dealer.tier.accepted', dealerId: 'D-1', data: { tier: 'B', month: '2026-04' } });
  });
});

describe("the dealer's rebate adjustments on /ops/dealers/{id}", () => {
  it('lists them newest first with before, after and the signed difference, and only the dealer ones', async () => {
    const later: RebateAdjustment = { ...ADJUSTMENT_D1, occurredAt: '2026-05-02T08:00:00.000Z', documentId: 'SHP-77', reason: 'late_delivery', previousRebateAmount: 6_670, rebateAmount: 6_900, adjustmentAmount: 230 };
    const server = serverWith({ adjustments: [ADJUSTMENT_D1, later, { ...ADJUSTMENT_D1, dealerId: 'D-2', documentId: 'CN-9' }] });
    const section = adjustmentsSection((await getPage(server, '/ops/dealers/D-1', await signIn(server, TOKENS.ops))).body);
    const rows = section.match(/<tr data-testid="adjustment-row"[\s\S]*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('SHP-77');
    expect(rows[0]).toContain('+CNY 230.00');
    expect(rows[1]).toContain('CN-0311');
    expect(rows[1]).toMatch(/CNY 6,854\.00[\s\S]*CNY 6,670\.00[\s\S]*CNY -184\.00/);
    expect(section).not.toContain('CN-9');
    expect(section).not.toContain('The newest');
    expect(server.board.calls).toContain('rebateAdjustments {"dealerId":"D-1","limit":20}');
  });

  it('shows the newest 20 of more, and says when there are none', async () => {
    const many = Array.from({ length: 23 }, (_, index): RebateAdjustment => ({
      ...ADJUSTMENT_D1,
      documentId: `CN-${index}`,
      occurredAt: new Date(Date.UTC(2026, 3, 1 + index)).toISOString(),
    }));
    const server = serverWith({ adjustments: many });
    const cookie = await signIn(server, TOKENS.ops);
    const section = adjustmentsSection((await getPage(server, '/ops/dealers/D-1', cookie)).body);
    expect(section.match(/data-testid="adjustment-row"/g)).toHaveLength(20);
    expect(section).toContain('(CN-22)');
    expect(section).not.toContain('(CN-2)');
    expect(section).toContain("The newest 20; finance's page lists every adjustment.");
    expect(adjustmentsSection((await getPage(server, '/ops/dealers/D-2', cookie)).body)).toContain('class="empty"');
  });
});
