/**
 * `cts-audit diff`: where what is deployed differs from what is intended,
 * in what matters to coverage: the tracker of each region, the key event
 * notifications and the topics they send to. Pure: two models in, a list
 * of differences out. A value the intended side only knows after apply is
 * not compared (it cannot differ in a way the configuration decides).
 */
import { Model, Notification, NotificationOperation, Topic, Tracker } from '../model';
import { Resolver } from './resolve';

export interface Difference {
  readonly region: string;
  readonly kind: 'tracker' | 'notification' | 'topic';
  /** The tracker's, notification's or topic's name. */
  readonly name: string;
  /** What differs, for people. */
  readonly message: string;
  readonly intended?: string;
  readonly deployed?: string;
}

type Facts = Record<string, string | undefined>;

/** The differences, sorted by region, kind and name. */
export function diffModels(intended: Model, deployed: Model): Difference[] {
  const a = facts(intended);
  const b = facts(deployed);
  const out: Difference[] = [];
  for (const [key, mine] of a) {
    const [region, kind, name] = key.split('\u0000') as [string, Difference['kind'], string];
    const theirs = b.get(key);
    if (!theirs) {
      out.push({ region, kind, name, message: `${kind} ${name} is intended but not deployed` });
      continue;
    }
    for (const [field, value] of Object.entries(mine)) {
      if (value === undefined || theirs[field] === undefined || value === theirs[field]) continue;
      const message =
        field === 'operations'
          ? `${kind} ${name}: operations deployed ${setDifference(value, theirs[field] as string)}`
          : `${kind} ${name}: ${field} is ${theirs[field]} deployed, ${value} intended`;
      out.push({ region, kind, name, message, intended: value, deployed: theirs[field] });
    }
  }
  for (const key of b.keys()) {
    if (a.has(key)) continue;
    const [region, kind, name] = key.split('\u0000') as [string, Difference['kind'], string];
    if (kind === 'notification') {
      out.push({ region, kind, name, message: `notification ${name} is deployed but not in the intended configuration` });
    }
  }
  return out.sort((x, y) => (x.region + x.kind + x.name + x.message).localeCompare(y.region + y.kind + y.name + y.message));
}

/** The coverage-relevant facts of a model, by region, kind and name; an unknown value is left out. */
function facts(model: Model): Map<string, Facts> {
  const resolver = new Resolver(model);
  const out = new Map<string, Facts>();
  const known = <T>(e: { scope: string }, v: Parameters<Resolver['value']>[0]): T | undefined => {
    const r = resolver.value(v, e.scope);
    return r.kind === 'known' ? (r.value as T) : undefined;
  };
  const put = (region: string | undefined, kind: Difference['kind'], name: string | undefined, f: Facts) => {
    if (region === undefined || name === undefined) return;
    out.set(`${region}\u0000${kind}\u0000${name}`, f);
  };
  for (const e of model.elements) {
    const checked = resolver.region(e);
    const region = checked.kind === 'known' ? checked.value : undefined;
    if (e.type === 'tracker') {
      const t = e as Tracker;
      const enabled = t.status ? String(t.status === 'enabled') : str(known<boolean>(t, t.enabled));
      put(region, 'tracker', 'system', {
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
      const ops = known<NotificationOperation[]>(n, n.operations);
      const topic = resolver.topic(n.topic, n.scope);
      put(region, 'notification', known<string>(n, n.name), {
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
    } else if (e.type === 'topic') {
      const t = e as Topic;
      const name = known<string>(t, t.name);
      const key = resolver.topic(
        t.urn.kind === 'known' ? t.urn : { kind: 'ref', address: t.address, attribute: '', expression: t.address },
        t.scope,
      );
      const subscribed =
        key.kind === 'topic' ? resolver.subscriptions(key.key).some((s) => s.confirmed !== false && !s.unreadable) : undefined;
      put(region, 'topic', name, { 'has a subscriber': str(subscribed) });
    }
  }
  return out;
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
