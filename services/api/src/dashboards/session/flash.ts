import type { FastifyReply, FastifyRequest } from 'fastify';
import { appendCookie, isSecure, readCookies } from './cookies';

const FLASH_COOKIE = 'dealerflow_flash';

/** A one-time message shown on the page a form post redirects to. */
export interface Flash {
  level: 'success' | 'info' | 'error';
  text: string;
  /** The page reloads once shortly after, to show what a worker applies in the meantime (a decision). */
  refresh?: boolean;
}

/** Leaves a message for the next page (a minute at most: it is meant for the redirect that follows). */
export function setFlash(request: FastifyRequest, reply: FastifyReply, flash: Flash): void {
  const value = Buffer.from(JSON.stringify(flash), 'utf8').toString('base64url');
  appendCookie(reply, FLASH_COOKIE, value, { maxAge: 60, secure: isSecure(request) });
}

/** The waiting message, removed as it is read so a reload does not show it again. */
export function takeFlash(request: FastifyRequest, reply: FastifyReply): Flash | undefined {
  const value = readCookies(request).get(FLASH_COOKIE);
  if (value === undefined || value === '') return undefined;
  appendCookie(reply, FLASH_COOKIE, '', { maxAge: 0, secure: isSecure(request) });
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Flash>;
    const level = parsed.level === 'success' || parsed.level === 'error' ? parsed.level : 'info';
    if (typeof parsed.text !== 'string') return undefined;
    return parsed.refresh === true ? { level, text: parsed.text, refresh: true } : { level, text: parsed.text };
  } catch {
    return undefined;
  }
}

/** Answers a form post: back to the page with a message (303, so a reload does not post again). */
export function redirectWithFlash(request: FastifyRequest, reply: FastifyReply, location: string, flash: Flash): FastifyReply {
  setFlash(request, reply, flash);
  return reply.code(303).header('location', location).send();
}
