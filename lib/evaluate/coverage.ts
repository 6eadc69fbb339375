/**
 * Event coverage: is an event of a table recorded by a tracker and notified
 * by a notification in a region? Pure functions of the model.
 *
 * Each question is answered per element first (this tracker, this
 * notification), then combined: any proof of coverage wins; failing that,
 * anything the checker cannot see makes the answer unknown; only when
 * every candidate is proven not to cover is the answer no.
 */
import { CtsConfiguration, Element, Notification, Topic, TopicSubscription, Tracker, Value } from '../model';
import type { TracedEvent } from '../policy/table';
import { nonAsciiCharacters } from './lookalike';
import { Resolver, namingAttributes, topicProject } from './resolve';
import type { Location, NotifiedState, Tri } from './verdict';

/** An answer with its reasons and the elements it rests on. */
export interface Judgement<S extends string> {
  readonly state: S;
  readonly reasons: string[];
  readonly locations: Location[];
  readonly nearMisses: string[];
}

type Candidate<S extends string> = { state: S; reason: string; locations: Location[] };

/**
 * Where events are judged: a region and, for live inputs, a project (and the
 * account, for accounts read through an agency). An element of another
 * project or account is elsewhere; an element whose project is not known
 * (configuration) counts for every project of its region.
 */
export interface Place {
  readonly region: string;
  readonly project?: string;
  readonly account?: string;
}

/** The region of an element in a required region: `yes`, `no` (elsewhere) or `unknown`. */
export function inRegion(e: Element, place: string | Place, resolver: Resolver): { state: Tri; reason?: string } {
  const { region, project, account } = typeof place === 'string' ? { region: place, project: undefined, account: undefined } : place;
  if (project !== undefined && e.project !== undefined && e.project !== project) return { state: 'no' };
  if (account !== undefined && e.account !== undefined && e.account !== account) return { state: 'no' };
  const r = resolver.region(e);
  if (r.kind === 'known') return { state: r.value === region ? 'yes' : 'no' };
  return { state: 'unknown', reason: `the region of ${e.address} is unknown: ${reasonOf(r)}` };
}

/** Is the service recorded in the region? */
export function recorded(place: string | Place, service: string, trackers: readonly Tracker[], resolver: Resolver): Judgement<Tri> {
  const region = typeof place === 'string' ? place : place.region;
  return singleton(
    place,
    trackers,
    resolver,
    (t) => judgeTracker(t, service, resolver),
    { what: 'system tracker', would: 'would record it' },
    () => ({
      state: 'no',
      reasons: [`no CTS system tracker in ${region}: nothing records ${service} operations`],
      locations: [],
      nearMisses: [],
    }),
  );
}

/**
 * Judges a resource CTS has one of per region and project (the system
 * tracker, the configuration). Every copy in the place (a plan and a state,
 * say, or two resources that both manage it: the last applied wins) must
 * prove it: the worst decides. One whose region is unknown may be this
 * place's too: it cannot take the proof away, but it makes it unknown.
 */
