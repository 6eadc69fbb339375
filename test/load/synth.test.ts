/**
 * cdktf output (lib/load/synth.ts) and input detection (lib/load/index.ts): a cdktf.out folder's stacks with
 * their cross-stack references, variables given to a cdk.tf.json, paths as reports show them, and which kind
 * of input a JSON file is.
 */
import { join } from 'node:path';
import { environmentVariables, variableArguments } from '../../lib/load/options';
import { display } from '../../lib/load/common';
import { loadSynthDir, loadSynthFile } from '../../lib/load/synth';
import { EXPORT_ADDRESS, Notification, Tracker, known, ref, unknown } from '../../lib/model';
import { writeTree } from '../support/tree';

const tree = (files: Record<string, unknown>) => writeTree(files, 'cts-audit-synth-');

const PROVIDER = { huaweicloud: [{ region: 'cn-north-4' }] };

describe('a cdktf.out folder', () => {
  const stacks = () =>
    tree({
      'cdktf.out/manifest.json': {
        version: '0.21.0',
        stacks: {
          shared: { name: 'shared', synthesizedStackPath: 'stacks/shared/cdk.tf.json' },
          audit: { name: 'audit', synthesizedStackPath: 'stacks/audit/cdk.tf.json' },
        },
      },
      'cdktf.out/stacks/shared/cdk.tf.json': {
        provider: PROVIDER,
        resource: { huaweicloud_smn_topic: { t: { name: 'shared_audit' } } },
        output: { 'cross-stack-output-topic': { value: '${huaweicloud_smn_topic.t.topic_urn}' } },
      },
      'cdktf.out/stacks/audit/cdk.tf.json': {
        provider: PROVIDER,
        data: { terraform_remote_state: { 'cross-stack-reference-input-shared': { backend: 'local' } } },
        resource: {
          huaweicloud_cts_notification: {
            n: {
              name: 'n',
              operation_type: 'complete',
              smn_topic: '${data.terraform_remote_state.cross-stack-reference-input-shared.outputs.cross-stack-output-topic}',
            },
            other: {
              name: 'other',
              operation_type: 'complete',
              smn_topic: '${data.terraform_remote_state.cross-stack-reference-input-gone.outputs.x}',
            },
            plain: { name: 'plain', operation_type: 'complete', smn_topic: '${data.terraform_remote_state.team.outputs.x}' },
          },
        },
      },
    });

  test('each stack is an input, scoped by folder and stack name, and a cross-stack reference names the other stack', () => {
    const dir = stacks();
    const inputs = loadSynthDir(join(dir, 'cdktf.out'), { cwd: dir });
    expect(inputs.map((i) => [i.file, i.kind, i.elements.map((e) => `${e.scope} ${e.address}`)])).toEqual([
      ['cdktf.out/stacks/shared/cdk.tf.json', 'synth', ['cdktf.out#shared huaweicloud_smn_topic.t']],
      [
        'cdktf.out/stacks/audit/cdk.tf.json',
        'synth',
        [
          'cdktf.out#audit huaweicloud_cts_notification.n',
          'cdktf.out#audit huaweicloud_cts_notification.other',
          'cdktf.out#audit huaweicloud_cts_notification.plain',
        ],
      ],
    ]);
    const [n, other, plain] = inputs[1].elements as Notification[];
    expect(n.topic).toEqual(
      ref(
        EXPORT_ADDRESS,
        'cdktf.out#shared#cross-stack-output-topic',
        'data.terraform_remote_state.cross-stack-reference-input-shared.outputs.cross-stack-output-topic',
      ),
    );
    const fromDataSource = (expr: string) =>
      unknown(`\${${expr}} is read from a data source when Terraform plans; check a plan (terraform show -json)`);
    expect([other.topic, plain.topic]).toEqual([
      fromDataSource('data.terraform_remote_state.cross-stack-reference-input-gone.outputs.x'),
      fromDataSource('data.terraform_remote_state.team.outputs.x'),
    ]);
    expect(Object.keys(inputs[0].exports ?? {})).toEqual(['cdktf.out#shared#cross-stack-output-topic']);
  });

  test.each<[string, unknown, string]>([
    ['null', 'null', 'manifest.json: stacks: not a cdktf manifest: expected an object of stacks; is this a cdktf.out folder?'],
    ['a list', '[]', 'manifest.json: stacks: not a cdktf manifest: expected an object of stacks; is this a cdktf.out folder?'],
    [
      'stacks null',
      { stacks: null },
      'manifest.json: stacks: not a cdktf manifest: expected an object of stacks; is this a cdktf.out folder?',
    ],
    [
      'stacks a string',
      { stacks: 'audit' },
      'manifest.json: stacks: not a cdktf manifest: expected an object of stacks; is this a cdktf.out folder?',
    ],
    [
      'a stack that is null',
      { stacks: { audit: null } },
      "manifest.json: stacks.audit.synthesizedStackPath: missing: expected the path of the stack's cdk.tf.json",
    ],
  ])('a manifest that is %s is refused', (_name, manifest, message) => {
    const dir = tree({ 'out/manifest.json': manifest });
    expect(() => loadSynthDir(join(dir, 'out'), { cwd: dir })).toThrow(`out/${message}`);
  });

  test.each<[string, string]>([
    ['null', 'null'],
    ['a string', '"x"'],
    ['a list', '[]'],
  ])('a stack file that is %s is refused', (_name, text) => {
    const dir = tree({ 'x.tf.json': text });
    expect(() => loadSynthFile(join(dir, 'x.tf.json'), { cwd: dir })).toThrow(
      'x.tf.json: not a Terraform JSON configuration: expected an object',
    );
  });
});

