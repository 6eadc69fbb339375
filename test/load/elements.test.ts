/**
 * From Terraform attributes to model elements (lib/load/elements.ts): the provider's defaults, Terraform's type
 * conversions, and what is unknown when an attribute has a type the provider would refuse, with the reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AttrReader, BlockTree, MODELED_TYPES, NESTED_BLOCKS, UNKNOWN_BLOCKS, buildElement, unmodeledRisk } from '../../lib/load/elements';
import { ElementBase, Value, known } from '../../lib/model';

const base: ElementBase = {
  scope: 'stack',
  address: 'r.x',
  input: 'synth',
  source: { file: 'cdk.tf.json' },
  region: known('cn-north-4'),
};

/** Reads the attributes of a body, as a loader of literal JSON does. */
const literal =
  (body: Record<string, unknown>): AttrReader =>
  (name) =>
    known(body[name]);

function element(type: string, body: Record<string, unknown>): Record<string, Value<unknown>> {
  const built = buildElement(type, base, literal(body));
  if (!built) throw new Error(`${type} is not modeled`);
  return built as unknown as Record<string, Value<unknown>>;
}

const unknownBecause = (reason: string) => ({ kind: 'unknown', reason });

describe('the provider defaults, when an attribute is not set', () => {
  test('a tracker: enabled, no LTS, no file validation, no exclusions', () => {
    expect(element('huaweicloud_cts_tracker', {})).toMatchObject({
      type: 'tracker',
      enabled: known(true),
      bucketName: known(undefined),
      ltsEnabled: known(false),
      validateFile: known(false),
      kmsId: known(undefined),
      excludeServices: known([]),
      filePrefix: known(undefined),
    });
  });

  test('a bucket: private, not versioned, not encrypted, not force-destroyed, OBS policy format', () => {
    expect(element('huaweicloud_obs_bucket', { bucket: 'traces' })).toMatchObject({
      type: 'bucket',
      name: known('traces'),
      acl: known('private'),
      versioning: known(false),
      encryption: known(false),
      forceDestroy: known(false),
      lifecycleRules: known([]),
      policy: known(undefined),
      policyFormat: known('obs'),
    });
  });

  test('a key: enabled, rotation off', () => {
    expect(element('huaweicloud_kms_key', { id: 'k-1' })).toMatchObject({
      type: 'key',
      id: known('k-1'),
      enabled: known(true),
      rotationEnabled: known(false),
    });
  });

  test('a notification: enabled, no filter, all users', () => {
    expect(element('huaweicloud_cts_notification', { name: 'n', operation_type: 'complete' })).toMatchObject({
      enabled: known(true),
      operations: known([]),
      filtered: known(false),
      userRestricted: known(false),
      topic: known(undefined),
    });
  });

  test('a CTS configuration: no read-only service listed; its two required booleans are unknown when not set', () => {
    expect(element('huaweicloud_cts_configuration', {})).toMatchObject({
      type: 'configuration',
      readOnlyAll: unknownBecause('is_support_read_only is required and not set'),
      readOnlyServices: known([]),
      syncGlobal: unknownBecause('is_sync_global_trace is required and not set'),
    });
  });

  test('a CTS configuration is read from its Terraform names, with "true"/"false" converted', () => {
    expect(
      element('huaweicloud_cts_configuration', {
        is_support_read_only: 'false',
        support_read_only_services: ['ModelArts', 'CTS'],
        is_sync_global_trace: true,
      }),
    ).toMatchObject({ readOnlyAll: known(false), readOnlyServices: known(['ModelArts', 'CTS']), syncGlobal: known(true) });
    expect(element('huaweicloud_cts_configuration', { is_support_read_only: 1, is_sync_global_trace: false }).readOnlyAll).toEqual(
      unknownBecause('expected true or false, got 1'),
    );
  });

  test("a tracker's status and detail, as a state holds them: in error, whatever enabled says", () => {
    expect(element('huaweicloud_cts_tracker', { enabled: true, status: 'error', detail: 'bucketPolicyError' })).toMatchObject({
      enabled: known(true),
      status: 'error',
      detail: 'bucketPolicyError',
    });
    expect(element('huaweicloud_cts_tracker', { status: '' })).not.toHaveProperty('status');
  });

  test('a required string that is not set is unknown, naming it', () => {
    expect(element('huaweicloud_smn_topic', {}).name).toEqual(unknownBecause('name is not set'));
  });

  test('a type that is not modeled is no element', () => {
    expect(buildElement('huaweicloud_vpc', base, literal({}))).toBeUndefined();
  });
});

