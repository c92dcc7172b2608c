import type { onRequestAsyncHookHandler } from 'fastify';
import { ApiError, type ErrorDetail } from './ApiError';
import { printableName, whyUnstorable } from './unstorableText';

type Unstorable = ErrorDetail & { field: string };

/** The first parameter (by name or by one of its values) that cannot be stored, in one part of the request. */
function firstUnstorable(parameters: unknown): Unstorable | undefined {
  if (parameters === null || typeof parameters !== 'object') return undefined;
  for (const [name, value] of Object.entries(parameters)) {
    const field = printableName(name);
    const inName = whyUnstorable(name);
    if (inName !== undefined) return { field, message: `its name ${inName}` };
    for (const one of [value].flat()) {
      const inValue = typeof one === 'string' ? whyUnstorable(one) : undefined;
      if (inValue !== undefined) return { field, message: inValue };
    }
  }
  return undefined;
}

/**
 * A server-wide `onRequest` hook, before any route's own hooks: a path or query parameter the
 * database cannot hold (U+0000, a lone surrogate) is a 400 naming it, on every route at once,
 * instead of reaching a query and failing there as "database unavailable" (503). It runs before
 * authentication: it reads nothing and tells nothing but the caller's own mistake.
 */
export const refuseUnstorableParameters: onRequestAsyncHookHandler = async (request) => {
  const inPath = firstUnstorable(request.params);
  const where = inPath === undefined ? 'query' : 'path';
  const problem = inPath ?? firstUnstorable(request.query);
  if (problem === undefined) return;
  throw new ApiError(400, 'invalid_request', `invalid ${where}: ${problem.field}: ${problem.message}`, [problem]);
};
