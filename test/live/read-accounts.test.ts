/**
 * readAccount over other accounts, called as a library (the CLI checks some of
 * the same settings first, so these are the checks a library user meets):
 * settings that do not apply, an organization that lists nobody, the order of
 * the places whatever the concurrency, each account once, progress over
 * accounts × regions, and an account whose agency is refused recorded in every
 * region, against the loopback emulator.
 */
import { InputError } from '../../lib/errors';
import { LiveSettings, ReadContext, readAccount } from '../../lib/live';
import { DEFAULT_AK, DEFAULT_DOMAIN_ID, DEFAULT_SK, Emulator, startEmulator } from '../support/emulator';

const REGION = 'cn-north-4';
const OTHER = 'ap-southeast-1';
const AGENCY = 'reader';
const NOW = new Date('2026-11-25T12:00:00Z');
const A = { id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', name: 'acme-a', project: 'a0000000000000000000000000000001' };
const B = { id: 'b1b2c3d4e5f60718293a4b5c6d7e8f91', name: 'acme-b', project: 'b0000000000000000000000000000002' };
const C = { id: 'c1b2c3d4e5f60718293a4b5c6d7e8f92', name: 'acme-c', project: 'c0000000000000000000000000000003' };
const env = { HW_ACCESS_KEY: DEFAULT_AK, HW_SECRET_KEY: DEFAULT_SK };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
  for (const a of [A, B, C]) emulator.addAgency({ domainId: a.id, domainName: a.name, name: AGENCY });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.setProjects(
    REGION,
    [A, B, C].map((a) => ({ id: a.project, name: REGION, domain_id: a.id })),
  );
  for (const a of [A, B, C]) emulator.setAccount(REGION, a.project, {});
  emulator.setOrganization(undefined);
});

function settings(extra: Partial<LiveSettings>): LiveSettings {
  return {
    regions: [REGION],
    projectIds: [],
    endpoints: [
      ...(['cts', 'smn', 'iam'] as const).map((s) => `${s}=${emulator.url}/${s}/{region}`),
      `obs=${emulator.obsUrl}`,
      `organizations=${emulator.url}/organizations/{region}`,
    ],
    retries: 0,
    agency: AGENCY,
    ...extra,
  };
}

function context(progress?: Array<[number, number]>): ReadContext {
  return {
    now: () => NOW,
    tool: { name: 'cts-audit', version: 'test' },
    ...(progress ? { progress: (done: number, total: number) => progress.push([done, total]) } : {}),
  };
}

async function refusal(run: () => Promise<unknown>): Promise<string> {
  const before = emulator.requests.length;
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  // Settings that do not apply are refused before anything is asked.
  return `${(error as Error).message}${emulator.requests.length === before ? '' : ' (after a request)'}`;
}

test('a project id does not apply to other accounts; other accounts need an agency', async () => {
  expect(
    await refusal(() => readAccount(settings({ accounts: [{ label: A.name, name: A.name }], projectIds: [A.project] }), env, context())),
  ).toBe("--project-id: does not apply to other accounts: each account's projects are found through IAM");
  expect(
    await refusal(() => readAccount(settings({ accounts: [{ label: A.name, name: A.name }], agency: undefined }), env, context())),
  ).toBe('--agency: required with --account, --accounts or --organization');
  expect(await refusal(() => readAccount(settings({ organization: true, agency: undefined }), env, context()))).toBe(
    '--agency: required with --account, --accounts or --organization',
  );
});

test('an organization that lists no account: one line, nothing else read', async () => {
  emulator.setOrganization({ managementDomainId: DEFAULT_DOMAIN_ID, accounts: [] });
  const before = emulator.issued.length;
  await expect(readAccount(settings({ organization: true }), env, context())).rejects.toThrow(
    new InputError('--organization', '', 'the organization lists no account'),
  );
  expect(emulator.issued.length).toBe(before);
});

test('the places keep the order of the accounts, one at a time or all at once; each account once; HW_PROJECT_ID is not theirs', async () => {
  const accounts = [
    { label: C.name, name: C.name },
    { label: A.id, id: A.id },
    { label: B.name, name: B.name },
    { label: 'again', name: C.name },
  ];
  for (const concurrency of [1, 8]) {
    const snapshot = await readAccount(settings({ accounts, concurrency }), { ...env, HW_PROJECT_ID: B.project }, context());
    expect(snapshot.places.map((p) => [p.account, p.accountId, p.region, p.projectId])).toEqual([
      [C.name, undefined, REGION, C.project],
      [A.id, A.id, REGION, A.project],
      [B.name, undefined, REGION, B.project],
    ]);
  }
});

test('an agency refused in an account: that account in every region, with the refused answer and the time; progress over accounts × regions', async () => {
  emulator.setProjects(OTHER, [{ id: 'a0000000000000000000000000000011', name: OTHER, domain_id: A.id }]);
  emulator.setAccount(OTHER, 'a0000000000000000000000000000011', {});
  const progress: Array<[number, number]> = [];
  const nobody = 'd1b2c3d4e5f60718293a4b5c6d7e8f93';
  const snapshot = await readAccount(
    settings({
      regions: [REGION, OTHER],
      accounts: [
        { label: 'nobody', id: nobody },
        { label: A.name, name: A.name },
      ],
      concurrency: 1,
    }),
    env,
    context(progress),
  );
  expect(snapshot.places.map((p) => [p.account, p.accountId, p.region, p.projectId, p.readAt])).toEqual([
    ['nobody', nobody, REGION, undefined, NOW.toISOString()],
    ['nobody', nobody, OTHER, undefined, NOW.toISOString()],
    [A.name, undefined, REGION, A.project, NOW.toISOString()],
    [A.name, undefined, OTHER, 'a0000000000000000000000000000011', NOW.toISOString()],
  ]);
  expect(snapshot.places[0].answers).toEqual([
    {
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
  ]);
  expect(snapshot.places[1].answers).toEqual(snapshot.places[0].answers);
  expect(progress).toEqual([
    [1, 4],
    [2, 4],
    [3, 4],
    [4, 4],
  ]);
  expect(snapshot).toMatchObject({ kind: 'cts-audit-snapshot', tool: { name: 'cts-audit', version: 'test' }, cloud: 'myhuaweicloud.com' });
});

test('accounts named and the organization together: each account once', async () => {
  emulator.setOrganization({
    managementDomainId: DEFAULT_DOMAIN_ID,
    accounts: [
      { id: A.id, name: A.name },
      { id: B.id, name: B.name },
    ],
  });
  const snapshot = await readAccount(settings({ accounts: [{ label: B.id, id: B.id }], organization: true }), env, context());
  expect(snapshot.places.map((p) => p.account)).toEqual([B.id, A.name]);
});
