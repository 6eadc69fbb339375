/**
 * From raw API answers (a snapshot, live or from a file) to model elements.
 * The same code serves `check --live` and `check SNAPSHOT`, so both give the
 * same verdict. An answer that could not be read becomes elements whose
 * values are unknown, with the status, the API error code and what to do:
 * the events that depend on it are unknown, never passed.
 */
import { jsonPointer, nameOf } from '../json';
import {
  Bucket,
  CtsConfiguration,
  Element,
  ElementBase,
  InputDiagnostic,
  LifecycleRule,
  LoadedInput,
  Notification,
  NotificationOperation,
  SourceRef,
  Value,
  known,
  unknown,
} from '../model';
import { type Answer, BUCKET_READS, BucketRead, PATHS } from './answer';
import { Place, Snapshot } from './schema';

/** Turns a snapshot into one loaded input. `file` names it in reports: the snapshot's path, or `live`. */
export function snapshotToInput(snapshot: Snapshot, file: string): LoadedInput {
  const elements: Element[] = [];
  const diagnostics: InputDiagnostic[] = [];
  const topicListings: Record<string, string | true> = {};
  // Oldest first, so that of two readings of one place the newest writes the topic listing last.
  const order = snapshot.places
    .map((place, p) => ({ place, p }))
    .sort((a, b) => (a.place.readAt < b.place.readAt ? -1 : a.place.readAt > b.place.readAt ? 1 : 0));
  for (const { place, p } of order) convertPlace(place, p, file, { elements, diagnostics, topicListings });
  const readings = snapshot.places.map((place) => ({
    ...(place.account !== undefined ? { account: place.account } : {}),
    region: place.region,
    ...(place.projectId ? { project: place.projectId } : {}),
    readAt: place.readAt,
  }));
  return { file, kind: 'live', elements, diagnostics, topicListings, readings };
}

interface Sink {
  elements: Element[];
  diagnostics: InputDiagnostic[];
  topicListings: Record<string, string | true>;
}

/** How a place is named in messages and scopes: `region/project`, or `account/region/project`. */
export function placeName(place: Pick<Place, 'account' | 'region' | 'projectId'>): string {
  return `${place.account !== undefined ? `${place.account}/` : ''}${place.region}/${place.projectId ?? '?'}`;
}

/** Why a place has no project to read (an agency that could not be assumed, a project IAM did not find); undefined when it has one. */
export function placeProblem(place: Place): string | undefined {
  if (place.projectId) return undefined;
  const assumed = place.answers.find((a) => a.service === 'iam' && a.path === PATHS.securityTokens) as Answer | undefined;
  if (assumed) {
    return `the agency could not be assumed in account ${place.account ?? '?'}, so nothing of it was read: ${describe(assumed)}`;
  }
  const lookup = place.answers[0] as Answer | undefined;
  const found = `the project of ${place.region}${place.account !== undefined ? ` in account ${place.account}` : ''} could not be found through IAM${lookup ? ` (${describe(lookup)})` : ''}`;
  return place.account !== undefined
    ? `${found}; check the region name, and that the agency may list the account's projects (IAM read access)`
    : `${found}; pass --project-id ${place.region}=<project id>`;
}

