/**
 * Local modules, providers and regions in lib/load/config.ts, with the modules given in memory (the way
 * lib/load/hcl.ts hands over the folders it has read): inputs, outputs, instances, passed providers, and the
 * reason for each region or module the checker cannot read.
 */
import { ConfigDocument } from '../../lib/load/common';
import { LoadedModule, readConfig } from '../../lib/load/config';
import { Element, Tracker, Value, known, unknown } from '../../lib/model';

const ctx = { scope: 'infra', file: 'infra', input: 'hcl' as const, dir: '/infra' };

/** Reads `root` with local modules by source. */
function read(root: ConfigDocument, modules: Record<string, ConfigDocument> = {}) {
  return readConfig(root, {
    ...ctx,
    module: (source, fromDir): LoadedModule | undefined =>
      Object.prototype.hasOwnProperty.call(modules, source) ? { doc: modules[source], dir: `${fromDir}/${source}` } : undefined,
  });
}

/** What a value says: its value when known, else its reason (or the expression it refers to). */
const said = (v: Value<unknown> | undefined) =>
  v === undefined ? undefined : v.kind === 'known' ? v.value : v.kind === 'unknown' ? v.reason : v.expression;

const summary = (elements: Element[]) => elements.map((e) => [e.address, said(e.region), said((e as Tracker).bucketName)]);

const PROVIDERS = {
  huaweicloud: [{ region: 'cn-north-4' }, { alias: 'hk', region: 'ap-southeast-1' }],
};
const TRACKER_MODULE = {
  variable: { bucket: {}, prefix: { default: 'p' } },
  resource: { huaweicloud_cts_tracker: { t: { bucket_name: '${var.bucket}', file_prefix: '${var.prefix}' } } },
  output: { bucket: { value: '${var.bucket}' }, missing_input: { value: '${var.nothing}' } },
} as unknown as ConfigDocument;

