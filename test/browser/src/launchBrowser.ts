import { chromium, type Browser } from 'playwright-core';

/** Headless Chromium at `executablePath`. No sandbox: CI runs as root, where Chromium refuses it. */
export function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
