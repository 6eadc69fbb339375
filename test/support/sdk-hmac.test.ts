import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';
import type { ICredential } from '@huaweicloud/huaweicloud-sdk-core/auth/ICredential';
import { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient';
import { DefaultHttpClient } from '@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient';
import type { Logger } from '@huaweicloud/huaweicloud-sdk-core/logger';
import { LogLevel } from '@huaweicloud/huaweicloud-sdk-core/logger';
import {
  canonicalQueryString,
  canonicalRequest,
  canonicalURI,
  EMPTY_BODY_SHA256,
  formatSdkDate,
  parseAuthorization,
  parseSdkDate,
  sha256Hex,
  signature,
  signRequest,
  SignedRequest,
  stringToSign,
  verifySignature,
} from './sdk-hmac';

// The worked example of the API Request Signing Guide (facts file, section C).
const EX = {
  ak: 'QTWAOYTTINDUT2QVKYUC',
  sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc',
  date: '20191115T033655Z',
  host: 'service.region.example.com',
  path: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs',
  query: 'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
  canonicalRequestHash: 'b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a',
  signature: '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
};
const EX_NOW = new Date('2019-11-15T03:40:00Z');

function exampleRequest(): SignedRequest {
  return {
    method: 'GET',
    path: EX.path,
    query: EX.query,
    headers: { 'content-type': 'application/json', host: EX.host, 'x-sdk-date': EX.date },
    body: Buffer.alloc(0),
  };
}

function signedExample(): SignedRequest {
  const req = exampleRequest();
  req.headers['authorization'] = `SDK-HMAC-SHA256 Access=${EX.ak}, SignedHeaders=content-type;host;x-sdk-date, Signature=${EX.signature}`;
  return req;
}

const CREDS = new Map([[EX.ak, EX.sk]]);

describe('the worked example of the signing guide', () => {
  test('canonical request, its hash, string to sign and signature', () => {
    const cr = canonicalRequest(exampleRequest());
    expect(cr).toBe(
      [
        'GET',
        '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/',
        'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
        'content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n',
        'content-type;host;x-sdk-date',
        EMPTY_BODY_SHA256,
      ].join('\n'),
    );
    expect(sha256Hex(cr)).toBe(EX.canonicalRequestHash);
    const sts = stringToSign(EX.date, cr);
    expect(sts).toBe(`SDK-HMAC-SHA256\n${EX.date}\n${EX.canonicalRequestHash}`);
    expect(signature(EX.sk, sts)).toBe(EX.signature);
  });

  test('signRequest builds the documented Authorization header', () => {
    expect(signRequest(exampleRequest(), EX.ak, EX.sk)).toBe(
      `SDK-HMAC-SHA256 Access=${EX.ak}, SignedHeaders=content-type;host;x-sdk-date, Signature=${EX.signature}`,
    );
  });

  test('the verifier accepts it', () => {
    expect(verifySignature(signedExample(), CREDS, EX_NOW)).toEqual({ ok: true, ak: EX.ak });
  });

  test("the SDK's own signer produces the same signature", () => {
    const credential = new BasicCredentials().withAk(EX.ak).withSk(EX.sk);
    const headers = AKSKSigner.sign(
      {
        endpoint: `https://${EX.host}${EX.path}`,
        method: 'GET',
        queryParams: { limit: '2', marker: '13551d6b-755d-4757-b956-536f674975c0' },
        headers: { 'content-type': 'application/json', 'X-Sdk-Date': EX.date },
      },
      credential as unknown as ICredential,
    ) as Record<string, string>;
    expect(headers['Authorization']).toBe(
      `SDK-HMAC-SHA256 Access=${EX.ak}, SignedHeaders=content-type;host;x-sdk-date, Signature=${EX.signature}`,
    );
  });
});

describe('canonical pieces', () => {
  test('URI: segments decoded then re-encoded, trailing slash appended', () => {
    expect(canonicalURI('')).toBe('/');
    expect(canonicalURI('/')).toBe('/');
    expect(canonicalURI('/v3/p/trackers')).toBe('/v3/p/trackers/');
    expect(canonicalURI('/v3/p/trackers/')).toBe('/v3/p/trackers/');
    // Raw ":" and its escape canonicalise alike; an escaped "/" stays inside its segment.
    expect(canonicalURI('/t/urn:smn:r:p:n/s')).toBe('/t/urn%3Asmn%3Ar%3Ap%3An/s/');
    expect(canonicalURI('/t/urn%3Asmn%3ar%3Ap%3An/s')).toBe('/t/urn%3Asmn%3Ar%3Ap%3An/s/');
    expect(canonicalURI('/a%2Fb/c')).toBe('/a%2Fb/c/');
    expect(canonicalURI("/a b/é/!'()*~-_.")).toBe('/a%20b/%C3%A9/%21%27%28%29%2A~-_./');
    expect(canonicalURI('/bad%zz')).toBe('/bad%25zz/');
  });

  test('query: sorted, encoded, repeated keys sorted by value', () => {
    expect(canonicalQueryString('')).toBe('');
    expect(canonicalQueryString('?b=2&a=1')).toBe('a=1&b=2');
    expect(canonicalQueryString('a=2&a=1&c')).toBe('a=1&a=2&c=');
    expect(canonicalQueryString('q=a%20b*&x=%7E')).toBe('q=a%20b%2A&x=~');
    expect(
      canonicalQueryString([
        ['name', 'a b'],
        ['limit', '10'],
      ]),
    ).toBe('limit=10&name=a%20b');
  });

  test('Authorization and X-Sdk-Date parsing', () => {
    expect(parseAuthorization('SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=AB12')).toEqual({
      access: 'AK',
      signedHeaders: ['host', 'x-sdk-date'],
      signature: 'ab12',
    });
    expect(parseAuthorization('SDK-HMAC-SHA256 Access=AK,SignedHeaders=host,Signature=ab')).toBeDefined();
    expect(parseAuthorization('AWS4-HMAC-SHA256 Credential=x')).toBeUndefined();
    expect(parseAuthorization('SDK-HMAC-SHA256 Access=AK, Signature=ab')).toBeUndefined();
    expect(parseSdkDate('20191115T033655Z')?.toISOString()).toBe('2019-11-15T03:36:55.000Z');
    expect(parseSdkDate('2019-11-15T03:36:55Z')).toBeUndefined();
    expect(parseSdkDate('20191315T033655Z')).toBeUndefined();
    expect(formatSdkDate(new Date('2019-11-15T03:36:55.123Z'))).toBe('20191115T033655Z');
  });

  test('x-sdk-content-sha256 replaces the body hash', () => {
    const req = exampleRequest();
    req.headers['x-sdk-content-sha256'] = 'UNSIGNED-PAYLOAD';
    req.body = Buffer.from('anything');
    expect(canonicalRequest(req).endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
  });
});

describe('rejections (401 APIG.0301, like API Gateway)', () => {
  function expectRejected(req: SignedRequest, message: string | RegExp, creds = CREDS, now = EX_NOW): void {
    const result = verifySignature(req, creds, now);
    expect(result).toMatchObject({ ok: false, status: 401, code: 'APIG.0301' });
    if (!result.ok) {
      expect(result.message).toMatch(/^Incorrect IAM authentication information: /);
      expect(result.message).toMatch(message);
    }
  }

  test('tampered query', () => {
    const req = signedExample();
    req.query = 'limit=3&marker=13551d6b-755d-4757-b956-536f674975c0';
    expectRejected(req, 'verify aksk signature fail');
  });

  test('tampered signed header', () => {
    const req = signedExample();
    req.headers['content-type'] = 'text/plain';
    expectRejected(req, 'verify aksk signature fail');
  });

  test('an unsigned header may change', () => {
    const req = signedExample();
    req.headers['user-agent'] = 'something else';
    expect(verifySignature(req, CREDS, EX_NOW).ok).toBe(true);
  });

  test('tampered body', () => {
    const req = signedExample();
    req.body = Buffer.from('{}');
    expectRejected(req, 'verify aksk signature fail');
  });

  test('tampered method and path', () => {
    expectRejected({ ...signedExample(), method: 'DELETE' }, 'verify aksk signature fail');
    expectRejected({ ...signedExample(), path: EX.path + 'x' }, 'verify aksk signature fail');
  });

  test('wrong SK', () => {
    expectRejected(signedExample(), 'verify aksk signature fail', new Map([[EX.ak, EX.sk + 'x']]));
  });

  test('unknown AK', () => {
    expectRejected(signedExample(), 'Get secretKey failed', new Map([['OTHER', EX.sk]]));
  });

  test('date skew beyond 15 minutes either way; within is fine', () => {
    const at = (iso: string) => new Date(iso);
    expect(verifySignature(signedExample(), CREDS, at('2019-11-15T03:51:55Z')).ok).toBe(true); // +15:00
    expect(verifySignature(signedExample(), CREDS, at('2019-11-15T03:21:55Z')).ok).toBe(true); // -15:00
    expectRejected(signedExample(), /expired/, CREDS, at('2019-11-15T03:51:56Z'));
    expectRejected(signedExample(), /expired/, CREDS, at('2019-11-15T03:21:54Z'));
  });

  test('missing or garbled Authorization, missing X-Sdk-Date, host not signed', () => {
    const missing = exampleRequest();
    expectRejected(missing, /not found/);

    const garbled = signedExample();
    garbled.headers['authorization'] = 'Bearer abc';
    expectRejected(garbled, /Authorization/);

    const noDate = signedExample();
    delete noDate.headers['x-sdk-date'];
    expectRejected(noDate, /x-sdk-date/);

    const badDate = signedExample();
    badDate.headers['x-sdk-date'] = 'yesterday';
    expectRejected(badDate, /x-sdk-date/);

    const noHost = exampleRequest();
    delete noHost.headers['host'];
    noHost.headers['authorization'] = signRequest(noHost, EX.ak, EX.sk);
    noHost.headers['host'] = EX.host;
    expectRejected(noHost, /host/);
  });
});

// ---------------------------------------------------------------------------------------------
// Agreement with the real SDK over the wire: a server captures what the SDK
// sends (axios adds unsigned headers such as Accept and User-Agent) and runs
// the verifier on it.

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

describe('requests signed by @huaweicloud/huaweicloud-sdk-core', () => {
  const AK = 'SDKTESTAK00000000001';
  const SK = 'sdk-test-secret-key-0000000000000000000001';
  let server: Server;
  let base: string;
  let last: { req: SignedRequest; verdict: ReturnType<typeof verifySignature> } | undefined;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = req.url ?? '/';
        const q = url.indexOf('?');
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        const signed: SignedRequest = {
          method: req.method ?? 'GET',
          path: q < 0 ? url : url.slice(0, q),
          query: q < 0 ? '' : url.slice(q + 1),
          headers,
          body: Buffer.concat(chunks),
        };
        const verdict = verifySignature(signed, new Map([[AK, SK]]), new Date());
        last = { req: signed, verdict };
        res.writeHead(verdict.ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify(verdict));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function client(endpoint: string, creds: BasicCredentials): HcClient {
    return new HcClient(new DefaultHttpClient({ logger: silent }, [endpoint])).withCredential(creds).withEndpoints([endpoint]);
  }

  test('GET with project id, path parameters and awkward query values', async () => {
    const hc = client(`${base}/smn/cn-north-4`, new BasicCredentials().withAk(AK).withSk(SK).withProjectId('0123abcd'));
    const res = await hc.sendRequest<{ ok: boolean; httpStatusCode?: number }>({
      method: 'GET',
      url: '/v2/{project_id}/notifications/topics/{topic_urn}/subscriptions',
      contentType: 'application/json',
      queryParams: { limit: 10, offset: 0, name: "a b*~'()!é+&=", tag: ['z', 'a'] },
      pathParams: { topic_urn: 'urn:smn:cn-north-4:0123abcd:audit_topic' },
      headers: {},
    });
    expect(last?.verdict).toEqual({ ok: true, ak: AK });
    expect(res.ok).toBe(true);
    // What the SDK signed: the endpoint's path prefix is part of the canonical URI.
    expect(last?.req.path).toBe('/smn/cn-north-4/v2/0123abcd/notifications/topics/urn:smn:cn-north-4:0123abcd:audit_topic/subscriptions');
    expect(parseAuthorization(last?.req.headers['authorization'])?.signedHeaders).toEqual([
      'content-type',
      'host',
      'x-project-id',
      'x-sdk-date',
    ]);
  });

  test('POST with a JSON body, and with a security token', async () => {
    const creds = new BasicCredentials().withAk(AK).withSk(SK).withProjectId('p1').withSecurityToken('TOKEN-SECRET');
    await client(`${base}/cts/r`, creds).sendRequest({
      method: 'POST',
      url: '/v3/{project_id}/notifications',
      contentType: 'application/json;charset=UTF-8',
      queryParams: {},
      pathParams: {},
      headers: {},
      data: { notification_name: 'n', operation_type: 'complete', é: 'ü' },
    });
    expect(last?.verdict).toEqual({ ok: true, ak: AK });
    expect(last?.req.body.length).toBeGreaterThan(0);
    expect(parseAuthorization(last?.req.headers['authorization'])?.signedHeaders).toContain('x-security-token');
  });

  test('a non-JSON content type is signed as UNSIGNED-PAYLOAD', async () => {
    await client(`${base}/obs/r`, new BasicCredentials().withAk(AK).withSk(SK).withProjectId('p1')).sendRequest({
      method: 'PUT',
      url: '/v1/{project_id}/blob',
      contentType: 'text/plain',
      queryParams: {},
      pathParams: {},
      headers: {},
      data: 'plain text body' as unknown as Record<string, unknown>,
    });
    expect(last?.req.headers['x-sdk-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(last?.verdict).toEqual({ ok: true, ak: AK });
  });

  test('a request signed with another SK is rejected', async () => {
    const hc = client(
      `${base}/cts/r`,
      new BasicCredentials()
        .withAk(AK)
        .withSk(SK + 'x')
        .withProjectId('p1'),
    );
    await expect(
      hc.sendRequest({
        method: 'GET',
        url: '/v3/{project_id}/trackers',
        contentType: 'application/json',
        queryParams: {},
        pathParams: {},
        headers: {},
      }),
    ).rejects.toMatchObject({ httpStatusCode: 401 });
    expect(last?.verdict).toMatchObject({ ok: false, code: 'APIG.0301', message: expect.stringContaining('verify aksk signature fail') });
  });
});
