import { createHash, timingSafeEqual } from 'node:crypto';
import type { Principal, Role } from './role';

interface TokenEntry {
  /** sha256 of the token: the table never holds a token in clear. */
  hash: Buffer;
  principal: Principal;
}

/** The tokens of `DEALERFLOW_TOKENS`, hashed. Build it with `parseTokens`. */
export interface TokenTable {
  readonly entries: readonly TokenEntry[];
}

/**
 * A `DEALERFLOW_TOKENS` entry that cannot be read. The message names the entry by its position and
 * says what is wrong without repeating the token, so it can be printed at startup safely.
 */
export class TokenSpecError extends Error {
  override readonly name = 'TokenSpecError';

  constructor(
    readonly entry: number,
    message: string,
  ) {
    super(message);
  }
}

const ROLE_HINT = 'admin, ingest, ops, finance or dealer:<dealerId>';
const SIMPLE_ROLES = new Set(['admin', 'ingest', 'ops', 'finance']);

/**
 * Reads `token=role` or `token=role@name` entries separated by commas (spaces around an entry are
 * ignored). Throws `TokenSpecError` for the first entry that is malformed, and for a token listed
 * twice, since the role it grants would be ambiguous.
 */
export function parseTokens(spec: string): TokenTable {
  const entries: TokenEntry[] = [];
  const seen = new Map<string, number>();
  if (spec.trim() === '') throw new TokenSpecError(0, 'DEALERFLOW_TOKENS is empty: give at least one token=role entry');
  spec.split(',').forEach((raw, index) => {
    const position = index + 1;
    const { token, principal } = parseEntry(raw.trim(), position);
    const hash = hashToken(token);
    const key = hash.toString('hex');
    const first = seen.get(key);
    if (first !== undefined) {
      throw new TokenSpecError(position, `DEALERFLOW_TOKENS entry ${position} repeats the token of entry ${first}`);
    }
    seen.set(key, position);
    entries.push({ hash, principal });
  });
  return { entries };
}

function parseEntry(entry: string, position: number): { token: string; principal: Principal } {
  const fail = (why: string): never => {
    throw new TokenSpecError(position, `DEALERFLOW_TOKENS entry ${position} is malformed: ${why}`);
  };
  if (entry === '') return fail('it is empty (two commas in a row, or a trailing comma)');
  const equals = entry.indexOf('=');
  if (equals === -1) return fail('expected token=role');
  const token = entry.slice(0, equals).trim();
  const roleAndName = entry.slice(equals + 1).trim();
  if (token === '') return fail('the token before "=" is empty');
  if (/\s/.test(token)) return fail('the token contains white space');
  const at = roleAndName.indexOf('@');
  const roleText = (at === -1 ? roleAndName : roleAndName.slice(0, at)).trim();
  const name = at === -1 ? undefined : roleAndName.slice(at + 1).trim();
  if (name === '') return fail('the name after "@" is empty');
  const role = parseRole(roleText);
  if (role === undefined) return fail(`role "${roleText}" is not one of ${ROLE_HINT}`);
  return { token, principal: name === undefined ? { role } : { role, name } };
}

function parseRole(text: string): Role | undefined {
  if (SIMPLE_ROLES.has(text)) return { kind: text as 'admin' | 'ingest' | 'ops' | 'finance' };
  if (text.startsWith('dealer:')) {
    const dealerId = text.slice('dealer:'.length);
    if (dealerId !== '' && !/\s/.test(dealerId)) return { kind: 'dealer', dealerId };
  }
  return undefined;
}

/** sha256 of a token, as the table keeps it. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * The principal a presented token stands for, or undefined. Every entry is compared, in constant
 * time on equal-length hashes, so the time taken says nothing about which token came close.
 */
export function lookupToken(table: TokenTable, presented: string): Principal | undefined {
  const hash = hashToken(presented);
  let found: Principal | undefined;
  for (const entry of table.entries) {
    if (timingSafeEqual(entry.hash, hash) && found === undefined) found = entry.principal;
  }
  return found;
}
