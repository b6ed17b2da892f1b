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
  /**
   * Optional: false when a call at `level` would be dropped, so wrappers skip preparing its fields (the safe
   * logger's cleaning of every access-log line cost ≈ 2% of a GET's CPU with logging off). pino has this method.
   */
  isLevelEnabled?(level: LogLevel): boolean;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  isLevelEnabled: () => false,
};
