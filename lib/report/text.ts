/**
 * The text report, for a terminal: a coverage matrix of events by region,
 * what is not covered and why, the findings, and one summary line.
 * What the other reporters share with it (the matrix, the summary line,
 * ordering and cleaning of text) is in lib/report/common.ts, so that every
 * format says the same thing in the same order.
 */
import type { EventStatus, Severity, Verdict } from '../evaluate/verdict';
import {
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
} from './fold';
import {
  type MatrixRow,
  type ReportOptions,
  STATUS_DISPLAY_ORDER,
  cleanText,
  coverageMatrix,
  describeSource,
  findingAddress,
  labelColumns,
  oneLine,
  plural,
  sortFindings,
  statusCounts,
  summaryLine,
  waivedEvents,
} from './common';

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
