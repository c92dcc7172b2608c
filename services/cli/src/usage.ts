/** A mistake in the command line or in a file it names: printed with the command's name, exit code 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function integerOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 0) throw new UsageError(`--${name} must be a whole number ≥ 0, got "${value}"`);
  return parsed;
}
