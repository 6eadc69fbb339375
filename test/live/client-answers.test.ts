/**
 * LiveClient against a bare loopback server that answers what each test says (no signature check): every way an
 * answer can come back (JSON, error bodies of both shapes, not JSON, a redirect, no answer), the request as sent
 * (path, query, project and security token), retries and their waits, and how many requests are in flight at once.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { LiveClient, retryable, retryDelay } from '../../lib/live/client';
import { clean } from '../../lib/live/credentials';
import { Answer } from '../../lib/snapshot/answer';

const REGION = 'cn-north-4';
const PROJECT = '45187796f8a6009c10b17f6e20cb26f2';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let url: string;
let handler: Handler;
const seen: Array<{ url: string; headers: IncomingMessage['headers'] }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
});

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

function client(options: Partial<ConstructorParameters<typeof LiveClient>[0]> = {}, waits: number[] = []) {
  return new LiveClient({
    credentials: { accessKey: 'AK0000000000000000000', secretKey: 'SK-secret-value' },
    endpoint: () => url,
    retries: 0,
    timeoutMs: 2000,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });
}

async function get(handle: Handler, options: Partial<ConstructorParameters<typeof LiveClient>[0]> = {}, waits: number[] = []) {
  handler = handle;
  const c = client(options, waits);
  try {
    return await c.get('cts', REGION, PROJECT, '/v3/{project_id}/trackers', { tracker_type: 'system' });
  } finally {
    c.close();
  }
}

const request = { service: 'cts', method: 'GET', path: '/v3/{project_id}/trackers', query: { tracker_type: 'system' } };

describe('answers', () => {
  test('a JSON answer is the body, with the status', async () => {
    expect(await get(json(200, { trackers: [{ tracker_name: 'system' }] }))).toEqual({
      ...request,
      status: 200,
      body: { trackers: [{ tracker_name: 'system' }] },
      attempts: 1,
    });
  });

  test.each<[string, number, unknown, Answer['error']]>([
    [
      "Huawei's error_code and error_msg",
      403,
      { error_code: 'CTS.0002', error_msg: 'Permission denied.' },
      { code: 'CTS.0002', message: 'Permission denied.' },
    ],
    [
      'an error object',
      404,
      { error: { code: 'APIGW.0101', message: 'The API does not exist' } },
      { code: 'APIGW.0101', message: 'The API does not exist' },
    ],
    ['neither', 418, { reason: 'teapot' }, { message: 'HTTP 418' }],
    ['fields that are not text', 400, { error_code: 7, error_msg: ['x'], error: { code: 8, message: 9 } }, { message: 'HTTP 400' }],
    ['a message only', 409, { error_msg: '  spaced\n  out  ' }, { message: 'spaced out' }],
  ])('an error body with %s', async (_name, status, body, error) => {
    expect(await get(json(status, body))).toEqual({ ...request, status, error, attempts: 1 });
  });

  test('a redirect is an answer, not followed', async () => {
    const answer = await get(json(302, { moved: true }, { Location: 'http://127.0.0.1:1/elsewhere' }));
    expect(answer).toEqual({ ...request, status: 302, error: { message: 'HTTP 302' }, attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  test('a 500 that is not JSON (an HTML error page) is that error, with its status, retried', async () => {
    const waits: number[] = [];
    const html = await get(
      (_req, res) => {
        res.writeHead(500, { 'Content-Type': 'text/html' });
        res.end('<html>oops</html>');
      },
      { retries: 1, backoffMs: 100 },
      waits,
    );
    expect(html).toMatchObject({ ...request, status: 500, attempts: 2 });
    expect(html).not.toHaveProperty('body');
    expect(html.error?.message).not.toMatch(/^the answer is not valid JSON/);
    expect(waits).toEqual([50]);
  });

  test('no answer at all (the connection refused) has no status, and is retried', async () => {
    const waits: number[] = [];
    const c = new LiveClient({
      credentials: { accessKey: 'AK0000000000000000000', secretKey: 'SK-secret-value' },
      endpoint: () => 'http://127.0.0.1:1',
      retries: 2,
      backoffMs: 100,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const answer = await c.get('cts', REGION, PROJECT, '/v3/{project_id}/trackers');
    c.close();
    expect(answer).not.toHaveProperty('status');
    expect(answer).toMatchObject({ attempts: 3, error: { message: expect.stringMatching(/ECONNREFUSED|connect/) } });
    expect(waits).toEqual([50, 100]);
  });
});

describe('answers that are not what they say', () => {
  test('BUG: a success whose body is not JSON (truncated) is an error saying so, not {}, with its status, and not retried', async () => {
    const waits: number[] = [];
    const answer = await get(
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"trackers": [');
      },
      { retries: 2 },
      waits,
    );
    expect(answer).toMatchObject({
      ...request,
      status: 200,
      attempts: 1,
      error: { message: expect.stringMatching(/^the answer is not valid JSON \(.+\)$/) },
    });
    expect(answer).not.toHaveProperty('body');
    expect(waits).toEqual([]);
  });

  test('HTTP 300 is not a success, and when its body is not JSON it is not called a success that failed to parse', async () => {
    expect(await get(json(300, { choices: [] }))).toEqual({ ...request, status: 300, error: { message: 'HTTP 300' }, attempts: 1 });
    const notJson = await get((_req, res) => {
      res.writeHead(300, { 'Content-Type': 'text/html' });
      res.end('<html>choose</html>');
    });
    expect(notJson).toEqual({ ...request, status: 300, error: { message: 'HTTP 300' }, attempts: 1 });
  });

  // The SDK keeps a body only when it is an object: each of these was {} (or the list's items by index) and, with a
  // 2xx status, a success that said nothing. Each is now an error with its status, and is not retried.
  test.each<[string, number, string, Record<string, string>, string]>([
    ['a number', 200, '5', {}, 'the answer is JSON a number, not an object'],
    ['a string', 200, '"trackers"', {}, 'the answer is JSON a string, not an object'],
    ['true', 200, 'true', {}, 'the answer is JSON true, not an object'],
    ['null', 200, 'null', {}, 'the answer is JSON null, not an object'],
    ['a list', 200, '[{"tracker_name":"system"}]', {}, 'the answer is JSON a list, not an object'],
    ['an empty body', 200, '', {}, 'the answer is empty, not a JSON object'],
    ['white space', 200, ' \n', {}, 'the answer is empty, not a JSON object'],
    ['no content (204)', 204, '', {}, 'the answer is empty, not a JSON object'],
    [
      'a key given twice',
      200,
      '{"trackers": [{"tracker_name": "system", "status": "enabled", "status": "disabled"}]}',
      {},
      'the answer gives the key "status" twice in one object (a JSON reader keeps only one of them)',
    ],
    [
      'JSON sent as bytes (the SDK makes it a stream)',
      200,
      '{"trackers": []}',
      { 'Content-Type': 'application/octet-stream' },
      'the answer is application/octet-stream, not JSON',
    ],
  ])('BUG: a success whose body is %s is an error saying so, not {}', async (_name, status, text, headers, message) => {
    const waits: number[] = [];
    const answer = await get(json(status, text, headers), { retries: 2 }, waits);
    expect(answer).toEqual({ ...request, status, error: { message }, attempts: 1 });
    expect(waits).toEqual([]);
  });

  test('invalid JSON is described without quoting the answer back, with where it broke', async () => {
    const answer = await get(json(200, '{"trackers": [{"tracker_name": "secret-looking-value" x}]}'));
    expect(answer.error?.message).toMatch(/^the answer is not valid JSON \(.+ at 1:\d+\)$/);
    expect(answer.error?.message).not.toContain('secret-looking-value');
  });

  test('an error answer that is not one JSON object is its status', async () => {
    expect(await get(json(503, '[1]'))).toMatchObject({ status: 503, error: { message: 'HTTP 503' } });
    expect(await get(json(403, '{"error_msg": "a", "error_msg": "b"}'))).toMatchObject({ status: 403, error: { message: 'HTTP 403' } });
  });

  test("an error object's code with Huawei's error_msg; error_code with an error object's message", async () => {
    expect(await get(json(400, { error_msg: 'bad', error: { code: 'X.1' } }))).toMatchObject({ error: { code: 'X.1', message: 'bad' } });
    expect(await get(json(400, { error_code: 'Y.2', error: { message: 'worse' } }))).toMatchObject({
      error: { code: 'Y.2', message: 'worse' },
    });
  });

  test('no answer within the timeout: no status, the timeout said, retried', async () => {
    const waits: number[] = [];
    const answer = await get(() => undefined, { timeoutMs: 100, retries: 1, backoffMs: 10 }, waits);
    expect(answer).not.toHaveProperty('status');
    expect(answer).toMatchObject({ ...request, attempts: 2, error: { message: expect.stringMatching(/timeout of 100ms exceeded/) } });
    expect(waits).toEqual([5]);
  });
});

describe('domain-level requests', () => {
  test('POST with its JSON body, signed without a project and with X-Domain-Id when known; a GET of the same service is not', async () => {
    const bodies: string[] = [];
    handler = (req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        bodies.push(text);
        json(201, { ok: true })(req, res);
      });
    };
    const c = client({ domainId: 'd0000000000000000000000000000001' });
    try {
      const posted = await c.global('iam', REGION, 'POST', '/v3.0/OS-CREDENTIAL/securitytokens', { body: { auth: { x: 1 } } });
      expect(posted).toEqual({
        service: 'iam',
        method: 'POST',
        path: '/v3.0/OS-CREDENTIAL/securitytokens',
        query: {},
        status: 201,
        body: { ok: true },
        attempts: 1,
      });
      await c.get('iam', REGION, PROJECT, '/v3/{project_id}/x');
      await c.global('iam', REGION, 'GET', '/v3/y', { query: { a: 'b' } });
    } finally {
      c.close();
    }
    expect(bodies[0]).toBe('{"auth":{"x":1}}');
    expect(seen.map((s) => [s.url, s.headers['content-type'], s.headers['x-domain-id'], s.headers['x-project-id']])).toEqual([
      ['/v3.0/OS-CREDENTIAL/securitytokens', 'application/json', 'd0000000000000000000000000000001', undefined],
      [`/v3/${PROJECT}/x`, 'application/json', undefined, PROJECT],
      ['/v3/y?a=b', 'application/json', 'd0000000000000000000000000000001', undefined],
    ]);
  });
});

describe('requests', () => {
  test('the project goes into the path, the query is sent, and the security token when there is one', async () => {
    await get(json(200, {}), {
      credentials: { accessKey: 'AK0000000000000000000', secretKey: 'SK-secret-value', securityToken: 'TOKEN-1' },
    });
    expect(seen[0].url).toBe(`/v3/${PROJECT}/trackers?tracker_type=system`);
    expect(seen[0].headers['x-security-token']).toBe('TOKEN-1');
    expect(seen[0].headers['x-project-id']).toBe(PROJECT);
    await get(json(200, {}));
    expect(seen[1].headers).not.toHaveProperty('x-security-token');
  });

  test('one client per service, region and project: another project is asked with its own id', async () => {
    handler = json(200, {});
    const c = client();
    await c.get('cts', REGION, PROJECT, '/v3/{project_id}/trackers');
    await c.get('cts', REGION, '1aed40714227270ba1ba29e35a5ca4e1', '/v3/{project_id}/trackers');
    await c.get('iam', REGION, undefined, '/v3/projects', { name: REGION });
    c.close();
    expect(seen.map((s) => [s.url, s.headers['x-project-id']])).toEqual([
      [`/v3/${PROJECT}/trackers`, PROJECT],
      ['/v3/1aed40714227270ba1ba29e35a5ca4e1/trackers', '1aed40714227270ba1ba29e35a5ca4e1'],
      [`/v3/projects?name=${REGION}`, undefined],
    ]);
  });
});

describe('retries', () => {
  test('429 and 5xx are retried, with Retry-After when given, until an answer that is not; attempts are counted', async () => {
    let n = 0;
    const waits: number[] = [];
    const answer = await get(
      (req, res) => {
        n++;
        if (n === 1) return json(429, { error_code: 'APIG.0308', error_msg: 'throttled' }, { 'Retry-After': '2' })(req, res);
        if (n === 2) return json(599, { error_msg: 'odd' })(req, res);
        if (n === 3) return json(500, { error_msg: 'busy' })(req, res);
        return json(200, { trackers: [] })(req, res);
      },
      { retries: 4, backoffMs: 100 },
      waits,
    );
    expect(answer).toMatchObject({ status: 200, attempts: 4 });
    expect(waits).toEqual([2000, 100, 200]);
  });

  test('the retries spent, the last answer is kept with the number of attempts; no wait after the last', async () => {
    const waits: number[] = [];
    const answer = await get(json(503, { error_msg: 'down' }), { retries: 2, backoffMs: 100 }, waits);
    expect(answer).toEqual({ ...request, status: 503, error: { message: 'down' }, attempts: 3 });
    expect(waits).toEqual([50, 100]);
  });

  test('without retries given, four are made', async () => {
    const waits: number[] = [];
    const c = new LiveClient({
      credentials: { accessKey: 'AK0000000000000000000', secretKey: 'SK-secret-value' },
      endpoint: () => url,
      random: () => 0,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    handler = json(503, { error_msg: 'down' });
    const answer = await c.get('cts', REGION, PROJECT, '/v3/{project_id}/trackers');
    c.close();
    expect(answer.attempts).toBe(5);
    expect(waits).toEqual([0, 0, 0, 0]);
  });

  test('fewer than no retries is one attempt', async () => {
    const waits: number[] = [];
    expect(await get(json(503, { error_msg: 'down' }), { retries: -2 }, waits)).toMatchObject({ status: 503, attempts: 1 });
    expect(waits).toEqual([]);
  });

  test('the default backoff is 500 ms, doubling', () => {
    expect([0, 1, 2].map((a) => retryDelay(a, undefined, { random: () => 0.5 }))).toEqual([250, 500, 1000]);
  });

  test.each<[number, boolean]>([
    [499, false],
    [500, true],
    [599, true],
    [600, false],
    [428, false],
  ])('HTTP %i is retried: %s', (status, retried) => {
    expect(retryable({ service: 'cts', method: 'GET', path: '/', query: {}, status, error: { message: 'x' } })).toBe(retried);
  });
});

describe('connection pools', () => {
  /** The server's open connections, and the client port each request came from. */
  function watch() {
    const open = new Set<Socket>();
    const ports: number[] = [];
    const onConnection = (socket: Socket) => {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
    };
    server.on('connection', onConnection);
    handler = (req, res) => {
      ports.push(req.socket.remotePort ?? -1);
      json(200, {})(req, res);
    };
    return { open, ports, stop: () => server.off('connection', onConnection) };
  }
  /** Waits for what closing a connection sets off (the server sees it on a later turn). */
  async function settled(condition: () => boolean): Promise<boolean> {
    for (let i = 0; i < 50 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    return condition();
  }

  test("a connection is kept alive and reused, by the clients made with as() too; their close leaves it open, the owner's close ends it", async () => {
    const w = watch();
    const c = client();
    const member = c.as({ accessKey: 'AK1111111111111111111', secretKey: 'SK-member' });
    try {
      await c.get('cts', REGION, PROJECT, '/v3/{project_id}/trackers');
      await member.get('cts', REGION, PROJECT, '/v3/{project_id}/trackers');
      await c.get('cts', REGION, PROJECT, '/v3/{project_id}/trackers');
      expect(w.ports).toHaveLength(3);
      expect(new Set(w.ports).size).toBe(1);
      expect(w.open.size).toBe(1);
      member.close();
      // Closing a member does not close the pools it shares: the connection is still open a moment later.
      expect(await settled(() => w.open.size === 0)).toBe(false);
      c.close();
      expect(await settled(() => w.open.size === 0)).toBe(true);
    } finally {
      w.stop();
      c.close();
    }
  });
});

