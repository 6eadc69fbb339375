import { EXPORT_ADDRESS, Element, Value, known, ref, unknown } from '../../lib/model';
import { Resolver, TopicResolution, namingAttributes, topicKey } from '../../lib/evaluate/resolve';
import {
  BUCKET_NAME,
  KEY_ID,
  OTHER_REGION,
  PROJECT,
  REGION,
  bucket,
  bucketPolicy,
  key,
  model,
  modelWith,
  notification,
  subscription,
  topic,
  tracker,
  urn,
} from './builders';

const CONFIG = 'cdktf.out#cts-audit';
const SHARED = 'cdktf.out#shared';
/** A topic as a configuration holds it: name and region known, URN computed by the cloud. */
const configTopic = (overrides: Parameters<typeof topic>[0] = {}) =>
  topic({ scope: CONFIG, input: 'synth', urn: unknown('topic_urn is not set'), ...overrides });

describe('Resolver.value', () => {
  const elements: Element[] = [
    bucket({ scope: CONFIG, address: 'huaweicloud_obs_bucket.traces' }),
    configTopic(),
    key({ scope: CONFIG, address: 'huaweicloud_kms_key.traces[0]' }),
    tracker({ scope: CONFIG, region: known(OTHER_REGION) }),
    // a value that refers to itself: followed until the depth limit
    bucket({
      scope: CONFIG,
      address: 'huaweicloud_obs_bucket.loop',
      name: ref('huaweicloud_obs_bucket.loop', 'bucket', '${huaweicloud_obs_bucket.loop.bucket}'),
    }),
  ];
  let resolver: Resolver;
  beforeEach(() => {
    resolver = new Resolver(model(...elements));
  });

  test.each<[string, Value<unknown>, Value<unknown>]>([
    ['a known value is returned as it is', known('x'), known('x')],
    ['an unknown value is returned as it is', unknown('var.x has no value'), unknown('var.x has no value')],
    [
      'a bucket name, by attribute bucket',
      ref('huaweicloud_obs_bucket.traces', 'bucket', '${huaweicloud_obs_bucket.traces.bucket}'),
      known(BUCKET_NAME),
    ],
    [
      'a bucket name, by attribute id',
      ref('huaweicloud_obs_bucket.traces', 'id', '${huaweicloud_obs_bucket.traces.id}'),
      known(BUCKET_NAME),
    ],
    ['a topic name', ref('huaweicloud_smn_topic.audit', 'name', '${huaweicloud_smn_topic.audit.name}'), known('cts_audit')],
    [
      'an instance [0] of a resource, by its index',
      ref('huaweicloud_kms_key.traces[0]', 'id', '${huaweicloud_kms_key.traces[0].id}'),
      known('6a5a1b4e-7c2d-4f7e-9d1a-2b3c4d5e6f70'),
    ],
    [
      'an instance [0] of a resource referred to without its index is not that instance',
      ref('huaweicloud_kms_key.traces', 'id', '${huaweicloud_kms_key.traces.id}'),
      unknown(
        '${huaweicloud_kms_key.traces.id} refers to huaweicloud_kms_key.traces, which is not in the inputs (or is not a resource the checker reads); it is known only after apply: check a plan or state',
      ),
    ],
    [
      'the region of a tracker',
      ref('huaweicloud_cts_tracker.system', 'region', '${huaweicloud_cts_tracker.system.region}'),
      known(OTHER_REGION),
    ],
  ])('%s', (_, input, expected) => {
    expect(resolver.value(input, CONFIG)).toEqual(expected);
  });

  test.each<[string, Value<unknown>, string]>([
    [
      'a computed attribute (the URN of a topic not yet created)',
      ref('huaweicloud_smn_topic.audit', 'topic_urn', '${huaweicloud_smn_topic.audit.topic_urn}'),
      'topic_urn is not set',
    ],
    [
      'an attribute the checker does not model',
      ref('huaweicloud_obs_bucket.traces', 'bucket_domain_name', '${huaweicloud_obs_bucket.traces.bucket_domain_name}'),
      '${huaweicloud_obs_bucket.traces.bucket_domain_name} is not a value the checker reads from huaweicloud_obs_bucket.traces (it is known only after apply, if at all); check a plan or state',
    ],
    [
      'a resource not in the inputs',
      ref('huaweicloud_obs_bucket.other', 'bucket', '${huaweicloud_obs_bucket.other.bucket}'),
      '${huaweicloud_obs_bucket.other.bucket} refers to huaweicloud_obs_bucket.other, which is not in the inputs (or is not a resource the checker reads); it is known only after apply: check a plan or state',
    ],
    [
      'a cross-stack output of a stack not among the inputs',
      ref(EXPORT_ADDRESS, `${SHARED}#topic_urn`, 'data.terraform_remote_state.cross-stack-reference-input-shared.outputs.topic_urn'),
      'data.terraform_remote_state.cross-stack-reference-input-shared.outputs.topic_urn is an output of a stack that is not among the inputs; pass that stack too',
    ],
    [
      'a reference to itself',
      ref('huaweicloud_obs_bucket.loop', 'bucket', '${huaweicloud_obs_bucket.loop.bucket}'),
      '${huaweicloud_obs_bucket.loop.bucket} refers to itself',
    ],
  ])('is unknown for %s, with the reason', (_, input, reason) => {
    expect(resolver.value(input, CONFIG)).toEqual(unknown(reason));
  });

  test('references resolve only in their own scope', () => {
    const v = ref('huaweicloud_obs_bucket.traces', 'bucket', '${huaweicloud_obs_bucket.traces.bucket}');
    expect(resolver.value(v, 'cdktf.out#other')).toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('which is not in the inputs'),
    });
  });

  test('a cross-stack output is followed into the producing stack', () => {
    const m = modelWith(
      {
        exports: {
          [`${SHARED}#bucket`]: {
            scope: SHARED,
            value: ref('huaweicloud_obs_bucket.traces', 'bucket', '${huaweicloud_obs_bucket.traces.bucket}'),
          },
        },
      },
      bucket({ scope: SHARED, input: 'synth', name: known('shared-traces') }),
    );
    const v = ref(EXPORT_ADDRESS, `${SHARED}#bucket`, 'data.terraform_remote_state.cross-stack-reference-input-shared.outputs.bucket');
    expect(new Resolver(m).value(v, CONFIG)).toEqual(known('shared-traces'));
  });
});

