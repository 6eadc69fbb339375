/**
 * The HTML report: one self-contained page for an evidence pack, to attach
 * to a ticket or print to PDF. It holds the verdict, when the check ran, the
 * inputs with the SHA-256 of every file read, the tables with their sources,
 * the coverage grid (places × events), the causes, the findings and the
 * waivers.
 *
 * Self-contained: no script, no font, no image, no stylesheet from
 * anywhere; a Content-Security-Policy allows nothing but the inline style,
 * so opening the file makes no request. Accessible: real table markup with
 * header cells and scopes, and every status given in words (or a symbol
 * with its word for screen readers) as well as in colour, so it reads the
 * same printed in black and white. Everything from the inputs is escaped.
 */
import type { EventStatus, Severity, Verdict } from '../evaluate/verdict';
import {
  type PlaceWords,
  eventCount,
  eventNamer,
  eventsPerPlace,
  eventsPhrase,
  groupCauses,
  groupFindings,
  nearMissScope,
  placeWords,
} from './fold';
import {
  type ReportOptions,
  STATUS_DISPLAY_ORDER,
  cleanText,
  coverageMatrix,
  describeSource,
  findingAddress,
  plural,
  sortFindings,
  statusCounts,
  summaryLine,
  waivedEvents,
} from './common';

/** The symbol of each status in the grid, as in the text report; its word is always beside it or read out. */
const SYMBOL: Record<EventStatus, string> = { covered: '✓', partial: '~', unknown: '?', uncovered: '✗', waived: 'W' };

const STATUS_MEANING: Record<EventStatus, string> = {
  covered: 'recorded and notified, for every occurrence',
  partial: 'recorded, but only some occurrences notify',
  unknown: 'something needed to decide cannot be seen',
  uncovered: 'proven not recorded or not notified',
  waived: 'not covered, but a valid waiver accepts it',
};

/** The HTML report. */
export function html(verdict: Verdict, options: ReportOptions): string {
  const words = placeWords(verdict);
  const name = eventNamer(verdict);
  const verdictWord = verdict.passed ? 'PASS' : 'FAIL';
  const out: string[] = [];
  out.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(verdict.tool.name)} evidence: ${verdictWord}${options.checkedAt ? ` (${esc(checkedLabel(options.checkedAt))})` : ''}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
  );

  // The verdict, and what was checked when.
  out.push(
    '<header>',
    `<h1>CTS audit evidence <span class="verdict ${verdict.passed ? 'pass' : 'fail'}">${verdictWord}</span></h1>`,
    `<p class="summary">${esc(summaryLine(verdict))}</p>`,
    '<dl class="facts">',
    `<dt>Checked</dt><dd>${options.checkedAt ? `<time datetime="${esc(options.checkedAt)}">${esc(checkedLabel(options.checkedAt))}</time>` : 'not stated'}</dd>`,
    `<dt>By</dt><dd>${esc(verdict.tool.name)} ${esc(verdict.tool.version)} (report schema ${verdict.schemaVersion})</dd>`,
    `<dt>Regions</dt><dd>${verdict.regions.length > 0 ? verdict.regions.map((r) => `<code>${esc(r)}</code>`).join(', ') : 'none'} (${
      verdict.regionSource === 'option' ? 'required by the options' : 'found in the inputs'
    })</dd>`,
    `<dt>Verdict</dt><dd>${
      verdict.passed
        ? 'Passed: every required event is covered or waived, and no error finding is open.'
        : 'Failed: an event is not covered or waived, or an error finding is open.'
    }</dd>`,
    '</dl>',
    '<nav aria-label="Sections"><ul>',
    ...['inputs', 'tables', 'coverage', 'causes', 'findings', 'waivers'].map((id) => `<li><a href="#${id}">${SECTION_TITLES[id]}</a></li>`),
    '</ul></nav>',
    '</header>',
    '<main>',
  );
  out.push(...inputsSection(verdict));
  out.push(...tablesSection(verdict));
  out.push(...coverageSection(verdict));
  out.push(...causesSection(verdict, words, name));
  out.push(...findingsSection(verdict, words));
  out.push(...waiversSection(verdict, name));
  out.push(
    '</main>',
    `<footer><p>${esc(verdict.tool.name)} ${esc(verdict.tool.version)}. This page is self-contained: it loads nothing. The JSON report of the same check (<code>--format json</code>) holds every event result for machines.</p></footer>`,
    '</body>',
    '</html>',
  );
  return out.join('\n') + '\n';
}

