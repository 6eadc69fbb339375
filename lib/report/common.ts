/**
 * What every reporter shares: the options a reporter may depend on besides
 * the verdict, and the helpers more than one format uses. The reporters and
 * lib/report/index.ts import this module; it imports none of them.
 */
import type { AppliedWaiver, EventResult, EventStatus, Finding, Location, Severity, Verdict } from '../evaluate/verdict';
import { type PlaceColumn, rowKey } from './fold';

/** What a reporter may depend on besides the verdict. */
export interface ReportOptions {
  /** ANSI colours in the text report. The CLI sets it for a TTY when NO_COLOR is not set. Other formats ignore it. */
  readonly color: boolean;
  /**
   * ASCII status symbols in the text report (`+`, `x`) instead of `✓` and `✗`, for terminals that cannot show
   * them. Other formats ignore it. Default: false.
   */
  readonly ascii?: boolean;
  /**
   * Where else the reports of this check are (the files of its other formats, the address of the CI run), for a
   * report that must leave something out to say where the whole of it is. Default: none.
   */
  readonly elsewhere?: readonly string[];
  /** When the check ran (ISO 8601), for reports that say so (HTML). Default: not said. */
  readonly checkedAt?: string;
}

/** A reporter: a pure function from a verdict to the whole output, ending with a newline. */
export type Reporter = (verdict: Verdict, options: ReportOptions) => string;

/** The statuses in the order reports list their counts. */
export const STATUS_DISPLAY_ORDER: readonly EventStatus[] = ['covered', 'partial', 'unknown', 'uncovered', 'waived'];

/** True for the statuses that fail the check (everything but covered and waived). */
export function isFailing(status: EventStatus): boolean {
  return status === 'partial' || status === 'unknown' || status === 'uncovered';
}

/** One event (a table row's trace name) across the regions: one row of the matrix. */
export interface MatrixRow {
  readonly table: string;
  readonly service: string;
  readonly resourceType: string;
  readonly event: string;
  /** `<service>/<resourceType>/<traceName>`. */
  readonly id: string;
  /** The result in each region, by region name; a region without a result has no entry. */
  readonly cells: ReadonlyMap<string, EventResult>;
}

/** The rows of one table, grouped by resource type. */
export interface MatrixTable {
  readonly id: string;
  readonly title: string;
  readonly service: string;
  readonly resourceTypes: ReadonlyArray<{ readonly resourceType: string; readonly rows: readonly MatrixRow[] }>;
}

/** The coverage matrix: columns (regions) and rows grouped by table, then resource type. */
export interface Matrix {
  readonly regions: readonly string[];
  readonly tables: readonly MatrixTable[];
}

/**
 * Builds the coverage matrix. Regions are the verdict's, in its order, then
 * any other region an event names. Tables follow `verdict.tables`, then any
 * other table an event names; resource types and events keep the order in
 * which the events first list them (the table's order).
 */
export function coverageMatrix(verdict: Verdict): Matrix {
  const regions = unique([...verdict.regions, ...verdict.events.map((e) => e.region)]);
  const known = new Map(verdict.tables.map((t) => [t.id, t]));
  const tableIds = unique([...verdict.tables.map((t) => t.id), ...verdict.events.map((e) => e.table)]);

  type MutableRow = { table: string; service: string; resourceType: string; event: string; id: string; cells: Map<string, EventResult> };
  const byTable = new Map<string, Map<string, Map<string, MutableRow>>>();
  for (const id of tableIds) byTable.set(id, new Map());
  for (const e of verdict.events) {
    const types = byTable.get(e.table)!;
    let rows = types.get(e.resourceType);
    if (!rows) types.set(e.resourceType, (rows = new Map()));
    const key = `${e.service}\u0000${e.event}`;
    let row = rows.get(key);
    if (!row) {
      row = { table: e.table, service: e.service, resourceType: e.resourceType, event: e.event, id: e.id, cells: new Map() };
      rows.set(key, row);
    }
    // Two results for one event and region should not happen; keep the first, as the others do.
    if (!row.cells.has(e.region)) row.cells.set(e.region, e);
  }

  const tables = tableIds.map((id): MatrixTable => {
    const info = known.get(id);
    const types = byTable.get(id)!;
    const firstRow = [...types.values()][0]?.values().next().value;
    return {
      id,
      title: info?.title ?? id,
      service: info?.service ?? firstRow?.service ?? '',
      resourceTypes: [...types].map(([resourceType, rows]) => ({ resourceType, rows: [...rows.values()] })),
    };
  });
  return { regions, tables };
}

/** The events in matrix order (table, resource type, event), region by region within each event. */
export function eventsInMatrixOrder(verdict: Verdict): EventResult[] {
  const matrix = coverageMatrix(verdict);
  const out: EventResult[] = [];
  for (const table of matrix.tables) {
    for (const group of table.resourceTypes) {
      for (const row of group.rows) {
        for (const region of matrix.regions) {
          const cell = row.cells.get(region);
          if (cell) out.push(cell);
        }
      }
    }
  }
  return out;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** Findings worst first: unwaived errors, warnings, notes, then waived ones; otherwise in the verdict's order. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => (f.waiver ? 3 : 0) + SEVERITY_RANK[f.severity];
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map(({ f }) => f);
}

