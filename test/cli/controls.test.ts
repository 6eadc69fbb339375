/**
 * Controls end to end, on each input kind: a weak trail (every event
 * covered, but the evidence badly kept) fails on findings alone.
 */
import { join } from 'node:path';
import { runCli } from './run-cli';
import { expectEvery } from '../support/every';

const DIR = join(__dirname, '../fixtures/controls');

async function verdictOf(...args: string[]) {
  const r = await runCli(['check', ...args, '--format', 'json'], { cwd: DIR });
  return { exitCode: r.exitCode, stderr: r.stderr, verdict: JSON.parse(r.stdout) };
}

const WEAK_FINDINGS = [
  ['tracker-file-validation', 'does not validate trace files (validate_file is off)'],
  ['tracker-kms-encryption', 'does not encrypt trace files with KMS (kms_id is not set)'],
  ['tracker-lts-transfer', 'does not transfer traces to LTS (lts_enabled is off)'],
  ['bucket-private', 'is not private (acl = "public-read")'],
  ['bucket-encrypted', 'is not encrypted (encryption is off)'],
  ['bucket-versioned', 'does not keep versions (versioning is off)'],
  ['bucket-retention', 'expires trace files after 30 days, under the required 180'],
  ['bucket-force-destroy', 'can be force-destroyed with all its trace files (force_destroy = true)'],
];

test.each([
  ['state JSON', 'weak-state.json'],
  ['a cdk.tf.json', 'weak.cdk.tf.json'],
  ['plan JSON', 'weak-plan.json'],
])('a weak trail in %s: every event covered, and a finding per control, so the check fails', async (_kind, file) => {
  const { exitCode, stderr, verdict } = await verdictOf(file);
  expect(stderr).toBe('');
  expect(exitCode).toBe(1);
  expect(verdict.passed).toBe(false);
  expect(verdict.summary.events.covered).toBe(22);
  const found = verdict.findings.map((f: { ruleId: string; message: string }) => [f.ruleId, f.message]);
  for (const [ruleId, text] of WEAK_FINDINGS) {
    expect(found).toContainEqual([ruleId, expect.stringContaining(text)]);
  }
  expect(found).toHaveLength(WEAK_FINDINGS.length);
});

test('--retention-days sets the minimum: 30 days passes a 20-day minimum', async () => {
  const { verdict } = await verdictOf('weak-state.json', '--retention-days', '20');
  expect(verdict.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('bucket-retention');
});

test('a trace bucket the checker cannot see is a finding, not a pass', async () => {
  const { exitCode, verdict } = await verdictOf('unseen-bucket.cdk.tf.json');
  expect(exitCode).toBe(1);
  expect(verdict.findings).toContainEqual(
    expect.objectContaining({
      ruleId: 'bucket-private',
      severity: 'error',
      message: expect.stringContaining('cannot verify its bucket, which huaweicloud_cts_tracker.system writes trace files to'),
    }),
  );
});

test('the same weak trail with every control waived passes, and the waivers stay visible', async () => {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'cts-audit-waive-'));
  const waivers = join(dir, 'waivers.json');
  writeFileSync(
    waivers,
    JSON.stringify({
      waivers: WEAK_FINDINGS.map(([id]) => ({ id, reason: 'accepted for the migration window (SEC-42)', expires: '2099-12-31' })),
    }),
  );
  const { exitCode, verdict } = await verdictOf('weak-state.json', '--waivers', waivers);
  expect(exitCode).toBe(0);
  expect(verdict.summary.findings).toMatchObject({ error: 0, warning: 0, waived: WEAK_FINDINGS.length });
  expectEvery(
    verdict.findings,
    (f: { waiver?: { reason: string } }) => f.waiver?.reason === 'accepted for the migration window (SEC-42)',
    'finding',
  );
});

test('a public bucket policy resource and a one-day noncurrent expiration fail a state that is otherwise sound', async () => {
  // test/fixtures/check/11-state-covered with a huaweicloud_obs_bucket_policy granting GetObject to {"ID": ["*"]}
  // and noncurrent_version_expiration { days = 1 } on the trace bucket's lifecycle rule.
  const { exitCode, verdict } = await verdictOf('public-policy-state.json');
  expect(exitCode).toBe(1);
  expect(verdict.summary.events.covered).toBe(22);
  expect(verdict.findings.map((f: { ruleId: string; message: string }) => [f.ruleId, f.message])).toEqual([
    [
      'bucket-private',
      'trace bucket huaweicloud_obs_bucket.traces is open to everyone: bucket policy huaweicloud_obs_bucket_policy.traces, statement "PublicRead", allows GetObject to principal *',
    ],
    [
      'bucket-retention',
      'trace bucket huaweicloud_obs_bucket.traces deletes overwritten or deleted trace files (noncurrent versions) after 1 day, under the required 180',
    ],
  ]);
});

test('more than 100 key event notifications in a region fail the quota control, end to end from a cdk.tf.json', async () => {
  const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  // Scenario 04 (two notifications) and 99 more: 101 in cn-north-4.
  const doc = JSON.parse(readFileSync(join(__dirname, '../fixtures/check/04-cdktf-single-file/cdk.tf.json'), 'utf8'));
  for (let i = 0; i < 99; i++) {
    doc.resource.huaweicloud_cts_notification[`Extra${i}`] = {
      name: `extra_${i}`,
      operation_type: 'customized',
      operations: [{ service: 'ModelArts', resource: 'Notebook', trace_names: ['createNotebook'] }],
      provider: 'huaweicloud.beijing4',
      smn_topic: '${huaweicloud_smn_topic.Alerts.topic_urn}',
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'cts-audit-quota-'));
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(doc));
  const r = await runCli(['check', 'cdk.tf.json', '--format', 'json'], { cwd: dir });
  const verdict = JSON.parse(r.stdout);
  expect({ exitCode: r.exitCode, covered: verdict.summary.events.covered }).toEqual({ exitCode: 1, covered: 22 });
  expect(verdict.findings.map((f: { ruleId: string; message: string }) => [f.ruleId, f.message])).toEqual([
    ['notification-quota', 'cn-north-4 has 101 key event notifications; CTS allows at most 100 per region, so some would fail to apply'],
  ]);
});
