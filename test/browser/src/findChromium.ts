import { accessSync, constants } from 'node:fs';

/** Where Debian's `chromium` package (and the usual alternatives) put the browser. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * The Chromium to drive: `CHROMIUM_PATH` when set, else the first installed candidate, else
 * undefined. playwright-core downloads no browser; it drives the one the machine has.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) return explicit;
  return CANDIDATES.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