function convertPlace(place: Place, p: number, file: string, sink: Sink): void {
  const scope = `live:${placeName(place)}`;
  const at = (answer: Answer | undefined, ...path: Array<string | number>): SourceRef => {
    const a = answer ? place.answers.indexOf(answer as (typeof place.answers)[number]) : -1;
    return { file, pointer: jsonPointer(a >= 0 ? ['places', p, 'answers', a, ...path] : ['places', p]) };
  };
  const base = (address: string, source: SourceRef): ElementBase => ({
    scope,
    address,
    input: 'live',
    source,
    region: known(place.region),
    ...(place.projectId ? { project: place.projectId } : {}),
    ...(place.account !== undefined ? { account: place.account } : {}),
    readAt: place.readAt,
  });

  const problem = placeProblem(place);
  if (problem !== undefined) {
    const lookup = place.answers[0] as Answer | undefined;
    const reason = problem;
    sink.elements.push(
      unreadableTracker(base('cts/tracker/?', at(lookup)), reason),
      unreadableNotification(base('cts/notifications/?', at(lookup)), reason),
      unreadableConfiguration(base('cts/configuration/?', at(lookup)), reason),
    );
    return;
  }
  const find = (service: Answer['service'], path: string) =>
    place.answers.filter((a) => a.service === service && a.path === path) as Answer[];
  const [trackers] = find('cts', PATHS.trackers);
  const [smn] = find('cts', PATHS.notifications('smn'));
  const [fun] = find('cts', PATHS.notifications('fun'));
  const [configuration] = find('cts', PATHS.configuration);
  const topicPages = find('smn', PATHS.topics);
  const where = placeName(place);

  // CTS's configuration: whether read-only operations are reported at all.
  sink.elements.push(configurationOf(configuration, base('cts/configuration', at(configuration)), where));

  // Trackers, and the buckets they keep trace files in
  const trackerList = listOf(trackers, 'trackers');
  const buckets = new Set<string>();
  if (trackerList === undefined) {
    sink.elements.push(
      unreadableTracker(base('cts/tracker/system', at(trackers)), `the CTS trackers of ${where} could not be read: ${describe(trackers)}`),
    );
  } else {
    trackerList.forEach((t, i) => {
      if (t.tracker_type !== undefined && t.tracker_type !== 'system') return;
      // The answer may hold other projects' trackers (the provider filters on project_id too): not this project's.
      if (typeof t.project_id === 'string' && t.project_id !== '' && t.project_id !== place.projectId) return;
      const obs = object(t.obs_info);
      const lts = object(t.lts);
      const status = typeof t.status === 'string' ? t.status : undefined;
      const encrypted = t.is_support_trace_files_encryption === true;
      sink.elements.push({
        ...base(`cts/tracker/${nameOf(t.tracker_name, 'system')}`, at(trackers, 'body', 'trackers', i)),
        type: 'tracker',
        // CTS answers enabled, disabled or error; anything else is not taken as recording.
        enabled:
          status === 'enabled' || status === 'error'
            ? known(true)
            : status === 'disabled'
              ? known(false)
              : unknown(
                  `the tracker's status is ${status === undefined ? 'missing' : JSON.stringify(nameOf(status, '?', 40))}, not enabled, disabled or error`,
                ),
        ...(status ? { status } : {}),
        ...(typeof t.detail === 'string' && t.detail ? { detail: t.detail } : {}),
        bucketName: known(nonEmpty(obs.bucket_name)),
        ltsEnabled: known(lts.is_lts_enabled === true),
        validateFile: known(t.is_support_validate === true),
        kmsId: known(encrypted ? nonEmpty(t.kms_id) : undefined),
        excludeServices: known(strings(object(t.management_event_selector).exclude_service)),
        filePrefix: known(nonEmpty(obs.file_prefix_name)),
      });
      const bucketName = nonEmpty(obs.bucket_name);
      if (!bucketName || buckets.has(bucketName)) return;
      const reads = bucketAnswers(place, bucketName);
      if (!reads) {
        // A snapshot from before the live check read OBS, or a name OBS would not take.
        sink.diagnostics.push({
          source: at(trackers, 'body', 'trackers', i),
          message: `the trace bucket ${nameOf(bucketName, '?')} of ${where} is not checked: it was not read through OBS (a snapshot taken before cts-audit read buckets, or not a valid bucket name); check the account again with --live, or pass the bucket's state (terraform show -json)`,
        });
        return;
      }
      buckets.add(bucketName);
      const converted = bucketOf(bucketName, reads, base(`obs/bucket/${bucketName}`, at(reads.acl)), where);
      sink.elements.push(converted);
      const owner = ownerOf(reads.acl);
      if (owner && typeof t.domain_id === 'string' && t.domain_id && owner !== t.domain_id) {
        sink.diagnostics.push({
          source: at(reads.acl, 'body'),
          message: `the trace bucket ${bucketName} of ${where} belongs to another account (owner ${owner}, not ${t.domain_id}): its controls are judged from what this account may read of it; the owner's settings decide what is kept`,
        });
      }
    });
  }

  // Notifications to SMN topics
  const smnList = listOf(smn, 'notifications');
  if (smnList === undefined) {
    sink.elements.push(
      unreadableNotification(
        base('cts/notifications/smn', at(smn)),
        `the key event notifications of ${where} could not be read: ${describe(smn)}`,
      ),
    );
  } else {
    smnList.forEach((n, i) =>
      sink.elements.push(
        notification(n, base(`cts/notification/${nameOf(n.notification_name, '?')}`, at(smn, 'body', 'notifications', i))),
      ),
    );
  }
  // Notifications to FunctionGraph functions: they reach no SMN topic, so they never cover an event.
  const funList = listOf(fun, 'notifications');
  if (funList === undefined) {
    sink.diagnostics.push({
      source: at(fun),
      message: `the FunctionGraph key event notifications of ${where} could not be read (${describe(fun)}); they would not count for coverage anyway, which needs an SMN topic`,
    });
  } else {
    funList.forEach((n, i) => {
      const element = notification(
        n,
        base(`cts/notification-fun/${nameOf(n.notification_name, '?')}`, at(fun, 'body', 'notifications', i)),
      );
      sink.elements.push({
        ...element,
        topic: known(undefined),
        functionUrn: typeof n.topic_id === 'string' ? n.topic_id : '(unknown function)',
      });
    });
  }

  // Topics: a complete listing means a topic that is not in it does not exist.
  const topicsFailed = topicPages.find((a) => listOf(a, 'topics') === undefined);
  sink.topicListings[`${place.region}\u0000${place.projectId}`] =
    topicsFailed || topicPages.length === 0 ? `the SMN topics of ${where} could not be read: ${describe(topicsFailed)}` : true;
  for (const page of topicPages) {
    (listOf(page, 'topics') ?? []).forEach((t, i) => {
      if (typeof t.topic_urn !== 'string') return;
      sink.elements.push({
        ...base(`smn/topic/${nameOf(t.name, nameOf(t.topic_urn, '?'))}`, at(page, 'body', 'topics', i)),
        type: 'topic',
        name: typeof t.name === 'string' ? known(t.name) : unknown('the topic has no name'),
        urn: known(t.topic_urn),
      });
    });
  }

  // Subscriptions of the notified topics
  for (const answer of place.answers) {
    if (answer.service !== 'smn' || !answer.path.endsWith('/subscriptions')) continue;
    const urn = answer.path.slice(PATHS.topics.length + 1, -'/subscriptions'.length);
    const list = listOf(answer as Answer, 'subscriptions');
    if (list === undefined) {
      sink.elements.push({
        ...base(`smn/subscriptions/${urn}`, at(answer as Answer)),
        type: 'subscription',
        topic: known(urn),
        protocol: unknown('unreadable'),
        endpoint: unknown('unreadable'),
        unreadable: `the subscriptions of topic ${urn} could not be read: ${describe(answer as Answer)}`,
      });
      continue;
    }
    list.forEach((s, i) => {
      sink.elements.push({
        ...base(`smn/subscription/${nameOf(s.subscription_urn, `${urn}#${i}`)}`, at(answer as Answer, 'body', 'subscriptions', i)),
        type: 'subscription',
        topic: known(typeof s.topic_urn === 'string' ? s.topic_urn : urn),
        protocol: typeof s.protocol === 'string' ? known(s.protocol) : unknown('no protocol'),
        endpoint: typeof s.endpoint === 'string' ? known(s.endpoint) : unknown('no endpoint'),
        // SMN: 1 confirmed; 0 waiting for the subscriber to confirm, 3 cancelled: those deliver nothing.
        confirmed: s.status === 1,
        ...(typeof s.subscription_urn === 'string' ? { urn: known(s.subscription_urn) } : {}),
        // SMN lists a subscriber's message filter policies with it (filter_polices, as the API spells it).
        filtered:
          s.filter_polices === undefined || s.filter_polices === null
            ? known(false)
            : Array.isArray(s.filter_polices)
              ? known(s.filter_polices.length > 0)
              : unknown("the subscription's filter_polices is not a list"),
      });
    });
  }
}

function notification(n: Record<string, unknown>, b: ElementBase): Notification {
  const ops: NotificationOperation[] = [];
  for (const op of Array.isArray(n.operations) ? n.operations : []) {
    const o = object(op);
    if (typeof o.service_type === 'string' && typeof o.resource_type === 'string') {
      ops.push({ service: o.service_type, resource: o.resource_type, traceNames: strings(o.trace_names) });
    }
  }
  const filter = object(n.filter);
  return {
    ...b,
    type: 'notification',
    name: typeof n.notification_name === 'string' ? known(n.notification_name) : unknown('the notification has no name'),
    enabled: known(n.status === 'enabled'),
    operationType: typeof n.operation_type === 'string' ? known(n.operation_type) : unknown('the notification has no operation_type'),
    operations: known(ops),
    topic: known(typeof n.topic_id === 'string' && n.topic_id ? n.topic_id : undefined),
    filtered: known(filter.is_support_filter === true && strings(filter.rule).length > 0),
    userRestricted: known(Array.isArray(n.notify_user_list) && n.notify_user_list.length > 0),
  };
}

/**
 * The configuration element of a place from its answer (`GET /v3/{project_id}/configuration`:
 * `is_support_read_only`, `support_read_only_services`, `is_sync_global_trace`). An answer that
 * failed, is missing or does not have that shape gives an element that stands for it, unreadable.
 */
export function configurationOf(answer: Answer | undefined, b: ElementBase, where: string): CtsConfiguration {
  const body = answer && answer.body !== undefined && !answer.error ? answer.body : undefined;
  const doc = object(body);
  const services = doc.support_read_only_services;
  // The provider reads an absent list as empty; anything else that is not a list of names is not an answer to trust.
  const servicesOk =
    services === undefined || services === null || (Array.isArray(services) && services.every((x) => typeof x === 'string'));
  if (body === undefined || body !== doc || typeof doc.is_support_read_only !== 'boolean' || !servicesOk) {
    return unreadableConfiguration(
      b,
      `the CTS configuration of ${where}, which decides whether read-only operations are reported, ${unreadableWhy(answer)}`,
    );
  }
  return {
    ...b,
    type: 'configuration',
    readOnlyAll: known(doc.is_support_read_only),
    readOnlyServices: known(strings(services)),
    syncGlobal:
      typeof doc.is_sync_global_trace === 'boolean'
        ? known(doc.is_sync_global_trace)
        : unknown('the CTS configuration does not say is_sync_global_trace'),
  };
}

/** Why a configuration answer cannot be used, and what to do. */
function unreadableWhy(answer: Answer | undefined): string {
  if (!answer) {
    return 'was not read (a snapshot taken before cts-audit read it); check the account again with --live';
  }
  const why = `could not be read: ${describe(answer)}`;
  if (answer.status === 404) {
    return `${why}; check the CTS endpoint (--endpoint cts=URL) and that CTS in this region offers its configuration (GET /v3/{project_id}/configuration)`;
  }
  return why;
}

function unreadableConfiguration(b: ElementBase, reason: string): CtsConfiguration {
  const u = unknown(reason);
  return { ...b, type: 'configuration', unreadable: reason, readOnlyAll: u, readOnlyServices: u, syncGlobal: u };
}

function unreadableTracker(b: ElementBase, reason: string): Element {
  const u = unknown(reason);
  return {
    ...b,
    type: 'tracker',
    unreadable: reason,
    enabled: u,
    bucketName: u,
    ltsEnabled: u,
    validateFile: u,
    kmsId: u,
    excludeServices: u,
    filePrefix: u,
  } as Element;
}

function unreadableNotification(b: ElementBase, reason: string): Element {
  const u = unknown(reason);
  return {
    ...b,
    type: 'notification',
    unreadable: reason,
    name: u,
    enabled: u,
    operationType: u,
    operations: u,
    topic: u,
    filtered: u,
    userRestricted: u,
  } as Element;
}

type Reads = Record<BucketRead, Answer | undefined>;

/** The OBS answers about a bucket in a place; undefined when none was read. */
function bucketAnswers(place: Place, bucket: string): Reads | undefined {
  const of = (read: BucketRead) =>
    place.answers.find((a) => a.service === 'obs' && a.path === `/${bucket}` && read in a.query) as Answer | undefined;
  const reads = Object.fromEntries((Object.keys(BUCKET_READS) as BucketRead[]).map((r) => [r, of(r)])) as Reads;
  return Object.values(reads).some((a) => a !== undefined) ? reads : undefined;
}

/** OBS error codes that mean "not set", not "cannot be read". */
const NOT_SET: Partial<Record<BucketRead, readonly string[]>> = {
  policy: ['NoSuchBucketPolicy'],
  encryption: ['NoSuchEncryptionConfiguration', 'ServerSideEncryptionConfigurationNotFoundError'],
  lifecycle: ['NoSuchLifecycleConfiguration'],
};

/**
 * The model's bucket from what OBS answered. A setting that is not there
 * (no policy, no encryption, no lifecycle rule: 404 with OBS's code for it)
 * is known to be absent; anything else that is not an answer is unknown,
 * with the status, the code and what to do.
 */
export function bucketOf(name: string, reads: Reads, b: ElementBase, where: string): Bucket {
  const read = <T>(what: BucketRead, label: string, ok: (body: Record<string, unknown>) => Value<T>, absent?: () => Value<T>): Value<T> => {
    const a = reads[what];
    if (a && a.body !== undefined && !a.error) return ok(object(a.body));
    if (a && absent && a.status === 404 && a.error?.code && NOT_SET[what]?.includes(a.error.code)) return absent();
    return unknown(`the ${label} of bucket ${name} (${where}) could not be read: ${describe(a)}`);
  };
  const rule = (body: Record<string, unknown>) => object(object(body.Rule).ApplyServerSideEncryptionByDefault);
  return {
    ...b,
    type: 'bucket',
    name: known(name),
    acl: read('acl', 'ACL', (body) => known(cannedAcl(body))),
    versioning: read('versioning', 'versioning', (body) => known(body.VersionStatus === 'Enabled')),
    encryption: read(
      'encryption',
      'default encryption',
      (body) => known(nonEmpty(rule(body).SSEAlgorithm) !== undefined),
      () => known(false),
    ),
    sseAlgorithm: read(
      'encryption',
      'default encryption',
      (body) => known(nonEmpty(rule(body).SSEAlgorithm)?.replace(/^aws:kms$/, 'kms')),
      () => known(undefined),
    ),
    kmsKeyId: read(
      'encryption',
      'default encryption',
      (body) => known(nonEmpty(rule(body).KMSMasterKeyID)),
      () => known(undefined),
    ),
    // force_destroy is Terraform's, not the bucket's: a deployed bucket has no such setting.
    forceDestroy: known(false),
    lifecycleRules: read(
      'lifecycle',
      'lifecycle rules',
      (body) => known(lifecycleRules(body.Rules)),
      () => known([]),
    ),
    policy: read(
      'policy',
      'bucket policy',
      (body) => known(nonEmpty(body.Policy)),
      () => known(undefined),
    ),
    policyFormat: known('obs'),
  };
}

function lifecycleRules(rules: unknown): LifecycleRule[] {
  return (Array.isArray(rules) ? rules : []).map((r) => {
    const rule = object(r);
    const days = (x: unknown) =>
      typeof x === 'number' && Number.isFinite(x) ? x : typeof x === 'string' && /^\d+$/.test(x) ? Number(x) : undefined;
    const expiration = days(object(rule.Expiration).Days);
    const noncurrent = days(object(rule.NoncurrentVersionExpiration).NoncurrentDays);
    return {
      enabled: rule.Status === 'Enabled',
      prefix: typeof rule.Prefix === 'string' ? rule.Prefix : '',
      ...(expiration !== undefined ? { expirationDays: expiration } : {}),
      ...(noncurrent !== undefined ? { noncurrentExpirationDays: noncurrent } : {}),
    };
  });
}

/** The owner of a bucket, from its ACL answer. */
function ownerOf(acl: Answer | undefined): string | undefined {
  return acl && !acl.error ? nonEmpty(object(object(acl.body).Owner).ID) : undefined;
}

/**
 * A bucket ACL as the canned ACL it amounts to (`private` when only the owner
 * is granted anything), or what it grants to whom.
 */
export function cannedAcl(body: Record<string, unknown>): string {
  const owner = nonEmpty(object(body.Owner).ID);
  const grants = (Array.isArray(body.Grants) ? body.Grants : []).map(object).map((g) => {
    const grantee = object(g.Grantee);
    return { id: nonEmpty(grantee.ID), uri: nonEmpty(grantee.URI) ?? nonEmpty(grantee.Canned), permission: String(g.Permission ?? '?') };
  });
  const to = (group: RegExp) => grants.filter((g) => g.uri !== undefined && group.test(g.uri)).map((g) => g.permission);
  const everyone = to(/(AllUsers|^Everyone)$/);
  if (everyone.length > 0) {
    const perms = new Set(everyone);
    if (perms.has('FULL_CONTROL') || (perms.has('READ') && perms.has('WRITE'))) return 'public-read-write';
    return perms.has('READ') ? 'public-read' : `grants ${[...perms].sort().join(', ')} to everyone`;
  }
  if (to(/AuthenticatedUsers$/).length > 0) return 'authenticated-read';
  if (to(/LogDelivery$/).length > 0) return 'log-delivery-write';
  const others = grants.filter((g) => g.id === undefined || g.id !== owner);
  if (others.length === 0) return 'private';
  return `grants ${others.map((g) => `${g.permission} to ${g.id ? `account ${g.id}` : (g.uri ?? 'an unknown grantee')}`).join(', ')}`;
}

/** The list under `key` of a successful answer; undefined when the answer failed or is malformed. */
function listOf(answer: Answer | undefined, key: string): Array<Record<string, unknown>> | undefined {
  if (!answer || typeof answer.body !== 'object' || answer.body === null || Array.isArray(answer.body)) return undefined;
  const list = (answer.body as Record<string, unknown>)[key];
  if (!Array.isArray(list)) return undefined;
  return list.map(object);
}

/** What went wrong with an answer, and what to do, in one phrase. Never a header, never a credential. */
export function describe(answer: Answer | undefined): string {
  if (!answer) return 'it was not read';
  if (answer.body !== undefined && answer.body !== null && !answer.error) return 'the answer does not have the expected shape';
  const code = answer.error?.code ? ` ${answer.error.code}` : '';
  const status = answer.status !== undefined ? `HTTP ${answer.status}${code}` : 'no answer';
  const tries = answer.attempts > 1 ? ` after ${answer.attempts} attempts` : '';
  const message = answer.error?.message ? ` (${answer.error.message})` : '';
  let hint = '';
  if (answer.status === 401) hint = '; check HW_ACCESS_KEY, HW_SECRET_KEY (and HW_SECURITY_TOKEN) and the machine clock';
  else if (answer.status === 403 && answer.service === 'iam' && answer.method === 'POST') {
    hint = '; check that the agency exists in that account, that it trusts this account, and that this identity may assume it';
  } else if (answer.status === 403 && answer.service === 'organizations') {
    hint = '';
  } else if (answer.status === 403 && answer.service === 'obs') {
    hint =
      '; grant this identity read access to the bucket (OBS ReadOnlyAccess, or a bucket policy allowing its Get actions), or, if the bucket belongs to another account, check it with that account';
  } else if (answer.status === 403) hint = '; grant this identity read access to CTS and SMN in this project';
  else if (answer.status === undefined || answer.status === 429 || answer.status >= 500) hint = '; run the check again later';
  return `${status}${message}${tries}${hint}`;
}

function object(x: unknown): Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {};
}

function strings(x: unknown): string[] {
  return Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
}

function nonEmpty(x: unknown): string | undefined {
  return typeof x === 'string' && x !== '' ? x : undefined;
}
