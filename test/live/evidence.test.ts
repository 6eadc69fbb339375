/**
 * `cts-audit evidence`: CTS's own traces of each event of the table, read
 * from the emulator (which verifies every signature), reported per place,
 * kept in the snapshot without who, where from or what, and reported again
 * offline from it.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountState, DEFAULT_AK, DEFAULT_SK, Emulator, endpointArgs, startEmulator } from '../support/emulator';
import { PRIVATE, trace, traces } from '../support/traces';
import { runCli } from '../cli/run-cli';
import { expectEvery } from '../support/every';

const NOW = new Date('2026-11-25T12:00:00Z');
const REGION = 'cn-north-4';
const PROJECT = '45187796f8a6009c10b17f6e20cb26f2';
const env = { HW_ACCESS_KEY: DEFAULT_AK, HW_SECRET_KEY: DEFAULT_SK };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

/** An account whose traces show some events, one name the table does not know, and one that differs by case. */
function account(): AccountState {
  return {
    configuration: { is_sync_global_trace: true, is_support_read_only: false, support_read_only_services: [] },
    traces: [
      trace('createNotebook', { now: NOW, minutesAgo: 60, readOnly: false }),
      trace('createNotebook', { now: NOW, minutesAgo: 30, readOnly: false }),
      trace('createNotebook', { now: NOW, minutesAgo: 3 * 24 * 60, readOnly: false }),
      trace('startNotebook', { now: NOW, minutesAgo: 5, readOnly: true }),
      trace('listNotebookImage', { resourceType: 'NotebookImage', now: NOW, minutesAgo: 2, readOnly: true }),
      trace('create_instance', { now: NOW, minutesAgo: 15, readOnly: false }),
      trace('listAllNotebook', { now: NOW, minutesAgo: 16, readOnly: true }),
      // Outside the window: 8 days ago.
      trace('deleteNotebook', { now: NOW, minutesAgo: 8 * 24 * 60, readOnly: false }),
      // Another service: not this table's.
      trace('createServer', { service: 'ECS', resourceType: 'Notebook', now: NOW, minutesAgo: 1 }),
    ],
  };
}

const live = ['--live', '--region', REGION, '--project-id', PROJECT];

async function evidence(args: string[], state: AccountState = account(), cwd?: string) {
  emulator.setAccount(REGION, PROJECT, state);
  const r = await runCli(['evidence', ...args, ...endpointArgs(emulator)], { env, now: NOW, ...(cwd ? { cwd } : {}) });
  return { ...r, report: r.stdout.startsWith('{') ? JSON.parse(r.stdout) : undefined };
}

const row = (report: { places: Array<{ rows: Array<{ event: string }> }> }, event: string, place = 0) =>
  report.places[place].rows.find((r) => r.event === event) as Record<string, unknown>;

