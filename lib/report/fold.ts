/**
 * Folding, for reports that stay readable at fleet scale: what reads the
 * same in many places is said once, with the places it applies to.
 *
 * - Causes (`verdict.causes`, one per place) whose reason, events and near
 *   misses are the same once the place is taken out of their text fold into
 *   one group: "tracker cts/tracker/system is disabled" in 5 regions is one
 *   line with 5 places, not 5 lines.
 * - Findings fold the same way, by rule, severity and message.
 * - Places with the same status for every event share one matrix column
 *   ("25 places: all covered").
 *
 * A place label (`cn-north-4`, `cn-north-4/<project>`, `<account>/<region>/<project>`)
 * is opaque text: to take the place out of a text, every label of the
 * verdict, each part of a label between slashes, and each project are
 * replaced where they stand as words. Pure functions of the verdict.
 */
import type { Cause, EventResult, EventStatus, Finding, Verdict } from '../evaluate/verdict';

/** What folding needs of a coverage matrix (`coverageMatrix` in ./text). */
export interface MatrixLike {
  readonly regions: readonly string[];
  readonly tables: ReadonlyArray<{
    readonly resourceTypes: ReadonlyArray<{
      readonly rows: ReadonlyArray<{ readonly table: string; readonly id: string; readonly cells: ReadonlyMap<string, EventResult> }>;
    }>;
  }>;
}

/** What stands for a place in a text folded over several places. */
export const PLACE = '<place>';

/** Places with the same results fold into one column only when there are more than this many places. */
export const FOLD_COLUMNS_ABOVE = 4;

/** Takes the places of a verdict out of texts. */
export interface PlaceWords {
  /** The text with every place in it replaced by {@link PLACE}. */
  template(text: string): string;
  /** The first place label the text names, if any. */
  placeIn(text: string): string | undefined;
}

