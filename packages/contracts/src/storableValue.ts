/**
 * What the store can keep. PostgreSQL text holds no U+0000, and a lone UTF-16 surrogate reaches it as
 * U+FFFD (so `e-1\ud800` and `e-1\udfff` would be one id); `JSON.stringify` recurses and overflows the
 * stack a few thousand levels down. An input that breaks one of these is refused before anything
 * serializes or stores it, with the place named, and only a storable copy of it is kept.
 */

/** How deep objects and arrays may nest in one input; the envelope itself is level 1 (docs/pipeline.md). */
export const MAX_NESTING_DEPTH = 32;

/** Problems listed in one reason; the rest are counted. */
const MAX_LISTED = 10;

/** What stands in a dead letter's `raw` for a part nested deeper than the limit. */
export const DEEPER_THAN_LIMIT = `[nested deeper than ${MAX_NESTING_DEPTH} levels]`;

const SUSPECT = /[\u0000\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const SHOWN_KEY_LENGTH = 40;

/** True when PostgreSQL keeps the text as it is: no U+0000 and no lone surrogate. */
export function isStorableText(text: string): boolean {
  return !SUSPECT.test(text) || (!text.includes('\u0000') && !LONE_SURROGATE.test(text));
}

/** What is wrong with a text for the store, or undefined. */
function textProblem(text: string): string | undefined {
  if (!SUSPECT.test(text)) return undefined;
  const lone = LONE_SURROGATE.exec(text)?.[0];
  const nul = text.includes('\u0000');
  const surrogate = lone === undefined ? undefined : `a lone surrogate (U+${lone.charCodeAt(0).toString(16).toUpperCase()})`;
  if (nul && surrogate) return `contains U+0000 and ${surrogate}`;
  if (nul) return 'contains U+0000';
  return surrogate && `contains ${surrogate}`;
}

/** A place in a value, linked to its parent so a path is built only when a problem is found. */
interface Place {
  parent: Place | undefined;
  key: string | number;
}

function showKey(key: string): string {
  const shown = key.length > SHOWN_KEY_LENGTH ? `${key.slice(0, SHOWN_KEY_LENGTH)}…` : key;
  // JSON.stringify escapes U+0000 and lone surrogates, so the reason itself is storable.
  return IDENTIFIER.test(shown) ? shown : JSON.stringify(shown);
}

/** `data.lines.0.sku`, as the schema's reasons name fields; an odd key is quoted (`data."a b"`). */
function describePlace(place: Place | undefined): string {
  const keys: (string | number)[] = [];
  for (let at = place; at !== undefined; at = at.parent) keys.push(at.key);
  const shown = keys.reverse().map((key) => (typeof key === 'number' ? String(key) : showKey(key)));
  // A path deeper than the limit is cut in the middle: its ends say where it starts and what it is.
  if (shown.length > 8) return [...shown.slice(0, 4), '…', ...shown.slice(-2)].join('.');
  return shown.join('.');
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function childrenOf(value: object): [string | number, unknown][] {
  return Array.isArray(value) ? value.map((child, index) => [index, child]) : Object.entries(value);
}

/**
 * True when the store can keep every part of the value: the quick test run on every input, allocating
 * nothing per node; `findUnstorableParts` then names the places, for the few that fail it.
 */
export function isStorableValue(value: unknown): boolean {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const current = values.pop();
    const depth = depths.pop()!;
    if (typeof current === 'string') {
      if (SUSPECT.test(current) && textProblem(current)) return false;
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_NESTING_DEPTH) return false;
    if (Array.isArray(current)) {
      for (const child of current) {
        values.push(child);
        depths.push(depth + 1);
      }
      continue;
    }
    for (const key of Object.keys(current)) {
      if (SUSPECT.test(key) && textProblem(key)) return false;
      values.push((current as Record<string, unknown>)[key]);
      depths.push(depth + 1);
    }
  }
  return true;
}

interface Visit {
  value: unknown;
  place: Place | undefined;
  depth: number;
  /** What is wrong with the field name the value sits under. */
  nameProblem?: string;
}

/**
 * Every part of a parsed JSON value the store cannot keep, as `path: problem` (a string or a field name
 * with U+0000 or a lone surrogate; objects and arrays nested deeper than MAX_NESTING_DEPTH), in document
 * order. Walks with its own stack, so no depth of nesting can overflow the call stack.
 */
export function findUnstorableParts(value: unknown): string[] {
  const problems: string[] = [];
  const stack: Visit[] = [{ value, place: undefined, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, place, depth, nameProblem } = stack.pop()!;
    if (nameProblem) problems.push(`${describePlace(place)}: the field name ${nameProblem}`);
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) problems.push(`${describePlace(place) || 'the input'}: ${problem}`);
      continue;
    }
    if (!isContainer(current)) continue;
    if (depth + 1 > MAX_NESTING_DEPTH) {
      problems.push(`${describePlace(place)}: nested deeper than ${MAX_NESTING_DEPTH} levels`);
      continue;
    }
    const children = childrenOf(current);
    // Pushed last to first, so they are visited in document order.
    for (let index = children.length - 1; index >= 0; index -= 1) {
      const [key, child] = children[index]!;
      const visit: Visit = { value: child, place: { parent: place, key }, depth: depth + 1 };
      if (typeof key === 'string') visit.nameProblem = textProblem(key);
      stack.push(visit);
    }
  }
  return problems;
}

/** `findUnstorableParts` as one reason, `path: problem; …`, the first few listed and the rest counted. */
export function describeUnstorable(problems: readonly string[]): string {
  const listed = problems.slice(0, MAX_LISTED).join('; ');
  return problems.length > MAX_LISTED ? `${listed}; and ${problems.length - MAX_LISTED} more` : listed;
}

/** The text with each lone surrogate replaced by U+FFFD (U+0000 is kept: JSON escapes it). */
export function wellFormed(text: string): string {
  return SUSPECT.test(text) ? text.replace(LONE_SURROGATES, '\ufffd') : text;
}

function storableScalar(value: unknown): unknown {
  return typeof value === 'string' ? wellFormed(value) : value;
}

/**
 * A copy of an input a dead letter can keep and every JSON reader can read: lone surrogates become
 * U+FFFD (strict parsers refuse them), parts nested deeper than the limit become DEEPER_THAN_LIMIT,
 * U+0000 stays (serialized as `\u0000`, which PostgreSQL text keeps). Built without recursion.
 */
export function toStorableRaw(value: unknown): unknown {
  if (!isContainer(value)) return storableScalar(value);
  const root: object = Array.isArray(value) ? [] : {};
  const stack: { source: object; target: object; depth: number }[] = [{ source: value, target: root, depth: 1 }];
  while (stack.length > 0) {
    const { source, target, depth } = stack.pop()!;
    for (const [key, child] of childrenOf(source)) {
      let copy: unknown;
      if (!isContainer(child)) copy = storableScalar(child);
      else if (depth >= MAX_NESTING_DEPTH) copy = DEEPER_THAN_LIMIT;
      else {
        copy = Array.isArray(child) ? [] : {};
        stack.push({ source: child, target: copy as object, depth: depth + 1 });
      }
      // defineProperty: a key named "__proto__" stays a plain field, as JSON.parse made it.
      Object.defineProperty(target, typeof key === 'number' ? key : wellFormed(key), {
        value: copy,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return root;
}
