import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { App } from 'cdktf';
import {
  ALLOW_LOCKED_GUARD_VARIABLE,
  ALLOW_PLACEHOLDER_VARIABLE,
  DEFAULT_STACK,
  PLACEHOLDER_ENDPOINT,
  buildDefaultApp,
  readSettings,
} from '../../lib/constructs/default-app';
import { CtsNotification } from '../../lib/constructs/generated/huaweicloud/cts-notification';
import { SynthJson, resourcesOf, synth } from '../constructs/helpers';

const ROOT = join(__dirname, '../..');
const noContext = () => undefined;

describe('default app settings', () => {
  test('defaults: HW_REGION_NAME else cn-north-4, and the placeholder subscriber with a warning', () => {
    const s = readSettings(noContext, {});
    expect(s.regions).toEqual(['cn-north-4']);
    expect(s.placeholder).toBe(true);
    expect(s.subscriptions).toEqual([
      { protocol: 'email', endpoint: PLACEHOLDER_ENDPOINT, remark: 'PLACEHOLDER: set CTS_AUDIT_SUBSCRIBERS' },
    ]);
    expect(s.warnings).toEqual([
      `no subscriber configured (CTS_AUDIT_SUBSCRIBERS or context "subscribers"): using the placeholder ${PLACEHOLDER_ENDPOINT}; terraform plan and cdktf deploy will refuse it until real subscribers are set`,
      'no deployer configured (CTS_AUDIT_DEPLOYER or context "deployer"): the trace bucket policy would deny everyone, Terraform included, changes to itself and to the retention rules; terraform plan and cdktf deploy will refuse it until the identity that runs terraform is set',
    ]);
    expect(s.deployerPrincipal).toBeUndefined();
    expect(readSettings(noContext, { HW_REGION_NAME: 'ap-southeast-3' }).regions).toEqual(['ap-southeast-3']);
  });

  test('regions and subscribers from the environment', () => {
    const s = readSettings(noContext, {
      CTS_AUDIT_REGIONS: 'cn-north-4, ap-southeast-1',
      CTS_AUDIT_SUBSCRIBERS: 'email:secops@example.com,https:https://hooks.example.com/cts',
      CTS_AUDIT_RETENTION_DAYS: '730',
      CTS_AUDIT_DEPLOYER: 'domain/0970dd7a1300f5672ff2c003c60ae115:agency/terraform-ci',
    });
    expect(s).toEqual({
      regions: ['cn-north-4', 'ap-southeast-1'],
      subscriptions: [
        { protocol: 'email', endpoint: 'secops@example.com' },
        { protocol: 'https', endpoint: 'https://hooks.example.com/cts' },
      ],
      placeholder: false,
      retentionDays: 730,
      deployerPrincipal: 'domain/0970dd7a1300f5672ff2c003c60ae115:agency/terraform-ci',
      warnings: [],
    });
  });

  test('context wins over the environment, and accepts lists', () => {
    const context: Record<string, unknown> = {
      regions: ['eu-west-101'],
      subscribers: 'sms:+8613800000000',
      deployer: 'domain/0970dd7a1300f5672ff2c003c60ae115:root',
    };
    const s = readSettings((k) => context[k], { CTS_AUDIT_REGIONS: 'cn-north-4', CTS_AUDIT_DEPLOYER: 'domain/other:root' });
    expect(s.regions).toEqual(['eu-west-101']);
    expect(s.deployerPrincipal).toBe('domain/0970dd7a1300f5672ff2c003c60ae115:root');
    expect(s.subscriptions).toEqual([{ protocol: 'sms', endpoint: '+8613800000000' }]);
  });

  test.each([
    [{ CTS_AUDIT_REGIONS: 'Beijing' }, 'CTS_AUDIT_REGIONS: "Beijing" is not a region name such as cn-north-4'],
    [
      { CTS_AUDIT_SUBSCRIBERS: 'secops@example.com' },
      'CTS_AUDIT_SUBSCRIBERS: "secops@example.com" is not protocol:endpoint with protocol one of email, sms,',
    ],
    [{ CTS_AUDIT_SUBSCRIBERS: 'pager:12345' }, 'CTS_AUDIT_SUBSCRIBERS: "pager:12345" is not protocol:endpoint'],
    [{ CTS_AUDIT_RETENTION_DAYS: 'a year' }, 'CTS_AUDIT_RETENTION_DAYS: "a year" is not a whole number of days'],
    [
      { CTS_AUDIT_DEPLOYER: 'terraform-ci' },
      'CTS_AUDIT_DEPLOYER: "terraform-ci" is not an OBS policy principal: use domain/<account-id>:user/<user-id>, domain/<account-id>:agency/<agency-name> or domain/<account-id>:root',
    ],
  ])('bad setting %j fails naming the setting', (env, message) => {
    expect(() => readSettings(noContext, env)).toThrow(message);
  });
});

