import { ConfigDocument } from '../../lib/load/common';
import { LoadedModule, readConfig } from '../../lib/load/config';
import { Element, Notification, Tracker, UNRESOLVED, known } from '../../lib/model';

const ctx = { scope: 'stack', file: 'cdk.tf.json', input: 'synth' as const };

function elements(doc: ConfigDocument, vars?: Record<string, unknown>): Element[] {
  return readConfig(doc, { ...ctx, vars }).elements;
}

const tracker = (body: Record<string, unknown>, extra: Partial<ConfigDocument> = {}): Tracker =>
  elements({
    provider: { huaweicloud: [{ region: 'cn-north-4' }] },
    resource: { huaweicloud_cts_tracker: { t: body } },
    ...extra,
  })[0] as Tracker;

describe('values', () => {
  test.each<[string, unknown, Partial<ConfigDocument>, Record<string, unknown> | undefined, unknown]>([
    ['a literal', 'traces', {}, undefined, { kind: 'known', value: 'traces' }],
    [
      'a variable default',
      '${var.bucket}',
      { variable: { bucket: { default: 'from-default' } } },
      undefined,
      { kind: 'known', value: 'from-default' },
    ],
    [
      'a --var value over the default',
      '${var.bucket}',
      { variable: { bucket: { default: 'from-default' } } },
      { bucket: 'given' },
      { kind: 'known', value: 'given' },
    ],
    ['a local', '${local.bucket}', { locals: { bucket: 'from-local' } }, undefined, { kind: 'known', value: 'from-local' }],
    [
      'a local built from a variable',
      '${local.bucket}',
      { locals: { bucket: '${var.prefix}-traces' }, variable: { prefix: { default: 'acme' } } },
      undefined,
      { kind: 'known', value: 'acme-traces' },
    ],
    [
      'a reference to a resource',
      '${huaweicloud_obs_bucket.traces.bucket}',
      {},
      undefined,
      { kind: 'ref', address: 'huaweicloud_obs_bucket.traces', attribute: 'bucket', expression: '${huaweicloud_obs_bucket.traces.bucket}' },
    ],
  ])('bucket_name from %s', (_name, raw, extra, vars, want) => {
    const doc = {
      provider: { huaweicloud: [{ region: 'cn-north-4' }] },
      resource: { huaweicloud_cts_tracker: { t: { bucket_name: raw } } },
      ...extra,
    };
    expect((readConfig(doc, { ...ctx, vars }).elements[0] as Tracker).bucketName).toEqual(want);
  });

  test.each<[string, unknown, Partial<ConfigDocument>, string]>([
    [
      'a variable with no default',
      '${var.bucket}',
      { variable: { bucket: {} } },
      'var.bucket has no default; give its value with --var bucket=VALUE (or a tfvars file), or check a plan (terraform show -json)',
    ],
    ['an undeclared variable', '${var.nope}', {}, 'var.nope is not declared'],
    [
      'a function call',
      '${lower(var.x)}',
      {},
      'the expression ${lower(var.x)} is computed by Terraform; check a plan (terraform show -json) to see its value',
    ],
    ['a data source', '${data.huaweicloud_obs_buckets.all.buckets}', {}, 'is read from a data source when Terraform plans'],
    ['a module output', '${module.audit.bucket}', {}, 'is an output of module audit'],
    [
      'a template with a computed part',
      'cts-${huaweicloud_kms_key.k.id}',
      {},
      '"cts-${huaweicloud_kms_key.k.id}" is built from ${huaweicloud_kms_key.k.id} known only when Terraform runs',
    ],
    ['a local that is not defined', '${local.nope}', {}, 'local.nope is not defined'],
    [
      'an interpolation with braces inside (a function over an object)',
      'x-${lookup({ a = "b" }, "a")}',
      {},
      '"x-${lookup({ a = "b" }, "a")}" holds an expression the checker cannot evaluate; check a plan (terraform show -json)',
    ],
    [
      'a conditional whose test depends on a value known only at apply (never the test itself)',
      '${huaweicloud_smn_topic.a.id == "" ? "first" : "second"}',
      {},
      'the condition of ${huaweicloud_smn_topic.a.id == "" ? "first" : "second"} cannot be evaluated: ${huaweicloud_smn_topic.a.id == ""} depends on ${huaweicloud_smn_topic.a.id}, known only when Terraform applies',
    ],
    [
      'a conditional over a reference',
      '${huaweicloud_smn_topic.a.enabled ? "first" : "second"}',
      {},
      'the condition of ${huaweicloud_smn_topic.a.enabled ? "first" : "second"} depends on ${huaweicloud_smn_topic.a.enabled}',
    ],
    [
      'a template directive',
      '%{ if var.on }traces%{ else }none%{ endif }',
      { variable: { on: { default: true } } },
      '"%{ if var.on }traces%{ else }none%{ endif }" uses a template directive (%{ ... }) the checker does not evaluate',
    ],
    ['a prototype key as a local', '${local.constructor}', { locals: {} }, 'local.constructor is not defined'],
    ['a prototype key as a variable', '${var.__proto__}', { variable: {} }, 'var.__proto__ is not declared'],
  ])('bucket_name from %s is unknown, saying why', (_name, raw, extra, reason) => {
    const t = tracker({ bucket_name: raw }, extra);
    expect(t.bucketName.kind).toBe('unknown');
    expect((t.bucketName as { reason: string }).reason).toContain(reason);
  });

  test("Terraform's string booleans are converted; other strings are not", () => {
    expect(tracker({ enabled: 'false' }).enabled).toEqual({ kind: 'known', value: false });
    expect(tracker({ enabled: 'nope' }).enabled).toEqual({ kind: 'unknown', reason: 'expected true or false, got "nope"' });
  });

  test('provider defaults apply when an attribute is absent', () => {
    const t = tracker({});
    expect(t.enabled).toEqual({ kind: 'known', value: true });
    expect(t.ltsEnabled).toEqual({ kind: 'known', value: false });
    expect(t.validateFile).toEqual({ kind: 'known', value: false });
    expect(t.excludeServices).toEqual({ kind: 'known', value: [] });
  });

  test('"$${" is an escaped literal, not an interpolation, and "%%{" a literal "%{"', () => {
    expect(tracker({ file_prefix: 'a-$${literal}' }).filePrefix).toEqual({ kind: 'known', value: 'a-${literal}' });
    expect(tracker({ file_prefix: 'a-%%{literal}' }).filePrefix).toEqual({ kind: 'known', value: 'a-%%{literal}' });
  });

  test("a bucket policy is read for its shape: what is known only at apply (the bucket's own name) becomes a placeholder", () => {
    const policy = JSON.stringify({
      Statement: [
        { Effect: 'Deny', Principal: { ID: ['*'] }, Action: ['DeleteObject'], Resource: ['${huaweicloud_obs_bucket.b.bucket}/*'] },
      ],
    });
    const [, element] = elements({
      provider: { huaweicloud: [{ region: 'cn-north-4' }] },
      resource: {
        huaweicloud_obs_bucket: { b: { bucket: 'traces' } },
        huaweicloud_obs_bucket_policy: { p: { bucket: '${huaweicloud_obs_bucket.b.bucket}', policy } },
      },
    });
    expect(element).toMatchObject({
      type: 'bucket-policy',
      bucket: { kind: 'ref', address: 'huaweicloud_obs_bucket.b', attribute: 'bucket' },
      policy: { kind: 'known', value: policy.replace('${huaweicloud_obs_bucket.b.bucket}', UNRESOLVED) },
      policyFormat: { kind: 'known', value: 'obs' },
    });
  });
});

