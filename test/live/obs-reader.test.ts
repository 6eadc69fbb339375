/**
 * ObsReader with fake SDK clients: the options it starts the SDK with, waiting for the SDK to be ready, every shape
 * of the SDK's answer (success, error with and without code or message, no answer, a throw, a timeout), what of a
 * success is kept, and one client per region.
 */
import { ObsReader, obsRequest } from '../../lib/live/obs';

const REGION = 'cn-north-4';
const BUCKET = 'cts-traces';
type Callback = (err: unknown, result: unknown) => void;

/** A fake SDK client whose reads answer with `answer` (called with the read's method name). */
function fakeSdk(answer: (method: string, cb: Callback) => void, ready = true) {
  const made: Array<Record<string, unknown>> = [];
  const closed: string[] = [];
  const create = (options: Record<string, unknown>) => {
    made.push(options);
    const client: Record<string, unknown> & { close(): void; util?: { signatureContext?: unknown } } = {
      util: { signatureContext: ready ? {} : undefined },
      close: () => closed.push(String(options.server)),
    };
    for (const m of [
      'getBucketAcl',
      'getBucketPolicy',
      'getBucketVersioningConfiguration',
      'getBucketEncryption',
      'getBucketLifecycleConfiguration',
    ]) {
      client[m] = (params: { Bucket: string }, cb: Callback) => {
        expect(params).toEqual({ Bucket: BUCKET });
        answer(m, cb);
      };
    }
    return client;
  };
  return { create, made, closed };
}

const reader = (sdk: ReturnType<typeof fakeSdk>, more: Partial<ConstructorParameters<typeof ObsReader>[0]> = {}) =>
  new ObsReader({
    credentials: { accessKey: 'ak', secretKey: 'sk' },
    endpoint: (r) => `https://obs.${r}.example.com`,
    timeoutMs: 2500,
    create: sdk.create,
    ...more,
  });

