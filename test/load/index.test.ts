/**
 * How lib/load/index.ts decides what an input is: by content for JSON, by name for Terraform files, by its manifest
 * for a folder; and the last guard against an input nested too deeply for the loaders.
 */
import { join } from 'node:path';
import { InputError } from '../../lib/errors';
import { loadModel, loadPath } from '../../lib/load';
import * as plan from '../../lib/load/plan';
import { writeTree } from '../support/tree';

const tree = (files: Record<string, unknown>) => writeTree(files, 'cts-audit-detect-');
const TOPIC = { resource: { huaweicloud_smn_topic: { t: { name: 'audit' } } } };
const PLAN = { format_version: '1.2', planned_values: { root_module: {} } };

async function kindOf(files: Record<string, unknown>, path: string): Promise<string> {
  const dir = tree(files);
  return loadPath(join(dir, path), { cwd: dir }).then(
    (inputs) => inputs.map((i) => i.kind).join(','),
    (e: Error) => e.message,
  );
}

describe('a JSON file is a Terraform JSON configuration when it has a top-level block of one', () => {
  test.each(['resource', 'provider', 'terraform', 'variable', 'module', 'data', 'output', 'locals'])('%s', async (block) => {
    expect(await kindOf({ 'stack.json': { [block]: {} } }, 'stack.json')).toBe('synth');
  });

  test.each<[string, unknown]>([
    ['an array', [{ resource: {} }]],
    ['null', null],
    ['a string', JSON.stringify('resource')],
    ['a number', 7],
    ['an object of other keys', { resources: {}, variables: {} }],
  ])('and is not one when it is %s', async (_name, doc) => {
    expect(await kindOf({ 'stack.json': doc }, 'stack.json')).toBe(
      'stack.json: is JSON but not an input the checker knows: expected a cdk.tf.json (Terraform JSON configuration), a plan or state from `terraform show -json`, or a snapshot from --save-snapshot',
    );
  });
});

test('a snapshot from --save-snapshot is read as a live input', async () => {
  const snapshot = {
    kind: 'cts-audit-snapshot',
    schemaVersion: 1,
    createdAt: '2026-11-25T12:00:00Z',
    tool: { name: 'cts-audit', version: '0.1.0' },
    cloud: 'huaweicloud',
    places: [],
  };
  expect(await kindOf({ 'snap.json': snapshot }, 'snap.json')).toBe('live');
});

describe('a file is read by its name first', () => {
  test('a .tf file and a .tf.json file are files of a Terraform folder; cdk.tf.json, under any prefix, is a cdktf stack', async () => {
    expect(await kindOf({ 'infra/main.tf': 'resource "huaweicloud_smn_topic" "t" {\n  name = "a"\n}\n' }, 'infra/main.tf')).toBe('hcl');
    expect(await kindOf({ 'infra/main.tf.json': TOPIC }, 'infra/main.tf.json')).toBe('hcl');
    expect(await kindOf({ 'out/cdk.tf.json': TOPIC }, 'out/cdk.tf.json')).toBe('synth');
    expect(await kindOf({ 'out/prod.cdk.tf.json': TOPIC }, 'out/prod.cdk.tf.json')).toBe('synth');
  });

  test('a plan with a repeated key is refused by the stricter rule of terraform show -json', async () => {
    const text = '{"format_version": "1.2", "planned_values": {"root_module": {}}, "planned_values": {"root_module": {}}}';
    expect(await kindOf({ 'plan.json': text }, 'plan.json')).toBe(
      'plan.json: 1:66: duplicate key "planned_values" (first at 1:27): a JSON reader keeps only one of them; remove one',
    );
  });
});

describe('a folder is cdktf output only by a cdktf manifest', () => {
  const manifest = { stacks: { audit: { name: 'audit', synthesizedStackPath: 'stacks/audit/cdk.tf.json' } } };

  test('a manifest beside no Terraform file is read as cdktf output, even one that is not a cdktf manifest', async () => {
    expect(await kindOf({ 'out/manifest.json': manifest, 'out/stacks/audit/cdk.tf.json': TOPIC }, 'out')).toBe('synth');
    expect(await kindOf({ 'out/manifest.json': { version: '0.21.0' } }, 'out')).toBe(
      'out/manifest.json: stacks: not a cdktf manifest: expected an object of stacks; is this a cdktf.out folder?',
    );
  });

  test.each<[string, string]>([
    ['that is not JSON', '{"stacks": '],
    ['whose stacks are null', '{"stacks": null}'],
    ['whose stacks are a string', '{"stacks": "audit"}'],
    ['that is null', 'null'],
  ])('a manifest %s beside Terraform files leaves the folder a Terraform folder', async (_name, text) => {
    expect(await kindOf({ 'infra/manifest.json': text, 'infra/main.tf.json': TOPIC }, 'infra')).toBe('hcl');
  });

  test('a cdktf manifest beside Terraform files makes the folder cdktf output', async () => {
    expect(await kindOf({ 'out/manifest.json': manifest, 'out/stacks/audit/cdk.tf.json': TOPIC, 'out/main.tf.json': TOPIC }, 'out')).toBe(
      'synth',
    );
  });
});

describe('an input nested too deeply for the loaders', () => {
  afterEach(() => jest.restoreAllMocks());

  test('is one line naming the file, when the call stack runs out', async () => {
    jest.spyOn(plan, 'loadPlan').mockImplementation(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    const dir = tree({ 'plan.json': PLAN });
    const error = await loadPath(join(dir, 'plan.json'), { cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe('plan.json: cannot be read (Maximum call stack size exceeded); is it nested far too deeply?');
  });

  test('any other error is passed on as it is', async () => {
    const dir = tree({ 'plan.json': PLAN });
    for (const thrown of [new RangeError('Invalid array length'), new TypeError('Maximum call stack size exceeded')]) {
      jest.spyOn(plan, 'loadPlan').mockImplementation(() => {
        throw thrown;
      });
      await expect(loadPath(join(dir, 'plan.json'), { cwd: dir })).rejects.toBe(thrown);
    }
  });
});

describe('loadModel', () => {
  test('merges every path, in order; no path is an empty model', async () => {
    const dir = tree({
      'b/cdk.tf.json': TOPIC,
      'plan.json': PLAN,
      'a.cdk.tf.json': { resource: { huaweicloud_smn_topic: { a: { name: 'a' } } } },
    });
    const model = await loadModel([join(dir, 'b/cdk.tf.json'), join(dir, 'plan.json'), join(dir, 'a.cdk.tf.json')], { cwd: dir });
    expect(model.inputs.map((i) => [i.file, i.kind])).toEqual([
      ['b/cdk.tf.json', 'synth'],
      ['plan.json', 'plan'],
      ['a.cdk.tf.json', 'synth'],
    ]);
    expect(model.elements.map((e) => `${e.scope} ${e.address}`)).toEqual([
      'b/cdk.tf.json huaweicloud_smn_topic.t',
      'a.cdk.tf.json huaweicloud_smn_topic.a',
    ]);
    expect((await loadModel([], { cwd: dir })).elements).toEqual([]);
  });

  test('with no options, files are named from the working folder', async () => {
    const dir = tree({ 'plan.json': PLAN });
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      const [input] = await loadPath('plan.json');
      expect(input.file).toBe('plan.json');
      expect((await loadModel(['plan.json'])).inputs.map((i) => i.file)).toEqual(['plan.json']);
    } finally {
      process.chdir(cwd);
    }
  });
});