describe('regions', () => {
  test.each<[string, ConfigDocument, unknown]>([
    [
      "the resource's own region",
      { resource: { huaweicloud_cts_tracker: { t: { region: 'ap-southeast-1' } } } },
      { kind: 'known', value: 'ap-southeast-1' },
    ],
    [
      'the default provider',
      { provider: { huaweicloud: [{ region: 'cn-north-4' }] }, resource: { huaweicloud_cts_tracker: { t: {} } } },
      { kind: 'known', value: 'cn-north-4' },
    ],
    [
      'an aliased provider, as cdktf writes it',
      {
        provider: { huaweicloud: [{ region: 'cn-north-4' }, { alias: 'hk', region: 'ap-southeast-1' }] },
        resource: { huaweicloud_cts_tracker: { t: { provider: 'huaweicloud.hk' } } },
      },
      { kind: 'known', value: 'ap-southeast-1' },
    ],
    [
      'an aliased provider, as an interpolation',
      {
        provider: { huaweicloud: { alias: 'hk', region: 'ap-southeast-1' } },
        resource: { huaweicloud_cts_tracker: { t: { provider: '${huaweicloud.hk}' } } },
      },
      { kind: 'known', value: 'ap-southeast-1' },
    ],
    [
      'a provider region from a variable',
      {
        variable: { region: { default: 'eu-west-101' } },
        provider: { huaweicloud: [{ region: '${var.region}' }] },
        resource: { huaweicloud_cts_tracker: { t: {} } },
      },
      { kind: 'known', value: 'eu-west-101' },
    ],
  ])('from %s', (_name, doc, want) => {
    expect(elements(doc)[0].region).toEqual(want);
  });

  test.each<[string, ConfigDocument, string]>([
    [
      'no provider block',
      { resource: { huaweicloud_cts_tracker: { t: {} } } },
      'no region: neither the resource nor a default huaweicloud provider block sets one',
    ],
    [
      'a provider without region',
      { provider: { huaweicloud: [{}] }, resource: { huaweicloud_cts_tracker: { t: {} } } },
      'provider huaweicloud sets no region (it would come from HW_REGION_NAME when Terraform runs)',
    ],
    [
      'an alias that is not configured',
      {
        provider: { huaweicloud: [{ region: 'cn-north-4' }] },
        resource: { huaweicloud_cts_tracker: { t: { provider: 'huaweicloud.hk' } } },
      },
      'no region: provider huaweicloud.hk is not configured in this configuration',
    ],
    [
      // BUG: the tracker of another account (an IAM agency's) counted for this one.
      "a provider that assumes an agency's role, in another account",
      {
        provider: {
          huaweicloud: [
            { region: 'cn-north-4' },
            {
              alias: 'archive',
              region: 'cn-north-4',
              assume_role: [{ agency_name: 'log_archive_admin', domain_name: 'acme-log-archive' }],
            },
          ],
        },
        resource: { huaweicloud_cts_tracker: { t: { provider: '${huaweicloud.archive}' } } },
      },
      "provider huaweicloud.archive assumes an agency's role (assume_role), so its resources are in the account of that agency, not the one checked; check that account with --live",
    ],
    [
      "a provider working in a project other than its region's default one",
      {
        provider: { huaweicloud: [{ region: 'cn-north-4', project_name: 'cn-north-4_audit' }] },
        resource: { huaweicloud_cts_tracker: { t: {} } },
      },
      'provider huaweicloud works in project "cn-north-4_audit", not its region\'s default project (project_name), and CTS trackers and notifications are per project; check that project with --live',
    ],
    [
      'a provider whose project cannot be evaluated',
      {
        variable: { project: {} },
        provider: { huaweicloud: [{ region: 'cn-north-4', project_name: '${var.project}' }] },
        resource: { huaweicloud_cts_tracker: { t: {} } },
      },
      "provider huaweicloud works in a project the checker cannot evaluate, not its region's default project (project_name)",
    ],
  ])('is unknown with %s', (_name, doc, reason) => {
    const region = elements(doc)[0].region;
    expect(region.kind).toBe('unknown');
    expect((region as { reason: string }).reason).toContain(reason);
  });

  test("a provider whose project is its region's default project, or null, works there", () => {
    for (const project_name of ['cn-north-4', null]) {
      const doc = { provider: { huaweicloud: [{ region: 'cn-north-4', project_name }] }, resource: { huaweicloud_cts_tracker: { t: {} } } };
      expect(elements(doc as ConfigDocument)[0].region).toEqual({ kind: 'known', value: 'cn-north-4' });
    }
    const emptyRole = {
      provider: { huaweicloud: [{ region: 'cn-north-4', assume_role: [] }] },
      resource: { huaweicloud_cts_tracker: { t: {} } },
    };
    expect(elements(emptyRole as ConfigDocument)[0].region).toEqual({ kind: 'known', value: 'cn-north-4' });
  });

  test('BUG: a provider configured twice is refused, as Terraform refuses it (the last block won)', () => {
    const twice = (blocks: object[]) => () =>
      elements({ provider: { huaweicloud: blocks }, resource: { huaweicloud_cts_tracker: { t: {} } } } as ConfigDocument);
    expect(twice([{ region: 'cn-north-4' }, { region: 'ap-southeast-1' }])).toThrow(
      'provider.huaweicloud: provider huaweicloud is configured twice (two blocks without an alias), which Terraform refuses; give one an alias',
    );
    expect(twice([{ region: 'cn-north-4' }, { alias: 'hk', region: 'ap-southeast-1' }, { alias: 'hk', region: 'cn-east-3' }])).toThrow(
      'provider.huaweicloud.hk: provider huaweicloud.hk is configured twice, which Terraform refuses; give one an alias',
    );
  });
});

