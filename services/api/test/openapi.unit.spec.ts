import type { OpenAPIV3 } from 'openapi-types';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createServer, parseTokens, type ApiServer } from '../src';
import { errorBodySchema } from '../src/openapi/errorBodySchema';
import { createInMemoryBoard } from './inMemoryBoard';
import { createInMemoryCreditHolds } from './inMemoryCreditHolds';
import { createInMemoryNotifications } from './inMemoryNotifications';
import { createInMemoryWebhookSecrets } from './inMemoryWebhookSecrets';
import {
  bearer,
  createInMemoryEventLog,
  createInMemoryHealth,
  createInMemoryOutputReader,
  createTestServer,
  TOKEN_SPEC,
  TOKENS,
} from './inMemoryRuntime';

/** Every optional port given: every route the API has is registered. */
function createFullServer(): ApiServer {
  const ports = createInMemoryNotifications({});
  return createServer({
    eventLog: createInMemoryEventLog().eventLog,
    outputs: createInMemoryOutputReader([]).reader,
    health: createInMemoryHealth({ watermark: null, lag: {} }).health,
    tokens: parseTokens(TOKEN_SPEC),
    logger: pino({ level: 'silent' }),
    directory: ports.directory,
    preferences: ports.preferences,
    inbox: ports.inbox,
    notifications: ports.notifications,
    webhookSecrets: createInMemoryWebhookSecrets().port,
    creditHolds: createInMemoryCreditHolds([]).reader,
    board: createInMemoryBoard(),
  });
}

/** The dashboards' HTML pages and their stylesheet: registered hidden, documented on docs/dashboards.md, not in the API document. */
const DASHBOARD_ROUTE = / \/$| \/(ops|finance|dealer|signin|signout)(\/|$)|\.css$/;

/** The routes the server itself registers, as `METHOD /openapi/path`; HEAD routes Fastify adds beside a GET are left out. */
function recordRoutes(app: ApiServer): Set<string> {
  const routes = new Set<string>();
  app.addHook('onRoute', ({ method, url }) => {
    for (const one of [method].flat()) routes.add(`${one} ${url.replace(/:(\w+)/g, '{$1}')}`);
  });
  return routes;
}

function withoutImplicitHead(routes: Set<string>): string[] {
  return [...routes].filter((route) => !(route.startsWith('HEAD ') && routes.has(route.replace(/^HEAD /, 'GET ')))).sort();
}

async function documentOf(app: ApiServer): Promise<OpenAPIV3.Document> {
  const response = await app.inject({ method: 'GET', url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  return response.json() as OpenAPIV3.Document;
}

/** `[METHOD /path, operation]` for every operation of the document. */
function operations(document: OpenAPIV3.Document): [string, OpenAPIV3.OperationObject][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item ?? {}).map(
      ([method, described]): [string, OpenAPIV3.OperationObject] => [`${method.toUpperCase()} ${path}`, described as OpenAPIV3.OperationObject],
    ),
  );
}

function operation(document: OpenAPIV3.Document, path: string, method: 'get' | 'post' | 'put'): OpenAPIV3.OperationObject {
  const found = document.paths[path]?.[method];
  if (found === undefined) throw new Error(`${method.toUpperCase()} ${path} is not in the document`);
  return found;
}

const schemaOf = (body: OpenAPIV3.RequestBodyObject | OpenAPIV3.ReferenceObject | undefined, mediaType = 'application/json') =>
  (body as OpenAPIV3.RequestBodyObject | undefined)?.content[mediaType]?.schema as OpenAPIV3.SchemaObject | undefined;

