import { MAX_NESTING_DEPTH } from '@dealerflow/contracts';
import { inputExamples, type ExampleJson } from '@dealerflow/contracts/examples';
import { openEmbeddedRuntime, replay, type EmbeddedRuntime } from '@dealerflow/runtime';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, TOKENS } from './inMemoryRuntime';
import { serverOver } from './runtimeBackends';

/**
 * The property of issue 18: for any body of mutated example events, the server (POST /v1/events over
 * the embedded runtime on PGlite) and `replay()` reach the same verdict on every line — accepted,
 * duplicate, or dead-lettered with the same reason — and no body is answered 503 (or any 5xx).
 *
 * The lines say when they were received (`receivedAt`, the server's fixed time of ingest here), so the
 * replay can judge how far ahead `occurredAt` is as the server does. `receivedAt` itself is never
 * mutated: the server replaces it with its own time by design (ingestRefusals covers that).
 */

const INGESTED_AT = '2026-06-01T00:00:00.000Z';
const T = Date.parse(INGESTED_AT);
const EXAMPLES = inputExamples().map((example) => JSON.stringify({ ...example, receivedAt: INGESTED_AT }));

type Path = (string | number)[];

type Mutation =
  | { kind: 'nul'; at: number }
  | { kind: 'loneSurrogate'; char: string; at: number }
  | { kind: 'oddText'; text: string; at: number }
  | { kind: 'deep'; levels: number }
  | { kind: 'ahead'; occurredAt: string }
  | { kind: 'wrongType'; value: unknown }
  | { kind: 'badKey'; key: string };

