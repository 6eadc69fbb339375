import { ConfigDocument, readConfig } from '../../lib/load/config';
import { Element, Notification, Tracker, UNRESOLVED } from '../../lib/model';

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
      'the condition of ${huaweicloud_smn_topic.a.id == "" ? "first" : "second"} cannot be evaluated: huaweicloud_smn_topic.a.id == "" depends on ${huaweicloud_smn_topic.a.id}, known only when Terraform runs',
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
  ])('is unknown with %s', (_name, doc, reason) => {
    const region = elements(doc)[0].region;
    expect(region.kind).toBe('unknown');
    expect((region as { reason: string }).reason).toContain(reason);
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

  test('count = 0 makes none', () => {
    expect(elements({ ...base, resource: { huaweicloud_cts_tracker: { t: { count: 0 } } } })).toEqual([]);
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

  test('a count that is not a literal makes existence unknown and is reported', () => {
    const result = readConfig({ ...base, variable: { n: {} }, resource: { huaweicloud_cts_tracker: { t: { count: '${var.n}' } } } }, ctx);
    const t = result.elements[0] as Tracker;
    expect(t.enabled.kind).toBe('unknown');
    expect(result.diagnostics).toEqual([
      {
        source: { file: 'cdk.tf.json', pointer: '/resource/huaweicloud_cts_tracker/t' },
        message:
          'huaweicloud_cts_tracker.t has a count the checker cannot evaluate (var.n has no default; give its value with --var n=VALUE (or a tfvars file), or check a plan (terraform show -json)), so how many instances exist is unknown; check a plan (terraform show -json) or make count a literal',
      },
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
