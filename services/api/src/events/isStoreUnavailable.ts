/**
 * SQLSTATE classes that say what was sent cannot be stored, not that the database is away: data
 * exceptions (22: U+0000, a timestamp out of range), integrity (23), syntax and naming (42), program
 * limits (54: an index row too large), unsupported features (0A), internal errors (XX). Sending
 * the same body again fails the same way, so these are never "try again later".
 */
const NOT_RETRIABLE_CLASSES = new Set(['22', '23', '42', '54', '0A', 'XX']);
const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * Whether an append failed because the database cannot be reached or is busy (503: nothing was
 * taken, send it again) rather than because of what was sent or a fault of ours (500). The
 * validation refuses what the store cannot keep, so the second kind is a bug, and a 503 would have a
 * client send the same body forever. Anything unclassified (a dropped connection, a pool timeout,
 * PGlite closed) counts as unreachable.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof RangeError || error instanceof TypeError || error instanceof SyntaxError || error instanceof ReferenceError) {
    return false;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return !(typeof code === 'string' && SQLSTATE.test(code) && NOT_RETRIABLE_CLASSES.has(code.slice(0, 2)));
}
