import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { loadPath } from '../../lib/load';
import type { VariableArgument } from '../../lib/load/options';
import { Element, Notification, Topic, Tracker, known } from '../../lib/model';
import { writeTree } from '../support/tree';

const tree = (files: Record<string, unknown>) => writeTree(files, 'cts-audit-hcl-');

async function load(
  files: Record<string, string>,
  options: { vars?: Record<string, string>; varFiles?: string[]; variables?: VariableArgument[]; env?: Record<string, string> } = {},
) {
  const dir = tree(files);
  const [input] = await loadPath(join(dir, 'infra'), {
    cwd: dir,
    ...options,
    varFiles: options.varFiles?.map((f) => join(dir, f)),
    variables: options.variables?.map((v) => ('file' in v ? { file: join(dir, v.file) } : v)),
  });
  return { input, dir };
}

const PROVIDERS = `
provider "huaweicloud" {
  region = "cn-north-4"
}
provider "huaweicloud" {
  alias  = "hk"
  region = "ap-southeast-1"
}
`;

const byAddress = (elements: Element[], address: string) => elements.find((e) => e.address === address);

describe('what a folder holds, as Terraform lists it', () => {
  const MAIN = 'resource "huaweicloud_cts_tracker" "system" {\n  bucket_name = "traces"\n}\n';

  test('BUG: a folder named x.tf is not a file (it was read: EISDIR, an internal error)', async () => {
    const dir = tree({ 'infra/providers.tf': PROVIDERS, 'infra/main.tf': MAIN, 'infra/evil.tf/inner.txt': 'x' });
    const [input] = await loadPath(join(dir, 'infra'), { cwd: dir });
    expect(input.elements.map((e) => e.address)).toEqual(['huaweicloud_cts_tracker.system']);
  });

  test('a link that leads nowhere is read as Terraform reads it: an error naming it', async () => {
    const dir = tree({ 'infra/providers.tf': PROVIDERS, 'infra/main.tf': MAIN });
    symlinkSync(join(dir, 'nowhere.tf'), join(dir, 'infra/gone.tf'));
    await expect(loadPath(join(dir, 'infra'), { cwd: dir })).rejects.toThrow('infra/gone.tf: cannot read file (ENOENT)');
  });

  test('a folder named terraform.tfvars gives no values', async () => {
    const dir = tree({
      'infra/providers.tf': PROVIDERS,
      'infra/main.tf': 'variable "b" {\n  default = "traces"\n}\nresource "huaweicloud_cts_tracker" "system" {\n  bucket_name = var.b\n}\n',
    });
    mkdirSync(join(dir, 'infra/terraform.tfvars'));
    const [input] = await loadPath(join(dir, 'infra'), { cwd: dir });
    expect((input.elements[0] as Tracker).bucketName).toEqual({ kind: 'known', value: 'traces' });
  });
});

describe('HCL terraform blocks', () => {
  test("BUG: a required_providers source that is not Huawei Cloud's makes its resources prove nothing (the block was dropped)", async () => {
    const { input } = await load({
      'infra/versions.tf':
        'terraform {\n  required_providers {\n    huaweicloud = {\n      source = "someone/huaweicloud"\n    }\n  }\n}\n',
      'infra/providers.tf': PROVIDERS,
      'infra/main.tf': 'resource "huaweicloud_cts_tracker" "system" {\n  bucket_name = "traces"\n}\n',
    });
    expect((input.elements[0] as Tracker).mayNotExist).toMatch(
      /^huaweicloud_cts_tracker\.system is managed by the provider someone\/huaweicloud \(required_providers\)/,
    );
  });
});

