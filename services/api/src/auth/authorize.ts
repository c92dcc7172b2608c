import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { ApiError } from '../http/ApiError';
import type { Principal, RoleKind } from './role';
import { lookupToken, type TokenTable } from './tokens';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `authorize` before the body is read. */
    principal: Principal | null;
  }
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

function unauthorized(message: string): ApiError {
  // RFC 6750: a 401 names the scheme the client should use.
  return new ApiError(401, 'unauthorized', message, undefined, { 'www-authenticate': 'Bearer' });
}

/**
 * An `onRequest` hook: the request must carry a known bearer token whose role is one of `allowed`.
 * It runs before the body is read, so an unauthenticated caller cannot make the server buffer a body.
 */
export function authorize(tokens: TokenTable, allowed: readonly RoleKind[], action: string): onRequestAsyncHookHandler {
  return async (request) => {
    const header = request.headers.authorization;
    if (header === undefined || header === '') throw unauthorized('an Authorization: Bearer <token> header is required');
    const match = BEARER.exec(header);
    if (!match?.[1]) throw unauthorized('the Authorization header must be "Bearer <token>"');
    const principal = lookupToken(tokens, match[1]);
    if (principal === undefined) throw unauthorized('the token is not known');
    if (!allowed.includes(principal.role.kind)) {
      throw new ApiError(403, 'forbidden', `this token may not ${action}`);
    }
    request.principal = principal;
  };
}

/** The principal `authorize` attached; a route without that hook asking for it is a wiring bug. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new Error(`route ${request.routeOptions.url} reads the principal without authorize`);
  return request.principal;
}
