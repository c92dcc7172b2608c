import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Who a newcomer can be in the demo: each role of API.md, and each dealer of the story. */
const PEOPLE = [
  { key: 'ops', role: 'ops', name: 'Operations (demo)', page: '/ops' },
  { key: 'finance', role: 'finance', name: 'Finance (demo)', page: '/finance' },
  { key: 'huadong', role: 'dealer:D-1001', name: 'Huadong Pumps Trading (reads Chinese)', page: '/dealer' },
  { key: 'northline', role: 'dealer:D-2002', name: 'Northline Supply', page: '/dealer' },
  { key: 'lakeside', role: 'dealer:D-3003', name: 'Lakeside Equipment', page: '/dealer' },
] as const;

export interface DemoPerson {
  role: string;
  name: string;
  page: string;
  token: string;
}

/**
 * Sign-in tokens for the demo's people, used when `start --demo` runs without DEALERFLOW_TOKENS:
 * created once, kept in the data directory (owner-only), so a restart keeps the same sign-ins.
 */
export async function loadOrCreateDemoPeople(dataDir: string): Promise<DemoPerson[]> {
  const file = join(dataDir, 'demo-tokens.json');
  let stored: Record<string, string> = {};
  try {
    stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const people = PEOPLE.map((person) => ({
    role: person.role,
    name: person.name,
    page: person.page,
    token: stored[person.key] ?? randomBytes(18).toString('base64url'),
  }));
  const tokens = Object.fromEntries(PEOPLE.map((person, index) => [person.key, people[index]!.token]));
  if (JSON.stringify(tokens) !== JSON.stringify(stored)) await writeFile(file, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  return people;
}

/** `token=role@name` entries for parseTokens. */
export function demoTokenSpec(people: readonly DemoPerson[]): string {
  return people.map((person) => `${person.token}=${person.role}@${person.name}`).join(',');
}

/** What to print so a newcomer can open each dashboard. */
export function describeDemoSignIns(people: readonly DemoPerson[], address: string): string {
  const width = Math.max(...people.map((person) => person.name.length));
  const rows = people.map((person) => `  ${person.name.padEnd(width)}  ${person.page.padEnd(9)} ${person.token}`);
  return `The dashboards: open ${address}/signin and paste a token —\n${rows.join('\n')}\n`;
}
