/**
 * What PostgreSQL text cannot hold: U+0000 (its text types end at a NUL) and lone UTF-16 surrogates
 * (half a character; the drivers turn them into U+FFFD, so a lookup would silently match another
 * value). Either in a request's parameter can only be a mistake or a probe.
 */
const NUL = '\u0000';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored or matched, or undefined when it can. */
export function whyUnstorable(text: string): string | undefined {
  if (text.includes(NUL)) return 'contains U+0000 (a NUL character), which no value can hold';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (half a character), which no value can hold';
  return undefined;
}

/** A name as it can be shown in a message: control characters and lone surrogates escaped, as JSON writes them. */
export function printableName(name: string): string {
  return JSON.stringify(name).slice(1, -1);
}