describe('default stack', () => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'cts-audit-app-')), skipValidation: true });
  const stack = buildDefaultApp(app, readSettings(noContext, {}));
  const json = synth(stack);

  test('is named cts-audit and passes its own validations', () => {
    // Built here with validations on: an app made with skipValidation (as above) would pass whatever it held.
    const validated = new App({ outdir: mkdtempSync(join(tmpdir(), 'cts-audit-app-')) });
    expect(buildDefaultApp(validated, readSettings(noContext, {})).node.id).toBe(DEFAULT_STACK);
    expect(() => validated.synth()).not.toThrow();

    // The same app with its notifications disabled fails them: the validations run, and judge the events.
    const broken = new App({ outdir: mkdtempSync(join(tmpdir(), 'cts-audit-app-')) });
    const brokenStack = buildDefaultApp(broken, readSettings(noContext, {}));
    for (const n of brokenStack.node.findAll()) if (n instanceof CtsNotification) n.enabled = false;
    expect(() => broken.synth()).toThrow(/\[cts-audit event-coverage\] ModelArts\/Notebook\/createNotebook in cn-north-4 is uncovered/);
  });

  test('the trace bucket is named with a suffix Terraform draws, not a literal anyone could claim first', () => {
    const [bucket] = resourcesOf(json, 'huaweicloud_obs_bucket');
    expect(bucket.bucket).toMatch(/^cts-audit-traces-cn-north-4-\$\{random_id\.[\w-]+\.hex\}$/);
    expect(resourcesOf(json, 'random_id')).toEqual([{ provider: 'random', byte_length: 6, lifecycle: { prevent_destroy: true } }]);
  });

  test('deploying with the placeholder fails at plan time unless explicitly allowed', () => {
    expect(json.variable?.[ALLOW_PLACEHOLDER_VARIABLE]).toMatchObject({ type: 'bool', default: false });
    const [subscription] = resourcesOf(json, 'huaweicloud_smn_subscription');
    expect(subscription.endpoint).toBe(PLACEHOLDER_ENDPOINT);
    expect(subscription.lifecycle).toEqual({
      precondition: [
        {
          condition: `\${var.${ALLOW_PLACEHOLDER_VARIABLE}}`,
          error_message: expect.stringContaining('Set CTS_AUDIT_SUBSCRIBERS (e.g. email:secops@example.com) and synthesize again'),
        },
      ],
    });
  });

  test('without a deployer, deploying the bucket policy fails at plan time unless explicitly allowed', () => {
    expect(json.variable?.[ALLOW_LOCKED_GUARD_VARIABLE]).toMatchObject({ type: 'bool', default: false });
    const [policy] = resourcesOf(json, 'huaweicloud_obs_bucket_policy');
    expect(policy.lifecycle).toEqual({
      precondition: [
        {
          condition: `\${var.${ALLOW_LOCKED_GUARD_VARIABLE}}`,
          error_message:
            'No deployer is configured, so the trace bucket policy would deny PutBucketPolicy, DeleteBucketPolicy and PutLifecycleConfiguration to everyone, including the identity that runs terraform: a later deploy could not change them. Set CTS_AUDIT_DEPLOYER (e.g. domain/<account-id>:user/<user-id>) and synthesize again, or pass -var cts_audit_allow_locked_guard=true to deploy it anyway.',
        },
      ],
    });
  });

  test('with real subscribers and a deployer there is no placeholder, no guard variable, and the deployer may manage the guard', () => {
    const real = buildDefaultApp(
      new App({ skipValidation: true }),
      readSettings(noContext, {
        CTS_AUDIT_SUBSCRIBERS: 'email:secops@example.com',
        CTS_AUDIT_DEPLOYER: 'domain/0970dd7a1300f5672ff2c003c60ae115:user/terraform-ci',
      }),
    );
    const j = synth(real);
    expect(j.variable).toBeUndefined();
    expect(resourcesOf(j, 'huaweicloud_smn_subscription')[0].lifecycle).toBeUndefined();
    const [policy] = resourcesOf(j, 'huaweicloud_obs_bucket_policy');
    expect(policy.lifecycle).toBeUndefined();
    expect(JSON.parse(policy.policy as string).Statement[2]).toMatchObject({
      Sid: 'DenyGuardChange',
      NotPrincipal: { ID: ['domain/0970dd7a1300f5672ff2c003c60ae115:user/terraform-ci'] },
    });
  });

  test('matches the golden snapshot (the one snapshot of the construct tests)', () => {
    // The local backend's path is absolute, so it depends on the checkout's location.
    const { terraform, ...rest } = json as SynthJson & { terraform: { backend?: unknown } };
    const { backend: _machineDependent, ...portable } = terraform;
    expect({ ...rest, terraform: portable }).toMatchSnapshot();
  });
});

