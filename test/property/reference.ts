/**
 * A deliberately small reference implementation of event coverage, written
 * from the README's table of statuses (section "The checker") and its notes
 * on live inputs, not from lib/evaluate. It is naive on purpose and only
 * handles what the restricted generator produces (`modelSpecArb({ simple:
 * true })`): one input, every region known, at most one tracker per region,
 * no two notifications or topics of one name in a region. So there are no
 * copies, identities or projects to reconcile.
 *
 * covered   = an enabled tracker in the region transfers to OBS or LTS and does not exclude the service,
 *             and an enabled notification lists the event (or is `complete`) and sends to a topic, present
 *             in the inputs, with at least one subscription (that is not unconfirmed), in its own region
 *             and, for a read-only event, a CTS configuration of the region reports read-only operations of
 *             every service or lists the service (exact name); none in the inputs is unknown
 * partial   = recorded, but that notification has a filter or operation_users
 * unknown   = something needed cannot be seen, or the topic is in another region (not documented to work)
 * uncovered = proven not recorded or not notified
 */
import type { CtsConfiguration, Element, Model, Notification, Topic, TopicSubscription, Tracker, Value } from '../../lib/model';
import type { TracedEvent } from '../../lib/policy/table';

export type Status = 'uncovered' | 'unknown' | 'partial' | 'covered';
const ORDER: Status[] = ['uncovered', 'unknown', 'partial', 'covered'];

/** The worse of two statuses: both the recording and the notification must hold. */
const worse = (a: Status, b: Status): Status => (ORDER.indexOf(a) < ORDER.indexOf(b) ? a : b);

/** Several candidates, any of which would do: a proof wins; failing that, what cannot be seen; then a partial one. */
function anyOf(candidates: Status[]): Status {
  for (const s of ['covered', 'unknown', 'partial'] as const) if (candidates.includes(s)) return s;
  return 'uncovered';
}

const regionOf = (e: Element): string | undefined => (e.region.kind === 'known' ? e.region.value : undefined);

/** The regions found in the inputs. */
export function referenceRegions(model: Model): string[] {
  return [...new Set(model.elements.map(regionOf).filter((r): r is string => r !== undefined))].sort();
}

/** `region|service/resourceType/traceName` → status, for every region and event. */
export function referenceStatuses(model: Model, regions: readonly string[], events: readonly TracedEvent[]): Map<string, Status> {
  const out = new Map<string, Status>();
  for (const region of regions) {
    const here = model.elements.filter((e) => regionOf(e) === region);
    for (const event of events) {
      const trackers = here.filter((e): e is Tracker => e.type === 'tracker');
      const byTracker = anyOf(trackers.map((t) => trackerRecords(t, event.service)));
      const configurations = here.filter((e): e is CtsConfiguration => e.type === 'configuration');
      const recorded = event.readOnly ? worse(byTracker, readsReported(configurations, event.service)) : byTracker;
      const notifications = here.filter((e): e is Notification => e.type === 'notification');
      const notified = anyOf(notifications.map((n) => notifies(n, event, model)));
      out.set(`${region}|${event.service}/${event.resourceType}/${event.traceName}`, worse(recorded, notified));
    }
  }
  return out;
}

function trackerRecords(t: Tracker, service: string): Status {
  if (t.status === 'error' || t.status === 'disabled') return 'uncovered'; // live: records nothing
  if (t.enabled.kind !== 'known') return 'unknown';
  if (!t.enabled.value) return 'uncovered';
  if (t.excludeServices.kind !== 'known') return 'unknown';
  if (t.excludeServices.value.some((s) => s.toLowerCase() === service.toLowerCase())) return 'uncovered';
  const obs = t.bucketName.kind === 'known' && !!t.bucketName.value;
  const lts = t.ltsEnabled.kind === 'known' && t.ltsEnabled.value;
  return obs || lts ? 'covered' : 'uncovered';
}

/** Whether the region's configuration (at most one, in the restricted models) reports the service's reads. */
function readsReported(configurations: CtsConfiguration[], service: string): Status {
  if (configurations.length === 0) return 'unknown';
  const each = configurations.map((c): Status => {
    if (c.readOnlyAll.kind !== 'known') return 'unknown';
    if (c.readOnlyAll.value) return 'covered';
    if (c.readOnlyServices.kind !== 'known') return 'unknown';
    return c.readOnlyServices.value.includes(service) ? 'covered' : 'uncovered';
  });
  return each.reduce(worse);
}

/** Whether one notification sends every occurrence of the event to a subscribed topic. */
function notifies(n: Notification, event: TracedEvent, model: Model): Status {
  if (n.operationType.kind !== 'known') return 'unknown'; // it might list the event
  if (n.operationType.value === 'customized') {
    if (n.operations.kind !== 'known') return 'unknown';
    const lists = n.operations.value.some(
      (op) => op.service === event.service && op.resource === event.resourceType && op.traceNames.includes(event.traceName),
    );
    if (!lists) return 'uncovered';
  } else if (n.operationType.value !== 'complete') {
    return 'uncovered';
  }
  if (n.enabled.kind !== 'known') return 'unknown';
  if (!n.enabled.value || n.functionUrn) return 'uncovered';
  const topic = findTopic(n.topic, n.scope, model);
  if (topic === 'unknown' || topic === 'none') return topic === 'none' ? 'uncovered' : 'unknown';
  const subscriptions = model.elements.filter((e): e is TopicSubscription => e.type === 'subscription');
  if (!subscriptions.some((s) => s.confirmed !== false && findTopic(s.topic, s.scope, model) === topic)) {
    // No subscriber is known; one whose topic cannot be seen might be one.
    const undecided = subscriptions.filter(
      (s) => findTopic(s.topic, s.scope, model) === 'unknown' && s.confirmed !== false && s.topic.kind !== 'known',
    );
    return undecided.length > 0 ? 'unknown' : 'uncovered';
  }
  // CTS notifications are regional: a topic of another region might not be notified at all.
  if (regionOf(topic) !== regionOf(n)) return 'unknown';
  if (n.filtered.kind !== 'known' || n.userRestricted.kind !== 'known') return 'unknown';
  return n.filtered.value || n.userRestricted.value ? 'partial' : 'covered';
}

/** The topic a notification or subscription sends to, `none` when proven to be none, `unknown` when it cannot be seen. */
function findTopic(v: Value<string | undefined>, scope: string, model: Model): Topic | 'none' | 'unknown' {
  const topics = model.elements.filter((e): e is Topic => e.type === 'topic');
  if (v.kind === 'ref') return topics.find((t) => t.scope === scope && t.address === v.address) ?? 'unknown';
  if (v.kind === 'unknown') return 'unknown';
  if (!v.value) return 'none';
  const [, region, project, name] = /^urn:smn:([^:]+):([^:]*):(.+)$/.exec(v.value) ?? [];
  const found = topics.find(
    (t) =>
      (t.urn.kind === 'known' && t.urn.value === v.value) ||
      (t.urn.kind !== 'known' && regionOf(t) === region && t.name.kind === 'known' && t.name.value === name),
  );
  if (found) return found;
  // A live input that listed every topic of the project proves that a topic not listed does not exist.
  return model.topicListings?.[`${region}\u0000${project}`] === true ? 'none' : 'unknown';
}