describe('module inputs, outputs and instances', () => {
  test('a module gets its inputs, the default provider, and its resources are addressed under it', () => {
    const result = read(
      {
        provider: PROVIDERS,
        module: { audit: { source: './audit', bucket: 'traces', version: '1.0', depends_on: [] } },
        output: { from_module: { value: '${module.audit.bucket}' } },
      } as unknown as ConfigDocument,
      { './audit': TRACKER_MODULE },
    );
    expect(summary(result.elements)).toEqual([['module.audit.huaweicloud_cts_tracker.t', 'cn-north-4', 'traces']]);
    expect((result.elements[0] as Tracker).filePrefix).toEqual(known('p'));
    expect(result.exports['infra#from_module'].value).toEqual(known('traces'));
    expect(result.diagnostics).toEqual([]);
  });

  test('a providers map passes another provider as the default, given with or without ${}', () => {
    for (const hk of ['huaweicloud.hk', '${huaweicloud.hk}']) {
      const result = read(
        {
          provider: PROVIDERS,
          module: { audit: { source: './audit', bucket: 'b', providers: { huaweicloud: hk } } },
        } as unknown as ConfigDocument,
        { './audit': TRACKER_MODULE },
      );
      expect(summary(result.elements)).toEqual([['module.audit.huaweicloud_cts_tracker.t', 'ap-southeast-1', 'b']]);
    }
  });

  test('a providers map given as a list of maps (cdktf), and a provider passed that is not configured', () => {
    const result = read(
      {
        provider: PROVIDERS,
        module: {
          a: { source: './audit', bucket: 'a', providers: [{ huaweicloud: 'huaweicloud.hk' }, 'not a map'] },
          b: { source: './audit', bucket: 'b', providers: { huaweicloud: 'huaweicloud.eu' } },
          c: { source: './audit', bucket: 'c', providers: { huaweicloud: 42 } },
        },
      } as unknown as ConfigDocument,
      { './audit': TRACKER_MODULE },
    );
    expect(summary(result.elements)).toEqual([
      ['module.a.huaweicloud_cts_tracker.t', 'ap-southeast-1', 'a'],
      ['module.b.huaweicloud_cts_tracker.t', 'provider huaweicloud.eu passed to the module is not configured', 'b'],
      ['module.c.huaweicloud_cts_tracker.t', 'provider  passed to the module is not configured', 'c'],
    ]);
  });

  test('a module with count or for_each makes one instance per key, and outputs are read by instance', () => {
    const result = read(
      {
        provider: PROVIDERS,
        module: {
          counted: { source: './audit', count: 2, bucket: 'b-${count.index}' },
          each: { source: './audit', for_each: { x: 'bx', '7': 'b7' }, bucket: '${each.value}' },
        },
        output: {
          first: { value: '${module.counted[1].bucket}' },
          keyed: { value: '${module.each["x"].bucket}' },
          numeric_key: { value: '${module.each["7"].bucket}' },
          no_instance: { value: '${module.counted[5].bucket}' },
          no_output: { value: '${module.counted}' },
          not_an_output: { value: '${module.counted[0].nope}' },
          unset_input: { value: '${module.counted[0].missing_input}' },
        },
      } as unknown as ConfigDocument,
      { './audit': TRACKER_MODULE },
    );
    expect(summary(result.elements)).toEqual([
      ['module.counted[0].huaweicloud_cts_tracker.t', 'cn-north-4', 'b-0'],
      ['module.counted[1].huaweicloud_cts_tracker.t', 'cn-north-4', 'b-1'],
      ['module.each["7"].huaweicloud_cts_tracker.t', 'cn-north-4', 'b7'],
      ['module.each["x"].huaweicloud_cts_tracker.t', 'cn-north-4', 'bx'],
    ]);
    const out = (name: string) => result.exports[`infra#${name}`].value;
    expect([out('first'), out('keyed'), out('numeric_key')]).toEqual([known('b-1'), known('bx'), known('b7')]);
    expect([out('no_instance'), out('no_output'), out('not_an_output'), out('unset_input')]).toEqual([
      unknown('${module.counted[5].bucket} does not name an output of a module instance'),
      unknown('${module.counted} does not name an output of a module instance'),
      unknown('output nope is not defined in module module.counted[0]'),
      unknown('var.nothing is not declared in module module.counted[0]'),
    ]);
  });

  test("a module's variable with no default that the module block does not set", () => {
    const result = read({ provider: PROVIDERS, module: { audit: { source: './audit' } } } as unknown as ConfigDocument, {
      './audit': TRACKER_MODULE,
    });
    expect((result.elements[0] as Tracker).bucketName).toEqual(
      unknown('var.bucket of module module.audit has no default and the module block does not set it'),
    );
  });

  test('a module count the checker cannot evaluate: what the module holds is read once, as what may not exist', () => {
    const result = read(
      {
        provider: PROVIDERS,
        variable: { n: {} },
        module: { audit: { source: './audit', count: '${var.n}', bucket: 'b' } },
      } as unknown as ConfigDocument,
      { './audit': TRACKER_MODULE },
    );
    const why =
      'module.audit has a count the checker cannot evaluate (var.n has no default; give its value with --var n=VALUE (or a tfvars file), or check a plan (terraform show -json)), so whether it exists, and how many times, is unknown; check a plan (terraform show -json) or make count a literal';
    expect(result.elements.map((e) => [e.address, e.mayNotExist])).toEqual([['module.audit.huaweicloud_cts_tracker.t', why]]);
    expect(result.diagnostics).toEqual([{ source: { file: 'infra', pointer: '/module/audit' }, message: why }]);
  });

  test('an input named __proto__ stays an input', () => {
    const child = {
      variable: { __proto__: {} },
      resource: { huaweicloud_cts_tracker: { t: { bucket_name: '${var.__proto__}' } } },
    } as unknown as ConfigDocument;
    const body = JSON.parse('{"source": "./m", "__proto__": "proto-bucket"}') as Record<string, unknown>;
    const result = read({ provider: PROVIDERS, module: { m: body } } as unknown as ConfigDocument, { './m': child });
    expect(summary(result.elements)).toEqual([['module.m.huaweicloud_cts_tracker.t', 'cn-north-4', 'proto-bucket']]);
    expect(({} as Record<string, unknown>).bucket).toBeUndefined();
  });

  test('modules nested more than 20 deep are not read, saying so', () => {
    const loop = {
      resource: { huaweicloud_cts_tracker: { t: { bucket_name: 'b' } } },
      module: { again: { source: './loop' } },
    } as unknown as ConfigDocument;
    const result = read({ provider: PROVIDERS, module: { again: { source: './loop' } } } as unknown as ConfigDocument, {
      './loop': loop,
    });
    expect(result.elements).toHaveLength(20);
    expect(result.elements[19].address).toBe(`${'module.again.'.repeat(20)}huaweicloud_cts_tracker.t`);
    expect(result.diagnostics.map((d) => [d.message, d.hides])).toEqual([
      [
        `${'module.again.'.repeat(20)}module.again is not read: it is nested more than 20 modules deep (does a module call itself?), so its resources are not checked; check a plan (terraform show -json) instead`,
        true,
      ],
    ]);
  });
});