describe('every attribute is read from its Terraform name', () => {
  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'huaweicloud_cts_tracker',
      {
        enabled: false,
        bucket_name: 'b',
        lts_enabled: true,
        validate_file: true,
        kms_id: 'k',
        exclude_service: ['OBS'],
        file_prefix: 'p',
      },
      {
        enabled: known(false),
        bucketName: known('b'),
        ltsEnabled: known(true),
        validateFile: known(true),
        kmsId: known('k'),
        excludeServices: known(['OBS']),
        filePrefix: known('p'),
      },
    ],
    [
      'huaweicloud_cts_notification',
      {
        name: 'n',
        enabled: false,
        operation_type: 'customized',
        operations: [{ service: 'ModelArts', resource: 'Notebook', trace_names: ['createNotebook'] }],
        smn_topic: 'urn:t',
        filter: [{ condition: 'OR', rule: ['code = 200'] }],
        operation_users: [{ group: 'admin', users: ['alice'] }],
      },
      {
        name: known('n'),
        enabled: known(false),
        operationType: known('customized'),
        operations: known([{ service: 'ModelArts', resource: 'Notebook', traceNames: ['createNotebook'] }]),
        topic: known('urn:t'),
        filtered: known(true),
        userRestricted: known(true),
      },
    ],
    ['huaweicloud_smn_topic', { name: 'n', topic_urn: 'urn:t' }, { name: known('n'), urn: known('urn:t') }],
    [
      'huaweicloud_smn_subscription',
      { topic_urn: 'urn:t', protocol: 'email', endpoint: 'a@b' },
      { topic: known('urn:t'), protocol: known('email'), endpoint: known('a@b') },
    ],
    [
      'huaweicloud_obs_bucket',
      {
        bucket: 'b',
        acl: 'public-read',
        versioning: true,
        encryption: true,
        sse_algorithm: 'kms',
        kms_key_id: 'k',
        force_destroy: true,
        policy: '{}',
        policy_format: 's3',
      },
      {
        name: known('b'),
        acl: known('public-read'),
        versioning: known(true),
        encryption: known(true),
        sseAlgorithm: known('kms'),
        kmsKeyId: known('k'),
        forceDestroy: known(true),
        policy: known('{}'),
        policyFormat: known('s3'),
      },
    ],
    [
      'huaweicloud_obs_bucket_policy',
      { bucket: 'b', policy: '{}', policy_format: 's3' },
      { bucket: known('b'), policy: known('{}'), policyFormat: known('s3') },
    ],
    [
      'huaweicloud_kms_key',
      { id: 'k', is_enabled: false, rotation_enabled: true },
      { id: known('k'), enabled: known(false), rotationEnabled: known(true) },
    ],
  ])('%s', (type, body, want) => {
    expect(element(type, body)).toMatchObject(want);
  });

  test('a required attribute that is not set is unknown, naming the attribute', () => {
    const names = (type: string, attributes: string[]) => {
      const e = element(type, {});
      return attributes.map((a) => (e[a] as { reason?: string }).reason);
    };
    expect(names('huaweicloud_smn_subscription', ['topic', 'protocol', 'endpoint'])).toEqual([
      'topic_urn is not set',
      'protocol is not set',
      'endpoint is not set',
    ]);
    expect(names('huaweicloud_cts_notification', ['name', 'operationType'])).toEqual(['name is not set', 'operation_type is not set']);
    expect(names('huaweicloud_obs_bucket_policy', ['bucket', 'policy'])).toEqual(['bucket is not set', 'policy is not set']);
    expect(names('huaweicloud_smn_topic', ['urn'])).toEqual(['topic_urn is not set']);
    expect(names('huaweicloud_kms_key', ['id'])).toEqual(['id is not set']);
    expect(names('huaweicloud_obs_bucket', ['name'])).toEqual(['bucket is not set']);
  });
});

