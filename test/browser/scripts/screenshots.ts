/**
 * Writes a screenshot of each dashboard, on the demo story, under docs/screenshots/:
 *   npm run screenshots -w @dealerflow/browser-tests
 * Needs Chromium (Debian's chromium package, or CHROMIUM_PATH), and a CJK font for the Chinese page
 * (Debian's fonts-noto-cjk; without it Chinese text is drawn as empty boxes — the tests read text, not
 * pixels, so only this script needs it).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium, launchBrowser, signIn, startDemoServer, type DemoPerson } from '../src';

const OUT_DIR = join(import.meta.dirname, '../../../docs/screenshots');

const SHOTS: { file: string; person: DemoPerson; path: string }[] = [
  { file: 'ops.png', person: 'ops', path: '/ops' },
  // The key dealer's page, its timeline opened at the moment the stock-out was raised.
  { file: 'ops-dealer.png', person: 'ops', path: '/ops/dealers/D-1001?until=2026-03-22T14:05:00Z' },
  { file: 'finance.png', person: 'finance', path: '/finance' },
  { file: 'dealer-zh-CN.png', person: 'huadong', path: '/dealer' },
  { file: 'dealer-en.png', person: 'northline', path: '/dealer' },
];

const chromiumPath = findChromium();
if (!chromiumPath) {
  console.error('no Chromium found: install Debian\'s chromium package or set CHROMIUM_PATH');
  process.exit(2);
}

mkdirSync(OUT_DIR, { recursive: true });
const [demo, browser] = await Promise.all([startDemoServer(), launchBrowser(chromiumPath)]);
try {
  const signInPage = await (await browser.newContext({ baseURL: demo.url, viewport: { width: 1280, height: 720 } })).newPage();
  await signInPage.goto('/signin');
  await signInPage.screenshot({ path: join(OUT_DIR, 'signin.png') });
  console.log('docs/screenshots/signin.png');
  for (const shot of SHOTS) {
    const page = await signIn(browser, demo.url, shot.person);
    await page.goto(shot.path);
    await page.screenshot({ path: join(OUT_DIR, shot.file), fullPage: true });
    console.log(`docs/screenshots/${shot.file}  (${shot.person} at ${shot.path})`);
    await page.context().close();
  }
} finally {
  await browser.close();
  await demo.stop();
}