describe('`cdktf synth` of the default app, as a user runs it', () => {
  const built = join(ROOT, 'dist/bin/app.js');

  test('synthesizes offline with no credentials and no Terraform binary, and warns about the placeholder', () => {
    expect(existsSync(built)).toBe(true); // `npm test` builds first
    const out = mkdtempSync(join(tmpdir(), 'cts-audit-synth-'));
    // No terraform on PATH: only the folder holding node.
    const env: NodeJS.ProcessEnv = {
      PATH: [dirname(process.execPath)].join(delimiter),
      HOME: out,
      CHECKPOINT_DISABLE: '1',
      CI: '1',
    };
    const cli = join(ROOT, 'node_modules/cdktf-cli/bundle/bin/cdktf');
    const result = spawnSync(process.execPath, [cli, 'synth', '--output', out], { cwd: ROOT, env, encoding: 'utf8', timeout: 120000 });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    expect(result.stdout + result.stderr).toContain('no subscriber configured');
    expect(readdirSync(join(out, 'stacks'))).toEqual([DEFAULT_STACK]);
    const stackJson = JSON.parse(readFileSync(join(out, 'stacks', DEFAULT_STACK, 'cdk.tf.json'), 'utf8'));
    // One notification for the notebook table, one for the tamper table.
    expect(Object.keys(stackJson.resource.huaweicloud_cts_notification)).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).stacks[DEFAULT_STACK].synthesizedStackPath).toBe(
      `stacks/${DEFAULT_STACK}/cdk.tf.json`,
    );

    // The rest of `npm start`: the checker on what was synthesized prints the full matrix, all covered.
    const checked = spawnSync(
      process.execPath,
      [join(ROOT, 'dist/bin/cts-audit.js'), 'check', out, '--table', 'modelarts-notebook', '--table', 'audit-trail-tamper'],
      { env, encoding: 'utf8' },
    );
    expect({ status: checked.status, stderr: checked.stderr }).toEqual({ status: 0, stderr: '' });
    expect(checked.stdout).toContain('listallNotebook             ✓ covered');
    expect(checked.stdout).toContain('delsubscribe                ✓ covered');
    expect(checked.stdout.trimEnd().split('\n').pop()).toBe('PASS 41/41 events covered in 1 region; no findings');
  }, 120000);

  test('a bad setting ends the app with one line naming it and exit code 2, no stack trace', () => {
    const r = spawnSync(process.execPath, [built], { env: { PATH: process.env.PATH, HW_REGION_NAME: 'Beijing' }, encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({
      status: 2,
      stderr: 'cts-audit: HW_REGION_NAME: "Beijing" is not a region name such as cn-north-4\n',
    });
  });

  test('npm start is build, cdktf synth, check of both tables; the app cdktf runs is compiled JavaScript, not ts-node', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(
      'npm run build && npm run synth && node dist/bin/cts-audit.js check cdktf.out --table modelarts-notebook --table audit-trail-tamper',
    );
    expect(pkg.scripts.synth).toBe('CHECKPOINT_DISABLE=1 cdktf synth');
    expect(JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')).app).toBe('node dist/bin/app.js');
  });
});
