import { LiveClient, retryAfterMs, retryDelay, retryable } from '../../lib/live/client';
import { PATHS } from '../../lib/snapshot/answer';
import { DEFAULT_AK, DEFAULT_SK, Emulator, startEmulator } from '../support/emulator';

const REGION = 'cn-north-4';
const PROJECT = '45187796f8a6009c10b17f6e20cb26f2';

describe('retryDelay', () => {
  test('full jitter: a random wait up to base x 2^attempt', () => {
    expect([0, 1, 2, 3].map((attempt) => retryDelay(attempt, undefined, { backoffMs: 500, random: () => 0.999999 }))).toEqual([
      499, 999, 1999, 3999,
    ]);
    expect(retryDelay(3, undefined, { backoffMs: 500, random: () => 0 })).toBe(0);
    expect(retryDelay(2, undefined, { backoffMs: 500, random: () => 0.5 })).toBe(1000);
  });

  test('never more than the maximum, the exponential bound included', () => {
    expect(retryDelay(20, undefined, { backoffMs: 500, maxBackoffMs: 30000, random: () => 0.999999 })).toBe(29999);
  });

  test('Retry-After wins over the backoff, capped at the maximum', () => {
    expect(retryDelay(0, 3000, { backoffMs: 500, random: () => 0 })).toBe(3000);
    expect(retryDelay(0, 120_000, { maxBackoffMs: 30000 })).toBe(30000);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  test.each<[string, unknown, number | undefined]>([
    ['delay-seconds', '3', 3000],
    ['a number', 2, 2000],
    ['zero', '0', 0],
    ['an HTTP date', 'Wed, 25 Nov 2026 12:00:05 GMT', 5000],
    ['a date already past', 'Wed, 25 Nov 2026 11:00:00 GMT', 0],
    ['absent', undefined, undefined],
    ['unreadable', 'soon', undefined],
    ['negative', '-5', undefined],
  ])('%s', (_name, value, ms) => {
    expect(retryAfterMs(value, now)).toBe(ms);
  });
});

describe('retryable', () => {
  const base = { service: 'cts' as const, method: 'GET' as const, path: '/', query: {} };
  test.each<[string, object, boolean]>([
    ['no answer (connection error, timeout)', { error: { message: 'ECONNRESET' } }, true],
    ['429 throttled', { status: 429, error: { code: 'APIG.0308', message: 'throttled' } }, true],
    ['503', { status: 503, error: { message: 'unavailable' } }, true],
    ['403 permission denied', { status: 403, error: { code: 'CTS.0002', message: 'denied' } }, false],
    ['401 bad signature', { status: 401, error: { code: 'APIG.0301', message: 'bad' } }, false],
    ['200', { status: 200, body: {} }, false],
  ])('%s: %s', (_name, answer, expected) => {
    expect(retryable({ ...base, ...answer })).toBe(expected);
  });
});

describe('LiveClient against the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ credentials: { [DEFAULT_AK]: DEFAULT_SK } });
  });
  afterAll(async () => {
    await emulator.close();
  });

  function client(waits: number[]) {
    return new LiveClient({
      credentials: { accessKey: DEFAULT_AK, secretKey: DEFAULT_SK },
      endpoint: (service, region) => `${emulator.url}/${service}/${region}`,
      retries: 4,
      backoffMs: 500,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
  }

  test('a throttled answer is retried after what Retry-After says, then read', async () => {
    emulator.setAccount(REGION, PROJECT, { trackers: [], faults: { throttle: { times: 2, retryAfterSeconds: 3 } } });
    const waits: number[] = [];
    const c = client(waits);
    const answer = await c.get('cts', REGION, PROJECT, PATHS.trackers);
    c.close();
    expect({ status: answer.status, attempts: answer.attempts, waits }).toEqual({ status: 200, attempts: 3, waits: [3000, 3000] });
  });

  test('server errors are retried with backoff and jitter until the retries run out, and the last error is kept', async () => {
    emulator.setAccount(REGION, PROJECT, { trackers: [], faults: { fail: { times: 100, status: 503 } } });
    const waits: number[] = [];
    const c = client(waits);
    const answer = await c.get('cts', REGION, PROJECT, PATHS.trackers);
    c.close();
    expect({ status: answer.status, attempts: answer.attempts, waits }).toEqual({
      status: 503,
      attempts: 5,
      waits: [250, 500, 1000, 2000],
    });
  });

  test('permission denied is not retried', async () => {
    emulator.setAccount(REGION, PROJECT, { faults: { error: { status: 403, error_code: 'CTS.0002', error_msg: 'Permission denied.' } } });
    const waits: number[] = [];
    const c = client(waits);
    const answer = await c.get('cts', REGION, PROJECT, PATHS.trackers);
    c.close();
    expect({ status: answer.status, code: answer.error?.code, attempts: answer.attempts, waits }).toEqual({
      status: 403,
      code: 'CTS.0002',
      attempts: 1,
      waits: [],
    });
  });
});
