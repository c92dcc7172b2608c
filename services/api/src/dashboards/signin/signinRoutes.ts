import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { describeRole } from '../../auth/role';
import { lookupToken, type TokenTable } from '../../auth/tokens';
import { sendPage } from '../html/layout';
import { appendCookie, isSecure } from '../session/cookies';
import { redirectWithFlash, takeFlash } from '../session/flash';
import { field, type FormBody } from '../session/formBody';
import type { PageAuth } from '../session/pageAuth';
import { csrfProtected, homeOf, requirePage, sameOriginOnly, sessionOf } from '../session/pageGuard';
import { SESSION_COOKIE } from '../session/pageSession';
import { signinPage } from './signinPage';

/** After signing in, only back to one of our pages: never an open redirect to another site. */
const SAFE_NEXT = /^\/(ops|finance|dealer)(?:[/?#]|$)/;

function safeNext(next: string | undefined): string | undefined {
  return next !== undefined && SAFE_NEXT.test(next) ? next : undefined;
}

export interface SigninRoutesOptions {
  tokens: TokenTable;
  auth: PageAuth;
  logger: Logger;
}

/**
 * `GET`/`POST /signin` and `POST /signout`. Signing in checks the token once and opens a session
 * on the server; the cookie holds only the session's random id. Signing out ends the session.
 */
export function signinRoutes(app: FastifyInstance, { tokens, auth, logger }: SigninRoutesOptions): void {
  const log = logger.child({ component: 'dashboards' });

  // The address `start` prints: a newcomer lands on their dashboard, or on the sign-in page.
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const lookup = await auth.lookup(request);
    const home = lookup.kind === 'signed_in' ? homeOf(lookup.session.principal.role.kind) : undefined;
    return reply.code(303).header('location', home ?? '/signin').send();
  });

  app.get('/signin', { schema: { hide: true } }, async (request: FastifyRequest<{ Querystring: { next?: string } }>, reply) => {
    const next = safeNext(request.query.next);
    return sendPage(reply, 200, signinPage({ next, flash: takeFlash(request, reply) }));
  });

  app.post('/signin', { schema: { hide: true }, onRequest: sameOriginOnly }, async (request, reply) => {
    const body = request.body as FormBody | undefined;
    const next = safeNext(field(body, 'next'));
    const token = field(body, 'token');
    if (token === undefined) return sendPage(reply, 400, signinPage({ next, error: 'Enter your access token.' }));
    const principal = lookupToken(tokens, token);
    if (principal === undefined) {
      log.info({ ip: request.ip }, 'dashboard sign-in refused');
      return sendPage(reply, 401, signinPage({ next, error: 'That token is not known. Check it and try again.' }));
    }
    const home = homeOf(principal.role.kind);
    if (home === undefined) {
      return sendPage(reply, 403, signinPage({ next, error: 'This token is for source systems (ingest); it has no dashboard.' }));
    }
    const opened = await auth.open(token);
    appendCookie(reply, SESSION_COOKIE, opened.sessionId, { maxAge: opened.maxAgeSeconds, secure: isSecure(request) });
    log.info({ by: describeRole(principal.role), name: principal.name }, 'dashboard signed in');
    return reply.code(303).header('location', next ?? home).send();
  });

  app.post(
    '/signout',
    {
      schema: { hide: true },
      onRequest: [sameOriginOnly, requirePage(auth, ['admin', 'ops', 'finance', 'dealer'], 'sign out')],
      preHandler: csrfProtected,
    },
    async (request, reply) => {
      const session = sessionOf(request);
      await auth.close(session);
      appendCookie(reply, SESSION_COOKIE, '', { maxAge: 0, secure: isSecure(request) });
      log.info({ by: describeRole(session.principal.role), name: session.principal.name }, 'dashboard signed out');
      return redirectWithFlash(request, reply, '/signin', { level: 'info', text: 'You are signed out.' });
    },
  );
}
