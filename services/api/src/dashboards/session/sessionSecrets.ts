import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../../auth/role';
import type { TokenTable } from '../../auth/tokens';

/** 256 random bits, base64url: what the cookie holds. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const BINDING_PURPOSE = 'dealerflow dashboards session binding v1';
const CSRF_PURPOSE = 'dealerflow dashboards csrf v1';

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether a cookie's value can be a session id at all (anything else is not looked up). */
export function isSessionId(value: string): boolean {
  return SESSION_ID.test(value);
}

/** The store's key: a copy of the store gives no session id to present. */
export function sessionIdHash(sessionId: string): string {
  return createHash('sha256').update(sessionId, 'utf8').digest('base64url');
}

/**
 * Ties a session to the token it signed in with, so removing the token from DEALERFLOW_TOKENS ends
 * its sessions. Keyed with the session id, which the store does not hold: the stored binding says
 * nothing of the token to someone who reads the store.
 */
export function tokenBinding(sessionId: string, tokenHash: Buffer): string {
  return createHmac('sha256', sessionId).update(BINDING_PURPOSE).update(tokenHash).digest('base64url');
}

/** The principal of the listed token a binding was made with, or undefined when that token is no longer listed. */
export function principalOfBinding(tokens: TokenTable, sessionId: string, binding: string): Principal | undefined {
  const stored = Buffer.from(binding);
  let found: Principal | undefined;
  // Every entry compared, in constant time, as lookupToken does.
  for (const entry of tokens.entries) {
    const candidate = Buffer.from(tokenBinding(sessionId, entry.hash));
    if (candidate.length === stored.length && timingSafeEqual(candidate, stored) && found === undefined) found = entry.principal;
  }
  return found;
}

/**
 * The CSRF token of a session: HMAC of a constant keyed with the session's secret (the session id
 * for a cookie, the token for a bearer header). Bound to the session, unknowable without it, and
 * dead with it at sign-out.
 */
export function csrfTokenFor(secret: string): string {
  return createHmac('sha256', secret).update(CSRF_PURPOSE).digest('base64url');
}
