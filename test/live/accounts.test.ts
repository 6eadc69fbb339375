/**
 * Other accounts, through an IAM agency: the emulator issues temporary
 * credentials (CreateTemporaryAccessKeyByAgency, domain-level, signature
 * verified), answers each account's projects only to its own credentials,
 * and refuses a project of another account. Each account is judged apart,
 * labelled account/region/project; an agency that cannot be assumed makes
 * that account unknown; and the credentials never reach a report, a log, a
 * snapshot or a file.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountState, DEFAULT_AK, DEFAULT_DOMAIN_ID, DEFAULT_SK, Emulator, endpointArgs, startEmulator } from '../support/emulator';
import { trace } from '../support/traces';
import { runCli } from '../cli/run-cli';
import { expectEvery } from '../support/every';

const NOW = new Date('2026-11-25T12:00:00Z');
const REGION = 'cn-north-4';
const OTHER_REGION = 'ap-southeast-1';
const AGENCY = 'cts_audit_reader';
/** Two member accounts (covered, and with a disabled tracker), one without the agency. */
const PROD = { id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', name: 'acme-prod', project: 'a0000000000000000000000000000001' };
const DEV = { id: 'b1b2c3d4e5f60718293a4b5c6d7e8f91', name: 'acme-dev', project: 'b0000000000000000000000000000002' };
const LAB = { id: 'c1b2c3d4e5f60718293a4b5c6d7e8f92', name: 'acme-lab', project: 'c0000000000000000000000000000003' };
const FIXTURE = JSON.parse(readFileSync(join(__dirname, '../fixtures/live/01-all-covered/account.json'), 'utf8'));
const env = { HW_ACCESS_KEY: DEFAULT_AK, HW_SECRET_KEY: DEFAULT_SK };

/** The covered fixture's state moved to an account: its project, its domain, its own bucket. */
function covered(account: { id: string; project: string; name: string }, region = REGION): AccountState {
  const text = JSON.stringify(FIXTURE.accounts[0].state)
    .replaceAll(FIXTURE.accounts[0].projectId, account.project)
    .replaceAll(FIXTURE.domain, account.id)
    .replaceAll('cts-audit-traces-cn-north-4', `cts-audit-traces-${region}-${account.name}`)
    .replaceAll('cn-north-4', region);
  return JSON.parse(text) as AccountState;
}

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.setProjects(REGION, [
    { id: PROD.project, name: REGION, domain_id: PROD.id },
    { id: DEV.project, name: REGION, domain_id: DEV.id },
    { id: LAB.project, name: REGION, domain_id: LAB.id },
  ]);
  emulator.setAccount(REGION, PROD.project, covered(PROD));
  const dev = covered(DEV);
  dev.trackers![0].status = 'disabled';
  emulator.setAccount(REGION, DEV.project, dev);
  emulator.setAccount(REGION, LAB.project, covered(LAB));
  emulator.setOrganization(undefined);
});

// Registered once: the emulator keeps agencies for its lifetime.
beforeAll(() => {
  for (const a of [PROD, DEV]) emulator.addAgency({ domainId: a.id, domainName: a.name, name: AGENCY });
});

const organization = (e: Emulator) => ['--endpoint', `organizations=${e.url}/organizations/{region}`];

async function check(args: string[], cwd?: string, extraEnv: Record<string, string> = {}) {
  const r = await runCli(
    ['check', '--live', '--region', REGION, ...args, ...endpointArgs(emulator), ...organization(emulator), '--format', 'json'],
    {
      env: { ...env, ...extraEnv },
      now: NOW,
      ...(cwd ? { cwd } : {}),
    },
  );
  return { ...r, verdict: r.stdout.startsWith('{') ? JSON.parse(r.stdout) : undefined };
}

function statuses(verdict: { events: Array<{ region: string; status: string; account?: string }> }): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const e of verdict.events) (out[e.region] ??= new Set()).add(`${e.account ?? '-'}:${e.status}`);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort()]));
}

