/**
 * How lib/load/hcl.ts puts a Terraform folder together before it is evaluated: files merged, override files
 * applied last, blocks defined twice, module folders, tfvars files, and the message for each refusal.
 */
import { join } from 'node:path';
import { loadPath } from '../../lib/load';
import { Element, Topic, Tracker, known } from '../../lib/model';
import * as parser from '../../lib/load/hcl-parser';
import { writeTree } from '../support/tree';

const tree = (files: Record<string, unknown>) => writeTree(files, 'cts-audit-hclfiles-');

async function load(files: Record<string, string>, path = 'infra', options: { varFiles?: string[] } = {}) {
  const dir = tree(files);
  const [input] = await loadPath(join(dir, path), { cwd: dir, varFiles: options.varFiles?.map((f) => join(dir, f)) });
  return input;
}

async function refusal(files: Record<string, string>, path = 'infra', options: { varFiles?: string[] } = {}): Promise<string> {
  return load(files, path, options).then(
    () => 'loaded',
    (e: Error) => e.message,
  );
}

/** The addresses of what a folder of one main.tf holds, once loaded. */
async function addresses(mainTf: string): Promise<string[]> {
  return (await load({ 'infra/main.tf': mainTf })).elements.map((e) => e.address);
}

const PROVIDER = 'provider "huaweicloud" {\n  region = "cn-north-4"\n}\n';
const TRACKER = 'resource "huaweicloud_cts_tracker" "t" {\n  bucket_name = "traces"\n}\n';
const byAddress = (elements: Element[], address: string) => elements.find((e) => e.address === address);

describe('files of a folder', () => {
  test('every .tf and .tf.json file is read; other files and dot files are not', async () => {
    const input = await load({
      'infra/a.tf': PROVIDER,
      'infra/b.tf.json': JSON.stringify({ resource: { huaweicloud_smn_topic: { j: { name: 'from-json' } } } }),
      'infra/c.tf': 'resource "huaweicloud_smn_topic" "h" {\n  name = "from-hcl"\n}\n',
      'infra/.hidden.tf': 'this is not HCL {',
      'infra/notes.txt': 'this is not HCL {',
      'infra/x.tf.bak': 'this is not HCL {',
    });
    expect(input.elements.map((e) => [e.address, (e as Topic).name])).toEqual([
      ['huaweicloud_smn_topic.j', known('from-json')],
      ['huaweicloud_smn_topic.h', known('from-hcl')],
    ]);
  });

  test('a block defined in two files is refused, naming both places', async () => {
    expect(await refusal({ 'infra/a.tf': `${PROVIDER}${TRACKER}`, 'infra/b.tf': `\n\n${TRACKER}` })).toBe(
      'infra/b.tf: 3: resource.huaweicloud_cts_tracker.t is defined again (first in infra/a.tf:4)',
    );
    expect(await refusal({ 'infra/a.tf': 'locals {\n  x = 1\n}\n', 'infra/b.tf': 'locals {\n  x = 2\n}\n' })).toBe(
      'infra/b.tf: local.x: local.x is defined again (first in infra/a.tf)',
    );
  });

  test('locals of several blocks and files are merged; provider blocks of several files are all kept', async () => {
    const input = await load({
      'infra/a.tf': `${PROVIDER}locals {\n  bucket = "from-a"\n}\n`,
      'infra/b.tf':
        'provider "huaweicloud" {\n  alias  = "hk"\n  region = "ap-southeast-1"\n}\nlocals {\n  name = "t"\n}\nlocals {\n  other = 1\n}\n',
      'infra/c.tf':
        'resource "huaweicloud_cts_tracker" "t" {\n  provider    = huaweicloud.hk\n  bucket_name = "${local.bucket}-${local.name}"\n}\n',
    });
    const t = input.elements[0] as Tracker;
    expect([t.bucketName, t.region]).toEqual([known('from-a-t'), known('ap-southeast-1')]);
  });

  test('a syntax error is refused with its file, line and column, and the parser message on one line', async () => {
    expect(await refusal({ 'infra/main.tf': `${PROVIDER}resource "huaweicloud_smn_topic" "t" {\n  name = \n}\n` })).toBe(
      'infra/main.tf: 5:10: Invalid expression; Expected the start of an expression, but found an invalid expression token.',
    );
  });
});

