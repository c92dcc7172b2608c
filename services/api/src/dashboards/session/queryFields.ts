import { z } from 'zod';

/** A query value from a form: an empty field (a select's "All") is the same as no field. */
export function optionalField<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

/** Free text from a query, trimmed, at most `max` characters. */
export const optionalText = (max = 200) => optionalField(z.string().trim().max(max));

/** A cursor from a page link. */
export const optionalCursor = optionalField(z.string().min(1).max(512));

/** A checkbox: present (any of the values a browser or a person would send) is true. */
export const optionalFlag = optionalField(z.enum(['1', 'on', 'true']).transform(() => true));
