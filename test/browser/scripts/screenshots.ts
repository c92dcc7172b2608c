/**
 * Writes a screenshot of each dashboard, on the demo story:
 *   npm run screenshots -w @dealerflow/browser-tests                # into test/browser/screenshots/ (ignored by git)
 *   npm run screenshots -w @dealerflow/browser-tests -- --refresh   # replaces the committed pictures in docs/screenshots/
 * A plain run is for looking at a change; `--refresh` is for a commit that means to change the pictures.
 * Needs Chromium (Debian's chromium package, or CHROMIUM_PATH), and a CJK font for the Chinese page
 * (Debian's fonts-noto-cjk; without it Chinese text is drawn as empty boxes — the tests read text, not
 * pixels, so only this script needs it).
 */
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findChromium, launchBrowser, signIn, startDemoServer, type DemoPerson } from '../src';

const REPO_ROOT = join(import.meta.dirname, '../../..');

const args = process.argv.slice(2);
if (args.some((arg) => arg !== '--refresh')) {
  console.error('usage: screenshots.ts [--refresh]   (--refresh writes docs/screenshots/, otherwise test/browser/screenshots/)');
  process.exit(2);
}
const OUT_DIR = args.includes('--refresh') ? join(REPO_ROOT, 'docs/screenshots') : join(import.meta.dirname, '../screenshots');
const shown = (file: string) => relative(REPO_ROOT, join(OUT_DIR, file));

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
  console.log(shown('signin.png'));
  for (const shot of SHOTS) {
    const page = await signIn(browser, demo.url, shot.person);
    await page.goto(shot.path);
    await page.screenshot({ path: join(OUT_DIR, shot.file), fullPage: true });
    console.log(`${shown(shot.file)}  (${shot.person} at ${shot.path})`);
    await page.context().close();
  }
} finally {
  await browser.close();
  await demo.stop();
}
