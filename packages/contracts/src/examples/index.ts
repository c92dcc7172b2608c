import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INPUT_TYPES, type InputType } from '../inputs';
import type { OutputType } from '../outputs';

/**
 * The contract's example events: `packages/contracts/examples/<type>.json`, one per input and output
 * type, documented in docs/contract/events.md. A subpath of its own (`@dealerflow/contracts/examples`)
 * because it reads files: the schemas and `./testing` stay free of `node:*` for the pure domain.
 */
export const EXAMPLES_DIR = join(import.meta.dirname, '../../examples');

export type ExampleType = InputType | OutputType;

/** An example as plain JSON: loose on purpose, so a test can break a copy and see what the schemas refuse. */
export type ExampleJson = Record<string, any>;

/** The type each example file is named after, sorted; a name need not be a real type (tests check that). */
export function exampleTypes(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}

/** A fresh copy of the example of `type`, read from disk on every call. */
export function readExample(type: ExampleType): ExampleJson {
  const file = join(EXAMPLES_DIR, `${type}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`no example of ${type}: cannot read ${file}`, { cause: error });
  }
  return JSON.parse(text) as ExampleJson;
}

/** Every input example, in event time (`occurredAt`; ties by type): a stream a replay can take as it is. */
export function inputExamples(): ExampleJson[] {
  const inputTypes = new Set<string>(INPUT_TYPES);
  return exampleTypes()
    .filter((type): type is InputType => inputTypes.has(type))
    .map(readExample)
    .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
}
