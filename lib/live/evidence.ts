/**
 * Trace evidence: from the trace pages of a snapshot (live or from a file),
 * per place and per event of the tables, whether CTS recorded it in the
 * window, how many times, when last, and whether CTS marked it read-only;
 * then the trace names recorded under the tables' services and resource types
 * that the tables do not know. Pure: no I/O, no clock.
 *
 * An event seen in the window is proven to reach CTS under that name. An
 * event not seen is proven neither way: an operation nobody performed leaves
 * no trace. The report is a versioned contract (`kind`, `schemaVersion`), as
 * the check's verdict is: fields are added freely, renaming or removing one is
 * a new version.
 */
import type { OperationsTable } from '../policy/table';
import { tableEvents } from '../policy/table';
import { type Answer, PATHS } from '../snapshot/answer';
import { describe, placeProblem } from '../snapshot/convert';
import type { Place, Snapshot } from '../snapshot/schema';
import { TRACES_PATH, pageOf } from './traces';

export const EVIDENCE_KIND = 'cts-audit-evidence';
export const EVIDENCE_SCHEMA_VERSION = 1;

/** Whether an event was recorded in the window: `not-seen` proves nothing either way; `unknown`: CTS could not be asked. */
export type EvidenceStatus = 'seen' | 'not-seen' | 'unknown';
/** How CTS marked the traces of an event: all read-only, none, some, or it did not say. */
export type CtsReadOnly = 'yes' | 'no' | 'mixed' | 'not-said';

/** One event of a table in one place. */
export interface RowEvidence {
  /** `<service>/<resourceType>/<traceName>`, as in the check's verdict and waivers. */
  readonly id: string;
  readonly table: string;
  readonly service: string;
  readonly resourceType: string;
  /** The trace name. */
  readonly event: string;
  /** Whether the table says the operation only reads. */
  readonly readOnly: boolean;
  readonly status: EvidenceStatus;
  /** Traces of it in the window, as far as they were read. */
  readonly count: number;
  /** False when there may be more than `count`: the page bound was reached, or a later page could not be read. */
  readonly complete: boolean;
  /** Pages of its own query that were read. */
  readonly pages: number;
  /** The time of its newest trace (ISO). */
  readonly lastSeen?: string;
  /** Whether CTS marked its traces `read_only`; absent when none was seen. */
  readonly ctsReadOnly?: CtsReadOnly;
  /** Why it is unknown or incomplete, with what to do. */
  readonly reason?: string;
  /** What else the traces or the place say about it (a read-only marking the table contradicts, read-only logs off). */
  readonly notes: readonly string[];
}

/** A trace name recorded under a service and resource type of the tables that no table lists. */
export interface UnlistedEvidence {
  readonly service: string;
  readonly resourceType: string;
  readonly event: string;
  readonly count: number;
  /** False when the search of its resource type stopped at the page bound or a page could not be read. */
  readonly complete: boolean;
  readonly lastSeen?: string;
  readonly ctsReadOnly: CtsReadOnly;
  /**
   * The tables' trace name it differs from only by case, or that the tables list under another resource type of
   * the service (then `nearMissResourceType` says which), when there is one.
   */
  readonly nearMiss?: string;
  /** The resource type the tables list `nearMiss` under, when it is not this one. */
  readonly nearMissResourceType?: string;
}

/** The search of one service and resource type of the tables, for names they do not know. */
export interface SearchEvidence {
  readonly service: string;
  readonly resourceType: string;
  readonly status: 'read' | 'unknown';
  readonly pages: number;
  readonly complete: boolean;
  readonly reason?: string;
}

/** The evidence of one place (account, region, project). */
export interface PlaceEvidence {
  /** `region`, `region/project` when a region has several projects, `account/region/project` for other accounts. */
  readonly label: string;
  readonly account?: string;
  readonly region: string;
  readonly project?: string;
  readonly readAt: string;
  /** The window the traces were asked for (ISO): traces after `from` and before `to`. */
  readonly window?: { readonly from: string; readonly to: string };
  /** Why the place could not be asked at all (no project, an agency that could not be assumed). */
  readonly reason?: string;
  readonly rows: readonly RowEvidence[];
  readonly unlisted: readonly UnlistedEvidence[];
  readonly searches: readonly SearchEvidence[];
}

