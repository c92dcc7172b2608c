import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whyUnstorable } from '../src/http/unstorableText';
import { HOST } from './dashboardsTestServer';
import { bearer, TOKENS } from './inMemoryRuntime';
import { databases, openRealServer, type RealServer } from './realServer';

// Issue 18, defect 9: a U+0000 in a query or path parameter reached PostgreSQL and answered 503 (logged as an error).
const backends = await databases('dealerflow-api-nul-');

interface Route {
  method: string;
  url: string;
}

interface Case {
  route: string;
  parameter: string;
  request: { method: string; url: string };
}

type OpenApiDocument = { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };

const NUL_VALUE = 'x\u0000y';
/** For a route that documents no query parameter (the pages are not in the document): a name any route ignores or refuses. */
const OTHER_PARAMETER = 'utm_source';

/** Every (route, parameter) pair of the server: each path parameter, each documented query parameter or else one other. */
function casesOf(routes: Route[], document: OpenApiDocument): Case[] {
  return routes.flatMap(({ method, url }) => {
    const pathNames = [...url.matchAll(/:(\w+)/g)].map((match) => match[1]!);
    const documented = document.paths[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
    const documentedNames = (documented?.parameters ?? []).filter((one) => one.in === 'query').map((one) => one.name);
    const queryNames = documentedNames.length === 0 ? [OTHER_PARAMETER] : documentedNames;
    const path = (poisoned?: string) => url.replace(/:(\w+)/g, (_all, name: string) => encodeURIComponent(name === poisoned ? NUL_VALUE : `${name}-1`));
    return [
      ...pathNames.map((name) => ({ route: `${method} ${url}`, parameter: name, request: { method, url: path(name) } })),
      ...queryNames.map((name) => ({ route: `${method} ${url}`, parameter: name, request: { method, url: `${path()}?${name}=${encodeURIComponent(NUL_VALUE)}` } })),
    ];
  });
}

async function routesOf(server: RealServer): Promise<Route[]> {
  const routes: Route[] = [];
  server.app.addHook('onRoute', ({ method, url }) => {
    for (const one of [method].flat()) if (one !== 'HEAD') routes.push({ method: one, url });
  });
  await server.app.ready();
  return routes;
}

describe('whyUnstorable', () => {
  it.each([
    ['U+0000', 'a\u0000b'],
    ['a lone high surrogate', 'a\uD800'],
    ['a lone low surrogate', '\uDFFFb'],
    ['two high surrogates', '\uD800\uD800\uDC00'],
  ])('refuses %s', (_what, text) => {
    expect(whyUnstorable(text)).toBeDefined();
  });

  it.each([['plain text', 'D-0001'], ['Chinese', '华东汽配'], ['an emoji (a surrogate pair)', 'ok \u{1F600}'], ['empty', '']])('takes %s', (_what, text) => {
    expect(whyUnstorable(text)).toBeUndefined();
  });
});

describe.each(backends)('a U+0000 in a path or query parameter, on every route of the real server ($name)', ({ skip, location }) => {
  let server: RealServer;
  let cases: Case[] = [];
  beforeAll(async () => {
    if (skip) return;
    server = await openRealServer(await location());
    const routes = await routesOf(server);
    const document = (await server.app.inject({ method: 'GET', url: '/openapi.json' })).json() as OpenApiDocument;
    cases = casesOf(routes, document);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it.skipIf(skip)(`answers 400 naming the parameter, never 5xx${skip ? ` — skipped: ${skip}` : ''}`, async () => {
    // Documented routes with parameters, and the pages: enough to know the walk reached them all.
    expect(cases.length).toBeGreaterThan(70);
    const wrong: string[] = [];
    for (const { route, parameter, request } of cases) {
      const response = await server.app.inject({
        method: request.method as 'GET',
        url: request.url,
        headers: { host: HOST, ...bearer(TOKENS.admin), ...(request.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
        ...(request.method === 'GET' ? {} : { payload: '{}' }),
      });
      const named = response.body.includes(parameter);
      if (response.statusCode !== 400 || !named) wrong.push(`${route} ${parameter}: ${response.statusCode} ${response.body.slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
  });

  it.skipIf(skip)(`answers a path that does not decode to text (%ED%A0%80, half a character) with the API's 400${skip ? ` — skipped: ${skip}` : ''}`, async () => {
    const response = await server.app.inject({ method: 'GET', url: '/v1/dealers/D-%ED%A0%80/inbox', headers: bearer(TOKENS.admin) });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request', message: 'invalid path: its %-escapes are not UTF-8 text' });
  });
});
