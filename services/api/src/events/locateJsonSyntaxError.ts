/** Where a JSON text stops being JSON; line and column count from 1, position from 0 (UTF-16 units). */
export interface JsonSyntaxLocation {
  position: number;
  line: number;
  column: number;
  /** What was found there: the character, or "end of input". */
  found: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

/**
 * Finds the first offending character of a text that `JSON.parse` refused. Node 20's `JSON.parse`
 * names a position only for some errors, and a person fixing a 5 MB body needs a line and column.
 * Runs only after a parse failed, with an explicit stack so deep nesting cannot overflow.
 * Returns undefined if the text is valid JSON.
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxLocation | undefined {
  const offset = findOffset(text);
  return offset === undefined ? undefined : locate(text, offset);
}

function findOffset(text: string): number | undefined {
  const length = text.length;
  const open: ('[' | '{')[] = [];
  let i = 0;
  let state: 'value' | 'key' | 'after' = 'value';

  const skipSpace = () => {
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i += 1;
    }
  };
  /** Moves past a string starting at i; returns the offset of a fault, or undefined. */
  const skipString = (): number | undefined => {
    i += 1;
    while (i < length) {
      const c = text[i] as string;
      if (c === '"') {
        i += 1;
        return undefined;
      }
      if (c === '\\') {
        const escape = text[i + 1];
        if (escape === undefined) return length;
        if (escape === 'u') {
          if (!HEX4.test(text.slice(i + 2, i + 6))) return i + 1;
          i += 6;
        } else if (ESCAPES.has(escape)) {
          i += 2;
        } else {
          return i + 1;
        }
        continue;
      }
      if (c.charCodeAt(0) < 0x20) return i;
      i += 1;
    }
    return length;
  };

  for (;;) {
    skipSpace();
    if (state === 'after') {
      const top = open[open.length - 1];
      if (top === undefined) return i < length ? i : undefined;
      if (i >= length) return length;
      const c = text[i];
      const close = top === '[' ? ']' : '}';
      if (c === ',') {
        i += 1;
        state = top === '[' ? 'value' : 'key';
      } else if (c === close) {
        i += 1;
        open.pop();
      } else {
        return i;
      }
      continue;
    }
    if (i >= length) return length;
    if (state === 'key') {
      if (text[i] !== '"') return i;
      const fault = skipString();
      if (fault !== undefined) return fault;
      skipSpace();
      if (text[i] !== ':') return i;
      i += 1;
      state = 'value';
      continue;
    }
    const c = text[i] as string;
    if (c === '{' || c === '[') {
      open.push(c);
      i += 1;
      skipSpace();
      if (text[i] === (c === '{' ? '}' : ']')) {
        i += 1;
        open.pop();
        state = 'after';
      } else {
        state = c === '{' ? 'key' : 'value';
      }
      continue;
    }
    if (c === '"') {
      const fault = skipString();
      if (fault !== undefined) return fault;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return c === '-' ? i + 1 : i;
      i = NUMBER.lastIndex;
    } else {
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
      if (literal === undefined) return firstMismatch(text, i);
      i += literal.length;
    }
    state = 'after';
  }
}

/** For a misspelt literal (`nul`, `tru3`), points at the first wrong letter rather than its start. */
function firstMismatch(text: string, at: number): number {
  const word = ['true', 'false', 'null'].find((candidate) => candidate[0] === text[at]);
  if (word === undefined) return at;
  let k = 0;
  while (k < word.length && text[at + k] === word[k]) k += 1;
  return at + k;
}

function locate(text: string, position: number): JsonSyntaxLocation {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < position; k = text.indexOf('\n', k + 1)) {
    line += 1;
    lineStart = k + 1;
  }
  const found = position >= text.length ? 'end of input' : JSON.stringify(text[position]);
  return { position, line, column: position - lineStart + 1, found };
}