/** `1 region`, `2 regions`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * The one-line summary every format shows, e.g.
 * `FAIL 20/22 events covered in 1 region; 1 partial, 1 uncovered; 2 errors, 1 warning`.
 */
export function summaryLine(verdict: Verdict): string {
  const ev = verdict.summary.events;
  const fi = verdict.summary.findings;
  const parts = [
    `${verdict.passed ? 'PASS' : 'FAIL'} ${ev.covered}/${ev.total} events covered in ${plural(verdict.regions.length, 'region')}`,
  ];
  const notCovered = STATUS_DISPLAY_ORDER.filter((s) => s !== 'covered' && ev[s] > 0).map((s) => `${ev[s]} ${s}`);
  if (notCovered.length > 0) parts.push(notCovered.join(', '));
  const findings = [
    fi.error > 0 ? plural(fi.error, 'error') : '',
    fi.warning > 0 ? plural(fi.warning, 'warning') : '',
    fi.note > 0 ? plural(fi.note, 'note') : '',
    fi.waived > 0 ? plural(fi.waived, 'waived finding') : '',
  ].filter(Boolean);
  parts.push(findings.length > 0 ? findings.join(', ') : 'no findings');
  return parts.join('; ');
}

/**
 * Makes text from the inputs safe to print: control characters (an escape
 * sequence in a resource name could rewrite the terminal) are shown as
 * `\xNN` / `\u{NNNN}`; tabs become spaces; newlines are kept.
 */
export function cleanText(s: string): string {
  return (
    s
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, ' ')
      // Control characters from the inputs are shown escaped, so they cannot drive a terminal.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
        const code = c.charCodeAt(0);
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
      })
  );
}

/** {@link cleanText} on one line: newlines become spaces. For labels, names and table cells. */
export function oneLine(s: string): string {
  return cleanText(s).replace(/\n/g, ' ');
}

/** `file:line pointer` for a location, or undefined when it names no file. */
export function describeSource(location: Location | undefined): string | undefined {
  const source = location?.source;
  if (!source?.file) return undefined;
  let s = source.file;
  if (source.line !== undefined) s += `:${source.line}`;
  if (source.pointer) s += ` ${source.pointer}`;
  return s;
}

/** The address of a finding: its own, else its location's. */
export function findingAddress(f: Finding): string | undefined {
  return f.address ?? f.location?.address;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** `21 uncovered, 1 waived`. */
export function statusCounts(counts: Readonly<Partial<Record<EventStatus, number>>>): string {
  return STATUS_DISPLAY_ORDER.filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}

/** Folded columns with their headers: a place's own label, or a letter and a count for several places alike. */
export function labelColumns(columns: readonly PlaceColumn[]): Array<{
  label: string;
  letter?: string;
  places: readonly string[];
  summary: string;
  cell: (row: MatrixRow) => EventResult | undefined;
}> {
  let next = 0;
  return columns.map((c) => {
    const letter = c.places.length > 1 ? columnLetter(next++) : undefined;
    return {
      label: letter !== undefined ? `${letter} (${c.places.length})` : c.places[0],
      ...(letter !== undefined ? { letter } : {}),
      places: c.places,
      summary: columnSummary(c),
      cell: (row: MatrixRow) => c.cells.get(rowKey(row)),
    };
  });
}

/** A, B, ..., Z, AA, AB, ... */
function columnLetter(i: number): string {
  return (i >= 26 ? columnLetter(Math.floor(i / 26) - 1) : '') + String.fromCharCode(65 + (i % 26));
}

/** `all covered`, or `20 covered, 2 uncovered`: the statuses of a folded column. */
export function columnSummary(column: PlaceColumn): string {
  const counts: Partial<Record<EventStatus, number>> = {};
  for (const s of column.statuses.values()) counts[s] = (counts[s] ?? 0) + 1;
  const present = STATUS_DISPLAY_ORDER.filter((s) => counts[s]);
  return present.length === 1 ? `all ${present[0]}` : statusCounts(counts);
}

/** The waived events by waiver, each event with the places it is waived in and what it was. */
export function waivedEvents(
  verdict: Verdict,
): Array<{ waiver: AppliedWaiver; events: Array<{ id: string; places: string[]; was: string[] }> }> {
  const byWaiver = new Map<string, { waiver: AppliedWaiver; events: Map<string, { id: string; places: string[]; was: string[] }> }>();
  for (const e of eventsInMatrixOrder(verdict)) {
    if (!e.waiver) continue;
    const key = `${e.waiver.id}\u0000${e.waiver.expires}\u0000${e.waiver.reason}`;
    let w = byWaiver.get(key);
    if (!w) byWaiver.set(key, (w = { waiver: e.waiver, events: new Map() }));
    let entry = w.events.get(e.id);
    if (!entry) w.events.set(e.id, (entry = { id: e.id, places: [], was: [] }));
    entry.places.push(e.region);
    if (e.unwaivedStatus && !entry.was.includes(e.unwaivedStatus)) entry.was.push(e.unwaivedStatus);
  }
  return [...byWaiver.values()].map((w) => ({ waiver: w.waiver, events: [...w.events.values()] }));
}
