import { createHash } from 'node:crypto';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { defaultTable } from '../policy/bundled';
import { OperationsTable, tableEvents, tableServices, traceNamesByResourceType } from '../policy/table';
import { CtsNotification, CtsNotificationOperations } from './generated/huaweicloud/cts-notification';
import { DataHuaweicloudCtsOperations } from './generated/huaweicloud/data-huaweicloud-cts-operations';
import { SmnSubscription } from './generated/huaweicloud/smn-subscription';
import { SmnTopic } from './generated/huaweicloud/smn-topic';
import { findInStack, misuse, pathHash, regionKey, regionOf, requireTerraform, resourceRegion } from './util';

/** CTS allows at most this many key event notifications per region; the quota cannot be raised. */
export const CTS_NOTIFICATION_QUOTA = 100;

/** The only IAM agency CTS accepts for key event notifications. */
export const CTS_AGENCY = 'cts_admin_trust';

/** A notification name CTS accepts: up to 64 letters, digits and underscores. */
export const NOTIFICATION_NAME = /^[A-Za-z0-9_]{1,64}$/;

/** SMN subscription protocols, as the provider documents them. */
export type SubscriptionProtocol =
  'email' | 'sms' | 'http' | 'https' | 'functionstage' | 'functiongraph' | 'callnotify' | 'wechat' | 'dingding' | 'feishu' | 'welink';

/** Who is told about an event: one SMN subscription. */
export interface Subscription {
  /** How the subscriber is reached. */
  readonly protocol: SubscriptionProtocol;
  /**
   * Where: an e-mail address for `email`, a URL for `http`/`https`, a
   * function URN for `functiongraph`/`functionstage`, a phone number for `sms`.
   */
  readonly endpoint: string;
  /**
   * A note shown with the subscription.
   *
   * @default - none
   */
  readonly remark?: string;
}

/** Restricts which occurrences of an operation notify (`filter` of a CTS notification). */
export interface NotificationFilter {
  /** How rules combine. */
  readonly condition: 'AND' | 'OR';
  /** Rules such as `code = 200` or `trace_rating != normal`. */
  readonly rules: string[];
}

/** Restricts notifications to operations by some users (`operation_users`). */
export interface OperationUsers {
  /** IAM user group. */
  readonly group: string;
  /** IAM user names in the group. */
  readonly users: string[];
}

/** A second topic, for the notifications of read-only events: an existing one (`topicUrn`), or one created with its subscribers. */
export interface NotificationTopic {
  /**
   * URN of an existing SMN topic.
   *
   * @default - a topic is created
   */
  readonly topicUrn?: string;
  /**
   * Name of the topic to create.
   *
   * @default - `cts_audit_reads_<8 hex digits>`, stable for the construct's path
   */
  readonly topicName?: string;
  /**
   * Display name of the topic to create.
   *
   * @default 'CTS key event notifications (read-only operations)'
   */
  readonly displayName?: string;
  /**
   * Subscriptions to the topic to create; it needs at least one.
   *
   * @default - none
   */
  readonly subscriptions?: Subscription[];
}

/** Properties of {@link EventNotifications}. */
export interface EventNotificationsProps {
  /**
   * Tables whose operations must notify.
   *
   * @default - the bundled ModelArts notebook table
   */
  readonly tables?: OperationsTable[];

  /**
   * URN of an existing SMN topic to notify.
   *
   * @default - a topic is created
   */
  readonly topicUrn?: string;

  /**
   * Name of the topic to create: 1 to 255 letters, digits, "_" and "-",
   * starting with a letter or digit.
   *
   * @default - `cts_audit_<8 hex digits>`, stable for this construct's path
   */
  readonly topicName?: string;

  /**
   * Display name of the created topic, shown in the messages it sends.
   *
   * @default 'CTS key event notifications'
   */
  readonly topicDisplayName?: string;

  /**
   * Send the notifications of read-only events (queries, such as
   * "Obtaining notebook instances") to another topic, so that reads do not
   * page the people who must act on changes: an existing topic by URN, or
   * one created here with its own subscribers. The notifications of each
   * table are then split in two, the second named with `_reads`.
   *
   * @default - every event notifies the one topic
   */
  readonly readOnlyTopic?: NotificationTopic;