describe('Resolver.topic', () => {
  const stateTopic = topic({ address: 'huaweicloud_smn_topic.audit' });
  const cfgTopic = configTopic({ name: known('secops_alerts'), address: 'huaweicloud_smn_topic.alerts' });
  let resolver: Resolver;
  beforeEach(() => {
    resolver = new Resolver(
      modelWith(
        {
          exports: {
            [`${SHARED}#cross-stack-output-huaweicloud_smn_topicAuditTopictopic_urn`]: {
              scope: SHARED,
              value: ref('huaweicloud_smn_topic.AuditTopic', 'topic_urn', '${huaweicloud_smn_topic.AuditTopic.topic_urn}'),
            },
          },
        },
        stateTopic,
        cfgTopic,
        configTopic({ scope: SHARED, address: 'huaweicloud_smn_topic.AuditTopic', name: known('shared_audit') }),
        bucket({ scope: CONFIG }),
      ),
    );
  });
  const found = (address: string) => ({ kind: 'topic', topic: expect.objectContaining({ address }), key: expect.any(String) });

  test.each<[string, Value<string | undefined>, string, TopicResolution | object]>([
    ["a literal URN, by the topic's URN", known(urn()), CONFIG, found('huaweicloud_smn_topic.audit')],
    [
      "a literal URN, by region and name when the topic's URN is unknown (a configuration)",
      known(urn('secops_alerts')),
      'state.json',
      found('huaweicloud_smn_topic.alerts'),
    ],
    [
      'a reference to topic_urn',
      ref('huaweicloud_smn_topic.alerts', 'topic_urn', '${huaweicloud_smn_topic.alerts.topic_urn}'),
      CONFIG,
      found('huaweicloud_smn_topic.alerts'),
    ],
    [
      'a reference to id',
      ref('huaweicloud_smn_topic.alerts', 'id', '${huaweicloud_smn_topic.alerts.id}'),
      CONFIG,
      found('huaweicloud_smn_topic.alerts'),
    ],
    [
      'a reference to another attribute of the topic is not the topic',
      ref('huaweicloud_smn_topic.alerts', 'display_name', '${huaweicloud_smn_topic.alerts.display_name}'),
      CONFIG,
      {
        kind: 'unknown',
        reason:
          'its topic cannot be determined: ${huaweicloud_smn_topic.alerts.display_name} is not a value the checker reads from huaweicloud_smn_topic.alerts (it is known only after apply, if at all); check a plan or state',
      },
    ],
    [
      "a cdktf cross-stack reference, through the producing stack's output",
      ref(
        EXPORT_ADDRESS,
        `${SHARED}#cross-stack-output-huaweicloud_smn_topicAuditTopictopic_urn`,
        'data.terraform_remote_state.cross-stack-reference-input-shared.outputs.x',
      ),
      CONFIG,
      found('huaweicloud_smn_topic.AuditTopic'),
    ],
    ['no topic (undefined)', known(undefined), CONFIG, { kind: 'none', reason: 'it names no SMN topic (smn_topic is not set)' }],
    ['no topic (empty string)', known(''), CONFIG, { kind: 'none', reason: 'it names no SMN topic (smn_topic is not set)' }],
    [
      'a URN of a topic in no input',
      known(urn('secops_other')),
      CONFIG,
      {
        kind: 'unknown',
        reason: `its topic ${urn('secops_other')} is not defined in any input; pass the configuration, plan or state that defines it`,
      },
    ],
    [
      'a URN of a topic of the same name in another region',
      known(urn('cts_audit', OTHER_REGION)),
      CONFIG,
      { kind: 'unknown', reason: expect.stringContaining('is not defined in any input') },
    ],
    [
      'a value that is not a URN (a topic name)',
      ref('huaweicloud_smn_topic.alerts', 'name', '${huaweicloud_smn_topic.alerts.name}'),
      CONFIG,
      {
        kind: 'unknown',
        reason: 'its topic secops_alerts is not defined in any input; pass the configuration, plan or state that defines it',
      },
    ],
    [
      'an unknown value',
      unknown('smn_topic is known only after apply'),
      CONFIG,
      { kind: 'unknown', reason: 'its topic cannot be determined: smn_topic is known only after apply' },
    ],
    [
      'a reference to a topic not in the inputs',
      ref('module.shared.huaweicloud_smn_topic.t', 'topic_urn', '${module.shared.huaweicloud_smn_topic.t.topic_urn}'),
      CONFIG,
      {
        kind: 'unknown',
        reason:
          '${module.shared.huaweicloud_smn_topic.t.topic_urn} refers to module.shared.huaweicloud_smn_topic.t, which is not in the inputs; pass the configuration, plan or state that defines it',
      },
    ],
    [
      'a cross-stack reference to a stack not among the inputs',
      ref(EXPORT_ADDRESS, 'cdktf.out#gone#topic', 'data.terraform_remote_state.cross-stack-reference-input-gone.outputs.topic'),
      CONFIG,
      {
        kind: 'unknown',
        reason:
          'data.terraform_remote_state.cross-stack-reference-input-gone.outputs.topic is an output of a stack that is not among the inputs; pass that stack too',
      },
    ],
  ])('%s', (_, v, scope, expected) => {
    expect(resolver.topic(v, scope)).toEqual(expected);
  });

  test('a topic keeps one identity whichever way it is named', () => {
    const byUrn = resolver.topic(known(urn('secops_alerts')), CONFIG);
    const byRef = resolver.topic(ref('huaweicloud_smn_topic.alerts', 'topic_urn', 'x'), CONFIG);
    expect(byUrn.kind === 'topic' && byRef.kind === 'topic' && byUrn.key === byRef.key).toBe(true);
  });
});

