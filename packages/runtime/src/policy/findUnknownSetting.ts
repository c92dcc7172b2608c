import { closestName } from './closestName';

/**
 * Zod strips keys an object schema does not name, so a misspelt setting (`saftyDays`) would be
 * dropped and its default used without a word. This walks a policy schema beside the operator's
 * value and finds the first key the schema does not know, at any depth.
 *
 * It reads zod 4's schema definitions (`_zod.def`, the introspection surface zod documents for
 * library authors) rather than making every domain schema strict: the domain's schemas stay plain,
 * and the known keys can be listed in the error.
 */

/** A key the settings give that the policy does not have: its full path and its siblings that exist. */
export interface UnknownSetting {
  path: string[];
  known: string[];
}

interface SchemaDef {
  type: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  element?: unknown;
  in?: unknown;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

function defOf(schema: unknown): SchemaDef | undefined {
  return (schema as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def;
}

/** The schema under optional/default/… wrappers and on the input side of a pipe. */
function unwrap(schema: unknown): SchemaDef | undefined {
  let def = defOf(schema);
  while (def && (WRAPPERS.has(def.type) || def.type === 'pipe')) def = defOf(def.type === 'pipe' ? def.in : def.innerType);
  return def;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function findUnknownSetting(schema: unknown, value: unknown, path: string[] = []): UnknownSetting | undefined {
  const def = unwrap(schema);
  if (def?.type === 'array' && Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnknownSetting(def.element, item, [...path, String(index)]);
      if (found) return found;
    }
    return undefined;
  }
  if (def?.type !== 'object' || !def.shape || !isPlainObject(value)) return undefined;
  const known = Object.keys(def.shape);
  for (const [key, item] of Object.entries(value)) {
    if (!Object.hasOwn(def.shape, key)) return { path: [...path, key], known };
    const found = findUnknownSetting(def.shape[key], item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** `unknown setting "stock.saftyDays" (did you mean "safetyDays"?); the settings of "stock" are: …` */
export function describeUnknownSetting({ path, known }: UnknownSetting): string {
  const key = path.at(-1)!;
  const parent = path.slice(0, -1).join('.');
  const guess = closestName(key, known);
  const where = parent === '' ? 'the settings' : `the settings of "${parent}"`;
  return (
    `unknown setting "${path.join('.')}"` +
    (guess === undefined ? '' : ` (did you mean "${guess}"?)`) +
    `; ${where} are: ${known.length > 0 ? known.join(', ') : 'none'}`
  );
}
