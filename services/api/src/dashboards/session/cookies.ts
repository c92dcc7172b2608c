import type { FastifyReply, FastifyRequest } from 'fastify';

/** The cookies of a request by name (the first of a repeated name wins; values are not decoded further). */
export function readCookies(request: FastifyRequest): Map<string, string> {
  const cookies = new Map<string, string>();
  const header = request.headers.cookie;
  if (header === undefined) return cookies;
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals === -1) continue;
    const name = part.slice(0, equals).trim();
    let value = part.slice(equals + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (name !== '' && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie. Absent: it ends with the browser session. */
  maxAge?: number;
  /** Set when the request came over https, so the cookie is never sent in clear. */
  secure: boolean;
}

/**
 * Every cookie of the dashboards is HttpOnly (no script reads it), on the whole site, and
 * SameSite=Lax: sent when a person follows a link to a page (an e-mail, a bookmark), never with a
 * cross-site POST. Forms are protected by their CSRF token and the Origin check besides.
 */
export function appendCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  const attributes = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (options.maxAge !== undefined) attributes.push(`Max-Age=${options.maxAge}`);
  if (options.secure) attributes.push('Secure');
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  reply.header('set-cookie', [...list, attributes.join('; ')]);
}

/** Whether the browser reached us over https (TLS here; a proxy in front must terminate TLS and be trusted by Fastify). */
export function isSecure(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}
