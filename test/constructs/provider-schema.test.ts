import { App } from 'cdktf';
import { buildDefaultApp, readSettings } from '../../lib/constructs/default-app';
import { NotebookAudit } from '../../lib/constructs';
import { loadOneProviderSchema, loadProviderSchema, validateAgainstSchema } from '../support/provider-schema';
import { makeStack, synth } from './helpers';

describe('synthesized configuration against the committed provider schema (stands in for terraform validate)', () => {
  test('the default app is valid', () => {
    const app = new App({ outdir: '/tmp/unused', skipValidation: true });
    const stack = buildDefaultApp(
      app,
      readSettings(() => undefined, {}),
    );
    expect(validateAgainstSchema(synth(stack) as never)).toEqual([]);
  });

  test('every construct option is valid', () => {
    const { stack } = makeStack();
    new NotebookAudit(stack, 'Audit', {
      regions: ['cn-north-4'],
      subscriptions: [{ protocol: 'https', endpoint: 'https://hooks.example.com/cts', remark: 'SIEM' }],
      grouping: 'resourceType',
      filter: { condition: 'OR', rules: ['code != 200'] },
      operationUsers: [{ group: 'ml', users: ['alice'] }],
      breakGlassPrincipals: ['domain/abc:user/def'],
      deployerPrincipal: 'domain/abc:agency/terraform',
      retentionDays: 400,
      tags: { a: 'b' },
      readOnlySubscriptions: [{ protocol: 'email', endpoint: 'reads@example.com' }],
      enterpriseProjectId: '0',
      keyOptions: { algorithm: 'SM4', rotationIntervalDays: 90, pendingDeletionDays: 7 },
      policyStatements: [{ Sid: 'List', Effect: 'Allow', Principal: { ID: ['domain/abc:user/def'] }, Action: ['ListBucket'] }],
      topicDisplayName: 'Audit',
      organizationEnabled: true,
      requireAuthorizedBucket: true,
      readOnlyAudit: { keepServices: ['IAM'], syncGlobalTrace: true },
    });
    expect(validateAgainstSchema(synth(stack) as never)).toEqual([]);
  });

  describe('the validator catches what terraform validate would', () => {
    const schema = loadProviderSchema();
    const bucket = (extra: Record<string, unknown>) => ({ resource: { huaweicloud_obs_bucket: { b: { bucket: 'x', ...extra } } } });
    test.each<[string, Record<string, unknown>, string]>([
      [
        'an unknown attribute',
        bucket({ versioning_enabled: true }),
        'huaweicloud_obs_bucket.b.versioning_enabled: unsupported argument (not in the schema)',
      ],
      ['a wrong type', bucket({ versioning: 'yes' }), 'huaweicloud_obs_bucket.b.versioning: expected bool, got "yes"'],
      [
        'a wrong type inside a block',
        bucket({ lifecycle_rule: [{ name: 'r', enabled: true, expiration: [{ days: '365' }] }] }),
        'huaweicloud_obs_bucket.b.lifecycle_rule[0].expiration[0].days: expected number, got "365"',
      ],
      [
        'a missing required argument',
        { resource: { huaweicloud_obs_bucket: { b: { acl: 'private' } } } },
        'huaweicloud_obs_bucket.b.bucket: required argument is missing',
      ],
      [
        'a computed-only attribute set',
        bucket({ bucket_domain_name: 'x' }),
        'huaweicloud_obs_bucket.b.bucket_domain_name: is computed-only and cannot be set',
      ],
      [
        'too many blocks',
        {
          resource: {
            huaweicloud_cts_notification: {
              n: {
                name: 'n',
                operation_type: 'complete',
                filter: [
                  { condition: 'AND', rule: ['code = 200'] },
                  { condition: 'OR', rule: ['code = 200'] },
                ],
              },
            },
          },
        },
        'huaweicloud_cts_notification.n.filter: at most 1 block(s) allowed, got 2',
      ],
      [
        'an unknown resource type',
        { resource: { huaweicloud_cts_trackers: { t: {} } } },
        'resource.huaweicloud_cts_trackers: resource type not in the provider schema',
      ],
      [
        'an unknown provider argument',
        { provider: { huaweicloud: [{ regoin: 'cn-north-4' }] } },
        'provider.huaweicloud[0].regoin: unsupported argument (not in the schema)',
      ],
    ])('%s', (_name, stack, error) => {
      expect(validateAgainstSchema(stack, schema)).toContain(error);
    });

    test.each<[string, Record<string, unknown>, string]>([
      [
        'an unknown data source',
        { data: { huaweicloud_cts_operation: { c: {} } } },
        'data.huaweicloud_cts_operation: data source not in the provider schema',
      ],
      [
        'a computed-only data source attribute set',
        { data: { huaweicloud_cts_operations: { c: { operations: [] } } } },
        'data.huaweicloud_cts_operations.c.operations: is computed-only and cannot be set',
      ],
      [
        'a resource lifecycle argument a data source does not have',
        { data: { huaweicloud_cts_operations: { c: { lifecycle: { prevent_destroy: true } } } } },
        'data.huaweicloud_cts_operations.c.lifecycle.prevent_destroy: unsupported argument in a data lifecycle block',
      ],
      [
        'a custom condition without its error message',
        bucket({ lifecycle: { postcondition: [{ condition: '${self.versioning}' }] } }),
        'huaweicloud_obs_bucket.b.lifecycle.postcondition[0]: needs exactly condition and error_message',
      ],
      ['a provider with no committed schema', { provider: { aws: [{}] } }, 'provider.aws: provider not in the committed schemas'],
    ])('%s', (_name, stack, error) => {
      expect(validateAgainstSchema(stack, schema)).toContain(error);
    });

    test('references are accepted for any type', () => {
      expect(validateAgainstSchema(bucket({ versioning: '${var.versioning}' }), schema)).toEqual([]);
    });
  });
});