function singleton<E extends Element>(
  place: string | Place,
  elements: readonly E[],
  resolver: Resolver,
  judge: (e: E) => { state: Tri; reason: string },
  words: { what: string; would: string },
  none: () => Judgement<Tri>,
): Judgement<Tri> {
  const region = typeof place === 'string' ? place : place.region;
  const here: Array<Candidate<Tri> & { identity: string }> = [];
  const maybe: Array<Candidate<Tri> & { identity: string; judged: Tri; whereReason: string }> = [];
  for (const e of elements) {
    const where = inRegion(e, place, resolver);
    if (where.state === 'no') continue;
    const judged = judge(e);
    // One whose region is unknown, or that may not exist, may or may not be this place's.
    const doubt = where.state === 'unknown' ? (where.reason ?? '') : e.mayNotExist ? `it may not exist: ${e.mayNotExist}` : undefined;
    if (doubt === undefined) {
      // The project judged, not the element's: a configuration copy (no project) and a live copy are one.
      here.push({ identity: `${words.what}@${region}/${projectOf(place)}`, ...judged, locations: [loc(e)] });
    } else {
      const reason = judged.state === 'yes' ? `${e.address} ${words.would}, but ${doubt}` : judged.reason;
      maybe.push({
        identity: `${e.scope}\u0000${e.address}`,
        state: judged.state === 'yes' ? 'unknown' : judged.state,
        reason,
        locations: [loc(e)],
        judged: judged.state,
        whereReason: doubt,
      });
    }
  }
  if (here.length === 0 && maybe.length === 0) return none();
  if (here.length === 0) return combine(maybe, ['yes', 'unknown', 'no']);
  const [decided] = worstPerIdentity(here, ['no', 'unknown', 'yes']);
  const spoiler = decided.state === 'yes' ? maybe.find((m) => m.judged !== 'yes') : undefined;
  if (spoiler) {
    const address = spoiler.locations[0].address;
    return {
      state: 'unknown',
      reasons: [
        `${decided.reason}, but ${address} may be the ${words.what} of ${region} too (${spoiler.whereReason}), and ${spoiler.reason}`,
      ],
      locations: [...spoiler.locations, ...decided.locations],
      nearMisses: [],
    };
  }
  if (decided.state === 'yes') return { state: 'yes', reasons: [decided.reason], locations: decided.locations, nearMisses: [] };
  // Not proven here: one whose region is unknown may still be the one that holds it, or say why not too.
  return combine([decided, ...maybe], ['yes', 'unknown', 'no']);
}

/**
 * Copies of one resource seen in several inputs (the plan and the state of
 * the same stack) must all prove coverage: the worst copy speaks for it, so
 * a stale state cannot vouch for what a plan is about to disable.
 */
function worstPerIdentity<S extends string>(
  candidates: Array<Candidate<S> & { identity: string }>,
  worstFirst: readonly S[],
): Candidate<S>[] {
  const groups = new Map<string, Array<Candidate<S>>>();
  for (const c of candidates) groups.set(c.identity, [...(groups.get(c.identity) ?? []), c]);
  return [...groups.values()].map((copies) => {
    for (const state of worstFirst) {
      const worst = copies.filter((c) => c.state === state);
      if (worst.length > 0) {
        // The copy that decides is cited first.
        const others = copies.filter((c) => c.state !== state);
        return { state, reason: worst.map((c) => c.reason).join('; '), locations: [...worst, ...others].flatMap((c) => c.locations) };
      }
    }
    return copies[0];
  });
}

function projectOf(place: string | Place): string {
  return typeof place === 'string' ? '' : (place.project ?? '');
}

function judgeTracker(t: Tracker, service: string, resolver: Resolver): { state: Tri; reason: string } {
  const name = t.address;
  if (t.status === 'error') {
    return {
      state: 'no',
      reason: `tracker ${name} is in error${t.detail ? ` (${t.detail})` : ''}: CTS is not delivering traces; fix the cause in the CTS console`,
    };
  }
  if (t.status === 'disabled') return { state: 'no', reason: `tracker ${name} is disabled: it records nothing` };
  const enabled = resolver.value(t.enabled, t.scope);
  if (enabled.kind !== 'known') return { state: 'unknown', reason: `whether ${name} is enabled is unknown: ${reasonOf(enabled)}` };
  if (!enabled.value) return { state: 'no', reason: `tracker ${name} is disabled (enabled = false): it records nothing` };
  const excluded = resolver.value(t.excludeServices, t.scope);
  if (excluded.kind !== 'known') return { state: 'unknown', reason: `the services ${name} excludes are unknown: ${reasonOf(excluded)}` };
  // Compared without case: a false "not excluded" would be a false pass.
  if (excluded.value.some((x) => x.toLowerCase() === service.toLowerCase())) {
    return { state: 'no', reason: `tracker ${name} excludes service ${service} (exclude_service): its operations are not recorded` };
  }
  const obs = isSet(t.bucketName, t.scope, resolver);
  const lts = resolver.value(t.ltsEnabled, t.scope);
  if (obs.state === 'yes' || (lts.kind === 'known' && lts.value)) return { state: 'yes', reason: `recorded by ${name}` };
  if (obs.state === 'unknown') return { state: 'unknown', reason: `where ${name} transfers traces is unknown: ${obs.reason}` };
  if (lts.kind !== 'known') return { state: 'unknown', reason: `whether ${name} transfers traces to LTS is unknown: ${reasonOf(lts)}` };
  return { state: 'no', reason: `tracker ${name} transfers traces nowhere: set bucket_name (OBS) or lts_enabled` };
}