describe('topicKey', () => {
  test.each<[string, ReturnType<typeof topic>, string]>([
    ['region and name when both are known', configTopic(), `topic:${REGION}\u0000cts_audit`],
    // The URN carries region, project and name: a deployed topic of another project is another topic.
    ['its URN when known', topic({ region: unknown('provider region is a variable') }), `urn:${urn()}`],
    [
      'the address when neither name nor URN is known',
      topic({ name: unknown('name is a variable'), urn: unknown('topic_urn is not set') }),
      'address:state.json\u0000huaweicloud_smn_topic.audit',
    ],
  ])('is %s', (_, t, expected) => {
    expect(topicKey(t)).toBe(expected);
  });
});

describe('Resolver.subscriptions', () => {
  test('gathers the subscriptions of one topic however they name it, across inputs', () => {
    const resolver = new Resolver(
      model(
        configTopic(),
        subscription({
          scope: CONFIG,
          address: 'huaweicloud_smn_subscription.byref',
          topic: ref('huaweicloud_smn_topic.audit', 'topic_urn', 'x'),
        }),
        subscription({ address: 'huaweicloud_smn_subscription.byurn' }),
        subscription({ address: 'huaweicloud_smn_subscription.elsewhere', topic: known(urn('other_topic')) }),
        subscription({ address: 'huaweicloud_smn_subscription.unknown', topic: unknown('topic_urn is a variable') }),
      ),
    );
    const t = resolver.topic(known(urn()), CONFIG);
    expect(t.kind).toBe('topic');
    const subs = t.kind === 'topic' ? resolver.subscriptions(t.key) : [];
    expect(subs.map((s) => s.address).sort()).toEqual(['huaweicloud_smn_subscription.byref', 'huaweicloud_smn_subscription.byurn']);
  });
});

