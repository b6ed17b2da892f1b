/** The safe logger cleans a call's fields only when the logger behind it would write that level. */
import { describe, expect, it } from 'vitest';
import { createSafeLogger } from '../../src/http/log-safety.js';
import type { Logger, LogLevel } from '../../src/http/logger.js';
import { builtInCarrierPlugins } from '../../src/runtime/carrier-plugins.js';
import { createPinoLogger } from '../../src/runtime/pino-logger.js';

/** Fields whose one property counts how often it is read (cleaning reads every property). */
function countingFields() {
  const counter = { reads: 0 };
  const fields = {
    get apiKey() {
      counter.reads++;
      return 'stn-key-1';
    },
  };
  return { counter, fields };
}

describe('safe logger and log levels', () => {
  it('neither cleans nor forwards a call at a level the inner logger drops, and cleans those it writes', () => {
    const written: Array<{ level: LogLevel; fields: Record<string, unknown> }> = [];
    const record = (level: LogLevel) => (fields: Record<string, unknown>) => written.push({ level, fields });
    const inner: Logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
      isLevelEnabled: (level) => level !== 'debug',
    };
    const safe = createSafeLogger(inner);
    const dropped = countingFields();
    safe.debug(dropped.fields, 'dropped');
    expect(dropped.counter.reads).toBe(0);
    expect(written).toEqual([]);
    expect(safe.isLevelEnabled?.('debug')).toBe(false);

    const kept = countingFields();
    safe.info(kept.fields, 'kept');
    expect(kept.counter.reads).toBeGreaterThan(0);
    expect(written).toEqual([{ level: 'info', fields: { apiKey: '[redacted]' } }]);
  });

  it('asks pino which levels it writes', () => {
    const output: string[] = [];
    const logger = createPinoLogger('warn', Object.values(builtInCarrierPlugins), {
      destination: { write: (chunk: string) => output.push(chunk) },
    });
    const dropped = countingFields();
    logger.info(dropped.fields, 'below the level');
    expect(dropped.counter.reads).toBe(0);
    logger.warn({ apiKey: 'stn-key-1' }, 'at the level');
    expect(output).toHaveLength(1);
    expect(output[0]).not.toContain('stn-key-1');
  });
});
