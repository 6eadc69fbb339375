/**
 * What the configuration loader says when it cannot evaluate a value, word for word. A reason is what a user reads
 * to make an unknown event known, so each one is asserted whole: what could not be evaluated, and what to do.
 */
import { ConfigDocument } from '../../lib/load/common';
import { LoadedModule, readConfig } from '../../lib/load/config';
import { Tracker } from '../../lib/model';

const ctx = { scope: 'stack', file: 'main.tf.json', input: 'hcl' as const };
const PROVIDER = { huaweicloud: [{ region: 'cn-north-4' }] };

function read(doc: ConfigDocument, modules: Record<string, ConfigDocument> = {}) {
  const module = (source: string): LoadedModule | undefined =>
    Object.prototype.hasOwnProperty.call(modules, source) ? { doc: modules[source], dir: source } : undefined;
  return readConfig(doc, { ...ctx, module });
}

/** The reason a value is unknown; fails when it is not unknown. */
function reason(v: { kind: string; reason?: string }): string {
  expect(v.kind).toBe('unknown');
  return v.reason ?? '';
}

/** The first tracker's bucket_name, with the document's other blocks around it. */
function bucketName(raw: unknown, extra: Partial<ConfigDocument> = {}, body: Record<string, unknown> = {}): string {
  const doc = { provider: PROVIDER, resource: { huaweicloud_cts_tracker: { t: { bucket_name: raw, ...body } } }, ...extra };
  return reason((read(doc).elements[0] as Tracker).bucketName);
}

describe('expressions the checker cannot evaluate', () => {
  test.each<[string, unknown, Partial<ConfigDocument>, Record<string, unknown>, string]>([
    ['count.index outside a count', '${count.index}', {}, {}, '${count.index} is used outside a count'],
    ['each.key outside a for_each', '${each.key}', {}, {}, '${each.key} is used outside a for_each'],
    [
      'a data source',
      '${data.huaweicloud_obs_buckets.all.buckets}',
      {},
      {},
      '${data.huaweicloud_obs_buckets.all.buckets} is read from a data source when Terraform plans; check a plan (terraform show -json)',
    ],
    ['path.module', '${path.module}', {}, {}, '${path.module} depends on where Terraform runs'],
    ['terraform.workspace', '${terraform.workspace}', {}, {}, '${terraform.workspace} depends on where Terraform runs'],
    ['a bare name', '${traces}', {}, {}, '${traces} is not a value the checker understands'],
    [
      'a module that is not read',
      '${module.audit.bucket}',
      {},
      {},
      '${module.audit.bucket} is an output of module audit, which the checker does not read; check a plan (terraform show -json)',
    ],
    [
      'a local that refers to itself',
      '${local.a}',
      { locals: { a: '${local.b}', b: '${local.a}' } },
      {},
      'the value refers to itself through locals',
    ],
    [
      'an index the checker cannot evaluate',
      '${local.names[var.which]}',
      { locals: { names: ['a', 'b'] }, variable: { which: {} } },
      {},
      '${local.names[var.which]} has an index the checker cannot evaluate (var.which has no default; give its value with --var which=VALUE (or a tfvars file), or check a plan (terraform show -json))',
    ],
    [
      'an index that is a resource attribute',
      '${local.names[huaweicloud_smn_topic.t.name]}',
      { locals: { names: { a: 'x' } } },
      {},
      '${local.names[huaweicloud_smn_topic.t.name]} has an index the checker cannot evaluate (its index is not a known number or string)',
    ],
    [
      'a key that is not in the value',
      '${local.names.other}',
      { locals: { names: { a: 'x' } } },
      {},
      '${local.names.other}: "other" is not in the value',
    ],
    ['toset() of a string', '${toset(local.one)}', { locals: { one: 'a' } }, {}, 'toset() of a value that is not a list'],
    [
      'a condition that is not a boolean',
      '${local.n ? "a" : "b"}',
      { locals: { n: 3 } },
      {},
      'the condition of ${local.n ? "a" : "b"} is not a boolean',
    ],
    [
      'a list holding a reference',
      '${local.names}',
      { locals: { names: ['a', '${huaweicloud_smn_topic.t.name}'] } },
      {},
      'it contains ${huaweicloud_smn_topic.t.name}, which is known only when Terraform applies; check a plan (terraform show -json) or state',
    ],
    [
      'a template built from a reference, clipped to 80 characters',
      `${'x'.repeat(100)}-\${huaweicloud_kms_key.k.id}`,
      {},
      {},
      `"${'x'.repeat(80)}…" is built from \${huaweicloud_kms_key.k.id} known only when Terraform runs; check a plan (terraform show -json)`,
    ],
  ])('%s', (_name, raw, extra, body, want) => {
    expect(bucketName(raw, extra, body)).toBe(want);
  });
});

