import type { FastifyInstance } from 'fastify';

/** A form post is a few fields; nothing a person types is near this. */
export const FORM_BODY_LIMIT_BYTES = 64 * 1024;

export type FormBody = Record<string, string>;

/**
 * Reads `application/x-www-form-urlencoded` bodies (what an HTML form sends) into field → value;
 * a field sent twice keeps its last value. Only this content type: a JSON or multipart post to a
 * page is refused with 415 by Fastify.
 */
export function acceptFormBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT_BYTES },
    async (_request: unknown, body: string | Buffer): Promise<FormBody> => Object.fromEntries(new URLSearchParams(body.toString())),
  );
}

/** A field's value, trimmed; undefined when absent or blank. */
export function field(body: FormBody | undefined, name: string): string | undefined {
  const value = body?.[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