describe('files refused before parsing', () => {
  test('a file over 1 MB', async () => {
    expect(await refusal({ 'infra/main.tf': `${PROVIDER}# ${'x'.repeat(1.1 * 1024 * 1024)}\n` })).toBe(
      'infra/main.tf: is 1.1 MB, larger than any hand-written Terraform file (limit 1 MB); split it, or check a plan (terraform show -json) instead',
    );
  });

  test('a file of exactly 1 MB, and nesting of exactly 200 levels, are still read', async () => {
    const head = `${TRACKER}# `;
    const exact = `${head}${'x'.repeat(1024 * 1024 - Buffer.byteLength(head) - 1)}\n`;
    expect(Buffer.byteLength(exact)).toBe(1024 * 1024);
    expect(await addresses(exact)).toEqual(['huaweicloud_cts_tracker.t']);
    const deep = `${TRACKER}locals {\n  deep = ${'['.repeat(199)}${']'.repeat(199)}\n}\n`;
    expect(await addresses(deep)).toEqual(['huaweicloud_cts_tracker.t']);
  });

  test('brackets in comments and strings are no nesting, and the line of the deepest point counts past them', async () => {
    const many = (c: string) => c.repeat(300);
    const quiet = `${TRACKER}# ${many('[')}\n// ${many('(')}\nlocals {\n  a = "${many('{')}"\n  b = "\\"${many('[')}"\n}\n`;
    expect(await addresses(quiet)).toEqual(['huaweicloud_cts_tracker.t']);
    const deep = `${TRACKER}locals {\n  # ${many('[')}\n  s = "${many('(')}"\n  deep = ["(", ${'['.repeat(200)}${']'.repeat(200)}]\n}\n`;
    expect(await refusal({ 'infra/main.tf': deep })).toBe('infra/main.tf: 7: nested more than 200 levels deep');
  });

  test('nesting deeper than 200 levels, with the line where it is reached', async () => {
    expect(await refusal({ 'infra/main.tf': `${PROVIDER}locals {\n  deep = ${'['.repeat(201)}${']'.repeat(201)}\n}\n` })).toBe(
      'infra/main.tf: 5: nested more than 200 levels deep',
    );
  });
});

describe('a parser that fails other than on the syntax', () => {
  afterEach(() => jest.restoreAllMocks());

  test("is refused with the parser's message on one line, with no place", async () => {
    jest.spyOn(parser, 'parseHclText').mockRejectedValue(new parser.HclParseError('worker exited:\n  out of memory', 'failed'));
    expect(await refusal({ 'infra/main.tf': TRACKER })).toBe('infra/main.tf: cannot parse HCL: worker exited: out of memory');
  });

  test('a syntax message without a place is given as it is', async () => {
    jest.spyOn(parser, 'parseHclText').mockRejectedValue(new parser.HclParseError('unexpected  end\nof input', 'syntax'));
    expect(await refusal({ 'infra/main.tf': TRACKER })).toBe('infra/main.tf: cannot parse HCL: unexpected end of input');
  });

  test('an error that is not a parse error is passed on', async () => {
    const thrown = new Error('EMFILE');
    jest.spyOn(parser, 'parseHclText').mockRejectedValue(thrown);
    await expect(load({ 'infra/main.tf': TRACKER })).rejects.toBe(thrown);
  });
});