describe("Terraform's conversions", () => {
  test('the strings "true" and "false" are booleans; numbers and booleans are strings', () => {
    const t = element('huaweicloud_cts_tracker', { enabled: 'false', lts_enabled: 'true' });
    expect([t.enabled, t.ltsEnabled]).toEqual([known(false), known(true)]);
    expect(element('huaweicloud_smn_topic', { name: 42, topic_urn: true })).toMatchObject({ name: known('42'), urn: known('true') });
  });

  test('an empty optional string is not set', () => {
    expect(element('huaweicloud_cts_tracker', { bucket_name: '' }).bucketName).toEqual(known(undefined));
  });

  test('a subscription is confirmed only with SMN status 1; without a status, nothing is said', () => {
    const sub = (status?: number) =>
      element('huaweicloud_smn_subscription', { topic_urn: 'urn:t', protocol: 'email', endpoint: 'a@b', status });
    expect(sub(1).confirmed).toBe(true);
    expect(sub(0).confirmed).toBe(false);
    expect(sub(3).confirmed).toBe(false);
    expect(sub()).not.toHaveProperty('confirmed');
  });

  test('a notification block given as one object (Terraform JSON syntax) is a list of one', () => {
    const n = element('huaweicloud_cts_notification', {
      operations: { service: 'ModelArts', resource: 'Notebook', trace_names: ['createNotebook'] },
      filter: { condition: 'AND', rule: ['code = 200'] },
    });
    expect(n.operations).toEqual(known([{ service: 'ModelArts', resource: 'Notebook', traceNames: ['createNotebook'] }]));
    expect(n.filtered).toEqual(known(true));
  });
});

describe('values the provider would refuse are unknown, saying what they are', () => {
  test.each<[string, string, Record<string, unknown>, string, string]>([
    ['a boolean', 'huaweicloud_cts_tracker', { enabled: 'yes' }, 'enabled', 'expected true or false, got "yes"'],
    ['an optional string', 'huaweicloud_cts_tracker', { bucket_name: ['a'] }, 'bucketName', 'expected a string, got a list'],
    ['a required string', 'huaweicloud_smn_topic', { name: { a: 1 } }, 'name', 'name: expected a string, got an object'],
    [
      'a list of strings',
      'huaweicloud_cts_tracker',
      { exclude_service: 'ModelArts' },
      'excludeServices',
      'expected a list of strings, got "ModelArts"',
    ],
    ['a block', 'huaweicloud_cts_notification', { filter: 'x' }, 'filtered', 'cannot read the block'],
    ['operations', 'huaweicloud_cts_notification', { operations: [1] }, 'operations', 'operations is not a list of blocks'],
    [
      'an operations block with a service that is not a string',
      'huaweicloud_cts_notification',
      { operations: [{ service: 1, resource: 'Notebook', trace_names: [] }] },
      'operations',
      'an operations block has a service or resource that is not a literal string',
    ],
    [
      'trace names that are not a list of strings',
      'huaweicloud_cts_notification',
      { operations: [{ service: 'ModelArts', resource: 'Notebook', trace_names: 'createNotebook' }] },
      'operations',
      'the trace_names of ModelArts/Notebook are not a literal list of strings',
    ],
    ['lifecycle rules', 'huaweicloud_obs_bucket', { lifecycle_rule: 'x' }, 'lifecycleRules', 'lifecycle_rule is not a list of blocks'],
    [
      'a lifecycle rule enabled by an expression',
      'huaweicloud_obs_bucket',
      { lifecycle_rule: [{ enabled: 1 }] },
      'lifecycleRules',
      'a lifecycle_rule has an enabled value that is not a literal',
    ],
    [
      'an expiration that is not a block',
      'huaweicloud_obs_bucket',
      { lifecycle_rule: [{ enabled: true, expiration: 365 }] },
      'lifecycleRules',
      'a lifecycle_rule expiration is not a block',
    ],
    [
      'expiration days that are not a number',
      'huaweicloud_obs_bucket',
      { lifecycle_rule: [{ enabled: true, expiration: [{ days: '365' }] }] },
      'lifecycleRules',
      'a lifecycle_rule expiration has days that are not a literal number',
    ],
    [
      'a noncurrent expiration that is not a block',
      'huaweicloud_obs_bucket',
      { lifecycle_rule: [{ enabled: true, noncurrent_version_expiration: 30 }] },
      'lifecycleRules',
      'a lifecycle_rule noncurrent_version_expiration is not a block',
    ],
    [
      'noncurrent expiration days that are not a number',
      'huaweicloud_obs_bucket',
      { lifecycle_rule: [{ enabled: true, noncurrent_version_expiration: [{ days: null }] }] },
      'lifecycleRules',
      'a lifecycle_rule noncurrent_version_expiration has days that are not a literal number',
    ],
  ])('%s', (_name, type, body, attribute, reason) => {
    expect(element(type, body)[attribute]).toEqual(unknownBecause(reason));
  });
});

