/**
 * CTS's configuration, live (`GET /v3/{project_id}/configuration`): read for
 * every place, kept raw in the snapshot, and turned into one `configuration`
 * element per place, the same element a state's `huaweicloud_cts_configuration`
 * gives. An answer that failed, is missing or has another shape gives an
 * element that is unreadable, with the status, the code and what to do.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Answer, PATHS } from '../../lib/snapshot/answer';
import { snapshotToInput } from '../../lib/snapshot/convert';
import { Snapshot, parseSnapshot } from '../../lib/snapshot/schema';
import { loadPath } from '../../lib/load';
import { CtsConfiguration, Element } from '../../lib/model';
import { DEFAULT_AK, DEFAULT_SK, Emulator, endpointArgs, startEmulator } from '../support/emulator';
import { runCli } from '../cli/run-cli';

const REGION = 'cn-north-4';
const PROJECT = '45187796f8a6009c10b17f6e20cb26f2';
const WHERE = `${REGION}/${PROJECT}`;

const answer = (overrides: Partial<Answer>): Answer => ({
  service: 'cts',
  method: 'GET',
  path: PATHS.configuration,
  query: {},
  attempts: 1,
  ...overrides,
});

function snapshotWith(configuration: Answer | undefined, projectId: string | undefined = PROJECT): Snapshot {
  const ok = (path: string, body: unknown): Answer => ({ service: 'cts', method: 'GET', path, query: {}, status: 200, body, attempts: 1 });
  return {
    kind: 'cts-audit-snapshot',
    schemaVersion: 1,
    createdAt: '2026-12-04T12:00:00.000Z',
    tool: { name: 'cts-audit', version: '0.1.0' },
    cloud: 'myhuaweicloud.com',
    places: [
      {
        region: REGION,
        ...(projectId ? { projectId } : {}),
        readAt: '2026-12-04T12:00:00.000Z',
        answers: projectId
          ? [
              ok(PATHS.trackers, { trackers: [] }),
              ok(PATHS.notifications('smn'), { notifications: [] }),
              ok(PATHS.notifications('fun'), { notifications: [] }),
              ...(configuration ? [configuration] : []),
              { ...ok(PATHS.topics, { topics: [] }), service: 'smn', query: { offset: '0', limit: '100' } },
            ]
          : [
              {
                service: 'iam',
                method: 'GET',
                path: PATHS.projects,
                query: { name: REGION },
                status: 200,
                body: { projects: [] },
                attempts: 1,
              },
            ],
      },
    ],
  };
}

const configurationsOf = (elements: readonly Element[]) => elements.filter((e): e is CtsConfiguration => e.type === 'configuration');
const converted = (configuration: Answer | undefined, projectId?: string) =>
  configurationsOf(snapshotToInput(snapshotWith(configuration, projectId), 'snapshot.json').elements);
const values = (c: CtsConfiguration) => ({ readOnlyAll: c.readOnlyAll, readOnlyServices: c.readOnlyServices, syncGlobal: c.syncGlobal });

describe('the configuration answer becomes one element per place', () => {
  test('read-only logs on for the services listed: known values, with where it came from', () => {
    const [c, ...rest] = converted(
      answer({
        status: 200,
        body: { is_sync_global_trace: true, is_support_read_only: false, support_read_only_services: ['ModelArts', 'IAM'] },
      }),
    );
    expect(rest).toEqual([]);
    expect(c).toEqual({
      scope: `live:${WHERE}`,
      address: 'cts/configuration',
      input: 'live',
      source: { file: 'snapshot.json', pointer: '/places/0/answers/3' },
      region: { kind: 'known', value: REGION },
      project: PROJECT,
      readAt: '2026-12-04T12:00:00.000Z',
      type: 'configuration',
      readOnlyAll: { kind: 'known', value: false },
      readOnlyServices: { kind: 'known', value: ['ModelArts', 'IAM'] },
      syncGlobal: { kind: 'known', value: true },
    });
  });

  test('on for all services; no list and no is_sync_global_trace: the list is empty, the global flag unknown', () => {
    const [c] = converted(answer({ status: 200, body: { is_support_read_only: true } }));
    expect(c.unreadable).toBeUndefined();
    expect(values(c)).toEqual({
      readOnlyAll: { kind: 'known', value: true },
      readOnlyServices: { kind: 'known', value: [] },
      syncGlobal: { kind: 'unknown', reason: 'the CTS configuration does not say is_sync_global_trace' },
    });
  });

  test.each<[string, Answer | undefined, string]>([
    [
      '403 CTS.0002',
      answer({ status: 403, error: { code: 'CTS.0002', message: 'Permission denied.' } }),
      `the CTS configuration of ${WHERE}, which decides whether read-only operations are reported, could not be read: HTTP 403 CTS.0002 (Permission denied.); grant this identity read access to CTS and SMN in this project`,
    ],
    [
      '404 APIG.0101',
      answer({ status: 404, error: { code: 'APIG.0101', message: 'The API does not exist or has not been published in the environment' } }),
      `the CTS configuration of ${WHERE}, which decides whether read-only operations are reported, could not be read: HTTP 404 APIG.0101 (The API does not exist or has not been published in the environment); check the CTS endpoint (--endpoint cts=URL) and that CTS in this region offers its configuration (GET /v3/{project_id}/configuration)`,
    ],
    [
      'throttled to the end',
      answer({ status: 429, error: { code: 'APIG.0308', message: 'The request is throttled' }, attempts: 5 }),
      `the CTS configuration of ${WHERE}, which decides whether read-only operations are reported, could not be read: HTTP 429 APIG.0308 (The request is throttled) after 5 attempts; run the check again later`,
    ],
    [
      'not JSON',
      answer({ status: 200, error: { message: 'the answer is not valid JSON (Unexpected end of JSON input)' } }),
      `the CTS configuration of ${WHERE}, which decides whether read-only operations are reported, could not be read: HTTP 200 (the answer is not valid JSON (Unexpected end of JSON input))`,
    ],
    [
      'missing (a snapshot of an older cts-audit)',
      undefined,
      `the CTS configuration of ${WHERE}, which decides whether read-only operations are reported, was not read (a snapshot taken before cts-audit read it); check the account again with --live`,
    ],
  ])('%s: unreadable, every value unknown with the status, the code and what to do', (_name, a, reason) => {
    const [c] = converted(a);
    expect(c.unreadable).toBe(reason);
    expect(values(c)).toEqual({
      readOnlyAll: { kind: 'unknown', reason },
      readOnlyServices: { kind: 'unknown', reason },
      syncGlobal: { kind: 'unknown', reason },
    });
  });

  test.each<[string, unknown]>([
    ['a list', [{ is_support_read_only: true }]],
    ['is_support_read_only as a string', { is_support_read_only: 'true', support_read_only_services: [] }],
    ['no is_support_read_only', { support_read_only_services: ['ModelArts'] }],
    ['the services as a string', { is_support_read_only: false, support_read_only_services: 'ModelArts' }],
    ['a service that is not a name', { is_support_read_only: false, support_read_only_services: ['ModelArts', 7] }],
  ])('a body of another shape (%s) is unreadable, never read as off or on', (_name, body) => {
    const [c] = converted(answer({ status: 200, body }));
    expect(c.unreadable).toBe(
      `the CTS configuration of ${WHERE}, which decides whether read-only operations are reported, could not be read: the answer does not have the expected shape`,
    );
    expect(c.readOnlyAll.kind).toBe('unknown');
    expect(c.readOnlyServices.kind).toBe('unknown');
  });

  test('a region whose project IAM could not find: its configuration is unreadable too, saying to pass --project-id', () => {
    const [c] = converted(undefined, '');
    expect(c.address).toBe('cts/configuration/?');
    expect(c.unreadable).toMatch(
      /^the project of cn-north-4 could not be found through IAM .*; pass --project-id cn-north-4=<project id>$/,
    );
  });

  test('a snapshot holding the configuration answer validates and converts to the same element again', () => {
    const snapshot = snapshotWith(answer({ status: 200, body: { is_sync_global_trace: false, is_support_read_only: true } }));
    const again = parseSnapshot(JSON.parse(JSON.stringify(snapshot)), 'snapshot.json');
    expect(configurationsOf(snapshotToInput(again, 'snapshot.json').elements)).toEqual(
      configurationsOf(snapshotToInput(snapshot, 'snapshot.json').elements),
    );
  });
});

describe('live and offline give the same configuration', () => {
  test.each<[string, { is_support_read_only: boolean; support_read_only_services?: string[]; is_sync_global_trace: boolean }]>([
    ['on for ModelArts', { is_support_read_only: false, support_read_only_services: ['ModelArts', 'IAM'], is_sync_global_trace: true }],
    ['on for all', { is_support_read_only: true, support_read_only_services: [], is_sync_global_trace: false }],
    ['off', { is_support_read_only: false, is_sync_global_trace: true }],
  ])('%s: the live answer and the state of huaweicloud_cts_configuration give the same values', async (_name, body) => {
    const [live] = converted(answer({ status: 200, body }));
    const dir = mkdtempSync(join(tmpdir(), 'cts-audit-configuration-'));
    const state = {
      format_version: '1.0',
      terraform_version: '1.9.8',
      values: {
        root_module: {
          resources: [
            {
              address: 'huaweicloud_cts_configuration.this',
              mode: 'managed',
              type: 'huaweicloud_cts_configuration',
              name: 'this',
              provider_name: 'registry.terraform.io/huaweicloud/huaweicloud',
              schema_version: 0,
              // The provider reads an absent list as empty (PathSearch with an empty default).
              values: { id: 'b1d7f0a2', region: REGION, support_read_only_services: [], ...body },
            },
          ],
        },
      },
    };
    writeFileSync(join(dir, 'state.json'), JSON.stringify(state));
    const [offline] = configurationsOf((await loadPath(join(dir, 'state.json'), { cwd: dir })).flatMap((i) => i.elements));
    expect(values(offline)).toEqual(values(live));
  });
});

describe('against the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ credentials: { [DEFAULT_AK]: DEFAULT_SK } });
    // The account of the fixtures' trackers, which owns their trace buckets.
    emulator.setDomain(DEFAULT_AK, '45c393624036af3ceb71a1a9f0e47515');
  });
  afterAll(async () => {
    await emulator.close();
  });
  const env = { HW_ACCESS_KEY: DEFAULT_AK, HW_SECRET_KEY: DEFAULT_SK };
  const endpoints = () => endpointArgs(emulator);
  const covered = () => JSON.parse(readFileSync(join(__dirname, '../fixtures/live/01-all-covered/account.json'), 'utf8')).accounts[0].state;
  const live = ['--live', '--region', REGION, '--project-id', PROJECT];

  async function snapshotOf(state: Record<string, unknown>, dir: string, file: string) {
    emulator.setAccount(REGION, PROJECT, state);
    const r = await runCli(['check', ...live, ...endpoints(), '--format', 'json', '--save-snapshot', file], { cwd: dir, env });
    expect(r.stderr).toBe('');
    return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Snapshot;
  }

  test('the snapshot keeps the raw answer, signed and read once per place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cts-audit-configuration-'));
    const configuration = { is_sync_global_trace: true, is_support_read_only: false, support_read_only_services: ['ModelArts'] };
    const before = emulator.requests.length;
    const snapshot = await snapshotOf({ ...covered(), configuration }, dir, 'snapshot.json');
    expect(snapshot.places[0].answers.filter((a) => a.path === PATHS.configuration)).toEqual([
      { service: 'cts', method: 'GET', path: PATHS.configuration, query: {}, status: 200, body: configuration, attempts: 1 },
    ]);
    const reads = emulator.requests.slice(before).filter((r) => r.path === `/v3/${PROJECT}/configuration`);
    expect(reads.map((r) => [r.status, r.ak])).toEqual([[200, DEFAULT_AK]]);
  });

  test('an account state without a configuration answers 404 APIG.0101, kept in the snapshot as such', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cts-audit-configuration-'));
    const state = covered();
    delete state.configuration;
    const snapshot = await snapshotOf(state, dir, 'snapshot.json');
    const [kept] = snapshot.places[0].answers.filter((a) => a.path === PATHS.configuration);
    expect(kept).toMatchObject({ status: 404, error: { code: 'APIG.0101' }, attempts: 1 });
    expect(configurationsOf(snapshotToInput(snapshot, 'snapshot.json').elements)[0].unreadable).toContain('HTTP 404 APIG.0101');
  });

  test('diff reports a difference in read-only reporting, and a configuration it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cts-audit-configuration-'));
    await snapshotOf(covered(), dir, 'intended.json');
    const diff = async (state: Record<string, unknown>) => {
      emulator.setAccount(REGION, PROJECT, state);
      return runCli(['diff', 'intended.json', ...live, ...endpoints()], { cwd: dir, env });
    };

    const same = await diff(covered());
    expect([same.exitCode, same.stdout]).toEqual([0, 'no difference in what matters to coverage\n']);

    const others = await diff({
      ...covered(),
      configuration: { is_sync_global_trace: false, is_support_read_only: false, support_read_only_services: ['IAM', 'ECS'] },
    });
    expect(others.exitCode).toBe(1);
    expect(others.stdout).toBe(
      `${REGION}  configuration CTS: is_sync_global_trace is false deployed, true intended\n` +
        `${REGION}  configuration CTS: read-only reporting is ECS, IAM deployed, CTS, IAM, ModelArts intended\n`,
    );

    const all = await diff({ ...covered(), configuration: { ...covered().configuration, is_support_read_only: true } });
    expect(all.stdout).toBe(`${REGION}  configuration CTS: read-only reporting is all services deployed, CTS, IAM, ModelArts intended\n`);

    const denied = await diff({
      ...covered(),
      faults: {
        errorsByPath: [{ pathEndsWith: '/configuration', error: { status: 403, error_code: 'CTS.0002', error_msg: 'Permission denied.' } }],
      },
    });
    expect(denied.exitCode).toBe(1);
    expect(denied.stdout).toMatch(
      /^cn-north-4 {2}the deployed CTS configuration could not be read: the CTS configuration of .* HTTP 403 CTS\.0002/,
    );
  });

  test('diff against an intended side that sets no configuration does not compare it, readable or not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cts-audit-configuration-'));
    const state = covered();
    delete state.configuration;
    await snapshotOf(state, dir, 'intended.json');
    emulator.setAccount(REGION, PROJECT, state);
    const r = await runCli(['diff', 'intended.json', ...live, ...endpoints()], { cwd: dir, env });
    expect([r.exitCode, r.stdout]).toEqual([0, 'no difference in what matters to coverage\n']);
  });
});
