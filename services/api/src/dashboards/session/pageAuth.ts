import type { SessionStore } from '@dealerflow/runtime';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Principal } from '../../auth/role';
import { hashToken, lookupToken, type TokenTable } from '../../auth/tokens';
import { PageError } from '../html/PageError';
import { readCookies } from './cookies';
import { SESSION_COOKIE, type PageSession, type SessionLookup } from './pageSession';
import { csrfTokenFor, isSessionId, newSessionId, principalOfBinding, sessionIdHash, tokenBinding } from './sessionSecrets';

/** How long a sign-in lasts. */
export interface SessionLifetime {
  /** Ends after this long without a request. */
  idleSeconds: number;
  /** Ends this long after signing in, however active. */
  absoluteSeconds: number;
}

/** A working day of idleness (overnight signs out), and a week at most for a screen that is never idle. */
export const DEFAULT_SESSION_LIFETIME: SessionLifetime = { idleSeconds: 12 * 60 * 60, absoluteSeconds: 7 * 24 * 60 * 60 };

/** Activity is written at most this often per session: a page view is not a database write. */
export const TOUCH_INTERVAL_MS = 60_000;

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export interface OpenedSession {
  /** The cookie's value. Never stored; never a bearer token. */
  sessionId: string;
  /** The cookie's Max-Age: the session's absolute end. */
  maxAgeSeconds: number;
}

/** Sign-in, the session of each page request, and sign-out, over a session store. */
export interface PageAuth {
  lookup(request: FastifyRequest): Promise<SessionLookup>;
  /** A new session for a token `lookupToken` accepted. */
  open(token: string): Promise<OpenedSession>;
  /** Ends a cookie's session for good; a header "session" has nothing to end. */
  close(session: PageSession): Promise<void>;
}

export interface PageAuthOptions {
  tokens: TokenTable;
  store: SessionStore;
  logger: Logger;
  lifetime?: SessionLifetime;
  /** The wall clock sessions expire on. */
  now?: () => Date;
}

export function createPageAuth(options: PageAuthOptions): PageAuth {
  const { tokens, store } = options;
  const lifetime = options.lifetime ?? DEFAULT_SESSION_LIFETIME;
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ component: 'dashboards' });

  /** A store that does not answer is "try again" (503), never "signed out" nor a 500. */
  async function stored<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      log.error({ err: error, what }, 'session store failed');
      throw new PageError(503, 'Not available', 'Your sign-in cannot be checked right now. Try again in a moment.');
    }
  }

  async function fromCookie(sessionId: string): Promise<SessionLookup> {
    if (!isSessionId(sessionId)) return { kind: 'stale_cookie' };
    const idHash = sessionIdHash(sessionId);
    const session = await stored('find', () => store.find(idHash));
    if (session === undefined) return { kind: 'stale_cookie' };
    const at = now();
    const idleEnd = session.lastSeenAt.getTime() + lifetime.idleSeconds * 1000;
    const principal = principalOfBinding(tokens, sessionId, session.tokenBinding);
    if (at >= session.expiresAt || at.getTime() >= idleEnd || principal === undefined) {
      await stored('revoke', () => store.revoke(idHash));
      return { kind: 'stale_cookie' };
    }
    if (at.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) await stored('touch', () => store.touch(idHash, at));
    return { kind: 'signed_in', session: { principal, csrf: csrfTokenFor(sessionId), via: 'cookie', idHash } };
  }

  function fromHeader(header: string): SessionLookup {
    const match = BEARER.exec(header);
    if (!match?.[1]) return { kind: 'bad_header', message: 'the Authorization header must be "Bearer <token>"' };
    const principal: Principal | undefined = lookupToken(tokens, match[1]);
    if (principal === undefined) return { kind: 'bad_header', message: 'the token of the Authorization header is not known' };
    return { kind: 'signed_in', session: { principal, csrf: csrfTokenFor(match[1]), via: 'header' } };
  }

  return {
    // The header wins over the cookie, as the JSON API reads only the header.
    async lookup(request) {
      const header = request.headers.authorization;
      if (header !== undefined && header !== '') return fromHeader(header);
      const cookie = readCookies(request).get(SESSION_COOKIE);
      if (cookie === undefined || cookie === '') return { kind: 'anonymous' };
      return fromCookie(cookie);
    },

    async open(token) {
      const at = now();
      const sessionId = newSessionId();
      // Sign-ins sweep out the sessions nobody will present again, so the store holds live ones only.
      await stored('purge', () => store.purgeExpired(at, new Date(at.getTime() - lifetime.idleSeconds * 1000)));
      await stored('create', () =>
        store.create(sessionIdHash(sessionId), {
          tokenBinding: tokenBinding(sessionId, hashToken(token)),
          createdAt: at,
          lastSeenAt: at,
          expiresAt: new Date(at.getTime() + lifetime.absoluteSeconds * 1000),
        }),
      );
      return { sessionId, maxAgeSeconds: lifetime.absoluteSeconds };
    },

    async close(session) {
      const { idHash } = session;
      if (idHash !== undefined) await stored('revoke', () => store.revoke(idHash));
    },
  };
}