describe('override files', () => {
  test('each block an override file names is merged into the original, arguments replaced; locals and variables by name', async () => {
    const input = await load({
      'infra/main.tf': `${PROVIDER}provider "huaweicloud" {\n  alias  = "hk"\n  region = "ap-southeast-1"\n}\nvariable "b" {\n  default = "original"\n}\nlocals {\n  p = "p1"\n}\nresource "huaweicloud_cts_tracker" "t" {\n  provider    = huaweicloud.hk\n  bucket_name = var.b\n  file_prefix = local.p\n  enabled     = true\n}\n`,
      'infra/override.tf':
        'variable "b" {\n  default = "overridden"\n}\nlocals {\n  p = "p2"\n}\nprovider "huaweicloud" {\n  alias  = "hk"\n  region = "eu-west-0"\n}\n',
      'infra/z_override.tf.json': JSON.stringify({ resource: { huaweicloud_cts_tracker: { t: { enabled: false } } } }),
    });
    const t = input.elements[0] as Tracker;
    expect([t.bucketName, t.filePrefix, t.enabled, t.region]).toEqual([known('overridden'), known('p2'), known(false), known('eu-west-0')]);
  });

  test('an override file is merged after every other file, whatever its name', async () => {
    const input = await load({
      'infra/a_override.tf': 'resource "huaweicloud_cts_tracker" "t" {\n  bucket_name = "from-override"\n}\n',
      'infra/main.tf': `${PROVIDER}${TRACKER}`,
      'infra/zzz.tf': 'resource "huaweicloud_smn_topic" "t" {\n  name = "t"\n}\n',
    });
    expect((byAddress(input.elements, 'huaweicloud_cts_tracker.t') as Tracker).bucketName).toEqual(known('from-override'));
  });

  test('a provider an override file names that no file defines is refused', async () => {
    expect(
      await refusal({
        'infra/main.tf': PROVIDER,
        'infra/override.tf': 'provider "huaweicloud" {\n  alias  = "eu"\n  region = "eu-west-0"\n}\n',
      }),
    ).toBe('infra/override.tf: provider.huaweicloud: provider huaweicloud (alias eu) overrides nothing');
    expect(await refusal({ 'infra/main.tf': TRACKER, 'infra/override.tf': 'provider "huaweicloud" {\n  region = "eu-west-0"\n}\n' })).toBe(
      'infra/override.tf: provider.huaweicloud: provider huaweicloud overrides nothing',
    );
  });

  test('a module an override file names that no file defines is refused, with its line', async () => {
    expect(await refusal({ 'infra/main.tf': PROVIDER, 'infra/override.tf': '\nmodule "m" {\n  source = "./m"\n}\n' })).toBe(
      'infra/override.tf: 2: module.m overrides nothing: no other file defines it',
    );
  });

  test('one file of a folder is checked alone when it is the only Terraform file there', async () => {
    const input = await load(
      { 'infra/main.tf': `${PROVIDER}${TRACKER}`, 'infra/override.tf.bak': 'x', 'infra/notes.md': 'x' },
      'infra/main.tf',
    );
    expect(input.elements.map((e) => e.address)).toEqual(['huaweicloud_cts_tracker.t']);
    // An override file alone overrides nothing, as in Terraform.
    expect(await refusal({ 'infra/override.tf': `${PROVIDER}${TRACKER}` }, 'infra/override.tf')).toBe(
      'infra/override.tf: 4: resource.huaweicloud_cts_tracker.t overrides nothing: no other file defines it',
    );
  });

  test.each([
    [
      'override files',
      { 'infra/override.tf': TRACKER, 'infra/b_override.tf.json': '{}', 'infra/c.tf': '' },
      'infra/main.tf: the folder also holds b_override.tf.json, c.tf, override.tf, which Terraform reads with it (override files are merged into it); check the folder infra instead',
    ],
    [
      'another .tf file (it could hold a second, disabled tracker)',
      { 'infra/other.tf': 'this is not read {' },
      'infra/main.tf: the folder also holds other.tf, which Terraform reads with it (a folder is one configuration); check the folder infra instead',
    ],
    [
      'a terraform.tfvars',
      { 'infra/terraform.tfvars': 'x = 1' },
      'infra/main.tf: the folder also holds terraform.tfvars, which Terraform reads with it (a folder is one configuration); check the folder infra instead',
    ],
  ])('one file is refused when the folder holds more that Terraform reads with it: %s', async (_name, more, message) => {
    expect(await refusal({ 'infra/main.tf': `${PROVIDER}${TRACKER}`, ...more }, 'infra/main.tf')).toBe(message);
  });

  test('the files beside it are listed five at most, and the folder is named "." when it is the working folder', async () => {
    const more = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => [`infra/${n}.tf`, '']));
    expect(await refusal({ 'infra/main.tf': TRACKER, ...more }, 'infra/main.tf')).toBe(
      'infra/main.tf: the folder also holds a.tf, b.tf, c.tf, d.tf, e.tf and 2 more, which Terraform reads with it (a folder is one configuration); check the folder infra instead',
    );
    const five = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((n) => [`infra/${n}.tf`, '']));
    expect(await refusal({ 'infra/main.tf': TRACKER, ...five }, 'infra/main.tf')).toBe(
      'infra/main.tf: the folder also holds a.tf, b.tf, c.tf, d.tf, e.tf, which Terraform reads with it (a folder is one configuration); check the folder infra instead',
    );
    const dir = tree({ 'main.tf': TRACKER, 'z_override.tf': '' });
    const error = await loadPath(join(dir, 'main.tf'), { cwd: dir }).catch((e: Error) => e.message);
    expect(error).toBe(
      'main.tf: the folder also holds z_override.tf, which Terraform reads with it (override files are merged into it); check the folder . instead',
    );
  });

  test('a .tf.json file checked alone is a file of its folder too (not a cdktf stack): refused beside a tfvars file', async () => {
    expect(await refusal({ 'infra/main.tf.json': '{}', 'infra/prod.auto.tfvars': 'x = 1' }, 'infra/main.tf.json')).toBe(
      'infra/main.tf.json: the folder also holds prod.auto.tfvars, which Terraform reads with it (a folder is one configuration); check the folder infra instead',
    );
  });
});