describe('HCL blocks written as arguments', () => {
  const notification = (body: string) => ({
    'infra/providers.tf': PROVIDERS,
    'infra/main.tf': `resource "huaweicloud_cts_tracker" "system" {\n  bucket_name = "traces"\n}\n\nresource "huaweicloud_cts_notification" "notebook" {\n  name          = "notebook"\n  operation_type = "customized"\n${body}}\n`,
  });

  test('BUG: operations = [...] is refused as Terraform refuses it (hcl2json gave it the JSON of a block, and it passed)', async () => {
    await expect(
      load(
        notification(
          '  operations = [{\n    service     = "ModelArts"\n    resource    = "Notebook"\n    trace_names = ["createNotebook"]\n  }]\n',
        ),
      ),
    ).rejects.toThrow(
      /infra\/main\.tf: 8:3: resource huaweicloud_cts_notification\.notebook: operations is a block, which Terraform refuses as an argument \("operations = \.\.\."\); write it as a block: operations \{ \.\.\. \}, one per item, or a dynamic "operations" block$/,
    );
  });

  test('BUG: a type label written with an escape is the type it names (it hid the resource from the check)', async () => {
    await expect(
      load({
        'infra/providers.tf': PROVIDERS,
        'infra/main.tf': 'resource "huaweicloud_cts_\\u006eotification" "n" {\n  operations = []\n}\n',
      }),
    ).rejects.toThrow(/main\.tf: 2:3: resource huaweicloud_cts_notification\.n: operations is a block/);
  });

  test('lifecycle and the blocks of the other modeled types, on one line with their block, or with identifier labels', async () => {
    await expect(
      load({
        'infra/providers.tf': PROVIDERS,
        'infra/main.tf': 'resource huaweicloud_cts_tracker system { lifecycle = { prevent_destroy = true } }\n',
      }),
    ).rejects.toThrow(/main\.tf: 1:43: resource huaweicloud_cts_tracker\.system: lifecycle is a block/);
    await expect(
      load({
        'infra/providers.tf': PROVIDERS,
        'infra/main.tf': 'resource "huaweicloud_obs_bucket" "traces" {\n  bucket = "traces"\n\tlogging = []\n}\n',
      }),
    ).rejects.toThrow(/main\.tf: 3:2: resource huaweicloud_obs_bucket\.traces: logging is a block/);
  });

  const refusal = (body: string, type = 'huaweicloud_obs_bucket') =>
    load({ 'infra/providers.tf': PROVIDERS, 'infra/main.tf': `resource "${type}" "r" {\n${body}}\n` }).then(
      () => 'loaded',
      (e: Error) => e.message,
    );

  test("BUG: a block nested in a block, written as an argument, is refused (only a resource's own blocks were)", async () => {
    expect(await refusal('  bucket = "traces"\n  lifecycle_rule {\n    enabled    = true\n    expiration = [{ days = 365 }]\n  }\n')).toBe(
      'infra/main.tf: 5:5: resource huaweicloud_obs_bucket.r: expiration in lifecycle_rule is a block, which Terraform refuses as an argument ("expiration = ..."); write it as a block: expiration { ... }, one per item, or a dynamic "expiration" block',
    );
    expect(await refusal('  lifecycle {\n    precondition = { condition = true }\n  }\n', 'huaweicloud_cts_tracker')).toBe(
      'infra/main.tf: 3:5: resource huaweicloud_cts_tracker.r: precondition in lifecycle is a block, which Terraform refuses as an argument ("precondition = ..."); write it as a block: precondition { ... }, one per item, or a dynamic "precondition" block',
    );
  });

  test("BUG: a dynamic block's content, or dynamic itself, written as an argument is refused (the operations it made were read)", async () => {
    const ops =
      '  dynamic "operations" {\n    for_each = ["Notebook"]\n    content = {\n      service     = "ModelArts"\n      resource    = operations.value\n      trace_names = ["createNotebook"]\n    }\n  }\n';
    expect(await refusal(ops, 'huaweicloud_cts_notification')).toBe(
      'infra/main.tf: 4:5: resource huaweicloud_cts_notification.r: content in dynamic "operations" is a block, which Terraform refuses as an argument ("content = ..."); write it as a block: content { ... }',
    );
    expect(await refusal('  dynamic = { operations = [] }\n', 'huaweicloud_cts_notification')).toBe(
      'infra/main.tf: 2:3: resource huaweicloud_cts_notification.r: dynamic is a block, which Terraform refuses as an argument ("dynamic = ..."); write it as a block: dynamic "<block type>" { for_each = ..., content { ... } }',
    );
    expect(
      await refusal(
        '  lifecycle_rule {\n    dynamic "expiration" {\n      for_each = [365]\n      content {\n        days = expiration.value\n      }\n    }\n    dynamic "transition" {\n      for_each = []\n      content {\n        transition = []\n      }\n    }\n  }\n',
      ),
    ).toBe('loaded');
    expect(
      await refusal('  dynamic "lifecycle_rule" {\n    for_each = [1]\n    content {\n      expiration = [{ days = 1 }]\n    }\n  }\n'),
    ).toMatch(/^infra\/main\.tf: 5:7: resource huaweicloud_obs_bucket\.r: expiration in dynamic "lifecycle_rule" > content is a block/);
  });

  test('arguments of a dynamic block, of blocks the type does not have, and of blocks with no blocks of their own are read', async () => {
    expect(
      await refusal(
        '  lifecycle_rule {\n    enabled = true\n    expiration {\n      days = 365\n    }\n  }\n  cors_rule {\n    expiration = 1\n  }\n',
      ),
    ).toBe('loaded');
    expect(
      await refusal(
        '  unknown_block {\n    expiration = []\n  }\n  dynamic "unknown" {\n    content {\n      expiration = []\n    }\n  }\n',
      ),
    ).toBe('loaded');
    expect(await refusal('  dynamic "cors_rule" {\n    for_each = []\n    iterator = rule\n    labels   = []\n    content {}\n  }\n')).toBe(
      'loaded',
    );
  });

  test('blocks below a block the type does not have, and blocks other than content in a dynamic block, are not judged', async () => {
    expect(await refusal('  unknown_block {\n    inner {\n      expiration = []\n    }\n  }\n')).toBe('loaded');
    expect(
      await refusal('  dynamic "lifecycle_rule" {\n    for_each = []\n    other {\n      expiration = []\n    }\n    content {}\n  }\n'),
    ).toBe('loaded');
  });

  test('a nested block header with a tab before its brace, or with an identifier label, is a block', async () => {
    expect(await refusal('  lifecycle_rule\t{\n    transition = []\n  }\n')).toMatch(
      /^infra\/main\.tf: 3:5: .*: transition in lifecycle_rule is a block/,
    );
    expect(await refusal('  dynamic lifecycle_rule {\n    for_each = []\n    content {\n      transition = []\n    }\n  }\n')).toMatch(
      /^infra\/main\.tf: 5:7: .*: transition in dynamic "lifecycle_rule" > content is a block/,
    );
  });

  test('the same keys as blocks, as object keys, in a .tf.json file, or in a type the checker does not model, are read', async () => {
    const { input } = await load(
      notification(
        '  operations {\n    service     = "ModelArts"\n    resource    = "Notebook"\n    trace_names = ["createNotebook"]\n  }\n  tags = {\n    operations = "x"\n  }\n',
      ),
    );
    expect((byAddress(input.elements, 'huaweicloud_cts_notification.notebook') as Notification).operations).toEqual(
      known([{ service: 'ModelArts', resource: 'Notebook', traceNames: ['createNotebook'] }]),
    );
    const other = await load({
      'infra/providers.tf': PROVIDERS,
      'infra/main.tf':
        'resource "huaweicloud_cts_tracker" "system" {\n  bucket_name = "traces"\n}\nresource "huaweicloud_vpc" "v" {\n  operations = []\n}\n',
      'infra/extra.tf.json': JSON.stringify({
        resource: { huaweicloud_smn_subscription: { s: { topic_urn: 'urn', endpoint: 'a@b.c', protocol: 'email', extension: [] } } },
      }),
    });
    expect(other.input.elements.map((e) => e.address).sort()).toEqual(['huaweicloud_cts_tracker.system', 'huaweicloud_smn_subscription.s']);
  });
});

