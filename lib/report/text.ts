/**
 * The text report, for a terminal: a coverage matrix of events by region,
 * what is not covered and why, the findings, and one summary line.
 *
 * This module also holds what the other reporters share (the matrix, the
 * summary line, ordering and cleaning of text), so that every format says
 * the same thing in the same order.
 */
import type { AppliedWaiver, EventResult, EventStatus, Finding, Location, Severity, Verdict } from '../evaluate/verdict';
import {
  type PlaceColumn,
  eventNamer,
  eventsPerPlace,
  eventsPhrase,
  foldColumns,
  foldsColumns,
  groupCauses,
  groupFindings,
  matrixPlaces,
  nearMissScope,
  placeWords,
  rowKey,
} from './fold';
import type { ReportOptions } from './common';

// ---------------------------------------------------------------------------
// Shared by the reporters
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// The text reporter
// ---------------------------------------------------------------------------

const WIDTH = 120;
const DETAIL_INDENT = '      ';

type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'boldRed' | 'boldGreen';
const ANSI: Record<Style, string> = {
  bold: '1',
  dim: '2',
  red: '31',
  green: '32',
  yellow: '33',
  blue: '34',
  magenta: '35',
  cyan: '36',
  boldRed: '1;31',
  boldGreen: '1;32',
};

const STATUS_STYLE: Record<EventStatus, Style> = {
  covered: 'green',
  partial: 'yellow',
  unknown: 'magenta',
  uncovered: 'red',
  waived: 'cyan',
};
const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', note: 'blue' };

const UNICODE_SYMBOLS: Record<EventStatus, string> = { covered: '✓', partial: '~', unknown: '?', uncovered: '✗', waived: 'W' };
const ASCII_SYMBOLS: Record<EventStatus, string> = { covered: '+', partial: '~', unknown: '?', uncovered: 'x', waived: 'W' };

