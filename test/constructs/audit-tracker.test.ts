import { AuditTracker, AuditTrackerProps, HuaweicloudProvider, TraceBucket } from '../../lib/constructs';
import { makeStack, onlyResource, synth, validationErrors } from './helpers';

function trackerStack(props: Partial<AuditTrackerProps> = {}) {
  const { stack, provider } = makeStack();
  const bucket = new TraceBucket(stack, 'Traces', { provider });
  const tracker = new AuditTracker(stack, 'Tracker', { bucket, ...props });
  return { stack, bucket, tracker, json: synth(stack) };
}

describe('AuditTracker', () => {
  test('defaults: enabled, file validation, KMS encryption with the bucket key, LTS, gzip, sorted by service, protected', () => {
    const { json } = trackerStack();
    const keyId = Object.keys(json.resource.huaweicloud_kms_key)[0];
    const bucketId = Object.keys(json.resource.huaweicloud_obs_bucket)[0];
    const policyId = Object.keys(json.resource.huaweicloud_obs_bucket_policy)[0];
    const data = (json as unknown as { data: Record<string, Record<string, unknown>> }).data.huaweicloud_identity_agencies;
    const [agencyId] = Object.keys(data);
    expect(Object.values(data)).toEqual([{ provider: 'huaweicloud', name: 'cts_admin_trust' }]);
    expect(onlyResource(json, 'huaweicloud_cts_tracker')).toEqual({
      provider: 'huaweicloud',
      bucket_name: `\${huaweicloud_obs_bucket.${bucketId}.bucket}`,
      kms_id: `\${huaweicloud_kms_key.${keyId}.id}`,
      validate_file: true,
      lts_enabled: true,
      compress_type: 'gzip',
      is_sort_by_service: true,
      enabled: true,
      organization_enabled: false,
      delete_tracker: false,
      depends_on: [`huaweicloud_obs_bucket_policy.${policyId}`],
      lifecycle: {
        prevent_destroy: true,
        precondition: [
          {
            condition: `\${try(length(data.huaweicloud_identity_agencies.${agencyId}.agencies), 0) > 0}`,
            error_message:
              'The account has no IAM agency cts_admin_trust, which CTS needs to deliver traces. The CTS console creates it when CTS is enabled for the first time; enable CTS once in the console (or create the agency for CTS in IAM), then plan again.',
          },
        ],
        postcondition: [
          {
            condition: '${self.status == "enabled" && self.transfer_enabled}',
            error_message:
              'The CTS system tracker does not deliver traces: status ${self.status == null ? "(none)" : tostring(self.status)}, detail ${self.detail == null ? "(none)" : tostring(self.detail)}, transfer to OBS ${self.transfer_enabled == null ? "(none)" : tostring(self.transfer_enabled)}. bucketPolicyError: the bucket policy does not let CTS write to the bucket; noBucket: the bucket does not exist; arrears: the account is in arrears. Fix the cause and apply again.',
          },
        ],
      },
    });
    // Custom conditions need Terraform 1.2; the README documents 1.5.
    expect((json.terraform as { required_version?: string }).required_version).toBe('>= 1.5.0');
  });

  test('organizationEnabled keeps an organization tracker one', () => {
    expect(onlyResource(trackerStack({ organizationEnabled: true }).json, 'huaweicloud_cts_tracker').organization_enabled).toBe(true);
  });

  test('requireAuthorizedBucket also needs CTS to report the bucket authorized', () => {
    const [post] = (
      onlyResource(trackerStack({ requireAuthorizedBucket: true }).json, 'huaweicloud_cts_tracker').lifecycle as {
        postcondition: Array<{ condition: string; error_message: string }>;
      }
    ).postcondition;
    expect(post.condition).toBe('${self.status == "enabled" && self.transfer_enabled && self.is_authorized_bucket}');
    expect(post.error_message).toContain(
      ', bucket authorized ${self.is_authorized_bucket == null ? "(none)" : tostring(self.is_authorized_bucket)}. bucketPolicyError:',
    );
  });

  test('a tracker disabled on purpose has no postcondition: it is not expected to deliver', () => {
    expect(onlyResource(trackerStack({ enabled: false }).json, 'huaweicloud_cts_tracker').lifecycle).toEqual({
      prevent_destroy: true,
      precondition: [expect.objectContaining({ condition: expect.stringContaining('data.huaweicloud_identity_agencies.') })],
    });
  });

  test('agencyCheck: false looks up no agency and adds no precondition', () => {
    const { json } = trackerStack({ agencyCheck: false });
    expect((json as { data?: unknown }).data).toBeUndefined();
    expect((onlyResource(json, 'huaweicloud_cts_tracker').lifecycle as { precondition?: unknown }).precondition).toBeUndefined();
  });

  test('props override the defaults and warn when they weaken the trail', () => {
    const { tracker, json } = trackerStack({
      kmsKeyId: 'caller-key',
      filePrefix: 'audit.modelarts',
      validateFile: false,
      ltsEnabled: false,
      compressType: 'json',
      sortByService: false,
      excludeServices: ['KMS'],
      deleteOnDestroy: true,
      preventDestroy: false,
      tags: { owner: 'secops' },
    });
    expect(onlyResource(json, 'huaweicloud_cts_tracker')).toMatchObject({
      kms_id: 'caller-key',
      file_prefix: 'audit.modelarts',
      validate_file: false,
      lts_enabled: false,
      compress_type: 'json',
      is_sort_by_service: false,
      exclude_service: ['KMS'],
      delete_tracker: true,
      lifecycle: {
        prevent_destroy: false,
        precondition: [expect.objectContaining({ condition: expect.any(String) })],
        postcondition: [expect.objectContaining({ condition: expect.any(String) })],
      },
      tags: { owner: 'secops' },
    });
    const warnings = tracker.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data));
    expect(warnings).toEqual([
      'validateFile is off: tampering with trace files cannot be detected',
      'ltsEnabled is off: traces are kept in OBS only',
    ]);
  });

  test('an existing bucket with its key can be used', () => {
    const { stack, provider } = makeStack();
    const bucket = TraceBucket.fromBucketName(stack, 'Existing', 'acme-existing-traces', 'existing-key');
    new AuditTracker(stack, 'Tracker', { bucket, provider });
    expect(onlyResource(synth(stack), 'huaweicloud_cts_tracker')).toMatchObject({
      bucket_name: 'acme-existing-traces',
      kms_id: 'existing-key',
    });
  });

  describe('misuse', () => {
    test('fails when excluding the audited service', () => {
      expect(() => trackerStack({ excludeServices: ['KMS', 'ModelArts'] })).toThrow(
        'test/Tracker: excludeServices has ModelArts, which is audited: its operations would go unrecorded; remove it from excludeServices',
      );
    });

    test('fails when excluding the audited service in another case (the checker compares without case too)', () => {
      expect(() => trackerStack({ excludeServices: ['MODELARTS'] })).toThrow(
        'test/Tracker: excludeServices has MODELARTS, which is audited: its operations would go unrecorded; remove it from excludeServices',
      );
    });

    test('fails when no KMS key is known for trace file encryption', () => {
      const { stack, provider } = makeStack();
      const bucket = TraceBucket.fromBucketName(stack, 'Existing', 'acme-existing-traces');
      expect(() => new AuditTracker(stack, 'Tracker', { bucket, provider })).toThrow(
        'test/Tracker: trace files must be encrypted, but bucket "acme-existing-traces" has no key; pass kmsKeyId, or give the TraceBucket an encryptionKeyId',
      );
    });

    test('fails with an invalid file prefix', () => {
      expect(() => trackerStack({ filePrefix: 'audit/traces' })).toThrow(
        'test/Tracker: filePrefix "audit/traces" is not valid: use up to 64 letters, digits, "-", "." and "_"',
      );
    });
  });

  describe('whole-stack validation', () => {
    test('fails with two system trackers in one region', () => {
      const { stack, provider } = makeStack();
      const bucket = new TraceBucket(stack, 'Traces', { provider });
      new AuditTracker(stack, 'One', { bucket });
      new AuditTracker(stack, 'Two', { bucket });
      expect(validationErrors(stack).join('\n')).toContain(
        'CTS allows one system tracker per region, and this stack defines 2 in cn-north-4: test/One/Tracker, test/Two/Tracker',
      );
    });

    test('allows one tracker in each of two regions', () => {
      const { stack, provider } = makeStack();
      const other = new HuaweicloudProvider(stack, 'hk', { region: 'ap-southeast-1', alias: 'hk' });
      new AuditTracker(stack, 'One', { bucket: new TraceBucket(stack, 'B1', { provider }) });
      new AuditTracker(stack, 'Two', { bucket: new TraceBucket(stack, 'B2', { provider: other }) });
      expect(validationErrors(stack)).toEqual([]);
    });

    test('fails when the bucket is in another region than the tracker', () => {
      const { stack, provider } = makeStack();
      const other = new HuaweicloudProvider(stack, 'hk', { region: 'ap-southeast-1', alias: 'hk' });
      new AuditTracker(stack, 'Tracker', { bucket: new TraceBucket(stack, 'Traces', { provider }), provider: other });
      expect(validationErrors(stack).join('\n')).toContain(
        'the tracker is in ap-southeast-1 but bucket "cts-audit-traces-cn-north-4-<random>" is in cn-north-4; CTS transfers traces only to a bucket in its own region',
      );
    });
  });
});