test('each account is read with its own temporary credentials and judged apart, labelled account/region/project', async () => {
  const before = emulator.issued.length;
  const r = await check(['--account', PROD.id, '--account', DEV.name, '--agency', AGENCY]);
  expect([r.exitCode, r.stderr]).toEqual([1, '']);
  expect(statuses(r.verdict)).toEqual({
    [`${PROD.id}/${REGION}/${PROD.project}`]: [`${PROD.id}:covered`],
    [`${DEV.name}/${REGION}/${DEV.project}`]: [`${DEV.name}:uncovered`],
  });
  expect(r.verdict.events[0]).toMatchObject({ account: PROD.id, project: PROD.project, region: `${PROD.id}/${REGION}/${PROD.project}` });
  const dev = r.verdict.events.find((e: { account: string }) => e.account === DEV.name);
  expect(dev.reasons.join(' ')).toContain('is disabled');
  expect(dev.locations[0].scope).toBe(`live:${DEV.name}/${REGION}/${DEV.project}`);

  // Two credentials issued, one per account, each asked for domain-level (the emulator refuses X-Project-Id there).
  const issued = emulator.issued.slice(before);
  expect(issued.map((c) => [c.domainId, c.agency, c.durationSeconds])).toEqual(
    expect.arrayContaining([
      [PROD.id, AGENCY, 900],
      [DEV.id, AGENCY, 900],
    ]),
  );
  const asked = emulator.requests.filter((q) => q.path === '/v3.0/OS-CREDENTIAL/securitytokens').slice(-2);
  expect(asked.map((q) => [q.method, q.status, q.ak])).toEqual([
    ['POST', 201, DEFAULT_AK],
    ['POST', 201, DEFAULT_AK],
  ]);
  // Each account's CTS, SMN, IAM and OBS requests were signed with that account's temporary key only.
  for (const c of issued) {
    const own = emulator.requests.filter((q) => q.ak === c.ak);
    expect(own.length).toBeGreaterThan(10);
    // Every answer a success, but the bucket policy the fixture does not set (404 NoSuchBucketPolicy).
    expect(own.filter((q) => q.status !== 200).map((q) => `${q.service} ${q.status} ${JSON.stringify(q.query)}`)).toEqual([
      'obs 404 {"policy":""}',
    ]);
    const project = c.domainId === PROD.id ? PROD.project : DEV.project;
    expectEvery(
      own.filter((q) => q.service === 'cts'),
      (q) => q.projectId === project,
      'CTS request',
    );
    expect(own.some((q) => q.service === 'obs')).toBe(true);
  }
});

test('an agency that cannot be assumed makes that account unknown, with the reason; the others are judged', async () => {
  const r = await check(['--account', PROD.name, '--account', LAB.id, '--agency', AGENCY, '--retries', '0']);
  expect([r.exitCode, r.stderr]).toEqual([1, '']);
  expect(statuses(r.verdict)).toEqual({
    [`${LAB.id}/${REGION}/?`]: [`${LAB.id}:unknown`],
    [`${PROD.name}/${REGION}/${PROD.project}`]: [`${PROD.name}:covered`],
  });
  const lab = r.verdict.events.find((e: { account: string }) => e.account === LAB.id);
  expect(lab.reasons[0]).toBe(
    `whether cts/tracker/? is enabled is unknown: the agency could not be assumed in account ${LAB.id}, so nothing of it was read: HTTP 403 EMULATOR.NO_AGENCY (The agency does not exist in that account, or does not trust the account of the caller.); check that the agency exists in that account, that it trusts this account, and that this identity may assume it`,
  );
  expect(lab).not.toHaveProperty('project');
});

test('the snapshot names each account in each place, and re-checks offline to the same verdict', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cts-audit-accounts-'));
  const r = await check(
    [
      '--account',
      PROD.id,
      '--account',
      DEV.name,
      '--account',
      LAB.name,
      '--agency',
      AGENCY,
      '--save-snapshot',
      'org.json',
      '--retries',
      '0',
    ],
    dir,
  );
  const snapshot = JSON.parse(readFileSync(join(dir, 'org.json'), 'utf8'));
  expect(
    snapshot.places.map((p: { account: string; accountId?: string; region: string; projectId?: string }) => [
      p.account,
      p.accountId,
      p.region,
      p.projectId,
    ]),
  ).toEqual([
    [PROD.id, PROD.id, REGION, PROD.project],
    [DEV.name, undefined, REGION, DEV.project],
    [LAB.name, undefined, REGION, undefined],
  ]);
  // The refused request is kept without a body: method, path, status and error only.
  expect(snapshot.places[2].answers).toEqual([
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
  const again = await runCli(['check', 'org.json', '--format', 'json'], { cwd: dir, now: NOW });
  expect(again.exitCode).toBe(r.exitCode);
  const offline = JSON.parse(again.stdout);
  expect(statuses(offline)).toEqual(statuses(r.verdict));
  expect(offline.findings).toEqual(
    r.verdict.findings.map((f: { location?: { source: { file: string } } }) =>
      f.location ? { ...f, location: { ...f.location, source: { ...f.location.source, file: 'org.json' } } } : f,
    ),
  );
});

test('credentials issued through the agency never reach a report, a log, a snapshot or a file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cts-audit-accounts-'));
  const before = emulator.issued.length;
  const outputs: string[] = [];
  for (const format of ['json', 'text', 'markdown', 'sarif', 'junit']) {
    const r = await runCli(
      [
        'check',
        '--live',
        '--region',
        REGION,
        '--account',
        PROD.id,
        '--account',
        DEV.id,
        '--agency',
        AGENCY,
        ...endpointArgs(emulator),
        '--format',
        format,
        '--save-snapshot',
        `snapshot-${format}.json`,
        '--traces',
        '--keep-trace-details',
        '--debug',
      ],
      { env, now: NOW, cwd: dir, isTTY: true },
    );
    outputs.push(r.stdout, r.stderr);
  }
  const evidence = await runCli(
    [
      'evidence',
      '--live',
      '--region',
      REGION,
      '--accounts',
      'accounts.txt',
      '--agency',
      AGENCY,
      ...endpointArgs(emulator),
      '--save-snapshot',
      'traces.json',
    ],
    { env, now: NOW, cwd: (writeFileSync(join(dir, 'accounts.txt'), `# members\n${PROD.name}\n${DEV.id}\n`), dir) },
  );
  expect([evidence.exitCode, evidence.stderr]).toEqual([0, '']);
  outputs.push(evidence.stdout, evidence.stderr);
  const issued = emulator.issued.slice(before);
  expect(issued).toHaveLength(12);
  const files = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
  expect(files).toHaveLength(7);
  for (const text of [...outputs, ...files]) {
    for (const c of issued) {
      expect(text).not.toContain(c.ak);
      expect(text).not.toContain(c.sk);
      expect(text).not.toContain(c.token);
    }
    expect(text).not.toContain(DEFAULT_SK);
    expect(text).not.toMatch(/securitytoken"|X-Security-Token|SDK-HMAC-SHA256 Access/i);
  }
});