const iso = (ms: number) => new Date(ms).toISOString();

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('nul' as const), at: fc.nat(40) }),
  fc.record({ kind: fc.constant('loneSurrogate' as const), char: fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff'), at: fc.nat(40) }),
  // Storable, but special to COPY, JSON or UTF-16: they must pass through as they are.
  fc.record({
    kind: fc.constant('oddText' as const),
    text: fc.constantFrom('\t', '\n', '\r\n', '\\', '\\.', '\\N', '\u0001', '\u2028', '\ufeff', '\uffff', '\ud83d\ude00', '"', "'"),
    at: fc.nat(40),
  }),
  fc.record({ kind: fc.constant('deep' as const), levels: fc.constantFrom(MAX_NESTING_DEPTH - 2, MAX_NESTING_DEPTH - 1, MAX_NESTING_DEPTH, 5_000) }),
  fc.record({
    kind: fc.constant('ahead' as const),
    occurredAt: fc.constantFrom(
      iso(T + 14 * 60_000),
      iso(T + 15 * 60_000),
      iso(T + 15 * 60_000 + 1),
      '2026-06-01T08:14:00+08:00',
      '2026-06-01T08:16:00+08:00',
      '2099-01-01T00:00:00Z',
      '9999-12-31T23:59:59-14:00',
      '2026-06-01T00:00:00+16:00',
    ),
  }),
  fc.record({ kind: fc.constant('wrongType' as const), value: fc.constantFrom<unknown>(null, 42, -1.5, true, [], {}, 'text', '') }),
  fc.record({ kind: fc.constant('badKey' as const), key: fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfff') }),
);

/** Every place in a value (the root is []), except `receivedAt`. */
function placesOf(value: unknown): Path[] {
  const places: Path[] = [];
  const stack: { value: unknown; path: Path }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (path.length === 1 && path[0] === 'receivedAt') continue;
    places.push(path);
    if (typeof current !== 'object' || current === null) continue;
    const entries: [string | number, unknown][] = Array.isArray(current) ? current.map((child, i) => [i, child]) : Object.entries(current);
    for (const [key, child] of entries) stack.push({ value: child, path: [...path, key] });
  }
  return places;
}

const deepMarker = (levels: number) => `__deep_${levels}__`;
const nested = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;

/** The value with the mutation applied at `path` (the root replaced when the path is empty). */
function mutate(root: unknown, path: Path, change: Mutation): unknown {
  const read = (at: Path) => at.reduce<any>((node, key) => node?.[key], root);
  const current = read(path);
  const insert = (text: string, at: number, char: string) => text.slice(0, at % (text.length + 1)) + char + text.slice(at % (text.length + 1));
  let next: unknown;
  switch (change.kind) {
    case 'nul':
      next = typeof current === 'string' ? insert(current, change.at, '\u0000') : 'x\u0000';
      break;
    case 'loneSurrogate':
      next = typeof current === 'string' ? insert(current, change.at, change.char) : `x${change.char}`;
      break;
    case 'oddText':
      next = typeof current === 'string' ? insert(current, change.at, change.text) : change.text;
      break;
    case 'deep':
      next = deepMarker(change.levels);
      break;
    case 'ahead':
      // Far-future dates go where the door judges them.
      if (typeof root === 'object' && root !== null && !Array.isArray(root)) (root as ExampleJson).occurredAt = change.occurredAt;
      return root;
    case 'wrongType':
      next = structuredClone(change.value);
      break;
    case 'badKey':
      if (typeof current === 'object' && current !== null && !Array.isArray(current)) (current as ExampleJson)[change.key] = 1;
      return root;
  }
  if (path.length === 0) return next;
  const parent = read(path.slice(0, -1));
  if (typeof parent === 'object' && parent !== null) parent[path[path.length - 1]!] = next;
  return root;
}

/**
 * One line: an example, mutated, serialized with deep parts as markers (spliced in as text when the line
 * is sent, so a counterexample stays short enough to read).
 */
const line = () =>
  fc
    .record({ example: fc.nat(EXAMPLES.length - 1), changes: fc.array(fc.tuple(fc.nat(), mutation), { maxLength: 2 }) })
    .map(({ example, changes }) => {
      let value: unknown = JSON.parse(EXAMPLES[example]!);
      for (const [pick, change] of changes) {
        const places = placesOf(value);
        value = mutate(value, places[pick % places.length]!, change);
      }
      return JSON.stringify(value);
    });

/** Lines, some repeated (a re-sent event), split into one or two bodies, each NDJSON or a JSON array. */
const bodies = () =>
  fc
    .record({
      lines: fc.array(line(), { minLength: 1, maxLength: 8 }),
      repeats: fc.array(fc.nat(), { maxLength: 2 }),
      split: fc.nat(),
      asArray: fc.tuple(fc.boolean(), fc.boolean()),
    })
    .map(({ lines, repeats, split, asArray }) => {
      const all = [...lines, ...repeats.map((pick) => lines[pick % lines.length]!)];
      const cut = 1 + (split % all.length);
      const parts = cut < all.length ? [all.slice(0, cut), all.slice(cut)] : [all];
      return { all, parts: parts.map((part, i) => ({ lines: part, asArray: asArray[i]! })) };
    });

/**
 * The line as sent in one execution: its eventId (when a string) prefixed with the execution's own prefix,
 * so executions (shrinking included) share no id in the server's log, and deep parts spliced in.
 */
function asSent(line: string, prefix: string): string {
  const value = JSON.parse(line) as unknown;
  const envelope = value as ExampleJson;
  if (typeof envelope === 'object' && envelope !== null && typeof envelope.eventId === 'string' && !envelope.eventId.startsWith('__deep_')) {
    envelope.eventId = `${prefix}${envelope.eventId}`;
  }
  return JSON.stringify(value).replace(/"__deep_(\d+)__"/g, (_match, levels: string) => nested(Number(levels)));
}

interface Verdicts {
  /** Line index (from 0, over all bodies) → the dead letter's reason. */
  deadLetters: Map<number, string>;
  accepted: number;
  duplicates: number;
  /** The ids the log took. */
  acceptedIds: string[];
}

async function replayVerdicts(lines: readonly string[]): Promise<Verdicts> {
  const deadLetters = new Map<number, string>();
  const stats = await replay(lines, () => {}, { onDeadLetter: (line, reason) => deadLetters.set(line - 1, reason) });
  // Accepted: the first line with its eventId among those not dead-lettered (the replay's rule).
  const acceptedIds: string[] = [];
  const seen = new Set<string>();
  lines.forEach((text, index) => {
    if (deadLetters.has(index)) return;
    const { eventId } = JSON.parse(text) as { eventId: string };
    if (!seen.has(eventId)) acceptedIds.push(eventId);
    seen.add(eventId);
  });
  return { deadLetters, accepted: stats.accepted, duplicates: stats.duplicates, acceptedIds };
}

let runtime: EmbeddedRuntime;
let app: ReturnType<typeof serverOver>;
beforeAll(async () => {
  runtime = await openEmbeddedRuntime({ ingestClock: () => T });
  app = serverOver(runtime);
});
afterAll(async () => {
  await runtime.close();
});

async function serverVerdicts(parts: { lines: string[]; asArray: boolean }[], prefix: string): Promise<Verdicts> {
  const verdicts: Verdicts = { deadLetters: new Map(), accepted: 0, duplicates: 0, acceptedIds: [] };
  let offset = 0;
  for (const part of parts) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...bearer(TOKENS.ingest), 'content-type': part.asArray ? 'application/json' : 'application/x-ndjson' },
      payload: part.asArray ? `[${part.lines.join(',')}]` : part.lines.join('\n'),
    });
    expect(response.statusCode, response.body).toBe(202);
    const answer = response.json() as { accepted: number; duplicates: number; reasons: { index: number; reason: string }[] };
    for (const { index, reason } of answer.reasons) verdicts.deadLetters.set(offset + index, reason);
    verdicts.accepted += answer.accepted;
    verdicts.duplicates += answer.duplicates;
    offset += part.lines.length;
  }
  const rows = await runtime.prisma.inputLog.findMany({ where: { eventId: { startsWith: prefix } }, orderBy: { seq: 'asc' }, select: { eventId: true } });
  verdicts.acceptedIds = rows.map((row) => row.eventId);
  return verdicts;
}

describe('the server and the replay agree on every line of mutated example events', () => {
  it('same verdict per line (accepted, duplicate, dead letter and its reason); never a 5xx', async () => {
    let run = 0;
    const seenReasons = new Set<string>();
    await fc.assert(
      fc.asyncProperty(bodies(), async (generated) => {
        run += 1;
        const prefix = `run${run}-`;
        const own = (lines: string[]) => lines.map((text) => asSent(text, prefix));
        const server = await serverVerdicts(
          generated.parts.map((part) => ({ ...part, lines: own(part.lines) })),
          prefix,
        );
        const replayed = await replayVerdicts(own(generated.all));
        expect(server).toEqual(replayed);
        for (const reason of server.deadLetters.values()) seenReasons.add(reason.replace(/:.*/, ''));
      }),
      { numRuns: 120 },
    );
    // The mutations reached the refusals this is about (a check on the generator, not the property).
    const reasons = [...seenReasons].join(' ');
    expect(reasons).toMatch(/occurredAt/);
    expect(reasons).toMatch(/eventId/);
  }, 600_000);
});