describe('GET /openapi.json', () => {
  it('answers anyone, without a token, with an OpenAPI 3 document titled Dealerflow API, version 1', async () => {
    const response = await createTestServer().app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const document = response.json() as OpenAPIV3.Document;
    expect(document.openapi.startsWith('3.')).toBe(true);
    expect(document.info).toMatchObject({ title: 'Dealerflow API', version: '1' });
  });

  it('lists every route a server with every port registers, and nothing else, but not itself', async () => {
    const app = createFullServer();
    const registered = recordRoutes(app);
    const document = await documentOf(app);
    const documented = operations(document).map(([route]) => route).sort();
    expect(withoutImplicitHead(registered).filter((route) => route !== 'GET /openapi.json' && !DASHBOARD_ROUTE.test(route))).toEqual(documented);
    expect(documented).toEqual([
      'DELETE /v1/dealers/{dealerId}/webhook-secret',
      'GET /healthz',
      'GET /v1/cash-discounts',
      'GET /v1/credit/ageing',
      'GET /v1/credit/decisions',
      'GET /v1/credit/exports/{name}',
      'GET /v1/credit/holds',
      'GET /v1/dealers',
      'GET /v1/dealers/{dealerId}',
      'GET /v1/dealers/{dealerId}/credit/exposure',
      'GET /v1/dealers/{dealerId}/credit/invoices',
      'GET /v1/dealers/{dealerId}/deliveries',
      'GET /v1/dealers/{dealerId}/inbox',
      'GET /v1/dealers/{dealerId}/preferences',
      'GET /v1/dealers/{dealerId}/rebates',
      'GET /v1/dealers/{dealerId}/stock',
      'GET /v1/dealers/{dealerId}/timeline',
      'GET /v1/dealers/{dealerId}/webhook-secret',
      'GET /v1/deliveries',
      'GET /v1/notifications',
      'GET /v1/outputs',
      'GET /v1/rebates/statements',
      'GET /v1/stock/alerts',
      'GET /v1/tier-suggestions',
      'POST /v1/credit/holds/{holdId}/decision',
      'POST /v1/dealers/{dealerId}/credit-holds',
      'POST /v1/dealers/{dealerId}/credit-limit',
      'POST /v1/dealers/{dealerId}/stock-alerts/acknowledgements',
      'POST /v1/dealers/{dealerId}/tier-suggestion/acceptance',
      'POST /v1/dealers/{dealerId}/webhook-secret',
      'POST /v1/events',
      'POST /v1/notifications/{notificationId}/retry',
      'PUT /v1/dealers/{dealerId}/preferences',
    ]);
  });

  it('lists only the routes registered when the optional ports are not given', async () => {
    const { app } = createTestServer();
    const registered = recordRoutes(app);
    const documented = operations(await documentOf(app)).map(([route]) => route).sort();
    expect(withoutImplicitHead(registered).filter((route) => route !== 'GET /openapi.json')).toEqual(documented);
    expect(documented).toEqual(['GET /healthz', 'GET /v1/outputs', 'POST /v1/dealers/{dealerId}/stock-alerts/acknowledgements', 'POST /v1/events']);
  });

  it("describes the decision route's body from its zod schema: decision, overrideUntil, keepUntil, note", async () => {
    const document = await documentOf(createFullServer());
    const decision = operation(document, '/v1/credit/holds/{holdId}/decision', 'post');
    const body = schemaOf(decision.requestBody);
    expect(Object.keys(body?.properties ?? {})).toEqual(['decision', 'overrideUntil', 'keepUntil', 'note']);
    expect(body?.required).toEqual(['decision']);
    expect(body?.properties?.['decision']).toMatchObject({ enum: ['release', 'keep'] });
    expect(body?.additionalProperties).toBe(false);
    expect(decision.parameters).toContainEqual(expect.objectContaining({ in: 'path', name: 'holdId', required: true }));
    expect(Object.keys(decision.responses)).toEqual(['202', '401', '403', 'default']);
  });

  it('names the query parameters of a route with their rules', async () => {
    const document = await documentOf(createTestServer().app);
    const outputs = operation(document, '/v1/outputs', 'get');
    const parameters = (outputs.parameters ?? []) as OpenAPIV3.ParameterObject[];
    expect(parameters.map(({ in: where, name }) => `${where}:${name}`)).toEqual([
      'query:topic',
      'query:dealerId',
      'query:after',
      'query:limit',
    ]);
    expect(parameters.find(({ name }) => name === 'limit')?.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 10000,
      default: 1000,
    });
  });

  it('declares the bearer scheme, and it on the routes that need a token only', async () => {
    const document = await documentOf(createFullServer());
    expect(document.components?.securitySchemes?.['bearerAuth']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(operation(document, '/v1/credit/holds/{holdId}/decision', 'post').security).toEqual([{ bearerAuth: [] }]);
    expect(operation(document, '/healthz', 'get').security).toBeUndefined();
    expect(operation(document, '/healthz', 'get').responses['401']).toBeUndefined();
  });

  it('says of every route what the server does: 401 without a token exactly where the document asks for one', async () => {
    const app = createFullServer();
    const document = await documentOf(app);
    const seen = await Promise.all(
      operations(document).map(async ([route, described]) => {
        const [method, path] = route.split(' ') as [string, string];
        const response = await app.inject({ method: method as 'GET', url: path.replace(/\{\w+\}/g, 'x') });
        return { route, documented: described.security !== undefined, refused: response.statusCode === 401 };
      }),
    );
    expect(seen.filter(({ documented }) => !documented).map(({ route }) => route)).toEqual(['GET /healthz']);
    for (const { route, documented, refused } of seen) expect({ route, refused }).toEqual({ route, refused: documented });
  });

  it('documents the error body once, as the server sends it, and refers to it from the error answers', async () => {
    const app = createFullServer();
    const document = await documentOf(app);
    expect(document.components?.schemas?.['Error']).toMatchObject({
      type: 'object',
      required: ['error', 'message'],
      properties: { error: { type: 'string' }, message: { type: 'string' }, details: { type: 'array' } },
    });
    const errorRef = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
    const events = operation(document, '/v1/events', 'post');
    for (const status of ['401', '403', 'default']) {
      expect((events.responses[status] as OpenAPIV3.ResponseObject).content).toEqual(errorRef);
    }
    const refused = await app.inject({ method: 'GET', url: '/v1/credit/holds?status=some', headers: bearer(TOKENS.finance) });
    expect(refused.statusCode).toBe(400);
    expect(errorBodySchema.strict().parse(refused.json())).toMatchObject({ error: 'invalid_request', details: [{ field: 'status' }] });
  });

  it('gives the NDJSON routes their content types, and the paging header', async () => {
    const document = await documentOf(createFullServer());
    const events = operation(document, '/v1/events', 'post');
    const eventsBody = events.requestBody as OpenAPIV3.RequestBodyObject;
    expect(Object.keys(eventsBody.content)).toEqual(['application/json', 'application/x-ndjson']);
    expect(schemaOf(events.requestBody, 'application/x-ndjson')).toMatchObject({ type: 'string' });
    expect(schemaOf(events.requestBody)?.anyOf).toHaveLength(2);

    const outputs = operation(document, '/v1/outputs', 'get').responses['200'] as OpenAPIV3.ResponseObject;
    expect(Object.keys(outputs.content ?? {})).toEqual(['application/x-ndjson']);
    expect(Object.keys(outputs.headers ?? {})).toEqual(['Next-Cursor']);
    const inbox = operation(document, '/v1/dealers/{dealerId}/inbox', 'get').responses['200'] as OpenAPIV3.ResponseObject;
    expect(Object.keys(inbox.content ?? {})).toEqual(['application/json']);
    expect(Object.keys(inbox.headers ?? {})).toEqual(['Next-Cursor']);
  });
});
