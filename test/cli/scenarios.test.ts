/**
 * End-to-end scenarios written independently of the checker, from the rules
 * and Terraform's real formats: each folder of test/fixtures/check (cdktf
 * synth, plan and state JSON) and test/fixtures/hcl (plain Terraform) holds
 * the inputs and an expected.json with the exit code, `passed`, and the
 * status of every event by region.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defaultTable } from '../../lib/policy/bundled';
import { tableEvents } from '../../lib/policy/table';
import { runCli } from './run-cli';

const ROOTS = ['check', 'hcl'].map((d) => join(__dirname, '../fixtures', d));

interface Expected {
  description: string;
  args: string[];
  exitCode: number;
  /** Null for input that is refused (exit 2): `stderr` then holds the one line that says why. */
  passed: boolean | null;
  stderr?: string;
  events: Record<string, Record<string, string>>;
  /** For some events (by region, then resource type/trace name): a text one of its reasons must contain. */
  reasons?: Record<string, Record<string, string>>;
  /** Likewise for near misses. */
  nearMisses?: Record<string, Record<string, string>>;
  /** Findings that must be there: the rule and a text of the message. */
  findings?: Array<{ ruleId: string; message: string }>;
}

const scenarios = ROOTS.flatMap((root) =>
  readdirSync(root)
    .filter((d) => existsSync(join(root, d, 'expected.json')))
    .sort()
    .map((d) => join(root, d)),
);
const events = tableEvents(defaultTable()).map((e) => `${e.resourceType}/${e.traceName}`);

describe.each(scenarios.map((dir) => [relative(join(__dirname, '../fixtures'), dir), dir]))('%s', (_name, dir) => {
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;

  test(expected.description, async () => {
    const result = await runCli([...expected.args, '--format', 'json'], { cwd: dir, now: new Date('2026-11-25T12:00:00Z') });
    expect({ stderr: result.stderr, exitCode: result.exitCode }).toEqual({ stderr: expected.stderr ?? '', exitCode: expected.exitCode });
    if (expected.exitCode === 2) {
      expect(result.stdout).toBe('');
      return;
    }
    const verdict = JSON.parse(result.stdout);
    expect(verdict.passed).toBe(expected.passed);
    const actual: Record<string, Record<string, string>> = {};
    for (const e of verdict.events) (actual[e.region] ??= {})[`${e.resourceType}/${e.event}`] = e.status;
    const want: Record<string, Record<string, string>> = {};
    for (const [region, statuses] of Object.entries(expected.events)) {
      want[region] = Object.fromEntries(events.map((id) => [id, statuses[id] ?? statuses.default]));
    }
    expect(actual).toEqual(want);
    for (const f of expected.findings ?? []) {
      expect(verdict.findings).toEqual(
        expect.arrayContaining([expect.objectContaining({ ruleId: f.ruleId, message: expect.stringContaining(f.message) })]),
      );
    }
    for (const [field, texts] of [
      ['reasons', expected.reasons],
      ['nearMisses', expected.nearMisses],
    ] as const) {
      for (const [region, byEvent] of Object.entries(texts ?? {})) {
        for (const [key, text] of Object.entries(byEvent)) {
          // "default": every event of the region, taken from the table (never from the verdict).
          for (const id of key === 'default' ? events : [key]) {
            const e = verdict.events.find(
              (x: { region: string; resourceType: string; event: string }) => x.region === region && `${x.resourceType}/${x.event}` === id,
            );
            expect({ id, [field]: e?.[field] }).toEqual({ id, [field]: expect.arrayContaining([expect.stringContaining(text)]) });
          }
        }
      }
    }
  });
});