  /**
   * Enterprise project of the created topics.
   *
   * @default - the provider's (or the account's default enterprise project)
   */
  readonly enterpriseProjectId?: string;

  /**
   * Resources the notifications must be created after, such as the tracker
   * that records the events they notify.
   *
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];

  /**
   * Subscriptions to the created topic. A created topic with no subscriber
   * notifies no one and fails validation.
   *
   * @default - none; add them with {@link EventNotifications.addSubscription}
   */
  readonly subscriptions?: Subscription[];

  /**
   * Start of every notification name. With the table id (and resource type)
   * appended, names are cut to CTS's 64 characters with a hash to stay unique.
   *
   * @default 'cts_audit'
   */
  readonly namePrefix?: string;

  /**
   * One notification per table (operations grouped by resource type inside
   * it), or one per resource type of each table. Per table uses less of the
   * quota of 100 notifications per region.
   *
   * @default 'table'
   */
  readonly grouping?: 'table' | 'resourceType';

  /**
   * Notify only on occurrences matching this filter. A filtered
   * notification covers only some occurrences, and the checker reports the
   * events as partial.
   *
   * @default - no filter: every occurrence notifies
   */
  readonly filter?: NotificationFilter;

  /**
   * Notify only on operations by these users. Like a filter, this covers
   * only some occurrences.
   *
   * @default - operations by any user notify
   */
  readonly operationUsers?: OperationUsers[];

  /**
   * Check at plan time that CTS knows every operation a notification lists:
   * per service, the data source `huaweicloud_cts_operations` reads CTS's
   * catalog of the region (`GET /v3/{project_id}/operations`), and a
   * `lifecycle.precondition` of each notification fails `terraform plan`,
   * naming what the catalog lacks, instead of deploying a notification that
   * never fires (a wrong service type, resource type or trace name). Turn it
   * off only for a cloud whose catalog is known to lag.
   *
   * @default true
   */
  readonly catalogCheck?: boolean;

  /**
   * Whether the notifications are enabled.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Provider (and so region) to create the resources with.
   *
   * @default - the stack's default `huaweicloud` provider
   */
  readonly provider?: TerraformProvider;

  /**
   * Tags for the topic.
   *
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

const NAME_PREFIX = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const TOPIC_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/;
const FILTER_RULE = /^(api_version|code|trace_rating|trace_type|resource_id|resource_name)\s*(=|!=)\s*\S.*$/;

/**
 * An SMN topic with its subscriptions, and CTS key event notifications of
 * type `customized` generated from traced-operations tables: every distinct
 * trace name of each table is listed exactly once, under its service and
 * resource type, so that every documented operation notifies the topic.
 */
export class EventNotifications extends Construct {
  /** URN of the topic notified. */
  public readonly topicUrn: string;
  /** The topic, when this construct created it. */
  public readonly topic?: SmnTopic;
  /** The notification resources. */
  public readonly notifications: CtsNotification[] = [];
  /** Names of the notifications, as CTS will show them. */
  public readonly notificationNames: string[] = [];
  /** Name of the created topic. */
  public readonly topicName?: string;
  /** The subscription resources. */
  public readonly subscriptions: SmnSubscription[] = [];
  /** URN of the topic notified of read-only events, when they have their own. */
  public readonly readOnlyTopicUrn?: string;
  /** The topic of read-only events, when this construct created it. */
  public readonly readOnlyTopic?: SmnTopic;
  /** The subscriptions to the created topic of read-only events. */
  public readonly readOnlySubscriptions: SmnSubscription[] = [];
  /** Region of the resources, when known at synth time. */
  public readonly region?: string;
  private readonly provider?: TerraformProvider;
  private readonly catalogs = new Map<string, DataHuaweicloudCtsOperations>();

