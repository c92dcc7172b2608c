import type { z } from 'zod';
import { DEFAULT_INGEST_POLICY, futureSkewProblem, type IngestPolicy } from './ingestPolicy';
import { inputEventSchemas, type InputEvent, type InputType } from './inputs';
import { describeUnstorable, findUnstorableParts, isStorableValue, toStorableRaw, wellFormed } from './storableValue';
import { INPUT_TOPIC, type Topic } from './topics';

export type ParseResult =
  | { ok: true; event: InputEvent }
  | {
      ok: false;
      /** What is wrong, for a person: names the field and the rule. */
      reason: string;
      /**
       * The input as received, in a form the store keeps (`toStorableRaw`): the parsed JSON when it
       * was JSON, else the text.
       */
      raw: unknown;
      /** The topic the event's type belongs to, when the type is known. */
      topic?: Topic;
    };

/** How a line is judged beyond its schema (both runtimes pass the same, so their verdicts agree). */
export interface ParseOptions {
  /**
   * The time of ingest (RFC 3339), stamped on the event as `receivedAt` in place of any the sender
   * wrote. The server passes its clock; a replay passes nothing and judges by the line's own `receivedAt`.
   */
  receivedAt?: string;
  /** The `ingest` settings; the defaults when absent. */
  ingest?: IngestPolicy;
}

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

/** The type as the reason quotes it: short, whatever was sent (a long text, an object) in its place. */
function describeType(type: unknown): string {
  if (typeof type === 'string') return JSON.stringify(type.length > 64 ? `${type.slice(0, 64)}…` : type);
  if (typeof type === 'object' && type !== null) return Array.isArray(type) ? '(an array)' : '(an object)';
  return JSON.stringify(type);
}

function topicOf(value: unknown): Topic | undefined {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  return isInputType(type) ? INPUT_TOPIC[type] : undefined;
}

/** Validates an already-parsed JSON value as an input envelope of the contract. */
export function parseInputValue(value: unknown, options: ParseOptions = {}): ParseResult {
  // First, before anything serializes or walks it recursively: what the store cannot keep.
  const unstorable = isStorableValue(value) ? [] : findUnstorableParts(value);
  if (unstorable.length > 0) {
    const topic = topicOf(value);
    return { ok: false, reason: describeUnstorable(unstorable), raw: toStorableRaw(value), ...(topic ? { topic } : {}) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'expected a JSON object (an event envelope)', raw: value };
  }
  const type = (value as { type?: unknown }).type;
  if (type === undefined) return { ok: false, reason: 'type: required', raw: value };
  if (!isInputType(type)) {
    return { ok: false, reason: `type: unknown event type ${describeType(type)}`, raw: value };
  }
  const result = inputEventSchemas[type].safeParse(value);
  if (!result.success) {
    return { ok: false, reason: describeIssues(result.error.issues), raw: value, topic: INPUT_TOPIC[type] };
  }
  const event = (options.receivedAt === undefined ? result.data : { ...result.data, receivedAt: options.receivedAt }) as InputEvent;
  const tooEarly = futureSkewProblem(event, options.ingest ?? DEFAULT_INGEST_POLICY);
  if (tooEarly) return { ok: false, reason: tooEarly, raw: value, topic: INPUT_TOPIC[type] };
  return { ok: true, event };
}

/** Parses one line of text (NDJSON) into an input envelope, or says why it cannot be accepted. */
export function parseInputLine(text: string, options: ParseOptions = {}): ParseResult {
  let value: unknown;
  try {
    // JSON.parse does not recurse: any depth parses, and parseInputValue refuses what is too deep.
    value = JSON.parse(text);
  } catch (error) {
    // The message quotes the text, which may hold what the store cannot keep.
    const message = wellFormed((error as Error).message).replaceAll('\u0000', '\ufffd');
    return { ok: false, reason: `invalid JSON: ${message}`, raw: toStorableRaw(text) };
  }
  return parseInputValue(value, options);
}
