/**
 * The live check end to end against the loopback emulator of CTS, SMN and
 * IAM, which verifies every request's signature with its own verifier.
 * The account states and their right answers (test/fixtures/live) were
 * written independently of the checker.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_AK, DEFAULT_SK, Emulator, startEmulator } from '../support/emulator';
import { runCli } from '../cli/run-cli';

const ROOT = join(__dirname, '../fixtures/live');

interface Scenario {
  accounts: Array<{ region: string; projectId: string; state: Parameters<Emulator['setAccount']>[2] }>;
  projects: Record<string, Array<{ id: string; name: string }>>;
}
interface Expected {
  description: string;
  args: string[];
  exitCode: number;
  passed: boolean;
  events: Record<string, Record<string, string>>;
}

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ credentials: { [DEFAULT_AK]: DEFAULT_SK } });
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
  for (const [region, projects] of Object.entries(scenario.projects)) emulator.setProjects(region, projects);
  for (const a of scenario.accounts) emulator.setAccount(a.region, a.projectId, a.state);
}

const endpoints = () => ['cts', 'smn', 'iam'].flatMap((s) => ['--endpoint', `${s}=${emulator.url}/${s}/{region}`]);
const env = { HW_ACCESS_KEY: DEFAULT_AK, HW_SECRET_KEY: DEFAULT_SK };

function statuses(verdict: { events: Array<{ region: string; resourceType: string; event: string; status: string }> }) {
  const out: Record<string, Record<string, string>> = {};
  for (const e of verdict.events) (out[e.region] ??= {})[`${e.resourceType}/${e.event}`] = e.status;
  return out;
}

function expand(expected: Expected, actual: Record<string, Record<string, string>>) {
  return Object.fromEntries(
    Object.entries(expected.events).map(([region, s]) => [
      region,
      Object.fromEntries(Object.keys(actual[region] ?? actual[Object.keys(actual)[0]]).map((k) => [k, s[k] ?? s.default])),
    ]),
  );
}

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
      const actual = statuses(verdict);
      expect(actual).toEqual(expand(expected, actual));

      // The snapshot re-checks offline to the same verdict.
      const again = await runCli(
        [
          'check',
          'snapshot.json',
          '--format',
          'json',
          ...(expected.args.includes('--region')
            ? expected.args.slice(expected.args.indexOf('--region')).filter((_, i, a) => a[i - 1] === '--region' || a[i] === '--region')
            : []),
        ],
        { cwd: dir },
      );
      expect(again.exitCode).toBe(r.exitCode);
      const offline = JSON.parse(again.stdout);
      expect({
        passed: offline.passed,
        events: statuses(offline),
        findings: offline.findings.map((f: { ruleId: string }) => f.ruleId),
      }).toEqual({
        passed: verdict.passed,
        events: actual,
        findings: verdict.findings.map((f: { ruleId: string }) => f.ruleId),
      });

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
