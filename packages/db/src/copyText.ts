/** A value PostgreSQL's COPY text format reads back as itself: `\`, tab, newline and CR escaped; null as `\N`. */
function copyField(value: string | null): string {
  if (value === null) return '\\N';
  // Most fields (ids, base64, JSON without escapes) need nothing: test before building a new string.
  if (!/[\\\t\n\r]/.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (char) => (char === '\\' ? '\\\\' : char === '\t' ? '\\t' : char === '\n' ? '\\n' : '\\r'));
}

/**
 * Rows in the text format of `COPY … FROM STDIN` (tab between fields, a newline after each row), for
 * `SqlExecutor.copyFrom`. Why COPY: one bulk write without per-parameter array encoding, which on
 * PGlite is JavaScript walking every character (see docs/performance.md, fourth round).
 */
export function toCopyText(rows: Iterable<readonly (string | null)[]>): string {
  const lines: string[] = [];
  for (const row of rows) lines.push(row.map(copyField).join('\t'));
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}
