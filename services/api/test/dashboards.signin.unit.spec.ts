import { describe, expect, it } from 'vitest';
import { createDashboardServer, csrfOf, getPage, HOST, postForm, SAME_ORIGIN, signIn, TOKENS } from './dashboardsTestServer';

const cookiesOf = (response: { headers: Record<string, unknown> }) => [response.headers['set-cookie']].flat().filter((line): line is string => typeof line === 'string');

describe('GET /signin', () => {
  it('shows the sign-in form with its test hooks, in English', async () => {
    const server = createDashboardServer();
    const response = await getPage(server, '/signin');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<html lang="en">');
    expect(response.body).toContain('data-testid="signin-token"');
    expect(response.body).toContain('data-testid="signin-submit"');
    expect(response.body).toMatch(/<label for="token">Access token<\/label>/);
  });

  it('keeps a safe next page in the form, and drops one that leaves the site', async () => {
    const server = createDashboardServer();
    expect((await getPage(server, '/signin?next=%2Fops%2Fdealers%2FD-1')).body).toContain('name="next" value="/ops/dealers/D-1"');
    expect((await getPage(server, '/signin?next=%2F%2Fevil.example%2Fops')).body).not.toContain('name="next"');
  });
});

describe('GET /', () => {
  it('sends a visitor without a session to the sign-in page, and a signed-in one to their dashboard', async () => {
    const server = createDashboardServer();
    const anonymous = await getPage(server, '/');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/signin');
    expect((await getPage(server, '/', await signIn(server, TOKENS.finance))).headers.location).toBe('/finance');
    expect((await getPage(server, '/', await signIn(server, TOKENS.dealer1))).headers.location).toBe('/dealer');
    expect((await getPage(server, '/', 'dealerflow_session=stale')).headers.location).toBe('/signin');
    // The token itself in the cookie opens nothing: the cookie holds a session id.
    expect((await getPage(server, '/', `dealerflow_session=${encodeURIComponent(TOKENS.finance)}`)).headers.location).toBe('/signin');
  });
});

describe('POST /signin', () => {
  it.each([
    ['ops', TOKENS.ops, '/ops'],
    ['admin', TOKENS.admin, '/ops'],
    ['finance', TOKENS.finance, '/finance'],
    ['a dealer', TOKENS.dealer1, '/dealer'],
  ])('signs %s in: a session id (never the token) in an HttpOnly, SameSite=Lax cookie, and a redirect to its dashboard', async (_who, token, home) => {
    const server = createDashboardServer();
    const response = await postForm(server, '/signin', { token }, undefined);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(home);
    const [cookie] = cookiesOf(response);
    expect(cookie).toMatch(/^dealerflow_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=604800$/);
    expect(cookie).not.toContain(token);
    expect(cookie).not.toContain(encodeURIComponent(token));
    // Over plain http the cookie cannot be Secure, or the browser would never send it back.
    expect(cookie).not.toContain('Secure');
  });

  it('goes back to the page asked for before signing in', async () => {
    const server = createDashboardServer();
    const response = await postForm(server, '/signin', { token: TOKENS.ops, next: '/ops/dealers/D-1' }, undefined);
    expect(response.headers.location).toBe('/ops/dealers/D-1');
    const evil = await postForm(server, '/signin', { token: TOKENS.ops, next: 'https://evil.example/ops' }, undefined);
    expect(evil.headers.location).toBe('/ops');
  });

  it('refuses an unknown token with 401 and the form again, setting no cookie', async () => {
    const server = createDashboardServer();
    const response = await postForm(server, '/signin', { token: 'not-a-token' }, undefined);
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('That token is not known');
    expect(response.body).toContain('data-testid="signin-token"');
    expect(cookiesOf(response)).toEqual([]);
  });

  it('refuses a blank token (400) and an ingest token, which has no dashboard (403)', async () => {
    const server = createDashboardServer();
    expect((await postForm(server, '/signin', { token: '  ' }, undefined)).statusCode).toBe(400);
    const ingest = await postForm(server, '/signin', { token: TOKENS.ingest }, undefined);
    expect(ingest.statusCode).toBe(403);
    expect(cookiesOf(ingest)).toEqual([]);
  });

  it('refuses a sign-in form sent from another site (login CSRF)', async () => {
    const server = createDashboardServer();
    const response = await postForm(server, '/signin', { token: TOKENS.ops }, undefined, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(response.statusCode).toBe(403);
    expect(cookiesOf(response)).toEqual([]);
  });

  it('never writes the token to the log', async () => {
    const server = createDashboardServer();
    await postForm(server, '/signin', { token: TOKENS.finance }, undefined);
    await postForm(server, '/signin', { token: 'a-wrong-token' }, undefined);
    expect(server.logLines.join('\n')).not.toContain(TOKENS.finance);
    expect(server.logLines.join('\n')).not.toContain('a-wrong-token');
  });
});

describe('POST /signout', () => {
  it('clears the cookie and goes back to the sign-in page with a notice', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.ops);
    const page = await getPage(server, '/ops', cookie);
    const response = await postForm(server, '/signout', { _csrf: csrfOf(page.body) }, cookie);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/signin');
    expect(cookiesOf(response)).toContain('dealerflow_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
    const flash = cookiesOf(response).find((line) => line.startsWith('dealerflow_flash='))!.split(';')[0]!;
    const signin = await server.app.inject({ method: 'GET', url: '/signin', headers: { host: HOST, cookie: flash } });
    expect(signin.body).toMatch(/data-testid="flash"[^>]*>You are signed out\.</);
  });

  it('is refused without the CSRF token', async () => {
    const server = createDashboardServer();
    const cookie = await signIn(server, TOKENS.ops);
    const response = await postForm(server, '/signout', {}, cookie);
    expect(response.statusCode).toBe(403);
    expect(cookiesOf(response)).toEqual([]);
  });

  it('sends a person without a session to the sign-in page', async () => {
    const server = createDashboardServer();
    const response = await server.app.inject({ method: 'POST', url: '/signout', headers: { host: HOST, origin: SAME_ORIGIN } });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/signin');
  });
});
