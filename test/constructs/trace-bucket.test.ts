import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { HuaweicloudProvider, NAME_SUFFIX_BYTES, TraceBucket, TraceBucketProps, deletionGuardPolicy } from '../../lib/constructs';
import { SynthJson, makeStack, onlyResource, resourcesOf, synth } from './helpers';

function warningsOf(stack: TerraformStack): unknown[] {
  return stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data));
}

/** The default bucket name as synthesized: the stem, then a reference to the drawn suffix. */
function defaultName(json: SynthJson): string {
  return `cts-audit-traces-cn-north-4-\${random_id.${Object.keys(json.resource.random_id)[0]}.hex}`;
}

function bucketStack(props: TraceBucketProps = {}) {
  const { stack, provider } = makeStack();
  const bucket = new TraceBucket(stack, 'Traces', { provider, ...props });
  return { stack, bucket, json: synth(stack) };
}

describe('TraceBucket', () => {
  describe('defaults', () => {
    const { stack, bucket, json } = bucketStack();

    test('creates exactly one bucket, one key, one bucket policy and one random name suffix', () => {
      expect(Object.keys(json.resource).sort()).toEqual([
        'huaweicloud_kms_key',
        'huaweicloud_obs_bucket',
        'huaweicloud_obs_bucket_policy',
        'random_id',
      ]);
      expect(resourcesOf(json, 'huaweicloud_obs_bucket')).toHaveLength(1);
      expect(resourcesOf(json, 'huaweicloud_kms_key')).toHaveLength(1);
      expect(resourcesOf(json, 'huaweicloud_obs_bucket_policy')).toHaveLength(1);
      expect(resourcesOf(json, 'random_id')).toHaveLength(1);
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

    test('the bucket policy denies deleting trace objects and versions, turning versioning off, and changing the policy or lifecycle, to everyone', () => {
      const policy = onlyResource(json, 'huaweicloud_obs_bucket_policy');
      const name = defaultName(json);
      expect(policy.policy_format).toBe('obs');
      expect(JSON.parse(policy.policy as string)).toEqual({
        Statement: [
          {
            Sid: 'DenyTraceDeletion',
            Effect: 'Deny',
            Principal: { ID: ['*'] },
            Action: ['DeleteObject', 'DeleteObjectVersion'],
            Resource: [`${name}/*`],
          },
          {
            Sid: 'DenyVersioningChange',
            Effect: 'Deny',
            Principal: { ID: ['*'] },
            Action: ['PutBucketVersioning'],
            Resource: [name],
          },
          {
            Sid: 'DenyGuardChange',
            Effect: 'Deny',
            Principal: { ID: ['*'] },
            Action: ['PutBucketPolicy', 'DeleteBucketPolicy', 'PutLifecycleConfiguration'],
            Resource: [name],
          },
        ],
      });
    });

    test('without a deployer, a warning says that Terraform itself is locked out of the policy and lifecycle', () => {
      expect(warningsOf(stack)).toEqual([
        'no deployerPrincipal: once the bucket policy is applied, PutBucketPolicy, DeleteBucketPolicy and PutLifecycleConfiguration are denied to everyone but breakGlassPrincipals, Terraform included, so a later deploy that changes the policy or the retention fails; set deployerPrincipal to the identity that runs terraform',
      ]);
    });

    test('the default name ends in 12 hex digits that Terraform draws once and keeps: not a literal, so two accounts never share it', () => {
      const [suffixId] = Object.keys(json.resource.random_id);
      expect(onlyResource(json, 'random_id')).toEqual({ provider: 'random', byte_length: 6, lifecycle: { prevent_destroy: true } });
      expect(onlyResource(json, 'huaweicloud_obs_bucket').bucket).toBe(`cts-audit-traces-cn-north-4-\${random_id.${suffixId}.hex}`);
      expect(json.provider?.random).toEqual([{}]);
      expect(json.terraform.required_providers.random).toEqual({ source: 'hashicorp/random', version: '3.9.0' });
      expect(bucket.displayName).toBe('cts-audit-traces-cn-north-4-<random>');
      expect(bucket.region).toBe('cn-north-4');
      // 27 characters of stem and 12 hex digits: within OBS's 63 even for the longest region names.
      expect(`cts-audit-traces-ap-southeast-1-${'f'.repeat(2 * NAME_SUFFIX_BYTES)}`.length).toBeLessThanOrEqual(63);
    });

    test('two buckets in one stack share one random provider, each with its own suffix', () => {
      const { stack: s, provider } = makeStack();
      new TraceBucket(s, 'A', { provider });
      new TraceBucket(s, 'B', { provider });
      const j = synth(s);
      expect(j.provider?.random).toEqual([{}]);
      const names = resourcesOf(j, 'huaweicloud_obs_bucket').map((b) => b.bucket);
      expect(names).toEqual([
        expect.stringMatching(/\$\{random_id\.A_NameSuffix_\w+\.hex\}$/),
        expect.stringMatching(/\$\{random_id\.B_NameSuffix_\w+\.hex\}$/),
      ]);
    });
  });

  describe('props', () => {
    test('bucketName names the bucket, and no suffix is drawn', () => {
      const { json, bucket } = bucketStack({ bucketName: 'acme-cts-traces' });
      expect(onlyResource(json, 'huaweicloud_obs_bucket').bucket).toBe('acme-cts-traces');
      expect(json.resource.random_id).toBeUndefined();
      expect(json.provider?.random).toBeUndefined();
      expect([bucket.bucketName, bucket.displayName, bucket.nameSuffix]).toEqual(['acme-cts-traces', 'acme-cts-traces', undefined]);
    });

    test('bucketName may be a reference, which Terraform checks', () => {
      const { stack, provider } = makeStack();
      const name = new TerraformVariable(stack, 'bucket_name', { type: 'string' });
      const bucket = new TraceBucket(stack, 'Traces', { provider, bucketName: name.stringValue });
      expect(onlyResource(synth(stack), 'huaweicloud_obs_bucket').bucket).toBe('${var.bucket_name}');
      expect(bucket.displayName).toBe('(the bucketName of test/Traces)');
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

    test('preventDestroy: false opts out for bucket, key and name suffix', () => {
      const { json } = bucketStack({ preventDestroy: false });
      expect(onlyResource(json, 'random_id').lifecycle).toEqual({ prevent_destroy: false });
      expect(onlyResource(json, 'huaweicloud_obs_bucket').lifecycle).toEqual({ prevent_destroy: false });
      expect(onlyResource(json, 'huaweicloud_kms_key').lifecycle).toEqual({ prevent_destroy: false });
    });

    test('breakGlassPrincipals are exempted from every statement of the guard with NotPrincipal', () => {
      const principal = 'domain/0970dd7a1300f5672ff2c003c60ae115:user/4bd0f2a7b8a94a1a9b1d1b2f5c8e1f00';
      const { json } = bucketStack({ breakGlassPrincipals: [principal] });
      const statements = JSON.parse(onlyResource(json, 'huaweicloud_obs_bucket_policy').policy as string).Statement;
      expect(statements.map((s: Record<string, unknown>) => [s.Sid, s.NotPrincipal, s.Principal])).toEqual([
        ['DenyTraceDeletion', { ID: [principal] }, undefined],
        ['DenyVersioningChange', { ID: [principal] }, undefined],
        ['DenyGuardChange', { ID: [principal] }, undefined],
      ]);
    });

    test('deployerPrincipal is exempted from the denial of policy and lifecycle changes only, and silences the warning', () => {
      const breakGlass = 'domain/0970dd7a1300f5672ff2c003c60ae115:agency/breakglass';
      const deployer = 'domain/0970dd7a1300f5672ff2c003c60ae115:user/terraform-ci';
      const { json, stack } = bucketStack({ breakGlassPrincipals: [breakGlass], deployerPrincipal: deployer });
      const statements = JSON.parse(onlyResource(json, 'huaweicloud_obs_bucket_policy').policy as string).Statement;
      expect(statements.map((s: Record<string, unknown>) => [s.Sid, s.NotPrincipal])).toEqual([
        ['DenyTraceDeletion', { ID: [breakGlass] }],
        ['DenyVersioningChange', { ID: [breakGlass] }],
        ['DenyGuardChange', { ID: [breakGlass, deployer] }],
      ]);
      expect(warningsOf(stack)).toEqual([]);
      const alone = JSON.parse(
        onlyResource(
          bucketStack({ deployerPrincipal: 'domain/0970dd7a1300f5672ff2c003c60ae115:root' }).json,
          'huaweicloud_obs_bucket_policy',
        ).policy as string,
      ).Statement;
      expect(alone.map((s: Record<string, unknown>) => [s.Sid, s.Principal ?? s.NotPrincipal])).toEqual([
        ['DenyTraceDeletion', { ID: ['*'] }],
        ['DenyVersioningChange', { ID: ['*'] }],
        ['DenyGuardChange', { ID: ['domain/0970dd7a1300f5672ff2c003c60ae115:root'] }],
      ]);
    });

    test('keyOptions set the algorithm, rotation and pending deletion of the created key', () => {
      const { json } = bucketStack({ keyOptions: { algorithm: 'SM4', rotationIntervalDays: 90, pendingDeletionDays: 7 } });
      expect(onlyResource(json, 'huaweicloud_kms_key')).toMatchObject({
        key_algorithm: 'SM4',
        rotation_enabled: true,
        rotation_interval: 90,
        pending_days: '7',
      });
    });

    test('enterpriseProjectId goes on the bucket and the key', () => {
      const { json } = bucketStack({ enterpriseProjectId: 'b7f0bf8d-4c3e-4b5e-9a8f-7c1a2d3e4f50' });
      expect(onlyResource(json, 'huaweicloud_obs_bucket').enterprise_project_id).toBe('b7f0bf8d-4c3e-4b5e-9a8f-7c1a2d3e4f50');
      expect(onlyResource(json, 'huaweicloud_kms_key').enterprise_project_id).toBe('b7f0bf8d-4c3e-4b5e-9a8f-7c1a2d3e4f50');
    });

    test('policyStatements are merged after the guard, which the provider would otherwise replace', () => {
      const reader = {
        Sid: 'AuditorsRead',
        Effect: 'Allow',
        Principal: { ID: ['domain/0970dd7a1300f5672ff2c003c60ae115:user/auditor'] },
        Action: ['GetObject'],
        Resource: ['acme-traces/*'],
      };
      const { json } = bucketStack({ bucketName: 'acme-traces', policyStatements: [reader] });
      const statements = JSON.parse(onlyResource(json, 'huaweicloud_obs_bucket_policy').policy as string).Statement;
      expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual([
        'DenyTraceDeletion',
        'DenyVersioningChange',
        'DenyGuardChange',
        'AuditorsRead',
      ]);
      expect(statements[3]).toEqual(reader);
    });

    test('tags go on the bucket and the key', () => {
      const { json } = bucketStack({ tags: { team: 'ml-platform' } });
      expect(onlyResource(json, 'huaweicloud_obs_bucket').tags).toEqual({ team: 'ml-platform' });
      expect(onlyResource(json, 'huaweicloud_kms_key').tags).toEqual({ team: 'ml-platform' });
    });

    test("existingBucketName creates nothing and carries the caller's key and provider", () => {
      const { stack } = makeStack();
      const hk = new HuaweicloudProvider(stack, 'hk', { region: 'ap-southeast-1', alias: 'hk' });
      const bucket = TraceBucket.fromBucketName(stack, 'Existing', 'acme-existing-traces', 'key-id-1', hk);
      expect(bucket.bucketName).toBe('acme-existing-traces');
      expect(bucket.encryptionKeyId).toBe('key-id-1');
      expect(bucket.bucket).toBeUndefined();
      expect([bucket.provider, bucket.region]).toEqual([hk, 'ap-southeast-1']);
      expect(JSON.parse(Testing.synth(stack)).resource).toBeUndefined();
      expect(TraceBucket.fromBucketName(stack, 'NoProvider', 'acme-other').provider).toBeUndefined();
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
      [
        'fails with a bucket name shaped like an IP address',
        { bucketName: '192.168.1.1' },
        'test/Traces: bucketName "192.168.1.1" is not a valid OBS bucket name: use 3 to 63 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, not shaped like an IP address',
      ],
      [
        'fails with a break-glass principal not in OBS form',
        { breakGlassPrincipals: ['alice'] },
        'test/Traces: breakGlassPrincipals has "alice"; use the OBS form domain/<account-id>:user/<user-id>, domain/<account-id>:agency/<agency-name> or domain/<account-id>:root',
      ],
      [
        'fails with a break-glass principal of a user group, a form OBS does not document',
        { breakGlassPrincipals: ['domain/abc:group/admins'] },
        'test/Traces: breakGlassPrincipals has "domain/abc:group/admins"; use the OBS form domain/<account-id>:user/<user-id>, domain/<account-id>:agency/<agency-name> or domain/<account-id>:root',
      ],
      [
        'fails with every user of an account as a break-glass principal',
        { breakGlassPrincipals: ['domain/abc:user/*'] },
        'test/Traces: breakGlassPrincipals has "domain/abc:user/*"; use the OBS form domain/<account-id>:user/<user-id>, domain/<account-id>:agency/<agency-name> or domain/<account-id>:root',
      ],
      [
        'fails with a deployer not in OBS form',
        { deployerPrincipal: 'terraform-ci' },
        'test/Traces: deployerPrincipal is "terraform-ci"; use the OBS form domain/<account-id>:user/<user-id>, domain/<account-id>:agency/<agency-name> or domain/<account-id>:root',
      ],
      [
        'fails with keyOptions for a key that is given',
        { encryptionKeyId: 'key-id-1', keyOptions: { rotationIntervalDays: 90 } },
        'test/Traces: keyOptions cannot be set with encryptionKeyId: no key is created for a key you give',
      ],
      [
        'fails with a rotation KMS does not allow',
        { keyOptions: { rotationIntervalDays: 400 } },
        'test/Traces: keyOptions.rotationIntervalDays is 400; it must be a whole number from 30 to 365',
      ],
      [
        'fails with a pending deletion KMS does not allow',
        { keyOptions: { pendingDeletionDays: 3 } },
        'test/Traces: keyOptions.pendingDeletionDays is 3; it must be a whole number from 7 to 1096',
      ],
      [
        'fails with a policy statement without an effect',
        { policyStatements: [{ Sid: 'x', Action: ['GetObject'] }] },
        'test/Traces: policyStatements[0] is not a policy statement: give an object whose Effect is "Allow" or "Deny"',
      ],
      [
        "fails with a policy statement that takes a guard statement's Sid",
        { policyStatements: [{ Sid: 'DenyGuardChange', Effect: 'Allow', Principal: { ID: ['*'] }, Action: ['PutBucketPolicy'] }] },
        'test/Traces: policyStatements[0] has Sid "DenyGuardChange", which the guard\'s own statement has; give it another Sid',
      ],
      [
        'fails when settings for a new bucket are given with an existing bucket',
        { existingBucketName: 'acme-existing', retentionDays: 400 },
        'test/Traces: retentionDays cannot be set with existingBucketName: nothing is created for an existing bucket',
      ],
    ])('%s', (_name, props, message) => {
      const { stack, provider } = makeStack();
      expect(() => new TraceBucket(stack, 'Traces', { provider, ...props })).toThrow(new Error(message));
    });
  });

  test('deletionGuardPolicy lists several break-glass principals, and a deployer that is one of them once', () => {
    expect(deletionGuardPolicy('b', ['domain/a:user/1', 'domain/a:agency/breakglass'], 'domain/a:user/1')).toMatchObject({
      Statement: [
        { Sid: 'DenyTraceDeletion', NotPrincipal: { ID: ['domain/a:user/1', 'domain/a:agency/breakglass'] } },
        { Sid: 'DenyVersioningChange', NotPrincipal: { ID: ['domain/a:user/1', 'domain/a:agency/breakglass'] } },
        { Sid: 'DenyGuardChange', NotPrincipal: { ID: ['domain/a:user/1', 'domain/a:agency/breakglass'] } },
      ],
    });
  });
});