describe('a notification name the provider refuses at plan', () => {
  const notification = (name: unknown, input: ElementBase['input'] = 'hcl', extra: Partial<ElementBase> = {}) =>
    buildElement('huaweicloud_cts_notification', { ...base, input, ...extra }, literal({ name, operation_type: 'complete' })) as {
      mayNotExist?: string;
    };
  const refused = (shown: string) =>
    `the provider refuses its name ${shown} (1 to 64 bytes of letters, digits, underscores or Chinese characters), so Terraform stops at plan; rename it`;

  test.each<[string, unknown, string]>([
    ['a hyphen', 'notebook-ops', '"notebook-ops"'],
    ['a space', 'notebook ops', '"notebook ops"'],
    ['empty', '', '""'],
    ['65 bytes', 'a'.repeat(65), `"${'a'.repeat(60)}…"`],
    ['22 Chinese characters (66 bytes: Go counts bytes)', '审'.repeat(22), `"${'审'.repeat(22)}"`],
    ['a Chinese character outside U+4E00 to U+9FA5', 'notebook_〇', '"notebook_〇"'],
  ])('BUG: %s: the notification may not exist, saying why (it counted)', (_name, name, shown) => {
    expect(notification(name).mayNotExist).toBe(refused(shown));
    expect(notification(name, 'synth').mayNotExist).toBe(refused(shown));
  });

  test('a name it takes, a name not known, or a plan or state (already validated) is not doubted for it', () => {
    expect(notification('a'.repeat(64)).mayNotExist).toBeUndefined();
    expect(notification('审'.repeat(21) + 'a').mayNotExist).toBeUndefined();
    expect(notification('Notebook_ops_2').mayNotExist).toBeUndefined();
    expect(notification(undefined).mayNotExist).toBeUndefined();
    expect(notification('notebook-ops', 'plan').mayNotExist).toBeUndefined();
    expect(notification('notebook-ops', 'state').mayNotExist).toBeUndefined();
    expect(notification('notebook-ops', 'hcl', { mayNotExist: 'count is unknown' }).mayNotExist).toBe('count is unknown');
  });
});

