import { HuaweicloudProvider, NotebookAudit, NotebookAuditProps } from '../../lib/constructs';
import { defaultTable } from '../../lib/policy/bundled';
import { tableEvents } from '../../lib/policy/table';
import { makeStack, resourcesOf, synth, validationErrors } from './helpers';

const subscriptions = [{ protocol: 'email' as const, endpoint: 'secops@example.com' }];

function auditStack(props: Partial<NotebookAuditProps> = {}) {
  const { stack } = makeStack();
  const audit = new NotebookAudit(stack, 'Audit', { regions: ['cn-north-4', 'ap-southeast-1'], subscriptions, ...props });
  return { stack, audit, json: synth(stack) };
}

describe('NotebookAudit', () => {
  const { stack, audit, json } = auditStack();

  test('creates one aliased provider and one full set of resources per region', () => {
    expect(json.provider?.huaweicloud).toEqual(
      expect.arrayContaining([
        { alias: 'cn-north-4', region: 'cn-north-4' },
        { alias: 'ap-southeast-1', region: 'ap-southeast-1' },
      ]),
    );
    for (const type of [
      'huaweicloud_obs_bucket',
      'huaweicloud_obs_bucket_policy',
      'huaweicloud_kms_key',
      'huaweicloud_cts_tracker',
      'huaweicloud_smn_topic',
      'huaweicloud_smn_subscription',
      'huaweicloud_cts_notification',
      'huaweicloud_cts_configuration',
    ]) {
      const providers = resourcesOf(json, type)
        .map((r) => r.provider)
        .sort();
      expect({ type, providers }).toEqual({ type, providers: ['huaweicloud.ap-southeast-1', 'huaweicloud.cn-north-4'] });
    }
    expect(audit.regions.map((r) => r.region)).toEqual(['cn-north-4', 'ap-southeast-1']);
    expect(validationErrors(stack)).toEqual([]);
  });

  test('in each region, the notifications list each (resource type, trace name) of the table exactly once', () => {
    const expected = tableEvents(defaultTable())
      .map((e) => `ModelArts/${e.resourceType}/${e.traceName}`)
      .sort();
    for (const region of ['cn-north-4', 'ap-southeast-1']) {
      const listed = resourcesOf(json, 'huaweicloud_cts_notification')
        .filter((n) => n.provider === `huaweicloud.${region}`)
        .flatMap((n) =>
          (n.operations as Array<{ service: string; resource: string; trace_names: string[] }>).flatMap((op) =>
            op.trace_names.map((t) => `${op.service}/${op.resource}/${t}`),
          ),
        );
      expect({ region, listed: listed.sort() }).toEqual({ region, listed: expected });
    }
  });

  test("each region's tracker writes to that region's bucket", () => {
    for (const r of audit.regions) {
      expect(r.tracker.region).toBe(r.region);
      expect(r.bucket.region).toBe(r.region);
      expect(r.bucket.bucketName).toContain(r.region);
    }
  });

  test('outputs the bucket name, topic URN and notification names of each region', () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual([
      'ap_southeast_1_notification_names',
      'ap_southeast_1_topic_urn',
      'ap_southeast_1_trace_bucket',
      'cn_north_4_notification_names',
      'cn_north_4_topic_urn',
      'cn_north_4_trace_bucket',
    ]);
    expect(json.output?.cn_north_4_trace_bucket.value).toBe(audit.regions[0].bucket.bucketName);
    expect(json.output?.cn_north_4_topic_urn.value).toMatch(/^\$\{huaweicloud_smn_topic\..+\.topic_urn\}$/);
  });

  test("accepts the caller's providers instead of regions", () => {
    const { stack: s } = makeStack();
    const mine = new HuaweicloudProvider(s, 'eu', { region: 'eu-west-101', alias: 'eu' });
    const a = new NotebookAudit(s, 'Audit', { providers: [mine], subscriptions });
    expect(a.regions.map((r) => r.region)).toEqual(['eu-west-101']);
    expect(resourcesOf(synth(s), 'huaweicloud_cts_tracker').map((t) => t.provider)).toEqual(['huaweicloud.eu']);
  });

  test('passes bucket names, retention, grouping and tags through', () => {
    const { json: j } = auditStack({
      regions: ['cn-north-4'],
      bucketNames: { 'cn-north-4': 'acme-traces-bj4' },
      retentionDays: 730,
      grouping: 'resourceType',
      tags: { team: 'ml' },
    });
    expect(resourcesOf(j, 'huaweicloud_obs_bucket')[0]).toMatchObject({ bucket: 'acme-traces-bj4', tags: { team: 'ml' } });
    expect(resourcesOf(j, 'huaweicloud_cts_notification')).toHaveLength(6);
  });

  test("passes the read-only audit options to each region's CTS configuration", () => {
    const { json: j, audit: a } = auditStack({
      regions: ['cn-north-4', 'ap-southeast-1'],
      readOnlyAudit: { keepServices: ['IAM'], syncGlobalTrace: false },
    });
    expect(resourcesOf(j, 'huaweicloud_cts_configuration')).toEqual([
      expect.objectContaining({
        support_read_only_services: ['ModelArts', 'IAM'],
        is_support_read_only: false,
        is_sync_global_trace: false,
      }),
      expect.objectContaining({
        support_read_only_services: ['ModelArts', 'IAM'],
        is_support_read_only: false,
        is_sync_global_trace: false,
      }),
    ]);
    expect(a.regions.map((r) => r.readOnly.services)).toEqual([
      ['ModelArts', 'IAM'],
      ['ModelArts', 'IAM'],
    ]);
  });

  describe('misuse', () => {
    test.each<[string, Partial<NotebookAuditProps>, string]>([
      [
        'fails with both regions and providers',
        { providers: [] },
        'test/Audit: give exactly one of regions (providers are created) or providers (your own, one per region)',
      ],
      ['fails with no region', { regions: [] }, 'test/Audit: no region to audit: give at least one region or provider'],
      [
        'fails with a region given twice',
        { regions: ['cn-north-4', 'cn-north-4'] },
        'test/Audit: region cn-north-4 is given twice; CTS has one system tracker per region',
      ],
    ])('%s', (_name, props, message) => {
      const { stack: s } = makeStack();
      expect(() => new NotebookAudit(s, 'Audit', { regions: ['cn-north-4'], subscriptions, ...props })).toThrow(message);
    });

    test('fails with a provider of no region', () => {
      const { stack: s } = makeStack();
      const mine = new HuaweicloudProvider(s, 'bare', { alias: 'bare' });
      expect(() => new NotebookAudit(s, 'Audit', { providers: [mine], subscriptions })).toThrow(
        'test/Audit: provider test/bare has no region; set region on every provider',
      );
    });

    test('fails validation with no subscriber', () => {
      const { stack: s } = makeStack();
      new NotebookAudit(s, 'Audit', { regions: ['cn-north-4'], subscriptions: [] });
      expect(validationErrors(s).join('\n')).toContain('has no subscription, so no one would be notified');
    });
  });
});