test('--organization reads every account the organization lists (paged), through the agency', async () => {
  const members = Array.from({ length: 203 }, (_, i) => ({ id: `d${String(i).padStart(31, '0')}`, name: `member-${i}` }));
  emulator.setOrganization({ managementDomainId: DEFAULT_DOMAIN_ID, accounts: [{ id: PROD.id, name: PROD.name }, ...members] });
  const r = await check(['--organization', '--agency', AGENCY, '--retries', '0', '--concurrency', '32']);
  expect([r.exitCode, r.stderr]).toEqual([1, '']);
  const places = Object.keys(statuses(r.verdict));
  expect(places).toHaveLength(204);
  expect(places).toContain(`${PROD.name}/${REGION}/${PROD.project}`);
  expect(places).toContain(`member-202/${REGION}/?`);
  const pages = emulator.requests.filter((q) => q.service === 'organizations').slice(-2);
  expect(pages.map((q) => [q.query.limit, q.query.marker])).toEqual([
    ['200', undefined],
    ['200', members[198].id],
  ]);
});

test('--organization ID: the credentials must belong to that organization, or nothing is read', async () => {
  emulator.setOrganization({ id: 'o-acme0001', managementDomainId: DEFAULT_DOMAIN_ID, accounts: [{ id: PROD.id, name: PROD.name }] });
  const r = await check(['--organization', 'o-acme0001', '--agency', AGENCY]);
  expect([r.exitCode, r.stderr, Object.keys(statuses(r.verdict))]).toEqual([0, '', [`${PROD.name}/${REGION}/${PROD.project}`]]);
  const before = emulator.issued.length;
  const other = await check(['--organization', 'o-other0002', '--agency', AGENCY]);
  expect([other.exitCode, other.stdout, other.stderr]).toEqual([
    2,
    '',
    'cts-audit: --organization: the credentials belong to organization o-acme0001, not o-other0002: nothing was read\n',
  ]);
  expect(emulator.issued.length).toBe(before);
  const bad = await check(['--organization', 'o acme', '--agency', AGENCY]);
  expect([bad.exitCode, bad.stderr]).toEqual([2, 'cts-audit: --organization: "o acme" is not an organization id (e.g. o-1a2b3c4d)\n']);
});

test('--organization refused (not the management account): one line, exit 2', async () => {
  emulator.setOrganization({ managementDomainId: PROD.id, accounts: [{ id: DEV.id, name: DEV.name }] });
  const r = await check(['--organization', '--agency', AGENCY, '--retries', '0']);
  expect([r.exitCode, r.stdout, r.stderr]).toEqual([
    2,
    '',
    "cts-audit: --organization: the accounts of the organization could not be listed: HTTP 403 EMULATOR.NOT_MANAGEMENT (Only the management account of an organization (or a delegated administrator) can list its accounts.); run as the organization's management account (or a delegated administrator), or name the accounts with --account or --accounts\n",
  ]);
});