describe('Resolver.bucket', () => {
  let resolver: Resolver;
  beforeEach(() => {
    resolver = new Resolver(model(bucket({ scope: CONFIG, input: 'synth' })));
  });

  test.each<[string, Value<string | undefined>, string | undefined, Value<string | undefined>]>([
    [
      'a reference to the bucket resource',
      ref('huaweicloud_obs_bucket.traces', 'bucket', 'x'),
      'huaweicloud_obs_bucket.traces',
      known(BUCKET_NAME),
    ],
    ['its literal name, in another input', known(BUCKET_NAME), 'huaweicloud_obs_bucket.traces', known(BUCKET_NAME)],
    ['a name no input defines', known('someone-elses-bucket'), undefined, known('someone-elses-bucket')],
    ['no name', known(undefined), undefined, known(undefined)],
    ['an unknown name', unknown('var.bucket has no value'), undefined, unknown('var.bucket has no value')],
  ])('%s', (_, name, address, resolvedName) => {
    const scope = name.kind === 'ref' ? CONFIG : 'state.json';
    const result = resolver.bucket(name, scope);
    expect(result.buckets[0]?.address).toBe(address);
    expect(result.name).toEqual(resolvedName);
  });

  test('a literal name finds the bucket whatever its region and scope (OBS bucket names are global)', () => {
    const r = new Resolver(model(bucket({ region: known(OTHER_REGION) })));
    expect(r.bucket(known(BUCKET_NAME), 'plan.json').buckets[0]?.region).toEqual(known(OTHER_REGION));
  });
});

describe('topics of two projects', () => {
  test('a topic of the same name in another project is another topic, with its own subscriptions', () => {
    // Two state files of two projects, both with the construct's default topic cts_audit in
    // cn-north-4. SMN topic names are unique per region of a project, and the URN carries the
    // project id: project B's subscriber must not count for project A's topic.
    const projectB = 'b7f1e0c2d3a4b5c6d7e8f9a0b1c2d3e4';
    const urnB = `urn:smn:${REGION}:${projectB}:cts_audit`;
    const resolver = new Resolver(
      model(
        topic({ scope: 'prod-state.json' }),
        topic({ scope: 'shared-state.json', urn: known(urnB) }),
        subscription({ scope: 'shared-state.json', topic: known(urnB) }),
      ),
    );
    const a = resolver.topic(known(urn()), 'prod-state.json');
    const b = resolver.topic(known(urnB), 'shared-state.json');
    expect(a.kind === 'topic' && b.kind === 'topic' && a.key !== b.key).toBe(true);
    expect(a.kind === 'topic' ? resolver.subscriptions(a.key) : ['not a topic']).toEqual([]);
  });
});

