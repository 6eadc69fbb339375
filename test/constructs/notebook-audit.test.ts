import { EventNotifications, HuaweicloudProvider, NotebookAudit, NotebookAuditProps, tamperTable } from '../../lib/constructs';
import { defaultTable } from '../../lib/policy/bundled';
import { tableEvents } from '../../lib/policy/table';
import { makeStack, resourcesOf, synth, validationErrors } from './helpers';
import { expectEvery } from '../support/every';

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
    const perRegion: Record<string, number> = {
      huaweicloud_obs_bucket: 1,
      huaweicloud_obs_bucket_policy: 1,
      huaweicloud_kms_key: 1,
      huaweicloud_cts_tracker: 1,
      huaweicloud_smn_topic: 1,
      huaweicloud_smn_subscription: 1,
      // One for the notebook table, one for the tamper table.
      huaweicloud_cts_notification: 2,
      huaweicloud_cts_configuration: 1,
    };
    expect(Object.keys(json.resource).sort()).toEqual([...Object.keys(perRegion), 'random_id'].sort());
    for (const [type, count] of Object.entries(perRegion)) {
      const providers = resourcesOf(json, type)
        .map((r) => r.provider)
        .sort();
      const expected = ['huaweicloud.ap-southeast-1', 'huaweicloud.cn-north-4'].flatMap((p) => Array<string>(count).fill(p));
      expect({ type, providers }).toEqual({ type, providers: expected });
    }
    expect(resourcesOf(json, 'random_id')).toHaveLength(2);
    expect(audit.regions.map((r) => r.region)).toEqual(['cn-north-4', 'ap-southeast-1']);
    expect(validationErrors(stack)).toEqual([]);
  });

  test('in each region, the notifications list each (service, resource type, trace name) of the notebook and tamper tables exactly once', () => {
    const expected = [...tableEvents(defaultTable()), ...tableEvents(tamperTable())]
      .map((e) => `${e.service}/${e.resourceType}/${e.traceName}`)
      .sort();
    expect(expected).toHaveLength(41);
    expect(audit.tables.map((table) => table.id)).toEqual(['modelarts-notebook', 'audit-trail-tamper']);
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
      expect(r.bucket.displayName).toBe(`cts-audit-traces-${r.region}-<random>`);
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
    // The name Terraform gives the bucket, drawn suffix included.
    expect(json.output?.cn_north_4_trace_bucket.value).toMatch(/^\$\{huaweicloud_obs_bucket\.Audit_cn-north-4_TraceBucket_\w+\.bucket\}$/);
    expect(json.output?.cn_north_4_topic_urn.value).toMatch(/^\$\{huaweicloud_smn_topic\..+\.topic_urn\}$/);
  });

  test("accepts the caller's providers instead of regions", () => {
    const { stack: s } = makeStack();
    const mine = new HuaweicloudProvider(s, 'eu', { region: 'eu-west-101', alias: 'eu' });
    const a = new NotebookAudit(s, 'Audit', { providers: [mine], subscriptions });
    expect(a.regions.map((r) => r.region)).toEqual(['eu-west-101']);
    expect(resourcesOf(synth(s), 'huaweicloud_cts_tracker').map((t) => t.provider)).toEqual(['huaweicloud.eu']);
  });

  test('passes bucket names, retention, grouping, tags and the deployer through', () => {
    const { json: j } = auditStack({
      regions: ['cn-north-4'],
      bucketNames: { 'cn-north-4': 'acme-traces-bj4' },
      retentionDays: 730,
      grouping: 'resourceType',
      tags: { team: 'ml' },
      deployerPrincipal: 'domain/0970dd7a1300f5672ff2c003c60ae115:agency/terraform-ci',
    });
    expect(resourcesOf(j, 'huaweicloud_obs_bucket')[0]).toMatchObject({ bucket: 'acme-traces-bj4', tags: { team: 'ml' } });
    expect(JSON.parse(resourcesOf(j, 'huaweicloud_obs_bucket_policy')[0].policy as string).Statement[2].NotPrincipal).toEqual({
      ID: ['domain/0970dd7a1300f5672ff2c003c60ae115:agency/terraform-ci'],
    });
    // 6 resource types of ModelArts; tracker, notification and configuration of CTS, topic and subscription of SMN, bucket of OBS.
    expect(
      resourcesOf(j, 'huaweicloud_cts_notification')
        .map((n) => n.name as string)
        .sort(),
    ).toEqual(
      [
        'cts_audit_modelarts_notebook_Notebook',
        'cts_audit_modelarts_notebook_NotebookImage',
        'cts_audit_modelarts_notebook_NotebookImageGroups',
        'cts_audit_modelarts_notebook_NotebookApp',
        'cts_audit_modelarts_notebook_CombineTmsTag',
        'cts_audit_modelarts_notebook_NotebookTmsTag',
        'cts_audit_audit_trail_tamper_CTS_tracker',
        'cts_audit_audit_trail_tamper_CTS_notification',
        'cts_audit_audit_trail_tamper_CTS_configuration',
        'cts_audit_audit_trail_tamper_SMN_topic',
        'cts_audit_audit_trail_tamper_SMN_subscription',
        'cts_audit_audit_trail_tamper_OBS_bucket',
      ].sort(),
    );
  });

  test('passes organizationEnabled and requireAuthorizedBucket to the tracker of every region', () => {
    const { json: j } = auditStack({ organizationEnabled: true, requireAuthorizedBucket: true });
    expect(
      resourcesOf(j, 'huaweicloud_cts_tracker').map((t) => [
        t.organization_enabled,
        (t.lifecycle as { postcondition: Array<{ condition: string }> }).postcondition[0].condition,
      ]),
    ).toEqual([
      [true, '${self.status == "enabled" && self.transfer_enabled && self.is_authorized_bucket}'],
      [true, '${self.status == "enabled" && self.transfer_enabled && self.is_authorized_bucket}'],
    ]);
  });

  test('the catalog of each service is read in every region; catalogCheck: false and agencyCheck: false are passed through', () => {
    const data = (json as unknown as { data: Record<string, Record<string, Record<string, unknown>>> }).data.huaweicloud_cts_operations;
    expect(
      Object.values(data)
        .map((d) => `${d.provider} ${d.service_type}`)
        .sort(),
    ).toEqual([
      'huaweicloud.ap-southeast-1 CTS',
      'huaweicloud.ap-southeast-1 ModelArts',
      'huaweicloud.ap-southeast-1 OBS',
      'huaweicloud.ap-southeast-1 SMN',
      'huaweicloud.cn-north-4 CTS',
      'huaweicloud.cn-north-4 ModelArts',
      'huaweicloud.cn-north-4 OBS',
      'huaweicloud.cn-north-4 SMN',
    ]);
    expectEvery(
      resourcesOf(json, 'huaweicloud_cts_notification'),
      (n) => (n.lifecycle as { precondition: unknown[] }).precondition.length === 1,
      'notification',
    );
    const { json: off } = auditStack({ catalogCheck: false });
    expect(Object.keys((off as unknown as { data: Record<string, unknown> }).data)).toEqual(['huaweicloud_identity_agencies']);
    const { json: none } = auditStack({ catalogCheck: false, agencyCheck: false });
    expect((none as { data?: unknown }).data).toBeUndefined();
    expect(resourcesOf(none, 'huaweicloud_cts_tracker').map((tr) => (tr.lifecycle as { precondition?: unknown }).precondition)).toEqual([
      undefined,
      undefined,
    ]);
  });

  test('tamperAlarm: false audits the given tables only; a tamper table given is not added twice', () => {
    const { json: off, audit: a } = auditStack({ regions: ['cn-north-4'], tamperAlarm: false });
    expect(resourcesOf(off, 'huaweicloud_cts_notification').map((n) => n.name)).toEqual(['cts_audit_modelarts_notebook']);
    expect(a.tables.map((table) => table.id)).toEqual(['modelarts-notebook']);
    const { json: given, audit: b } = auditStack({ regions: ['cn-north-4'], tables: [tamperTable(), defaultTable()] });
    expect(
      resourcesOf(given, 'huaweicloud_cts_notification')
        .map((n) => n.name as string)
        .sort(),
    ).toEqual(['cts_audit_audit_trail_tamper', 'cts_audit_modelarts_notebook']);
    expect(b.tables.map((table) => table.id)).toEqual(['audit-trail-tamper', 'modelarts-notebook']);
  });

  test("the tamper table's writes add no service to the read-only reporting", () => {
    expect(resourcesOf(json, 'huaweicloud_cts_configuration').map((c) => c.support_read_only_services)).toEqual([
      ['ModelArts'],
      ['ModelArts'],
    ]);
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

  describe('reuse', () => {
    test('regionResources: an existing bucket and key in one region, an existing topic in the other, a named bucket in neither', () => {
      const topicUrn = 'urn:smn:ap-southeast-1:0970dd7a1300f5672ff2c003c60ae115:secops';
      const { json: j, audit: a } = auditStack({
        coverageCheck: false,
        regionResources: {
          'cn-north-4': { existingBucketName: 'acme-traces-bj4', encryptionKeyId: 'key-bj4' },
          'ap-southeast-1': { topicUrn, bucketName: 'acme-traces-hk', encryptionKeyId: 'key-hk' },
        },
      });
      expect(resourcesOf(j, 'huaweicloud_obs_bucket').map((b) => b.bucket)).toEqual(['acme-traces-hk']);
      expect(j.resource.huaweicloud_kms_key).toBeUndefined();
      expect(
        resourcesOf(j, 'huaweicloud_cts_tracker')
          .map((tr) => [tr.provider, tr.bucket_name, tr.kms_id])
          .sort(),
      ).toEqual([
        ['huaweicloud.ap-southeast-1', expect.stringMatching(/^\$\{huaweicloud_obs_bucket\..+\.bucket\}$/), 'key-hk'],
        ['huaweicloud.cn-north-4', 'acme-traces-bj4', 'key-bj4'],
      ]);
      expect(resourcesOf(j, 'huaweicloud_smn_topic').map((tp) => tp.provider)).toEqual(['huaweicloud.cn-north-4']);
      expect(resourcesOf(j, 'huaweicloud_smn_subscription').map((s) => s.provider)).toEqual(['huaweicloud.cn-north-4']);
      expect(a.regions[1].notifications.topicUrn).toBe(topicUrn);
      expect(a.regions[0].bucket.region).toBe('cn-north-4');
      expect(validationErrors(a.node.scope as never)).toEqual([]);
    });

    test('readOnlySubscriptions, enterpriseProjectId, keyOptions, policyStatements and topicDisplayName reach every region', () => {
      const statement = { Sid: 'AuditorsList', Effect: 'Allow', Principal: { ID: ['domain/abc:user/auditor'] }, Action: ['ListBucket'] };
      const { json: j } = auditStack({
        readOnlySubscriptions: [{ protocol: 'email', endpoint: 'audit-reads@example.com' }],
        enterpriseProjectId: 'b7f0bf8d-4c3e-4b5e-9a8f-7c1a2d3e4f50',
        keyOptions: { rotationIntervalDays: 180 },
        policyStatements: [statement],
        topicDisplayName: 'ML audit',
      });
      expect(
        resourcesOf(j, 'huaweicloud_smn_topic')
          .map((tp) => [tp.provider, tp.display_name, tp.enterprise_project_id])
          .sort(),
      ).toEqual([
        ['huaweicloud.ap-southeast-1', 'CTS key event notifications (read-only operations)', 'b7f0bf8d-4c3e-4b5e-9a8f-7c1a2d3e4f50'],
        ['huaweicloud.ap-southeast-1', 'ML audit', 'b7f0bf8d-4c3e-4b5e-9a8f-7c1a2d3e4f50'],
        ['huaweicloud.cn-north-4', 'CTS key event notifications (read-only operations)', 'b7f0bf8d-4c3e-4b5e-9a8f-7c1a2d3e4f50'],
        ['huaweicloud.cn-north-4', 'ML audit', 'b7f0bf8d-4c3e-4b5e-9a8f-7c1a2d3e4f50'],
      ]);
      // The notebook table splits into writes and reads; the tamper table has writes only.
      expect(
        resourcesOf(j, 'huaweicloud_cts_notification')
          .filter((n) => n.provider === 'huaweicloud.cn-north-4')
          .map((n) => n.name as string)
          .sort(),
      ).toEqual(['cts_audit_audit_trail_tamper', 'cts_audit_modelarts_notebook', 'cts_audit_modelarts_notebook_reads']);
      expect(Object.keys(j.output ?? {})).toContain('cn_north_4_read_only_topic_urn');
      expect(resourcesOf(j, 'huaweicloud_kms_key').map((k) => [k.rotation_interval, k.enterprise_project_id])).toEqual([
        [180, 'b7f0bf8d-4c3e-4b5e-9a8f-7c1a2d3e4f50'],
        [180, 'b7f0bf8d-4c3e-4b5e-9a8f-7c1a2d3e4f50'],
      ]);
      expect(resourcesOf(j, 'huaweicloud_obs_bucket').map((b) => b.enterprise_project_id)).toEqual([
        'b7f0bf8d-4c3e-4b5e-9a8f-7c1a2d3e4f50',
        'b7f0bf8d-4c3e-4b5e-9a8f-7c1a2d3e4f50',
      ]);
      expect(resourcesOf(j, 'huaweicloud_obs_bucket_policy').map((p) => JSON.parse(p.policy as string).Statement[3])).toEqual([
        statement,
        statement,
      ]);
    });

    test("each region's notifications are created after its tracker", () => {
      for (const r of audit.regions) {
        const trackerAddress = `huaweicloud_cts_tracker.${r.tracker.tracker.friendlyUniqueId}`;
        for (const n of r.notifications.notifications) {
          expect(json.resource.huaweicloud_cts_notification[n.friendlyUniqueId].depends_on).toEqual([trackerAddress]);
        }
      }
    });
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
      [
        'fails with resources for a region that is not audited',
        { regionResources: { 'eu-west-101': { topicUrn: 'urn:smn:eu-west-101:p:t' } } },
        'test/Audit: regionResources has eu-west-101, which is not audited; audited: cn-north-4',
      ],
      [
        'fails with a bucket named twice',
        { bucketNames: { 'cn-north-4': 'acme-a' }, regionResources: { 'cn-north-4': { bucketName: 'acme-b' } } },
        'test/Audit: the bucket of cn-north-4 is named both in bucketNames and in regionResources; keep one',
      ],
      [
        'fails with a bucket both to create and existing',
        { regionResources: { 'cn-north-4': { bucketName: 'acme-a', existingBucketName: 'acme-b' } } },
        'test/Audit: regionResources.cn-north-4 gives both bucketName (a bucket to create) and existingBucketName; keep one',
      ],
      [
        'fails with subscriptions when every region notifies an existing topic',
        { regionResources: { 'cn-north-4': { topicUrn: 'urn:smn:cn-north-4:p:t' } } },
        'test/Audit: subscriptions would subscribe to no topic: every region notifies an existing topic (regionResources.topicUrn); leave them out',
      ],
    ])('%s', (_name, props, message) => {
      const { stack: s } = makeStack();
      expect(() => new NotebookAudit(s, 'Audit', { regions: ['cn-north-4'], subscriptions, ...props })).toThrow(new Error(message));
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
      const topicName = (s.node.findChild('Audit').node.findChild('cn-north-4').node.findChild('Notifications') as EventNotifications)
        .topicName;
      expect(validationErrors(s).join('\n')).toContain(
        `[test/Audit/cn-north-4/Notifications] topic ${topicName} has no subscription, so no one would be notified; add one with subscriptions or addSubscription()`,
      );
    });
  });
});
