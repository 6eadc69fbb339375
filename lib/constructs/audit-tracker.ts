import { Annotations, TerraformCondition, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { OperationsTable, tableServices } from '../policy/table';
import { defaultTable } from '../policy/bundled';
import { CtsTracker } from './generated/huaweicloud/cts-tracker';
import { DataHuaweicloudIdentityAgencies } from './generated/huaweicloud/data-huaweicloud-identity-agencies';
import { CTS_AGENCY } from './event-notifications';
import { TraceBucket } from './trace-bucket';
import { findInStack, misuse, regionKey, requireTerraform, resourceRegion } from './util';

/** Properties of an {@link AuditTracker}. */
export interface AuditTrackerProps {
  /** The bucket CTS transfers trace files to; it must be in the tracker's region. */
  readonly bucket: TraceBucket;

  /**
   * ID of the KMS key CTS encrypts trace files with.
   *
   * @default - the bucket's encryption key
   */
  readonly kmsKeyId?: string;

  /**
   * Prefix of trace file names in the bucket: up to 64 letters, digits,
   * "-", "." and "_".
   *
   * @default - no prefix
   */
  readonly filePrefix?: string;

  /**
   * Have CTS write a digest file so that tampering with trace files can be
   * detected. Turning it off weakens the evidence and is reported.
   *
   * @default true
   */
  readonly validateFile?: boolean;

  /**
   * Also transfer traces to Log Tank Service (LTS), for search and a second
   * copy.
   *
   * @default true
   */
  readonly ltsEnabled?: boolean;

  /**
   * Compression of trace files.
   *
   * @default 'gzip'
   */
  readonly compressType?: 'gzip' | 'json';

  /**
   * Sort trace files into folders by cloud service.
   *
   * @default true
   */
  readonly sortByService?: boolean;

  /**
   * Whether the tracker records. A disabled tracker records nothing.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Services whose management events the tracker does not record. CTS only
   * supports `KMS` here; excluding a service of an audited table is an error.
   *
   * @default - no service is excluded
   */
  readonly excludeServices?: string[];

  /**
   * The tables whose services must be recorded; used to refuse
   * `excludeServices` that would drop them.
   *
   * @default - the bundled ModelArts notebook table
   */
  readonly tables?: OperationsTable[];

  /**
   * Apply the tracker to every member account of the organization
   * (`organization_enabled`). The provider adopts the region's existing
   * system tracker and overwrites its settings with this construct's, and it
   * sends this flag on every create and update: set it to true when the
   * region's system tracker is an organization tracker, or deploying turns
   * it into a tracker of this account only.
   *
   * @default false
   */
  readonly organizationEnabled?: boolean;

  /**
   * Also fail the apply unless CTS reports that it is authorized to write
   * to the bucket (`is_authorized_bucket`). The provider reads it for the
   * system tracker too (`obs_info.is_authorized_bucket`, false when CTS
   * leaves it out), but CTS does not document whether it fills it for a
   * system tracker; turn this on once your state shows it true.
   *
   * @default false
   */
  readonly requireAuthorizedBucket?: boolean;

  /**
   * Check at plan time that the account has the IAM agency `cts_admin_trust`,
   * which the provider names for every system tracker (and CTS needs to
   * write to OBS, LTS and KMS): the data source `huaweicloud_identity_agencies`
   * looks it up, and a precondition on the tracker fails `terraform plan`
   * without it. The lookup needs IAM read permission
   * (`iam:agencies:listAgencies`) and the account's domain ID, which the
   * provider finds itself from the credentials; turn it off for an identity
   * without that permission.
   *
   * @default true
   */
  readonly agencyCheck?: boolean;

  /**
   * Delete the tracker on `terraform destroy`. When false, the provider only
   * disables it and resets its settings.
   *
   * @default false
   */
  readonly deleteOnDestroy?: boolean;

  /**
   * Protect the tracker with Terraform's `prevent_destroy`: destroying it
   * stops the audit trail.
   *
   * @default true
   */
  readonly preventDestroy?: boolean;

  /**
   * Provider (and so region) to create the tracker with.
   *
   * @default - the bucket's provider
   */
  readonly provider?: TerraformProvider;

  /**
   * Tags for the tracker.
   *
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

const FILE_PREFIX = /^[0-9A-Za-z._-]{0,64}$/;

/** A Terraform string for a computed attribute that may be null. */
const shown = (attribute: string) => `\${self.${attribute} == null ? "(none)" : tostring(self.${attribute})}`;

/** A precondition that the account has the agency CTS works with, looked up by name. */
function agencyExists(scope: Construct, provider: TerraformProvider | undefined): TerraformCondition {
  const agencies = new DataHuaweicloudIdentityAgencies(scope, 'Agency', { provider, name: CTS_AGENCY });
  return {
    // No agency of that name answers null, not an empty list.
    condition: `\${try(length(${agencies.fqn}.agencies), 0) > 0}`,
    errorMessage:
      `The account has no IAM agency ${CTS_AGENCY}, which CTS needs to deliver traces. The CTS console creates it when CTS ` +
      'is enabled for the first time; enable CTS once in the console (or create the agency for CTS in IAM), then plan again.',
  };
}

/**
 * The postcondition that fails an apply whose trail does not work: CTS
 * answers `status = error` with a `detail` (`bucketPolicyError`, `noBucket`,
 * `arrears`) when it cannot deliver, and the apply would otherwise succeed.
 */
function trailWorks(requireAuthorizedBucket: boolean): TerraformCondition {
  const authorized = requireAuthorizedBucket ? ' && self.is_authorized_bucket' : '';
  return {
    condition: `\${self.status == "enabled" && self.transfer_enabled${authorized}}`,
    errorMessage:
      `The CTS system tracker does not deliver traces: status ${shown('status')}, detail ${shown('detail')}, ` +
      `transfer to OBS ${shown('transfer_enabled')}${requireAuthorizedBucket ? `, bucket authorized ${shown('is_authorized_bucket')}` : ''}. ` +
      'bucketPolicyError: the bucket policy does not let CTS write to the bucket; noBucket: the bucket does not exist; ' +
      'arrears: the account is in arrears. Fix the cause and apply again.',
  };
}

/**
 * The CTS system (management) tracker of a region, transferring every
 * trace to the given OBS bucket with file validation, KMS encryption, LTS
 * transfer and gzip compression on.
 *
 * CTS allows one system tracker per region; a stack that defines two in
 * one region fails validation.
 */
export class AuditTracker extends Construct {
  /** The tracker resource. */
  public readonly tracker: CtsTracker;
  /** Region of the tracker, when known at synth time. */
  public readonly region?: string;

  public constructor(scope: Construct, id: string, props: AuditTrackerProps) {
    super(scope, id);
    const provider = props.provider ?? props.bucket.provider;
    const kmsId = props.kmsKeyId ?? props.bucket.encryptionKeyId;
    if (kmsId === undefined) {
      misuse(
        this,
        `trace files must be encrypted, but bucket "${props.bucket.displayName}" has no key; ` +
          'pass kmsKeyId, or give the TraceBucket an encryptionKeyId',
      );
    }
    if (props.filePrefix !== undefined && !FILE_PREFIX.test(props.filePrefix)) {
      misuse(this, `filePrefix "${props.filePrefix}" is not valid: use up to 64 letters, digits, "-", "." and "_"`);
    }
    // Compared without case, as the checker does: a false "not excluded" would leave the audited service unrecorded.
    const audited = new Set((props.tables ?? [defaultTable()]).flatMap(tableServices).map((s) => s.toLowerCase()));
    const dropped = (props.excludeServices ?? []).filter((s) => audited.has(s.toLowerCase()));
    if (dropped.length > 0) {
      misuse(
        this,
        `excludeServices has ${dropped.join(', ')}, which is audited: its operations would go unrecorded; remove it from excludeServices`,
      );
    }

    this.tracker = new CtsTracker(this, 'Tracker', {
      provider,
      // A reference to a created bucket orders creation: bucket, then tracker.
      bucketName: props.bucket.bucket?.bucket ?? props.bucket.bucketName,
      filePrefix: props.filePrefix,
      validateFile: props.validateFile ?? true,
      kmsId,
      ltsEnabled: props.ltsEnabled ?? true,
      compressType: props.compressType ?? 'gzip',
      isSortByService: props.sortByService ?? true,
      enabled: props.enabled ?? true,
      excludeService: props.excludeServices,
      organizationEnabled: props.organizationEnabled ?? false,
      deleteTracker: props.deleteOnDestroy ?? false,
      tags: props.tags,
      lifecycle: {
        preventDestroy: props.preventDestroy ?? true,
        precondition: props.agencyCheck === false ? undefined : [agencyExists(this, provider)],
        // A disabled tracker is a choice, warned about below; an enabled one must be seen to work.
        postcondition: props.enabled === false ? undefined : [trailWorks(props.requireAuthorizedBucket ?? false)],
      },
      // Traces must not be written before the deletion guard is in place.
      dependsOn: props.bucket.policy ? [props.bucket.policy] : undefined,
    });
    this.region = resourceRegion(this.tracker);
    requireTerraform(this);

    if (props.validateFile === false) {
      Annotations.of(this).addWarning('validateFile is off: tampering with trace files cannot be detected');
    }
    if (props.ltsEnabled === false) {
      Annotations.of(this).addWarning('ltsEnabled is off: traces are kept in OBS only');
    }
    if (props.enabled === false) {
      Annotations.of(this).addWarning('the tracker is disabled: CTS records nothing in this region');
    }

    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        if (props.bucket.region !== undefined && this.region !== undefined && props.bucket.region !== this.region) {
          errors.push(
            `the tracker is in ${this.region} but bucket "${props.bucket.displayName}" is in ${props.bucket.region}; ` +
              'CTS transfers traces only to a bucket in its own region',
          );
        }
        const sameRegion = findInStack(this, CtsTracker).filter((t) => regionKey(resourceRegion(t)) === regionKey(this.region));
        if (sameRegion.length > 1) {
          errors.push(
            `CTS allows one system tracker per region, and this stack defines ${sameRegion.length} in ${regionKey(this.region)}: ` +
              sameRegion.map((t) => t.node.path).join(', '),
          );
        }
        return errors;
      },
    });
  }
}
