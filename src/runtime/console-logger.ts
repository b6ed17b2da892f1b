import type { Logger } from '../http/logger.js';

/**
 * JSON lines through `console`, for runtimes where pino does not run (workerd): the same shape as the pino logger's
 * lines (numeric level, time, service, msg) and at least its redaction. pino censors listed paths; this censors the
 * same names at any depth, which covers every path pino lists (a test holds the two side by side).
 */
const levels = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
type LevelName = keyof typeof levels;

/** The field names pino-logger.ts censors (as `name` or `*.name`), matched here at every depth. */
const secretFieldNames = new Set(['authorization', 'apikey', 'key', 'secret', 'clientsecret', 'password']);
const censor = '[redacted]';

function redacted(value: unknown, seen: WeakSet<object>): unknown {
  if (value instanceof Error) return { type: value.name, message: value.message, stack: value.stack };
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redacted(item, seen));
  if (value instanceof Date) return value.toISOString();
  return Object.fromEntries(
    Object.entries(value).map(([name, inner]) => [
      name,
      secretFieldNames.has(name.toLowerCase()) ? censor : redacted(inner, seen),
    ]),
  );
}

export function createConsoleLogger(
  level: string,
  write: (level: LevelName, line: string) => void = writeToConsole,
): Logger {
  const threshold = level === 'silent' ? Number.POSITIVE_INFINITY : (levels[level as LevelName] ?? levels.info);
  const log = (name: LevelName) => (fields: Record<string, unknown>, message: string) => {
    if (levels[name] < threshold) return;
    const record = {
      level: levels[name],
      time: Date.now(),
      service: 'mvno-gateway',
      ...(redacted(fields, new WeakSet()) as Record<string, unknown>),
      msg: message,
    };
    write(name, JSON.stringify(record));
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    isLevelEnabled: (name) => levels[name] >= threshold,
  };
}

function writeToConsole(level: LevelName, line: string): void {
  if (level === 'error' || level === 'fatal') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}