test('each event: seen or not, how often, when last, and how CTS marked it; names the table does not know', async () => {
  const r = await evidence([...live, '--format', 'json']);
  expect([r.exitCode, r.stderr]).toEqual([0, '']);
  const { report } = r;
  expect(report).toMatchObject({
    kind: 'cts-audit-evidence',
    schemaVersion: 1,
    tables: [{ id: 'modelarts-notebook', service: 'ModelArts' }],
  });
  expect(report.places).toHaveLength(1);
  expect(report.places[0]).toMatchObject({
    label: REGION,
    region: REGION,
    project: PROJECT,
    window: { from: '2026-11-18T12:00:00.000Z', to: '2026-11-25T12:00:00.000Z' },
  });
  expect(row(report, 'createNotebook')).toMatchObject({
    id: 'ModelArts/Notebook/createNotebook',
    status: 'seen',
    count: 3,
    complete: true,
    lastSeen: '2026-11-25T11:30:00.000Z',
    ctsReadOnly: 'no',
    readOnly: false,
    notes: [],
  });
  // CTS marks it read-only where the table says it is a write: said, not judged.
  expect(row(report, 'startNotebook')).toMatchObject({
    status: 'seen',
    count: 1,
    ctsReadOnly: 'yes',
    notes: ['CTS marks its traces read-only, where the table says it changes something'],
  });
  expect(row(report, 'listNotebookImage')).toMatchObject({ status: 'seen', ctsReadOnly: 'yes', readOnly: true });
  // Deleted 8 days ago: outside the window, so not seen; and a read-only event where read-only logs are off.
  expect(row(report, 'deleteNotebook')).toMatchObject({ status: 'not-seen', count: 0, complete: true });
  expect(row(report, 'deleteNotebook')).not.toHaveProperty('lastSeen');
  expect(row(report, 'listallNotebook')).toMatchObject({
    status: 'not-seen',
    notes: ['read-only operations of ModelArts are not reported in this place (CTS configuration): CTS would not record it'],
  });
  expect(report.places[0].unlisted).toEqual([
    {
      service: 'ModelArts',
      resourceType: 'Notebook',
      event: 'create_instance',
      count: 1,
      complete: true,
      lastSeen: '2026-11-25T11:45:00.000Z',
      ctsReadOnly: 'no',
    },
    {
      service: 'ModelArts',
      resourceType: 'Notebook',
      event: 'listAllNotebook',
      count: 1,
      complete: true,
      lastSeen: '2026-11-25T11:44:00.000Z',
      ctsReadOnly: 'yes',
      nearMiss: 'listallNotebook',
    },
  ]);
  expect(report.summary).toEqual({ places: 1, rows: 22, seen: 3, notSeen: 19, unknown: 0, incomplete: 0, unlisted: 2 });

  // One query per event (22) and per resource type (6), each a system-trace query over the window, 200 a page.
  const asked = emulator.requests.filter((q) => q.path.endsWith('/traces') && q.projectId === PROJECT).slice(-28);
  expect(asked.filter((q) => q.query.trace_name !== undefined)).toHaveLength(22);
  expectEvery(
    asked,
    (q) => q.query.trace_type === 'system' && q.query.limit === '200' && q.query.from === String(NOW.getTime() - 7 * 86_400_000),
    'traces query',
  );
  expectEvery(asked, (q) => q.status === 200, 'traces query');
});

test('the text report says each of it, and that an event not seen is not proven either way', async () => {
  const r = await evidence(live);
  expect([r.exitCode, r.stderr]).toEqual([0, '']);
  expect(r.stdout).toContain('Trace evidence from CTS (management traces), 2026-11-18T12:00:00.000Z to 2026-11-25T12:00:00.000Z');
  expect(r.stdout).toContain(`\n${REGION} (project ${PROJECT})\n`);
  expect(r.stdout).toMatch(/^ {2}seen +3 {2}ModelArts\/Notebook\/createNotebook +last 2026-11-25T11:30:00\.000Z; read_only: no$/m);
  expect(r.stdout).toMatch(/^ {2}not seen +0 {2}ModelArts\/Notebook\/deleteNotebook +no trace in the window: not proven either way$/m);
  expect(r.stdout).toMatch(
    /^ {2}not seen +0 {2}ModelArts\/Notebook\/getNotebook +no trace in the window: not proven either way; read-only operations of ModelArts are not reported in this place \(CTS configuration\): CTS would not record it$/m,
  );
  expect(r.stdout).toMatch(
    /^ {2}not in the tables:\n +1 {2}ModelArts\/Notebook\/create_instance +last 2026-11-25T11:45:00\.000Z; read_only: no$/m,
  );
  expect(r.stdout).toMatch(
    /^ +1 {2}ModelArts\/Notebook\/listAllNotebook +last .*; read_only: yes; differs only by case from listallNotebook$/m,
  );
  expect(r.stdout).toContain(
    '22 events in 1 place: 3 seen, 19 not seen (not proven either way: an operation nobody performed leaves no trace), 0 unknown; 2 trace names not in the tables.',
  );
  const md = await evidence([...live, '--format', 'markdown']);
  expect(md.stdout).toContain('| `ModelArts/Notebook/createNotebook` | seen | 3 | 2026-11-25T11:30:00.000Z | no |  |');
  expect(md.stdout).toContain('| `ModelArts/Notebook/create_instance` | 1 | 2026-11-25T11:45:00.000Z | no |  |');
});