/** The place words of a verdict: its labels, their parts, and the projects of its events. */
export function placeWords(verdict: Verdict): PlaceWords {
  const labels = new Set([...verdict.regions, ...verdict.events.map((e) => e.region)]);
  const words = new Set<string>(labels);
  for (const label of labels) for (const part of label.split('/')) words.add(part);
  for (const e of verdict.events) if (e.project !== undefined) words.add(e.project);
  // Longest first, so that a whole label wins over its parts; very short parts would match ordinary words.
  const sorted = [...words].filter((w) => w.length >= 3).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const regex = sorted.length > 0 ? new RegExp(`(?<![A-Za-z0-9])(?:${sorted.map(escapeRegExp).join('|')})(?![A-Za-z0-9])`, 'g') : undefined;
  const labelRegex =
    labels.size > 0
      ? new RegExp(
          `(?<![A-Za-z0-9])(?:${[...labels]
            .sort((a, b) => b.length - a.length)
            .map(escapeRegExp)
            .join('|')})(?![A-Za-z0-9])`,
        )
      : undefined;
  return {
    template: (text) => {
      if (!regex) return text;
      const replaced = text.replace(regex, PLACE);
      // `<region>/<project>` in a text is one place.
      return replaced.split(`${PLACE}/${PLACE}`).join(PLACE);
    },
    placeIn: (text) => (labelRegex ? labelRegex.exec(text)?.[0] : undefined),
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Causes that read the same in several places. */
export interface CauseGroup {
  /** The causes, one per place, in the verdict's order. */
  readonly causes: readonly Cause[];
  /** Their places. */
  readonly places: readonly string[];
  /** The reason: the cause's own for one place, else with {@link PLACE} for each place. */
  readonly reason: string;
  /** The worst status. */
  readonly status: Exclude<EventStatus, 'covered'>;
  /** Its events in each place (the same in every place of the group). */
  readonly events: readonly string[];
  /** Event results by status, over every place. */
  readonly statuses: Readonly<Partial<Record<Exclude<EventStatus, 'covered'>, number>>>;
  /** Near misses, as in {@link reason}, with the events (in each place) each concerns. */
  readonly nearMisses: ReadonlyArray<{ readonly text: string; readonly events: readonly string[] }>;
}

const WORST_FIRST: ReadonlyArray<Exclude<EventStatus, 'covered'>> = ['uncovered', 'unknown', 'partial', 'waived'];

/**
 * The verdict's causes, folded over places: worst first (waived last), then
 * the groups that affect the most events, then the verdict's order.
 */
export function groupCauses(verdict: Verdict, words: PlaceWords = placeWords(verdict)): CauseGroup[] {
  const groups = new Map<string, Cause[]>();
  for (const c of verdict.causes) {
    const key = [
      c.status === 'waived' ? 'waived' : 'open',
      words.template(c.reason),
      c.events.join(','),
      ...c.nearMisses.map((m) => `${words.template(m.text)}\u0001${m.events.join(',')}`).sort(),
    ].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const out = [...groups.values()].map((causes): CauseGroup => {
    const [first] = causes;
    const several = new Set(causes.map((c) => c.region)).size > 1;
    const statuses: Partial<Record<Exclude<EventStatus, 'covered'>, number>> = {};
    for (const c of causes) {
      for (const [s, n] of Object.entries(c.statuses)) {
        statuses[s as keyof typeof statuses] = (statuses[s as keyof typeof statuses] ?? 0) + n;
      }
    }
    return {
      causes,
      places: [...new Set(causes.map((c) => c.region))],
      reason: several ? words.template(first.reason) : first.reason,
      status: WORST_FIRST.find((s) => causes.some((c) => c.status === s)) ?? first.status,
      events: first.events,
      statuses,
      nearMisses: first.nearMisses.map((m) => ({ text: several ? words.template(m.text) : m.text, events: m.events })),
    };
  });
  const order = new Map(out.map((g, i) => [g, i]));
  return out.sort(
    (a, b) =>
      WORST_FIRST.indexOf(a.status) - WORST_FIRST.indexOf(b.status) || eventCount(b) - eventCount(a) || order.get(a)! - order.get(b)!,
  );
}

/** How many event results a group stands for, over its places. */
export function eventCount(g: CauseGroup): number {
  return Object.values(g.statuses).reduce((n, k) => n + (k ?? 0), 0);
}

/** Findings that read the same in several places. */
export interface FindingGroup {
  readonly findings: readonly Finding[];
  /** The places they are in (their region, else the place their message names), in order. */
  readonly places: readonly string[];
  readonly ruleId: string;
  readonly severity: Finding['severity'];
  /** The message: the finding's own when there is one, else with {@link PLACE} for each place. */
  readonly message: string;
}

/** Findings folded over places, in the order given: same rule, severity, waiver and message but for the place. */
export function groupFindings(findings: readonly Finding[], words: PlaceWords): FindingGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = [
      f.ruleId,
      f.severity,
      f.waiver ? `${f.waiver.id}\u0001${f.waiver.expires}\u0001${f.waiver.reason}` : '',
      words.template(f.message),
    ].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].map((list) => {
    const places = [...new Set(list.map((f) => f.region ?? words.placeIn(f.message)).filter((p): p is string => p !== undefined))];
    return {
      findings: list,
      places,
      ruleId: list[0].ruleId,
      severity: list[0].severity,
      message: list.length > 1 ? words.template(list[0].message) : list[0].message,
    };
  });
}

/** One column of a folded matrix: places with the same status for every event. */
export interface PlaceColumn {
  /** The places, in the matrix's order. */
  readonly places: readonly string[];
  /** The status of each row (by `<table>\u0000<id>`), for every place of the column; absent where none has a result. */
  readonly statuses: ReadonlyMap<string, EventStatus>;
  /** Results of one of its places, by row key, for what the cells show. */
  readonly cells: ReadonlyMap<string, EventResult>;
}

/** The key of a matrix row in {@link PlaceColumn}. */
export function rowKey(row: { readonly table: string; readonly id: string }): string {
  return `${row.table}\u0000${row.id}`;
}

/** The places of a matrix: those its events are in, else its regions. */
export function matrixPlaces(matrix: MatrixLike): string[] {
  const withCells = matrix.regions.filter((r) =>
    matrix.tables.some((t) => t.resourceTypes.some((g) => g.rows.some((row) => row.cells.has(r)))),
  );
  return withCells.length > 0 ? withCells : [...matrix.regions];
}

/**
 * The matrix's places as columns, those with the same status for every
 * event together, in the order of their first place.
 */
export function foldColumns(matrix: MatrixLike): PlaceColumn[] {
  const rows = matrix.tables.flatMap((t) => t.resourceTypes.flatMap((g) => g.rows));
  const columns = new Map<string, { places: string[]; statuses: Map<string, EventStatus>; cells: Map<string, EventResult> }>();
  for (const place of matrixPlaces(matrix)) {
    const statuses = new Map<string, EventStatus>();
    const cells = new Map<string, EventResult>();
    for (const row of rows) {
      const cell = row.cells.get(place);
      if (cell) {
        statuses.set(rowKey(row), cell.status);
        cells.set(rowKey(row), cell);
      }
    }
    const signature = rows.map((row) => statuses.get(rowKey(row)) ?? '-').join(',');
    const column = columns.get(signature);
    if (column) column.places.push(place);
    else columns.set(signature, { places: [place], statuses, cells });
  }
  return [...columns.values()];
}

/** Whether a matrix's columns fold: more than {@link FOLD_COLUMNS_ABOVE} places, some of them alike. */
export function foldsColumns(matrix: MatrixLike, columns: readonly PlaceColumn[] = foldColumns(matrix)): boolean {
  return matrixPlaces(matrix).length > FOLD_COLUMNS_ABOVE && columns.length < matrixPlaces(matrix).length;
}

/**
 * How an event is named in a list: its id without the service when every
 * event of the verdict has the same service (`Notebook/createNotebook`).
 */
export function eventNamer(verdict: Verdict): (id: string) => string {
  const services = new Set(verdict.events.map((e) => e.service));
  if (services.size !== 1) return (id) => id;
  const [service] = services;
  return (id) => (id.startsWith(`${service}/`) ? id.slice(service.length + 1) : id);
}

/** The number of events each place of a verdict has a result for. */
export function eventsPerPlace(verdict: Verdict): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of verdict.events) out.set(e.region, (out.get(e.region) ?? 0) + 1);
  return out;
}

/**
 * Which of a group's events a near miss concerns, for its label: nothing
 * when it concerns them all, their names when they are few, else how many.
 */
export function nearMissScope(group: CauseGroup, events: readonly string[], name: (id: string) => string): string {
  if (events.length === group.events.length) return '';
  if (events.length <= 3) return ` (${events.map(name).join(', ')})`;
  return ` (${events.length} of ${group.events.length} events)`;
}

/**
 * `22 events`, or `all 22 events` when a group's events are every event its
 * places have a result for.
 */
export function eventsPhrase(group: CauseGroup, perPlace: ReadonlyMap<string, number>): string {
  const n = group.events.length;
  const all = group.places.every((p) => perPlace.get(p) === n);
  const each = group.places.length > 1 ? ' in each place' : '';
  return `${all && n > 1 ? 'all ' : ''}${n} ${n === 1 ? 'event' : 'events'}${each}`;
}
