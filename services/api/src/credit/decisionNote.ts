import { z } from 'zod';

export const MAX_NOTE_LENGTH = 2000;

/** A finance note is read by people later (the release reason, the manual hold): blank says nothing. */
export const decisionNote = z
  .string()
  .trim()
  .min(1, 'must not be blank')
  .max(MAX_NOTE_LENGTH, `at most ${MAX_NOTE_LENGTH} characters`);