export interface EvidenceSummary {
  readonly places: number;
  readonly rows: number;
  readonly seen: number;
  readonly notSeen: number;
  readonly unknown: number;
  /** Rows and searches whose counts are lower bounds. */
  readonly incomplete: number;
  /** Distinct trace names (per place) that no table lists. */
  readonly unlisted: number;
}

/** The whole evidence report: `cts-audit evidence --format json`, and `traces` in `check --traces --format json`. */
export interface EvidenceReport {
  readonly kind: typeof EVIDENCE_KIND;
  readonly schemaVersion: typeof EVIDENCE_SCHEMA_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  readonly tables: ReadonlyArray<{ readonly id: string; readonly service: string }>;
  readonly places: readonly PlaceEvidence[];
  readonly summary: EvidenceSummary;
}

/** True when a snapshot holds any trace page. */
export function hasTraces(snapshot: Snapshot): boolean {
  return snapshot.places.some((p) => p.answers.some((a) => a.service === 'cts' && a.path === TRACES_PATH));
}

/** The evidence of every place of the snapshots, for the events of the tables. */
export function evidenceOf(
  snapshots: readonly Snapshot[],
  tables: readonly OperationsTable[],
  tool: { name: string; version: string },
): EvidenceReport {
  const places = snapshots.flatMap((s) => s.places);
  const labels = placeLabels(places);
  const evidence = places.map((place, i) => placeEvidence(place, labels[i], tables));
  const rows = evidence.flatMap((p) => p.rows);
  const count = (status: EvidenceStatus) => rows.filter((r) => r.status === status).length;
  return {
    kind: EVIDENCE_KIND,
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    tool: { name: tool.name, version: tool.version },
    tables: tables.map((t) => ({ id: t.id, service: t.service })),
    places: evidence,
    summary: {
      places: evidence.length,
      rows: rows.length,
      seen: count('seen'),
      notSeen: count('not-seen'),
      unknown: count('unknown'),
      incomplete:
        rows.filter((r) => r.status !== 'unknown' && !r.complete).length +
        evidence.flatMap((p) => p.searches).filter((s) => s.status === 'read' && !s.complete).length,
      unlisted: evidence.reduce((n, p) => n + p.unlisted.length, 0),
    },
  };
}

/** Labels as the check's verdict has them: the region, `region/project` when it has several, `account/region/project`. */
export function placeLabels(places: readonly Place[]): string[] {
  const projects = new Map<string, Set<string>>();
  for (const p of places) {
    if (p.account === undefined && p.projectId) projects.set(p.region, (projects.get(p.region) ?? new Set()).add(p.projectId));
  }
  return places.map((p) => {
    if (p.account !== undefined) return `${p.account}/${p.region}/${p.projectId ?? '?'}`;
    return (projects.get(p.region)?.size ?? 0) > 1 && p.projectId ? `${p.region}/${p.projectId}` : p.region;
  });
}

interface Trace {
  readonly service: string;
  readonly resourceType: string;
  readonly name: string;
  readonly time?: number;
  readonly readOnly?: boolean;
}

/** Whether an answer is a page of a management (system) trace search: only those count as evidence. */
function isSystemSearch(a: Place['answers'][number]): boolean {
  return a.service === 'cts' && a.path === TRACES_PATH && a.query.trace_type === 'system';
}

/** The pages of one search (an event's, by its trace name, or a resource type's, without), in the order read. */
function pagesFor(place: Place, what: { service: string; resourceType: string; traceName?: string }): Answer[] {
  return place.answers.filter(
    (a) =>
      isSystemSearch(a) &&
      a.query.service_type === what.service &&
      a.query.resource_type === what.resourceType &&
      a.query.trace_name === what.traceName,
  ) as Answer[];
}

