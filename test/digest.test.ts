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

  test('the digest is of the bytes, their byte-order mark too', async () => {
    const dir = writeTree({});
    const bytes = Buffer.from('\ufeff{"a":"é"}');
    writeFileSync(join(dir, 'bom.json'), bytes);
    const { result, files } = await recordingReads(async () => readInputText(join(dir, 'bom.json'), 'bom.json'));
    expect(result).toBe('\ufeff{"a":"é"}');
    expect(files[0].sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
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

describe('readInputText: the encoding Terraform reads', () => {
  const read = (bytes: Buffer) => {
    const dir = writeTree({});
    writeFileSync(join(dir, 'in.json'), bytes);
    return () => readInputText(join(dir, 'in.json'), 'in.json');
  };

  test('UTF-8, with or without its BOM, and every character: as written', () => {
    expect(read(Buffer.from('{"a":"é👍"}'))()).toBe('{"a":"é👍"}');
    expect(read(Buffer.from('\ufeff{}'))()).toBe('\ufeff{}');
  });

  test("BUG: UTF-16 (PowerShell's >) is refused saying so, not read as replacement characters", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"format_version":"1.2"}', 'utf16le')]);
    expect(read(utf16)).toThrow(
      "in.json: is UTF-16 (as Windows PowerShell's > writes it); Terraform and the checker read UTF-8: write it with | Out-File -Encoding utf8, or from another shell",
    );
    expect(read(Buffer.from([0xfe, 0xff, 0x00, 0x7b]))).toThrow(/in\.json: is UTF-16/);
  });

  test('BUG: bytes that are not UTF-8 are refused with where they are (HCL refuses them), not read as replacement characters', () => {
    expect(read(Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]))).toThrow(
      'in.json: byte offset 2: is not valid UTF-8, which Terraform and the checker read',
    );
    // After a two-byte character: the offset counts bytes.
    expect(read(Buffer.concat([Buffer.from('"é'), Buffer.from([0xff]), Buffer.from('"')]))).toThrow('in.json: byte offset 3:');
    // A stray continuation byte.
    expect(read(Buffer.from([0x61, 0x80, 0x62]))).toThrow('in.json: byte offset 1:');
    // A character cut short at the end: where it starts.
    expect(read(Buffer.concat([Buffer.from('"ab'), Buffer.from([0xe2, 0x82])]))).toThrow('in.json: byte offset 3:');
  });
});
