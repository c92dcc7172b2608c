import { describe, expect, it } from 'vitest';
import { bearer } from './inMemoryRuntime';
import { createDashboardServer, getPage, HOST, signIn, TOKENS } from './dashboardsTestServer';

type Expected = 200 | 403 | 404 | 'sign-in';
const ROLES = { admin: TOKENS.admin, ops: TOKENS.ops, finance: TOKENS.finance, dealer: TOKENS.dealer1, none: undefined } as const;

/** Each page × each role: the page, a 403 page, the sign-in page, or (another dealer) 404. */
const MATRIX: [string, Record<keyof typeof ROLES, Expected>][] = [
  ['/ops', { admin: 200, ops: 200, finance: 200, dealer: 403, none: 'sign-in' }],
  ['/ops/dealers/D-1', { admin: 200, ops: 200, finance: 200, dealer: 403, none: 'sign-in' }],
  ['/finance', { admin: 200, ops: 403, finance: 200, dealer: 403, none: 'sign-in' }],
  ['/dealer', { admin: 200, ops: 200, finance: 403, dealer: 200, none: 'sign-in' }],
  ['/dealer?dealerId=D-2', { admin: 200, ops: 200, finance: 403, dealer: 404, none: 'sign-in' }],
];

describe('who opens which page (signed in with the cookie)', () => {
  const cases = MATRIX.flatMap(([url, expected]) =>
    (Object.keys(ROLES) as (keyof typeof ROLES)[]).map((role) => [url, role, expected[role]] as const),
  );
  it.each(cases)('%s as %s: %s', async (url, role, expected) => {
    const server = createDashboardServer();
    const token = ROLES[role];
    const cookie = token === undefined ? undefined : await signIn(server, token);
    const response = await getPage(server, url, cookie);
    if (expected === 'sign-in') {
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`/signin?next=${encodeURIComponent(url)}`);
      return;
    }
    expect(response.statusCode).toBe(expected);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    if (expected === 403) expect(response.body).toContain('may not');
  });
});

describe('pages and the Authorization header', () => {
  it('take a bearer token instead of the cookie', async () => {
    const server = createDashboardServer();
    const response = await server.app.inject({ method: 'GET', url: '/finance', headers: { host: HOST, ...bearer(TOKENS.finance) } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('data-testid="hold-row"');
  });

  it('answer a wrong bearer token with a 401 page, not a redirect (a script sent it)', async () => {
    const server = createDashboardServer();
    const response = await server.app.inject({ method: 'GET', url: '/ops', headers: { host: HOST, ...bearer('nope') } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.body).toContain('not known');
  });

  it('refuse an ingest token with 403', async () => {
    const server = createDashboardServer();
    const response = await server.app.inject({ method: 'GET', url: '/ops', headers: { host: HOST, ...bearer(TOKENS.ingest) } });
    expect(response.statusCode).toBe(403);
  });
});

describe('the session cookie', () => {
  it('does not open the JSON API: it keeps its 401 without an Authorization header', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.finance);
    const response = await server.app.inject({ method: 'GET', url: '/v1/credit/holds', headers: { host: HOST, cookie } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: 'unauthorized' });
  });

  it('of a token no longer listed sends to the sign-in page and is cleared', async () => {
    const server = createDashboardServer();
    const response = await getPage(server, '/ops', 'dealerflow_session=tok-removed-0001');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/signin?next=%2Fops');
    expect(response.headers['set-cookie']).toContain('dealerflow_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
  });

  it('pages are never cached, never framed, and run no script', async () => {
    const server = createDashboardServer();
    const response = await getPage(server, '/ops', await signIn(server, TOKENS.ops));
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.body).not.toContain('<script');
  });

  it('the stylesheet is public', async () => {
    const server = createDashboardServer();
    const response = await getPage(server, '/dashboards/style.css');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/css; charset=utf-8');
  });
});

describe('without the board', () => {
  it('no page is served (the routes are registered only with the read models)', async () => {
    const { createTestServer } = await import('./inMemoryRuntime');
    const { app } = createTestServer();
    const response = await app.inject({ method: 'GET', url: '/ops' });
    expect(response.statusCode).toBe(404);
  });
});