describe('module folders', () => {
  test('a local module source that is not a folder is refused, with the line of the module block', async () => {
    expect(await refusal({ 'infra/main.tf': `${PROVIDER}\nmodule "audit" {\n  source = "./missing"\n}\n`, 'infra/file.tf': '' })).toBe(
      'infra/main.tf: 5: module source ./missing is not a folder',
    );
    expect(await refusal({ 'infra/main.tf': `${PROVIDER}module "audit" {\n  source = "../infra/file.tf"\n}\n`, 'infra/file.tf': '' })).toBe(
      'infra/main.tf: 4: module source ../infra/file.tf is not a folder',
    );
  });

  test('a module folder called twice is read once, and each call is evaluated', async () => {
    const input = await load({
      'infra/main.tf': `${PROVIDER}module "a" {\n  source = "./m"\n  name = "a"\n}\nmodule "b" {\n  source = "./m/"\n  name = "b"\n}\n`,
      'infra/m/main.tf': 'variable "name" {}\nresource "huaweicloud_smn_topic" "t" {\n  name = var.name\n}\n',
    });
    expect(input.elements.map((e) => [e.address, (e as { name: { value?: unknown } }).name.value])).toEqual([
      ['module.a.huaweicloud_smn_topic.t', 'a'],
      ['module.b.huaweicloud_smn_topic.t', 'b'],
    ]);
  });

  test('a module that calls a module containing it is a cycle, refused as Terraform does, naming the call', async () => {
    expect(
      await refusal({
        'infra/main.tf': `${PROVIDER}module "a" {\n  source = "./m"\n}\n`,
        'infra/m/main.tf': 'resource "huaweicloud_smn_topic" "t" {\n  name = "t"\n}\nmodule "self" {\n  source = "../m"\n  count  = 3\n}\n',
      }),
    ).toBe(
      'infra/m/main.tf: 4: module.a.module.self (source "../m") calls back into a module that contains it: a module cycle, which Terraform refuses',
    );
    expect(
      await refusal({
        'infra/main.tf': `${PROVIDER}module "a" {\n  source = "./x"\n}\n`,
        'infra/x/main.tf': 'module "y" {\n  source = "../y"\n}\n',
        'infra/y/main.tf': 'module "x" {\n  source = "../x"\n}\n',
      }),
    ).toBe(
      'infra/y/main.tf: 1: module.a.module.y.module.x (source "../x") calls back into a module that contains it: a module cycle, which Terraform refuses',
    );
    expect(await refusal({ 'infra/main.tf': `${PROVIDER}module "me" {\n  source = "./"\n}\n` })).toBe(
      'infra/main.tf: 4: module.me (source "./") calls back into a module that contains it: a module cycle, which Terraform refuses',
    );
  });
});

describe('module folders, counted', () => {
  test('more than 500 local module folders are refused, naming the call that passes the limit', async () => {
    const calls = Array.from({ length: 501 }, (_, i) => `module "m${i}" {\n  source = "./m${i}"\n}\n`).join('');
    const files: Record<string, string> = { 'infra/main.tf': calls };
    for (let i = 0; i < 501; i++) files[`infra/m${i}/README.md`] = 'no Terraform here';
    // The root module is one of the 500; the calls are read in name order (m98 is the 500th, before m99).
    expect(await refusal(files)).toBe('infra: module.m98: more than 500 local modules; is there a cycle?');
    files['infra/main.tf'] = calls.slice(0, calls.indexOf('module "m499"'));
    expect(await refusal(files)).toBe('loaded');
  });
});

describe('tfvars files', () => {
  test('a --var-file that cannot be read is refused, saying why', async () => {
    expect(await refusal({ 'infra/main.tf': `${PROVIDER}variable "b" {}\n${TRACKER}` }, 'infra', { varFiles: ['infra/nope.tfvars'] })).toBe(
      'infra/nope.tfvars: cannot read file (ENOENT)',
    );
  });

  test('a tfvars.json file is read as JSON', async () => {
    const input = await load(
      {
        'infra/main.tf': `${PROVIDER}variable "b" {}\nresource "huaweicloud_cts_tracker" "t" {\n  bucket_name = var.b\n}\n`,
        'infra/terraform.tfvars.json': '{"b": "from-json"}',
        'infra/x.auto.tfvars.json': '{}',
      },
      'infra',
    );
    expect((input.elements[0] as Tracker).bucketName).toEqual(known('from-json'));
  });
});

describe('a Terraform folder with a manifest.json of its own', () => {
  test("is a Terraform folder when the manifest is not cdktf's (Packer writes one)", async () => {
    const input = await load({
      'infra/main.tf': `${PROVIDER}${TRACKER}`,
      'infra/manifest.json': '{"builds": [{"name": "image", "artifact_id": "x"}], "last_run_uuid": "u"}',
    });
    expect([input.kind, input.elements.map((e) => e.address)]).toEqual(['hcl', ['huaweicloud_cts_tracker.t']]);
  });
});
