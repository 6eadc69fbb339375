/**
 * Causes: what to fix, each said once. An event that is not covered carries
 * its reasons; most are about one element and read the same for every event
 * it affects ("tracker X is disabled (enabled = false): it records nothing"),
 * a few name the event ("no enabled notification in R sends <id> to a
 * subscribed topic"). Grouping the reasons of a place, with the event's id
 * read as "it", gives one cause per thing to fix: a disabled tracker that
 * keeps 22 events from being recorded is one cause, not 22.
 *
 * A pure function of the events, like the rest of evaluation. It lives here,
 * not in lib/report, because causes are part of the verdict: the JSON report
 * carries them for machines, and every reporter shows the same ones.
 */
import { createHash } from 'node:crypto';
import { STATUS_ORDER, type Cause, type EventResult, type EventStatus, type Location } from './verdict';

type Failing = Exclude<EventStatus, 'covered'>;

interface Draft {
  key: string;
  region: string;
  project?: string;
  reason: string;
  /** For a place that could not be read: the parts that could not be, the place as the reasons name it, and the answer. */
  unreadable?: { parts: string[]; where: string; answer: string };
  locations: Location[];
  events: EventResult[];
}

/**
 * The causes of the events that are not covered (waived ones too, since
 * their waiver accepts a cause rather than removing it): one per place,
 * reason and the elements it names (for a reason about something missing,
 * "no enabled notification ... sends it", the elements its near misses
 * name, so that the events a disabled notification would notify are one
 * cause and those no notification lists are another). The parts of a place
 * the live check could not read with one answer (its trackers, notifications
 * and configuration, refused with 403) are one cause. Places keep the order
 * in which the events first name them; within a place, the worst cause comes
 * first, then the one that affects the most events.
 */
export function causesOf(events: readonly EventResult[]): Cause[] {
  const drafts = new Map<string, Draft>();
  const placeOrder = new Map<string, number>();
  for (const e of events) {
    if (e.status === 'covered') continue;
    if (!placeOrder.has(e.region)) placeOrder.set(e.region, placeOrder.size);
    for (const reason of new Set(e.reasons)) {
      const text = sayOnce(reason, e);
      // What to change: the elements the reason names; for a reason about something missing, those its near misses name.
      const own = namedLocations(reason, e.locations);
      const named = own.length > 0 ? own : namedLocations(e.nearMisses.join('\n'), e.locations);
      // The parts of a place that could not be read, with one answer, are one thing to fix (a permission, say).
      const unreadable = UNREADABLE.exec(text);
      const key = unreadable
        ? [e.region, 'could not be read', unreadable[2], unreadable[3]].join('\u0000')
        : [e.region, text, ...named.map(locationKey)].join('\u0000');
      let draft = drafts.get(key);
      if (!draft) {
        draft = {
          key,
          region: e.region,
          ...(e.project !== undefined ? { project: e.project } : {}),
          reason: text,
          ...(unreadable ? { unreadable: { parts: [], where: unreadable[2], answer: unreadable[3] } } : {}),
          locations: [],
          events: [],
        };
        drafts.set(key, draft);
      }
      if (unreadable && !draft.unreadable!.parts.includes(unreadable[1])) draft.unreadable!.parts.push(unreadable[1]);
      for (const l of named) if (!draft.locations.some((k) => locationKey(k) === locationKey(l))) draft.locations.push(l);
      if (!draft.events.includes(e)) draft.events.push(e);
    }
  }
  const causes = [...drafts.values()].map(toCause);
  const order = new Map(causes.map((c, i) => [c, i]));
  return causes.sort(
    (a, b) =>
      placeOrder.get(a.region)! - placeOrder.get(b.region)! ||
      rank(a.status) - rank(b.status) ||
      b.events.length - a.events.length ||
      order.get(a)! - order.get(b)!,
  );
}

/**
 * A reason that a part of a place could not be read, as the live check words
 * it: `... the <part> of <place>[, which ...,] could not be read: <answer and
 * what to do>`.
 */
const UNREADABLE = /\bthe ([^,:;]+?) of (\S+?),?(?: [^:;]*?)? could not be read: (.+)$/;

/** The reason said once for every event: the event's own id in it reads "it". */
function sayOnce(reason: string, e: EventResult): string {
  return reason.split(e.id).join('it');
}

/** The locations of the elements a reason names (by address), each once. */
function namedLocations(reason: string, locations: readonly Location[]): Location[] {
  const out = new Map<string, Location>();
  for (const l of locations) if (l.address !== '' && reason.includes(l.address) && !out.has(locationKey(l))) out.set(locationKey(l), l);
  return [...out.values()];
}

function locationKey(l: Location): string {
  return `${l.scope}\u0000${l.address}\u0000${l.source.file}`;
}

/** Waived last: it fails nothing. */
function rank(status: Failing): number {
  return status === 'waived' ? STATUS_ORDER.length : STATUS_ORDER.indexOf(status);
}

/** `a`, `a and b`, `a, b and c`. */
function joinParts(parts: readonly string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function toCause(d: Draft): Cause {
  const statuses: Partial<Record<Failing, number>> = {};
  for (const e of d.events) {
    const s = e.status as Failing;
    statuses[s] = (statuses[s] ?? 0) + 1;
  }
  const unwaived = (Object.keys(statuses) as Failing[]).filter((s) => s !== 'waived');
  const status = unwaived.length === 0 ? 'waived' : unwaived.sort((a, b) => rank(a) - rank(b))[0];
  const nearMisses = new Map<string, string[]>();
  for (const e of d.events) {
    for (const m of new Set(e.nearMisses)) {
      const ids = nearMisses.get(m) ?? [];
      if (!ids.includes(e.id)) ids.push(e.id);
      nearMisses.set(m, ids);
    }
  }
  return {
    id: createHash('sha256').update(d.key).digest('hex').slice(0, 12),
    region: d.region,
    ...(d.project !== undefined ? { project: d.project } : {}),
    reason: d.unreadable
      ? `${joinParts(d.unreadable.parts.map((p) => `the ${p}`))} of ${d.unreadable.where} could not be read: ${d.unreadable.answer}`
      : d.reason,
    status,
    statuses,
    events: [...new Set(d.events.map((e) => e.id))],
    locations: d.locations,
    nearMisses: [...nearMisses].map(([text, ids]) => ({ text, events: ids })),
  };
}