test('--fail-on-unseen: exit 1 when an event was not seen; without it, exit 0', async () => {
  expect((await evidence([...live, '--fail-on-unseen'])).exitCode).toBe(1);
  const all = account();
  const events = JSON.parse(readFileSync(join(__dirname, '../../policies/modelarts-notebook.json'), 'utf8')).operations as Array<{
    resourceType: string;
    traceName: string;
  }>;
  all.traces = events.map((e, i) => trace(e.traceName, { resourceType: e.resourceType, now: NOW, minutesAgo: i + 1 }));
  const r = await evidence([...live, '--fail-on-unseen', '--format', 'json'], all);
  expect([r.exitCode, r.report.summary.seen, r.report.summary.notSeen]).toEqual([0, 22, 0]);
});

test('one busy operation does not crowd out the others: its count stops at the page bound, which is reported', async () => {
  const busy = account();
  busy.traces = [...(busy.traces ?? []), ...traces('listNotebook', 450, { now: NOW, readOnly: true })];
  emulator.resetPeak();
  const r = await evidence([...live, '--max-pages', '2', '--format', 'json'], busy);
  expect(r.exitCode).toBe(0);
  expect(row(r.report, 'listNotebook')).toMatchObject({
    status: 'seen',
    count: 400,
    complete: false,
    pages: 2,
    reason: 'the bound of 2 pages was reached: there are more (raise --max-pages to count them)',
  });
  // Queried by its own name, createNotebook is counted exactly however busy listNotebook is.
  expect(row(r.report, 'createNotebook')).toMatchObject({ count: 3, complete: true, pages: 1 });
  const search = r.report.places[0].searches.find((s: { resourceType: string }) => s.resourceType === 'Notebook');
  expect(search).toEqual({
    service: 'ModelArts',
    resourceType: 'Notebook',
    status: 'read',
    pages: 2,
    complete: false,
    reason: 'the bound of 2 pages was reached: there are more (raise --max-pages to count them)',
  });
  // The second page was asked for with the first page's marker.
  const pages = emulator.requests.filter((q) => q.query.trace_name === 'listNotebook').slice(-2);
  expect(pages[0].query.next).toBeUndefined();
  expect(pages[1].query.next).toMatch(/^7f3c/);
  const text = await evidence([...live, '--max-pages', '2'], busy);
  expect(text.stdout).toMatch(/^ {2}seen +>=400 {2}ModelArts\/Notebook\/listNotebook +last .*the bound of 2 pages was reached/m);
  expect(text.stdout).toContain('search of ModelArts/Notebook for names not in the tables: the bound of 2 pages was reached');
  expect(text.stdout).toContain('; 2 counts stopped at a bound (at least).');
});

test('a query CTS refuses makes that event unknown, with the status and what to do; the others are still read', async () => {
  const state = account();
  state.faults = {
    errorsByQuery: [
      { query: { trace_name: 'createNotebook' }, error: { status: 403, error_code: 'CTS.0002', error_msg: 'Permission denied.' } },
    ],
  };
  const r = await evidence([...live, '--format', 'json', '--retries', '0'], state);
  expect(r.exitCode).toBe(0);
  // Its own query failed, but the search of its resource type saw it: seen, with a count that is a lower bound.
  expect(row(r.report, 'createNotebook')).toMatchObject({
    status: 'seen',
    count: 3,
    complete: false,
    reason:
      'CTS could not be asked: HTTP 403 CTS.0002 (Permission denied.); grant this identity read access to CTS and SMN in this project',
  });
  state.faults = {
    errorsByQuery: [
      { query: { trace_name: 'getNotebook' }, error: { status: 403, error_code: 'CTS.0002', error_msg: 'Permission denied.' } },
    ],
  };
  const g = await evidence([...live, '--format', 'json', '--retries', '0', '--fail-on-unseen'], state);
  expect(row(g.report, 'getNotebook')).toMatchObject({ status: 'unknown', count: 0, pages: 1 });
  expect(g.report.summary.unknown).toBe(1);
  expect(g.exitCode).toBe(1);
  const text = await evidence([...live, '--retries', '0'], state);
  expect(text.stdout).toMatch(
    /^ {2}unknown +- {2}ModelArts\/Notebook\/getNotebook +CTS could not be asked: HTTP 403 CTS\.0002 \(Permission denied\.\)/m,
  );
});

