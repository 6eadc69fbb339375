/**
 * The Markdown report, for a pull-request comment (GitHub-flavoured): the
 * verdict and summary line, counts by region, the full matrix folded in a
 * `<details>`, what is not covered and why, the findings, and what is waived.
 *
 * Everything taken from the inputs is escaped, so a message cannot break a
 * table, open an HTML element or inject links.
 */
import type { EventResult, EventStatus, Severity, Verdict } from '../evaluate/verdict';
import {
  type PlaceWords,
  eventCount,
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
  type ReportOptions,
  type MatrixRow,
  STATUS_DISPLAY_ORDER,
  cleanText,
  coverageMatrix,
  describeSource,
  findingAddress,
  isFailing,
  labelColumns,
  plural,
  sortFindings,
  statusCounts,
  summaryLine,
  waivedEvents,
} from './common';

/** First line of the comment, so that a bot can find and update its previous comment. */
export const MARKDOWN_MARKER = '<!-- cts-audit-report -->';

const STATUS_EMOJI: Record<EventStatus, string> = {
  covered: '✅',
  partial: '🟡',
  unknown: '❓',
  uncovered: '❌',
  waived: '⚪',
};
const SEVERITY_EMOJI: Record<Severity, string> = { error: '🔴', warning: '🟠', note: '🔵' };

const status = (s: EventStatus) => `${STATUS_EMOJI[s]} ${s}`;

/**
 * GitHub refuses a comment longer than 65,536 characters. The report is
 * measured in UTF-8 bytes, which are never fewer than characters however
 * GitHub counts them (code points or UTF-16 units), so a report within this
 * many bytes can always be posted.
 */
export const MARKDOWN_LIMIT = 65_536;

/** How many places or events a collapsed list shows before "and N more" (the JSON and HTML reports have them all). */
const LIST_SHOWN = 60;

/** A part of the report that may be left out, whole or from some item on, when the report would not fit. */
interface Section {
  /** What one item is, for the note on what was left out: `n => '3 causes'`. */
  readonly what: (n: number) => string;
  readonly head: readonly string[];
  readonly items: ReadonlyArray<readonly string[]>;
  readonly tail: readonly string[];
  /** What else is left out with each item (the event results of a cause), for the note: `n => '12 event results'`. */
  readonly weight?: { readonly of: readonly number[]; readonly what: (n: number) => string };
}

/** The Markdown report: within {@link MARKDOWN_LIMIT}, saying what it left out when it had to. */
export function markdown(verdict: Verdict, options: ReportOptions): string {
  return markdownWithin(verdict, options, MARKDOWN_LIMIT);
}

