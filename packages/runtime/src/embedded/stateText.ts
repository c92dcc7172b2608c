import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Marks a stored state as deflated and base64-encoded; a state's JSON always starts with `{`, so the two never clash. */
const DEFLATED = 'z:';

/**
 * How a worker state's JSON is stored in `worker_state.state`: deflated (level 1) and base64-encoded.
 *
 * Why: every batch rewrites the states it touched, and writing text is what the database spends its
 * time on (PGlite in WebAssembly serializes, measures and copies parameters in JavaScript, then
 * TOAST-compresses large values with pglz). A state's JSON deflates 5–6 times even after base64,
 * and level 1 costs about half of the `JSON.stringify` that made the text. Base64 rather than bytea:
 * the drivers' bytea encoding is per byte in JavaScript, base64 is native on both sides and the
 * column stays text, so rows written before this change (plain JSON) still read.
 */
export function encodeStateText(json: string): string {
  return DEFLATED + deflateRawSync(json, { level: 1 }).toString('base64');
}

/** The state's JSON text, whether it was stored deflated or (older rows) as plain JSON. */
export function decodeStateText(stored: string): string {
  if (!stored.startsWith(DEFLATED)) return stored;
  return inflateRawSync(Buffer.from(stored.slice(DEFLATED.length), 'base64')).toString('utf8');
}