describe('variables of a cdk.tf.json', () => {
  const stack = {
    provider: PROVIDER,
    variable: { bucket: { type: 'string' }, enabled: { type: 'bool' } },
    resource: { huaweicloud_cts_tracker: { t: { bucket_name: '${var.bucket}', enabled: '${var.enabled}' } } },
  };

  test('TF_VAR_ of declared variables, then --var in order, each read by its type', () => {
    const dir = tree({ 'cdk.tf.json': stack });
    const load = (options: object) => loadSynthFile(join(dir, 'cdk.tf.json'), { cwd: dir, ...options }).elements[0] as Tracker;
    const fromEnv = load({ env: { TF_VAR_bucket: 'env-bucket', TF_VAR_enabled: 'false', TF_VAR_undeclared: 'x', TF_VAR_: 'y' } });
    expect([fromEnv.bucketName, fromEnv.enabled]).toEqual([known('env-bucket'), known(false)]);
    const both = load({
      env: { TF_VAR_bucket: 'env-bucket' },
      variables: [{ var: 'bucket', value: 'first' }, { file: 'ignored.tfvars' }, { var: 'bucket', value: 'second' }],
    });
    expect(both.bucketName).toEqual(known('second'));
  });

  test('a number a 64-bit float misreads, in TF_VAR_ or --var, is refused naming where it came from', () => {
    const dir = tree({ 'cdk.tf.json': { ...stack, variable: { ...stack.variable, n: { type: 'list(number)' } } } });
    const load = (options: object) => () => loadSynthFile(join(dir, 'cdk.tf.json'), { cwd: dir, ...options });
    expect(load({ env: { TF_VAR_n: '[1, 1e400]' } })).toThrow(/^TF_VAR_n: the number 1e400 is beyond a 64-bit float/);
    expect(load({ variables: [{ var: 'n', value: '[0.99999999999999999999]' }] })).toThrow(
      /^--var n: the number 0\.99999999999999999999 would be read as 1,/,
    );
    expect(load({ variables: [{ var: 'bucket', value: '0.99999999999999999999' }] })).not.toThrow();
  });

  test('a stack that declares no variables takes none from TF_VAR_', () => {
    const dir = tree({ 'cdk.tf.json': { provider: PROVIDER, resource: stack.resource } });
    const t = loadSynthFile(join(dir, 'cdk.tf.json'), { cwd: dir, env: { TF_VAR_bucket: 'env-bucket' } }).elements[0] as Tracker;
    expect(t.bucketName.kind).toBe('unknown');
  });

  test('a variable block that is not an object of blocks is refused, as Terraform refuses it', () => {
    const dir = tree({ 'cdk.tf.json': { provider: PROVIDER, variable: 'not an object', resource: stack.resource } });
    expect(() => loadSynthFile(join(dir, 'cdk.tf.json'), { cwd: dir })).toThrow(
      /^cdk\.tf\.json: \d+:\d+: variable is "not an object", not an object of blocks$/,
    );
  });
});

describe('options', () => {
  test('environmentVariables: TF_VAR_<name> with a name and a value', () => {
    expect(environmentVariables({ env: { TF_VAR_a: '1', TF_VAR_: '2', TF_VAR_b: undefined, tf_var_c: '3', X_TF_VAR_d: '4' } })).toEqual({
      a: '1',
    });
    expect(environmentVariables({})).toEqual({});
  });

  test('variableArguments: in command-line order when given, else files before values', () => {
    expect(variableArguments({ varFiles: ['a.tfvars'], vars: { x: '1', n: 2 as unknown as string } })).toEqual([
      { file: 'a.tfvars' },
      { var: 'x', value: '1' },
      { var: 'n', value: '2' },
    ]);
    expect(variableArguments({ variables: [{ var: 'x', value: '1' }], varFiles: ['ignored'] })).toEqual([{ var: 'x', value: '1' }]);
  });

  test('display: relative to the working folder when inside it, else as given', () => {
    expect(display('/work/a/b.json', { cwd: '/work' })).toBe('a/b.json');
    expect(display('/work', { cwd: '/work' })).toBe('/work');
    expect(display('/other/b.json', { cwd: '/work' })).toBe('/other/b.json');
    expect(display('/work/..x/b.json', { cwd: '/work' })).toBe('/work/..x/b.json');
  });
});
