/**
 * The live check end to end against the loopback emulator of CTS, SMN and
 * IAM, which verifies every request's signature with its own verifier.
 * The account states and their right answers (test/fixtures/live) were
 * written independently of the checker.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_AK, DEFAULT_DOMAIN_ID, DEFAULT_SK, Emulator, endpointArgs, startEmulator } from '../support/emulator';
import { runCli } from '../cli/run-cli';
import { Expectations, VerdictLike, expandStatuses, expectVerdict, statusesOf, textsExpected } from '../support/scenario';

const ROOT = join(__dirname, '../fixtures/live');

interface Scenario {
  /** The account (domain) id of the credentials: the owner of its buckets. */
  domain?: string;
  accounts: Array<{ region: string; projectId: string; state: Parameters<Emulator['setAccount']>[2] }>;
  projects: Record<string, Array<{ id: string; name: string }>>;
}
interface Expected extends Expectations {
  description: string;
  args: string[];
  exitCode: number;
  passed: boolean;
}

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ credentials: { [DEFAULT_AK]: DEFAULT_SK } });
  // The account of the fixtures' trackers, which owns their trace buckets.
  emulator.setDomain(DEFAULT_AK, '45c393624036af3ceb71a1a9f0e47515');
});
afterAll(async () => {
  await emulator.close();
});

function load(name: string): { scenario: Scenario; expected: Expected } {
  const dir = join(ROOT, name);
  return {
    scenario: JSON.parse(readFileSync(join(dir, 'account.json'), 'utf8')),
    expected: JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')),
  };
}

function install(scenario: Scenario): void {
  emulator.setDomain(DEFAULT_AK, scenario.domain ?? DEFAULT_DOMAIN_ID);
  for (const [region, projects] of Object.entries(scenario.projects)) emulator.setProjects(region, projects);
  for (const a of scenario.accounts) emulator.setAccount(a.region, a.projectId, a.state);
}

const endpoints = () => endpointArgs(emulator);
const env = { HW_ACCESS_KEY: DEFAULT_AK, HW_SECRET_KEY: DEFAULT_SK };

describe.each(readdirSync(ROOT).sort())('%s', (name) => {
  const { scenario, expected } = load(name);

  test(
    expected.description,
    async () => {
      install(scenario);
      const dir = mkdtempSync(join(tmpdir(), 'cts-audit-live-'));
      const r = await runCli([...expected.args, ...endpoints(), '--retries', '3', '--format', 'json', '--save-snapshot', 'snapshot.json'], {
        cwd: dir,
        env,
      });
      expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: expected.exitCode, stderr: '' });
      const verdict = JSON.parse(r.stdout);
      expect(verdict.passed).toBe(expected.passed);
      // Every event of the table in every place expected, and the reason (or finding) that explains the verdict.
      expectVerdict(verdict, expected);
      expect(textsExpected(expected)).toBeGreaterThan(0);

      // The snapshot re-checks offline to the same verdict, with nothing else given: the regions read are in it.
      const again = await runCli(['check', 'snapshot.json', '--format', 'json'], { cwd: dir });
      expect(again.exitCode).toBe(r.exitCode);
      const offline = JSON.parse(again.stdout);
      const essence = (v: typeof verdict) => ({
        passed: v.passed,
        regions: [...v.regions].sort(),
        events: statusesOf(v),
        findings: v.findings.map((f: { ruleId: string; message: string }) => `${f.ruleId}: ${f.message}`),
      });
      expect(essence(offline)).toEqual(essence(verdict));
      expectVerdict(offline, expected);

      // No credential anywhere.
      const snapshot = readFileSync(join(dir, 'snapshot.json'), 'utf8');
      for (const text of [r.stdout, r.stderr, again.stdout, again.stderr, snapshot]) {
        expect(text).not.toContain(DEFAULT_SK);
        expect(text).not.toContain(DEFAULT_AK);
        expect(text).not.toMatch(/SDK-HMAC-SHA256|Authorization|X-Security-Token/i);
      }
    },
    30000,
  );
});

