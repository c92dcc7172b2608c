import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServer } from '@dealerflow/testkit/testing';
import { DEMO_PEOPLE, findChromium, launchBrowser, signIn, startDemoServer, type DemoServer } from '../src';

// Issue 20's finance tools in a real browser, on a demo server of its own (the other file releases
// Lakeside's hold; this one must see it). Without a Chromium: fails under CI, skipped elsewhere.
const chromiumPath = findChromium();
const chromiumSkip = requireServer(
  'Chromium',
  chromiumPath ? { reachable: true } : { reachable: false, reason: "not found: set CHROMIUM_PATH or install Debian's chromium package" },
);
if (chromiumSkip) it.skip(`the finance tools in headless Chromium — skipped: ${chromiumSkip}`, () => undefined);

/** Reloads until `check` passes: the worker and the board apply a decision a moment after it is recorded. */
async function reloadUntil(page: Page, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not so after ${timeoutMs} ms on ${page.url()}`);
    await page.waitForTimeout(250);
    await page.reload();
  }
}

describe.skipIf(chromiumSkip)('the finance tools in headless Chromium, on the demo story', () => {
  let demo: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemoServer(), launchBrowser(chromiumPath!)]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (demo) expect(await demo.stop()).toBe(0);
  });

  it('finance sees the ageing and the score with its suggested limit, downloads the ageing as CSV, and sets a limit that takes effect', async () => {
    const page = await signIn(browser, demo.url, 'finance');

    // Ageing: Lakeside's unpaid January invoice (30 000 due 19 February) is 31–60 days past due on 1 April.
    const lakesideAgeing = page.locator('[data-testid="ageing-row"][data-dealer-id="D-3003"]');
    await reloadUntil(page, async () => (await lakesideAgeing.count()) === 1);
    expect(await lakesideAgeing.innerText()).toContain('30,000.00');
    expect(await page.getByTestId('ageing-total').innerText()).toContain('30,000.00');
    await Promise.all([page.waitForURL(/invoicesOf=D-3003/), lakesideAgeing.getByTestId('ageing-invoices').click()]);
    expect(await page.locator('[data-testid="invoice-row"][data-bucket="days31to60"]').innerText()).toContain('INV-3003-01');

    // The review's score and suggested limit on Lakeside's hold.
    const lakesideHold = page.getByTestId('hold-row').filter({ hasText: 'Lakeside Equipment' });
    expect(await lakesideHold.count()).toBe(1);
    const score = lakesideHold.getByTestId('credit-score');
    expect(Number(await score.getAttribute('data-score'))).toBeGreaterThanOrEqual(0);
    expect(await score.getAttribute('data-grade')).toMatch(/^[ABCD]$/);
    const suggested = lakesideHold.getByTestId('suggested-limit');
    expect(await suggested.innerText()).toMatch(/Suggested limit [\d,]+\.\d\d/);
    // The hold's limit form is filled with the suggestion.
    expect(await lakesideHold.getByTestId('limit-amount').inputValue()).toBe(await suggested.getAttribute('data-amount'));

    // The CSV download of the ageing.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ageing').click()]);
    expect(download.suggestedFilename()).toBe('dealerflow-ageing.csv');
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(csv[0]).toBe('dealerId,dealer,agedOn,current,1-30,31-60,61-90,90+,total');
    expect(csv.find((line) => line.startsWith('D-3003,Lakeside Equipment,'))).toMatch(/,30000$/);
    // The total row adds up the dealers' rows (in cents, as the domain does).
    const dealers = csv.slice(1).filter((line) => line !== '' && !line.startsWith('TOTAL,'));
    const cents = (line: string) => Math.round(Number(line.split(',').at(-1)) * 100);
    expect(cents(csv.find((line) => line.startsWith('TOTAL,'))!)).toBe(dealers.reduce((sum, line) => sum + cents(line), 0));

    // Northline owes 293 000 on open orders against 400 000: a limit of 250 000 puts it on hold at once.
    expect(await page.getByTestId('hold-row').filter({ hasText: 'Northline Supply' }).count()).toBe(0);
    const note = 'Cut after the March order review: two large orders outstanding.';
    const form = page.locator('section[aria-labelledby="limit-h"]');
    await form.getByTestId('limit-dealer').fill('D-2002');
    await form.getByTestId('limit-amount').fill('250000');
    await form.getByTestId('limit-note').fill(note);
    await Promise.all([page.waitForURL((url) => url.pathname === '/finance'), form.getByTestId('limit-submit').click()]);
    expect(await page.getByTestId('flash').innerText()).toContain('D-2002');

    const northlineHold = page.getByTestId('hold-row').filter({ hasText: 'Northline Supply' });
    const audit = page.getByTestId('audit-row').filter({ hasText: note });
    await reloadUntil(page, async () => (await northlineHold.count()) === 1 && (await audit.count()) === 1);
    expect(await northlineHold.innerText()).toContain('293,000.00 of 250,000.00');
    expect(await northlineHold.getByTestId('credit-score').count()).toBe(1);
    const row = await audit.innerText();
    expect(row).toContain('set limit');
    expect(row).toContain('250,000.00');
    expect(row).toContain(DEMO_PEOPLE.finance.name);
    await page.context().close();
  });
});
