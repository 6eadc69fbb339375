/**
 * The text report, for a terminal: a coverage matrix of events by region,
 * what is not covered and why, the findings, and one summary line.
 *
 * This module also holds what the other reporters share (the matrix, the
 * summary line, ordering and cleaning of text), so that every format says
 * the same thing in the same order.
 */
import type { EventResult, EventStatus, Finding, Location, Severity, Verdict } from '../evaluate/verdict';
import type { ReportOptions } from './index';

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

  // Header: what was checked.
  lines.push(paint('bold', `${oneLine(verdict.tool.name)} ${oneLine(verdict.tool.version)}`));
  if (verdict.inputs.length > 0) {
    lines.push(`Inputs: ${verdict.inputs.map((i) => `${oneLine(i.file)} (${i.kind})`).join(', ')}`);
  }
  const regionSource = verdict.regionSource === 'option' ? 'from the options' : 'found in the inputs';
  lines.push(`Regions: ${verdict.regions.length > 0 ? verdict.regions.map(cleanText).join(', ') : 'none'} (${regionSource})`);
  lines.push('');

  // The matrix.
  const matrix = coverageMatrix(verdict);
  const rowCount = matrix.tables.reduce((n, t) => n + t.resourceTypes.reduce((m, g) => m + g.rows.length, 0), 0);
  if (rowCount === 0) {
    lines.push('No events were evaluated.');
  } else {
    const labelWidth = Math.max(
      'Event'.length,
      ...matrix.tables.flatMap((t) => t.resourceTypes.flatMap((g) => g.rows.map((r) => 4 + oneLine(r.event).length))),
    );
    const columnWidths = matrix.regions.map((r) => Math.max(statusWidth, oneLine(r).length));
    const row = (label: string, cells: string[]) => (label.padEnd(labelWidth) + cells.map((c) => '  ' + c).join('')).trimEnd();
    lines.push(
      paint(
        'bold',
        row(
          'Event',
          matrix.regions.map((r, i) => oneLine(r).padEnd(columnWidths[i])),
        ),
      ),
    );
    for (const table of matrix.tables) {
      if (table.resourceTypes.length === 0) continue;
      lines.push(paint('bold', oneLine(`${table.id}: ${table.title} (service ${table.service})`)));
      for (const group of table.resourceTypes) {
        lines.push(`  ${oneLine(group.resourceType)}`);
        for (const r of group.rows) {
          const cells = matrix.regions.map((region, i) => {
            const cell = r.cells.get(region);
            return cell ? paintStatus(cell.status, columnWidths[i]) : '-'.padEnd(columnWidths[i]);
          });
          lines.push(row(`    ${oneLine(r.event)}`, cells));
        }
      }
    }
  }

  // What is not covered, and why.
  const notCovered = eventsInMatrixOrder(verdict).filter((e) => e.status !== 'covered');
  if (notCovered.length > 0) {
    lines.push('', paint('bold', 'Not covered'));
    const regionWidth = Math.max(...notCovered.map((e) => oneLine(e.region).length));
    for (const e of notCovered) {
      const was = e.status === 'waived' && e.unwaivedStatus ? ` (was ${e.unwaivedStatus})` : '';
      lines.push(`  ${paintStatus(e.status, statusWidth)}  ${oneLine(e.region).padEnd(regionWidth)}  ${oneLine(e.id)}${was}`);
      if (e.waiver) detail(`waived by ${e.waiver.id} until ${e.waiver.expires}: `, e.waiver.reason, 'cyan');
      for (const reason of e.reasons) detail('reason: ', reason);
      for (const miss of e.nearMisses) detail('near miss: ', miss);
    }
  }

  // Findings.
  const findings = sortFindings(verdict.findings);
  if (findings.length > 0) {
    lines.push('', paint('bold', 'Findings'));
    for (const f of findings) {
      const parts = [oneLine(f.ruleId), oneLine(f.region ?? '-')];
      const address = findingAddress(f);
      if (address !== undefined) parts.push(oneLine(address));
      const severity = paint(f.waiver ? 'dim' : SEVERITY_STYLE[f.severity], f.severity) + ' '.repeat(7 - f.severity.length);
      const waived = f.waiver ? '  ' + paint('cyan', '[waived]') : '';
      lines.push(`  ${severity}  ${parts.join('  ')}${waived}`);
      detail('', f.message);
      const at = describeSource(f.location);
      if (at) detail('at ', at, 'dim');
      if (f.waiver) detail(`waived by ${f.waiver.id} until ${f.waiver.expires}: `, f.waiver.reason, 'cyan');
    }
  }

  // The summary.
  lines.push('', paint(verdict.passed ? 'boldGreen' : 'boldRed', summaryLine(verdict)));
  return lines.join('\n') + '\n';
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