/**
 * Are the service's read-only operations reported in the place? CTS records
 * a read-only operation (a query) only where its configuration reports
 * read-only audit logs: of every service (`is_support_read_only`), or of the
 * services it lists (`support_read_only_services`, exact names). One
 * configuration per project: every copy in the inputs must report it.
 */
export function readOnlyReported(
  place: string | Place,
  service: string,
  configurations: readonly CtsConfiguration[],
  resolver: Resolver,
): Judgement<Tri> {
  const region = typeof place === 'string' ? place : place.region;
  const nearMisses: string[] = [];
  const judged = singleton(
    place,
    configurations,
    resolver,
    (c) => {
      const j = judgeConfiguration(c, service, resolver);
      if (j.nearMiss) nearMisses.push(j.nearMiss);
      return j;
    },
    { what: 'CTS configuration', would: 'would report them' },
    () => ({
      state: 'unknown',
      reasons: [
        `it is a read-only operation, and no CTS configuration in the inputs says whether ${region} reports read-only operations of ${service} (CTS records them only where read-only audit logs are on for the service); add a huaweicloud_cts_configuration with "${service}" in support_read_only_services (or is_support_read_only = true) to the inputs, or check the account with --live`,
      ],
      locations: [],
      nearMisses: [],
    }),
  );
  return { ...judged, nearMisses: judged.state === 'yes' ? [] : unique(nearMisses) };
}

function judgeConfiguration(c: CtsConfiguration, service: string, resolver: Resolver): { state: Tri; reason: string; nearMiss?: string } {
  const name = c.address;
  if (c.unreadable) return { state: 'unknown', reason: `it is a read-only operation, and ${c.unreadable}` };
  const all = resolver.value(c.readOnlyAll, c.scope);
  if (all.kind !== 'known') {
    return {
      state: 'unknown',
      reason: `it is a read-only operation, and whether ${name} reports read-only operations of every service is unknown: ${reasonOf(all)}`,
    };
  }
  if (all.value) return { state: 'yes', reason: `read-only operations of every service are reported (${name}: is_support_read_only)` };
  const services = resolver.value(c.readOnlyServices, c.scope);
  if (services.kind !== 'known') {
    return {
      state: 'unknown',
      reason: `it is a read-only operation, and the services ${name} reports read-only operations of are unknown: ${reasonOf(services)}`,
    };
  }
  if (services.value.includes(service)) {
    return { state: 'yes', reason: `read-only operations of ${service} are reported (${name}: support_read_only_services)` };
  }
  const close = services.value.find((s) => s.toLowerCase() === service.toLowerCase());
  const listed = services.value.length === 0 ? 'no service' : services.value.map((s) => `"${s}"`).join(', ');
  return {
    state: 'no',
    reason: `it is a read-only operation, and ${name} reports read-only operations of ${listed} only (is_support_read_only = false): CTS does not record it; add "${service}" to support_read_only_services`,
    ...(close
      ? {
          nearMiss: `${name} lists "${close}" in support_read_only_services, which differs from "${service}" only by case; service names are case-sensitive`,
        }
      : {}),
  };
}

/**
 * Is a value set? A reference to the attribute of an element of the inputs
 * that names it (a bucket's `bucket` or `id`, a key's `id`) counts as set,
 * unless the element may not exist.
 */
export function isSet(v: Value<string | undefined>, scope: string, resolver: Resolver): { state: Tri; reason?: string } {
  const target = v.kind === 'ref' ? resolver.element(scope, v.address) : undefined;
  if (target && v.kind === 'ref' && namingAttributes(target).includes(v.attribute)) {
    if (target.mayNotExist) return { state: 'unknown', reason: `${target.address} may not exist: ${target.mayNotExist}` };
    return { state: 'yes' };
  }
  const resolved = resolver.value(v, scope);
  if (resolved.kind === 'known') return { state: resolved.value ? 'yes' : 'no' };
  return { state: 'unknown', reason: reasonOf(resolved) };
}

