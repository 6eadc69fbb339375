import { Aspects, Fn, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { defaultTable, resolveTable } from '../policy/bundled';
import { OperationsTable } from '../policy/table';
import { AuditTracker, AuditTrackerProps } from './audit-tracker';
import { CoverageCheck, CoverageCheckOptions } from './coverage-check';
import { EventNotifications, EventNotificationsProps, Subscription } from './event-notifications';
import { HuaweicloudProvider } from './generated/huaweicloud/provider';
import { ReadOnlyAudit, ReadOnlyAuditProps } from './read-only-audit';
import { TraceBucket, TraceBucketProps } from './trace-bucket';
import { misuse } from './util';

/**
 * Properties of {@link NotebookAudit}. Bucket settings apply to the bucket
 * of every region (see {@link TraceBucketProps}); notification settings to
 * the notifications of every region (see {@link EventNotificationsProps}).
 */
export interface NotebookAuditProps
  extends
    Pick<
      TraceBucketProps,
      | 'retentionDays'
      | 'acknowledgeShortRetention'
      | 'breakGlassPrincipals'
      | 'deployerPrincipal'
      | 'preventDestroy'
      | 'tags'
      | 'keyOptions'
      | 'policyStatements'
    >,
    Pick<AuditTrackerProps, 'organizationEnabled' | 'requireAuthorizedBucket' | 'agencyCheck'>,
    Pick<EventNotificationsProps, 'grouping' | 'filter' | 'operationUsers' | 'catalogCheck' | 'topicDisplayName'> {
  /**
   * Regions to audit. One aliased `huaweicloud` provider (alias = region
   * name) and one set of resources is created per region; credentials come
   * from the environment (`HW_ACCESS_KEY`, `HW_SECRET_KEY`).
   *
   * Give either `regions` or `providers`.
   *
   * @default - none
   */
  readonly regions?: string[];

  /**
   * Your own `huaweicloud` providers, one per region to audit, each with its
   * `region` set. Give either `regions` or `providers`.
   *
   * @default - none
   */
  readonly providers?: HuaweicloudProvider[];

  /**
   * Who is notified of every traced operation, in every region whose topic
   * is created here (not in a region given an existing `topicUrn`).
   */
  readonly subscriptions: Subscription[];

  /**
   * Route the notifications of read-only events to a second topic per
   * region, with these subscribers, so that reads do not page the people
   * who must act on changes.
   *
   * @default - read-only events notify the one topic
   */
  readonly readOnlySubscriptions?: Subscription[];

  /**
   * What to reuse in a region instead of creating it: an existing bucket,
   * KMS key or SMN topic, by region name. With an existing bucket or topic
   * the synth-time check cannot see it, so it cannot prove the region
   * covered: check a plan, the state or `--live` instead, and turn the
   * synth-time check off (`coverageCheck: false`).
   *
   * @default - everything is created
   */
  readonly regionResources?: Record<string, RegionResources>;

  /**
   * Enterprise project of the bucket, the key and the topics of every region.
   *
   * @default - the provider's (or the account's default enterprise project)
   */
  readonly enterpriseProjectId?: string;

  /**
   * The traced-operations tables to audit.
   *
   * @default - the bundled ModelArts notebook table
   */
  readonly tables?: OperationsTable[];

  /**
   * Also notify, on the same topic, every operation that weakens the trail
   * itself: the bundled table `audit-trail-tamper` (CTS trackers, key event
   * notifications and configuration; SMN topic deletion, topic policy
   * changes and subscription removal; OBS bucket deletion and changes to its
   * ACL, policy and lifecycle). Its events are checked like the tables' (at
   * synth time, and by `cts-audit check --table audit-trail-tamper`).
   *
   * @default true
   */
  readonly tamperAlarm?: boolean;

  /**
   * Bucket name per region.
   *
   * @default - `cts-audit-traces-<region>-<8 hex digits>`
   */
  readonly bucketNames?: Record<string, string>;

  /**
   * Check the whole stack at synth time, with the same evaluation as
   * `cts-audit check`: a stack that leaves an event of the tables
   * unrecorded or unnotified in an audited region fails `cdktf synth`.
   * Options override the defaults; `false` turns the check off.
   *
   * @default - checked, for these tables and regions
   */
  readonly coverageCheck?: CoverageCheckOptions | false;

  /**
   * How each region's CTS configuration reports read-only operations. Every
   * region gets one (`huaweicloud_cts_configuration`) reporting the read-only
   * operations of the tables' services, which CTS otherwise may not record
   * (11 of the 22 notebook events are reads). It adopts and overwrites the
   * region's existing configuration: list in `keepServices` the other
   * services whose read-only logs must stay on.
   *
   * @default - the tables' services only, global traces synchronized
   */
  readonly readOnlyAudit?: Pick<ReadOnlyAuditProps, 'keepServices' | 'allServices' | 'syncGlobalTrace'>;
}

/** What to reuse in one region instead of creating it. */
export interface RegionResources {
  /**
   * Name of the bucket to create (see {@link TraceBucketProps.bucketName}).
   *
   * @default - `cts-audit-traces-<region>-<12 random hex digits>`
   */
  readonly bucketName?: string;
  /**
   * An existing bucket to keep trace files in; nothing is created for it,
   * and it needs `encryptionKeyId`.
   *
   * @default - a bucket is created
   */
  readonly existingBucketName?: string;
  /**
   * An existing KMS key for trace files, for the created bucket or the existing one.
   *
   * @default - a key is created with the bucket
   */
  readonly encryptionKeyId?: string;
  /**
   * URN of an existing SMN topic to notify; `subscriptions` are not added to it.
   *
   * @default - a topic is created
   */
  readonly topicUrn?: string;
}

/** Id of the bundled table of the operations that weaken the trail itself. */
export const TAMPER_TABLE = 'audit-trail-tamper';

/** The bundled table of the operations that weaken the trail itself (`policies/audit-trail-tamper.json`). */
export function tamperTable(): OperationsTable {
  return resolveTable(TAMPER_TABLE);
}

/** The resources of one audited region. */
export interface RegionalAudit {
  readonly region: string;
  readonly provider: HuaweicloudProvider;
  readonly bucket: TraceBucket;
  readonly tracker: AuditTracker;
  readonly notifications: EventNotifications;
  readonly readOnly: ReadOnlyAudit;
}

/**
 * Everything a team needs to audit ModelArts notebooks with CTS, in one
 * line: per region, a secured trace bucket, the system tracker, CTS's
 * configuration reporting the tables' read-only operations, an SMN topic
 * with its subscriptions, and a key event notification for every event of
 * the table, plus outputs for the bucket names, topic URNs and notification
 * names.
 */
export class NotebookAudit extends Construct {
  /** One entry per audited region, in the order given. */
  public readonly regions: RegionalAudit[] = [];
  /** The tables audited in every region: those given, and the tamper table unless `tamperAlarm` is false. */
  public readonly tables: readonly OperationsTable[];

  public constructor(scope: Construct, id: string, props: NotebookAuditProps) {
    super(scope, id);
    if ((props.regions === undefined) === (props.providers === undefined)) {
      misuse(this, 'give exactly one of regions (providers are created) or providers (your own, one per region)');
    }
    const regions = props.regions ?? (props.providers ?? []).map((p) => p.region);
    if (regions.length === 0) misuse(this, 'no region to audit: give at least one region or provider');
    const seen = new Set<string>();
    regions.forEach((region, i) => {
      if (region === undefined) misuse(this, `provider ${props.providers?.[i].node.path} has no region; set region on every provider`);
      if (seen.has(region)) misuse(this, `region ${region} is given twice; CTS has one system tracker per region`);
      seen.add(region);
    });
    for (const [region, given] of Object.entries(props.regionResources ?? {})) {
      if (!seen.has(region)) misuse(this, `regionResources has ${region}, which is not audited; audited: ${[...seen].join(', ')}`);
      if (props.bucketNames?.[region] !== undefined && (given.bucketName ?? given.existingBucketName) !== undefined) {
        misuse(this, `the bucket of ${region} is named both in bucketNames and in regionResources; keep one`);
      }
      if (given.bucketName !== undefined && given.existingBucketName !== undefined) {
        misuse(this, `regionResources.${region} gives both bucketName (a bucket to create) and existingBucketName; keep one`);
      }
    }
    const createsTopic = [...seen].some((region) => props.regionResources?.[region]?.topicUrn === undefined);
    if (!createsTopic && props.subscriptions.length > 0) {
      misuse(
        this,
        'subscriptions would subscribe to no topic: every region notifies an existing topic (regionResources.topicUrn); leave them out',
      );
    }
    const providers =
      props.providers ??
      (props.regions ?? []).map((region) => new HuaweicloudProvider(this, `Provider-${region}`, { region, alias: region }));
    const audited = props.tables ?? [defaultTable()];
    const tables =
      props.tamperAlarm === false || audited.some((table) => table.id === TAMPER_TABLE) ? audited : [...audited, tamperTable()];
    this.tables = tables;
    if (props.coverageCheck !== false) {
      Aspects.of(TerraformStack.of(this)).add(new CoverageCheck({ tables, regions: [...seen], ...props.coverageCheck }));
    }

    for (const provider of providers) {
      const region = provider.region as string;
      const scope = new Construct(this, region);
      const reuse = props.regionResources?.[region] ?? {};
      const bucket =
        reuse.existingBucketName !== undefined
          ? TraceBucket.fromBucketName(scope, 'TraceBucket', reuse.existingBucketName, reuse.encryptionKeyId, provider)
          : new TraceBucket(scope, 'TraceBucket', {
              provider,
              bucketName: reuse.bucketName ?? props.bucketNames?.[region],
              encryptionKeyId: reuse.encryptionKeyId,
              keyOptions: props.keyOptions,
              retentionDays: props.retentionDays,
              acknowledgeShortRetention: props.acknowledgeShortRetention,
              breakGlassPrincipals: props.breakGlassPrincipals,
              deployerPrincipal: props.deployerPrincipal,
              policyStatements: props.policyStatements,
              enterpriseProjectId: props.enterpriseProjectId,
              preventDestroy: props.preventDestroy,
              tags: props.tags,
            });
      const tracker = new AuditTracker(scope, 'Tracker', {
        bucket,
        tables,
        organizationEnabled: props.organizationEnabled,
        requireAuthorizedBucket: props.requireAuthorizedBucket,
        agencyCheck: props.agencyCheck,
        preventDestroy: props.preventDestroy,
        tags: props.tags,
      });
      const notifications = new EventNotifications(scope, 'Notifications', {
        provider,
        tables,
        ...(reuse.topicUrn !== undefined
          ? { topicUrn: reuse.topicUrn }
          : { subscriptions: props.subscriptions, topicDisplayName: props.topicDisplayName }),
        readOnlyTopic: props.readOnlySubscriptions ? { subscriptions: props.readOnlySubscriptions } : undefined,
        enterpriseProjectId: reuse.topicUrn !== undefined && !props.readOnlySubscriptions ? undefined : props.enterpriseProjectId,
        grouping: props.grouping,
        filter: props.filter,
        operationUsers: props.operationUsers,
        catalogCheck: props.catalogCheck,
        // Notifications of events the tracker does not yet record would prove nothing.
        dependsOn: [tracker.tracker],
        tags: props.tags,
      });
      const readOnly = new ReadOnlyAudit(scope, 'ReadOnlyAudit', { provider, tables, ...props.readOnlyAudit });
      this.regions.push({ region, provider, bucket, tracker, notifications, readOnly });

      const key = region.replace(/[^A-Za-z0-9]/g, '_');
      output(scope, `${key}_trace_bucket`, bucket.bucket?.bucket ?? bucket.bucketName, `OBS bucket keeping CTS trace files in ${region}`);
      output(scope, `${key}_topic_urn`, notifications.topicUrn, `SMN topic notified of the audited operations in ${region}`);
      if (notifications.readOnlyTopicUrn !== undefined) {
        output(
          scope,
          `${key}_read_only_topic_urn`,
          notifications.readOnlyTopicUrn,
          `SMN topic notified of read-only operations in ${region}`,
        );
      }
      output(
        scope,
        `${key}_notification_names`,
        Fn.tolist(notifications.notifications.map((n) => n.name)),
        `CTS key event notifications in ${region}`,
      );
    }
  }
}

function output(scope: Construct, name: string, value: unknown, description: string): void {
  new TerraformOutput(scope, name, { value, description }).overrideLogicalId(name);
}
