import { describe, expect, it } from 'vitest';
import { createSecretSealer, SealedSecretError } from './secretSealer';

const KEY = 'a-key-of-at-least-thirty-two-characters-0001';
const SECRET = 'whsec_c2VjcmV0LW9mLWRlYWxlci1ELTE=';

describe('createSecretSealer', () => {
  it('seals a secret so that the stored text does not hold it, and opens it again with the same key and context', () => {
    const sealer = createSecretSealer(KEY);
    const sealed = sealer.seal(SECRET, 'row-1:D-1');
    expect(sealed).not.toContain(SECRET);
    expect(sealed).not.toContain(SECRET.slice('whsec_'.length));
    expect(sealed).not.toBe(sealer.seal(SECRET, 'row-1:D-1'));
    expect(sealer.open(sealed, 'row-1:D-1')).toBe(SECRET);
  });

  it('refuses to open under another key, another context (a row moved to another dealer), or an altered value', () => {
    const sealer = createSecretSealer(KEY);
    const sealed = sealer.seal(SECRET, 'row-1:D-1');
    expect(() => createSecretSealer(`${KEY}x`).open(sealed, 'row-1:D-1')).toThrow(SealedSecretError);
    expect(() => sealer.open(sealed, 'row-1:D-2')).toThrow(SealedSecretError);
    const [format, iv, body, tag] = sealed.split('.');
    const flipped = `${body!.startsWith('A') ? 'B' : 'A'}${body!.slice(1)}`;
    expect(() => sealer.open([format, iv, flipped, tag].join('.'), 'row-1:D-1')).toThrow(SealedSecretError);
    expect(() => sealer.open('whsec_in-clear', 'row-1:D-1')).toThrow(/format/);
  });

  it('names its key by a fingerprint that differs between keys and is not the key', () => {
    const one = createSecretSealer(KEY);
    expect(one.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(one.keyId).toBe(createSecretSealer(KEY).keyId);
    expect(one.keyId).not.toBe(createSecretSealer(`${KEY}x`).keyId);
    expect(KEY).not.toContain(one.keyId);
  });
});
