/** The slice of a pino-style logger this package writes to: constant message, context object. */
export interface DbLogger {
  info(context: Record<string, unknown>, message: string): void;
  warn(context: Record<string, unknown>, message: string): void;
}

export const silentDbLogger: DbLogger = {
  info: () => undefined,
  warn: () => undefined,
};
