import { InvalidCursorError } from '../embedded/ports';

/**
 * Keyset cursors: the sort key of a page's last item, as opaque base64url JSON. A cursor carries
 * only values the server compares, never an offset, so a page stays one index range however deep.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * Reads a cursor back, checking each part against the kinds expected (`n` number, `s` string, `t` an
 * instant, `q` a log position); throws InvalidCursorError for anything this server did not issue.
 */
export function decodeCursor(cursor: string, kinds: string): (string | number)[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== kinds.length || !key.every((part, index) => fits(part, kinds[index]!))) {
    throw new InvalidCursorError(`"${cursor}" is not a cursor this server gave out`);
  }
  return key as (string | number)[];
}

function fits(part: unknown, kind: string): boolean {
  switch (kind) {
    case 'n':
      return typeof part === 'number' && Number.isSafeInteger(part);
    case 's':
      return typeof part === 'string';
    case 't':
      return typeof part === 'string' && !Number.isNaN(Date.parse(part));
    case 'q':
      return typeof part === 'string' && /^\d{1,19}$/.test(part);
    default:
      return false;
  }
}