  public constructor(scope: Construct, id: string, props: EventNotificationsProps = {}) {
    super(scope, id);
    this.provider = props.provider;
    this.region = regionOf(props.provider, undefined);
    const tables = props.tables ?? [defaultTable()];
    if (tables.length === 0) misuse(this, 'tables is empty; give at least one table, or leave it out for the ModelArts notebook table');
    const prefix = props.namePrefix ?? 'cts_audit';
    if (!NAME_PREFIX.test(prefix)) {
      misuse(this, `namePrefix "${prefix}" is not valid: use a letter, then up to 39 letters, digits and "_"`);
    }
    if (
      props.topicUrn !== undefined &&
      (props.topicName !== undefined || props.subscriptions !== undefined || props.topicDisplayName !== undefined)
    ) {
      misuse(
        this,
        "topicName, topicDisplayName and subscriptions apply to a created topic; with topicUrn, manage the existing topic's subscriptions where it is defined",
      );
    }
    const reads = props.readOnlyTopic;
    if (
      reads?.topicUrn !== undefined &&
      (reads.topicName !== undefined || reads.subscriptions !== undefined || reads.displayName !== undefined)
    ) {
      misuse(
        this,
        "readOnlyTopic's topicName, displayName and subscriptions apply to a created topic; with its topicUrn, manage the existing topic's subscriptions where it is defined",
      );
    }
    if (props.enterpriseProjectId !== undefined && props.topicUrn !== undefined && (reads === undefined || reads.topicUrn !== undefined)) {
      misuse(this, 'enterpriseProjectId applies to created topics, and with topicUrn none is created');
    }
    for (const rule of props.filter?.rules ?? []) {
      if (!FILTER_RULE.test(rule)) {
        misuse(
          this,
          `filter rule "${rule}" is not valid: write "<field> = <value>" or "<field> != <value>" with field api_version, code, trace_rating, trace_type, resource_id or resource_name`,
        );
      }
    }
    if (props.filter && props.filter.rules.length === 0) misuse(this, 'filter.rules is empty; give at least one rule, or leave filter out');

    if (props.topicUrn !== undefined) {
      this.topicUrn = props.topicUrn;
    } else {
      this.topicName = props.topicName ?? `cts_audit_${pathHash(this)}`;
      this.topic = this.createTopic('Topic', 'topicName', this.topicName, props.topicDisplayName ?? 'CTS key event notifications', props);
      this.topicUrn = this.topic.topicUrn;
      for (const s of props.subscriptions ?? []) this.addSubscription(s);
    }
    if (reads?.topicUrn !== undefined) {
      this.readOnlyTopicUrn = reads.topicUrn;
    } else if (reads !== undefined) {
      const name = reads.topicName ?? `cts_audit_reads_${pathHash(this)}`;
      this.readOnlyTopic = this.createTopic(
        'ReadOnlyTopic',
        'readOnlyTopic.topicName',
        name,
        reads.displayName ?? 'CTS key event notifications (read-only operations)',
        props,
      );
      this.readOnlyTopicUrn = this.readOnlyTopic.topicUrn;
      (reads.subscriptions ?? []).forEach((s, i) =>
        this.readOnlySubscriptions.push(this.subscribe(`ReadOnlySubscription-${i}`, this.readOnlyTopic as SmnTopic, s)),
      );
    }

    const grouping = props.grouping ?? 'table';
    const named = new Map<string, string>();
    for (const table of tables) {
      // A table of several services may have one resource type in two of them: the service keeps the names apart.
      const several = tableServices(table).length > 1;
      const batches = routed(table, this.readOnlyTopicUrn).flatMap(({ groups, tag, topicUrn }) =>
        grouping === 'table'
          ? [{ suffix: `${table.id}${tag}`, groups, topicUrn }]
          : groups.map((g) => ({
              suffix: [table.id, ...(several ? [g.service] : []), g.resourceType].join('_') + tag,
              groups: [g],
              topicUrn,
            })),
      );
      for (const batch of batches) {
        const name = notificationName(prefix, batch.suffix);
        const precondition = props.catalogCheck === false ? undefined : [this.catalogPrecondition(name, batch.groups)];
        const first = named.get(name);
        if (first !== undefined) {
          misuse(
            this,
            `notifications for ${first} and ${batch.suffix} would both be named ${name} (CTS names keep only letters, digits and "_"); rename a table or a resource type`,
          );
        }
        named.set(name, batch.suffix);
        this.notificationNames.push(name);
        const operations: CtsNotificationOperations[] = batch.groups.map((g) => ({
          service: g.service,
          resource: g.resourceType,
          traceNames: g.traceNames,
        }));
        this.notifications.push(
          new CtsNotification(this, `Notification-${batch.suffix}`, {
            provider: props.provider,
            name,
            operationType: 'customized',
            agencyName: CTS_AGENCY,
            smnTopic: batch.topicUrn ?? this.topicUrn,
            operations,
            enabled: props.enabled ?? true,
            filter: props.filter ? { condition: props.filter.condition, rule: props.filter.rules } : undefined,
            operationUsers: props.operationUsers?.map((u) => ({ group: u.group, users: u.users })),
            lifecycle: precondition ? { precondition } : undefined,
            dependsOn: props.dependsOn,
          }),
        );
      }
    }

    if (props.catalogCheck !== false) requireTerraform(this);
    this.node.addValidation({ validate: () => this.validate() });
  }

