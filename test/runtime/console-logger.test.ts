import { describe, expect, it } from 'vitest';
import { createConsoleLogger } from '../../src/runtime/console-logger.js';

function recording(level: string) {
  const lines: { level: string; record: Record<string, unknown> }[] = [];
  const logger = createConsoleLogger(level, (name, line) => lines.push({ level: name, record: JSON.parse(line) }));
  return { logger, lines };
}

describe('the console logger (workerd)', () => {
  it('writes one JSON object per line in the pino logger’s shape', () => {
    const { logger, lines } = recording('info');
    logger.info({ requestId: 'r1', status: 202 }, 'request');
    expect(lines).toEqual([
      {
        level: 'info',
        record: {
          level: 30,
          time: expect.any(Number),
          service: 'mvno-gateway',
          requestId: 'r1',
          status: 202,
          msg: 'request',
        },
      },
    ]);
  });

  it('censors every field pino-logger.ts censors, at any depth and in any case', () => {
    const { logger, lines } = recording('debug');
    logger.error(
      {
        authorization: 'Bearer sk_top',
        apiKey: 'sk_api',
        key: 'sk_key',
        secret: 'whsec_top',
        headers: { authorization: 'Bearer sk_nested', Authorization: 'Bearer sk_cased' },
        connection: { apiKey: 'stn-key', clientSecret: 'sps-secret', password: 'pw', config: { secret: 'deep' } },
        endpoints: [{ secret: 'whsec_in_array' }],
        kept: 'visible',
      },
      'failure',
    );
    const text = JSON.stringify(lines);
    for (const secret of [
      'sk_top',
      'sk_api',
      'sk_key',
      'whsec_top',
      'sk_nested',
      'sk_cased',
      'stn-key',
      'sps-secret',
    ]) {
      expect(text).not.toContain(secret);
    }
    for (const secret of ['"pw"', 'deep', 'whsec_in_array']) expect(text).not.toContain(secret);
    expect(lines[0]?.record).toMatchObject({ kept: 'visible', connection: { apiKey: '[redacted]' } });
  });

  it('filters by level, and serialises errors, dates and cycles without throwing', () => {
    const { logger, lines } = recording('warn');
    logger.info({}, 'dropped');
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    logger.warn({ error: new TypeError('boom'), at: new Date(0), cyclic }, 'kept');
    expect(lines.map((line) => line.record.msg)).toEqual(['kept']);
    expect(lines[0]?.record).toMatchObject({
      error: { type: 'TypeError', message: 'boom' },
      at: '1970-01-01T00:00:00.000Z',
      cyclic: { name: 'loop', self: '[Circular]' },
    });
    const silent = recording('silent');
    silent.logger.error({}, 'nothing');
    expect(silent.lines).toEqual([]);
  });
});
