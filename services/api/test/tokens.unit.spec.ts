import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { lookupToken, parseTokens, TokenSpecError } from '../src';

describe('parseTokens', () => {
  it('reads every role, with and without a display name', () => {
    const table = parseTokens(' a1=admin , i1=ingest@erp,o1=ops,f1=finance@Fran Smith,d1=dealer:D-17@Parts Desk');
    expect(lookupToken(table, 'a1')).toEqual({ role: { kind: 'admin' } });
    expect(lookupToken(table, 'i1')).toEqual({ role: { kind: 'ingest' }, name: 'erp' });
    expect(lookupToken(table, 'o1')).toEqual({ role: { kind: 'ops' } });
    expect(lookupToken(table, 'f1')).toEqual({ role: { kind: 'finance' }, name: 'Fran Smith' });
    expect(lookupToken(table, 'd1')).toEqual({ role: { kind: 'dealer', dealerId: 'D-17' }, name: 'Parts Desk' });
  });

  it('splits at the first "=", so a token may not hold one but a name may hold "="', () => {
    const table = parseTokens('tok=ops@a=b');
    expect(lookupToken(table, 'tok')).toEqual({ role: { kind: 'ops' }, name: 'a=b' });
  });

  it('answers undefined for a token it does not hold, including a prefix of a known one', () => {
    const table = parseTokens('secret-token=admin');
    expect(lookupToken(table, 'secret-toke')).toBeUndefined();
    expect(lookupToken(table, 'secret-token ')).toBeUndefined();
    expect(lookupToken(table, '')).toBeUndefined();
  });

  it('keeps only hashes: the table does not contain the token text', () => {
    const table = parseTokens('very-secret-value=admin');
    const dump = JSON.stringify(table.entries.map((entry) => ({ ...entry, hash: entry.hash.toString('utf8') })));
    expect(dump).not.toContain('very-secret-value');
    expect(table.entries[0]?.hash.toString('hex')).toBe(createHash('sha256').update('very-secret-value').digest('hex'));
  });

  it.each([
    ['', 0, 'DEALERFLOW_TOKENS is empty'],
    ['   ', 0, 'DEALERFLOW_TOKENS is empty'],
    ['abc', 1, 'entry 1 is malformed: expected token=role'],
    ['a=admin,b', 2, 'entry 2 is malformed: expected token=role'],
    ['a=admin,', 2, 'entry 2 is malformed: it is empty'],
    ['a=admin,,b=ops', 2, 'entry 2 is malformed: it is empty'],
    ['=admin', 1, 'the token before "=" is empty'],
    ['a b=admin', 1, 'the token contains white space'],
    ['a=root', 1, 'role "root" is not one of admin, ingest, ops, finance or dealer:<dealerId>'],
    ['a=', 1, 'role "" is not one of'],
    ['a=dealer:', 1, 'role "dealer:" is not one of'],
    ['a=dealer', 1, 'role "dealer" is not one of'],
    ['a=Admin', 1, 'role "Admin" is not one of'],
    ['a=ops@', 1, 'the name after "@" is empty'],
    ['a=ops,b=ops,a=finance', 3, 'entry 3 repeats the token of entry 1'],
  ])('refuses %j, naming entry %i', (spec, entry, message) => {
    let caught: unknown;
    try {
      parseTokens(spec);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TokenSpecError);
    expect((caught as TokenSpecError).entry).toBe(entry);
    expect((caught as TokenSpecError).message).toContain(message);
  });

  it('never repeats the token in its error message', () => {
    for (const spec of ['s3cr3t-value=root', 's3cr3t-value=ops@', 's3cr3t-value=ops,s3cr3t-value=admin']) {
      expect(() => parseTokens(spec)).toThrow(TokenSpecError);
      try {
        parseTokens(spec);
      } catch (error) {
        expect((error as Error).message).not.toContain('s3cr3t');
      }
    }
  });
});
