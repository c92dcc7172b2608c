import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { routeExtras } from './routeExtras';

export const BEARER_SCHEME = 'bearerAuth';
export const ERROR_COMPONENT = 'Error';

/**
 * Routes answered without a token. Every other route is documented as needing one: forgetting a
 * public route here documents it as stricter than it is, never the reverse.
 */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set(['GET /healthz']);

const errorContent = { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_COMPONENT}` } } };
const errorAnswer = (description: string) => ({ description, content: errorContent });

type JsonSchema = Record<string, unknown>;

/**
 * Turns one route into its OpenAPI operation: the zod schemas through fastify-type-provider-zod,
 * then what they cannot say (token, error answers, non-JSON bodies, paging header).
 */
export const describeRoute: SwaggerTransform = (document) => {
  const generated = jsonSchemaTransform(document);
  const schema = generated.schema as JsonSchema | undefined;
  if (schema === undefined || schema['hide'] === true) return generated;

  const methods = [document.route.method].flat();
  const keys = methods.map((method) => `${method} ${document.url}`);
  const extras = keys.map((key) => routeExtras[key]).find((found) => found !== undefined) ?? {};
  const needsToken = !keys.some((key) => PUBLIC_ROUTES.has(key));

  const response: Record<string, unknown> = { ...(schema['response'] as JsonSchema | undefined) };
  if (extras.okContent) {
    const { description, mediaType, schema: body } = extras.okContent;
    response['200'] = { description, content: { [mediaType]: { schema: body } } };
  }
  if (extras.nextCursor !== undefined) {
    const ok = response['200'] as JsonSchema | undefined;
    response['200'] = {
      ...ok,
      headers: {
        'Next-Cursor': {
          type: 'string',
          description: `${extras.nextCursorWhen ?? 'present when the page is not empty'}; ${extras.nextCursor}`,
        },
      },
    };
  }
  if (needsToken) {
    response['401'] = errorAnswer('unauthorized: no Authorization: Bearer header, or a token not known (WWW-Authenticate: Bearer)');
    response['403'] = errorAnswer("forbidden: the token's role may not use this route");
  }
  response['default'] = errorAnswer('an error: `error` is a stable code, `message` is for a person');

  const described: JsonSchema = { ...schema, response };
  if (extras.requestBodies && schema['body'] !== undefined) {
    described['body'] = { content: { 'application/json': { schema: schema['body'] }, ...mediaEntries(extras.requestBodies) } };
  }
  if (needsToken) described['security'] = [{ [BEARER_SCHEME]: [] }];
  return { ...generated, schema: described };
};

function mediaEntries(bodies: Record<string, object>): Record<string, { schema: object }> {
  return Object.fromEntries(Object.entries(bodies).map(([mediaType, schema]) => [mediaType, { schema }]));
}
