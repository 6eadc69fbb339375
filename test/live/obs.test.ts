/**
 * The trace buckets, live, through Huawei's OBS SDK against the emulator's
 * OBS, which verifies every request's signature with its own verifier
 * (../support/obs-sign). The bucket controls then run on what OBS answers.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveClient } from '../../lib/live/client';
import { bucketOf, cannedAcl, snapshotToInput } from '../../lib/snapshot/convert';
import { ObsReader } from '../../lib/live/obs';
import { known } from '../../lib/model';
import { DEFAULT_AK, DEFAULT_SK, Emulator, endpointArgs, ObsBucketState, startEmulator } from '../support/emulator';
import { runCli } from '../cli/run-cli';

const ROOT = join(__dirname, '../..');
const REGION = 'cn-north-4';
const DOMAIN = '45c393624036af3ceb71a1a9f0e47515';
const BUCKET = 'cts-audit-traces-cn-north-4';
const TOKEN = 'temporary-security-token-obs-0123456789';
const fixture = JSON.parse(readFileSync(join(__dirname, '../fixtures/live/01-all-covered/account.json'), 'utf8'));
const PROJECT = fixture.accounts[0].projectId as string;
const covered = () => JSON.parse(JSON.stringify(fixture.accounts[0].state));

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ credentials: { [DEFAULT_AK]: DEFAULT_SK } });
  emulator.setDomain(DEFAULT_AK, DOMAIN);
});
afterAll(async () => {
  await emulator.close();
});

const env = { HW_ACCESS_KEY: DEFAULT_AK, HW_SECRET_KEY: DEFAULT_SK };
const endpoints = () => endpointArgs(emulator);

async function check(bucket: ObsBucketState | undefined, extra: string[] = [], extraEnv: NodeJS.ProcessEnv = {}) {
  const state = covered();
  if (bucket) state.buckets[BUCKET] = bucket;
  else delete state.buckets;
  emulator.setAccount(REGION, PROJECT, state);
  const dir = mkdtempSync(join(tmpdir(), 'cts-audit-obs-'));
  const r = await runCli(
    [
      'check',
      '--live',
      '--region',
      REGION,
      '--project-id',
      PROJECT,
      ...endpoints(),
      '--retries',
      '1',
      '--format',
      'json',
      '--save-snapshot',
      'snap.json',
      ...extra,
    ],
    { cwd: dir, env: { ...env, ...extraEnv } },
  );
  const verdict = JSON.parse(r.stdout) as { passed: boolean; findings: Array<{ ruleId: string; severity: string; message: string }> };
  const findings = verdict.findings.map((f) => `${f.ruleId}: ${f.message}`);
  const again = await runCli(['check', 'snap.json', '--format', 'json'], { cwd: dir });
  return {
    r,
    verdict,
    findings,
    dir,
    offline: (JSON.parse(again.stdout) as typeof verdict).findings.map((f) => `${f.ruleId}: ${f.message}`),
  };
}

const compliant = (): ObsBucketState => covered().buckets[BUCKET];

describe('check --live reads the trace bucket through OBS', () => {
  test('a compliant bucket: every bucket control passes, and no "not checked" warning is left', async () => {
    const { r, verdict, findings, offline } = await check(compliant());
    expect([r.exitCode, verdict.passed, findings]).toEqual([0, true, []]);
    expect(offline).toEqual([]);
    const obs = emulator.requests.filter((q) => q.service === 'obs').slice(-6);
    expect(obs.map((q) => [Object.keys(q.query)[0], q.status, q.ak])).toEqual(
      expect.arrayContaining([
        ['acl', 200, DEFAULT_AK],
        ['policy', 404, DEFAULT_AK],
        ['versioning', 200, DEFAULT_AK],
        ['encryption', 200, DEFAULT_AK],
        ['lifecycle', 200, DEFAULT_AK],
        ['storagePolicy', 200, DEFAULT_AK],
      ]),
    );
  });

  test.each<[string, ObsBucketState, string]>([
    [
      'public read through its ACL',
      { ...compliant(), grants: [{ grantee: { uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'READ' }] },
      `bucket-private: trace bucket obs/bucket/${BUCKET} is not private (acl = "public-read")`,
    ],
    [
      'open to everyone through its policy',
      {
        ...compliant(),
        policy: JSON.stringify({
          Statement: [{ Sid: 'open', Effect: 'Allow', Principal: { ID: ['*'] }, Action: ['GetObject'], Resource: [`${BUCKET}/*`] }],
        }),
      },
      `bucket-private: trace bucket obs/bucket/${BUCKET} is open to everyone: the policy of trace bucket obs/bucket/${BUCKET}, statement "open", allows GetObject to principal *`,
    ],
    [
      'not versioned',
      { ...compliant(), versioning: 'Suspended' },
      `bucket-versioned: trace bucket obs/bucket/${BUCKET} does not keep versions (versioning is off)`,
    ],
    [
      'not encrypted',
      { ...compliant(), encryption: undefined },
      `bucket-encrypted: trace bucket obs/bucket/${BUCKET} is not encrypted (encryption is off)`,
    ],
    [
      'encrypted with AES256, not KMS',
      { ...compliant(), encryption: { algorithm: 'AES256' } },
      `bucket-encrypted: trace bucket obs/bucket/${BUCKET} is encrypted with AES256, not a KMS key (sse_algorithm = "kms")`,
    ],
    [
      'trace files expire after 30 days',
      { ...compliant(), lifecycle: [{ id: 'short', prefix: '', status: 'Enabled', expirationDays: 30 }] },
      `bucket-retention: trace bucket obs/bucket/${BUCKET} expires trace files after 30 days, under the required 180`,
    ],
  ])('a bucket %s fails its control, live and offline', async (_name, bucket, finding) => {
    const { r, findings, offline } = await check(bucket);
    expect(r.exitCode).toBe(1);
    expect(findings).toEqual([finding]);
    expect(offline).toEqual(findings);
  });

  test('an unreadable setting is "cannot verify" with the status and code, never a pass', async () => {
    const { r, findings } = await check({
      ...compliant(),
      errors: { versioning: { status: 503, code: 'ServiceUnavailable', message: 'Please reduce your request rate.' } },
    });
    expect(r.exitCode).toBe(1);
    expect(findings).toEqual([
      `bucket-versioned: cannot verify whether trace bucket obs/bucket/${BUCKET} keeps versions: the versioning of bucket ${BUCKET} (${REGION}/${PROJECT}) could not be read: HTTP 503 ServiceUnavailable (Please reduce your request rate.) after 2 attempts; run the check again later`,
    ]);
  });

  test("a bucket in another account (not this identity's to read): every control cannot be verified, saying so", async () => {
    const { r, findings } = await check({ ...compliant(), owner: 'ffeeddccbbaa99887766554433221100' });
    expect(r.exitCode).toBe(1);
    expect(findings).toHaveLength(4);
    expect(findings[0]).toContain(
      `could not be read: HTTP 403 AccessDenied (Access Denied); grant this identity read access to the bucket (OBS ReadOnlyAccess, or a bucket policy allowing its Get actions), or, if the bucket belongs to another account, check it with that account`,
    );
  });

  test('a bucket that does not exist: cannot verify, with NoSuchBucket', async () => {
    const { findings } = await check(undefined);
    expect(findings[0]).toMatch(/could not be read: HTTP 404 NoSuchBucket/);
  });

  test('a wrong secret key: the emulated OBS refuses the signature, and the answer holds no key', async () => {
    emulator.setAccount(REGION, PROJECT, covered());
    const reader = new ObsReader({
      credentials: { accessKey: DEFAULT_AK, secretKey: 'not-the-secret-key' },
      endpoint: () => emulator.obsUrl,
      timeoutMs: 2000,
    });
    const { answer } = await reader.read(REGION, BUCKET, 'acl');
    reader.close();
    expect(answer).toMatchObject({ status: 403, error: { code: 'SignatureDoesNotMatch' } });
    expect(JSON.stringify(answer)).not.toMatch(/not-the-secret-key|AWS |OBS /);
  });

  test('a security token is sent to OBS, signed, and appears nowhere in outputs or snapshots', async () => {
    const { r, dir } = await check(compliant(), [], { HW_SECURITY_TOKEN: TOKEN });
    expect(r.exitCode).toBe(0);
    for (const text of [r.stdout, r.stderr, readFileSync(join(dir, 'snap.json'), 'utf8'), JSON.stringify(emulator.requests)]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(DEFAULT_SK);
      expect(text).not.toMatch(/\b(AWS|OBS) [A-Z0-9]+:/);
    }
  });
});

describe('the OBS SDK, guarded', () => {
  test('the first request of a fresh process works through the guard; unguarded, the SDK throws on it', async () => {
    emulator.setAccount(REGION, PROJECT, covered());
    const run = (script: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['-e', script], { cwd: ROOT });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('close', (code) => resolve({ code, out }));
      });
    const guarded = await run(
      `const { ObsReader } = require('./dist/lib/live/obs');
       const r = new ObsReader({ credentials: { accessKey: ${JSON.stringify(DEFAULT_AK)}, secretKey: ${JSON.stringify(DEFAULT_SK)} }, endpoint: () => ${JSON.stringify(emulator.obsUrl)}, timeoutMs: 3000 });
       r.read('cn-north-4', ${JSON.stringify(BUCKET)}, 'versioning').then((a) => { console.log(JSON.stringify(a.answer.body)); r.close(); });`,
    );
    expect(guarded).toEqual({ code: 0, out: '{"VersionStatus":"Enabled"}\n' });
    const raw = await run(
      `const ObsClient = require('esdk-obs-nodejs');
       const c = new ObsClient({ access_key_id: 'a', secret_access_key: 'b', server: ${JSON.stringify(emulator.obsUrl)} });
       try { c.getBucketVersioningConfiguration({ Bucket: 'x' }, () => {}); console.log('no throw'); } catch (e) { console.log(e.message); }
       c.close();`,
    );
    expect(raw.out).toContain("Cannot read properties of null (reading 'signature')");
  });

  test('a throw inside the SDK becomes an answer that says so, and is retried', async () => {
    let calls = 0;
    const fake = () => ({
      util: { signatureContext: {} },
      close: () => undefined,
      getBucketAcl: (_p: unknown, cb: (err: unknown, r: unknown) => void) => {
        calls++;
        if (calls === 1) throw new TypeError("Cannot read properties of null (reading 'signature')");
        cb(null, { CommonMsg: { Status: 200 }, InterfaceResult: { Owner: { ID: DOMAIN }, Grants: [], RequestId: 'r', Date: 'd' } });
      },
    });
    const reader = new ObsReader({
      credentials: { accessKey: 'a', secretKey: 'b' },
      endpoint: () => 'http://x',
      timeoutMs: 1000,
      create: fake,
    });
    const first = await reader.read(REGION, BUCKET, 'acl');
    expect(first.answer.error?.message).toBe(
      "the OBS SDK failed before sending the request (Cannot read properties of null (reading 'signature'))",
    );
    const second = await reader.read(REGION, BUCKET, 'acl');
    // Only what proves the point is kept: no request id, no date.
    expect(second.answer).toMatchObject({ status: 200, body: { Owner: { ID: DOMAIN }, Grants: [] } });
    expect(Object.keys(second.answer.body as object)).toEqual(['Owner', 'Grants']);
  });

  test('a redirect is an answer, not followed with the signed request', async () => {
    const elsewhere = await startEmulator();
    const { createServer } = await import('node:http');
    const redirecting = createServer((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.obsUrl}/${BUCKET}?acl` });
      res.end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const port = (redirecting.address() as { port: number }).port;
    const client = new LiveClient({
      credentials: { accessKey: DEFAULT_AK, secretKey: DEFAULT_SK },
      endpoint: () => `http://127.0.0.1:${port}`,
      retries: 0,
    });
    try {
      const answer = await client.obs(REGION, BUCKET, 'acl');
      expect(answer.status).toBe(307);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      client.close();
      redirecting.close();
      await elsewhere.close();
    }
  });
});

describe('conversion', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['only the owner', { Owner: { ID: 'o' }, Grants: [{ Grantee: { ID: 'o' }, Permission: 'FULL_CONTROL' }] }, 'private'],
    [
      'everyone may read',
      { Owner: { ID: 'o' }, Grants: [{ Grantee: { URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] },
      'public-read',
    ],
    [
      'everyone, in the OBS form',
      {
        Owner: { ID: 'o' },
        Grants: [
          { Grantee: { URI: 'Everyone' }, Permission: 'WRITE' },
          { Grantee: { URI: 'Everyone' }, Permission: 'READ' },
        ],
      },
      'public-read-write',
    ],
    [
      'everyone may read the ACL only',
      { Owner: { ID: 'o' }, Grants: [{ Grantee: { URI: 'Everyone' }, Permission: 'READ_ACP' }] },
      'grants READ_ACP to everyone',
    ],
    [
      'any signed-in user',
      {
        Owner: { ID: 'o' },
        Grants: [{ Grantee: { URI: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers' }, Permission: 'READ' }],
      },
      'authenticated-read',
    ],
    ['another account', { Owner: { ID: 'o' }, Grants: [{ Grantee: { ID: 'other' }, Permission: 'READ' }] }, 'grants READ to account other'],
  ])('an ACL granting %s', (_name, body, acl) => {
    expect(cannedAcl(body)).toBe(acl);
  });

  test('settings that are not there are known to be absent; a lifecycle rule keeps its days', () => {
    const base = { scope: 's', address: 'obs/bucket/b', input: 'live' as const, source: { file: 'live' }, region: known(REGION) };
    const ok = (query: string, body: unknown) => ({
      service: 'obs' as const,
      method: 'GET' as const,
      path: '/b',
      query: { [query]: '' },
      status: 200,
      body,
      attempts: 1,
    });
    const none = (query: string, code: string) => ({
      ...ok(query, undefined),
      body: undefined,
      status: 404,
      error: { code, message: 'x' },
    });
    const b = bucketOf(
      'b',
      {
        acl: ok('acl', { Owner: { ID: 'o' }, Grants: [] }),
        policy: none('policy', 'NoSuchBucketPolicy'),
        versioning: ok('versioning', {}),
        encryption: none('encryption', 'NoSuchEncryptionConfiguration'),
        lifecycle: ok('lifecycle', {
          Rules: [{ Prefix: 'cts/', Status: 'Enabled', Expiration: { Days: '90' }, NoncurrentVersionExpiration: { NoncurrentDays: '' } }],
        }),
        storagePolicy: undefined,
      },
      base,
      'cn-north-4/p',
    );
    expect([b.acl, b.policy, b.versioning, b.encryption, b.sseAlgorithm, b.lifecycleRules]).toEqual([
      known('private'),
      known(undefined),
      known(false),
      known(false),
      known(undefined),
      known([{ enabled: true, prefix: 'cts/', expirationDays: 90 }]),
    ]);
  });

  test('a snapshot with no OBS answer (taken before buckets were read) still converts, the bucket reported as not checked', () => {
    const tracker = {
      tracker_name: 'system',
      tracker_type: 'system',
      status: 'enabled',
      project_id: PROJECT,
      obs_info: { bucket_name: BUCKET },
    };
    const input = snapshotToInput(
      {
        kind: 'cts-audit-snapshot',
        schemaVersion: 1,
        createdAt: '2026-11-25T12:00:00.000Z',
        tool: { name: 'cts-audit', version: '0.1.0' },
        cloud: 'myhuaweicloud.com',
        places: [
          {
            region: REGION,
            projectId: PROJECT,
            readAt: '2026-11-25T12:00:00.000Z',
            answers: [
              {
                service: 'cts',
                method: 'GET',
                path: '/v3/{project_id}/trackers',
                query: {},
                status: 200,
                body: { trackers: [tracker] },
                attempts: 1,
              },
            ],
          },
        ],
      },
      'old.json',
    );
    expect(input.elements.filter((e) => e.type === 'bucket')).toEqual([]);
    expect(input.diagnostics.map((d) => d.message).filter((m) => m.includes('bucket'))).toEqual([
      `the trace bucket ${BUCKET} of ${REGION}/${PROJECT} is not checked: it was not read through OBS (a snapshot taken before cts-audit read buckets, or not a valid bucket name); check the account again with --live, or pass the bucket's state (terraform show -json)`,
    ]);
  });
});
