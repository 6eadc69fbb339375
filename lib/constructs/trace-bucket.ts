import { Annotations, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { KmsKey } from './generated/huaweicloud/kms-key';
import { ObsBucket } from './generated/huaweicloud/obs-bucket';
import { ObsBucketPolicy } from './generated/huaweicloud/obs-bucket-policy';
import { Id } from './generated/random/id';
import { RandomProvider } from './generated/random/provider';
import { findInStack, misuse, pathHash, regionOf, requireInteger } from './util';

/** Trace files younger than this are evidence that must not expire without an explicit acknowledgement. */
export const MIN_RETENTION_DAYS = 180;

/**
 * OBS lifecycle rules: objects move to WARM no sooner than 30 days after
 * creation, to COLD at least 30 days after WARM, and expire after both.
 */
const OBS_MIN_DAYS_BEFORE_WARM = 30;
const OBS_MIN_DAYS_WARM_TO_COLD = 30;

/** Properties of a {@link TraceBucket}. */
export interface TraceBucketProps {
  /**
   * Name of the bucket to create. OBS bucket names are global across all
   * accounts: 3 to 63 lower-case letters, digits, hyphens and periods,
   * starting and ending with a letter or digit. A name given here must be
   * free in every account; one derived from public information (your
   * company and the region) can be claimed by anyone first.
   *
   * @default - `cts-audit-traces-<region>-<12 hex digits>`: the suffix is 6
   * random bytes that Terraform draws once (`random_id`) and keeps in its
   * state, so two deployments never collide and nobody can guess the name
   */
  readonly bucketName?: string;

  /**
   * Use this existing bucket instead of creating one. Nothing is created: the
   * bucket's ACL, versioning, encryption, lifecycle and policy are then
   * yours to secure, and the checker verifies them only where it can see them.
   *
   * @default - a new, secured bucket is created
   */
  readonly existingBucketName?: string;

  /**
   * ID of the KMS key that encrypts trace files, both in the bucket
   * (server-side encryption) and by CTS itself (the tracker's `kms_id`).
   *
   * @default - a new KMS key with yearly rotation is created (none for an existing bucket)
   */
  readonly encryptionKeyId?: string;

  /**
   * Days after which trace files expire. Trace files are audit evidence;
   * fewer than 180 days needs `acknowledgeShortRetention`.
   *
   * @default 365
   */
  readonly retentionDays?: number;

  /**
   * Set to true to allow `retentionDays` below 180, when your own retention
   * policy says so.
   *
   * @default false
   */
  readonly acknowledgeShortRetention?: boolean;

  /**
   * Days after creation at which trace files move to WARM storage (OBS
   * requires at least 30).
   *
   * @default 30
   */
  readonly warmAfterDays?: number;

  /**
   * Days after creation at which trace files move to COLD storage (OBS
   * requires at least 30 days after the move to WARM).
   *
   * @default 90
   */
  readonly coldAfterDays?: number;

  /**
   * Protect the bucket and its key with Terraform's `prevent_destroy`, so a
   * `terraform destroy` or a replacement cannot delete the audit trail.
   *
   * @default true
   */
  readonly preventDestroy?: boolean;

  /**
   * Principals that may still delete trace objects and their versions, and
   * change the bucket's versioning, policy and lifecycle rules, in OBS
   * policy form: `domain/<account-id>:user/<user-id or user name>`,
   * `domain/<account-id>:agency/<agency-name>` or `domain/<account-id>:root`.
   * Everyone else is denied `DeleteObject` and `DeleteObjectVersion`, and
   * `PutBucketVersioning`, `PutBucketPolicy`, `DeleteBucketPolicy` and
   * `PutLifecycleConfiguration` (which also deletes lifecycle rules), by the
   * bucket policy. Overwrites cannot destroy evidence either: versioning
   * keeps the previous version, and only these principals may delete it.
   *
   * @default - nobody may delete trace objects; only lifecycle expiration removes them
   */
  readonly breakGlassPrincipals?: string[];

  /**
   * The identity Terraform deploys with, in the same form as
   * `breakGlassPrincipals`. It is exempt from the denial of
   * `PutBucketPolicy`, `DeleteBucketPolicy` and `PutLifecycleConfiguration`
   * (not from deleting trace objects), because Terraform must still manage
   * the bucket policy and the retention rules. Without it, once the policy
   * is applied only the break-glass principals can change either, so a
   * later `cdktf deploy` that changes them fails (a warning says so).
   *
   * @default - none: the guard binds Terraform too
   */
  readonly deployerPrincipal?: string;

  /**
   * Options of the KMS key created for trace files.
   *
   * @default - AES_256, rotated every 365 days, deleted 30 days after a deletion is scheduled
   */
  readonly keyOptions?: TraceKeyOptions;

  /**
   * More statements for the bucket policy, after the guard's own. The
   * provider's `huaweicloud_obs_bucket_policy` replaces the bucket's whole
   * policy, so statements kept anywhere else are lost on deploy: give every
   * statement the bucket needs here. They cannot reuse the guard's `Sid`s,
   * and the checker still fails a statement that opens the bucket to
   * everyone.
   *
   * @default - none
   */
  readonly policyStatements?: Array<Record<string, unknown>>;

  /**
   * Enterprise project of the bucket and the key.
   *
   * @default - the provider's (or the account's default enterprise project)
   */
  readonly enterpriseProjectId?: string;

  /**
   * Provider (and so region and credentials) to create the resources with.
   *
   * @default - the stack's default `huaweicloud` provider
   */
  readonly provider?: TerraformProvider;

  /**
   * Tags for the bucket and the key.
   *
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/** Random bytes of the default bucket name's suffix: 48 bits, 12 hex digits. */
export const NAME_SUFFIX_BYTES = 6;

/** Options of the KMS key that encrypts trace files. */
export interface TraceKeyOptions {
  /**
   * Key algorithm; OBS server-side encryption needs a symmetric key.
   *
   * @default 'AES_256'
   */
  readonly algorithm?: 'AES_256' | 'SM4';

  /**
   * Days between automatic rotations of the key material (KMS allows 30 to 365).
   *
   * @default 365
   */
  readonly rotationIntervalDays?: number;

  /**
   * Days between scheduling the key's deletion and its deletion (KMS allows 7 to 1096).
   *
   * @default 30
   */
  readonly pendingDeletionDays?: number;
}

/** The Sids of the guard's own statements, which extra statements may not reuse. */
const GUARD_SIDS = ['DenyTraceDeletion', 'DenyVersioningChange', 'DenyGuardChange'];

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;
/**
 * OBS bucket policy principals that name one identity: an IAM user (by ID or
 * name) and the account itself, as OBS's "Bucket Policy Parameters"
 * documents them, and an agency. Not `user/*` (every user of the account) and
 * not `group/`, which no OBS page we could read documents.
 */
export const OBS_PRINCIPAL = /^domain\/[^:/\s*]+:((user|agency)\/[^\s*]+|root)$/;
export const PRINCIPAL_FORMS = 'domain/<account-id>:user/<user-id>, domain/<account-id>:agency/<agency-name> or domain/<account-id>:root';

/**
 * The OBS bucket that keeps CTS trace files, secure by default: private,
 * versioned, encrypted with KMS, moved to cheaper storage and expired by
 * lifecycle rules, protected from `terraform destroy`, and with a bucket
 * policy that denies deleting trace objects to everyone but named
 * break-glass principals.
 */
export class TraceBucket extends Construct {
  /**
   * Uses an existing bucket for trace files; nothing is created.
   *
   * @param encryptionKeyId the KMS key the tracker should encrypt trace files with
   * @param provider the provider of the bucket's region, so that the tracker is created in it and checked against it
   */
  public static fromBucketName(
    scope: Construct,
    id: string,
    bucketName: string,
    encryptionKeyId?: string,
    provider?: TerraformProvider,
  ): TraceBucket {
    return new TraceBucket(scope, id, { existingBucketName: bucketName, encryptionKeyId, provider });
  }

  /**
   * Name of the bucket. For a created bucket with the default name, a
   * reference that Terraform resolves at apply time.
   */
  public readonly bucketName: string;
  /** The bucket's name for messages: the name, or its pattern when Terraform draws the suffix. */
  public readonly displayName: string;
  /** The random suffix of the default name, when this construct draws one. */
  public readonly nameSuffix?: Id;
  /** ID of the KMS key for trace files, if one is known. */
  public readonly encryptionKeyId?: string;
  /** The bucket resource, unless an existing bucket is used. */
  public readonly bucket?: ObsBucket;
  /** The key resource, when this construct created the key. */
  public readonly key?: KmsKey;
  /** The bucket policy resource, unless an existing bucket is used. */
  public readonly policy?: ObsBucketPolicy;
  /** Region of the bucket, when known at synth time. */
  public readonly region?: string;
  /** Retention of trace files in days, unless an existing bucket is used. */
  public readonly retentionDays?: number;
  /** The provider the resources are created with. */
  public readonly provider?: TerraformProvider;

  public constructor(scope: Construct, id: string, props: TraceBucketProps = {}) {
    super(scope, id);
    this.provider = props.provider;
    this.region = regionOf(props.provider, undefined);

    if (props.existingBucketName !== undefined) {
      const given = Object.keys(props).filter(
        (k) => !['existingBucketName', 'encryptionKeyId', 'provider'].includes(k) && props[k as keyof TraceBucketProps] !== undefined,
      );
      if (given.length > 0) {
        misuse(this, `${given.join(', ')} cannot be set with existingBucketName: nothing is created for an existing bucket`);
      }
      this.bucketName = validBucketName(this, props.existingBucketName, 'existingBucketName');
      this.displayName = this.bucketName;
      this.encryptionKeyId = props.encryptionKeyId;
      return;
    }

    const retentionDays = requireInteger(this, 'retentionDays', props.retentionDays ?? 365, 1);
    if (retentionDays < MIN_RETENTION_DAYS && props.acknowledgeShortRetention !== true) {
      misuse(
        this,
        `retentionDays is ${retentionDays}, under the ${MIN_RETENTION_DAYS}-day minimum for audit evidence; ` +
          `raise it to ${MIN_RETENTION_DAYS} or more, or set acknowledgeShortRetention: true if your retention policy allows less`,
      );
    }
    const warm = requireInteger(this, 'warmAfterDays', props.warmAfterDays ?? 30, OBS_MIN_DAYS_BEFORE_WARM);
    const cold = requireInteger(this, 'coldAfterDays', props.coldAfterDays ?? 90, warm + OBS_MIN_DAYS_WARM_TO_COLD);
    if (retentionDays <= cold) {
      misuse(
        this,
        `retentionDays (${retentionDays}) must be greater than coldAfterDays (${cold}): OBS expires objects only after their last transition`,
      );
    }
    if (props.keyOptions !== undefined && props.encryptionKeyId !== undefined) {
      misuse(this, 'keyOptions cannot be set with encryptionKeyId: no key is created for a key you give');
    }
    const rotation = requireInteger(this, 'keyOptions.rotationIntervalDays', props.keyOptions?.rotationIntervalDays ?? 365, 30, 365);
    const pending = requireInteger(this, 'keyOptions.pendingDeletionDays', props.keyOptions?.pendingDeletionDays ?? 30, 7, 1096);
    const statements = props.policyStatements ?? [];
    statements.forEach((statement, i) => {
      if (
        typeof statement !== 'object' ||
        statement === null ||
        Array.isArray(statement) ||
        !['Allow', 'Deny'].includes(String(statement.Effect))
      ) {
        misuse(this, `policyStatements[${i}] is not a policy statement: give an object whose Effect is "Allow" or "Deny"`);
      }
      if (GUARD_SIDS.includes(String(statement.Sid))) {
        misuse(this, `policyStatements[${i}] has Sid "${String(statement.Sid)}", which the guard's own statement has; give it another Sid`);
      }
    });
    for (const principal of props.breakGlassPrincipals ?? []) {
      if (!OBS_PRINCIPAL.test(principal)) misuse(this, `breakGlassPrincipals has "${principal}"; use the OBS form ${PRINCIPAL_FORMS}`);
    }
    if (props.deployerPrincipal !== undefined && !OBS_PRINCIPAL.test(props.deployerPrincipal)) {
      misuse(this, `deployerPrincipal is "${props.deployerPrincipal}"; use the OBS form ${PRINCIPAL_FORMS}`);
    }

    this.retentionDays = retentionDays;
    const preventDestroy = props.preventDestroy ?? true;
    if (props.bucketName !== undefined) {
      this.bucketName = validBucketName(this, props.bucketName, 'bucketName');
      this.displayName = Token.isUnresolved(this.bucketName) ? `(the bucketName of ${this.node.path})` : this.bucketName;
    } else {
      const stem = `cts-audit-traces-${this.region ?? 'default'}-`;
      validBucketName(this, `${stem}${'0'.repeat(2 * NAME_SUFFIX_BYTES)}`, 'the default bucket name');
      this.nameSuffix = new Id(this, 'NameSuffix', {
        provider: randomProvider(this),
        byteLength: NAME_SUFFIX_BYTES,
        // A new suffix would mean a new bucket: the trail's evidence stays where it is.
        lifecycle: { preventDestroy },
      });
      this.bucketName = `${stem}${this.nameSuffix.hex}`;
      this.displayName = `${stem}<random>`;
    }

    if (props.encryptionKeyId !== undefined) {
      this.encryptionKeyId = props.encryptionKeyId;
    } else {
      this.key = new KmsKey(this, 'Key', {
        provider: props.provider,
        keyAlias: `cts-audit-traces-${pathHash(this)}`,
        keyDescription: `Encrypts CTS trace files in OBS bucket ${this.bucketName}`,
        keyAlgorithm: props.keyOptions?.algorithm ?? 'AES_256',
        isEnabled: true,
        rotationEnabled: true,
        rotationInterval: rotation,
        pendingDays: String(pending),
        enterpriseProjectId: props.enterpriseProjectId,
        tags: props.tags,
        lifecycle: { preventDestroy },
      });
      this.encryptionKeyId = this.key.id;
    }

    this.bucket = new ObsBucket(this, 'Bucket', {
      provider: props.provider,
      bucket: this.bucketName,
      // CTS can only transfer traces to Standard buckets.
      storageClass: 'STANDARD',
      acl: 'private',
      versioning: true,
      encryption: true,
      sseAlgorithm: 'kms',
      kmsKeyId: this.encryptionKeyId,
      forceDestroy: false,
      lifecycleRule: [
        {
          name: 'cts-trace-retention',
          enabled: true,
          transition: [
            { days: warm, storageClass: 'WARM' },
            { days: cold, storageClass: 'COLD' },
          ],
          expiration: [{ days: retentionDays }],
          // Overwritten or deleted versions are kept as long as the trail itself.
          noncurrentVersionExpiration: [{ days: retentionDays }],
        },
      ],
      enterpriseProjectId: props.enterpriseProjectId,
      tags: props.tags,
      lifecycle: { preventDestroy },
    });

    const guard = deletionGuardPolicy(this.bucketName, props.breakGlassPrincipals ?? [], props.deployerPrincipal);
    this.policy = new ObsBucketPolicy(this, 'Policy', {
      provider: props.provider,
      bucket: this.bucket.bucket,
      policyFormat: 'obs',
      policy: JSON.stringify({ Statement: [...guard.Statement, ...statements] }),
    });
    if (props.deployerPrincipal === undefined) {
      Annotations.of(this).addWarning(
        'no deployerPrincipal: once the bucket policy is applied, PutBucketPolicy, DeleteBucketPolicy and PutLifecycleConfiguration ' +
          'are denied to everyone but breakGlassPrincipals, Terraform included, so a later deploy that changes the policy or the ' +
          'retention fails; set deployerPrincipal to the identity that runs terraform',
      );
    }
  }
}

/**
 * The OBS bucket policy that guards the trail. It denies deleting trace
 * objects and their versions to everyone except the break-glass
 * principals. It does not deny `PutObject`: CTS writes trace files with it,
 * and versioning keeps every overwritten version; so it denies turning
 * versioning off (`PutBucketVersioning`), the step before an overwrite could
 * destroy one. And it denies lifting the guard itself or expiring the
 * evidence early (`PutBucketPolicy`, `DeleteBucketPolicy`,
 * `PutLifecycleConfiguration`) to everyone but the break-glass principals
 * and the deployer, which Terraform needs to manage the policy and the
 * retention rules (whose minimum the checker's bucket-retention control
 * holds).
 */
export function deletionGuardPolicy(
  bucketName: string,
  breakGlassPrincipals: readonly string[],
  deployerPrincipal?: string,
): { Statement: Array<Record<string, unknown>> } {
  const except = (principals: readonly string[]) =>
    principals.length > 0 ? { NotPrincipal: { ID: [...new Set(principals)] } } : { Principal: { ID: ['*'] } };
  const who = except(breakGlassPrincipals);
  return {
    Statement: [
      {
        Sid: 'DenyTraceDeletion',
        Effect: 'Deny',
        ...who,
        Action: ['DeleteObject', 'DeleteObjectVersion'],
        Resource: [`${bucketName}/*`],
      },
      {
        Sid: 'DenyVersioningChange',
        Effect: 'Deny',
        ...who,
        Action: ['PutBucketVersioning'],
        Resource: [bucketName],
      },
      {
        Sid: 'DenyGuardChange',
        Effect: 'Deny',
        ...except(deployerPrincipal === undefined ? breakGlassPrincipals : [...breakGlassPrincipals, deployerPrincipal]),
        Action: ['PutBucketPolicy', 'DeleteBucketPolicy', 'PutLifecycleConfiguration'],
        Resource: [bucketName],
      },
    ],
  };
}

/** The stack's `random` provider, created once. */
function randomProvider(scope: Construct): RandomProvider {
  return findInStack(scope, RandomProvider)[0] ?? new RandomProvider(TerraformStack.of(scope), 'random');
}

function validBucketName(scope: Construct, name: string, prop: string): string {
  // A reference (a variable, another resource's attribute) is Terraform's to check.
  if (Token.isUnresolved(name)) return name;
  if (!BUCKET_NAME.test(name) || IP_ADDRESS.test(name) || name.includes('..') || /-\.|\.-/.test(name)) {
    misuse(
      scope,
      `${prop} "${name}" is not a valid OBS bucket name: use 3 to 63 lower-case letters, digits, "-" and ".", ` +
        'starting and ending with a letter or digit, not shaped like an IP address',
    );
  }
  return name;
}
