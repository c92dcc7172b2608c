import { describe, expect, it } from 'vitest';
import { messageIdFor } from './emailMessage';

describe('messageIdFor', () => {
  it('keeps a plain key and escapes everything else, so the same key always gives the same id', () => {
    expect(messageIdFor('OUT-1_dealer', 'dealerflow.example')).toBe('<OUT-1_dealer@dealerflow.example>');
    expect(messageIdFor('OUT-1:dealer:email', 'd.example')).toBe('<OUT-1%3Adealer%3Aemail@d.example>');
    expect(messageIdFor('库存', 'd.example')).toBe('<%E5%BA%93%E5%AD%98@d.example>');
  });

  it('gives different keys different ids', () => {
    expect(messageIdFor('a:b', 'x')).not.toBe(messageIdFor('a%3Ab', 'x'));
  });
});
