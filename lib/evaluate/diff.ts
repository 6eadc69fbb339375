/**
 * `cts-audit diff`: where what is deployed differs from what is intended,
 * in what matters to coverage: the tracker of each region, the key event
 * notifications and the topics they send to, and CTS's configuration
 * (which services' read-only operations are reported). Pure: two models in, a list
 * of differences out.
 *
 * What is deployed is compared place by place: a region, or each project of
 * a region when the deployed side shows projects; the intended side, which
 * has no project, is held against each. A value the intended side only
 * knows after apply is not compared (it cannot differ in a way the
 * configuration decides); a deployed value that cannot be read, or a place
 * whose trackers or notifications could not be read, is a difference: what
 * cannot be seen is never "no difference".
 */
import { CtsConfiguration, Element, Model, Notification, NotificationOperation, Topic, Tracker } from '../model';
import { Resolver } from './resolve';

export interface Difference {
  /** The region, or `<region>/<project>` when the deployed side shows several projects there. */
  readonly region: string;
  readonly kind: 'tracker' | 'notification' | 'topic' | 'configuration';
  /** The tracker's, notification's or topic's name; `CTS` for the configuration. */
  readonly name: string;
  /** What differs, for people. */
  readonly message: string;
  readonly intended?: string;
  readonly deployed?: string;
}

type Kind = Difference['kind'];
type Facts = Record<string, string | undefined>;

/** The coverage-relevant facts of one side, by place. */
interface Side {
  /** place → `kind\0name` → facts. A place is a region, or `region\0project`. */
  readonly facts: Map<string, Map<string, Facts>>;
  /** place → kind → why the deployed side could not read that kind there. */
  readonly unreadable: Map<string, Map<Kind, string>>;
}

/** The differences, sorted by region, kind and name. */
export function diffModels(intended: Model, deployed: Model): Difference[] {
  const a = sideOf(intended);
  const b = sideOf(deployed);
  const out: Difference[] = [];
  const deployedPlaces = new Set([...b.facts.keys(), ...b.unreadable.keys(), ...(deployed.readings ?? []).map(placeOfReading)]);
  const projectsIn = (region: string) => [...deployedPlaces].filter((p) => regionOf(p) === region);

  const intendedRegions = new Set([...a.facts.keys()].map(regionOf));
  for (const region of intendedRegions) {
    const places = projectsIn(region);
    const mine = mergedIntended(a, region);
    if (places.length === 0) {
      const why = deployed.readings && deployed.readings.length > 0 ? `region ${region} was not read on the deployed side` : undefined;
      for (const [key] of mine) {
        const [kind, name] = key.split('\u0000') as [Kind, string];
        out.push({ region, kind, name, message: why ? `${kind} ${name}: ${why}` : `${kind} ${name} is intended but not deployed` });
      }
      continue;
    }
    for (const place of places) {
      const label = places.length > 1 ? place.replace('\u0000', '/') : region;
      out.push(...comparePlace(label, mine, b.facts.get(place) ?? new Map(), b.unreadable.get(place) ?? new Map()));
    }
  }
  // What is deployed in a place the intended side has nothing of: extra notifications, and what could not be read.
  for (const place of deployedPlaces) {
    if (intendedRegions.has(regionOf(place))) continue;
    const label = projectsIn(regionOf(place)).length > 1 ? place.replace('\u0000', '/') : regionOf(place);
    out.push(...comparePlace(label, new Map(), b.facts.get(place) ?? new Map(), b.unreadable.get(place) ?? new Map()));
  }
  return out.sort((x, y) => (x.region + x.kind + x.name + x.message).localeCompare(y.region + y.kind + y.name + y.message));
}

function comparePlace(region: string, mine: Map<string, Facts>, theirs: Map<string, Facts>, unreadable: Map<Kind, string>): Difference[] {
  const out: Difference[] = [];
  for (const [kind, why] of unreadable) {
    // A configuration nobody intended is not compared, readable or not.
    if (kind === 'configuration' && !mine.has(`configuration\u0000CTS`)) continue;
    const what = kind === 'configuration' ? 'CTS configuration' : `${kind}s`;
    out.push({ region, kind, name: '*', message: `the deployed ${what} could not be read: ${why}` });
  }
  for (const [key, facts] of mine) {
    const [kind, name] = key.split('\u0000') as [Kind, string];
    if (unreadable.has(kind)) continue;
    const other = theirs.get(key);
    if (!other) {
      out.push({ region, kind, name, message: `${kind} ${name} is intended but not deployed` });
      continue;
    }
    for (const [field, value] of Object.entries(facts)) {
      if (value === undefined) continue;
      const deployedValue = other[field];
      if (deployedValue === value) continue;
      if (deployedValue === undefined) {
        out.push({
          region,
          kind,
          name,
          message: `${kind} ${name}: ${field} could not be read deployed, ${value} intended`,
          intended: value,
        });
        continue;
      }
      const message =
        field === 'operations'
          ? `${kind} ${name}: operations deployed ${setDifference(value, deployedValue)}`
          : `${kind} ${name}: ${field} is ${deployedValue} deployed, ${value} intended`;
      out.push({ region, kind, name, message, intended: value, deployed: deployedValue });
    }
  }
  for (const key of theirs.keys()) {
    const [kind, name] = key.split('\u0000') as [Kind, string];
    if (kind === 'notification' && !mine.has(key)) {
      out.push({ region, kind, name, message: `notification ${name} is deployed but not in the intended configuration` });
    }
  }
  return out;
}

/** The intended facts of a region: its own place and any of its projects. */
function mergedIntended(side: Side, region: string): Map<string, Facts> {
  const out = new Map<string, Facts>();
  for (const [place, facts] of side.facts) if (regionOf(place) === region) for (const [k, f] of facts) out.set(k, f);
  return out;
}

