import { pino } from 'pino';
import type { Logger } from '../http/logger.js';

/** Structured JSON logs on stdout; anything that looks like a credential is censored before it is written. */
export function createPinoLogger(level: string): Logger & { raw: pino.Logger } {
  const raw = pino({
    level,
    base: { service: 'mvno-gateway' },
    redact: {
      paths: [
        'authorization',
        '*.authorization',
        'apiKey',
        '*.apiKey',
        'key',
        '*.key',
        'secret',
        '*.secret',
        '*.clientSecret',
        '*.password',
      ],
      censor: '[redacted]',
    },
  });
  return {
    raw,
    debug: (fields, message) => raw.debug(fields, message),
    info: (fields, message) => raw.info(fields, message),
    warn: (fields, message) => raw.warn(fields, message),
    error: (fields, message) => raw.error(fields, message),
  };
}