describe('Resolver.region', () => {
  let resolver: Resolver;
  beforeEach(() => {
    resolver = new Resolver(model(tracker({ scope: CONFIG, region: known(OTHER_REGION) })));
  });
  test.each<[string, Value<unknown>, Value<unknown>]>([
    ['a region name', known(REGION), known(REGION)],
    [
      'a reference to a region, followed',
      ref('huaweicloud_cts_tracker.system', 'region', '${huaweicloud_cts_tracker.system.region}'),
      known(OTHER_REGION),
    ],
    ['an unknown region, with its reason', unknown('var.region has no value'), unknown('var.region has no value')],
    ['null', known(null), unknown('region: expected a region name such as cn-north-4, got null')],
    ['a number', known(4), unknown('region: expected a region name such as cn-north-4, got number')],
    ['an empty string', known(''), unknown('region: expected a region name such as cn-north-4, got ""')],
    ['a name with a space', known('cn north'), unknown('region: expected a region name such as cn-north-4, got "cn north"')],
    [
      'a 10 MB string, not quoted',
      known('a'.repeat(10_000_000)),
      unknown('region: expected a region name such as cn-north-4, got a string of 10000000 characters'),
    ],
  ])('%s', (_, region, expected) => {
    expect(resolver.region(tracker({ scope: CONFIG, address: 'huaweicloud_cts_tracker.x', region: region as Value<string> }))).toEqual(
      expected,
    );
  });
});

describe('topics of a place read live', () => {
  const P = PROJECT;
  const live = (overrides: Parameters<typeof topic>[0] = {}) =>
    topic({ scope: `live:${REGION}/${P}`, input: 'live', project: P, ...overrides });
  const resolverOf = (elements: Element[], listing: true | string | undefined, readings = [{ region: REGION, project: P }]) => {
    const m = model(...elements);
    return new Resolver({ ...m, readings, ...(listing === undefined ? {} : { topicListings: { [`${REGION}\u0000${P}`]: listing } }) });
  };

  test('a live topic is found; a state topic of that place does not count, and a topic not listed does not exist', () => {
    const r = resolverOf([live(), topic({ address: 'huaweicloud_smn_topic.state', urn: known(urn('from_state')) })], true);
    expect(r.topic(known(urn()), 'x')).toMatchObject({ kind: 'topic', topic: { input: 'live' } });
    expect(r.topic(known(urn('from_state')), 'x')).toEqual({
      kind: 'none',
      reason: `its topic ${urn('from_state')} does not exist in project ${P} of ${REGION}`,
    });
  });

  test('topics that could not be listed, or were not listed, cannot be checked', () => {
    expect(resolverOf([live()], 'HTTP 403 SMN.0003').topic(known(urn()), 'x')).toEqual({
      kind: 'unknown',
      reason: `its topic ${urn()} cannot be checked: HTTP 403 SMN.0003`,
    });
    expect(resolverOf([], undefined).topic(known(urn()), 'x')).toEqual({
      kind: 'unknown',
      reason: `its topic ${urn()} was not listed when ${REGION}/${P} was read`,
    });
  });

  test('a reading without a project reads every project of the region', () => {
    expect(resolverOf([], undefined, [{ region: REGION }] as never).topic(known(urn()), 'x').kind).toBe('unknown');
    expect(resolverOf([topic()], undefined, [{ region: OTHER_REGION }] as never).topic(known(urn()), 'x').kind).toBe('topic');
  });

  test('a listing without a live reading (a snapshot of topics) still says which topics exist', () => {
    const r = resolverOf([], true, []);
    expect(r.topic(known(urn()), 'x')).toEqual({ kind: 'none', reason: `its topic ${urn()} does not exist in project ${P} of ${REGION}` });
    expect(resolverOf([], 'HTTP 500', []).topic(known(urn()), 'x')).toEqual({
      kind: 'unknown',
      reason: `its topic ${urn()} cannot be checked: HTTP 500`,
    });
  });

  test('a cross-stack output that refers to itself', () => {
    const self = ref(EXPORT_ADDRESS, 'a#loop', 'data.terraform_remote_state.a.outputs.loop');
    const r = new Resolver(modelWith({ exports: { 'a#loop': { scope: 'a', value: self } } }));
    expect(r.topic(self, 'a')).toEqual({ kind: 'unknown', reason: 'data.terraform_remote_state.a.outputs.loop refers to itself' });
    expect(r.value(self, 'a')).toEqual(unknown('data.terraform_remote_state.a.outputs.loop refers to itself'));
  });

  test('subscriptions whose topic cannot be seen: any topic may have them, a live topic only the live ones', () => {
    const undecided = (address: string, input: 'state' | 'live') =>
      subscription({ address, input, topic: ref('huaweicloud_smn_topic.gone', 'topic_urn', '${huaweicloud_smn_topic.gone.topic_urn}') });
    const r = new Resolver(
      model(undecided('huaweicloud_smn_subscription.s', 'state'), undecided('huaweicloud_smn_subscription.l', 'live')),
    );
    const reason =
      '${huaweicloud_smn_topic.gone.topic_urn} refers to huaweicloud_smn_topic.gone, which is not in the inputs; pass the configuration, plan or state that defines it';
    expect(r.subscriptionsOfUnknownTopic()).toEqual([
      { address: 'huaweicloud_smn_subscription.l', reason, live: true },
      { address: 'huaweicloud_smn_subscription.s', reason, live: false },
    ]);
    expect(r.subscriptionsOfUnknownTopic(live())).toEqual([{ address: 'huaweicloud_smn_subscription.l', reason, live: true }]);
    expect(r.subscriptionsOfUnknownTopic(topic())).toHaveLength(2);
  });
});