describe('modules that are not read', () => {
  test('a registry module is reported with where it is, and the buckets it is given', () => {
    const result = read({
      provider: PROVIDERS,
      resource: { huaweicloud_obs_bucket: { trail: { bucket: 'trail' } } },
      module: {
        sharing: {
          source: 'acme/sharing/huaweicloud',
          bucket: '${huaweicloud_obs_bucket.trail.bucket}',
          again: '${huaweicloud_obs_bucket.trail.id}',
          '//': { source: { file: 'infra/main.tf', line: 7 }, note: 'huaweicloud_obs_bucket.comment' },
        },
        plain: { source: 'git::https://example.com/m.git', '//': { metadata: { path: 'stack/plain' } } },
        nosource: {},
        notabody: 'x',
      },
    } as unknown as ConfigDocument);
    expect(result.diagnostics).toEqual([
      {
        source: { file: 'infra/main.tf', line: 7 },
        hides: true,
        reaches: { scope: 'infra', addresses: ['huaweicloud_obs_bucket.trail'] },
        message:
          'module.sharing (source "acme/sharing/huaweicloud") is not read: only local modules (./ or ../) are, so its resources are not checked; check a plan (terraform show -json) instead',
      },
      {
        source: { file: 'infra', pointer: '/module/plain', constructPath: 'stack/plain' },
        hides: true,
        message:
          'module.plain (source "git::https://example.com/m.git") is not read: only local modules (./ or ../) are, so its resources are not checked; check a plan (terraform show -json) instead',
      },
      {
        source: { file: 'infra', pointer: '/module/nosource' },
        hides: true,
        message:
          'module.nosource (source undefined) is not read: only local modules (./ or ../) are, so its resources are not checked; check a plan (terraform show -json) instead',
      },
    ]);
  });
});

describe('regions', () => {
  const tracker = (body: Record<string, unknown>, provider: unknown = PROVIDERS) =>
    read({ provider, resource: { huaweicloud_cts_tracker: { t: body } } } as unknown as ConfigDocument).elements[0];

  test.each<[string, Record<string, unknown>, unknown, unknown]>([
    ["the resource's own region", { region: 'eu-west-0' }, PROVIDERS, known('eu-west-0')],
    ['an empty region is no region: the provider decides', { region: '' }, PROVIDERS, known('cn-north-4')],
    ['a null region is no region', { region: null }, PROVIDERS, known('cn-north-4')],
    ['a region that is not a string', { region: 7 }, PROVIDERS, unknown('region: expected a string, got 7')],
    ['a region the checker cannot evaluate', { region: '${var.r}' }, PROVIDERS, unknown('var.r is not declared')],
    ['an aliased provider', { provider: 'huaweicloud.hk' }, PROVIDERS, known('ap-southeast-1')],
    ['an aliased provider, as cdktf writes it', { provider: '${huaweicloud.hk}' }, PROVIDERS, known('ap-southeast-1')],
    [
      'an alias not configured',
      { provider: 'huaweicloud.eu' },
      PROVIDERS,
      unknown('no region: provider huaweicloud.eu is not configured in this configuration'),
    ],
    [
      'no provider block',
      {},
      {},
      unknown(
        'no region: neither the resource nor a default huaweicloud provider block sets one (it would come from HW_REGION_NAME when Terraform runs); set region on the provider',
      ),
    ],
    ['one provider block given as an object, not a list', {}, { huaweicloud: { region: 'cn-south-1' } }, known('cn-south-1')],
    [
      'a provider block without a region',
      {},
      { huaweicloud: [{ alias: 7 }] },
      unknown(
        'provider huaweicloud sets no region (it would come from HW_REGION_NAME when Terraform runs); set region on the provider or on the resource',
      ),
    ],
    ['a provider block that is not an object is skipped', {}, { huaweicloud: ['x', { region: 'cn-east-3' }] }, known('cn-east-3')],
  ])('%s', (_name, body, provider, region) => {
    expect(tracker(body, provider).region).toEqual(region);
  });

  test('in a module, an alias it is not passed says so', () => {
    const child = {
      resource: { huaweicloud_cts_tracker: { t: { bucket_name: 'b', provider: 'huaweicloud.hk' } } },
    } as unknown as ConfigDocument;
    const result = read({ provider: PROVIDERS, module: { m: { source: './m' } } } as unknown as ConfigDocument, { './m': child });
    expect(result.elements[0].region).toEqual(unknown('no region: provider huaweicloud.hk is not configured or passed to this module'));
  });

  test('a module with no default provider to inherit has none', () => {
    const child = { resource: { huaweicloud_cts_tracker: { t: { bucket_name: 'b' } } } } as unknown as ConfigDocument;
    const result = read({ module: { m: { source: './m' } } } as unknown as ConfigDocument, { './m': child });
    expect(result.elements[0].region.kind).toBe('unknown');
  });
});

describe('what a configuration holds', () => {
  test("resources of types the checker does not model, or that are not objects, are skipped; the root's variables are listed", () => {
    const result = read({
      provider: PROVIDERS,
      variable: { a: {}, b: { default: 1 } },
      resource: {
        huaweicloud_vpc: { v: { name: 'v' } },
        huaweicloud_smn_topic: { t: { name: 't' }, bad: 'not an object' },
        huaweicloud_cts_tracker: 'not an object',
      },
    } as unknown as ConfigDocument);
    expect(result.elements.map((e) => e.address)).toEqual(['huaweicloud_smn_topic.t']);
    expect(result.variables).toEqual(['a', 'b']);
    expect(read({} as ConfigDocument).variables).toEqual([]);
  });
});