describe('what is deployed decides', () => {
  const REGION = 'cn-north-4';
  const PROJECT = '45187796f8a6009c10b17f6e20cb26f2';
  const STATE = join(__dirname, '../fixtures/check/11-state-covered/state.json');
  const covered = () => load('01-all-covered').scenario.accounts[0].state;
  const liveArgs = ['--live', '--region', REGION, '--project-id', `${REGION}=${PROJECT}`, '--retries', '0'];

  // The state of the same project as the account: its topic and subscription have the URNs the account has.
  const stateDir = mkdtempSync(join(tmpdir(), 'cts-audit-live-state-'));
  writeFileSync(join(stateDir, 'state.json'), readFileSync(STATE, 'utf8').replaceAll('0970dd7a1300f5672ff2c003c60ae115', PROJECT));

  async function checkWithState(state: Parameters<Emulator['setAccount']>[2]) {
    emulator.setAccount(REGION, PROJECT, state);
    const r = await runCli(['check', 'state.json', ...liveArgs, ...endpoints(), '--format', 'json'], { cwd: stateDir, env });
    return {
      r,
      verdict: JSON.parse(r.stdout) as VerdictLike & { passed: boolean },
    };
  }

  test('the state covers every event, and so does the account: covered', async () => {
    const { r, verdict } = await checkWithState(covered());
    expect({ exitCode: r.exitCode, passed: verdict.passed }).toEqual({ exitCode: 0, passed: true });
    expect(statusesOf(verdict)).toEqual(expandStatuses({ [REGION]: { default: 'covered' } }));
  });

  test('a tracker deleted in the console: the state cannot vouch for it, every event is uncovered', async () => {
    const { r, verdict } = await checkWithState({ ...covered(), trackers: [] });
    expect({ exitCode: r.exitCode, passed: verdict.passed }).toEqual({ exitCode: 1, passed: false });
    expect(statusesOf(verdict)).toEqual(expandStatuses({ [REGION]: { default: 'uncovered' } }));
    expect(verdict.events[0].reasons).toContain(`no CTS system tracker in ${REGION}: nothing records ModelArts operations`);
    expect(verdict.events[0].reasons.join('\n')).toMatch(
      /huaweicloud_cts_tracker\.system \(.*state\.json\).* from the other inputs are not counted in cn-north-4: the region was read live, and what is deployed decides/,
    );
  });

  test('a notification deleted in the console: every event is uncovered', async () => {
    const { r, verdict } = await checkWithState({ ...covered(), notifications: { smn: [], fun: [] } });
    expect(r.exitCode).toBe(1);
    expect(statusesOf(verdict)).toEqual(expandStatuses({ [REGION]: { default: 'uncovered' } }));
  });

  test('notifications that cannot be read (CTS.0002): unknown with the error code, never vouched for by the state', async () => {
    const { r, verdict } = await checkWithState({
      ...covered(),
      faults: {
        errorsByPath: [
          { pathEndsWith: '/notifications/smn', error: { status: 403, error_code: 'CTS.0002', error_msg: 'Permission denied.' } },
        ],
      },
    });
    expect(r.exitCode).toBe(1);
    expect(statusesOf(verdict)).toEqual(expandStatuses({ [REGION]: { default: 'unknown' } }));
    expect(verdict.events[0].reasons.join('\n')).toContain('CTS.0002');
  });

  test("the topic's last subscription removed: the state's copy of it does not count", async () => {
    const { r, verdict } = await checkWithState({ ...covered(), subscriptions: {} });
    expect(r.exitCode).toBe(1);
    expect(statusesOf(verdict)).toEqual(expandStatuses({ [REGION]: { default: 'uncovered' } }));
    expect(verdict.events[0].nearMisses.join('\n')).toMatch(/has no subscription: no one receives it/);
  });

  test("the topic deleted (not in the complete topic list): the state's copy of it does not count", async () => {
    const { r, verdict } = await checkWithState({ ...covered(), topics: [], subscriptions: {} });
    expect(r.exitCode).toBe(1);
    expect(statusesOf(verdict)).toEqual(expandStatuses({ [REGION]: { default: 'uncovered' } }));
    expect(verdict.events[0].nearMisses.join('\n')).toContain(`does not exist in project ${PROJECT} of ${REGION}`);
  });

  test('a region read live with nothing in it is a region to check, live and in the snapshot re-checked offline', async () => {
    emulator.setAccount(REGION, PROJECT, covered());
    emulator.setAccount('cn-east-3', 'ce3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b', {
      trackers: [],
      notifications: { smn: [], fun: [] },
      topics: [],
      subscriptions: {},
    });
    const dir = mkdtempSync(join(tmpdir(), 'cts-audit-live-'));
    const args = [
      '--live',
      '--region',
      REGION,
      '--region',
      'cn-east-3',
      '--project-id',
      `${REGION}=${PROJECT}`,
      '--project-id',
      'cn-east-3=ce3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b',
    ];
    const r = await runCli(['check', ...args, ...endpoints(), '--format', 'json', '--save-snapshot', 'snapshot.json'], { cwd: dir, env });
    const again = await runCli(['check', 'snapshot.json', '--format', 'json'], { cwd: dir });
    for (const run of [r, again]) {
      const v = JSON.parse(run.stdout) as { passed: boolean; regions: string[] };
      expect({ exitCode: run.exitCode, passed: v.passed, regions: [...v.regions].sort() }).toEqual({
        exitCode: 1,
        passed: false,
        regions: ['cn-east-3', REGION],
      });
    }
  });
});

