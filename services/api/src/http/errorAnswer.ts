import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError, type ErrorDetail } from './ApiError';

/** Fastify's own refusals, in the API's words. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', message: 'the body is over the size limit; nothing was taken' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'send application/json or application/x-ndjson',
  },
  // A path whose percent-escapes are not UTF-8 (`%ED%A0%80`, half a character): refused before any route is chosen.
  FST_ERR_BAD_URL: { status: 400, code: 'invalid_request', message: 'invalid path: its %-escapes are not UTF-8 text' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'bad_request',
    message: 'the body length does not match the Content-Length header',
  },
};

/**
 * Turns whatever a request failed with into the API's error answer. Anything not recognised is a
 * 500 whose message says nothing of the internals (the log has them).
 */
export function errorAnswer(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) return validationAnswer(error);
  const fastifyError = error as Partial<FastifyError>;
  const known = fastifyError.code === undefined ? undefined : FASTIFY_ERRORS[fastifyError.code];
  if (known) return new ApiError(known.status, known.code, known.message);
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(status, 'bad_request', fastifyError.message ?? 'the request cannot be handled');
  }
  return new ApiError(500, 'internal_error', 'the server failed to handle the request; it has been logged');
}

type ValidationFailure = Parameters<typeof hasZodFastifySchemaValidationErrors>[0] & {
  validation: { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }[];
  validationContext?: string;
};

function validationAnswer(error: ValidationFailure): ApiError {
  const details: ErrorDetail[] = error.validation.flatMap((issue) => {
    const keys = issue.keyword === 'unrecognized_keys' ? issue.params['keys'] : undefined;
    if (Array.isArray(keys)) {
      return keys.map((key) => ({ field: String(key), message: 'not a known parameter' }));
    }
    const field = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return [{ field: field === '' ? (error.validationContext ?? 'request') : field, message: issue.message ?? issue.keyword }];
  });
  const where = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'request');
  const summary = details.map((detail) => `${detail.field}: ${detail.message}`).join('; ');
  return new ApiError(400, 'invalid_request', `invalid ${where}: ${summary}`, details);
}