const regionOf = (place: string) => place.split('\u0000')[0];
const placeOfReading = (r: { region: string; project?: string }) => (r.project ? `${r.region}\u0000${r.project}` : r.region);

/** The coverage-relevant facts of a model, by place, kind and name; an unknown value is left out. */
function sideOf(model: Model): Side {
  const resolver = new Resolver(model);
  const facts = new Map<string, Map<string, Facts>>();
  const unreadable = new Map<string, Map<Kind, string>>();
  const known = <T>(e: { scope: string }, v: Parameters<Resolver['value']>[0]): T | undefined => {
    const r = resolver.value(v, e.scope);
    return r.kind === 'known' ? (r.value as T) : undefined;
  };
  const placeOf = (e: Element): string | undefined => {
    const checked = resolver.region(e);
    if (checked.kind !== 'known') return undefined;
    return e.project ? `${checked.value}\u0000${e.project}` : checked.value;
  };
  const put = (place: string | undefined, kind: Kind, name: string | undefined, f: Facts) => {
    if (place === undefined || name === undefined) return;
    const here = facts.get(place) ?? new Map<string, Facts>();
    here.set(`${kind}\u0000${name}`, f);
    facts.set(place, here);
  };
  const cannotRead = (place: string | undefined, kind: Kind, why: string) => {
    if (place === undefined) return;
    unreadable.set(place, (unreadable.get(place) ?? new Map<Kind, string>()).set(kind, why));
  };
  for (const e of model.elements) {
    const place = placeOf(e);
    if (e.type === 'tracker') {
      const t = e as Tracker;
      if (t.unreadable) {
        cannotRead(place, 'tracker', t.unreadable);
        continue;
      }
      const enabled = t.status ? String(t.status === 'enabled') : str(known<boolean>(t, t.enabled));
      put(place, 'tracker', 'system', {
        enabled,
        status: t.status,
        bucket_name: known<string | undefined>(t, t.bucketName) ?? (t.bucketName.kind === 'known' ? '(none)' : undefined),
        lts_enabled: str(known<boolean>(t, t.ltsEnabled)),
        validate_file: str(known<boolean>(t, t.validateFile)),
        'kms encryption': t.kmsId.kind === 'known' ? String(Boolean(t.kmsId.value)) : t.kmsId.kind === 'ref' ? 'true' : undefined,
        exclude_service: list(known<string[]>(t, t.excludeServices)),
      });
    } else if (e.type === 'notification' && !e.functionUrn) {
      const n = e as Notification;
      if (n.unreadable) {
        cannotRead(place, 'notification', n.unreadable);
        continue;
      }
      const ops = known<NotificationOperation[]>(n, n.operations);
      const topic = resolver.topic(n.topic, n.scope);
      put(place, 'notification', known<string>(n, n.name), {
        enabled: str(known<boolean>(n, n.enabled)),
        operation_type: known<string>(n, n.operationType),
        operations: ops ? list(ops.flatMap((o) => o.traceNames.map((t) => `${o.service}/${o.resource}/${t}`))) : undefined,
        topic:
          topic.kind === 'topic'
            ? (known<string>(topic.topic, topic.topic.name) ?? topic.topic.address)
            : topic.kind === 'none'
              ? '(none)'
              : undefined,
        filter: str(known<boolean>(n, n.filtered)),
        operation_users: str(known<boolean>(n, n.userRestricted)),
      });
    } else if (e.type === 'configuration') {
      const c = e as CtsConfiguration;
      if (c.unreadable) {
        cannotRead(place, 'configuration', c.unreadable);
        continue;
      }
      const all = known<boolean>(c, c.readOnlyAll);
      put(place, 'configuration', 'CTS', {
        // The services listed take effect only when is_support_read_only is false.
        'read-only reporting': all === true ? 'all services' : all === false ? list(known<string[]>(c, c.readOnlyServices)) : undefined,
        is_sync_global_trace: str(known<boolean>(c, c.syncGlobal)),
      });
    } else if (e.type === 'topic') {
      const t = e as Topic;
      const name = known<string>(t, t.name);
      const key = resolver.topic(
        t.urn.kind === 'known' ? t.urn : { kind: 'ref', address: t.address, attribute: '', expression: t.address },
        t.scope,
      );
      const subscriptions = key.kind === 'topic' ? resolver.subscriptions(key.key) : [];
      const delivering = subscriptions.some((s) => s.confirmed !== false && !s.unreadable);
      // Subscriptions that could not be read are not "no subscriber".
      const subscribed = key.kind !== 'topic' ? undefined : delivering ? true : subscriptions.some((s) => s.unreadable) ? undefined : false;
      put(place, 'topic', name, { 'has a subscriber': str(subscribed) });
    }
  }
  // A place whose topics could not be listed: its topics are not "not deployed".
  for (const [place, listing] of Object.entries(model.topicListings ?? {})) {
    if (typeof listing === 'string') cannotRead(place, 'topic', listing);
  }
  return { facts, unreadable };
}

/** "lack a, b; add c" between two comma-separated lists. */
function setDifference(intended: string, deployed: string): string {
  const a = new Set(intended.split(', '));
  const b = new Set(deployed.split(', '));
  const lack = [...a].filter((x) => !b.has(x));
  const add = [...b].filter((x) => !a.has(x));
  return [lack.length ? `lack ${lack.join(', ')}` : '', add.length ? `add ${add.join(', ')}` : ''].filter(Boolean).join('; ');
}

function str(v: boolean | undefined): string | undefined {
  return v === undefined ? undefined : String(v);
}

function list(v: string[] | undefined): string | undefined {
  return v === undefined ? undefined : [...v].sort().join(', ') || '(none)';
}