describe('concurrency', () => {
  async function maxInFlight(concurrency: number | undefined): Promise<number> {
    let inFlight = 0;
    let max = 0;
    handler = (req, res) => {
      inFlight++;
      max = Math.max(max, inFlight);
      setTimeout(() => {
        inFlight--;
        json(200, {})(req, res);
      }, 30);
    };
    const c = client(concurrency === undefined ? {} : { concurrency });
    await Promise.all(Array.from({ length: 12 }, (_, i) => c.get('cts', REGION, PROJECT, `/v3/{project_id}/x${i}`)));
    c.close();
    return max;
  }

  test.each<[number | undefined, number]>([
    [1, 1],
    [0, 1],
    [3, 3],
    [undefined, 8],
  ])('at most %s requests at once: %i', async (concurrency, max) => {
    expect(await maxInFlight(concurrency)).toBe(max);
  });
});

describe('clean', () => {
  test.each([
    [
      'Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abc\nnext line',
      'Authorization: SDK-HMAC-SHA256 [redacted] next line',
    ],
    ['header OBS AK0000:c2lnbmF0dXJl= and AWS AKIA1:xyz+/= here', 'header OBS [redacted] and AWS [redacted] here'],
    ['  many\t\tspaces\n\nand lines  ', 'many spaces and lines'],
    ['x'.repeat(400), 'x'.repeat(300)],
  ])('%j', (message, cleaned) => {
    expect(clean(message)).toBe(cleaned);
  });
});
