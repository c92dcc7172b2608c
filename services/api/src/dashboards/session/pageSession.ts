import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/role';
import { lookupToken, type TokenTable } from '../../auth/tokens';
import { readCookies } from './cookies';

export const SESSION_COOKIE = 'dealerflow_session';

/** Who is looking at a page, and the CSRF token their forms carry. */
export interface PageSession {
  principal: Principal;
  /** HMAC of a constant keyed with the session's token: bound to the session, unknowable without it. */
  csrf: string;
  /** How the token came: the sign-in cookie or an Authorization header (scripts, the browser tests). */
  via: 'cookie' | 'header';
}

export type SessionLookup =
  | { kind: 'signed_in'; session: PageSession }
  /** No header and no cookie: a person to send to the sign-in page. */
  | { kind: 'anonymous' }
  /** A cookie whose token is no longer in the table (removed from DEALERFLOW_TOKENS): sign in again. */
  | { kind: 'stale_cookie' }
  /** An Authorization header that is not a known bearer token: a script's mistake, answered 401. */
  | { kind: 'bad_header'; message: string };

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const CSRF_PURPOSE = 'dealerflow dashboards csrf v1';

/** The CSRF token of the session whose token this is; stateless, so it survives a restart and works on every instance. */
export function csrfTokenFor(token: string): string {
  return createHmac('sha256', token).update(CSRF_PURPOSE).digest('base64url');
}

/** The cookie's value for a token: URL-encoded, since a token may hold characters a cookie cannot. */
export function sessionCookieValue(token: string): string {
  return encodeURIComponent(token);
}

/**
 * The session of a page request. The header wins over the cookie, as the JSON API reads only the
 * header; the token is looked up in the same hashed table, compared in constant time.
 */
export function lookupSession(request: FastifyRequest, tokens: TokenTable): SessionLookup {
  const header = request.headers.authorization;
  if (header !== undefined && header !== '') {
    const match = BEARER.exec(header);
    if (!match?.[1]) return { kind: 'bad_header', message: 'the Authorization header must be "Bearer <token>"' };
    const principal = lookupToken(tokens, match[1]);
    if (principal === undefined) return { kind: 'bad_header', message: 'the token of the Authorization header is not known' };
    return { kind: 'signed_in', session: { principal, csrf: csrfTokenFor(match[1]), via: 'header' } };
  }
  const cookie = readCookies(request).get(SESSION_COOKIE);
  if (cookie === undefined || cookie === '') return { kind: 'anonymous' };
  let token: string;
  try {
    token = decodeURIComponent(cookie);
  } catch {
    return { kind: 'stale_cookie' };
  }
  const principal = lookupToken(tokens, token);
  if (principal === undefined) return { kind: 'stale_cookie' };
  return { kind: 'signed_in', session: { principal, csrf: csrfTokenFor(token), via: 'cookie' } };
}

/** Whether a form's CSRF field is the session's, compared in constant time. */
export function csrfMatches(session: PageSession, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(session.csrf);
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
