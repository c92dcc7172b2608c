import pino from 'pino';
import { expect } from 'vitest';
import { ApiError } from '../src/http/ApiError';

/** pino's level number of `log.error`. */
export const ERROR_LEVEL = 50;

/** A logger whose lines are kept, parsed, to assert what a helper logged and at which level. */
export function capturedLogger() {
  const lines: { level: number; msg: string; eventId?: string; reasons?: unknown; err?: { message: string } }[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

/** What a route helper threw, as the HTTP answer it becomes (it must throw an ApiError). */
export async function refusalOf(promise: Promise<unknown>): Promise<{ statusCode: number; code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ApiError);
  const { statusCode, code, message } = error as ApiError;
  return { statusCode, code, message };
}