describe('HCL numbers a 64-bit float misreads', () => {
  const counted = (count: string) => ({
    'infra/providers.tf': PROVIDERS,
    'infra/variables.tf': 'variable "n" {\n  type    = number\n  default = 1\n}\n',
    'infra/main.tf': `resource "huaweicloud_cts_tracker" "system" {\n  count       = ${count}\n  bucket_name = "traces"\n}\n`,
  });

  test('BUG: count = 0.99999999999999999999 is refused (hcl2json read it as 1 and the tracker counted; Terraform reads it exactly)', async () => {
    await expect(load(counted('0.99999999999999999999'))).rejects.toThrow(
      /^infra\/main\.tf: 2:17: the number 0\.99999999999999999999 would be read as 1, but Terraform reads it exactly \(a count or a number of days would differ\); write it with at most 15 significant digits$/,
    );
    await expect(load(counted('1e400'))).rejects.toThrow(
      /^infra\/main\.tf: 2:17: the number 1e400 is beyond a 64-bit float, but Terraform/,
    );
  });

  test('in tfvars files (HCL and JSON), --var and TF_VAR_, each named', async () => {
    const files = {
      ...counted('var.n'),
      'extra.tfvars': 'n = 0.99999999999999999999\n',
      'extra.tfvars.json': '{"n": 0.99999999999999999999}',
    };
    await expect(load(files, { varFiles: ['extra.tfvars'] })).rejects.toThrow(
      /extra\.tfvars: 1:5: the number 0\.99999999999999999999 would be read as 1/,
    );
    await expect(load(files, { varFiles: ['extra.tfvars.json'] })).rejects.toThrow(
      /extra\.tfvars\.json: 1:7: the number 0\.99999999999999999999 would be read as 1/,
    );
    await expect(load(files, { vars: { n: '0.99999999999999999999' } })).rejects.toThrow(
      /^--var n: the number 0\.99999999999999999999 would be read as 1/,
    );
    await expect(load(files, { env: { TF_VAR_n: '[9007199254740993]' } })).rejects.toThrow(
      /^TF_VAR_n: the number 9007199254740993 would be read as 9007199254740992/,
    );
    const { input } = await load(files, { vars: { n: '1' } });
    expect(input.elements.map((e) => e.address)).toEqual(['huaweicloud_cts_tracker.system[0]']);
  });
});