describe('attributes followed by reference', () => {
  const r = () =>
    new Resolver(
      model(
        key({ address: 'huaweicloud_kms_key.k' }),
        notification({ address: 'huaweicloud_cts_notification.n', name: known('n1') }),
        topic({ address: 'huaweicloud_smn_topic.t' }),
        tracker({ address: 'huaweicloud_cts_tracker.t', region: known(OTHER_REGION) }),
      ),
    );
  test.each<[string, string, string, Value<unknown>]>([
    ['a key by id', 'huaweicloud_kms_key.k', 'id', known(KEY_ID)],
    ['a key by key_id', 'huaweicloud_kms_key.k', 'key_id', known(KEY_ID)],
    ['a notification by name', 'huaweicloud_cts_notification.n', 'name', known('n1')],
    ['a topic by name', 'huaweicloud_smn_topic.t', 'name', known('cts_audit')],
    ['a tracker region', 'huaweicloud_cts_tracker.t', 'region', known(OTHER_REGION)],
  ])('%s', (_name, address, attribute, expected) => {
    expect(r().value(ref(address, attribute, `\${${address}.${attribute}}`), 'state.json')).toEqual(expected);
  });

  test.each<[string, string]>([
    ['huaweicloud_kms_key.k', 'arn'],
    ['huaweicloud_cts_notification.n', 'id'],
    ['huaweicloud_smn_topic.t', 'display_name'],
    ['huaweicloud_cts_tracker.t', 'bucket_name'],
  ])('%s.%s is known only after apply', (address, attribute) => {
    expect(r().value(ref(address, attribute, `\${${address}.${attribute}}`), 'state.json')).toEqual(
      unknown(
        `\${${address}.${attribute}} is not a value the checker reads from ${address} (it is known only after apply, if at all); check a plan or state`,
      ),
    );
  });
});