describe('starting the SDK', () => {
  test('with OBS signatures, no negotiation, no retries of its own, the timeout in whole seconds, and the token when there is one', async () => {
    const sdk = fakeSdk((_m, cb) => cb(null, { CommonMsg: { Status: 200 }, InterfaceResult: {} }));
    await reader(sdk, { credentials: { accessKey: 'ak', secretKey: 'sk', securityToken: 'tok' } }).read(REGION, BUCKET, 'acl');
    await reader(sdk, { timeoutMs: 100 }).read(REGION, BUCKET, 'acl');
    expect(sdk.made).toEqual([
      {
        access_key_id: 'ak',
        secret_access_key: 'sk',
        security_token: 'tok',
        server: `https://obs.${REGION}.example.com`,
        signature: 'obs',
        is_signature_negotiation: false,
        max_retry_count: 0,
        timeout: 3,
      },
      {
        access_key_id: 'ak',
        secret_access_key: 'sk',
        server: `https://obs.${REGION}.example.com`,
        signature: 'obs',
        is_signature_negotiation: false,
        max_retry_count: 0,
        timeout: 1,
      },
    ]);
  });

  test("the live client's connection pools, when given, are the SDK's", async () => {
    const sdk = fakeSdk((_m, cb) => cb(null, { CommonMsg: { Status: 200 }, InterfaceResult: {} }));
    const agents = { http: { pool: 'http' }, https: { pool: 'https' } };
    await reader(sdk, { agents }).read(REGION, BUCKET, 'acl');
    expect(sdk.made[0]).toMatchObject({ http_agent: agents.http, https_agent: agents.https });
    await reader(sdk).read(REGION, BUCKET, 'acl');
    expect(sdk.made[1]).not.toHaveProperty('http_agent');
    expect(sdk.made[1]).not.toHaveProperty('https_agent');
  });

  test('one client per region, reused; closing closes each', async () => {
    const sdk = fakeSdk((_m, cb) => cb(null, { CommonMsg: { Status: 200 }, InterfaceResult: {} }));
    const r = reader(sdk);
    await r.read(REGION, BUCKET, 'acl');
    await r.read(REGION, BUCKET, 'policy');
    await r.read('ap-southeast-1', BUCKET, 'acl');
    expect(sdk.made.map((o) => o.server)).toEqual([`https://obs.${REGION}.example.com`, 'https://obs.ap-southeast-1.example.com']);
    r.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sdk.closed.sort()).toEqual(['https://obs.ap-southeast-1.example.com', `https://obs.${REGION}.example.com`]);
    // After close, a read starts a new client.
    await r.read(REGION, BUCKET, 'acl');
    expect(sdk.made).toHaveLength(3);
  });

  test('an SDK that never gets ready is an answer saying so, and the next read tries again', async () => {
    const sdk = fakeSdk((_m, cb) => cb(null, { CommonMsg: { Status: 200 }, InterfaceResult: {} }), false);
    const r = reader(sdk);
    expect((await r.read(REGION, BUCKET, 'acl')).answer).toEqual({
      ...obsRequest(BUCKET, 'acl'),
      error: { message: 'the OBS SDK could not be started (it did not finish initializing)' },
    });
    await r.read(REGION, BUCKET, 'acl');
    expect(sdk.made).toHaveLength(2);
    // One without its util object at all is the same answer, not a crash of our own.
    const bare = reader(sdk, {
      create: (options: Record<string, unknown>) => {
        const { util: _util, ...client } = sdk.create(options);
        return client;
      },
    });
    expect((await bare.read(REGION, BUCKET, 'acl')).answer.error).toEqual({
      message: 'the OBS SDK could not be started (it did not finish initializing)',
    });
  });

  test('an SDK that becomes ready a few turns later is waited for', async () => {
    const sdk = fakeSdk((_m, cb) => cb(null, { CommonMsg: { Status: 200 }, InterfaceResult: { VersionStatus: 'Enabled' } }), false);
    const create = (options: Record<string, unknown>) => {
      const client = sdk.create(options);
      let turns = 0;
      const util = {
        get signatureContext() {
          return ++turns > 5 ? {} : undefined;
        },
      };
      return { ...client, util };
    };
    expect((await reader(sdk, { create }).read(REGION, BUCKET, 'versioning')).answer).toMatchObject({
      status: 200,
      body: { VersionStatus: 'Enabled' },
    });
  });

  test('an SDK that throws when made is an answer saying so', async () => {
    const r = reader(
      fakeSdk(() => undefined),
      {
        create: () => {
          throw new Error('bad endpoint');
        },
      },
    );
    expect((await r.read(REGION, BUCKET, 'acl')).answer.error).toEqual({ message: 'the OBS SDK could not be started (bad endpoint)' });
  });
});

