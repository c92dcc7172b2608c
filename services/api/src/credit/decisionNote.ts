import { z } from 'zod';
import { isStorableText } from '@dealerflow/contracts';

export const MAX_NOTE_LENGTH = 2000;

/** A finance note is read by people later (the release reason, the manual hold): blank says nothing. */
export const decisionNote = z
  .string()
  .trim()
  .min(1, 'must not be blank')
  .max(MAX_NOTE_LENGTH, `at most ${MAX_NOTE_LENGTH} characters`)
  // The note is stored with the decision event: text the store cannot keep is the sender's mistake (400), not a dead letter.
  .refine(isStorableText, 'must not contain U+0000 or a lone surrogate');