/** How far a query's pages go: whether the first answered, whether they are all there is, and why not. */
function progress(pages: readonly Answer[]): { answered: boolean; complete: boolean; reason?: string } {
  if (pages.length === 0) return { answered: false, complete: false, reason: 'it was not asked (the snapshot holds no query for it)' };
  const failed = pages.findIndex((a) => pageOf(a).traces === undefined);
  if (failed === 0) return { answered: false, complete: false, reason: `CTS could not be asked: ${describe(pages[0])}` };
  if (failed > 0) {
    return {
      answered: true,
      complete: false,
      reason: `page ${failed + 1} could not be read (${describe(pages[failed])}): there may be more`,
    };
  }
  const last = pageOf(pages[pages.length - 1]);
  if (last.marker !== undefined && (last.traces?.length ?? 0) > 0) {
    return {
      answered: true,
      complete: false,
      reason: `the bound of ${pages.length} page${pages.length === 1 ? '' : 's'} was reached: there are more (raise --max-pages to count them)`,
    };
  }
  return { answered: true, complete: true };
}

function placeEvidence(place: Place, label: string, tables: readonly OperationsTable[]): PlaceEvidence {
  const where = {
    label,
    ...(place.account !== undefined ? { account: place.account } : {}),
    region: place.region,
    ...(place.projectId ? { project: place.projectId } : {}),
    readAt: place.readAt,
  };
  const events = tables.flatMap((table) => tableEvents(table).map((e) => ({ ...e, table: table.id })));
  const problem = placeProblem(place);
  if (problem !== undefined) {
    const rows = events.map((e) => row(e, { status: 'unknown', count: 0, complete: false, pages: 0, reason: problem, notes: [] }));
    return { ...where, reason: problem, rows, unlisted: [], searches: [] };
  }

  // Every trace read in the place, once (by trace id), with the service its query asked for.
  const traces: Trace[] = [];
  const ids = new Set<string>();
  let window: { from: string; to: string } | undefined;
  for (const a of place.answers) {
    // A data trace of the same names is not the operation's.
    if (!isSystemSearch(a)) continue;
    window ??= windowOf(a.query);
    for (const t of pageOf(a as Answer).traces ?? []) {
      const id = typeof t.trace_id === 'string' ? t.trace_id : undefined;
      if (id !== undefined && ids.has(id)) continue;
      if (id !== undefined) ids.add(id);
      if (typeof t.trace_name !== 'string') continue;
      traces.push({
        // A trace that does not say its service or resource type is of the ones its query asked for.
        service: typeof t.service_type === 'string' ? t.service_type : (a.query.service_type ?? ''),
        resourceType: typeof t.resource_type === 'string' ? t.resource_type : (a.query.resource_type ?? ''),
        name: t.trace_name,
        ...(timeOf(t.time) !== undefined ? { time: timeOf(t.time) } : {}),
        ...(flagOf(t.read_only) !== undefined ? { readOnly: flagOf(t.read_only) } : {}),
      });
    }
  }
  const reporting = readOnlyReporting(place);

  const rows = events.map((e) => {
    const own = pagesFor(place, e);
    const mine = traces.filter((t) => t.service === e.service && t.resourceType === e.resourceType && t.name === e.traceName);
    const p = progress(own);
    const status: EvidenceStatus = mine.length > 0 ? 'seen' : p.answered ? 'not-seen' : 'unknown';
    const notes: string[] = [];
    const marked = readOnlyOf(mine);
    if (marked === 'yes' && !e.readOnly) notes.push('CTS marks its traces read-only, where the table says it changes something');
    if (marked === 'no' && e.readOnly) notes.push('CTS marks its traces as not read-only, where the table says it only reads');
    if (status === 'not-seen' && e.readOnly && reporting(e.service) === false) {
      notes.push(`read-only operations of ${e.service} are not reported in this place (CTS configuration): CTS would not record it`);
    }
    return row(e, {
      status,
      count: mine.length,
      complete: p.complete,
      pages: own.length,
      ...(mine.length > 0 ? { lastSeen: newest(mine), ctsReadOnly: marked } : {}),
      ...(p.reason !== undefined ? { reason: p.reason } : {}),
      notes,
    });
  });

  // The searches of each service and resource type, and the names they found that no table lists.
  const known = new Set(events.map((e) => `${e.service}\u0000${e.resourceType}\u0000${e.traceName}`));
  const types = [...new Map(events.map((e) => [`${e.service}\u0000${e.resourceType}`, e])).values()];
  const searches: SearchEvidence[] = types.map((e) => {
    const pages = pagesFor(place, { service: e.service, resourceType: e.resourceType });
    const p = progress(pages);
    return {
      service: e.service,
      resourceType: e.resourceType,
      status: p.answered ? 'read' : 'unknown',
      pages: pages.length,
      complete: p.complete,
      ...(p.reason !== undefined ? { reason: p.reason } : {}),
    };
  });
  const unlistedTraces = new Map<string, Trace[]>();
  for (const t of traces) {
    if (!types.some((e) => e.service === t.service && e.resourceType === t.resourceType)) continue;
    const key = `${t.service}\u0000${t.resourceType}\u0000${t.name}`;
    if (known.has(key)) continue;
    unlistedTraces.set(key, [...(unlistedTraces.get(key) ?? []), t]);
  }
  const unlisted: UnlistedEvidence[] = [...unlistedTraces.values()]
    .map((list) => {
      const { service, resourceType, name } = list[0];
      const search = searches.find((s) => s.service === service && s.resourceType === resourceType);
      // A name the tables list is never unlisted under its own resource type: a near miss differs by case, by
      // resource type (CTS records it under another than the tables say), or both. Its own type's comes first.
      const alike = (e: (typeof events)[number]) => e.service === service && e.traceName.toLowerCase() === name.toLowerCase();
      const near = events.find((e) => alike(e) && e.resourceType === resourceType) ?? events.find(alike);
      return {
        service,
        resourceType,
        event: name,
        count: list.length,
        complete: search?.complete === true,
        ...(list.some((t) => t.time !== undefined) ? { lastSeen: newest(list) } : {}),
        ctsReadOnly: readOnlyOf(list),
        ...(near ? { nearMiss: near.traceName } : {}),
        ...(near && near.resourceType !== resourceType ? { nearMissResourceType: near.resourceType } : {}),
      };
    })
    .sort((a, b) => b.count - a.count || (a.event < b.event ? -1 : a.event > b.event ? 1 : 0));

  return { ...where, ...(window ? { window } : {}), rows, unlisted, searches };
}

