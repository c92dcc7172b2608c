import { describe, expect, it } from 'vitest';
import { createDashboardServer, getPage, signIn, TOKENS } from './dashboardsTestServer';

// Finance kept hold-D-1-1 until 10 April (decision-2 of the default board): the audit and the hold's last
// decision say until when; a release still shows its override date.
describe("a keep's last day on /finance", () => {
  it('is in the audit row of the keep as "kept until", and the release keeps its override date', async () => {
    const server = createDashboardServer();
    const page = (await getPage(server, '/finance', await signIn(server, TOKENS.finance))).body;
    const rows = page.match(/<tr data-testid="audit-row"[\s\S]*?<\/tr>/g) ?? [];
    const keep = rows.find((row) => row.includes('data-event-id="decision-2"')) ?? '';
    expect(keep).toMatch(/<span data-testid="audit-keep-until"[^>]*>kept until 2026-04-10<\/span>/);
    const release = rows.find((row) => row.includes('data-event-id="decision-1"')) ?? '';
    expect(release).toContain('override until 2026-03-27');
    expect(release).not.toContain('kept until');
    expect(page).toContain('<th scope="col">Until</th>');
  });

  it("is in the hold's last decision", async () => {
    const server = createDashboardServer();
    const page = (await getPage(server, '/finance', await signIn(server, TOKENS.finance))).body;
    const hold = /<article class="hold"[^>]*data-hold-id="hold-D-1-1"[\s\S]*?<\/article>/.exec(page)?.[0] ?? '';
    expect(hold).toMatch(/<p class="last-decision">Last decision: keep until 2026-04-10 by Fran at /);
  });
});