describe('lifecycle rules', () => {
  test('the shortest expiration of a rule counts; a rule without one expires nothing', () => {
    const b = element('huaweicloud_obs_bucket', {
      lifecycle_rule: [
        { enabled: 'true', prefix: 'traces/', expiration: [{ days: 400 }, { days: 200 }], noncurrent_version_expiration: [{ days: 30 }] },
        { enabled: false },
        { enabled: 'false', prefix: 'old/', expiration: { days: 10 } },
      ],
    });
    expect(b.lifecycleRules).toEqual(
      known([
        { enabled: true, prefix: 'traces/', expirationDays: 200, noncurrentExpirationDays: 30 },
        { enabled: false, prefix: '', expirationDays: undefined },
        { enabled: false, prefix: 'old/', expirationDays: 10 },
      ]),
    );
  });
});

describe('operations a dynamic block may add', () => {
  test('the blocks that are known are kept, and the reason more may exist is carried', () => {
    const op = { service: 'ModelArts', resource: 'Notebook', trace_names: ['createNotebook'] };
    const n = element('huaweicloud_cts_notification', {
      operations: [op, { [UNKNOWN_BLOCKS]: 'dynamic "operations" iterates over a value the checker cannot evaluate (var.x)' }],
    });
    expect(n.operations).toEqual(known([{ service: 'ModelArts', resource: 'Notebook', traceNames: ['createNotebook'] }]));
    expect(n.moreOperations).toBe('dynamic "operations" iterates over a value the checker cannot evaluate (var.x)');
    expect(element('huaweicloud_cts_notification', { operations: [op] })).not.toHaveProperty('moreOperations');
  });
});

describe('reading through the loader', () => {
  test('a value the loader cannot read is passed through, whatever the attribute', () => {
    const why = { kind: 'unknown' as const, reason: 'var.x has no default' };
    const t = buildElement('huaweicloud_cts_tracker', base, () => why) as unknown as Record<string, Value<unknown>>;
    for (const attribute of ['enabled', 'bucketName', 'ltsEnabled', 'validateFile', 'kmsId', 'excludeServices', 'filePrefix']) {
      expect([attribute, t[attribute]]).toEqual([attribute, why]);
    }
  });

  test('a bucket policy is read as a template; other attributes are not', () => {
    const modes: string[] = [];
    buildElement('huaweicloud_obs_bucket_policy', base, (name, mode) => {
      modes.push(`${name}:${mode ?? 'value'}`);
      return known(undefined);
    });
    expect(modes.sort()).toEqual(['bucket:value', 'policy:template', 'policy_format:value']);
  });
});

