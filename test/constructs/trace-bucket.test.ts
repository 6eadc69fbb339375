import { Testing } from 'cdktf';
import { TraceBucket, TraceBucketProps, deletionGuardPolicy } from '../../lib/constructs';
import { makeStack, onlyResource, resourcesOf, synth } from './helpers';

function bucketStack(props: TraceBucketProps = {}) {
  const { stack, provider } = makeStack();
  const bucket = new TraceBucket(stack, 'Traces', { provider, ...props });
  return { stack, bucket, json: synth(stack) };
}

describe('TraceBucket', () => {
  describe('defaults', () => {
    const { stack, bucket, json } = bucketStack();

    test('creates exactly one bucket, one key and one bucket policy', () => {
      expect(Object.keys(json.resource).sort()).toEqual(['huaweicloud_kms_key', 'huaweicloud_obs_bucket', 'huaweicloud_obs_bucket_policy']);
      expect(resourcesOf(json, 'huaweicloud_obs_bucket')).toHaveLength(1);
      expect(resourcesOf(json, 'huaweicloud_kms_key')).toHaveLength(1);
      expect(resourcesOf(json, 'huaweicloud_obs_bucket_policy')).toHaveLength(1);
    });

    test('the bucket is private, versioned, KMS-encrypted with the created key, Standard, and not force-destroyable', () => {
      expect(Testing.synth(stack)).toHaveResourceWithProperties(
        { tfResourceType: 'huaweicloud_obs_bucket' },
        {
          acl: 'private',
          versioning: true,
          encryption: true,
          sse_algorithm: 'kms',
          kms_key_id: `${'${'}huaweicloud_kms_key.${Object.keys(json.resource.huaweicloud_kms_key)[0]}.id}`,
          storage_class: 'STANDARD',
          force_destroy: false,
          lifecycle: { prevent_destroy: true },
        },
      );
    });

    test('lifecycle moves trace files to WARM at 30 days and COLD at 90, and expires them (and old versions) at 365', () => {
      expect(onlyResource(json, 'huaweicloud_obs_bucket').lifecycle_rule).toEqual([
        {
          name: 'cts-trace-retention',
          enabled: true,
          transition: [
            { days: 30, storage_class: 'WARM' },
            { days: 90, storage_class: 'COLD' },
          ],
          expiration: [{ days: 365 }],
          noncurrent_version_expiration: [{ days: 365 }],
        },
      ]);
      expect(bucket.retentionDays).toBe(365);
    });

    test('the key rotates yearly and is protected from destroy', () => {
      expect(onlyResource(json, 'huaweicloud_kms_key')).toMatchObject({
        rotation_enabled: true,
        rotation_interval: 365,
        is_enabled: true,
        lifecycle: { prevent_destroy: true },
      });
    });

    test('the bucket policy denies deleting trace objects and versions, and turning versioning off, to everyone', () => {
      const policy = onlyResource(json, 'huaweicloud_obs_bucket_policy');
      expect(policy.policy_format).toBe('obs');
      expect(JSON.parse(policy.policy as string)).toEqual({
        Statement: [
          {
            Sid: 'DenyTraceDeletion',
            Effect: 'Deny',
            Principal: { ID: ['*'] },
            Action: ['DeleteObject', 'DeleteObjectVersion'],
            Resource: [`${bucket.bucketName}/*`],
          },
          {
            Sid: 'DenyVersioningChange',
            Effect: 'Deny',
            Principal: { ID: ['*'] },
            Action: ['PutBucketVersioning'],
            Resource: [bucket.bucketName],
          },
        ],
      });
    });

    test('the default name is a valid, region-scoped OBS bucket name, stable for the construct path', () => {
      expect(bucket.bucketName).toMatch(/^cts-audit-traces-cn-north-4-[0-9a-f]{8}$/);
      expect(bucketStack().bucket.bucketName).toBe(bucket.bucketName);
      expect(bucket.region).toBe('cn-north-4');
    });
  });

  describe('props', () => {
    test('bucketName names the bucket', () => {
      const { json } = bucketStack({ bucketName: 'acme-cts-traces' });
      expect(onlyResource(json, 'huaweicloud_obs_bucket').bucket).toBe('acme-cts-traces');
    });

    test("encryptionKeyId uses the caller's key and creates none", () => {
      const { json, bucket } = bucketStack({ encryptionKeyId: '0d0466b0-e727-4d9c-b35d-f84bb474a37f' });
      expect(json.resource.huaweicloud_kms_key).toBeUndefined();
      expect(onlyResource(json, 'huaweicloud_obs_bucket').kms_key_id).toBe('0d0466b0-e727-4d9c-b35d-f84bb474a37f');
      expect(bucket.encryptionKeyId).toBe('0d0466b0-e727-4d9c-b35d-f84bb474a37f');
    });

    test('retentionDays, warmAfterDays and coldAfterDays set the lifecycle', () => {
      const { json } = bucketStack({ retentionDays: 2555, warmAfterDays: 60, coldAfterDays: 180 });
      const [rule] = onlyResource(json, 'huaweicloud_obs_bucket').lifecycle_rule as Array<Record<string, unknown>>;
      expect(rule.transition).toEqual([
        { days: 60, storage_class: 'WARM' },
        { days: 180, storage_class: 'COLD' },
      ]);
      expect(rule.expiration).toEqual([{ days: 2555 }]);
    });

    test('acknowledgeShortRetention allows less than 180 days', () => {
      const { json } = bucketStack({ retentionDays: 120, acknowledgeShortRetention: true });
      expect((onlyResource(json, 'huaweicloud_obs_bucket').lifecycle_rule as Array<Record<string, unknown>>)[0].expiration).toEqual([
        { days: 120 },
      ]);
    });

    test('preventDestroy: false opts out for bucket and key', () => {
      const { json } = bucketStack({ preventDestroy: false });
      expect(onlyResource(json, 'huaweicloud_obs_bucket').lifecycle).toEqual({ prevent_destroy: false });
      expect(onlyResource(json, 'huaweicloud_kms_key').lifecycle).toEqual({ prevent_destroy: false });
    });

    test('breakGlassPrincipals are exempted from the deletion guard with NotPrincipal', () => {
      const principal = 'domain/0970dd7a1300f5672ff2c003c60ae115:user/4bd0f2a7b8a94a1a9b1d1b2f5c8e1f00';
      const { json } = bucketStack({ breakGlassPrincipals: [principal] });
      const statement = JSON.parse(onlyResource(json, 'huaweicloud_obs_bucket_policy').policy as string).Statement[0];
      expect(statement.NotPrincipal).toEqual({ ID: [principal] });
      expect(statement.Principal).toBeUndefined();
    });

    test('tags go on the bucket and the key', () => {
      const { json } = bucketStack({ tags: { team: 'ml-platform' } });
      expect(onlyResource(json, 'huaweicloud_obs_bucket').tags).toEqual({ team: 'ml-platform' });
      expect(onlyResource(json, 'huaweicloud_kms_key').tags).toEqual({ team: 'ml-platform' });
    });

    test("existingBucketName creates nothing and carries the caller's key", () => {
      const { stack } = makeStack();
      const bucket = TraceBucket.fromBucketName(stack, 'Existing', 'acme-existing-traces', 'key-id-1');
      expect(bucket.bucketName).toBe('acme-existing-traces');
      expect(bucket.encryptionKeyId).toBe('key-id-1');
      expect(bucket.bucket).toBeUndefined();
      expect(JSON.parse(Testing.synth(stack)).resource).toBeUndefined();
    });
  });

  describe('misuse', () => {
    test.each<[string, TraceBucketProps, string]>([
      [
        'fails with retention under 180 days without acknowledgement',
        { retentionDays: 90 },
        'test/Traces: retentionDays is 90, under the 180-day minimum for audit evidence; raise it to 180 or more, or set acknowledgeShortRetention: true if your retention policy allows less',
      ],
      [
        'fails with a fractional retention',
        { retentionDays: 365.5 },
        'test/Traces: retentionDays is 365.5; it must be a whole number from 1 up',
      ],
      ['fails with WARM before 30 days', { warmAfterDays: 10 }, 'test/Traces: warmAfterDays is 10; it must be a whole number from 30 up'],
      [
        'fails with COLD less than 30 days after WARM',
        { warmAfterDays: 60, coldAfterDays: 75 },
        'test/Traces: coldAfterDays is 75; it must be a whole number from 90 up',
      ],
      [
        'fails when trace files would expire before their last transition',
        { retentionDays: 90, acknowledgeShortRetention: true },
        'test/Traces: retentionDays (90) must be greater than coldAfterDays (90): OBS expires objects only after their last transition',
      ],
      [
        'fails with an invalid bucket name',
        { bucketName: 'Audit_Traces' },
        'test/Traces: bucketName "Audit_Traces" is not a valid OBS bucket name: use 3 to 63 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, not shaped like an IP address',
      ],
      ['fails with a bucket name shaped like an IP address', { bucketName: '192.168.1.1' }, 'is not a valid OBS bucket name'],
      [
        'fails with a break-glass principal not in OBS form',
        { breakGlassPrincipals: ['alice'] },
        'test/Traces: breakGlassPrincipals has "alice"; use the OBS form domain/<account-id>:user/<user-id> or domain/<account-id>:agency/<agency-name>',
      ],
      [
        'fails when settings for a new bucket are given with an existing bucket',
        { existingBucketName: 'acme-existing', retentionDays: 400 },
        'test/Traces: retentionDays cannot be set with existingBucketName: nothing is created for an existing bucket',
      ],
    ])('%s', (_name, props, message) => {
      const { stack, provider } = makeStack();
      expect(() => new TraceBucket(stack, 'Traces', { provider, ...props })).toThrow(message);
    });
  });

  test('deletionGuardPolicy lists several break-glass principals', () => {
    expect(deletionGuardPolicy('b', ['domain/a:user/1', 'domain/a:agency/breakglass'])).toMatchObject({
      Statement: [
        { Sid: 'DenyTraceDeletion', NotPrincipal: { ID: ['domain/a:user/1', 'domain/a:agency/breakglass'] } },
        { Sid: 'DenyVersioningChange', NotPrincipal: { ID: ['domain/a:user/1', 'domain/a:agency/breakglass'] } },
      ],
    });
  });
});