/** Each attribute of a huaweicloud resource or data source as [type, required, optional, computed]. */
function shapeOf(kind: 'resource_schemas' | 'data_source_schemas', type: string): Record<string, unknown[]> {
  const { attributes } = loadOneProviderSchema('huaweicloud')[kind]?.[type].block as unknown as {
    attributes: Record<string, Record<string, unknown>>;
  };
  return Object.fromEntries(Object.entries(attributes).map(([k, a]) => [k, [a.type, !!a.required, !!a.optional, !!a.computed]]));
}

/** Every attribute path under a block, with the flags given. */
function flagged(block: Record<string, unknown>, flag: string, path = ''): string[] {
  const b = block as {
    attributes?: Record<string, Record<string, unknown>>;
    block_types?: Record<string, { block: Record<string, unknown> }>;
  };
  return [
    ...Object.entries(b.attributes ?? {})
      .filter(([, a]) => a[flag] === true)
      .map(([name]) => `${path}${name}`),
    ...Object.entries(b.block_types ?? {}).flatMap(([name, t]) => flagged(t.block, flag, `${path}${name}.`)),
  ];
}

describe('the committed schema, against the Go source of huaweicloud/huaweicloud v1.97.1 (tag commit 8edf65f)', () => {
  test('the provider block marks the credentials Sensitive, as huaweicloud/provider.go does', () => {
    const { provider } = loadOneProviderSchema('huaweicloud');
    expect(flagged(provider.block as never, 'sensitive').sort()).toEqual([
      'access_key',
      'assume_role_with_oidc.id_token',
      'password',
      'secret_key',
      'security_token',
      'token',
    ]);
  });

  test('assume_role has no MaxItems; assume_role_with_oidc has MaxItems 1', () => {
    const { provider } = loadOneProviderSchema('huaweicloud');
    const blocks = (provider.block as { block_types: Record<string, { nesting_mode: string; max_items?: number }> }).block_types;
    expect(blocks.assume_role).toEqual({ nesting_mode: 'list', block: expect.any(Object) });
    expect(blocks.assume_role_with_oidc).toMatchObject({ nesting_mode: 'list', max_items: 1 });
  });

  test("huaweicloud_smn_subscription's extension secrets are Sensitive, and the extension is one block at most", () => {
    const subscription = loadOneProviderSchema('huaweicloud').resource_schemas?.huaweicloud_smn_subscription.block as never;
    expect(flagged(subscription, 'sensitive').sort()).toEqual(['extension.client_secret', 'extension.sign_secret']);
    expect(flagged(subscription, 'required').sort()).toEqual(['endpoint', 'protocol', 'topic_urn']);
  });

  test('huaweicloud_cts_configuration: two required booleans, an optional list of services, region optional and computed', () => {
    expect(shapeOf('resource_schemas', 'huaweicloud_cts_configuration')).toEqual({
      id: ['string', false, true, true],
      region: ['string', false, true, true],
      is_sync_global_trace: ['bool', true, false, false],
      is_support_read_only: ['bool', true, false, false],
      support_read_only_services: [['list', 'string'], false, true, false],
    });
  });

  test('data source huaweicloud_cts_operations: optional service and resource type, the catalog computed', () => {
    expect(shapeOf('data_source_schemas', 'huaweicloud_cts_operations')).toEqual({
      id: ['string', false, true, true],
      region: ['string', false, true, true],
      service_type: ['string', false, true, false],
      resource_type: ['string', false, true, false],
      operations: [
        ['list', ['object', { operation_list: ['list', 'string'], resource_type: 'string', service_type: 'string' }]],
        false,
        false,
        true,
      ],
    });
  });

  test('data source huaweicloud_identity_agencies: optional name and trusted domain, the agencies computed, no region', () => {
    const { attributes } = loadOneProviderSchema('huaweicloud').data_source_schemas?.huaweicloud_identity_agencies.block as unknown as {
      attributes: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(attributes).sort()).toEqual(['agencies', 'id', 'name', 'trust_domain_id']);
    expect(flagged({ attributes }, 'optional').sort()).toEqual(['id', 'name', 'trust_domain_id']);
    expect(attributes.agencies.type).toEqual([
      'list',
      [
        'object',
        {
          created_at: 'string',
          description: 'string',
          duration: 'string',
          expired_at: 'string',
          id: 'string',
          name: 'string',
          trust_domain_id: 'string',
          trust_domain_name: 'string',
        },
      ],
    ]);
  });

  test('random_id of hashicorp/random v3.9.0: byte_length required, the results computed', () => {
    const { attributes } = loadOneProviderSchema('random').resource_schemas?.random_id.block as unknown as {
      attributes: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(attributes).sort()).toEqual(['b64_std', 'b64_url', 'byte_length', 'dec', 'hex', 'id', 'keepers', 'prefix']);
    expect(flagged({ attributes }, 'required')).toEqual(['byte_length']);
    expect(flagged({ attributes }, 'computed').sort()).toEqual(['b64_std', 'b64_url', 'dec', 'hex', 'id']);
  });
});
