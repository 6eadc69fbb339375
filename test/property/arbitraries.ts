/**
 * fast-check arbitraries for property-based tests of evaluation.
 *
 * What is generated is a small, plain-data *spec* of the inputs (regions,
 * inputs and their trackers, notifications, topics and subscriptions), which
 * shrinks well and prints readably; `buildInputs` turns it into the loaded
 * inputs a loader would produce for that kind of input, through the element
 * builders of test/evaluate/builders.ts:
 *
 * - `synth` (configuration): references to topics of the same stack, topic
 *   URNs unknown until apply, values from variables with no value, elements
 *   whose region is unknown, subscriptions whose confirmation is not known;
 * - `state`: every value known, topics by URN, subscriptions confirmed or not;
 * - `live` (a snapshot): one scope per region and project, tracker status
 *   `enabled`/`disabled`/`error`, one system tracker and one notification of
 *   a name per region, every subscription confirmed or not, and a complete
 *   topic listing per region (a topic not listed does not exist).
 */
import fc from 'fast-check';
import type { EvaluateOptions } from '../../lib/evaluate';
import type { Verdict } from '../../lib/evaluate/verdict';
import { evaluate } from '../../lib/evaluate';
import {
  CtsConfiguration,
  Element,
  LoadedInput,
  Model,
  Notification,
  NotificationOperation,
  Topic,
  TopicSubscription,
  Tracker,
  Value,
  known,
  mergeInputs,
  ref,
  unknown,
} from '../../lib/model';
import { defaultTable } from '../../lib/policy/bundled';
import { loadControls } from '../../lib/policy/controls';
import { tableEvents } from '../../lib/policy/table';
import type { Waiver } from '../../lib/policy/waivers';
import { PROJECT, configuration, notification, subscription, topic, tracker, urn } from '../evaluate/builders';

export const TABLE = defaultTable();
export const EVENTS = tableEvents(TABLE);
export const SERVICE = TABLE.service;
export const RULES = loadControls();
export const TODAY = '2026-06-15';
export const TOOL = { name: 'cts-audit', version: '0.0.0-property' };

export const REGIONS = ['cn-north-4', 'ap-southeast-1', 'eu-west-101'] as const;
export type Region = (typeof REGIONS)[number];
/** A required region no element lives in. */
export const EMPTY_REGION = 'la-south-2';

export type Kind = 'synth' | 'state' | 'live';
/** Index into the spec's regions (modulo their number), or a region that cannot be known (configuration only). */
export type Where = number | 'unknown';
export type Tri = boolean | 'unknown';

export interface TrackerSpec {
  readonly region: Where;
  /** Configuration and state; `unknown` only in configuration. */
  readonly enabled: Tri;
  /** Live only. */
  readonly status: 'enabled' | 'disabled' | 'error';
  readonly obs: boolean;
  readonly lts: boolean;
  readonly exclude: readonly string[];
}

/** One trace name listed by a notification: an event of the table, maybe misspelt. */
export interface EntrySpec {
  /** Index into EVENTS. */
  readonly event: number;
  /** `case`: the trace name in the wrong case; `resource`: under the wrong resource type; `service`: under `modelarts`. */
  readonly twist: 'none' | 'case' | 'resource' | 'service';
}

/** How a notification or subscription designates its topic. */
export type TopicChoice =
  /** A reference to a topic of the same input (configuration), else that topic's URN. */
  | { readonly kind: 'ref'; readonly topic: number }
  /** The literal URN of a topic of any input. */
  | { readonly kind: 'urn'; readonly topic: number }
  /** The URN of a topic that is in no input. */
  | { readonly kind: 'urn-of-none' }
  | { readonly kind: 'unset' }
  /** A variable with no value (configuration only). */
  | { readonly kind: 'unknown' };

export interface NotificationSpec {
  readonly region: Where;
  readonly name: string;
  /** `unknown` only in configuration. */
  readonly type: 'customized' | 'complete' | 'unknown';
  /** Lists every event of the table (as the constructs do), but those omitted, besides the entries. */
  readonly allEvents: boolean;
  /** Indexes into EVENTS, with allEvents. */
  readonly omit: readonly number[];
  readonly entries: readonly EntrySpec[];
  readonly enabled: Tri;
  readonly filtered: boolean;
  readonly userRestricted: boolean;
  readonly topic: TopicChoice;
}

