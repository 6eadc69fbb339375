/**
 * The live client's parts for many accounts: a client per account that shares
 * the concurrency and the connection pools (OBS's too), domain-level requests
 * signed without a project, and the agency request's body.
 */
import { Agent } from 'node:http';
import { LiveClient } from '../../lib/live/client';
import { assumeAgency, assumeRoleBody, organizationAccounts } from '../../lib/live/accounts';
import { DEFAULT_AK, DEFAULT_DOMAIN_ID, DEFAULT_SK, Emulator, startEmulator } from '../support/emulator';

const REGION = 'cn-north-4';
const MEMBER = { id: 'e1b2c3d4e5f60718293a4b5c6d7e8f93', name: 'acme-ml' };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
  emulator.addAgency({ domainId: MEMBER.id, domainName: MEMBER.name, name: 'reader' });
});
afterAll(async () => {
  await emulator.close();
});

function client(concurrency = 2): LiveClient {
  return new LiveClient({
    credentials: { accessKey: DEFAULT_AK, secretKey: DEFAULT_SK },
    endpoint: (service, region) => (service === 'obs' ? emulator.obsUrl : `${emulator.url}/${service}/${region}`),
    concurrency,
    retries: 0,
  });
}

test('the agency request: methods assume_role, the agency, the account by id or by name, 15 minutes', () => {
  expect(assumeRoleBody({ label: MEMBER.id, id: MEMBER.id }, 'reader')).toEqual({
    auth: { identity: { methods: ['assume_role'], assume_role: { agency_name: 'reader', domain_id: MEMBER.id, duration_seconds: 900 } } },
  });
  expect(assumeRoleBody({ label: MEMBER.name, name: MEMBER.name }, 'reader')).toEqual({
    auth: {
      identity: { methods: ['assume_role'], assume_role: { agency_name: 'reader', domain_name: MEMBER.name, duration_seconds: 900 } },
    },
  });
});

test('temporary credentials are signed for domain-level, and work for the account they were issued in only', async () => {
  const c = client();
  try {
    const assumed = await assumeAgency(c, REGION, { label: MEMBER.name, name: MEMBER.name }, 'reader');
    expect('credentials' in assumed).toBe(true);
    if (!('credentials' in assumed)) return;
    const issued = emulator.issued[emulator.issued.length - 1];
    expect(assumed.credentials).toEqual({ accessKey: issued.ak, secretKey: issued.sk, securityToken: issued.token });
    emulator.setProjects(REGION, [
      { id: 'e0000000000000000000000000000004', name: REGION, domain_id: MEMBER.id },
      { id: 'f0000000000000000000000000000005', name: REGION },
    ]);
    const member = c.as(assumed.credentials);
    const projects = await member.get('iam', REGION, undefined, '/v3/projects', { name: REGION });
    expect((projects.body as { projects: Array<{ id: string }> }).projects.map((p) => p.id)).toEqual(['e0000000000000000000000000000004']);
    // A project of another account is refused to these credentials.
    emulator.setAccount(REGION, 'f0000000000000000000000000000005', {});
    const other = await member.get('cts', REGION, 'f0000000000000000000000000000005', '/v3/{project_id}/trackers');
    expect([other.status, other.error?.code]).toEqual([401, 'APIG.0301']);
    member.close();
    // The parent's pools stay open for the other accounts.
    const again = await c.get('iam', REGION, undefined, '/v3/projects', { name: REGION });
    expect(again.status).toBe(200);
  } finally {
    c.close();
  }
});

test('X-Domain-Id, when the account of the credentials is known (HW_DOMAIN_ID), is signed in and must be theirs', async () => {
  const make = (domainId: string) =>
    new LiveClient({
      credentials: { accessKey: DEFAULT_AK, secretKey: DEFAULT_SK },
      domainId,
      endpoint: (service, region) => `${emulator.url}/${service}/${region}`,
      retries: 0,
    });
  const [right, wrong] = [make(DEFAULT_DOMAIN_ID), make(MEMBER.id)];
  try {
    expect('credentials' in (await assumeAgency(right, REGION, { label: MEMBER.id, id: MEMBER.id }, 'reader'))).toBe(true);
    const refused = await assumeAgency(wrong, REGION, { label: MEMBER.id, id: MEMBER.id }, 'reader');
    expect('refused' in refused && [refused.refused.status, refused.refused.error?.code]).toEqual([401, 'EMULATOR.DOMAIN_MISMATCH']);
  } finally {
    right.close();
    wrong.close();
  }
});

test('a refused agency gives the answer without a body; a refused organization listing is one line', async () => {
  const c = client();
  try {
    const refused = await assumeAgency(c, REGION, { label: 'x', name: 'nobody-here' }, 'reader');
    expect(refused).toEqual({
      refused: {
        service: 'iam',
        method: 'POST',
        path: '/v3.0/OS-CREDENTIAL/securitytokens',
        query: {},
        status: 403,
        error: {
          code: 'EMULATOR.NO_AGENCY',
          message: 'The agency does not exist in that account, or does not trust the account of the caller.',
        },
        attempts: 1,
      },
    });
    emulator.setOrganization({ managementDomainId: DEFAULT_DOMAIN_ID, accounts: [{ id: MEMBER.id, name: MEMBER.name }] });
    expect(await organizationAccounts(c, REGION)).toEqual([{ label: MEMBER.name, id: MEMBER.id }]);
    emulator.setOrganization(undefined);
    await expect(organizationAccounts(c, REGION)).rejects.toThrow(
      /^--organization: the accounts of the organization could not be listed: HTTP 403/,
    );
  } finally {
    c.close();
  }
});

test('clients of several accounts share one concurrency', async () => {
  const c = client(2);
  const others = [c.as({ accessKey: DEFAULT_AK, secretKey: DEFAULT_SK }), c.as({ accessKey: DEFAULT_AK, secretKey: DEFAULT_SK })];
  emulator.setAccount('iam-slow', '', { faults: { latencyMs: 30 } });
  emulator.resetPeak();
  try {
    await Promise.all([c, ...others].flatMap((x) => Array.from({ length: 4 }, () => x.get('iam', 'iam-slow', undefined, '/v3/projects'))));
    expect(emulator.peakInFlight()).toBe(2);
  } finally {
    c.close();
  }
});

test("OBS reads keep their connections alive in the client's pool", async () => {
  emulator.setAccount(REGION, 'e0000000000000000000000000000004', { buckets: { 'acme-ml-traces': { versioning: 'Enabled' } } });
  const c = client();
  try {
    const a = await c.obs(REGION, 'acme-ml-traces', 'versioning');
    const b = await c.obs(REGION, 'acme-ml-traces', 'acl');
    expect([a.status, b.status]).toEqual([200, 200]);
    const pool = (c as unknown as { agents: { http: Agent } }).agents.http;
    expect(Object.values(pool.freeSockets).flat().length).toBe(1);
  } finally {
    c.close();
  }
});
