import { parseTokens, type TokenTable } from '@dealerflow/api';
import type { RuntimeLogger } from '@dealerflow/runtime';
import { demoTokenSpec, loadOrCreateDemoPeople, type DemoPerson } from '../demo/demoPeople';
import { loadOrCreateAdminToken } from './adminToken';
import type { StartOptions } from './startOptions';

/**
 * Who may sign in: DEALERFLOW_TOKENS when set; otherwise the admin token kept in the data directory
 * (printed once, when it is made), and with --demo a sign-in per role and dealer of the story, so
 * every dashboard can be opened.
 */
export async function resolveSignIns(options: StartOptions, logger: RuntimeLogger): Promise<{ tokens: TokenTable; demoPeople: DemoPerson[] }> {
  const tokenSpec = options.env.DEALERFLOW_TOKENS?.trim();
  if (tokenSpec) return { tokens: parseTokens(tokenSpec), demoPeople: [] };
  const admin = await loadOrCreateAdminToken(options.dataDir);
  const demoPeople = options.demo ? await loadOrCreateDemoPeople(options.dataDir) : [];
  const tokens = parseTokens([`${admin.token}=admin@admin`, ...(demoPeople.length > 0 ? [demoTokenSpec(demoPeople)] : [])].join(','));
  if (admin.created) process.stderr.write(`\nAdmin token (shown once, kept in ${admin.file}):\n  ${admin.token}\n\n`);
  else logger.info({ file: admin.file }, 'admin token from the data directory');
  return { tokens, demoPeople };
}
