import { ApiError } from '../http/ApiError';
import { parseJsonBody } from '../http/parseJsonBody';

export function emptyBody(): ApiError {
  return new ApiError(400, 'empty_body', 'the body holds no event: send one envelope, a JSON array of them, or NDJSON');
}

/** Parses an `application/json` ingest body; a syntax error names its line, column and position. */
export function parseIngestJson(text: string): unknown {
  const value = parseJsonBody(text);
  if (value === undefined) throw emptyBody();
  return value;
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