  /** The data source reading CTS's catalog of one service in this region, created once per service. */
  private catalog(service: string): DataHuaweicloudCtsOperations {
    let source = this.catalogs.get(service);
    if (!source) {
      source = new DataHuaweicloudCtsOperations(this, `Catalog-${service}`, { provider: this.provider, serviceType: service });
      this.catalogs.set(service, source);
    }
    return source;
  }

  /**
   * A precondition that every (service, resource type, trace name) a
   * notification lists is in CTS's catalog of the region; the message names
   * those that are not.
   */
  private catalogPrecondition(name: string, groups: ReadonlyArray<{ service: string; resourceType: string; traceNames: string[] }>) {
    const listed = groups.flatMap((g) => g.traceNames.map((traceName) => `${g.service}/${g.resourceType}/${traceName}`));
    const catalogs = [...new Set(groups.map((g) => g.service))].map((service) => `${this.catalog(service).fqn}.operations`);
    const known =
      `toset(flatten([for c in [${catalogs.join(', ')}] : [for o in (c == null ? [] : c) : ` +
      '[for n in (o.operation_list == null ? [] : o.operation_list) : "${o.service_type}/${o.resource_type}/${n}"]]]))';
    const missing = `setsubtract(toset(${JSON.stringify(listed)}), ${known})`;
    return {
      condition: `\${length(${missing}) == 0}`,
      errorMessage:
        `CTS's catalog of operations in this region (data source huaweicloud_cts_operations, GET /v3/{project_id}/operations) ` +
        `does not list \${join(", ", sort(${missing}))}, which notification ${name} would notify: CTS would never send it for ` +
        'them. Check the table against the account (cts-audit table verify --live) and correct it; only where the catalog is ' +
        'known to lag, turn this check off (catalogCheck: false).',
    };
  }

  /** Subscribes an endpoint to the created topic. */
  public addSubscription(subscription: Subscription): SmnSubscription {
    if (!this.topic) misuse(this, 'addSubscription needs a created topic; subscribe to an existing topic where it is defined');
    const sub = this.subscribe(`Subscription-${this.subscriptions.length}`, this.topic, subscription);
    this.subscriptions.push(sub);
    return sub;
  }

  private subscribe(id: string, topic: SmnTopic, subscription: Subscription): SmnSubscription {
    checkEndpoint(this, subscription);
    return new SmnSubscription(this, id, {
      provider: this.provider,
      topicUrn: topic.topicUrn,
      protocol: subscription.protocol,
      endpoint: subscription.endpoint,
      remark: subscription.remark,
    });
  }

  private createTopic(id: string, prop: string, name: string, displayName: string, props: EventNotificationsProps): SmnTopic {
    if (!TOPIC_NAME.test(name)) {
      misuse(this, `${prop} "${name}" is not valid: use 1 to 255 letters, digits, "_" and "-", starting with a letter or digit`);
    }
    return new SmnTopic(this, id, {
      provider: props.provider,
      name,
      displayName,
      enterpriseProjectId: props.enterpriseProjectId,
      tags: props.tags,
    });
  }