describe('how many instances exist', () => {
  test.each<[string, Record<string, unknown>, Partial<ConfigDocument>, string]>([
    [
      'a count from a variable with no default',
      { count: '${var.n}' },
      { variable: { n: {} } },
      'huaweicloud_cts_tracker.t has a count the checker cannot evaluate (var.n has no default; give its value with --var n=VALUE (or a tfvars file), or check a plan (terraform show -json)), so whether it exists, and how many times, is unknown; check a plan (terraform show -json) or make count a literal',
    ],
    [
      'a count from a resource attribute',
      { count: '${huaweicloud_smn_topic.t.id}' },
      {},
      'huaweicloud_cts_tracker.t has a count the checker cannot evaluate (it refers to ${huaweicloud_smn_topic.t.id}, known only after apply), so whether it exists, and how many times, is unknown; check a plan (terraform show -json) or make count a literal',
    ],
    [
      'a negative count',
      { count: -1 },
      {},
      'huaweicloud_cts_tracker.t has a count the checker cannot evaluate (-1 is not a whole number of 0 or more), so whether it exists, and how many times, is unknown; check a plan (terraform show -json) or make count a literal',
    ],
    [
      'a for_each over a string',
      { for_each: 'abc' },
      {},
      'huaweicloud_cts_tracker.t has a for_each the checker cannot evaluate (it is neither a set of strings nor a map), so whether it exists, and how many times, is unknown; check a plan (terraform show -json) or make for_each a literal',
    ],
  ])('%s: the tracker may not exist, and a diagnostic says so', (_name, meta, extra, want) => {
    const doc = { provider: PROVIDER, resource: { huaweicloud_cts_tracker: { t: { bucket_name: 'b', ...meta } } }, ...extra };
    const result = read(doc);
    expect((result.elements[0] as Tracker).mayNotExist).toBe(want);
    expect(result.diagnostics.map((d) => d.message)).toEqual([want]);
  });
});

describe('dynamic blocks', () => {
  const notification = (dynamic: unknown, extra: Partial<ConfigDocument> = {}) =>
    read({
      provider: PROVIDER,
      resource: {
        huaweicloud_cts_notification: {
          n: { name: 'n', operation_type: 'customized', smn_topic: 'urn:smn:cn-north-4:p:t', dynamic: { operations: dynamic } },
        },
      },
      ...extra,
    }).elements[0] as unknown as { operations: { kind: string; reason?: string } };

  test('a for_each that is a string', () => {
    const n = notification({ for_each: 'ModelArts', content: { service_type: 'ModelArts' } });
    expect(reason(n.operations)).toBe('dynamic "operations" for_each is not a list or map');
  });

  test('a block that is not an object', () => {
    expect(reason(notification(['nope']).operations)).toBe('a dynamic "operations" block cannot be read');
  });
});

