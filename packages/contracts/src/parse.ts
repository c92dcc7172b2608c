import type { z } from 'zod';
import { inputEventSchemas, type InputEvent, type InputType } from './inputs';
import { INPUT_TOPIC, type Topic } from './topics';

export type ParseResult =
  | { ok: true; event: InputEvent }
  | {
      ok: false;
      /** What is wrong, for a person: names the field and the rule. */
      reason: string;
      /** The input as received: the parsed JSON when it was JSON, else the text. */
      raw: unknown;
      /** The topic the event's type belongs to, when the type is known. */
      topic?: Topic;
    };

function isInputType(type: unknown): type is InputType {
  return typeof type === 'string' && Object.hasOwn(inputEventSchemas, type);
}

/** Formats zod issues as `path: message; path: message` so a dead letter names every bad field. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** Validates an already-parsed JSON value as an input envelope of the contract. */
export function parseInputValue(value: unknown): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'expected a JSON object (an event envelope)', raw: value };
  }
  const type = (value as { type?: unknown }).type;
  if (type === undefined) return { ok: false, reason: 'type: required', raw: value };
  if (!isInputType(type)) {
    return { ok: false, reason: `type: unknown event type ${JSON.stringify(type)}`, raw: value };
  }
  const result = inputEventSchemas[type].safeParse(value);
  if (!result.success) {
    return { ok: false, reason: describeIssues(result.error.issues), raw: value, topic: INPUT_TOPIC[type] };
  }
  return { ok: true, event: result.data as InputEvent };
}

/** Parses one line of text (NDJSON) into an input envelope, or says why it cannot be accepted. */
export function parseInputLine(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${(error as Error).message}`, raw: text };
  }
  return parseInputValue(value);
}
