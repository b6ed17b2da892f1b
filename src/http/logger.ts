/**
 * The logging port of the HTTP layer: structured, one JSON object per line in the Node runtime (pino), anything
 * with these four methods elsewhere. Callers pass fields, never secrets: keys, tokens and Authorization headers are
 * not logged anywhere.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