describe("the provider's source (required_providers)", () => {
  const base = { provider: { huaweicloud: [{ region: 'cn-north-4' }] }, resource: { huaweicloud_cts_tracker: { system: {} } } };
  const doubt = (terraform: unknown) => elements({ ...base, terraform } as ConfigDocument).map((e) => e.mayNotExist);

  test("BUG: a fork or mock with Huawei Cloud's resource types proves nothing (cdktf's JSON, and HCL's blocks)", () => {
    const why =
      "huaweicloud_cts_tracker.system is managed by the provider someone/huaweicloud (required_providers), not huaweicloud/huaweicloud, whose behaviour the checker knows; use Huawei Cloud's provider";
    expect(doubt({ required_providers: { huaweicloud: { source: 'someone/huaweicloud', version: '1.0.0' } } })).toEqual([why]);
    expect(doubt([{ required_providers: [{ huaweicloud: { source: 'someone/huaweicloud' } }] }])).toEqual([why]);
  });

  test('a source with spaces around it, a version alone, or other providers only: as written', () => {
    expect(doubt({ required_providers: { huaweicloud: { source: ' huaweicloud/huaweicloud ' } } })).toEqual([undefined]);
    expect(doubt({ required_providers: { huaweicloud: '~> 1.60' } })).toEqual([undefined]);
    expect(doubt([null, { required_providers: [null, { random: { source: 'hashicorp/random' } }] }])).toEqual([undefined]);
  });

  test("a module without its own required_providers takes its caller's; one that says Huawei Cloud's own is as written", () => {
    const fork = { required_providers: { huaweicloud: { source: 'someone/huaweicloud' } } };
    const own = { required_providers: { huaweicloud: { source: 'huaweicloud/huaweicloud' } } };
    const child = (terraform?: object): LoadedModule => ({
      doc: { ...(terraform ? { terraform } : {}), resource: { huaweicloud_cts_tracker: { t: {} } } } as ConfigDocument,
      dir: '/modules/audit',
    });
    const withModule = (terraform?: object) =>
      readConfig({ ...base, resource: {}, terraform: fork, module: { audit: { source: './audit' } } } as ConfigDocument, {
        ...ctx,
        module: () => child(terraform),
      }).elements.map((e) => e.mayNotExist);
    expect(withModule()).toEqual([
      "module.audit.huaweicloud_cts_tracker.t is managed by the provider someone/huaweicloud (required_providers), not huaweicloud/huaweicloud, whose behaviour the checker knows; use Huawei Cloud's provider",
    ]);
    expect(withModule(own)).toEqual([undefined]);
  });

  test("Huawei Cloud's own provider, from any registry, or no source said: as written", () => {
    for (const source of [
      'huaweicloud/huaweicloud',
      'registry.terraform.io/huaweicloud/huaweicloud',
      'registry.opentofu.org/huaweicloud/huaweicloud',
    ]) {
      expect(doubt({ required_providers: { huaweicloud: { source } } })).toEqual([undefined]);
    }
    expect(doubt(undefined)).toEqual([undefined]);
    expect(doubt({ required_version: '>= 1.5' })).toEqual([undefined]);
  });
});

