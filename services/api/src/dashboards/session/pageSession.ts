import { timingSafeEqual } from 'node:crypto';
import type { Principal } from '../../auth/role';

export const SESSION_COOKIE = 'dealerflow_session';

/** Who is looking at a page, and the CSRF token their forms carry. */
export interface PageSession {
  principal: Principal;
  /** HMAC of a constant keyed with the session's secret: bound to the session, unknowable without it. */
  csrf: string;
  /** How the request came: with the sign-in cookie (a stored session) or an Authorization header (scripts, the browser tests). */
  via: 'cookie' | 'header';
  /** The stored session's key, to end it at sign-out; only for `via: 'cookie'`. */
  idHash?: string;
}

export type SessionLookup =
  | { kind: 'signed_in'; session: PageSession }
  /** No header and no cookie: a person to send to the sign-in page. */
  | { kind: 'anonymous' }
  /** A cookie that opens nothing (signed out, expired, its token no longer listed, or never ours): sign in again. */
  | { kind: 'stale_cookie' }
  /** An Authorization header that is not a known bearer token: a script's mistake, answered 401. */
  | { kind: 'bad_header'; message: string };

/** Whether a form's CSRF field is the session's, compared in constant time. */
export function csrfMatches(session: PageSession, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(session.csrf);
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
