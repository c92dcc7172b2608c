import type { z } from 'zod';
import { PageError } from '../html/PageError';

/**
 * A page's query through its zod schema; a bad value is a 400 page naming the parameter. Pages
 * ignore parameters they do not know (a link from an e-mail may carry tracking ones); the JSON API
 * refuses them.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`);
  throw new PageError(400, 'Bad link', `This link has a parameter the page cannot use (${problems.join('; ')}).`);
}