/** Is the event notified in the region, for every occurrence? */
export function notified(
  place: string | Place,
  event: TracedEvent,
  notifications: readonly Notification[],
  resolver: Resolver,
  tableEvents: ReadonlySet<string>,
  everywhere: readonly Notification[] = notifications,
): Judgement<NotifiedState> {
  const region = typeof place === 'string' ? place : place.region;
  const candidates: Array<Candidate<NotifiedState> & { identity: string }> = [];
  const listing = new Set<string>();
  const byIdentity = new Map<string, Notification[]>();
  for (const n of notifications) {
    const where = inRegion(n, place, resolver);
    if (where.state === 'no') continue;
    const name = resolver.value(n.name, n.scope);
    // Notification names are unique in a region: copies of one name in several inputs are one notification.
    const identity =
      where.state === 'yes' && name.kind === 'known'
        ? `notification@${region}/${projectOf(place)}:${name.value}`
        : `${n.scope}\u0000${n.address}`;
    byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), n]);
    const judged = judgeNotification(n, event, resolver);
    if (judged === undefined) continue;
    listing.add(identity);
    if (where.state === 'unknown' && judged.state !== 'no') {
      candidates.push({
        identity,
        state: 'unknown',
        reason: `${n.address} would notify it, but ${where.reason}`,
        locations: judged.locations,
      });
    } else {
      candidates.push({ identity, ...judged });
    }
  }
  // A copy that does not list the event (a plan that removes it) speaks for the notification too.
  for (const identity of listing) {
    for (const n of byIdentity.get(identity) ?? []) {
      if (!candidates.some((c) => c.identity === identity && c.locations.some((l) => l.scope === n.scope && l.address === n.address))) {
        candidates.push({ identity, state: 'no', reason: `${n.address} in ${n.source.file} does not list it`, locations: [loc(n)] });
      }
    }
  }
  const judged = worstPerIdentity(candidates, ['no', 'unknown', 'partial', 'yes']);
  const listed = judged.filter((c) => c.state !== 'no');
  const result = listed.length > 0 ? combine(listed, ['yes', 'unknown', 'partial', 'no']) : undefined;
  if (result?.state === 'yes') return { ...result, nearMisses: [] };
  // Near misses are looked for everywhere (the right name in another region is one), and only when they are shown.
  const close = closeMatches(place, event, everywhere, resolver, tableEvents);
  const nearMisses = [...judged.filter((c) => c.state === 'no').map((c) => c.reason), ...close.map((c) => c.message)];
  if (!result) {
    const id = `${event.service}/${event.resourceType}/${event.traceName}`;
    return {
      state: 'no',
      reasons: [`no enabled notification in ${region} sends ${id} to a subscribed topic`],
      locations: [...judged.flatMap((c) => c.locations), ...close.map((c) => c.location)],
      nearMisses: unique(nearMisses),
    };
  }
  return { ...result, nearMisses: unique(nearMisses) };
}

/**
 * How one notification stands to an event; undefined when it does not list
 * it at all (and so is not a candidate).
 */
