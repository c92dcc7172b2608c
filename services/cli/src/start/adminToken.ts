import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface AdminToken {
  token: string;
  file: string;
  /** True when this start created it (the only time it is printed). */
  created: boolean;
}

/**
 * The admin token `start` uses when DEALERFLOW_TOKENS is unset: created once, kept in the data
 * directory (readable by its owner only), printed only when created.
 */
export async function loadOrCreateAdminToken(dataDir: string): Promise<AdminToken> {
  const file = join(dataDir, 'admin-token');
  try {
    const token = (await readFile(file, 'utf8')).trim();
    if (token) return { token, file, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(24).toString('base64url');
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return { token, file, created: true };
}

/**
 * The default webhook signing secret (`whsec_…`) when DEALERFLOW_WEBHOOK_SECRET is unset: created
 * once and kept in the data directory, so dealers' receivers can verify signatures across restarts.
 */
export async function loadOrCreateWebhookSecret(dataDir: string): Promise<string> {
  const file = join(dataDir, 'webhook-secret');
  try {
    const secret = (await readFile(file, 'utf8')).trim();
    if (secret.startsWith('whsec_')) return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * The key that seals dealers' own webhook secrets in the database (DEALERFLOW_SECRETS_KEY) when the environment
 * gives none: created once and kept in the data directory, beside the database but not in it, so a copy of the
 * database alone forges nothing. Lose it and the dealers' secrets must be rotated.
 */
export async function loadOrCreateSecretsKey(dataDir: string): Promise<string> {
  const file = join(dataDir, 'secrets-key');
  try {
    const key = (await readFile(file, 'utf8')).trim();
    if (key.length >= 32) return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32).toString('base64');
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}