describe('removed blocks', () => {
  const base = { provider: { huaweicloud: [{ region: 'cn-north-4' }] }, resource: { huaweicloud_cts_tracker: { system: {} } } };
  const removed = (from: string, lifecycle?: unknown, extra: object = {}) =>
    elements({ ...base, ...extra, removed: [{ from, ...(lifecycle !== undefined ? { lifecycle } : {}) }] } as ConfigDocument).map(
      (e) => e.mayNotExist,
    );
  const DISABLES =
    "and the provider's delete of a tracker disables the project's system tracker (delete_tracker = true deletes it) in an order Terraform does not fix against this one's create or update; use a moved block, or destroy = false";

  test('BUG: a tracker destroyed (removed with destroy = true) leaves the trackers defined here ones that may not exist', () => {
    expect(removed('huaweicloud_cts_tracker.legacy', [{ destroy: true }])).toEqual([
      `the configuration destroys huaweicloud_cts_tracker.legacy (removed with destroy = true), ${DISABLES}`,
    ]);
    // Terraform's JSON syntax: the block as an object, the address as an expression.
    expect(removed('${huaweicloud_cts_tracker.legacy}', { destroy: '${true}' })).toEqual([
      `the configuration destroys huaweicloud_cts_tracker.legacy (removed with destroy = true), ${DISABLES}`,
    ]);
  });

  test('a module destroyed may hold a tracker; a destroy that cannot be evaluated, or no lifecycle, may destroy', () => {
    expect(removed('module.audit', [{ destroy: true }])).toEqual([
      `the configuration destroys module.audit, which may hold a tracker, (removed with destroy = true), ${DISABLES}`,
    ]);
    expect(removed('huaweicloud_cts_tracker.legacy', [{ destroy: '${var.d}' }], { variable: { d: {} } })[0]).toMatch(
      /^a removed block may destroy huaweicloud_cts_tracker\.legacy \(whether it does cannot be evaluated: var\.d has no default; .*\), and the provider's delete/,
    );
    expect(removed('huaweicloud_cts_tracker.legacy')[0]).toMatch(
      /^a removed block may destroy huaweicloud_cts_tracker\.legacy \(whether it does cannot be evaluated: it has no lifecycle block\)/,
    );
  });

  test('forgetting a tracker (destroy = false), or destroying anything else, changes nothing', () => {
    expect(removed('huaweicloud_cts_tracker.legacy', [{ destroy: false }])).toEqual([undefined]);
    expect(removed('huaweicloud_smn_topic.old', [{ destroy: true }])).toEqual([undefined]);
    expect(removed('huaweicloud_cts_notification.old', [{ destroy: true }])).toEqual([undefined]);
  });
});

