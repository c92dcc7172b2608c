import { ApiError } from '../http/ApiError';
import { locateJsonSyntaxError } from './locateJsonSyntaxError';

export function emptyBody(): ApiError {
  return new ApiError(400, 'empty_body', 'the body holds no event: send one envelope, a JSON array of them, or NDJSON');
}

/** Parses an `application/json` ingest body; a syntax error names its line, column and position. */
export function parseJsonBody(text: string): unknown {
  // A byte order mark is how some Windows tools start a file; it is not the sender's mistake.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw emptyBody();
  try {
    return JSON.parse(body);
  } catch {
    const where = locateJsonSyntaxError(body);
    if (where === undefined) throw new ApiError(400, 'malformed_json', 'the body is not valid JSON');
    throw new ApiError(
      400,
      'malformed_json',
      `the body is not valid JSON: unexpected ${where.found} at line ${where.line}, column ${where.column} (position ${where.position})`,
      [{ message: `unexpected ${where.found}`, line: where.line, column: where.column, position: where.position }],
    );
  }
}

/** The non-blank lines of an NDJSON body, each with its line number (from 1) for the answer. */
export interface NdjsonLine {
  text: string;
  line: number;
}

export function splitNdjson(text: string): NdjsonLine[] {
  const lines: NdjsonLine[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let start = 0;
  let number = 1;
  while (start <= body.length) {
    const newline = body.indexOf('\n', start);
    const end = newline === -1 ? body.length : newline;
    const line = body.charCodeAt(end - 1) === 13 && end > start ? body.slice(start, end - 1) : body.slice(start, end);
    if (line.trim() !== '') lines.push({ text: line, line: number });
    if (newline === -1) break;
    start = newline + 1;
    number += 1;
  }
  return lines;
}