describe('Resolver.bucket with copies, Resolver.policiesOf and Resolver.key', () => {
  const configBucket = () => bucket({ scope: CONFIG, input: 'synth' });
  const stateBucket = () => bucket({ scope: 'state.json', source: { file: 'state.json', pointer: '/values' } });

  test('a referenced bucket comes first, then every other copy of its name, each once', () => {
    const r = new Resolver(
      model(stateBucket(), configBucket(), bucket({ scope: 'other.json', address: 'huaweicloud_obs_bucket.other', name: known('other') })),
    );
    const found = r.bucket(ref('huaweicloud_obs_bucket.traces', 'bucket', 'x'), CONFIG).buckets.map((b) => b.scope);
    expect(found).toEqual([CONFIG, 'state.json']);
    expect(r.bucket(known(BUCKET_NAME), 'x').buckets.map((b) => b.scope)).toEqual([CONFIG, 'state.json']);
    expect(r.bucket(known(''), 'x').buckets).toEqual([]);
    expect(r.bucket(ref('huaweicloud_smn_topic.audit', 'name', 'y'), CONFIG).buckets).toEqual([]);
  });

  test("a bucket's policies: its own, and each policy resource for it, by reference or by name; others' are not", () => {
    const own = bucket({ scope: CONFIG, input: 'synth', policy: known('{"Statement": []}') });
    const byRef = bucketPolicy({
      scope: CONFIG,
      address: 'huaweicloud_obs_bucket_policy.by_ref',
      bucket: ref('huaweicloud_obs_bucket.traces', 'bucket', 'x'),
    });
    const byName = bucketPolicy({ scope: CONFIG, address: 'huaweicloud_obs_bucket_policy.by_name' });
    const toOther = bucketPolicy({ scope: CONFIG, address: 'huaweicloud_obs_bucket_policy.other', bucket: known('other') });
    const toOtherRef = bucketPolicy({
      scope: CONFIG,
      address: 'huaweicloud_obs_bucket_policy.other_ref',
      bucket: ref('huaweicloud_obs_bucket.site', 'bucket', 'y'),
    });
    const site = bucket({ scope: CONFIG, address: 'huaweicloud_obs_bucket.site', name: known('site') });
    const r = new Resolver(model(toOtherRef, toOther, byName, byRef, own, site));
    const policies = r.policiesOf(own);
    expect(policies.map((p) => [p.element.address, p.bucket])).toEqual([
      ['huaweicloud_obs_bucket.traces', known('')],
      ['huaweicloud_obs_bucket_policy.by_name', known(BUCKET_NAME)],
      ['huaweicloud_obs_bucket_policy.by_ref', known(BUCKET_NAME)],
    ]);
    expect(policies[0]).toMatchObject({ policy: known('{"Statement": []}'), format: known('obs') });
  });

  test('a policy resource whose bucket, or the bucket whose name, cannot be seen might be its policy', () => {
    const unnamed = bucket({ name: unknown('var.bucket has no value') });
    const r = new Resolver(
      model(
        unnamed,
        bucketPolicy({ bucket: known('some-bucket') }),
        bucketPolicy({ address: 'huaweicloud_obs_bucket_policy.u', bucket: unknown('var.b') }),
      ),
    );
    expect(r.policiesOf(unnamed).map((p) => [p.element.address, p.bucket])).toEqual([
      ['huaweicloud_obs_bucket.traces', known('')],
      ['huaweicloud_obs_bucket_policy.traces', unknown('the name of huaweicloud_obs_bucket.traces is unknown: var.bucket has no value')],
      ['huaweicloud_obs_bucket_policy.u', unknown('var.b')],
    ]);
  });

  test("a policy resource that references the bucket designates it, even when the bucket's name is known only after apply", () => {
    // The constructs' default name ends in a suffix Terraform draws (random_id): the bucket is still this one.
    const drawn = bucket({
      scope: CONFIG,
      input: 'synth',
      name: unknown('"cts-audit-traces-${random_id.s.hex}" is built from ${random_id.s.hex} known only when Terraform runs'),
    });
    const mine = bucketPolicy({ scope: CONFIG, bucket: ref('huaweicloud_obs_bucket.traces', 'bucket', 'x') });
    const other = bucket({ scope: CONFIG, address: 'huaweicloud_obs_bucket.other', name: unknown('drawn too') });
    const theirs = bucketPolicy({
      scope: CONFIG,
      address: 'huaweicloud_obs_bucket_policy.theirs',
      bucket: ref('huaweicloud_obs_bucket.other', 'bucket', 'y'),
    });
    const r = new Resolver(model(drawn, mine, other, theirs));
    expect(r.policiesOf(drawn).map((p) => [p.element.address, p.bucket])).toEqual([
      ['huaweicloud_obs_bucket.traces', known('')],
      ['huaweicloud_obs_bucket_policy.traces', known('')],
    ]);
    expect(r.policiesOf(other).map((p) => [p.element.address, p.bucket])).toEqual([
      ['huaweicloud_obs_bucket.other', known('')],
      ['huaweicloud_obs_bucket_policy.theirs', known('')],
    ]);
  });

  test('a key by reference to the key resource, or by its id; nothing for another id, no id, or an unknown one', () => {
    const k = key({ scope: CONFIG, address: 'huaweicloud_kms_key.traces' });
    const r = new Resolver(model(k, key({ scope: 'state.json', address: 'huaweicloud_kms_key.copy' })));
    expect(r.key(ref('huaweicloud_kms_key.traces', 'id', 'x'), CONFIG)).toBe(k);
    expect(r.key(known(KEY_ID), 'state.json')?.address).toBe('huaweicloud_kms_key.traces');
    expect(r.key(ref('huaweicloud_smn_topic.audit', 'id', 'x'), CONFIG)).toBeUndefined();
    expect([r.key(known('another-key'), 'x'), r.key(known(undefined), 'x'), r.key(known(''), 'x'), r.key(unknown('no'), 'x')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    const unknownId = new Resolver(model(key({ id: unknown('computed') })));
    expect(unknownId.key(known(KEY_ID), 'x')).toBeUndefined();
  });

  test('the first of several topics of one URN or name is the one found, whatever the input order', () => {
    const a = topic({ scope: 'a.json' });
    const b = topic({ scope: 'b.json' });
    expect((new Resolver(model(b, a)).topic(known(urn()), 'x') as { topic: Element }).topic.scope).toBe('a.json');
    const ca = topic({ scope: 'a.json', urn: unknown('computed') });
    const cb = topic({ scope: 'b.json', urn: unknown('computed') });
    expect((new Resolver(model(cb, ca)).topic(known(urn()), 'x') as { topic: Element }).topic.scope).toBe('a.json');
  });
});

describe('Resolver.element', () => {
  const r = new Resolver(
    model(
      topic({ address: 'huaweicloud_smn_topic.each[*]', instances: 3 }),
      topic({ address: 'huaweicloud_smn_topic.maybe', mayNotExist: 'count = var.n, which has no value' }),
      topic({ address: 'huaweicloud_smn_topic.one' }),
      topic({ address: 'huaweicloud_smn_topic.two[0]' }),
      topic({ address: 'huaweicloud_smn_topic.two' }),
    ),
  );
  const at = (address: string, scope = 'state.json') => r.element(scope, address)?.address;

  test('an instance that was not expanded is the element that stands for the instances', () => {
    expect([at('huaweicloud_smn_topic.each[0]'), at('huaweicloud_smn_topic.each["a"]')]).toEqual([
      'huaweicloud_smn_topic.each[*]',
      'huaweicloud_smn_topic.each[*]',
    ]);
  });

  test('an instance of an element whose count cannot be evaluated is that element; of one that has none, nothing', () => {
    expect(at('huaweicloud_smn_topic.maybe[1]')).toBe('huaweicloud_smn_topic.maybe');
    expect(at('huaweicloud_smn_topic.one[0]')).toBeUndefined();
  });

  test('an exact address first; only an instance key is stripped; the scope counts', () => {
    expect(at('huaweicloud_smn_topic.two[0]')).toBe('huaweicloud_smn_topic.two[0]');
    expect(at('huaweicloud_smn_topic.two[1]')).toBeUndefined();
    expect(at('huaweicloud_smn_topic.maybe[1].x')).toBeUndefined();
    expect(at('huaweicloud_smn_topic.maybe[a]')).toBeUndefined();
    expect(at('huaweicloud_smn_topic.each[0]', 'other.json')).toBeUndefined();
  });
});

describe('namingAttributes', () => {
  // The provider's schemas: a bucket's id is its name, a key's key_id its id, a topic's and a subscription's id their URN.
  test.each<[string, Element, string[]]>([
    ['a bucket', bucket(), ['bucket', 'id']],
    ['a key', key(), ['id', 'key_id']],
    ['a topic', topic(), ['topic_urn', 'id']],
    ['a subscription', subscription(), ['subscription_urn', 'id']],
    ['a tracker', tracker(), ['id']],
    ['a notification', notification(), ['id']],
  ])('%s is named by %j', (_name, e, attributes) => {
    expect(namingAttributes(e)).toEqual(attributes);
  });
});
