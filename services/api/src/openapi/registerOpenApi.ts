import swagger from '@fastify/swagger';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyTypeProvider,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import { z } from 'zod';
import { BEARER_SCHEME, describeRoute, ERROR_COMPONENT } from './describeRoute';
import { errorBodySchema } from './errorBodySchema';

export const OPENAPI_PATH = '/openapi.json';

/**
 * `GET /openapi.json`: the OpenAPI 3 document of every route registered after this call.
 * Swagger collects routes as they are registered (an `onRoute` hook), so this comes first.
 */
export function registerOpenApi<Logger extends FastifyBaseLogger, Provider extends FastifyTypeProvider>(
  app: FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Logger, Provider>,
): void {
  app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Dealerflow API',
        version: '1',
        description: 'Every error answer is an `Error` body. Roles per route, and every choice made: docs/api.md.',
      },
      components: {
        securitySchemes: {
          [BEARER_SCHEME]: {
            type: 'http',
            scheme: 'bearer',
            description: 'a token of DEALERFLOW_TOKENS; its role decides which routes it may use',
          },
        },
        // zod's JSON Schema type is wider than openapi-types' (`type` as any string); the target makes it OpenAPI 3.0.
        schemas: { [ERROR_COMPONENT]: z.toJSONSchema(errorBodySchema, { target: 'openapi-3.0' }) as OpenAPIV3.SchemaObject },
      },
    },
    transform: describeRoute,
  });
  app.register(async (scope) => {
    scope.get(OPENAPI_PATH, { schema: { hide: true } }, async () => scope.swagger());
  });
}