describe('resources that change delivery or exposure', () => {
  test('an unsubscription and a filter policy name a subscription by its URN', () => {
    const urn = 'urn:smn:cn-north-4:p:t:0a1b';
    expect(element('huaweicloud_smn_topic_unsubscription', { subscription_urn: urn })).toMatchObject({
      type: 'unsubscription',
      subscription: known(urn),
    });
    expect(
      element('huaweicloud_smn_subscription_filter_policy', {
        subscription_urn: urn,
        filter_policies: [{ name: 'a', string_equals: ['x'] }],
      }),
    ).toMatchObject({
      type: 'subscription-filter',
      subscription: known(urn),
    });
    expect(element('huaweicloud_smn_topic_unsubscription', {}).subscription).toEqual(unknownBecause('subscription_urn is not set'));
  });

  test('a bucket ACL: the accesses granted to everyone, from both lists of public_permission', () => {
    expect(
      element('huaweicloud_obs_bucket_acl', {
        bucket: 'traces',
        public_permission: [{ access_to_bucket: ['READ'], access_to_acl: ['READ_ACP'] }],
        account_permission: [{ account_id: 'a', access_to_bucket: ['READ'] }],
      }),
    ).toMatchObject({ type: 'bucket-acl', bucket: known('traces'), publicAccess: known(['READ', 'READ_ACP']) });
    expect(element('huaweicloud_obs_bucket_acl', { bucket: 'traces' }).publicAccess).toEqual(known([]));
    expect(
      element('huaweicloud_obs_bucket_acl', { bucket: 'traces', public_permission: [{ access_to_bucket: 'READ' }] }).publicAccess,
    ).toEqual(unknownBecause('access_to_bucket is not a literal list of strings'));
    const acl = (permission: unknown) =>
      element('huaweicloud_obs_bucket_acl', { bucket: 'traces', public_permission: permission }).publicAccess;
    expect(acl([{ access_to_bucket: ['READ'], access_to_acl: ['READ_ACP', 7] }])).toEqual(
      unknownBecause('access_to_acl is not a literal list of strings'),
    );
    expect(acl(['READ'])).toEqual(unknownBecause('the permission block cannot be read'));
    expect(acl({ access_to_bucket: null, access_to_acl: ['WRITE_ACP'] })).toEqual(known(['WRITE_ACP']));
    expect(acl([{ access_to_bucket: ['READ'] }, { access_to_acl: ['READ_ACP'] }])).toEqual(known(['READ', 'READ_ACP']));
  });

  test("a subscription's URN and filter policies, as a state holds them", () => {
    expect(
      element('huaweicloud_smn_subscription', {
        topic_urn: 'urn:smn:r:p:t',
        protocol: 'email',
        endpoint: 'a@example.com',
        subscription_urn: 'urn:smn:r:p:t:1',
        filter_policies: [{ name: 'severity', string_equals: ['high'] }],
      }),
    ).toMatchObject({ urn: known('urn:smn:r:p:t:1'), filtered: known(true) });
    const configured = element('huaweicloud_smn_subscription', {
      topic_urn: 'urn:smn:r:p:t',
      protocol: 'email',
      endpoint: 'a@example.com',
    });
    expect(configured).not.toHaveProperty('urn');
    expect(configured).not.toHaveProperty('filtered');
  });

  test.each([
    ['huaweicloud_smn_topic_attributes', true],
    ['huaweicloud_obs_bucket_object_acl', true],
    ['huaweicloud_obs_bucket_replication', true],
    ['huaweicloud_cts_tracker_v3', true],
    ['huaweicloud_smn_notify_policy', true],
    ['huaweicloud_cts_data_tracker', false],
    ['huaweicloud_smn_message_template', false],
    ['huaweicloud_obs_bucket_object', false],
    ['huaweicloud_obs_bucket_acl', false],
    ['huaweicloud_vpc', false],
  ])('%s can change the trail unseen: %s', (type, risky) => {
    expect(unmodeledRisk(type)).toBe(risky);
  });
});

describe('the nested blocks of the modeled types', () => {
  interface SchemaBlock {
    block_types?: Record<string, { block: SchemaBlock }>;
  }
  /** A block tree as nested plain objects, to compare with the schema's. */
  const plain = (tree: BlockTree): object => Object.fromEntries([...tree].map(([name, inner]) => [name, plain(inner)]));
  const fromSchema = (block: SchemaBlock): object =>
    Object.fromEntries(Object.entries(block.block_types ?? {}).map(([name, inner]) => [name, fromSchema(inner.block)]));

  test("are the provider schema's block types at every depth, for every modeled type the schema has, with Terraform's own", () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../../providers/huaweicloud/schema.json'), 'utf8')) as {
      provider_schemas: Record<string, { resource_schemas: Record<string, { block: SchemaBlock }> }>;
    };
    const [provider] = Object.values(schema.provider_schemas);
    const inSchema = [...NESTED_BLOCKS.keys()].filter((type) => provider.resource_schemas[type]);
    expect(inSchema.length).toBeGreaterThanOrEqual(8);
    const meta = { connection: {}, lifecycle: { postcondition: {}, precondition: {} }, provisioner: { connection: {} } };
    for (const type of inSchema) {
      expect([type, plain(NESTED_BLOCKS.get(type)!)]).toEqual([type, { ...fromSchema(provider.resource_schemas[type].block), ...meta }]);
    }
    // The bucket's lifecycle rule is the one block with blocks of its own.
    expect(plain(NESTED_BLOCKS.get('huaweicloud_obs_bucket')!)).toMatchObject({ lifecycle_rule: { expiration: {}, transition: {} } });
    expect([...MODELED_TYPES]).toEqual([...NESTED_BLOCKS.keys()]);
  });
});
