import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler, preHandlerAsyncHookHandler } from 'fastify';
import type { RoleKind } from '../../auth/role';
import { href } from '../html/html';
import { PageError } from '../html/PageError';
import { appendCookie, isSecure } from './cookies';
import type { PageAuth } from './pageAuth';
import { csrfMatches, SESSION_COOKIE, type PageSession } from './pageSession';

export const CSRF_FIELD = '_csrf';

const sessions = new WeakMap<FastifyRequest, PageSession>();

/** The session `requirePage` found; a page without that hook asking for it is a wiring bug. */
export function sessionOf(request: FastifyRequest): PageSession {
  const session = sessions.get(request);
  if (session === undefined) throw new Error(`page ${request.routeOptions.url} reads the session without requirePage`);
  return session;
}

/** The session of a request that may or may not have one (the sign-in page, error pages). */
export function optionalSessionOf(request: FastifyRequest): PageSession | undefined {
  return sessions.get(request);
}

/** Where a person lands after signing in, by role. */
export function homeOf(role: RoleKind): string | undefined {
  switch (role) {
    case 'ops':
    case 'admin':
      return '/ops';
    case 'finance':
      return '/finance';
    case 'dealer':
      return '/dealer';
    case 'ingest':
      return undefined;
  }
}

async function toSignIn(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  // Back to the page asked for after signing in; a form post goes back to the start (its body is gone).
  const next = request.method === 'GET' ? request.url : undefined;
  return reply.code(303).header('location', href('/signin', { next })).header('cache-control', 'no-store').send();
}

/**
 * An `onRequest` hook for pages and form posts: a person without a session is sent to the sign-in
 * page (303), a script whose Authorization header is wrong gets 401, a role not in `allowed` 403.
 * The JSON API keeps its own hook (`authorize`) and its 401s; this one is for HTML only.
 */
export function requirePage(auth: PageAuth, allowed: readonly RoleKind[], what: string): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const found = await auth.lookup(request);
    switch (found.kind) {
      case 'bad_header':
        throw new PageError(401, 'Not signed in', `${found.message}.`);
      case 'stale_cookie':
        appendCookie(reply, SESSION_COOKIE, '', { maxAge: 0, secure: isSecure(request) });
        return toSignIn(request, reply);
      case 'anonymous':
        return toSignIn(request, reply);
      case 'signed_in': {
        sessions.set(request, found.session);
        // The API's own helpers (recordDecision's decidedBy) read the principal from here.
        request.principal = found.session.principal;
        if (!allowed.includes(found.session.principal.role.kind)) {
          throw new PageError(403, 'Not allowed', `Your token (role ${found.session.principal.role.kind}) may not ${what}.`);
        }
        return;
      }
    }
  };
}

/**
 * An `onRequest` hook for every form post: the browser must say the form came from this site.
 * `Sec-Fetch-Site` (sent by current browsers) must be same-origin; `Origin`, when sent, must name
 * this host. A client that sends neither (curl, a script) still needs the CSRF token.
 */
export const sameOriginOnly: onRequestAsyncHookHandler = async (request) => {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new PageError(403, 'Refused', `This form was sent from another site (Sec-Fetch-Site: ${site}); open the page here and send it again.`);
  }
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let host: string | undefined;
  try {
    host = origin === 'null' ? undefined : new URL(origin).host;
  } catch {
    host = undefined;
  }
  if (host === undefined || host !== request.headers.host) {
    throw new PageError(403, 'Refused', `This form was sent from another origin (${origin}); open the page here and send it again.`);
  }
};

/** A `preHandler` for form posts, after the body is read: its CSRF field must be the session's. */
export const csrfProtected: preHandlerAsyncHookHandler = async (request) => {
  const body = request.body as Record<string, string> | undefined;
  const presented = body?.[CSRF_FIELD];
  if (presented === undefined || presented === '') {
    throw new PageError(403, 'Refused', 'The form had no security (CSRF) token. Reload the page and send the form again.');
  }
  if (!csrfMatches(sessionOf(request), presented)) {
    throw new PageError(403, 'Refused', "The form's security (CSRF) token is not this session's. Reload the page and send the form again.");
  }
};