  private validate(): string[] {
    const errors: string[] = [];
    if (this.topic && this.subscriptions.length === 0) {
      errors.push(
        `topic ${this.topicName} has no subscription, so no one would be notified; add one with subscriptions or addSubscription()`,
      );
    }
    if (this.readOnlyTopic && this.readOnlySubscriptions.length === 0) {
      errors.push(
        'the topic of read-only events has no subscription, so no one would be notified of them; add one with readOnlyTopic.subscriptions',
      );
    }
    const all = findInStack(this, CtsNotification);
    const here = regionKey(this.region);
    const sameRegion = all.filter((n) => regionKey(resourceRegion(n)) === here);
    if (sameRegion.length > CTS_NOTIFICATION_QUOTA) {
      errors.push(
        `CTS allows at most ${CTS_NOTIFICATION_QUOTA} key event notifications per region (a fixed quota), ` +
          `and this stack defines ${sameRegion.length} in ${here}; use grouping: 'table' or fewer tables`,
      );
    }
    const mine = new Set(this.notificationNames);
    const clashes = findInStack(this, EventNotifications)
      .filter((other) => other !== this && regionKey(other.region) === here)
      .flatMap((other) => other.notificationNames.filter((name) => mine.has(name)).map((name) => `${name} (${other.node.path})`));
    if (clashes.length > 0) {
      errors.push(
        `notification names must be unique in a region; also defined elsewhere in ${here}: ${clashes.join(', ')}; set a different namePrefix`,
      );
    }
    return errors;
  }
}

/**
 * The groups of a table's notifications and the topic each goes to: all to
 * the main topic, or, with a topic of read-only events, the writes to the
 * main topic and the reads (tagged `_reads`) to that one. A part with no
 * event is left out.
 */
function routed(
  table: OperationsTable,
  readOnlyTopicUrn: string | undefined,
): Array<{ groups: ReturnType<typeof traceNamesByResourceType>; tag: string; topicUrn?: string }> {
  const groups = traceNamesByResourceType(table);
  if (readOnlyTopicUrn === undefined) return [{ groups, tag: '' }];
  const reads = new Set(
    tableEvents(table)
      .filter((e) => e.readOnly)
      .map((e) => `${e.service}\u0000${e.resourceType}\u0000${e.traceName}`),
  );
  const part = (readOnly: boolean) =>
    groups
      .map((g) => ({
        ...g,
        traceNames: g.traceNames.filter((n) => reads.has(`${g.service}\u0000${g.resourceType}\u0000${n}`) === readOnly),
      }))
      .filter((g) => g.traceNames.length > 0);
  return [
    { groups: part(false), tag: '' },
    { groups: part(true), tag: '_reads', topicUrn: readOnlyTopicUrn },
  ].filter((p) => p.groups.length > 0);
}

/**
 * A CTS notification name from a prefix and a suffix: non-word characters
 * become "_", and names over 64 characters are cut and end in a hash of the
 * full name, so they stay unique and stable.
 */
export function notificationName(prefix: string, suffix: string): string {
  const full = `${prefix}_${suffix}`.replace(/[^A-Za-z0-9_]/g, '_');
  if (full.length <= 64) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, 55)}_${hash}`;
}

function checkEndpoint(scope: Construct, s: Subscription): void {
  const rules: Partial<Record<SubscriptionProtocol, [RegExp, string]>> = {
    email: [/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an e-mail address'],
    https: [/^https:\/\/\S+$/, 'a URL starting with https://'],
    http: [/^http:\/\/\S+$/, 'a URL starting with http://'],
    functiongraph: [/^urn:fss:\S+$/, 'a function URN (urn:fss:...)'],
    functionstage: [/^urn:fss:\S+$/, 'a function URN (urn:fss:...)'],
    sms: [/^\+?[0-9]{6,20}$/, 'a phone number'],
  };
  const rule = rules[s.protocol];
  if (rule && !rule[0].test(s.endpoint)) {
    misuse(scope, `subscription endpoint "${s.endpoint}" is not ${rule[1]}, as protocol ${s.protocol} needs`);
  }
}