export interface TopicSpec {
  readonly region: Where;
  readonly name: string;
  /** Subscriptions to this topic (by reference in configuration, else by URN): confirmed or not. */
  readonly subscribers: readonly SubscriptionSpec['confirmed'][];
}

export interface SubscriptionSpec {
  readonly topic: TopicChoice;
  /** Undefined in configuration; always defined live. */
  readonly confirmed: boolean | undefined;
}

/** A CTS configuration: read-only operations of every service, or of the services listed. */
export interface ConfigurationSpec {
  readonly region: Where;
  /** is_support_read_only; `unknown` only in configuration. */
  readonly all: Tri;
  /** support_read_only_services; `unknown` only in configuration. */
  readonly services: readonly string[] | 'unknown';
}

export interface InputSpec {
  readonly kind: Kind;
  readonly trackers: readonly TrackerSpec[];
  readonly configurations: readonly ConfigurationSpec[];
  readonly notifications: readonly NotificationSpec[];
  readonly topics: readonly TopicSpec[];
  readonly subscriptions: readonly SubscriptionSpec[];
}

export interface ModelSpec {
  readonly regions: readonly Region[];
  readonly inputs: readonly InputSpec[];
  /** Pass the regions as `--region` (plus a region nothing lives in when `emptyRegion`). */
  readonly pinRegions: boolean;
  readonly emptyRegion: boolean;
}

export const NOTIFICATION_NAMES = ['cts-audit-modelarts', 'notebook-events', 'all-key-events'] as const;
export const TOPIC_NAMES = ['cts_audit', 'secops'] as const;

/** Restrictions for the differential test: what keeps the reference small. */
export interface Restrictions {
  /** One input, every region known, no two notifications (or topics) of one name in a region, at most one tracker per region. */
  readonly simple: boolean;
}

// ---------------------------------------------------------------------------------------------------------------------
// Arbitraries

const whereArb = (simple: boolean): fc.Arbitrary<Where> =>
  simple
    ? fc.nat({ max: 2 })
    : fc.oneof({ weight: 9, arbitrary: fc.nat({ max: 2 }) }, { weight: 1, arbitrary: fc.constant<'unknown'>('unknown') });

const triArb: fc.Arbitrary<Tri> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(true) },
  { weight: 2, arbitrary: fc.constant(false) },
  { weight: 1, arbitrary: fc.constant<'unknown'>('unknown') },
);

export const trackerArb = (simple = false): fc.Arbitrary<TrackerSpec> =>
  fc.record({
    region: whereArb(simple),
    enabled: fc.oneof(
      { weight: 8, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant<'unknown'>('unknown') },
    ),
    status: fc.oneof(
      { weight: 6, arbitrary: fc.constant<'enabled'>('enabled') },
      { weight: 1, arbitrary: fc.constantFrom<TrackerSpec['status']>('disabled', 'error') },
    ),
    obs: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    lts: fc.boolean(),
    exclude: fc.oneof(
      { weight: 10, arbitrary: fc.constant<string[]>([]) },
      { weight: 1, arbitrary: fc.constant(['DNS']) },
      { weight: 1, arbitrary: fc.constant(['DNS', 'ModelArts']) },
      { weight: 1, arbitrary: fc.constant(['modelarts']) },
    ),
  });

export const entryArb: fc.Arbitrary<EntrySpec> = fc.record({
  event: fc.nat({ max: EVENTS.length - 1 }),
  twist: fc.oneof(
    { weight: 12, arbitrary: fc.constant<'none'>('none') },
    { weight: 1, arbitrary: fc.constantFrom<EntrySpec['twist']>('case', 'resource', 'service') },
  ),
});

export const topicChoiceArb: fc.Arbitrary<TopicChoice> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant<'ref'>('ref'), topic: fc.nat({ max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant<'urn'>('urn'), topic: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant<TopicChoice>({ kind: 'urn-of-none' }) },
  { weight: 1, arbitrary: fc.constant<TopicChoice>({ kind: 'unset' }) },
  { weight: 1, arbitrary: fc.constant<TopicChoice>({ kind: 'unknown' }) },
);

const rarely: fc.Arbitrary<boolean> = fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

