import { locateJsonSyntaxError } from '../events/locateJsonSyntaxError';
import { ApiError } from './ApiError';

/**
 * Parses a small `application/json` request body (not an ingest body). A blank body is `undefined`,
 * so that a route taking no body accepts what HTTP clients send with a JSON Content-Type and nothing
 * in it; a route that needs a body refuses `undefined` itself. A syntax error names where it is.
 */
export function parseJsonBody(text: string): unknown {
  // A byte order mark is how some Windows tools start a file; it is not the sender's mistake.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    const where = locateJsonSyntaxError(body);
    if (where === undefined) throw new ApiError(400, 'malformed_json', 'the body is not valid JSON');
    throw new ApiError(
      400,
      'malformed_json',
      `the body is not valid JSON: unexpected ${where.found} at line ${where.line}, column ${where.column} (position ${where.position})`,
      [{ message: `unexpected ${where.found}`, line: where.line, column: where.column, position: where.position }],
    );
  }
}