/** The text report. */
export function text(verdict: Verdict, options: ReportOptions): string {
  const paint = (style: Style, s: string) => (options.color && s !== '' ? `\u001b[${ANSI[style]}m${s}\u001b[0m` : s);
  const symbols = options.ascii ? ASCII_SYMBOLS : UNICODE_SYMBOLS;
  const statusLabel = (s: EventStatus) => `${symbols[s]} ${s}`;
  const statusWidth = Math.max(...STATUS_DISPLAY_ORDER.map((s) => statusLabel(s).length));
  // Padding goes outside the colour, so that trailing blanks can be trimmed.
  const paintStatus = (s: EventStatus, width = 0) =>
    paint(STATUS_STYLE[s], statusLabel(s)) + ' '.repeat(Math.max(0, width - statusLabel(s).length));

  const lines: string[] = [];
  // An indented detail line, wrapped; its continuation lines are indented a little more.
  const detail = (label: string, body: string, style?: Style) => {
    wrapText(cleanText(label + body), WIDTH - DETAIL_INDENT.length - 2).forEach((line, i) => {
      lines.push(DETAIL_INDENT + (i > 0 ? '  ' : '') + (style ? paint(style, line) : line));
    });
  };
  const words = placeWords(verdict);
  const name = eventNamer(verdict);

  // Header: what was checked.
  lines.push(paint('bold', `${oneLine(verdict.tool.name)} ${oneLine(verdict.tool.version)}`));
  if (verdict.inputs.length > 0) {
    lines.push(`Inputs: ${verdict.inputs.map((i) => `${oneLine(i.file)} (${i.kind})`).join(', ')}`);
  }
  const regionSource = verdict.regionSource === 'option' ? 'from the options' : 'found in the inputs';
  lines.push(
    ...wrapText(`Regions: ${verdict.regions.length > 0 ? verdict.regions.map(oneLine).join(', ') : 'none'} (${regionSource})`, WIDTH).map(
      (l, i) => (i > 0 ? '  ' : '') + l,
    ),
  );
  lines.push('');

  // The matrix: one column per place, or per group of places alike when there are many.
  const matrix = coverageMatrix(verdict);
  const rowCount = matrix.tables.reduce((n, t) => n + t.resourceTypes.reduce((m, g) => m + g.rows.length, 0), 0);
  if (rowCount === 0) {
    lines.push('No events were evaluated.');
  } else {
    const folded = foldColumns(matrix);
    const fold = foldsColumns(matrix, folded);
    const columns = fold
      ? labelColumns(folded)
      : matrixPlaces(matrix).map((r) => ({ label: r, places: [r], cell: (row: MatrixRow) => row.cells.get(r) }));
    const labelWidth = Math.max(
      'Event'.length,
      ...matrix.tables.flatMap((t) => t.resourceTypes.flatMap((g) => g.rows.map((r) => 4 + oneLine(r.event).length))),
    );
    const columnWidths = columns.map((c) => Math.max(statusWidth, oneLine(c.label).length));
    const row = (label: string, cells: string[]) => (label.padEnd(labelWidth) + cells.map((c) => '  ' + c).join('')).trimEnd();
    lines.push(
      paint(
        'bold',
        row(
          'Event',
          columns.map((c, i) => oneLine(c.label).padEnd(columnWidths[i])),
        ),
      ),
    );
    for (const table of matrix.tables) {
      if (table.resourceTypes.length === 0) continue;
      lines.push(paint('bold', oneLine(`${table.id}: ${table.title} (service ${table.service})`)));
      for (const group of table.resourceTypes) {
        lines.push(`  ${oneLine(group.resourceType)}`);
        for (const r of group.rows) {
          const cells = columns.map((column, i) => {
            const cell = column.cell(r);
            return cell ? paintStatus(cell.status, columnWidths[i]) : '-'.padEnd(columnWidths[i]);
          });
          lines.push(row(`    ${oneLine(r.event)}`, cells));
        }
      }
    }
    // Which places a folded column stands for.
    const legend = fold ? (columns as ReturnType<typeof labelColumns>).filter((c) => c.places.length > 1) : [];
    if (legend.length > 0) lines.push('');
    for (const c of legend) {
      detail(`${c.letter}: `, `${plural(c.places.length, 'place')}, ${c.summary}: ${c.places.map(oneLine).join(', ')}`);
    }
  }

  // What to fix, each cause once, with where it applies and the events it affects.
  const perPlace = eventsPerPlace(verdict);
  const groups = groupCauses(verdict, words).filter((g) => g.status !== 'waived');
  if (groups.length > 0) {
    const total = groups.reduce((n, g) => n + g.causes.length, 0);
    lines.push(
      '',
      paint('bold', `Causes: ${plural(total, 'thing', 'things')} to fix${total > groups.length ? `, ${groups.length} alike` : ''}`),
    );
    for (const g of groups) {
      const where = g.places.length > 1 ? `${g.places.length} places` : oneLine(g.places[0] ?? '');
      const mixed = Object.keys(g.statuses).length > 1 ? `  (${statusCounts(g.statuses)})` : '';
      lines.push(`  ${paintStatus(g.status, statusWidth)}  ${where}${mixed}`);
      detail('', g.reason);
      if (g.places.length > 1) detail('in: ', g.places.join(', '));
      const phrase = eventsPhrase(g, perPlace);
      if (phrase.startsWith('all ')) detail('', phrase);
      else detail(`${phrase}: `, abbreviate(g.events.map(name), EVENTS_SHOWN));
      for (const m of g.nearMisses) detail(`near miss${nearMissScope(g, m.events, name)}: `, m.text);
      if (g.causes.length === 1) {
        for (const l of g.causes[0].locations) {
          const at = describeSource(l);
          if (at) detail('at ', at, 'dim');
        }
      }
    }
  }

  // What is waived: by waiver, each event once with the places it is waived in.
  const waived = waivedEvents(verdict);
  if (waived.length > 0) {
    lines.push('', paint('bold', 'Waived'));
    for (const w of waived) {
      lines.push(`  ${paintStatus('waived', statusWidth)}  ${oneLine(w.waiver.id)} until ${oneLine(w.waiver.expires)}`);
      detail('', w.waiver.reason, 'cyan');
      for (const e of w.events) {
        const was = e.was.length > 0 ? ` (was ${e.was.join(', ')})` : '';
        detail(`${name(e.id)}${was} in `, e.places.join(', '));
      }
    }
  }

  // Findings, those alike in several places once.
  const findings = groupFindings(sortFindings(verdict.findings), words);
  if (findings.length > 0) {
    lines.push('', paint('bold', 'Findings'));
    for (const g of findings) {
      const [f] = g.findings;
      const parts = [oneLine(g.ruleId)];
      if (g.findings.length > 1) {
        parts.push(`${g.places.length > 0 ? plural(g.places.length, 'place') : plural(g.findings.length, 'finding')}`);
      } else {
        parts.push(oneLine(f.region ?? g.places[0] ?? '-'));
        const address = findingAddress(f);
        if (address) parts.push(oneLine(address));
      }
      const severity = paint(f.waiver ? 'dim' : SEVERITY_STYLE[f.severity], f.severity) + ' '.repeat(7 - f.severity.length);
      const waivedTag = f.waiver ? '  ' + paint('cyan', '[waived]') : '';
      lines.push(`  ${severity}  ${parts.join('  ')}${waivedTag}`);
      detail('', g.message);
      if (g.findings.length > 1) {
        if (g.places.length > 0) detail('in: ', g.places.join(', '));
      } else {
        const at = describeSource(f.location);
        if (at) detail('at ', at, 'dim');
      }
      if (f.waiver) detail(`waived by ${f.waiver.id} until ${f.waiver.expires}: `, f.waiver.reason, 'cyan');
    }
  }

  // The summary.
  lines.push('', paint(verdict.passed ? 'boldGreen' : 'boldRed', summaryLine(verdict)));
  return lines.join('\n') + '\n';
}

/** How many events a cause lists before "and N more". */
const EVENTS_SHOWN = 8;

/** `a, b, c and 5 more`: the first `shown` items of a list, and how many are left out. */
export function abbreviate(items: readonly string[], shown: number): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown - 1).join(', ')} and ${items.length - shown + 1} more`;
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

/**
 * Splits text into lines of at most `width` characters, breaking at spaces
 * (a longer word gets a line of its own); existing newlines are kept.
 */
export function wrapText(s: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of s.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line === '') line = word;
      else if (line.length + 1 + word.length <= width) line += ' ' + word;
      else {
        out.push(line);
        line = word;
      }
    }
    out.push(line);
  }
  return out;
}