export const notificationArb = (simple = false): fc.Arbitrary<NotificationSpec> =>
  fc.record({
    region: whereArb(simple),
    name: fc.constantFrom(...NOTIFICATION_NAMES),
    type: fc.oneof(
      { weight: 8, arbitrary: fc.constant<'customized'>('customized') },
      { weight: 3, arbitrary: fc.constant<'complete'>('complete') },
      { weight: 1, arbitrary: fc.constant<'unknown'>('unknown') },
    ),
    allEvents: fc.oneof({ weight: 2, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    omit: fc.array(fc.nat({ max: EVENTS.length - 1 }), { maxLength: 2 }),
    entries: fc.array(entryArb, { maxLength: 4 }),
    enabled: triArb,
    filtered: rarely,
    userRestricted: rarely,
    topic: topicChoiceArb,
  });

const confirmedArb: fc.Arbitrary<boolean | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(true) },
  { weight: 1, arbitrary: fc.constant(false) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

export const topicArb = (simple = false): fc.Arbitrary<TopicSpec> =>
  fc.record({
    region: whereArb(simple),
    name: fc.constantFrom(...TOPIC_NAMES),
    subscribers: fc.oneof(
      { weight: 4, arbitrary: fc.array(confirmedArb, { minLength: 1, maxLength: 2 }) },
      { weight: 1, arbitrary: fc.constant([]) },
    ),
  });

/** Subscriptions besides those of the topics: to any topic, to none, to one that cannot be known. */
export const subscriptionArb: fc.Arbitrary<SubscriptionSpec> = fc.record({ topic: topicChoiceArb, confirmed: confirmedArb });

export const configurationArb = (simple = false): fc.Arbitrary<ConfigurationSpec> =>
  fc.record({
    region: whereArb(simple),
    all: fc.oneof(
      { weight: 2, arbitrary: fc.constant(true) },
      { weight: 5, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant<'unknown'>('unknown') },
    ),
    services: fc.oneof(
      { weight: 6, arbitrary: fc.constant(['ModelArts']) },
      { weight: 1, arbitrary: fc.constant(['ECS', 'ModelArts']) },
      { weight: 1, arbitrary: fc.constant(['ECS']) },
      { weight: 1, arbitrary: fc.constant(['modelarts']) },
      { weight: 1, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.constant<'unknown'>('unknown') },
    ),
  });

export const inputArb = (simple = false): fc.Arbitrary<InputSpec> =>
  fc.record({
    kind: fc.constantFrom<Kind>('synth', 'state', 'live'),
    trackers: fc.array(trackerArb(simple), { minLength: 1, maxLength: 3 }),
    configurations: fc.oneof(
      { weight: 4, arbitrary: fc.array(configurationArb(simple), { minLength: 1, maxLength: 2 }) },
      { weight: 1, arbitrary: fc.constant([]) },
    ),
    notifications: fc.array(notificationArb(simple), { maxLength: 3 }),
    topics: fc.array(topicArb(simple), { minLength: 1, maxLength: 2 }),
    subscriptions: fc.array(subscriptionArb, { maxLength: 2 }),
  });

/** Models of 1-3 regions and 1-2 inputs. */
export const modelSpecArb = (restrictions: Restrictions = { simple: false }): fc.Arbitrary<ModelSpec> =>
  fc.record({
    regions: fc.shuffledSubarray([...REGIONS], { minLength: 1 }),
    inputs: fc.array(inputArb(restrictions.simple), { minLength: 1, maxLength: restrictions.simple ? 1 : 2 }),
    pinRegions: restrictions.simple ? fc.constant(false) : fc.boolean(),
    emptyRegion: restrictions.simple ? fc.constant(false) : fc.boolean(),
  });

/** Waivers for some events or controls, in a region or not, current or expired. */
export const waiversArb = (regions: readonly string[] = REGIONS): fc.Arbitrary<Waiver[]> =>
  fc.array(
    fc.record(
      {
        id: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...EVENTS.map((e) => `${e.service}/${e.resourceType}/${e.traceName}`)) },
          { weight: 1, arbitrary: fc.constantFrom('tracker-lts-transfer', 'bucket-versioned', 'notification-quota') },
        ),
        region: fc.constantFrom(...regions),
        reason: fc.constant('accepted for the property test (PBT-1)'),
        expires: fc.constantFrom('2027-12-31', '2027-12-31', '2026-01-01'),
      },
      { requiredKeys: ['id', 'reason', 'expires'] },
    ),
    { maxLength: 3 },
  );

// ---------------------------------------------------------------------------------------------------------------------
// From spec to loaded inputs