describe('regions', () => {
  const region = (doc: ConfigDocument) => reason((read(doc).elements[0] as Tracker).region);

  test('a provider block without a region', () => {
    expect(region({ provider: { huaweicloud: [{}] }, resource: { huaweicloud_cts_tracker: { t: {} } } })).toBe(
      'provider huaweicloud sets no region (it would come from HW_REGION_NAME when Terraform runs); set region on the provider or on the resource',
    );
  });

  test('no provider block at all', () => {
    expect(region({ resource: { huaweicloud_cts_tracker: { t: {} } } })).toBe(
      'no region: neither the resource nor a default huaweicloud provider block sets one (it would come from HW_REGION_NAME when Terraform runs); set region on the provider',
    );
  });

  test('an aliased provider that is not configured', () => {
    expect(region({ provider: PROVIDER, resource: { huaweicloud_cts_tracker: { t: { provider: 'huaweicloud.hk' } } } })).toBe(
      'no region: provider huaweicloud.hk is not configured in this configuration',
    );
  });

  test('a region that is not a string', () => {
    expect(region({ provider: PROVIDER, resource: { huaweicloud_cts_tracker: { t: { region: 7 } } } })).toBe(
      'region: expected a string, got 7',
    );
  });
});

describe('modules', () => {
  const call = (body: Record<string, unknown>, child: ConfigDocument) =>
    read({ provider: PROVIDER, module: { audit: { source: './audit', ...body } } }, { './audit': child });

  test('a variable the module does not declare', () => {
    const t = call({}, { resource: { huaweicloud_cts_tracker: { t: { bucket_name: '${var.nope}' } } } }).elements[0] as Tracker;
    expect(reason(t.bucketName)).toBe('var.nope is not declared in module module.audit');
  });

  test('a variable with no default that the module block does not set', () => {
    const t = call({}, { variable: { bucket: {} }, resource: { huaweicloud_cts_tracker: { t: { bucket_name: '${var.bucket}' } } } })
      .elements[0] as Tracker;
    expect(reason(t.bucketName)).toBe('var.bucket of module module.audit has no default and the module block does not set it');
  });

  /** The root's tracker's bucket_name, from an expression over an empty local module. */
  const fromEmptyModule = (expression: string) =>
    (
      read(
        {
          provider: PROVIDER,
          module: { audit: { source: './audit' } },
          resource: { huaweicloud_cts_tracker: { t: { bucket_name: expression } } },
        },
        { './audit': {} },
      ).elements[0] as Tracker
    ).bucketName;

  test('an output the module does not define', () => {
    expect(reason(fromEmptyModule('${module.audit.nope}'))).toBe('output nope is not defined in module module.audit');
  });

  test('a module output with no output name', () => {
    expect(reason(fromEmptyModule('${module.audit}'))).toBe('${module.audit} does not name an output of a module instance');
  });

  test('an input indexed into a reference', () => {
    const t = call(
      { names: '${huaweicloud_smn_topic.t}' },
      { variable: { names: {} }, resource: { huaweicloud_cts_tracker: { t: { bucket_name: '${var.names.name}' } } } },
    ).elements[0] as Tracker;
    expect(reason(t.bucketName)).toBe(
      '${var.names.name} indexes into ${huaweicloud_smn_topic.t}, which is known only when Terraform applies',
    );
  });

  test('a provider passed to the module that is not configured', () => {
    const t = call({ providers: { huaweicloud: '${huaweicloud.hk}' } }, { resource: { huaweicloud_cts_tracker: { t: {} } } })
      .elements[0] as Tracker;
    expect(reason(t.region)).toBe('provider huaweicloud.hk passed to the module is not configured');
  });

  test('a module that is not local is a diagnostic that hides what it holds', () => {
    const result = read({ provider: PROVIDER, module: { audit: { source: 'acme/audit/huaweicloud' } } });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        message:
          'module.audit (source "acme/audit/huaweicloud") is not read: only local modules (./ or ../) are, so its resources are not checked; check a plan (terraform show -json) instead',
        hides: true,
      }),
    ]);
  });
});