test('evidence --live for other accounts labels each place account/region/project', async () => {
  const prod = covered(PROD);
  prod.traces = [trace('createNotebook', { now: NOW, minutesAgo: 5 })];
  emulator.setAccount(REGION, PROD.project, prod);
  const r = await runCli(
    [
      'evidence',
      '--live',
      '--region',
      REGION,
      '--account',
      PROD.name,
      '--account',
      DEV.name,
      '--agency',
      AGENCY,
      ...endpointArgs(emulator),
      '--format',
      'json',
    ],
    { env, now: NOW },
  );
  expect([r.exitCode, r.stderr]).toEqual([0, '']);
  const report = JSON.parse(r.stdout);
  expect(report.places.map((p: { label: string; account: string }) => [p.label, p.account])).toEqual([
    [`${PROD.name}/${REGION}/${PROD.project}`, PROD.name],
    [`${DEV.name}/${REGION}/${DEV.project}`, DEV.name],
  ]);
  expect(report.places[0].rows[0]).toMatchObject({ event: 'createNotebook', status: 'seen', count: 1 });
  expect(report.places[1].rows[0]).toMatchObject({ event: 'createNotebook', status: 'not-seen' });
});

test('several regions of an account: one credential, every region read with it', async () => {
  emulator.setProjects(OTHER_REGION, [{ id: 'a0000000000000000000000000000011', name: OTHER_REGION, domain_id: PROD.id }]);
  emulator.setAccount(
    OTHER_REGION,
    'a0000000000000000000000000000011',
    covered({ ...PROD, project: 'a0000000000000000000000000000011' }, OTHER_REGION),
  );
  const before = emulator.issued.length;
  const r = await check(['--region', OTHER_REGION, '--account', PROD.id, '--agency', AGENCY]);
  expect([r.exitCode, r.stderr]).toEqual([0, '']);
  expect(Object.keys(statuses(r.verdict)).sort()).toEqual([
    `${PROD.id}/${OTHER_REGION}/a0000000000000000000000000000011`,
    `${PROD.id}/${REGION}/${PROD.project}`,
  ]);
  expect(emulator.issued.length - before).toBe(1);
});

describe('bad input: one line, exit 2, nothing read', () => {
  test.each<[string, string[], string]>([
    [
      'an account without an agency',
      ['--account', PROD.id],
      'cts-audit: --agency: required with --account: the IAM agency to assume in each account, e.g. --agency cts_audit_reader\n',
    ],
    [
      'an agency without an account',
      ['--agency', AGENCY],
      'cts-audit: --agency: only applies with --account, --accounts or --organization\n',
    ],
    [
      'an account that is neither an id nor a name',
      ['--account', 'acme prod', '--agency', AGENCY],
      'cts-audit: --account: "acme prod" is neither an account id (32 hexadecimal digits) nor an account name (a letter, then letters, digits, -, _ or .)\n',
    ],
    [
      'an agency name that is not one',
      ['--account', PROD.id, '--agency', 'a/b'],
      'cts-audit: --agency: "a/b" is not an agency name (1 to 64 letters, digits, spaces, -, _ or .)\n',
    ],
    [
      'a project id with accounts',
      ['--account', PROD.id, '--agency', AGENCY, '--project-id', PROD.project],
      "cts-audit: --project-id: does not apply with --account: each account's projects are found through IAM\n",
    ],
    [
      'an accounts file that does not exist',
      ['--accounts', 'nowhere.txt', '--agency', AGENCY],
      'cts-audit: nowhere.txt: cannot read file (ENOENT)\n',
    ],
  ])('%s', async (_name, args, message) => {
    const before = emulator.requests.length;
    const r = await check(args, mkdtempSync(join(tmpdir(), 'cts-audit-accounts-')));
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([2, '', message]);
    expect(emulator.requests.length).toBe(before);
  });

  test('a bad line of an accounts file is named by its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cts-audit-accounts-'));
    writeFileSync(join(dir, 'accounts.txt'), `${PROD.id}\n\n# a comment\n12345\n`);
    writeFileSync(join(dir, 'empty.txt'), '# nobody\n');
    writeFileSync(join(dir, 'accounts.json'), JSON.stringify([PROD.id, 7]));
    const r = await check(['--accounts', 'accounts.txt', '--agency', AGENCY], dir);
    expect([r.exitCode, r.stderr]).toEqual([
      2,
      'cts-audit: accounts.txt: line 4: "12345" is neither an account id (32 hexadecimal digits) nor an account name (a letter, then letters, digits, -, _ or .)\n',
    ]);
    const empty = await check(['--accounts', 'empty.txt', '--agency', AGENCY], dir);
    expect(empty.stderr).toBe('cts-audit: empty.txt: lists no account: write one account id or name a line\n');
    const json = await check(['--accounts', 'accounts.json', '--agency', AGENCY], dir);
    expect(json.stderr).toBe('cts-audit: accounts.json: [1]: an account is a string: its id or its name\n');
  });

  test('accounts without --live', async () => {
    const r = await runCli(['check', 'x.json', '--account', PROD.id, '--agency', AGENCY], { env });
    expect([r.exitCode, r.stderr]).toEqual([2, 'cts-audit: --account: only applies with --live\n']);
  });
});