describe('count and for_each', () => {
  const base = { provider: { huaweicloud: [{ region: 'cn-north-4' }] } };
  const notificationBody = { name: 'n-${count.index}', operation_type: 'complete', smn_topic: 'urn:smn:cn-north-4:p:t' };

  test('a literal count makes that many instances, with count.index', () => {
    const list = elements({
      ...base,
      resource: { huaweicloud_cts_notification: { n: { ...notificationBody, count: 2 } } },
    }) as Notification[];
    expect(list.map((n) => [n.address, n.name])).toEqual([
      ['huaweicloud_cts_notification.n[0]', { kind: 'known', value: 'n-0' }],
      ['huaweicloud_cts_notification.n[1]', { kind: 'known', value: 'n-1' }],
    ]);
  });

  test('past 1,000 keys of a for_each, one element stands for them all', () => {
    const keys = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i]));
    const list = elements({ ...base, resource: { huaweicloud_cts_tracker: { t: { for_each: keys } } } });
    expect(list.map((e) => [e.address, e.instances])).toEqual([['huaweicloud_cts_tracker.t[*]', 1001]]);
  });

  test('count = 0 makes none', () => {
    expect(elements({ ...base, resource: { huaweicloud_cts_tracker: { t: { count: 0 } } } })).toEqual([]);
  });

  test("BUG: OpenTofu's lifecycle enabled: false makes none, true one, and a value that cannot be evaluated one that may not exist", () => {
    const tracker = (enabled: unknown, variable: object = {}) =>
      elements({ ...base, ...variable, resource: { huaweicloud_cts_tracker: { t: { lifecycle: [{ enabled }] } } } } as ConfigDocument);
    expect(tracker(false)).toEqual([]);
    expect(tracker('${var.on}', { variable: { on: { default: false } } })).toEqual([]);
    expect(tracker(true).map((e) => [e.address, e.mayNotExist])).toEqual([['huaweicloud_cts_tracker.t', undefined]]);
    expect(tracker('${var.on}', { variable: { on: {} } }).map((e) => e.mayNotExist)).toEqual([
      'huaweicloud_cts_tracker.t has a lifecycle enabled (OpenTofu) the checker cannot evaluate (var.on has no default; give its value with --var on=VALUE (or a tfvars file), or check a plan (terraform show -json)), so whether it exists is unknown; check a plan (tofu show -json)',
    ]);
    expect(tracker('yes').map((e) => e.mayNotExist)).toEqual([
      'huaweicloud_cts_tracker.t has a lifecycle enabled (OpenTofu) the checker cannot evaluate ("yes"), so whether it exists is unknown; check a plan (tofu show -json)',
    ]);
    // Other lifecycle arguments change nothing.
    const kept = elements({
      ...base,
      resource: { huaweicloud_cts_tracker: { t: { lifecycle: [{ prevent_destroy: true }] } } },
    } as ConfigDocument);
    expect(kept.map((e) => e.mayNotExist)).toEqual([undefined]);
  });

  test('for_each over a literal map, with each.key and each.value', () => {
    const list = elements({
      ...base,
      resource: {
        huaweicloud_cts_tracker: {
          t: { for_each: { a: 'bucket-a', b: 'bucket-b' }, bucket_name: '${each.value}', file_prefix: '${each.key}' },
        },
      },
    }) as Tracker[];
    expect(list.map((t) => [t.address, t.bucketName, t.filePrefix])).toEqual([
      ['huaweicloud_cts_tracker.t["a"]', { kind: 'known', value: 'bucket-a' }, { kind: 'known', value: 'a' }],
      ['huaweicloud_cts_tracker.t["b"]', { kind: 'known', value: 'bucket-b' }, { kind: 'known', value: 'b' }],
    ]);
  });

  test('a count that cannot be evaluated makes existence unknown and is reported', () => {
    const result = readConfig({ ...base, variable: { n: {} }, resource: { huaweicloud_cts_tracker: { t: { count: '${var.n}' } } } }, ctx);
    const t = result.elements[0] as Tracker;
    const why =
      'huaweicloud_cts_tracker.t has a count the checker cannot evaluate (var.n has no default; give its value with --var n=VALUE (or a tfvars file), or check a plan (terraform show -json)), so whether it exists, and how many times, is unknown; check a plan (terraform show -json) or make count a literal';
    expect([t.address, t.enabled, t.mayNotExist]).toEqual(['huaweicloud_cts_tracker.t', known(true), why]);
    expect(result.diagnostics).toEqual([{ source: { file: 'cdk.tf.json', pointer: '/resource/huaweicloud_cts_tracker/t' }, message: why }]);
  });

  test.each<[string, unknown, number]>([
    ['the string "0"', '0', 0],
    ['the string "2"', '2', 2],
    ['1 - 1', '${1 - 1}', 0],
    ['length([])', '${length([])}', 0],
    ['length of a two-element local', '${length(local.two)}', 2],
    ['a conditional on a comparison', '${local.n > 1 ? 2 : 0}', 2],
    ['an untyped variable given "0"', '${var.untyped}', 0],
    ['max(0, -1)', '${max(0, -1)}', 0],
  ])("Terraform's conversions apply to count: %s gives %i instances", (_name, count, n) => {
    const result = readConfig(
      {
        ...base,
        locals: { two: ['a', 'b'], n: 3 },
        variable: { untyped: {} },
        resource: { huaweicloud_smn_topic: { t: { name: 't', count } } },
      },
      { ...ctx, vars: { untyped: '0' } },
    );
    expect(result.elements.map((e) => [e.address, e.mayNotExist])).toEqual(
      Array.from({ length: n }, (_, i) => [`huaweicloud_smn_topic.t[${i}]`, undefined]),
    );
    expect(result.diagnostics).toEqual([]);
  });

  test('a count over the expansion limit is one element standing for every instance, with count.index unknown', () => {
    const result = readConfig(
      {
        ...base,
        resource: {
          huaweicloud_smn_subscription: {
            s: { count: 1000000000, topic_urn: 'urn:smn:cn-north-4:p:t', protocol: 'email', endpoint: '${count.index}@example.com' },
          },
        },
      },
      ctx,
    );
    expect(result.elements).toHaveLength(1);
    expect(result.elements[0]).toMatchObject({
      address: 'huaweicloud_smn_subscription.s[*]',
      instances: 1000000000,
      endpoint: {
        kind: 'unknown',
        reason:
          '"${count.index}@example.com" cannot be evaluated: count.index is one of 1000000000 instances, more than the 1000 the checker expands one by one',
      },
    });
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      'for_each over a list',
      { for_each: ['a', 'b'] },
      'cdk.tf.json: /resource/huaweicloud_smn_topic/t: the for_each of huaweicloud_smn_topic.t is a list; Terraform requires a map or a set of strings: use toset(...)',
    ],
    [
      'for_each over a list from a local',
      { for_each: '${local.names}' },
      'cdk.tf.json: /resource/huaweicloud_smn_topic/t: the for_each of huaweicloud_smn_topic.t is a list; Terraform requires a map or a set of strings: use toset(...)',
    ],
    [
      'count and for_each together',
      { count: 1, for_each: '${toset(local.names)}' },
      'cdk.tf.json: /resource/huaweicloud_smn_topic/t: huaweicloud_smn_topic.t sets both count and for_each, which Terraform refuses; keep one',
    ],
  ])('a configuration Terraform refuses is refused: %s', (_name, meta, message) => {
    expect(() =>
      readConfig({ ...base, locals: { names: ['a'] }, resource: { huaweicloud_smn_topic: { t: { name: 't', ...meta } } } }, ctx),
    ).toThrow(message);
  });

  test('for_each over toset() of a list, or over a variable of a set type, is a set', () => {
    const result = readConfig(
      {
        ...base,
        locals: { names: ['b', 'a', 'b'] },
        variable: { names: { type: '${set(string)}', default: ['x'] } },
        resource: {
          huaweicloud_smn_topic: {
            t: { name: '${each.key}', for_each: '${toset(local.names)}' },
            u: { name: 'u', for_each: '${var.names}' },
          },
        },
      },
      ctx,
    );
    expect(result.elements.map((e) => e.address)).toEqual([
      'huaweicloud_smn_topic.t["a"]',
      'huaweicloud_smn_topic.t["b"]',
      'huaweicloud_smn_topic.u["x"]',
    ]);
  });
});

