import { App } from 'cdktf';
import { buildDefaultApp, readSettings } from '../../lib/constructs/default-app';
import { NotebookAudit } from '../../lib/constructs';
import { loadProviderSchema, validateAgainstSchema } from '../support/provider-schema';
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
      retentionDays: 400,
      tags: { a: 'b' },
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

    test('references are accepted for any type', () => {
      expect(validateAgainstSchema(bucket({ versioning: '${var.versioning}' }), schema)).toEqual([]);
    });
  });
});
