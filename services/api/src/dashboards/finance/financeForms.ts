import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PageError } from '../html/PageError';
import { redirectWithFlash } from '../session/flash';
import type { FormBody } from '../session/formBody';
import type { PageAuth } from '../session/pageAuth';
import { csrfProtected, requirePage, sameOriginOnly } from '../session/pageGuard';

export const FINANCE = ['admin', 'finance'] as const;

const dealerIdField = z.string().trim().min(1, 'required').max(64, 'at most 64 characters');

/** A form's fields refused by a zod schema: a 400 page naming each field, as the API's 400 does. */
export function refused(title: string, error: z.ZodError): PageError {
  const problems = error.issues.map((issue) => `${issue.path.join('.') || 'form'}: ${issue.message}`);
  return new PageError(400, title, `${problems.join('; ')}.`);
}

/** A finance form's route options: same origin only, a finance session, the page's CSRF token; not in the API document. */
export function financeFormPost(auth: PageAuth, what: string) {
  return { schema: { hide: true }, onRequest: [sameOriginOnly, requirePage(auth, FINANCE, what)], preHandler: csrfProtected };
}

/** The form's `dealerId`, trimmed; missing or too long is a 400 page titled `title` naming the field. */
export function dealerIdOf(form: FormBody | undefined, title: string): string {
  const dealerId = dealerIdField.safeParse(form?.['dealerId'] ?? '');
  if (!dealerId.success) throw refused(title, new z.ZodError(dealerId.error.issues.map((issue) => ({ ...issue, path: ['dealerId'] }))));
  return dealerId.data;
}

/** Back to `/finance` after a decision was recorded, saying so; `refresh` reloads it once to show what the worker applied. */
export function backToFinance(request: FastifyRequest, reply: FastifyReply, text: string, refresh: boolean): FastifyReply {
  return redirectWithFlash(request, reply, '/finance', { level: 'success', text, refresh });
}