describe('HCL removed blocks', () => {
  test('BUG: a removed block that destroys a tracker, in any file of the folder, is read (hcl2json gives it; it was dropped)', async () => {
    const { input } = await load({
      'infra/providers.tf': PROVIDERS,
      'infra/main.tf': 'resource "huaweicloud_cts_tracker" "system" {\n  bucket_name = "traces"\n}\n',
      'infra/removed.tf':
        'removed {\n  from = huaweicloud_smn_topic.old\n  lifecycle {\n    destroy = true\n  }\n}\nremoved {\n  from = huaweicloud_cts_tracker.legacy\n  lifecycle {\n    destroy = true\n  }\n}\n',
    });
    expect((byAddress(input.elements, 'huaweicloud_cts_tracker.system') as Tracker).mayNotExist).toMatch(
      /^the configuration destroys huaweicloud_cts_tracker\.legacy \(removed with destroy = true\)/,
    );
  });
});

describe('HCL folders', () => {
  test('resources carry their file and line, and regions come from aliased providers', async () => {
    const { input } = await load({
      'infra/providers.tf': PROVIDERS,
      'infra/main.tf':
        '# the audit trail\n\nresource "huaweicloud_cts_tracker" "hk" {\n  provider = huaweicloud.hk\n  bucket_name = "traces"\n}\n',
    });
    expect(input.kind).toBe('hcl');
    const t = input.elements[0] as Tracker;
    expect(t.source).toEqual({ file: 'infra/main.tf', line: 3 });
    expect(t.region).toEqual({ kind: 'known', value: 'ap-southeast-1' });
    expect(t.address).toBe('huaweicloud_cts_tracker.hk');
  });

  test('variable values: default < terraform.tfvars < *.auto.tfvars < --var-file < --var', async () => {
    const files = {
      'infra/main.tf': `${PROVIDERS}
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
resource "huaweicloud_cts_tracker" "a" { bucket_name = var.a }
resource "huaweicloud_cts_tracker" "b" { bucket_name = var.b }
resource "huaweicloud_cts_tracker" "c" { bucket_name = var.c }
resource "huaweicloud_cts_tracker" "d" { bucket_name = var.d }
resource "huaweicloud_cts_tracker" "e" { bucket_name = var.e }
`,
      'infra/terraform.tfvars': 'b = "tfvars"\nc = "tfvars"\nd = "tfvars"\ne = "tfvars"\n',
      'infra/z.auto.tfvars.json': '{"c": "auto", "d": "auto", "e": "auto"}',
      'extra.tfvars': 'd = "var-file"\ne = "var-file"\n',
    };
    const { input } = await load(files, { varFiles: ['extra.tfvars'], vars: { e: 'var' } });
    expect(['a', 'b', 'c', 'd', 'e'].map((n) => (byAddress(input.elements, `huaweicloud_cts_tracker.${n}`) as Tracker).bucketName)).toEqual(
      ['default', 'tfvars', 'auto', 'var-file', 'var'].map((value) => ({ kind: 'known', value })),
    );
  });

  test("the folder's tfvars files in Terraform's order: terraform.tfvars, its JSON, then *.auto.tfvars(.json) by name; no other", async () => {
    const files = {
      'infra/main.tf': `${PROVIDERS}
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
resource "huaweicloud_cts_tracker" "a" { bucket_name = var.a }
resource "huaweicloud_cts_tracker" "b" { bucket_name = var.b }
resource "huaweicloud_cts_tracker" "c" { bucket_name = var.c }
`,
      'infra/terraform.tfvars': 'a = "tfvars"\nb = "tfvars"\nc = "tfvars"\n',
      'infra/terraform.tfvars.json': '{"b": "tfvars.json", "c": "tfvars.json"}',
      'infra/a.auto.tfvars.json': '{"c": "a.auto.json"}',
      'infra/b.auto.tfvars': 'c = "b.auto"\n',
      'infra/prod.tfvars': 'a = "prod"\nb = "prod"\nc = "prod"\n',
      'infra/auto.tfvars': 'a = "auto"\n',
    };
    const { input } = await load(files);
    expect(['a', 'b', 'c'].map((n) => (byAddress(input.elements, `huaweicloud_cts_tracker.${n}`) as Tracker).bucketName)).toEqual(
      ['tfvars', 'tfvars.json', 'b.auto'].map((value) => ({ kind: 'known', value })),
    );
  });

  test('a tfvars file that holds no assignments is refused, naming it', async () => {
    await expect(load({ 'infra/main.tf': PROVIDERS, 'infra/z.auto.tfvars.json': '["a"]' })).rejects.toThrow(
      'infra/z.auto.tfvars.json: expected variable assignments',
    );
  });

  test('a .tf.json file that is not an object is refused, naming it', async () => {
    await expect(load({ 'infra/main.tf': PROVIDERS, 'infra/extra.tf.json': '[]' })).rejects.toThrow(
      'infra/extra.tf.json: not a Terraform JSON configuration: expected an object',
    );
  });

  test('--var and --var-file apply in command-line order, the later winning whatever its kind; TF_VAR_ is below everything', async () => {
    const files = {
      'infra/main.tf': `${PROVIDERS}
variable "on" { type = bool }
variable "env_only" { default = "default" }
variable "env_and_tfvars" { default = "default" }
resource "huaweicloud_cts_tracker" "t" {
  enabled     = var.on
  bucket_name = var.env_only
  file_prefix = var.env_and_tfvars
}
`,
      'infra/terraform.tfvars': 'env_and_tfvars = "tfvars"\n',
      'off.tfvars': 'on = false\n',
    };
    const env = { TF_VAR_on: 'true', TF_VAR_env_only: 'from-env', TF_VAR_env_and_tfvars: 'from-env', TF_VAR_undeclared: 'x' };
    const tracker = async (variables: VariableArgument[]) => (await load(files, { variables, env })).input.elements[0] as Tracker;

    const fileLast = await tracker([{ var: 'on', value: 'true' }, { file: 'off.tfvars' }]);
    expect(fileLast.enabled).toEqual({ kind: 'known', value: false });
    const varLast = await tracker([{ file: 'off.tfvars' }, { var: 'on', value: 'true' }]);
    expect(varLast.enabled).toEqual({ kind: 'known', value: true });
    const none = await tracker([]);
    expect([none.enabled, none.bucketName, none.filePrefix]).toEqual([
      { kind: 'known', value: true },
      { kind: 'known', value: 'from-env' },
      { kind: 'known', value: 'tfvars' },
    ]);
  });

  test('--var values of non-string variables are read as JSON', async () => {
    const { input } = await load(
      { 'infra/main.tf': `${PROVIDERS}\nvariable "on" { type = bool }\nresource "huaweicloud_cts_tracker" "t" { enabled = var.on }\n` },
      { vars: { on: 'false' } },
    );
    expect((input.elements[0] as Tracker).enabled).toEqual({ kind: 'known', value: false });
  });

  test('a local module: its inputs, passed providers, outputs and prefixed addresses', async () => {
    const { input } = await load({
      'infra/main.tf': `${PROVIDERS}
module "audit" {
  source    = "./modules/audit"
  topic_urn = huaweicloud_smn_topic.shared.topic_urn
  providers = { huaweicloud = huaweicloud.hk }
}
resource "huaweicloud_smn_topic" "shared" {
  provider = huaweicloud.hk
  name     = "shared"
}
resource "huaweicloud_cts_tracker" "t" {
  provider    = huaweicloud.hk
  bucket_name = module.audit.bucket
}
`,
      'infra/modules/audit/main.tf': `
variable "topic_urn" {}
variable "prefix" { default = "audit" }
resource "huaweicloud_cts_notification" "this" {
  name           = "\${var.prefix}_notebooks"
  operation_type = "complete"
  smn_topic      = var.topic_urn
}
output "bucket" { value = "\${var.prefix}-traces" }
`,
    });
    const n = byAddress(input.elements, 'module.audit.huaweicloud_cts_notification.this') as Notification;
    expect(n.name).toEqual({ kind: 'known', value: 'audit_notebooks' });
    expect(n.region).toEqual({ kind: 'known', value: 'ap-southeast-1' });
    expect(n.topic).toEqual({
      kind: 'ref',
      address: 'huaweicloud_smn_topic.shared',
      attribute: 'topic_urn',
      expression: '${huaweicloud_smn_topic.shared.topic_urn}',
    });
    expect(n.source).toEqual({ file: 'infra/modules/audit/main.tf', line: 4 });
    expect((byAddress(input.elements, 'huaweicloud_cts_tracker.t') as Tracker).bucketName).toEqual({
      kind: 'known',
      value: 'audit-traces',
    });
  });

  test('a module with count makes instances with indexed addresses', async () => {
    const { input } = await load({
      'infra/main.tf': `${PROVIDERS}\nmodule "t" {\n  source = "./m"\n  count  = 2\n  name   = "n\${count.index}"\n}\n`,
      'infra/m/main.tf': 'variable "name" {}\nresource "huaweicloud_smn_topic" "t" { name = var.name }\n',
    });
    expect(input.elements.map((e) => [e.address, (e as Topic).name])).toEqual([
      ['module.t[0].huaweicloud_smn_topic.t', { kind: 'known', value: 'n0' }],
      ['module.t[1].huaweicloud_smn_topic.t', { kind: 'known', value: 'n1' }],
    ]);
  });

  test('for_each over toset() of a literal list, and count from a conditional, as real configurations write them', async () => {
    const { input } = await load({
      'infra/main.tf': `${PROVIDERS}
variable "enabled" { default = true }
variable "env" { default = "prod" }
resource "huaweicloud_smn_topic" "t" {
  for_each = toset(["b", "a", "b"])
  name     = each.key
}
resource "huaweicloud_cts_tracker" "t" {
  count       = var.enabled ? 1 : 0
  bucket_name = var.env == "prod" ? "traces-prod" : "traces-dev"
}
resource "huaweicloud_cts_tracker" "off" {
  count = var.env != "prod" ? 1 : 0
}
`,
    });
    expect(input.diagnostics).toEqual([]);
    expect(input.elements.map((e) => e.address)).toEqual([
      'huaweicloud_cts_tracker.t[0]',
      'huaweicloud_smn_topic.t["a"]',
      'huaweicloud_smn_topic.t["b"]',
    ]);
    expect((byAddress(input.elements, 'huaweicloud_cts_tracker.t[0]') as Tracker).bucketName).toEqual({
      kind: 'known',
      value: 'traces-prod',
    });
  });

  test('override files are merged last into what they override, as in Terraform', async () => {
    const { input } = await load({
      'infra/main.tf': `${PROVIDERS}\nresource "huaweicloud_cts_tracker" "t" {\n  bucket_name = "traces"\n  enabled     = true\n}\n`,
      'infra/a_override.tf': 'resource "huaweicloud_cts_tracker" "t" {\n  enabled = false\n}\n',
    });
    const t = input.elements[0] as Tracker;
    expect([t.enabled, t.bucketName]).toEqual([
      { kind: 'known', value: false },
      { kind: 'known', value: 'traces' },
    ]);
    await expect(
      load({ 'infra/main.tf': PROVIDERS, 'infra/override.tf': 'resource "huaweicloud_cts_tracker" "t" {\n  enabled = false\n}\n' }),
    ).rejects.toThrow('infra/override.tf: 1: resource.huaweicloud_cts_tracker.t overrides nothing: no other file defines it');
  });

  test('a module that is not read but is given a bucket may hold a policy for it: the bucket cannot be verified private', async () => {
    const { input } = await load({
      'infra/main.tf': `${PROVIDERS}
resource "huaweicloud_obs_bucket" "trail" {
  bucket = "trail"
  acl    = "private"
}
module "sharing" {
  source = "acme/bucket-sharing/huaweicloud"
  bucket = huaweicloud_obs_bucket.trail.bucket
}
module "vpc" {
  source = "acme/vpc/huaweicloud"
}
`,
    });
    expect(input.diagnostics.map((d) => d.reaches)).toEqual([{ scope: 'infra', addresses: ['huaweicloud_obs_bucket.trail'] }, undefined]);
  });

  test('one file of a folder with override files is refused: Terraform would merge them into it', async () => {
    const dir = tree({
      'infra/main.tf': `${PROVIDERS}\nresource "huaweicloud_cts_tracker" "t" {\n  bucket_name = "traces"\n}\n`,
      'infra/main_override.tf': 'resource "huaweicloud_cts_tracker" "t" {\n  enabled = false\n}\n',
    });
    await expect(loadPath(join(dir, 'infra/main.tf'), { cwd: dir })).rejects.toThrow(
      'infra/main.tf: the folder also holds main_override.tf, which Terraform reads with it (override files are merged into it); check the folder infra instead',
    );
  });

  test('blocks of a .tf.json file carry their line', async () => {
    const json = JSON.stringify(
      { resource: { huaweicloud_smn_topic: { a: { name: 'a' } }, huaweicloud_cts_tracker: { t: { enabled: false } } } },
      null,
      2,
    );
    const { input } = await load({ 'infra/main.tf': PROVIDERS, 'infra/extra.tf.json': json });
    const line = (address: string) => byAddress(input.elements, address)?.source.line;
    expect([line('huaweicloud_smn_topic.a'), line('huaweicloud_cts_tracker.t')]).toEqual([
      json.split('\n').findIndex((l) => l.includes('"a":')) + 1,
      json.split('\n').findIndex((l) => l.includes('"t":')) + 1,
    ]);
  });

  test('a module from a registry is not read, and says so', async () => {
    const { input } = await load({ 'infra/main.tf': `${PROVIDERS}\nmodule "x" {\n  source = "acme/audit/huaweicloud"\n}\n` });
    expect(input.diagnostics).toEqual([
      {
        source: { file: 'infra/main.tf', line: 10 },
        hides: true,
        message:
          'module.x (source "acme/audit/huaweicloud") is not read: only local modules (./ or ../) are, so its resources are not checked; check a plan (terraform show -json) instead',
      },
    ]);
  });

  test('dynamic "operations" blocks over a local list, beside static ones', async () => {
    const { input } = await load({
      'infra/main.tf': `${PROVIDERS}
locals {
  ops = [
    { resource = "Notebook", names = ["createNotebook", "deleteNotebook"] },
    { resource = "NotebookApp", names = ["createNotebookApp"] },
  ]
}
resource "huaweicloud_cts_notification" "n" {
  name           = "n"
  operation_type = "customized"
  operations {
    service     = "ModelArts"
    resource    = "CombineTmsTag"
    trace_names = ["listCombineTmsTag"]
  }
  dynamic "operations" {
    for_each = local.ops
    iterator = op
    content {
      service     = "ModelArts"
      resource    = op.value.resource
      trace_names = op.value.names
    }
  }
}
`,
    });
    expect((input.elements[0] as Notification).operations).toEqual({
      kind: 'known',
      value: [
        { service: 'ModelArts', resource: 'CombineTmsTag', traceNames: ['listCombineTmsTag'] },
        { service: 'ModelArts', resource: 'Notebook', traceNames: ['createNotebook', 'deleteNotebook'] },
        { service: 'ModelArts', resource: 'NotebookApp', traceNames: ['createNotebookApp'] },
      ],
    });
  });

  test('a dynamic block over a variable with no value leaves the list incomplete, saying why', async () => {
    const { input } = await load({
      'infra/main.tf': `${PROVIDERS}
variable "ops" {}
resource "huaweicloud_cts_notification" "n" {
  name = "n"
  operation_type = "customized"
  dynamic "operations" {
    for_each = var.ops
    content {
      service = "ModelArts"
      resource = operations.value
      trace_names = ["x"]
    }
  }
}
`,
    });
    // The blocks it can see are known (none here); that more may exist is kept with the reason.
    const n = input.elements[0] as Notification;
    expect(n.operations).toEqual({ kind: 'known', value: [] });
    expect(n.moreOperations).toBe(
      'dynamic "operations" iterates over a value the checker cannot evaluate (var.ops has no default; give its value with --var ops=VALUE (or a tfvars file), or check a plan (terraform show -json))',
    );
  });

  test('.tf.json files in the folder are read with the .tf files', async () => {
    const { input } = await load({
      'infra/main.tf': PROVIDERS,
      'infra/topic.tf.json': JSON.stringify({ resource: { huaweicloud_smn_topic: { audit: { name: 'audit' } } } }),
    });
    expect(input.elements.map((e) => [e.address, e.source.file, e.region])).toEqual([
      ['huaweicloud_smn_topic.audit', 'infra/topic.tf.json', { kind: 'known', value: 'cn-north-4' }],
    ]);
  });

  test.each<[string, Record<string, string>, string]>([
    [
      'an HCL syntax error, with file, line and column',
      { 'infra/main.tf': 'resource "a" "b" {\n  x = \n}\n' },
      'infra/main.tf: 2:7: Invalid expression; Expected the start of an expression, but found an invalid expression token.',
    ],
    [
      'a resource defined in two files',
      {
        'infra/a.tf': 'resource "huaweicloud_smn_topic" "t" {\n  name = "a"\n}\n',
        'infra/b.tf': '\nresource "huaweicloud_smn_topic" "t" {\n  name = "b"\n}\n',
      },
      'infra/b.tf: 2: resource.huaweicloud_smn_topic.t is defined again (first in infra/a.tf:1)',
    ],
    [
      'a missing local module',
      { 'infra/main.tf': 'module "m" {\n  source = "./nope"\n}\n' },
      'infra/main.tf: 1: module source ./nope is not a folder',
    ],
    [
      'a malformed tfvars file',
      { 'infra/main.tf': PROVIDERS, 'infra/terraform.tfvars': 'a = \n' },
      'infra/terraform.tfvars: 1:5: Invalid expression',
    ],
  ])('%s is an input error', async (_name, files, message) => {
    await expect(load(files)).rejects.toThrow(message);
  });
});