/** The Markdown report within `limit` UTF-8 bytes (see {@link MARKDOWN_LIMIT}). */
export function markdownWithin(verdict: Verdict, options: ReportOptions, limit: number): string {
  const words = placeWords(verdict);
  const name = eventNamer(verdict);
  const tool = mdText(verdict.tool.name);
  const head = [
    MARKDOWN_MARKER,
    `## ${verdict.passed ? '✅' : '❌'} ${tool}: ${verdict.passed ? 'PASS' : 'FAIL'}`,
    '',
    `**${mdText(summaryLine(verdict))}**`,
    '',
  ];

  const matrix = coverageMatrix(verdict);
  const folded = foldColumns(matrix);
  const fold = foldsColumns(matrix, folded);
  const columns = fold
    ? labelColumns(folded)
    : matrixPlaces(matrix).map((p) => ({ label: p, places: [p], cell: (row: MatrixRow) => row.cells.get(p) }));
  const sections: Section[] = [
    causesSection(verdict, words, name),
    placesSection(verdict, columns, fold),
    findingsSection(verdict, words),
    waivedSection(verdict, name),
    matrixSection(matrix, columns, fold),
  ];

  const failing = verdict.events.some((e) => isFailing(e.status));
  const open = verdict.findings.some((f) => !f.waiver);
  const allWell = !failing && !open ? ['Every required event is recorded and notified, and no finding is open.', ''] : [];
  const shownInputs = verdict.inputs.slice(0, 20).map((i) => `${mdCode(i.file)} (${i.kind})`);
  const moreInputs = verdict.inputs.length > 20 ? ` and ${verdict.inputs.length - 20} more` : '';
  const foot = [
    `<sub>${tool} ${mdText(verdict.tool.version)}${shownInputs.length > 0 ? ` · inputs: ${shownInputs.join(', ')}${moreInputs}` : ''}</sub>`,
  ];

  const render = (parts: Array<{ section: Section; shown: number }>, note: string[]) =>
    [
      ...head,
      ...parts.flatMap(({ section, shown }) =>
        shown === 0 ? [] : [...section.head, ...section.items.slice(0, shown).flat(), ...section.tail],
      ),
      ...allWell,
      ...note,
      ...foot,
    ].join('\n') + '\n';
  const full = sections.map((section) => ({ section, shown: section.items.length }));
  const whole = render(full, []);
  if (bytes(whole) <= limit) return whole;

  // Too long: keep what matters most (the sections come in that order), item by item, and say what is left out.
  const reserve =
    bytes(
      render(
        [],
        omissionNote(
          sections.map((section) => ({ section, shown: 0 })),
          options,
        ),
      ),
    ) + 200;
  let used = bytes(render([], []));
  const kept = sections.map((section) => {
    let shown = 0;
    let size = bytes([...section.head, ...section.tail].join('\n') + '\n');
    for (const item of section.items) {
      const next = size + bytes(item.join('\n') + '\n');
      if (used + next + reserve > limit) break;
      size = next;
      shown++;
    }
    if (shown > 0) used += size;
    return { section, shown };
  });
  return render(kept, omissionNote(kept, options));
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** What a shortened report left out, and where the whole of it is. */
function omissionNote(kept: ReadonlyArray<{ section: Section; shown: number }>, options: ReportOptions): string[] {
  const left = kept
    .filter(({ section, shown }) => shown < section.items.length)
    .map(({ section, shown }) => {
      const n = section.items.length - shown;
      const w = section.weight;
      const extra = w ? ` (${w.what(w.of.slice(shown).reduce((a, b) => a + b, 0))})` : '';
      return shown === 0 && section.items.length === 1 ? section.what(1) : `${shown > 0 ? 'the last ' : ''}${section.what(n)}${extra}`;
    });
  const where =
    options.elsewhere && options.elsewhere.length > 0
      ? `The full report: ${options.elsewhere.map((w) => (/^https?:\/\//.test(w) ? w : mdCode(w))).join(', ')}.`
      : 'The full report: run the same check with `--format text`, `--format json` or `--format html`.';
  return [
    `> ✂️ **Shortened to fit GitHub's limit of ${MARKDOWN_LIMIT.toLocaleString('en-US')} characters**: left out ${left.join('; ')}. ${where}`,
    '',
  ];
}

/** A collapsed list: `<details>` with a summary, the first {@link LIST_SHOWN} items, and how many more. */
function collapsed(summary: string, items: readonly string[]): string {
  const shown = items.slice(0, LIST_SHOWN).join(', ');
  const more = items.length > LIST_SHOWN ? ` and ${items.length - LIST_SHOWN} more` : '';
  return `<details><summary>${summary}</summary>${shown}${more}</details>`;
}

/** Where something applies: one place, or several collapsed. */
function where(places: readonly string[]): string {
  if (places.length === 0) return '';
  if (places.length === 1) return mdCode(places[0], true);
  return collapsed(
    plural(places.length, 'place'),
    places.map((p) => mdCode(p, true)),
  );
}

/** A column of the matrix: one place, or several alike with a letter. */
interface Column {
  readonly label: string;
  readonly letter?: string;
  readonly places: readonly string[];
  readonly cell: (row: MatrixRow) => EventResult | undefined;
}

function causesSection(verdict: Verdict, words: PlaceWords, name: (id: string) => string): Section {
  const perPlace = eventsPerPlace(verdict);
  const groups = groupCauses(verdict, words).filter((g) => g.status !== 'waived');
  const total = groups.reduce((n, g) => n + g.causes.length, 0);
  const rows = groups.map((g) => {
    const cause = [
      mdText(g.reason),
      ...g.nearMisses.map((m) => `near miss${mdText(nearMissScope(g, m.events, name))}: ${mdText(m.text)}`),
      ...(g.causes.length === 1 ? g.causes[0].locations.map(describeSource).filter((a): a is string => a !== undefined) : []).map(
        (at) => `at ${mdCode(at, true)}`,
      ),
    ].join('<br>');
    const phrase = eventsPhrase(g, perPlace);
    const names = g.events.map((id) => mdCode(name(id), true));
    const events = phrase.startsWith('all ') ? phrase : names.length <= 3 ? names.join(', ') : collapsed(phrase, names);
    const mixed = Object.keys(g.statuses).length > 1 ? `<br>${statusCounts(g.statuses)}` : '';
    return [`| ${status(g.status)}${mixed} | ${where(g.places)} | ${cause} | ${events} |`];
  });
  return {
    what: (n) => plural(n, 'cause'),
    head: [
      `### Causes: ${total} to fix${total > groups.length ? ` (${plural(groups.length, 'group')} alike)` : ''}`,
      '',
      '| Status | Where | Cause | Events |',
      '| --- | --- | --- | --- |',
    ],
    items: rows,
    tail: [''],
    weight: { of: groups.map(eventCount), what: (n) => plural(n, 'event result') },
  };
}

function placesSection(verdict: Verdict, columns: readonly Column[], fold: boolean): Section {
  const rows = columns.map((c) => {
    const counts: Record<EventStatus, number> = { covered: 0, partial: 0, unknown: 0, uncovered: 0, waived: 0 };
    for (const e of verdict.events) if (e.region === c.places[0]) counts[e.status]++;
    const label = c.letter !== undefined ? `**${c.letter}**: ${where(c.places)}` : mdCode(c.places[0], true);
    return { counts, label };
  });
  if (rows.length === 0) return { what: () => 'the counts by place', head: [], items: [], tail: [] };
  const total = (counts: Record<EventStatus, number>) => STATUS_DISPLAY_ORDER.reduce((n, s) => n + counts[s], 0);
  const items = rows.map(({ counts, label }) => [
    `| ${[label, ...STATUS_DISPLAY_ORDER.map((s) => String(counts[s])), String(total(counts))].join(' | ')} |`,
  ]);
  const all = verdict.summary.events;
  const tail =
    matrixPlacesCount(columns) > 1
      ? [`| ${['**All**', ...STATUS_DISPLAY_ORDER.map((s) => `**${all[s]}**`), `**${all.total}**`].join(' | ')} |`, '']
      : [''];
  return {
    what: (n) => `the counts of ${plural(n, 'place group')}`,
    head: [
      '### Places',
      '',
      ...(fold ? ['Places with the same status for every event share a row; its counts are those of each place.', ''] : []),
      `| ${[fold ? 'Places' : 'Region', ...STATUS_DISPLAY_ORDER.map(status), 'Total'].join(' | ')} |`,
      `| ${['---', ...STATUS_DISPLAY_ORDER.map(() => '---:'), '---:'].join(' | ')} |`,
    ],
    items,
    tail,
  };
}

function matrixPlacesCount(columns: ReadonlyArray<{ places: readonly string[] }>): number {
  return columns.reduce((n, c) => n + c.places.length, 0);
}

function findingsSection(verdict: Verdict, words: PlaceWords): Section {
  const open = groupFindings(
    sortFindings(verdict.findings).filter((f) => !f.waiver),
    words,
  );
  const items = open.map((g) => {
    const [f] = g.findings;
    const address = g.findings.length === 1 ? findingAddress(f) : undefined;
    const at = g.findings.length === 1 ? describeSource(f.location) : undefined;
    return [
      `| ${[
        `${SEVERITY_EMOJI[g.severity]} ${g.severity}`,
        mdCode(g.ruleId, true),
        where(g.places),
        address ? mdCode(address, true) : '',
        mdText(g.message) + (at ? `<br>at ${mdCode(at, true)}` : ''),
      ].join(' | ')} |`,
    ];
  });
  return {
    what: (n) => plural(n, 'finding'),
    head: ['### Findings', '', '| Severity | Rule | Where | Address | Message |', '| --- | --- | --- | --- | --- |'],
    items,
    tail: [''],
  };
}

function waivedSection(verdict: Verdict, name: (id: string) => string): Section {
  const items: string[][] = [];
  for (const w of waivedEvents(verdict)) {
    const waiver = `waiver ${mdCode(w.waiver.id)}, expires ${mdText(w.waiver.expires)}: ${mdText(w.waiver.reason)}`;
    items.push([
      `- ${status('waived')} ${waiver}`,
      ...w.events.map((e) => {
        const was = e.was.length > 0 ? ` (was ${e.was.join(', ')})` : '';
        const places =
          e.places.length === 1
            ? `in ${mdCode(e.places[0])}`
            : `in ${collapsed(
                plural(e.places.length, 'place'),
                e.places.map((p) => mdCode(p)),
              )}`;
        return `  - ${mdCode(name(e.id))}${was} ${places}`;
      }),
    ]);
  }
  for (const f of sortFindings(verdict.findings).filter((x) => x.waiver)) {
    const address = findingAddress(f);
    const at = [address ? mdCode(address) : '', f.region !== undefined ? `in ${mdCode(f.region)}` : ''].filter(Boolean).join(' ');
    const w = f.waiver!;
    items.push([
      `- ${status('waived')} ${f.severity} ${mdCode(f.ruleId)}${at ? ' ' + at : ''}: waiver ${mdCode(w.id)}, expires ${mdText(w.expires)}: ${mdText(w.reason)}` +
        `<br>${mdText(f.message)}`,
    ]);
  }
  return { what: (n) => plural(n, 'waiver entry', 'waiver entries'), head: ['### Waived', ''], items, tail: [''] };
}

function matrixSection(matrix: ReturnType<typeof coverageMatrix>, columns: readonly Column[], fold: boolean): Section {
  const rowCount = matrix.tables.reduce((n, t) => n + t.resourceTypes.reduce((m, g) => m + g.rows.length, 0), 0);
  if (rowCount === 0) return { what: () => 'the coverage matrix', head: [], items: [], tail: [] };
  const places = matrixPlacesCount(columns);
  const body: string[] = [
    '<details>',
    `<summary>Coverage matrix: ${plural(rowCount, 'event')} × ${plural(places, 'place')}${fold ? ` (in ${plural(columns.length, 'column')})` : ''}</summary>`,
    '',
  ];
  for (const t of matrix.tables) {
    if (t.resourceTypes.length === 0) continue;
    body.push(`${mdCode(t.id)}: ${mdText(t.title)} (service ${mdCode(t.service)})`, '');
    const rows = t.resourceTypes.flatMap((g) =>
      g.rows.map((r) => [
        mdCode(r.resourceType, true),
        mdCode(r.event, true),
        ...columns.map((c) => {
          const cell = c.cell(r);
          return cell ? status(cell.status) : '–';
        }),
      ]),
    );
    body.push(
      ...table(['Resource type', 'Event', ...columns.map((c) => (c.places.length > 1 ? mdText(c.label) : mdCode(c.label, true)))], rows),
      '',
    );
  }
  body.push('</details>', '');
  return { what: () => 'the coverage matrix', head: [], items: [body], tail: [] };
}

/** A GFM table. Cells must already be escaped (see {@link mdText}, {@link mdCode}). */
function table(header: readonly string[], rows: readonly (readonly string[])[], align?: ReadonlyArray<'left' | 'right'>): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rule = header.map((_, i) => (align?.[i] === 'right' ? '---:' : '---'));
  return [line(header), line(rule), ...rows.map(line)];
}

/**
 * Text from the inputs as Markdown that renders literally: HTML-significant
 * characters become entities, Markdown punctuation that could format or
 * link is backslash-escaped (including `|`, which would split a table cell),
 * and newlines become `<br>`, so the text stays in its cell or list item.
 */
export function mdText(s: string): string {
  return (
    cleanText(s)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_[\]#|~]/g, (c) => `\\${c}`)
      // What would start a list item when the text starts a line or a list item.
      .replace(/^([-+])(?=\s|$)/, '\\$1')
      .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2')
      .replace(/\n/g, '<br>')
  );
}

/**
 * A code span. Its content is literal in Markdown (entities are not decoded
 * there), so only what would end the span or the table cell is handled:
 * backticks by a longer fence, `|` by `\|` inside a table cell (GFM strips
 * the backslash there), newlines by spaces.
 */
export function mdCode(s: string, inTableCell = false): string {
  let content = cleanText(s).replace(/\n/g, ' ');
  if (inTableCell) content = content.replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}