test('throttling is retried, within --concurrency', async () => {
  const state = { ...account(), faults: { throttle: { times: 5, retryAfterSeconds: 0 } } };
  emulator.resetPeak();
  const r = await evidence([...live, '--format', 'json', '--concurrency', '3', '--retries', '3'], state);
  expect([r.exitCode, r.report.summary.unknown, row(r.report, 'createNotebook').count]).toEqual([0, 0, 3]);
  expect(emulator.requests.filter((q) => q.status === 429).length).toBeGreaterThanOrEqual(5);
  expect(emulator.peakInFlight()).toBeLessThanOrEqual(3);
});

test('the snapshot keeps time, trace name, resource type, read_only, code and trace id only; it reports again offline', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cts-audit-evidence-'));
  const r = await evidence([...live, '--format', 'json', '--save-snapshot', 'traces.json'], account(), dir);
  expect(r.exitCode).toBe(0);
  const text = readFileSync(join(dir, 'traces.json'), 'utf8');
  for (const secret of [PRIVATE.user, PRIVATE.ip, 'notebook-private-payload', 'notebook-team-a', 'HSTAEXAMPLE', DEFAULT_AK, DEFAULT_SK]) {
    expect(text).not.toContain(secret);
  }
  const snapshot = JSON.parse(text);
  const pages = snapshot.places[0].answers.filter((a: { path: string }) => a.path === '/v3/{project_id}/traces');
  expect(pages).toHaveLength(28);
  const kept = pages.flatMap((a: { body: { traces: object[] } }) => a.body.traces);
  expect(new Set(kept.flatMap((t: object) => Object.keys(t)))).toEqual(
    new Set(['time', 'trace_name', 'resource_type', 'read_only', 'code', 'trace_id']),
  );
  expect(pages[0].body.meta_data).toEqual({ count: expect.any(Number), marker: null });

  // Offline: the same report from the snapshot alone.
  const again = await runCli(['evidence', 'traces.json', '--format', 'json'], { cwd: dir, now: new Date('2027-01-01T00:00:00Z') });
  expect([again.exitCode, again.stderr]).toEqual([0, '']);
  expect(JSON.parse(again.stdout)).toEqual(r.report);
  expect(readdirSync(dir).sort()).toEqual(['traces.json']);
});

test('--keep-trace-details keeps every field of each trace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cts-audit-evidence-'));
  await evidence([...live, '--keep-trace-details', '--save-snapshot', 'traces.json'], account(), dir);
  const text = readFileSync(join(dir, 'traces.json'), 'utf8');
  expect(text).toContain(PRIVATE.user);
  expect(text).toContain(PRIVATE.ip);
  expect(text).not.toContain(DEFAULT_SK);
});