const TRACE_CASE: Record<string, string> = {};
/** The trace name in the wrong case: `listAllNotebook` for `listallNotebook`, else the first letter upper-cased. */
export function wrongCase(traceName: string): string {
  if (TRACE_CASE[traceName]) return TRACE_CASE[traceName];
  const m = /^(list|get|create|update|delete)(all)?(.*)$/.exec(traceName);
  const out = m && m[2] ? `${m[1]}All${m[3]}` : traceName[0].toUpperCase() + traceName.slice(1);
  return (TRACE_CASE[traceName] = out);
}

/** Another resource type of the table than the event's. */
export function wrongResource(resourceType: string): string {
  return resourceType === 'NotebookApp' ? 'Notebook' : 'NotebookApp';
}

/** The `operations` a notification lists: its events grouped by service and resource type, as CTS lists them. */
export function operationsOf(spec: Pick<NotificationSpec, 'allEvents' | 'omit' | 'entries'>): NotificationOperation[] {
  const all: EntrySpec[] = spec.allEvents
    ? EVENTS.flatMap((_, event) => (spec.omit.includes(event) ? [] : [{ event, twist: 'none' as const }]))
    : [];
  const groups = new Map<string, { service: string; resource: string; traceNames: string[] }>();
  for (const entry of [...all, ...spec.entries]) {
    const event = EVENTS[entry.event % EVENTS.length];
    const service = entry.twist === 'service' ? SERVICE.toLowerCase() : SERVICE;
    const resource = entry.twist === 'resource' ? wrongResource(event.resourceType) : event.resourceType;
    const traceName = entry.twist === 'case' ? wrongCase(event.traceName) : event.traceName;
    const key = `${service}/${resource}`;
    const group = groups.get(key) ?? { service, resource, traceNames: [] };
    if (!group.traceNames.includes(traceName)) group.traceNames.push(traceName);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** What an element is built from besides its spec. */
export interface BuildContext {
  readonly kind: Kind;
  /** The input's index: names its file. */
  readonly index: number;
  readonly regions: readonly string[];
}

export const fileOf = (kind: Kind, index: number): string =>
  kind === 'synth' ? `stacks/audit${index}/cdk.tf.json` : kind === 'state' ? `state${index}.json` : `live${index}.json`;

const regionOf = (where: Where, ctx: BuildContext): string | undefined =>
  where === 'unknown'
    ? ctx.kind === 'live' || ctx.kind === 'state'
      ? ctx.regions[0]
      : undefined
    : ctx.regions[where % ctx.regions.length];

const regionValue = (region: string | undefined): Value<string> =>
  region === undefined ? unknown('var.region has no value; pass --var region=<region>') : known(region);

/** The base of an element of an input: scope, file, input kind, region and, live, the project. */
function placed(ctx: BuildContext, region: string | undefined) {
  const file = fileOf(ctx.kind, ctx.index);
  const scope = ctx.kind === 'live' ? `live:${region}/${PROJECT}` : file;
  return {
    scope,
    input: ctx.kind,
    source: { file },
    region: regionValue(region),
    ...(ctx.kind === 'live' ? { project: PROJECT } : {}),
  };
}

const fromTri = (t: Tri, ctx: BuildContext, what: string): Value<boolean> =>
  t === 'unknown' ? (ctx.kind === 'synth' ? unknown(`var.${what} has no value; pass --var ${what}=<value>`) : known(true)) : known(t);

export function buildTracker(spec: TrackerSpec, i: number, ctx: BuildContext): Tracker {
  const region = regionOf(spec.region, ctx);
  const live = ctx.kind === 'live';
  return tracker({
    ...placed(ctx, region),
    address: live ? 'cts/tracker/system' : `huaweicloud_cts_tracker.t${i}`,
    enabled: live ? known(spec.status !== 'disabled') : fromTri(spec.enabled, ctx, 'tracker_enabled'),
    ...(live ? { status: spec.status, ...(spec.status === 'error' ? { detail: 'bucketPolicyError' } : {}) } : {}),
    bucketName: known(spec.obs ? `cts-traces-${region ?? 'x'}` : undefined),
    ltsEnabled: known(spec.lts),
    excludeServices: known([...spec.exclude]),
  });
}

export function buildConfiguration(spec: ConfigurationSpec, i: number, ctx: BuildContext): CtsConfiguration {
  const region = regionOf(spec.region, ctx);
  const live = ctx.kind === 'live';
  return configuration({
    ...placed(ctx, region),
    address: live ? 'cts/configuration' : `huaweicloud_cts_configuration.c${i}`,
    readOnlyAll:
      spec.all === 'unknown'
        ? ctx.kind === 'synth'
          ? unknown('var.read_only_all has no value; pass --var read_only_all=<value>')
          : known(false)
        : known(spec.all),
    readOnlyServices:
      spec.services === 'unknown'
        ? ctx.kind === 'synth'
          ? unknown('var.read_only_services has no value; pass --var read_only_services=<value>')
          : known(['ModelArts'])
        : known([...spec.services]),
  });
}

/** A topic as an input of this kind shows it: its URN known (state, live) or known only after apply (configuration). */
export function buildTopic(spec: TopicSpec, i: number, ctx: BuildContext): Topic {
  const region = regionOf(spec.region, ctx);
  const live = ctx.kind === 'live';
  return topic({
    ...placed(ctx, region),
    address: live ? `smn/topic/${spec.name}` : `huaweicloud_smn_topic.t${i}`,
    name: known(spec.name),
    urn: ctx.kind === 'synth' ? unknown('topic_urn is known only after apply') : known(urn(spec.name, region)),
  });
}

/** The URN of a built topic: its own, or the one it will have. */
export function urnOfTopic(t: Topic): string {
  if (t.urn.kind === 'known') return t.urn.value;
  const region = t.region.kind === 'known' ? t.region.value : REGIONS[0];
  return urn(t.name.kind === 'known' ? t.name.value : 'unnamed', region);
}

const NO_TOPIC = 'no_such_topic';

/** The value of a topic choice, with the topics of the same input and of every input. */
function topicValue(
  choice: TopicChoice,
  ctx: BuildContext,
  own: readonly Topic[],
  all: readonly Topic[],
  region: string | undefined,
): Value<string | undefined> {
  switch (choice.kind) {
    case 'ref': {
      const t = own[choice.topic % Math.max(own.length, 1)];
      if (!t) return topicValue({ kind: 'urn', topic: choice.topic }, ctx, own, all, region);
      return ctx.kind === 'synth' ? ref(t.address, 'topic_urn', `\${${t.address}.topic_urn}`) : known(urnOfTopic(t));
    }
    case 'urn': {
      const t = all[choice.topic % Math.max(all.length, 1)];
      return known(t ? urnOfTopic(t) : urn(NO_TOPIC, region ?? ctx.regions[0]));
    }
    case 'urn-of-none':
      return known(urn(NO_TOPIC, region ?? ctx.regions[0]));
    case 'unset':
      return known(undefined);
    case 'unknown':
      return ctx.kind === 'synth'
        ? unknown('var.topic_urn has no value; pass --var topic_urn=<value>')
        : known(urn(NO_TOPIC, region ?? ctx.regions[0]));
  }
}

export function buildNotification(
  spec: NotificationSpec,
  i: number,
  ctx: BuildContext,
  own: readonly Topic[],
  all: readonly Topic[],
): Notification {
  const region = regionOf(spec.region, ctx);
  const live = ctx.kind === 'live';
  const type = spec.type === 'unknown' && ctx.kind !== 'synth' ? 'customized' : spec.type;
  return notification({
    ...placed(ctx, region),
    address: live ? `cts/notification/${spec.name}` : `huaweicloud_cts_notification.n${i}`,
    name: known(spec.name),
    enabled: fromTri(spec.enabled, ctx, 'notification_enabled'),
    operationType: type === 'unknown' ? unknown('var.operation_type has no value; pass --var operation_type=<value>') : known(type),
    operations: known(type === 'complete' ? [] : operationsOf(spec)),
    topic: topicValue(spec.topic, ctx, own, all, region),
    filtered: known(spec.filtered),
    userRestricted: known(spec.userRestricted),
  });
}

export function buildSubscription(
  spec: SubscriptionSpec,
  i: number,
  ctx: BuildContext,
  own: readonly Topic[],
  all: readonly Topic[],
): TopicSubscription {
  // Only configuration can leave a subscription's topic unset or unknown: state and live always know topic_urn.
  const choice: TopicChoice =
    ctx.kind !== 'synth' && (spec.topic.kind === 'unset' || spec.topic.kind === 'unknown') ? { kind: 'urn-of-none' } : spec.topic;
  const value = topicValue(choice, ctx, own, all, undefined);
  const topicUrn: Value<string> =
    value.kind === 'known' ? (value.value === undefined ? unknown('topic_urn is not set') : known(value.value)) : value;
  const parsed = topicUrn.kind === 'known' ? /^urn:smn:([^:]+):/.exec(topicUrn.value) : null;
  const target = spec.topic.kind === 'ref' ? own[spec.topic.topic % Math.max(own.length, 1)] : undefined;
  const region = parsed
    ? parsed[1]
    : target && target.region.kind === 'known'
      ? target.region.value
      : ctx.kind === 'synth'
        ? undefined
        : ctx.regions[0];
  const live = ctx.kind === 'live';
  const confirmed = ctx.kind === 'synth' ? undefined : live ? spec.confirmed !== false : spec.confirmed;
  return subscription({
    ...placed(ctx, region),
    address: live ? `smn/subscription/${topicUrn.kind === 'known' ? topicUrn.value : '?'}#${i}` : `huaweicloud_smn_subscription.s${i}`,
    topic: topicUrn,
    ...(confirmed === undefined ? {} : { confirmed }),
  });
}

/** Keeps the first element of each key. */
function firstOf<T>(list: readonly T[], keyOf: (t: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((t) => {
    const k = keyOf(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const regionKey = (e: Element): string => (e.region.kind === 'known' ? e.region.value : `?${e.address}`);
const nameKey = (v: Value<string>): string => (v.kind === 'known' ? v.value : '?');

/**
 * The loaded inputs of a spec. Live inputs hold one system tracker, one
 * notification and one topic of a name per region; `simple` applies the same
 * to every input (the differential test's restriction).
 */
export function buildInputs(spec: ModelSpec, restrictions: Restrictions = { simple: false }): LoadedInput[] {
  const contexts = spec.inputs.map((input, index): BuildContext => ({ kind: input.kind, index, regions: spec.regions }));
  const dedupe = (ctx: BuildContext) => ctx.kind === 'live' || restrictions.simple;
  const topics = spec.inputs.map((input, k) => {
    const built = input.topics.map((t, i) => ({ spec: t, element: buildTopic(t, i, contexts[k]) }));
    return dedupe(contexts[k]) ? firstOf(built, (t) => `${regionKey(t.element)}/${nameKey(t.element.name)}`) : built;
  });
  const allTopics = topics.flat().map((t) => t.element);
  return spec.inputs.map((input, k) => {
    const ctx = contexts[k];
    const own = topics[k].map((t) => t.element);
    let trackers = input.trackers.map((t, i) => buildTracker(t, i, ctx));
    let configurations = input.configurations.map((c, i) => buildConfiguration(c, i, ctx));
    let notifications = input.notifications.map((n, i) => buildNotification(n, i, ctx, own, allTopics));
    if (dedupe(ctx)) {
      trackers = firstOf(trackers, regionKey);
      configurations = firstOf(configurations, regionKey);
      notifications = firstOf(notifications, (n) => `${regionKey(n)}/${nameKey(n.name)}`);
    }
    const ofTopics = topics[k].flatMap((t, j) =>
      t.spec.subscribers.map((confirmed): SubscriptionSpec => ({ topic: { kind: 'ref', topic: j }, confirmed })),
    );
    const subscriptions = [...ofTopics, ...input.subscriptions].map((s, i) => buildSubscription(s, i, ctx, own, allTopics));
    const elements: Element[] = [...trackers, ...configurations, ...notifications, ...own, ...subscriptions];
    return {
      file: fileOf(ctx.kind, k),
      kind: ctx.kind,
      elements,
      diagnostics: [],
      ...(ctx.kind === 'live'
        ? { topicListings: Object.fromEntries(spec.regions.map((r) => [`${r}\u0000${PROJECT}`, true as const])) }
        : {}),
    };
  });
}

export function buildModel(spec: ModelSpec, restrictions: Restrictions = { simple: false }): Model {
  return mergeInputs(buildInputs(spec, restrictions));
}

/** The `--region` option of a spec, if it pins regions. */
export function requiredRegions(spec: ModelSpec): string[] | undefined {
  return spec.pinRegions ? [...spec.regions, ...(spec.emptyRegion ? [EMPTY_REGION] : [])] : undefined;
}

export function check(model: Model, options: Partial<EvaluateOptions> = {}): Verdict {
  return evaluate(model, { tables: [TABLE], rules: RULES, today: TODAY, tool: TOOL, ...options });
}

/** `region|event id` → status. */
export function statuses(v: Verdict): Map<string, string> {
  return new Map(v.events.map((e) => [`${e.region}|${e.id}`, e.status]));
}

export const eventId = (e: { service: string; resourceType: string; traceName: string }): string =>
  `${e.service}/${e.resourceType}/${e.traceName}`;