function row(
  e: { table: string; service: string; resourceType: string; traceName: string; readOnly: boolean },
  rest: Omit<RowEvidence, 'id' | 'table' | 'service' | 'resourceType' | 'event' | 'readOnly'>,
): RowEvidence {
  return {
    id: `${e.service}/${e.resourceType}/${e.traceName}`,
    table: e.table,
    service: e.service,
    resourceType: e.resourceType,
    event: e.traceName,
    readOnly: e.readOnly,
    ...rest,
  };
}

function windowOf(query: Readonly<Record<string, string>>): { from: string; to: string } | undefined {
  const [from, to] = [Number(query.from), Number(query.to)];
  if (!Number.isFinite(from) || !Number.isFinite(to)) return undefined;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** A trace's time: ms since the epoch, as a number or a string of digits (the API's int64). */
function timeOf(x: unknown): number | undefined {
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  return typeof x === 'string' && /^\d{1,16}$/.test(x) ? Number(x) : undefined;
}

/** `read_only`: a boolean, or its text. */
function flagOf(x: unknown): boolean | undefined {
  return typeof x === 'boolean' ? x : x === 'true' ? true : x === 'false' ? false : undefined;
}

function newest(traces: readonly Trace[]): string | undefined {
  const times = traces.map((t) => t.time).filter((t): t is number => t !== undefined && Number.isFinite(t));
  return times.length > 0 ? new Date(Math.max(...times)).toISOString() : undefined;
}

function readOnlyOf(traces: readonly Trace[]): CtsReadOnly {
  const said = traces.map((t) => t.readOnly).filter((r): r is boolean => r !== undefined);
  if (said.length === 0) return 'not-said';
  if (said.every((r) => r)) return 'yes';
  return said.some((r) => r) ? 'mixed' : 'no';
}

/** Whether the place's CTS configuration reports read-only operations of a service; undefined when not known. */
function readOnlyReporting(place: Place): (service: string) => boolean | undefined {
  const answer = place.answers.find((a) => a.service === 'cts' && a.path === PATHS.configuration);
  const body = answer && !answer.error ? (answer.body as Record<string, unknown> | undefined) : undefined;
  if (typeof body !== 'object' || body === null || typeof body.is_support_read_only !== 'boolean') return () => undefined;
  const services = Array.isArray(body.support_read_only_services) ? body.support_read_only_services : [];
  return (service) => body.is_support_read_only === true || services.includes(service);
}