test('check --live --traces adds the same evidence to its report, and the verdict does not change', async () => {
  const covered = JSON.parse(readFileSync(join(__dirname, '../fixtures/live/01-all-covered/account.json'), 'utf8'));
  const { region, projectId, state } = covered.accounts[0];
  emulator.setDomain(DEFAULT_AK, covered.domain);
  emulator.setAccount(region, projectId, { ...state, traces: account().traces });
  const args = ['check', '--live', '--region', region, '--project-id', projectId, ...endpointArgs(emulator), '--format', 'json'];
  const without = await runCli(args, { env, now: NOW });
  const withTraces = await runCli([...args, '--traces', '--since', '2d'], { env, now: NOW });
  expect([without.exitCode, withTraces.exitCode, withTraces.stderr]).toEqual([0, 0, '']);
  const { traces: evidence, ...verdict } = JSON.parse(withTraces.stdout);
  expect(verdict).toEqual(JSON.parse(without.stdout));
  expect(evidence).toMatchObject({ kind: 'cts-audit-evidence', places: [{ label: region, window: { from: '2026-11-23T12:00:00.000Z' } }] });
  // createNotebook: 2 in the last 2 days (the third is 3 days old).
  expect(evidence.places[0].rows.find((r: { event: string }) => r.event === 'createNotebook').count).toBe(2);
  const text = await runCli([...args.slice(0, -2), '--traces'], { env, now: NOW });
  expect(text.stdout).toMatch(/22\/22 events covered[\s\S]*Trace evidence from CTS \(management traces\)/);
});

describe('bad input: one line, exit 2', () => {
  test.each<[string, string[], string]>([
    [
      'a window over 7 days',
      [...live, '--since', '8d'],
      'cts-audit: --since: "8d" is longer than the 7 days of traces CTS keeps to query; use at most 7d\n',
    ],
    [
      'a window that is not one',
      [...live, '--since', 'week'],
      'cts-audit: --since: "week" is not a window such as 7d, 36h or 90m (days, hours or minutes)\n',
    ],
    ['no page', [...live, '--max-pages', '0'], 'cts-audit: --max-pages: "0" is not a whole number of pages from 1 to 1000\n'],
    ['an unknown format', [...live, '--format', 'sarif'], 'cts-audit: --format: unknown format "sarif"; use one of text, json, markdown\n'],
    [
      'nothing to report',
      [],
      'cts-audit: evidence: nothing to report: give --live (with --region), or snapshots that hold trace evidence\n',
    ],
    [
      'a window for a snapshot',
      ['x.json', '--since', '2d'],
      "cts-audit: --since: only applies with --live: a snapshot's window is the one it was read with\n",
    ],
  ])('%s', async (_name, args, message) => {
    const r = await evidence(args);
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([2, '', message]);
  });

  test('a file that is not a snapshot, and a snapshot without traces', async () => {
    const plan = join(__dirname, '../fixtures/check/05-plan-child-module-covered/plan.json');
    const r = await runCli(['evidence', plan], { cwd: '/' });
    expect([r.exitCode, r.stderr]).toEqual([
      2,
      `cts-audit: ${plan}: not a snapshot of cts-audit (kind "cts-audit-snapshot"): take one with cts-audit evidence --live --save-snapshot FILE\n`,
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'cts-audit-evidence-'));
    emulator.setAccount(REGION, PROJECT, account());
    await runCli(['check', ...live, ...endpointArgs(emulator), '--save-snapshot', 'plain.json'], { cwd: dir, env });
    const plain = await runCli(['evidence', 'plain.json'], { cwd: dir });
    expect([plain.exitCode, plain.stderr]).toEqual([
      2,
      'cts-audit: plain.json: holds no trace evidence: take a snapshot with cts-audit evidence --live --save-snapshot FILE (or check --live --traces)\n',
    ]);
    const check = await runCli(['check', 'plain.json', '--traces'], { cwd: dir });
    expect([check.exitCode, check.stderr]).toEqual([
      2,
      'cts-audit: --traces: no input holds trace evidence: check with --live, or give a snapshot taken with --traces\n',
    ]);
    const stray = await runCli(['check', 'plain.json', '--since', '1d'], { cwd: dir });
    expect([stray.exitCode, stray.stderr]).toEqual([2, 'cts-audit: --since: only applies with --traces\n']);
  });
});