describe('elements', () => {
  test('carry their source: file, JSON pointer and cdktf construct path', () => {
    const [t] = elements({ resource: { huaweicloud_cts_tracker: { system: { '//': { metadata: { path: 'audit/Tracker' } } } } } });
    expect(t.source).toEqual({ file: 'cdk.tf.json', pointer: '/resource/huaweicloud_cts_tracker/system', constructPath: 'audit/Tracker' });
    expect(t.address).toBe('huaweicloud_cts_tracker.system');
    expect(t.scope).toBe('stack');
  });

  test('resources of other types and other providers are ignored', () => {
    expect(elements({ resource: { aws_cloudtrail: { t: {} }, huaweicloud_vpc: { v: {} } } })).toEqual([]);
  });

  test('notification blocks are read whether given as a list or as one object', () => {
    const [n] = elements({
      resource: {
        huaweicloud_cts_notification: {
          n: {
            name: 'n',
            operation_type: 'customized',
            operations: { service: 'ModelArts', resource: 'Notebook', trace_names: ['createNotebook'] },
            filter: { condition: 'AND', rule: ['code = 200'] },
          },
        },
      },
    }) as Notification[];
    expect(n.operations).toEqual({
      kind: 'known',
      value: [{ service: 'ModelArts', resource: 'Notebook', traceNames: ['createNotebook'] }],
    });
    expect(n.filtered).toEqual({ kind: 'known', value: true });
    expect(n.userRestricted).toEqual({ kind: 'known', value: false });
  });

  test('outputs are exported for cross-stack references', () => {
    const result = readConfig({ output: { 'cross-stack-output-x': { value: '${huaweicloud_smn_topic.t.topic_urn}' } } }, ctx);
    expect(result.exports).toEqual({
      'stack#cross-stack-output-x': {
        scope: 'stack',
        value: {
          kind: 'ref',
          address: 'huaweicloud_smn_topic.t',
          attribute: 'topic_urn',
          expression: '${huaweicloud_smn_topic.t.topic_urn}',
        },
      },
    });
  });
});