const SECTION_TITLES: Record<string, string> = {
  inputs: 'Inputs',
  tables: 'Tables',
  coverage: 'Coverage',
  causes: 'Causes',
  findings: 'Findings',
  waivers: 'Waivers',
};

/** `2026-11-25 12:00:00 UTC` from an ISO time; the text itself when it is not one. */
function checkedLabel(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

function inputsSection(verdict: Verdict): string[] {
  const out = [`<section id="inputs"><h2>${SECTION_TITLES.inputs}</h2>`];
  if (verdict.inputs.length === 0) return [...out, '<p>No input.</p>', '</section>'];
  out.push(
    '<table class="inputs">',
    '<caption>What was checked: each input, and every file read to load it with the SHA-256 of its bytes (<code>sha256sum FILE</code> gives the same).</caption>',
    '<thead><tr><th scope="col">Input</th><th scope="col">Kind</th><th scope="col">File read</th><th scope="col">SHA-256</th></tr></thead>',
    '<tbody>',
  );
  for (const input of verdict.inputs) {
    const files = input.files ?? [];
    const head = `<th scope="row"${files.length > 1 ? ` rowspan="${files.length}"` : ''}><code>${esc(input.file)}</code></th><td${
      files.length > 1 ? ` rowspan="${files.length}"` : ''
    }>${esc(KIND[input.kind] ?? input.kind)}</td>`;
    if (files.length === 0) {
      out.push(
        `<tr>${head}<td colspan="2">${input.kind === 'live' ? 'read through the Huawei Cloud APIs: no file' : 'no file recorded'}</td></tr>`,
      );
      continue;
    }
    files.forEach((f, i) => {
      out.push(`<tr>${i === 0 ? head : ''}<td><code>${esc(f.file)}</code></td><td class="hash"><code>${esc(f.sha256)}</code></td></tr>`);
    });
  }
  out.push('</tbody>', '</table>', '</section>');
  return out;
}

const KIND: Record<string, string> = {
  synth: 'cdktf synth output',
  plan: 'Terraform plan',
  state: 'Terraform state',
  hcl: 'Terraform configuration',
  live: 'live account (or its snapshot)',
};

function tablesSection(verdict: Verdict): string[] {
  const out = [`<section id="tables"><h2>${SECTION_TITLES.tables}</h2>`];
  const eventsOf = (id: string) => new Set(verdict.events.filter((e) => e.table === id).map((e) => e.id)).size;
  out.push(
    '<table>',
    '<caption>The traced-operations tables whose events must be recorded and notified, and the documentation each was taken from.</caption>',
    '<thead><tr><th scope="col">Table</th><th scope="col">Service</th><th scope="col">Events</th><th scope="col">Source</th></tr></thead>',
    '<tbody>',
  );
  for (const t of verdict.tables) {
    const s = t.source;
    const source = s
      ? `${esc(s.document)}: ${esc(s.table)} (updated ${esc(s.updated)})${s.url ? `<br><a href="${esc(s.url)}">${esc(s.url)}</a>` : ''}`
      : 'not given';
    out.push(
      `<tr><th scope="row"><code>${esc(t.id)}</code><br>${esc(t.title)}</th><td><code>${esc(t.service)}</code></td><td class="number">${eventsOf(t.id)}</td><td>${source}</td></tr>`,
    );
  }
  out.push('</tbody>', '</table>', '</section>');
  return out;
}

function legend(): string {
  return `<ul class="legend">${STATUS_DISPLAY_ORDER.map(
    (s) =>
      `<li><span class="cell s-${s}"><span aria-hidden="true">${SYMBOL[s]}</span></span> <strong>${s}</strong>: ${STATUS_MEANING[s]}</li>`,
  ).join('')}</ul>`;
}

function coverageSection(verdict: Verdict): string[] {
  const out = [`<section id="coverage"><h2>${SECTION_TITLES.coverage}</h2>`];
  const matrix = coverageMatrix(verdict);
  const rows = matrix.tables.flatMap((t) => t.resourceTypes.flatMap((g) => g.rows.map((row) => ({ table: t, group: g, row }))));
  if (rows.length === 0) return [...out, '<p>No events were evaluated.</p>', '</section>'];
  const places = [...new Set(verdict.events.map((e) => e.region))];
  const counts = (place: string) => {
    const c: Partial<Record<EventStatus, number>> = {};
    for (const e of verdict.events) if (e.region === place) c[e.status] = (c[e.status] ?? 0) + 1;
    return c;
  };
  out.push(
    `<p>Each cell is the status of an event (a column) in a place (a row): a symbol and its colour, with the word read out by screen readers and shown on hover; every status in words is in the last column.</p>`,
    legend(),
    '<div class="grid-wrap">',
    '<table class="grid">',
    `<caption>Coverage of ${plural(rows.length, 'event')} in ${plural(places.length, 'place')}</caption>`,
    '<thead>',
  );
  // Two header rows: the resource types over their events, then the events (trace names).
  const groups = matrix.tables.flatMap((t) => t.resourceTypes.map((g) => ({ table: t, group: g })));
  out.push(
    `<tr><td rowspan="2" class="corner"></td>${groups
      .map(
        ({ table, group }) =>
          `<th scope="colgroup" colspan="${group.rows.length}" class="type">${esc(matrix.tables.length > 1 ? `${table.id}: ` : '')}${esc(group.resourceType)}</th>`,
      )
      .join('')}<td rowspan="2" class="corner"></td></tr>`,
    `<tr>${rows.map(({ row }) => `<th scope="col" class="event"><span>${esc(row.event)}</span></th>`).join('')}</tr>`,
    '</thead>',
    '<tbody>',
  );
  for (const place of places) {
    const cells = rows.map(({ row }) => {
      const cell = row.cells.get(place);
      if (!cell) return '<td class="cell none">–<span class="sr"> no result</span></td>';
      return `<td class="cell s-${cell.status}" title="${esc(`${row.event}: ${cell.status}`)}"><span aria-hidden="true">${SYMBOL[cell.status]}</span><span class="sr">${cell.status}</span></td>`;
    });
    out.push(
      `<tr><th scope="row"><code>${esc(place)}</code></th>${cells.join('')}<td class="counts">${esc(statusCounts(counts(place)))}</td></tr>`,
    );
  }
  out.push('</tbody>', '</table>', '</div>', '</section>');
  return out;
}

function causesSection(verdict: Verdict, words: PlaceWords, name: (id: string) => string): string[] {
  const out = [`<section id="causes"><h2>${SECTION_TITLES.causes}</h2>`];
  const groups = groupCauses(verdict, words).filter((g) => g.status !== 'waived');
  if (groups.length === 0) return [...out, '<p>Nothing to fix: every required event is covered or waived.</p>', '</section>'];
  const total = groups.reduce((n, g) => n + g.causes.length, 0);
  const perPlace = eventsPerPlace(verdict);
  out.push(
    `<p>${plural(total, 'thing')} to fix, each said once${total > groups.length ? `; those alike in several places are one row (<code>&lt;place&gt;</code> stands for each)` : ''}.</p>`,
    '<table class="causes">',
    '<caption>What keeps events from being covered, worst first</caption>',
    '<thead><tr><th scope="col">Status</th><th scope="col">Where</th><th scope="col">Cause</th><th scope="col">Events</th></tr></thead>',
    '<tbody>',
  );
  for (const g of groups) {
    const mixed = Object.keys(g.statuses).length > 1 ? `<br><small>${esc(statusCounts(g.statuses))}</small>` : '';
    const detail = [
      ...g.nearMisses.map((m) => `<li>near miss${esc(nearMissScope(g, m.events, name))}: ${text(m.text)}</li>`),
      ...(g.causes.length === 1 ? g.causes[0].locations.map(describeSource).filter((a): a is string => a !== undefined) : []).map(
        (at) => `<li>at <code>${esc(at)}</code></li>`,
      ),
    ];
    const phrase = eventsPhrase(g, perPlace);
    const names = phrase.startsWith('all ') ? '' : `<br><small>${g.events.map((id) => `<code>${esc(name(id))}</code>`).join(', ')}</small>`;
    const events = `${esc(phrase)}${g.places.length > 1 ? ` (${plural(eventCount(g), 'result')})` : ''}${names}`;
    out.push(
      `<tr><td>${badge(g.status)}${mixed}</td><th scope="row">${placeList(g.places)}</th><td>${text(g.reason)}${
        detail.length > 0 ? `<ul>${detail.join('')}</ul>` : ''
      }</td><td>${events}</td></tr>`,
    );
  }
  out.push('</tbody>', '</table>', '</section>');
  return out;
}

function findingsSection(verdict: Verdict, words: PlaceWords): string[] {
  const out = [`<section id="findings"><h2>${SECTION_TITLES.findings}</h2>`];
  const groups = groupFindings(
    sortFindings(verdict.findings).filter((f) => !f.waiver),
    words,
  );
  if (groups.length === 0) return [...out, '<p>No open finding.</p>', '</section>'];
  out.push(
    '<table class="findings">',
    '<caption>Controls on what keeps the evidence, and problems with the check itself; worst first</caption>',
    '<thead><tr><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Where</th><th scope="col">Message</th></tr></thead>',
    '<tbody>',
  );
  for (const g of groups) {
    const [f] = g.findings;
    const single = g.findings.length === 1;
    const address = single ? findingAddress(f) : undefined;
    const at = single ? describeSource(f.location) : undefined;
    out.push(
      `<tr><td>${severityBadge(g.severity)}</td><td><code>${esc(g.ruleId)}</code></td><th scope="row">${g.places.length > 0 ? placeList(g.places) : '–'}${
        address ? `<br><code>${esc(address)}</code>` : ''
      }</th><td>${text(g.message)}${at ? `<br><small>at <code>${esc(at)}</code></small>` : ''}</td></tr>`,
    );
  }
  out.push('</tbody>', '</table>', '</section>');
  return out;
}

function waiversSection(verdict: Verdict, name: (id: string) => string): string[] {
  const out = [`<section id="waivers"><h2>${SECTION_TITLES.waivers}</h2>`];
  const events = waivedEvents(verdict);
  const findings = sortFindings(verdict.findings).filter((f) => f.waiver);
  if (events.length + findings.length === 0) return [...out, '<p>No waiver was applied.</p>', '</section>'];
  out.push(
    '<table class="waivers">',
    '<caption>Accepted exceptions: each waiver with its reason and expiry, and what it applies to</caption>',
    '<thead><tr><th scope="col">Waiver</th><th scope="col">Expires</th><th scope="col">Reason</th><th scope="col">Applies to</th></tr></thead>',
    '<tbody>',
  );
  for (const w of events) {
    const applies = w.events
      .map((e) => `<code>${esc(name(e.id))}</code>${e.was.length > 0 ? ` (was ${esc(e.was.join(', '))})` : ''} in ${placeList(e.places)}`)
      .join('<br>');
    out.push(
      `<tr><th scope="row"><code>${esc(w.waiver.id)}</code></th><td>${esc(w.waiver.expires)}</td><td>${text(w.waiver.reason)}</td><td>${applies}</td></tr>`,
    );
  }
  for (const f of findings) {
    const w = f.waiver!;
    const address = findingAddress(f);
    out.push(
      `<tr><th scope="row"><code>${esc(w.id)}</code></th><td>${esc(w.expires)}</td><td>${text(w.reason)}</td><td>${esc(f.severity)} <code>${esc(f.ruleId)}</code>${
        address ? ` <code>${esc(address)}</code>` : ''
      }${f.region !== undefined ? ` in <code>${esc(f.region)}</code>` : ''}: ${text(f.message)}</td></tr>`,
    );
  }
  out.push('</tbody>', '</table>', '</section>');
  return out;
}

function badge(status: EventStatus): string {
  return `<span class="badge s-${status}"><span aria-hidden="true">${SYMBOL[status]} </span>${status}</span>`;
}

function severityBadge(severity: Severity): string {
  return `<span class="badge sev-${severity}">${severity}</span>`;
}

function placeList(places: readonly string[]): string {
  if (places.length === 1) return `<code>${esc(places[0])}</code>`;
  return `${plural(places.length, 'place')}:<br><small>${places.map((p) => `<code>${esc(p)}</code>`).join(', ')}</small>`;
}

/** Text from the inputs: escaped, control characters shown, newlines kept as line breaks. */
function text(s: string): string {
  return esc(s).replace(/\n/g, '<br>');
}

/** Escapes text for HTML content and attribute values; control characters are shown escaped, as in the text report. */
export function esc(s: string): string {
  return cleanText(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
:root { color-scheme: light; --covered: #1a7f37; --partial: #9a6700; --unknown: #8250df; --uncovered: #cf222e; --waived: #0969da; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1f2328; margin: 0 auto; padding: 1.5rem; max-width: 80rem; }
code { font: 0.92em ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #d0d7de; padding-bottom: 0.25rem; margin-top: 2rem; }
.summary { font-weight: 600; }
.verdict { border: 2px solid; border-radius: 4px; padding: 0 0.4em; }
.verdict.pass { color: var(--covered); }
.verdict.fail { color: var(--uncovered); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
caption { text-align: left; font-style: italic; padding: 0.25rem 0; }
th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
tbody th { font-weight: normal; }
td.number { text-align: right; }
td.hash code { font-size: 0.85em; }
ul { margin: 0.25rem 0; padding-left: 1.2rem; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
.badge { display: inline-block; white-space: nowrap; font-weight: 600; border: 1px solid; border-radius: 3px; padding: 0 0.3em; }
.s-covered { color: var(--covered); } .s-partial { color: var(--partial); } .s-unknown { color: var(--unknown); }
.s-uncovered { color: var(--uncovered); } .s-waived { color: var(--waived); }
.sev-error { color: var(--uncovered); } .sev-warning { color: var(--partial); } .sev-note { color: var(--waived); }
.grid-wrap { overflow-x: auto; }
table.grid { width: auto; }
table.grid th, table.grid td { padding: 0.15rem 0.3rem; }
table.grid th.event { vertical-align: bottom; height: 11rem; white-space: nowrap; }
table.grid th.event span { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: normal; }
table.grid th.type { text-align: center; font-size: 0.85em; word-break: break-all; }
table.grid tbody th { white-space: nowrap; }
table.grid tbody th code { overflow-wrap: normal; }
td.cell { text-align: center; font-weight: 700; min-width: 1.6rem; }
td.cell.s-covered { background: #dafbe1; } td.cell.s-partial { background: #fff8c5; } td.cell.s-unknown { background: #fbefff; }
td.cell.s-uncovered { background: #ffebe9; } td.cell.s-waived { background: #ddf4ff; }
span.cell { display: inline-block; min-width: 1.6rem; text-align: center; font-weight: 700; border: 1px solid #d0d7de; }
td.counts { font-size: 0.85em; min-width: 7rem; }
table.causes tbody th, table.findings tbody th { min-width: 10rem; }
td.corner { border: none; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { margin-top: 2rem; color: #59636e; font-size: 0.9em; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { font-size: 9pt; padding: 0; max-width: none; }
  nav { display: none; }
  h2, caption, ul.legend, #coverage p { break-after: avoid; }
  ul.legend { break-inside: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .grid-wrap { overflow: visible; }
  table.grid th.event { height: 8rem; }
  a[href^="http"]::after { content: ""; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`
  .trim()
  .replace(/\n\s*/g, '\n');
