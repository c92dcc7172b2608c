import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError } from '../src/events/locateJsonSyntaxError';

describe('locateJsonSyntaxError', () => {
  it.each([
    ['{"a":}', 5, 1, 6, '"}"'],
    ['[1,\n2,,3]', 6, 2, 3, '","'],
    ['{"a":1', 6, 1, 7, 'end of input'],
    ['{"a":1}\n{"b":2}', 8, 2, 1, '"{"'],
    ['{a:1}', 1, 1, 2, '"a"'],
    ['{"a" 1}', 5, 1, 6, '"1"'],
    ['[nul]', 4, 1, 5, '"]"'],
    ['[tru3]', 4, 1, 5, '"3"'],
    ['[01]', 2, 1, 3, '"1"'],
    ['[-]', 2, 1, 3, '"]"'],
    ['["a\\x"]', 4, 1, 5, '"x"'],
    ['["\\u12G4"]', 3, 1, 4, '"u"'],
    ['["tab\there"]', 5, 1, 6, '"\\t"'],
    ['[1,]', 3, 1, 4, '"]"'],
    ['{"a":1,}', 7, 1, 8, '"}"'],
    ['\r\n\r\n  ]', 6, 3, 3, '"]"'],
  ])('in %j points at position %i (line %i, column %i, found %s)', (text, position, line, column, found) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonSyntaxError(text)).toEqual({ position, line, column, found });
  });

  it('finds nothing wrong in valid JSON, however deeply nested', () => {
    expect(locateJsonSyntaxError('{"a":[1,-2.5e+3,true,false,null,"\\u00e9\\n",{}],"b":{}}')).toBeUndefined();
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(locateJsonSyntaxError(deep)).toBeUndefined();
    expect(locateJsonSyntaxError(`${'['.repeat(100_000)}${']'.repeat(99_999)}`)?.found).toBe('end of input');
  });

  it('agrees with JSON.parse on which texts are JSON (property)', () => {
    const accepts = (text: string) => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    };
    const fragment = fc.constantFrom('{', '}', '[', ']', ',', ':', '"a"', '"', '1', '-', '0', '.5', 'e3', 'true', 'nul', ' ', '\n', '\\');
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join('')), fc.string()), (text) => {
        expect(locateJsonSyntaxError(text) === undefined).toBe(accepts(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('never points past the character that broke a valid prefix (property)', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), (text, cut) => {
        const broken = text.slice(0, cut % (text.length + 1)) + '\u0001';
        const where = locateJsonSyntaxError(broken);
        expect(where).toBeDefined();
        expect(where!.position).toBeLessThanOrEqual(broken.length - 1);
      }),
    );
  });
});