describe('references to instances of counted and for_each resources', () => {
  const PROVIDERS = { huaweicloud: [{ region: 'cn-north-4' }] };
  const withTopic = (topicMeta: Record<string, unknown>, smnTopic: string): ConfigDocument =>
    ({
      provider: PROVIDERS,
      resource: {
        huaweicloud_smn_topic: { t: { name: 'audit', ...topicMeta } },
        huaweicloud_cts_notification: { n: { name: 'n', operation_type: 'complete', smn_topic: smnTopic } },
      },
    }) as unknown as ConfigDocument;
  const topicOf = (doc: ConfigDocument) => (readConfig(doc, ctx).elements.find((e) => e.type === 'notification') as Notification).topic;

  test.each<[string, Record<string, unknown>, string, string]>([
    ['[0] of a counted resource', { count: 2 }, '${huaweicloud_smn_topic.t[0].topic_urn}', 'huaweicloud_smn_topic.t[0]'],
    [
      '["a"] of a for_each resource',
      { for_each: '${toset(["a"])}' },
      '${huaweicloud_smn_topic.t["a"].topic_urn}',
      'huaweicloud_smn_topic.t["a"]',
    ],
    ['a resource without count', {}, '${huaweicloud_smn_topic.t.topic_urn}', 'huaweicloud_smn_topic.t'],
  ])('%s is followed to that instance', (_name, meta, expression, address) => {
    expect(topicOf(withTopic(meta, expression))).toEqual({ kind: 'ref', address, attribute: 'topic_urn', expression });
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    [
      'a counted resource without an index',
      { count: 1 },
      '${huaweicloud_smn_topic.t.topic_urn}',
      'cdk.tf.json: /resource/huaweicloud_cts_notification/n: ${huaweicloud_smn_topic.t.topic_urn}: huaweicloud_smn_topic.t has count, so a reference must name an instance, such as huaweicloud_smn_topic.t[0].topic_urn (Terraform: Missing resource instance key)',
    ],
    [
      'a for_each resource without a key',
      { for_each: { a: 1 } },
      '${huaweicloud_smn_topic.t.topic_urn}',
      'cdk.tf.json: /resource/huaweicloud_cts_notification/n: ${huaweicloud_smn_topic.t.topic_urn}: huaweicloud_smn_topic.t has for_each, so a reference must name an instance, such as huaweicloud_smn_topic.t["key"].topic_urn (Terraform: Missing resource instance key)',
    ],
    [
      'a key on a resource without count or for_each',
      {},
      '${huaweicloud_smn_topic.t[0].topic_urn}',
      'cdk.tf.json: /resource/huaweicloud_cts_notification/n: ${huaweicloud_smn_topic.t[0].topic_urn}: huaweicloud_smn_topic.t has neither count nor for_each, so it takes no instance key (Terraform: Unexpected resource instance key)',
    ],
    [
      'a string key on a counted resource',
      { count: 1 },
      '${huaweicloud_smn_topic.t["a"].topic_urn}',
      'cdk.tf.json: /resource/huaweicloud_cts_notification/n: ${huaweicloud_smn_topic.t["a"].topic_urn}: huaweicloud_smn_topic.t has count, so its instance keys are numbers, not "a" (Terraform: Invalid index)',
    ],
    [
      'a number key on a for_each resource',
      { for_each: { a: 1 } },
      '${huaweicloud_smn_topic.t[0].topic_urn}',
      'cdk.tf.json: /resource/huaweicloud_cts_notification/n: ${huaweicloud_smn_topic.t[0].topic_urn}: huaweicloud_smn_topic.t has for_each, so its instance keys are strings, not 0 (Terraform: Invalid index)',
    ],
  ])('%s is refused, as Terraform refuses it', (_name, meta, expression, message) => {
    expect(() => readConfig(withTopic(meta, expression), ctx)).toThrow(message);
  });
});
