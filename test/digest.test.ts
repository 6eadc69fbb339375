import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readInputText, recordingReads } from '../lib/digest';
import { loadPath } from '../lib/load';
import { writeTree } from './support/tree';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const HCL = join(__dirname, 'fixtures/hcl');

describe('recordingReads', () => {
  test('notes the SHA-256 of the bytes of every file read inside, once, in order; nothing outside', async () => {
    const dir = writeTree({ 'a.json': '{"a":1}', 'b.txt': 'b' });
    readInputText(join(dir, 'a.json'), 'a.json');
    const { result, files } = await recordingReads(async () => {
      const a = readInputText(join(dir, 'a.json'), 'a.json');
      await new Promise((r) => setTimeout(r, 1));
      readInputText(join(dir, 'b.txt'), 'b.txt');
      readInputText(join(dir, 'a.json'), 'a.json');
      return a;
    });
    expect(result).toBe('{"a":1}');
    expect(files).toEqual([
      { file: 'a.json', sha256: sha256(join(dir, 'a.json')) },
      { file: 'b.txt', sha256: sha256(join(dir, 'b.txt')) },
    ]);
  });

  test('a file that changes between two reads is listed twice: both versions were read', async () => {
    const dir = writeTree({ 'a.txt': 'one' });
    const { files } = await recordingReads(async () => {
      readInputText(join(dir, 'a.txt'), 'a.txt');
      writeFileSync(join(dir, 'a.txt'), 'two');
      readInputText(join(dir, 'a.txt'), 'a.txt');
    });
    expect(files.map((f) => f.sha256)).toEqual([
      createHash('sha256').update('one').digest('hex'),
      createHash('sha256').update('two').digest('hex'),
    ]);
  });

  test('the digest is of the bytes, not of the text they decode to', async () => {
    const dir = writeTree({});
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    writeFileSync(join(dir, 'bad.json'), bytes);
    const { result, files } = await recordingReads(async () => readInputText(join(dir, 'bad.json'), 'bad.json'));
    expect(result).toBe(bytes.toString('utf8'));
    expect(files[0].sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(files[0].sha256).not.toBe(createHash('sha256').update(result).digest('hex'));
  });

  test('loads side by side keep their records apart', async () => {
    const dir = writeTree({ 'a.txt': 'a', 'b.txt': 'b' });
    const read = (name: string) =>
      recordingReads(async () => {
        await new Promise((r) => setTimeout(r, 5));
        readInputText(join(dir, name), name);
      });
    const [a, b] = await Promise.all([read('a.txt'), read('b.txt')]);
    expect([a.files.map((f) => f.file), b.files.map((f) => f.file)]).toEqual([['a.txt'], ['b.txt']]);
  });
});

describe('loadPath lists the files each input was read from', () => {
  test('a Terraform folder: its files, its local modules and its tfvars', async () => {
    const root = join(HCL, '06-local-module-covered/infra');
    const [input] = await loadPath(root, { cwd: HCL });
    const expected = [
      'main.tf',
      'modules/audit/main.tf',
      'modules/audit/outputs.tf',
      'modules/audit/variables.tf',
      'modules/audit/versions.tf',
    ];
    expect(input.files?.map((f) => f.file).sort()).toEqual(expected.map((f) => relative(HCL, join(root, f))).sort());
    for (const f of input.files ?? []) expect(f.sha256).toBe(sha256(join(HCL, f.file)));

    const withVars = join(HCL, '02-variables-locals-tfvars/infra');
    const [second] = await loadPath(withVars, { cwd: withVars });
    expect(second.files?.map((f) => f.file)).toContain('terraform.tfvars');
  });

  test('a stack of a cdktf.out folder: the manifest and its own file, not the other stacks', async () => {
    const out = join(__dirname, 'fixtures/check/02-cdktf-cross-stack/cdktf.out');
    const inputs = await loadPath(out, { cwd: out });
    expect(inputs.map((i) => [i.file, i.files?.map((f) => f.file)])).toEqual([
      ['stacks/audit/cdk.tf.json', ['manifest.json', 'stacks/audit/cdk.tf.json']],
      ['stacks/shared/cdk.tf.json', ['manifest.json', 'stacks/shared/cdk.tf.json']],
    ]);
  });

  test('a plan: itself', async () => {
    const plan = join(__dirname, 'fixtures/check/05-plan-child-module-covered/plan.json');
    const [input] = await loadPath(plan, { cwd: join(plan, '..') });
    expect(input.files).toEqual([{ file: 'plan.json', sha256: sha256(plan) }]);
  });
});
