import { describe, expect, it, vi } from 'vitest';
import { createLog, type Logger } from '../../../src/core/log.js';
import { redactString, redactValue } from '../../../src/core/redact.js';

function recorder(): Logger & { lines: unknown[][] } {
  const lines: unknown[][] = [];
  const push = (...args: unknown[]) => void lines.push(args);
  return { lines, debug: push, info: push, warn: push, error: push };
}

describe('createLog', () => {
  it('returns a silent logger given level off', () => {
    const logger = recorder();
    const log = createLog('off', logger);
    log.error('x');
    log.debug('y');
    expect(logger.lines).toEqual([]);
    expect(log.debugEnabled).toBe(false);
  });

  it('returns prefixed lines at and above the level given level warn', () => {
    const logger = recorder();
    const log = createLog('warn', logger);
    log.debug('no');
    log.info('no');
    log.warn('careful');
    log.error('broken');
    expect(logger.lines).toEqual([['[cyberfortress] careful'], ['[cyberfortress] broken']]);
  });

  it('returns redacted lines given credentials in the message and arguments', () => {
    const logger = { ...recorder(), debug: vi.fn() };
    const log = createLog('debug', logger);
    log.debug('sent Authorization: Bearer cf_live_abcdefghijklmnopqrstuvwx', {
      headers: { Authorization: 'Bearer eyJa.b.c' },
      form: { client_secret: 's3cret', refresh_token: 'rt', grant_type: 'refresh_token' },
    });
    const [message, detail] = logger.debug.mock.calls[0] as [string, unknown];
    expect(message).toBe('[cyberfortress] sent Authorization: [REDACTED]');
    expect(detail).toEqual({
      headers: { Authorization: '[REDACTED]' },
      form: {
        client_secret: '[REDACTED]',
        refresh_token: '[REDACTED]',
        grant_type: 'refresh_token',
      },
    });
  });
});

describe('redactString', () => {
  it('returns the text without secrets given keys, tokens and form bodies', () => {
    expect(redactString('key cf_test_abc123 used')).toBe('key [REDACTED] used');
    expect(redactString('Bearer abc.def')).toBe('Bearer [REDACTED]');
    expect(
      redactString('grant_type=refresh_token&refresh_token=xyz&client_secret=shh&scope=a'),
    ).toBe('grant_type=refresh_token&refresh_token=[REDACTED]&client_secret=[REDACTED]&scope=a');
    expect(redactString('{"access_token":"abc","api_key":"k"}')).toBe(
      '{"access_token":"[REDACTED]","api_key":"[REDACTED]"}',
    );
    expect(redactString('GET /threats → 200')).toBe('GET /threats → 200');
  });
});

describe('redactValue', () => {
  it('returns a copy with secret keys replaced given nested objects and Headers', () => {
    const headers = new Headers({ authorization: 'Bearer x', accept: 'application/json' });
    expect(redactValue({ apiKey: 'cf_live_x', list: [{ accessToken: 't' }], headers })).toEqual({
      apiKey: '[REDACTED]',
      list: [{ accessToken: '[REDACTED]' }],
      headers: { authorization: '[REDACTED]', accept: 'application/json' },
    });
  });
});