describe('project isolation: a topic of another project is another topic, whatever its name', () => {
  const REGION = 'cn-north-4';
  const OWN = '0970dd7a1300f5672ff2c003c60ae115';
  const OTHER = '1aed40714227270ba1ba29e35a5ca4e1';
  const STATE = join(__dirname, '../fixtures/check/11-state-covered/state.json');

  /** The covered state, with its topic and subscription moved to another project: the notification still names its own project's topic. */
  function stateWithTopicIn(project: string): string {
    const state = JSON.parse(readFileSync(STATE, 'utf8')) as {
      values: { root_module: { resources: Array<{ type: string; values: Record<string, unknown> }> } };
    };
    for (const r of state.values.root_module.resources) {
      if (r.type === 'huaweicloud_smn_topic' || r.type === 'huaweicloud_smn_subscription') {
        r.values = JSON.parse(JSON.stringify(r.values).replaceAll(`:${OWN}:`, `:${project}:`));
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'cts-audit-projects-'));
    writeFileSync(join(dir, 'state.json'), JSON.stringify(state));
    return dir;
  }

  test('offline: a notification to its own project cts_audit does not find the subscribed cts_audit of another project', async () => {
    const r = await runCli(['check', 'state.json', '--format', 'json'], { cwd: stateWithTopicIn(OTHER) });
    expect(r.exitCode).toBe(1);
    const verdict = JSON.parse(r.stdout) as VerdictLike & { passed: boolean };
    expectVerdict(verdict, {
      events: { [REGION]: { default: 'unknown' } },
      reasons: {
        [REGION]: {
          default: `its topic urn:smn:${REGION}:${OWN}:cts_audit is not defined in any input; pass the configuration, plan or state that defines it`,
        },
      },
    });
  });

  test('offline, the control: the same topic in the notification own project covers every event', async () => {
    const r = await runCli(['check', 'state.json', '--format', 'json'], { cwd: stateWithTopicIn(OWN) });
    expect(r.exitCode).toBe(0);
    expectVerdict(JSON.parse(r.stdout), {
      events: { [REGION]: { default: 'covered' } },
      reasons: { [REGION]: { default: 'notified by huaweicloud_cts_notification.modelarts to huaweicloud_smn_topic.audit' } },
    });
  });
});
