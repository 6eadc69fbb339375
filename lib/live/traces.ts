/**
 * Reading the evidence that events reach CTS: its own management traces
 * (ListTraces, `GET /v3/{project_id}/traces`, trace_type=system), over a
 * window of at most the 7 days CTS keeps them queryable.
 *
 * One query per event of the tables (service, resource type and trace name),
 * so that one busy operation cannot crowd the others out of the pages read,
 * and one per service and resource type of the tables, to find trace names
 * the tables do not know. Each query is paged with `next` (the previous
 * page's `meta_data.marker`) up to a bound, which the answers show when it is
 * reached (the last page read still has a marker).
 *
 * A page is kept in the snapshot with only what proves the point of each
 * trace: time, trace name, resource type, read_only, code and trace id. Who
 * did it (user), from where (source_ip) and what was sent (request,
 * response) stay out unless asked for (`keepDetails`).
 */
import { InputError } from '../errors';
import type { OperationsTable } from '../policy/table';
import { tableEvents } from '../policy/table';
import type { Answer } from '../snapshot/answer';
import type { LiveClient } from './client';

export const TRACES_PATH = '/v3/{project_id}/traces';
/** ListTraces' largest page. */
export const TRACE_PAGE = 200;
/** Pages read per query unless told otherwise: 1,000 traces of one operation. */
export const DEFAULT_MAX_PAGES = 5;
/** CTS keeps traces queryable for 7 days. */
export const MAX_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** The fields of a trace kept in a snapshot unless details are kept. */
export const KEPT_TRACE_FIELDS = ['time', 'trace_name', 'resource_type', 'read_only', 'code', 'trace_id'] as const;

/** What to ask CTS in every place. */
export interface TracePlan {
  /** The window, in ms since the epoch: traces after `from` and before `to`. */
  readonly from: number;
  readonly to: number;
  /** Pages read per query at most. */
  readonly maxPages: number;
  /** Keep every field of each trace (user, source IP, request, response) in the snapshot. */
  readonly keepDetails: boolean;
  /** The events of the tables, each queried by its trace name. */
  readonly events: ReadonlyArray<{ readonly service: string; readonly resourceType: string; readonly traceName: string }>;
}

/** The plan for the events of `tables` over a window ending at `now`. */
export function tracePlan(
  tables: readonly OperationsTable[],
  options: { now: Date; windowMs: number; maxPages?: number; keepDetails?: boolean },
): TracePlan {
  const seen = new Set<string>();
  const events = tables
    .flatMap((t) => tableEvents(t))
    .filter((e) => {
      const key = `${e.service}\u0000${e.resourceType}\u0000${e.traceName}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .map(({ service, resourceType, traceName }) => ({ service, resourceType, traceName }));
  const to = options.now.getTime();
  return {
    from: to - options.windowMs,
    to,
    maxPages: options.maxPages ?? DEFAULT_MAX_PAGES,
    keepDetails: options.keepDetails === true,
    events,
  };
}

/** The (service, resource type) pairs of the plan's events, each once, in order. */
export function resourceTypesOf(events: TracePlan['events']): Array<{ service: string; resourceType: string }> {
  const out = new Map<string, { service: string; resourceType: string }>();
  for (const e of events) out.set(`${e.service}\u0000${e.resourceType}`, { service: e.service, resourceType: e.resourceType });
  return [...out.values()];
}

/** The query of a trace search (without `next`): every event's, then every resource type's. */
export function traceQuery(
  plan: Pick<TracePlan, 'from' | 'to'>,
  what: { service: string; resourceType: string; traceName?: string },
): Record<string, string> {
  return {
    trace_type: 'system',
    service_type: what.service,
    resource_type: what.resourceType,
    ...(what.traceName !== undefined ? { trace_name: what.traceName } : {}),
    from: String(plan.from),
    to: String(plan.to),
    limit: String(TRACE_PAGE),
  };
}

/** Reads every query of the plan in one place, each paged up to the bound. Never throws for an API failure. */
export async function readTraces(client: LiveClient, region: string, projectId: string, plan: TracePlan): Promise<Answer[]> {
  const queries = [...plan.events.map((e) => traceQuery(plan, e)), ...resourceTypesOf(plan.events).map((r) => traceQuery(plan, r))];
  const pages = await Promise.all(
    queries.map((query) =>
      tracePages((next) => client.get('cts', region, projectId, TRACES_PATH, next ? { ...query, next } : query), plan),
    ),
  );
  return pages.flat();
}

/** Reads pages until the last (no marker), an empty page, a failure, or the bound. */
async function tracePages(read: (next: string | undefined) => Promise<Answer>, plan: TracePlan): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next: string | undefined;
  for (let page = 0; page < plan.maxPages; page++) {
    const answer = await read(next);
    answers.push(plan.keepDetails ? answer : trimmed(answer));
    const { traces, marker } = pageOf(answer);
    if (traces === undefined || traces.length === 0 || marker === undefined || marker === next) break;
    next = marker;
  }
  return answers;
}

/** A page's traces and its marker for the next page; traces undefined when the answer is not a page. */
export function pageOf(answer: Answer | undefined): { traces?: Array<Record<string, unknown>>; marker?: string } {
  const body = answer && !answer.error ? answer.body : undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const { traces, meta_data: meta } = body as { traces?: unknown; meta_data?: { marker?: unknown } };
  if (!Array.isArray(traces)) return {};
  const marker =
    typeof meta === 'object' && meta !== null && typeof meta.marker === 'string' && meta.marker !== '' ? meta.marker : undefined;
  return {
    traces: traces.map((t) => (typeof t === 'object' && t !== null && !Array.isArray(t) ? (t as Record<string, unknown>) : {})),
    ...(marker !== undefined ? { marker } : {}),
  };
}

/** The answer with each trace reduced to the fields that prove the point, and the page's marker. */
export function trimmed(answer: Answer): Answer {
  const { traces } = pageOf(answer);
  if (traces === undefined) return answer;
  const meta = (answer.body as { meta_data?: { count?: unknown; marker?: unknown } }).meta_data;
  const body = {
    traces: traces.map((t) => Object.fromEntries(KEPT_TRACE_FIELDS.filter((k) => t[k] !== undefined).map((k) => [k, t[k]]))),
    meta_data: {
      ...(typeof meta?.count === 'number' ? { count: meta.count } : {}),
      marker: typeof meta?.marker === 'string' ? meta.marker : null,
    },
  };
  return { ...answer, body };
}

/** `--since`: a window of N days, hours or minutes (`7d`, `36h`, `90m`), at most the 7 days CTS keeps; in ms. */
export function parseWindow(text: string): number {
  const m = /^([1-9]\d{0,6})([dhm])$/.exec(text.trim());
  if (!m) throw new InputError('--since', '', `"${text}" is not a window such as 7d, 36h or 90m (days, hours or minutes)`);
  const ms = Number(m[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm'];
  if (ms > MAX_WINDOW_MS) {
    throw new InputError('--since', '', `"${text}" is longer than the 7 days of traces CTS keeps to query; use at most 7d`);
  }
  return ms;
}

/** `--max-pages`: pages of 200 traces read per query, 1 to 1000. */
export function parseMaxPages(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > 1000) {
    throw new InputError('--max-pages', '', `"${text}" is not a whole number of pages from 1 to 1000`);
  }
  return Number(text);
}