function judgeNotification(n: Notification, event: TracedEvent, resolver: Resolver): Candidate<NotifiedState> | undefined {
  const name = n.address;
  const locations = [loc(n)];
  const type = resolver.value(n.operationType, n.scope);
  if (type.kind !== 'known') return { state: 'unknown', reason: `the operation_type of ${name} is unknown: ${reasonOf(type)}`, locations };
  if (type.value === 'customized') {
    const ops = resolver.value(n.operations, n.scope);
    if (ops.kind !== 'known') return { state: 'unknown', reason: `the operations of ${name} are unknown: ${reasonOf(ops)}`, locations };
    const lists = ops.value.some(
      (op) => op.service === event.service && op.resource === event.resourceType && op.traceNames.includes(event.traceName),
    );
    if (!lists && n.moreOperations) return { state: 'unknown', reason: `${name} may list it: ${n.moreOperations}`, locations };
    if (!lists) return undefined;
  } else if (type.value !== 'complete') {
    return undefined;
  }
  const enabled = resolver.value(n.enabled, n.scope);
  if (enabled.kind !== 'known') {
    return { state: 'unknown', reason: `whether ${name} is enabled is unknown: ${reasonOf(enabled)}`, locations };
  }
  if (!enabled.value) return { state: 'no', reason: `${name} would notify it but is disabled`, locations };
  if (n.mayNotExist) return { state: 'unknown', reason: `${name} would notify it, but it may not exist: ${n.mayNotExist}`, locations };
  if (n.functionUrn) {
    return {
      state: 'no',
      reason: `${name} would notify it, but through FunctionGraph function ${n.functionUrn}, not an SMN topic with subscribers`,
      locations,
    };
  }

  const topic = resolver.topic(n.topic, n.scope);
  if (topic.kind === 'none') return { state: 'no', reason: `${name} would notify it but ${topic.reason}`, locations };
  if (topic.kind === 'unknown') return { state: 'unknown', reason: `${name} lists it, but ${topic.reason}`, locations };
  const topicLoc = loc(topic.topic);
  // A topic URN names its project: nothing documents CTS notifying another project's topic.
  const topicProjectId = topicProject(topic.topic);
  if (n.project !== undefined && topicProjectId !== undefined && topicProjectId !== n.project) {
    return {
      state: 'unknown',
      reason: `${name} lists it, but its topic ${topic.topic.address} is in project ${topicProjectId}, not ${n.project}: CTS is not documented to notify another project's topic; use a topic of project ${n.project}`,
      locations: [...locations, topicLoc],
    };
  }
  if (topic.topic.mayNotExist) {
    return {
      state: 'unknown',
      reason: `${name} lists it, but its topic ${topic.topic.address} may not exist: ${topic.topic.mayNotExist}`,
      locations: [...locations, topicLoc],
    };
  }
  const ofTopic = resolver.subscriptions(topic.key);
  const delivery = deliveryOf(ofTopic, topic.topic, resolver);
  const subscriptions = delivery.certain;
  const unreadable = ofTopic.find((s) => s.unreadable);
  if (subscriptions.length === 0 && unreadable) {
    return { state: 'unknown', reason: `${name} lists it, but ${unreadable.unreadable}`, locations: [...locations, topicLoc] };
  }
  if (subscriptions.length === 0 && delivery.doubt) {
    return {
      state: 'unknown',
      reason: `${name} lists it, but the only subscription of its topic ${topic.topic.address}, ${delivery.doubt.subscription.address}, ${delivery.doubt.why}`,
      locations: [...locations, topicLoc, loc(delivery.doubt.subscription)],
    };
  }
  if (subscriptions.length === 0) {
    const undecided = resolver.subscriptionsOfUnknownTopic(topic.topic);
    if (undecided.length > 0) {
      return {
        state: 'unknown',
        reason: `${name} lists it and its topic ${topic.topic.address} has no known subscription, but the topic of ${undecided[0].address} cannot be determined (${undecided[0].reason})`,
        locations: [...locations, topicLoc],
      };
    }
    const why =
      delivery.lost.length > 0
        ? `no subscription that delivers (${delivery.lost.join('; ')})`
        : ofTopic.length > 0
          ? 'no confirmed subscription'
          : 'no subscription';
    return {
      state: 'no',
      reason: `${name} would notify it but its topic ${topic.topic.address} has ${why}: no one receives it`,
      locations: [...locations, topicLoc, ...delivery.lostLocations],
    };
  }
  const all = [...locations, topicLoc, ...subscriptions.map(loc)];
  // CTS key event notifications are regional; nothing documents delivery to another region's topic.
  const ownRegion = resolver.region(n);
  const topicRegion = resolver.region(topic.topic);
  if (topicRegion.kind !== 'known') {
    return {
      state: 'unknown',
      reason: `${name} lists it, but the region of its topic ${topic.topic.address} is unknown: ${reasonOf(topicRegion)}`,
      locations: all,
    };
  }
  if (ownRegion.kind === 'known' && topicRegion.value !== ownRegion.value) {
    return {
      state: 'unknown',
      reason: `${name} lists it, but its topic ${topic.topic.address} is in ${topicRegion.value}, not ${ownRegion.value}: CTS is not documented to notify another region's topic; use a topic in ${ownRegion.value}`,
      locations: all,
    };
  }
  const filtered = resolver.value(n.filtered, n.scope);
  const restricted = resolver.value(n.userRestricted, n.scope);
  if (filtered.kind !== 'known') {
    return { state: 'unknown', reason: `whether ${name} has a filter is unknown: ${reasonOf(filtered)}`, locations: all };
  }
  if (restricted.kind !== 'known') {
    return { state: 'unknown', reason: `whether ${name} is restricted to some users is unknown: ${reasonOf(restricted)}`, locations: all };
  }
  if (filtered.value) return { state: 'partial', reason: `${name} has a filter: only occurrences matching it notify`, locations: all };
  if (restricted.value) {
    return { state: 'partial', reason: `${name} is restricted by operation_users: only those users' operations notify`, locations: all };
  }
  if (delivery.partial) {
    return {
      state: 'partial',
      reason: `${name} lists it, but ${delivery.partial}: only messages matching their filters reach them`,
      locations: all,
    };
  }
  if (delivery.unsure) return { state: 'unknown', reason: `${name} lists it, but ${delivery.unsure}`, locations: all };
  return { state: 'yes', reason: `notified by ${name} to ${topic.topic.address}`, locations: all };
}