describe("the SDK's answers", () => {
  const read = async (answer: (method: string, cb: Callback) => void, what: Parameters<ObsReader['read']>[2] = 'acl', more = {}) =>
    (await reader(fakeSdk(answer), more).read(REGION, BUCKET, what)).answer;

  test('a success keeps only what proves the point, under its own names', async () => {
    const interfaceResult = { Owner: { ID: 'o' }, Grants: [], RequestId: 'req', Date: 'today', VersionStatus: 'x' };
    expect(await read((_m, cb) => cb(null, { CommonMsg: { Status: 200 }, InterfaceResult: interfaceResult }))).toEqual({
      ...obsRequest(BUCKET, 'acl'),
      status: 200,
      body: { Owner: { ID: 'o' }, Grants: [] },
    });
    expect(await read((_m, cb) => cb(null, { CommonMsg: { Status: 204 }, InterfaceResult: null }), 'policy')).toEqual({
      ...obsRequest(BUCKET, 'policy'),
      status: 204,
      body: {},
    });
  });

  test.each<[Parameters<ObsReader['read']>[2], string, string[]]>([
    ['acl', 'getBucketAcl', ['Owner', 'Grants']],
    ['policy', 'getBucketPolicy', ['Policy']],
    ['versioning', 'getBucketVersioningConfiguration', ['VersionStatus']],
    ['encryption', 'getBucketEncryption', ['Rule']],
    ['lifecycle', 'getBucketLifecycleConfiguration', ['Rules']],
    ['storagePolicy', 'getBucketStoragePolicy', ['StorageClass']],
  ])('%s: read with %s, keeping %j and nothing else', async (what, method, kept) => {
    const everything = { Owner: 1, Grants: 2, Policy: 3, VersionStatus: 4, Rule: 5, Rules: 6, StorageClass: 7, RequestId: 8 };
    const called: string[] = [];
    const sdk = fakeSdk(() => undefined);
    const create = (options: Record<string, unknown>) => ({
      ...sdk.create(options),
      [method]: (_p: unknown, cb: Callback) => {
        called.push(method);
        cb(null, { CommonMsg: { Status: 200 }, InterfaceResult: everything });
      },
    });
    const answer = (await reader(sdk, { create }).read(REGION, BUCKET, what)).answer;
    expect(called).toEqual([method]);
    expect(answer).toEqual({
      ...obsRequest(BUCKET, what),
      status: 200,
      body: Object.fromEntries(kept.map((k) => [k, everything[k as keyof typeof everything]])),
    });
  });

  test.each<[string, unknown, object]>([
    [
      'an error with its code and message',
      { CommonMsg: { Status: 404, Code: 'NoSuchBucketPolicy', Message: 'The bucket policy does not exist' } },
      { status: 404, error: { code: 'NoSuchBucketPolicy', message: 'The bucket policy does not exist' } },
    ],
    [
      'an error without a message',
      { CommonMsg: { Status: 403, Code: 'AccessDenied' } },
      { status: 403, error: { code: 'AccessDenied', message: 'HTTP 403' } },
    ],
    ['an error without a code', { CommonMsg: { Status: 500, Message: 'busy' } }, { status: 500, error: { message: 'busy' } }],
    ['a status that is not a number', { CommonMsg: { Status: '200', Message: 'odd' } }, { error: { message: 'odd' } }],
    ['no status, no message', { CommonMsg: {} }, { error: { message: 'HTTP ?' } }],
    [
      'a 3xx',
      { CommonMsg: { Status: 307, Code: 'TemporaryRedirect' } },
      { status: 307, error: { code: 'TemporaryRedirect', message: 'HTTP 307' } },
    ],
    [
      'a 1xx is not a success',
      { CommonMsg: { Status: 100 }, InterfaceResult: { Owner: 1 } },
      { status: 100, error: { message: 'HTTP 100' } },
    ],
    [
      'a 300 is not a success',
      { CommonMsg: { Status: 300 }, InterfaceResult: { Owner: 1 } },
      { status: 300, error: { message: 'HTTP 300' } },
    ],
    ['no CommonMsg', { InterfaceResult: {} }, { error: { message: 'the OBS SDK gave no answer' } }],
    ['nothing', undefined, { error: { message: 'the OBS SDK gave no answer' } }],
  ])('%s', async (_name, result, answer) => {
    expect(await read((_m, cb) => cb(null, result))).toEqual({ ...obsRequest(BUCKET, 'acl'), ...answer });
  });

  test('an error from the SDK, an Error or not, is the message', async () => {
    expect((await read((_m, cb) => cb(new Error('socket hang up'), undefined))).error).toEqual({ message: 'socket hang up' });
    expect((await read((_m, cb) => cb('ECONNRESET', { CommonMsg: { Status: 200 } }))).error).toEqual({ message: 'ECONNRESET' });
  });

  test('a throw before the request is sent is an answer saying so', async () => {
    const answer = await read(() => {
      throw new Error('boom');
    });
    expect(answer.error).toEqual({ message: 'the OBS SDK failed before sending the request (boom)' });
    expect(answer).not.toHaveProperty('status');
  });

  test('an SDK that never calls back gives up a second after the timeout', async () => {
    const started = Date.now();
    const answer = await read(() => undefined, 'acl', { timeoutMs: 100 });
    expect(answer.error).toEqual({ message: 'timeout of 100ms exceeded' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  test('an SDK without the method is an answer saying so', async () => {
    expect(await read(() => undefined, 'storagePolicy')).toEqual({
      ...obsRequest(BUCKET, 'storagePolicy'),
      error: { message: 'the OBS SDK has no getBucketStoragePolicy' },
    });
  });
});

test('obsRequest: GET /<bucket>?<read>', () => {
  expect(obsRequest('b', 'lifecycle')).toEqual({ service: 'obs', method: 'GET', path: '/b', query: { lifecycle: '' } });
});
