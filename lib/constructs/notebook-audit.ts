import { Aspects, Fn, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { defaultTable } from '../policy/bundled';
import { OperationsTable } from '../policy/table';
import { AuditTracker } from './audit-tracker';
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
    Pick<TraceBucketProps, 'retentionDays' | 'acknowledgeShortRetention' | 'breakGlassPrincipals' | 'preventDestroy' | 'tags'>,
    Pick<EventNotificationsProps, 'grouping' | 'filter' | 'operationUsers'> {
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

  /** Who is notified of every traced operation, in every region. */
  readonly subscriptions: Subscription[];

  /**
   * The traced-operations tables to audit.
   *
   * @default - the bundled ModelArts notebook table
   */
  readonly tables?: OperationsTable[];

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
    const providers =
      props.providers ??
      (props.regions ?? []).map((region) => new HuaweicloudProvider(this, `Provider-${region}`, { region, alias: region }));
    const tables = props.tables ?? [defaultTable()];
    if (props.coverageCheck !== false) {
      Aspects.of(TerraformStack.of(this)).add(new CoverageCheck({ tables, regions: [...seen], ...props.coverageCheck }));
    }

    for (const provider of providers) {
      const region = provider.region as string;
      const scope = new Construct(this, region);
      const bucket = new TraceBucket(scope, 'TraceBucket', {
        provider,
        bucketName: props.bucketNames?.[region],
        retentionDays: props.retentionDays,
        acknowledgeShortRetention: props.acknowledgeShortRetention,
        breakGlassPrincipals: props.breakGlassPrincipals,
        preventDestroy: props.preventDestroy,
        tags: props.tags,
      });
      const tracker = new AuditTracker(scope, 'Tracker', {
        bucket,
        tables,
        preventDestroy: props.preventDestroy,
        tags: props.tags,
      });
      const notifications = new EventNotifications(scope, 'Notifications', {
        provider,
        tables,
        subscriptions: props.subscriptions,
        grouping: props.grouping,
        filter: props.filter,
        operationUsers: props.operationUsers,
        tags: props.tags,
      });
      const readOnly = new ReadOnlyAudit(scope, 'ReadOnlyAudit', { provider, tables, ...props.readOnlyAudit });
      this.regions.push({ region, provider, bucket, tracker, notifications, readOnly });

      const key = region.replace(/[^A-Za-z0-9]/g, '_');
      output(scope, `${key}_trace_bucket`, bucket.bucketName, `OBS bucket keeping CTS trace files in ${region}`);
      output(scope, `${key}_topic_urn`, notifications.topicUrn, `SMN topic notified of ModelArts notebook operations in ${region}`);
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
