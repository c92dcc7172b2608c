/** The part of a pino logger the runtime uses; the composition root passes a real pino instance. */
export interface RuntimeLogger {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
  child(bindings: object): RuntimeLogger;
}

export const silentLogger: RuntimeLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