/**
 * Who a topic's subscriptions deliver to. `certain`: those that deliver
 * (confirmed, read, existing, not cancelled, in the topic's region);
 * `partial` when every one of them is filtered, `unsure` when none is known
 * unfiltered; `doubt`: the first that may deliver but is not proven to;
 * `lost`: why the others deliver nothing.
 */
function deliveryOf(
  ofTopic: readonly TopicSubscription[],
  topic: Topic,
  resolver: Resolver,
): {
  certain: TopicSubscription[];
  partial?: string;
  unsure?: string;
  doubt?: { subscription: TopicSubscription; why: string };
  lost: string[];
  lostLocations: Location[];
} {
  const certain: TopicSubscription[] = [];
  const lost: string[] = [];
  const lostLocations: Location[] = [];
  let doubt: { subscription: TopicSubscription; why: string } | undefined;
  const filters: Array<{ filtered?: string; mayBeFiltered?: string }> = [];
  const topicRegion = resolver.region(topic);
  for (const s of ofTopic) {
    if (s.unreadable || s.confirmed === false) continue;
    const changes = resolver.changesOf(s);
    // SMN creates a subscription in the region of the provider that asks: another region's topic is not there.
    const region = resolver.region(s);
    if (region.kind === 'known' && topicRegion.kind === 'known' && region.value !== topicRegion.value) {
      lost.push(`${s.address} is created in ${region.value}, not in ${topicRegion.value} where the topic is, and SMN would refuse it`);
      lostLocations.push(loc(s));
    } else if (changes.cancelled) {
      lost.push(`${s.address} is cancelled: ${changes.cancelled}`);
      lostLocations.push(loc(s));
    } else if (s.mayNotExist) {
      doubt ??= { subscription: s, why: `may not exist: ${s.mayNotExist}` };
    } else if (changes.mayBeCancelled) {
      doubt ??= { subscription: s, why: `may be cancelled: ${changes.mayBeCancelled}` };
    } else if (region.kind !== 'known' && topicRegion.kind === 'known') {
      doubt ??= { subscription: s, why: `may be in another region than its topic: ${reasonOf(region)}` };
    } else {
      certain.push(s);
      filters.push(changes);
    }
  }
  if (certain.length === 0) return { certain, lost, lostLocations, ...(doubt ? { doubt } : {}) };
  if (filters.some((f) => !f.filtered && !f.mayBeFiltered)) return { certain, lost, lostLocations };
  const unsure = filters.find((f) => !f.filtered && f.mayBeFiltered);
  if (unsure) return { certain, lost, lostLocations, unsure: `whether its subscribers are filtered is unknown: ${unsure.mayBeFiltered}` };
  return {
    certain,
    lost,
    lostLocations,
    partial: `every subscriber of its topic ${topic.address} is filtered (${filters.map((f) => f.filtered).join('; ')})`,
  };
}

