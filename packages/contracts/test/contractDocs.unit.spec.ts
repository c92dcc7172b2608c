import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INPUT_TOPIC, INPUT_TYPES, OUTPUT_TOPIC, OUTPUT_TYPES, TOPICS, type Topic } from '../src';
import { exampleTypes } from '../src/examples';

const CONTRACT_DOCS = join(import.meta.dirname, '../../../docs/contract');
const EVENTS_DOC = readFileSync(join(CONTRACT_DOCS, 'events.md'), 'utf8');
const ALL_TYPES = [...INPUT_TYPES, ...OUTPUT_TYPES].sort();

/** The types that have a section of their own: a heading that is only the name, in backticks. */
function documentedTypes(markdown: string): string[] {
  return [...markdown.matchAll(/^#{2,6} `([^`]+)`[ \t]*$/gm)].map((match) => match[1]!).sort();
}

/** The topics table: each row's topic (first cell) and the types in its last cell. */
function topicsTable(markdown: string): Record<string, string[]> {
  const rows = markdown.split('\n').filter((line) => /^\| `dealer\.[^`]+\.v\d+` \|/.test(line));
  return Object.fromEntries(
    rows.map((row) => {
      const cells = row.split('|').map((cell) => cell.trim()).filter(Boolean);
      const types = [...cells.at(-1)!.matchAll(/`([^`]+)`/g)].map((match) => match[1]!).sort();
      return [cells[0]!.replaceAll('`', ''), types];
    }),
  );
}

function typesOnTopic(topic: Topic): string[] {
  const inputs = INPUT_TYPES.filter((type) => INPUT_TOPIC[type] === topic);
  const outputs = OUTPUT_TYPES.filter((type) => OUTPUT_TOPIC[type] === topic);
  return [...inputs, ...outputs].sort();
}

/** Relative link targets of a markdown text that lead to no file (anchors are not checked). */
function brokenLinks(file: string): string[] {
  const targets = [...readFileSync(file, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
  return targets
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'))
    .filter((target) => !existsSync(resolve(dirname(file), target.split('#')[0]!)))
    .map((target) => `${basename(file)}: ${target}`);
}

describe('docs/contract/events.md', () => {
  it('has a section for every input and output type, and none for a type that does not exist', () => {
    expect(documentedTypes(EVENTS_DOC)).toEqual(ALL_TYPES);
  });

  it('documents the type of every example file', () => {
    const documented = new Set(documentedTypes(EVENTS_DOC));
    expect(exampleTypes().filter((type) => !documented.has(type))).toEqual([]);
  });

  it('lists every topic with exactly the types topics.ts puts on it', () => {
    const table = topicsTable(EVENTS_DOC);
    expect(Object.keys(table).sort()).toEqual(Object.values(TOPICS).sort());
    for (const topic of Object.values(TOPICS)) expect([topic, table[topic]]).toEqual([topic, typesOnTopic(topic)]);
  });
});

describe('docs/contract', () => {
  it('links only to files that exist', () => {
    const pages = readdirSync(CONTRACT_DOCS).filter((name) => name.endsWith('.md'));
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.flatMap((name) => brokenLinks(join(CONTRACT_DOCS, name)))).toEqual([]);
  });
});