/** Trace names that are close to the event's: wrong case, a typo, the wrong resource type or service, another region. */
function closeMatches(
  place: string | Place,
  event: TracedEvent,
  notifications: readonly Notification[],
  resolver: Resolver,
  tableEvents: ReadonlySet<string>,
): Array<{ message: string; location: Location }> {
  const region = typeof place === 'string' ? place : place.region;
  const out: Array<{ message: string; location: Location }> = [];
  const want = event.traceName;
  for (const n of notifications) {
    const ops = resolver.value(n.operations, n.scope);
    if (ops.kind !== 'known') continue;
    if (typeof place !== 'string' && place.project !== undefined && n.project !== undefined && n.project !== place.project) continue;
    if (typeof place !== 'string' && place.account !== undefined && n.account !== undefined && n.account !== place.account) continue;
    const where = inRegion(n, region, resolver);
    for (const op of ops.value) {
      for (const name of op.traceNames) {
        const sameService = op.service === event.service;
        const sameResource = op.resource === event.resourceType;
        if (name === want && sameService && sameResource) {
          if (where.state === 'no') {
            const other = resolver.region(n);
            out.push({
              location: loc(n),
              message: `${n.address} lists it, but in ${other.kind === 'known' ? other.value : 'another region'}, not ${region}`,
            });
          }
          continue;
        }
        if (where.state === 'no') continue;
        const here = `${n.address} lists "${op.service}/${op.resource}/${name}"`;
        if (name === want && sameResource && op.service.toLowerCase() === event.service.toLowerCase()) {
          out.push({ location: loc(n), message: `${here}: the service is "${event.service}" (case-sensitive)` });
        } else if (name === want && sameService && op.resource.toLowerCase() === event.resourceType.toLowerCase()) {
          out.push({ location: loc(n), message: `${here}: the resource type is "${event.resourceType}" (case-sensitive)` });
        } else if (name === want && sameService) {
          out.push({ location: loc(n), message: `${here}: the table has ${want} under resource type "${event.resourceType}"` });
        } else if (sameService && sameResource && !tableEvents.has(`${op.resource}/${name}`)) {
          const lookalikes = nonAsciiCharacters(name);
          if (name.toLowerCase() === want.toLowerCase()) {
            out.push({ location: loc(n), message: `${here}, which differs from "${want}" only by case; trace names are case-sensitive` });
          } else if (lookalikes.length > 0 && distance(name, want) <= 2) {
            out.push({
              location: loc(n),
              message: `${here}, which looks like "${want}" but holds ${lookalikes.slice(0, 3).join(', ')}${lookalikes.length > 3 ? ', ...' : ''}: CTS would not match it`,
            });
          } else if (distance(name, want) <= 2) {
            out.push({ location: loc(n), message: `${here}, close to "${want}": a typo?` });
          }
        }
      }
    }
  }
  return out;
}

function combine<S extends string>(candidates: Candidate<S>[], order: readonly S[]): Judgement<S> {
  for (const state of order) {
    const matching = candidates.filter((c) => c.state === state);
    if (matching.length > 0) {
      return { state, reasons: unique(matching.map((c) => c.reason)), locations: matching.flatMap((c) => c.locations), nearMisses: [] };
    }
  }
  return { state: order[order.length - 1], reasons: [], locations: [], nearMisses: [] };
}

/** Where an element is, as a report location. */
export function loc(e: Element): Location {
  return { scope: e.scope, address: e.address, source: e.source };
}

/** The reason of a value that is not known. */
export function reasonOf(v: Value<unknown>): string {
  return v.kind === 'unknown' ? v.reason : v.kind === 'ref' ? `${v.expression} is known only after apply` : 'it is known';
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** Levenshtein distance, bounded: enough to spot a typo in a trace name. */
export function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
