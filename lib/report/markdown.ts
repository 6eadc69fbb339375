/**
 * The Markdown report, for a pull-request comment (GitHub-flavoured): the
 * verdict and summary line, counts by region, the full matrix folded in a
 * `<details>`, what is not covered and why, the findings, and what is waived.
 *
 * Everything taken from the inputs is escaped, so a message cannot break a
 * table, open an HTML element or inject links.
 */
import type { EventStatus, Severity, Verdict } from '../evaluate/verdict';
import type { ReportOptions } from './index';
import {
  STATUS_DISPLAY_ORDER,
  cleanText,
  coverageMatrix,
  describeSource,
  eventsInMatrixOrder,
  findingAddress,
  isFailing,
  plural,
  sortFindings,
  summaryLine,
} from './text';

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

/** The Markdown report. */
export function markdown(verdict: Verdict, _options: ReportOptions): string {
  const out: string[] = [MARKDOWN_MARKER];
  const tool = mdText(verdict.tool.name);
  out.push(`## ${verdict.passed ? '✅' : '❌'} ${tool}: ${verdict.passed ? 'PASS' : 'FAIL'}`, '');
  out.push(`**${mdText(summaryLine(verdict))}**`, '');

  // Counts by region.
  const matrix = coverageMatrix(verdict);
  const counts = matrix.regions.map((region) => {
    const c: Record<EventStatus, number> = { covered: 0, partial: 0, unknown: 0, uncovered: 0, waived: 0 };
    for (const e of verdict.events) if (e.region === region) c[e.status]++;
    return { region, c, total: STATUS_DISPLAY_ORDER.reduce((n, s) => n + c[s], 0) };
  });
  if (counts.length > 0) {
    const header = ['Region', ...STATUS_DISPLAY_ORDER.map(status), 'Total'];
    const rows = counts.map(({ region, c, total }) => [
      mdCode(region, true),
      ...STATUS_DISPLAY_ORDER.map((s) => String(c[s])),
      String(total),
    ]);
    if (counts.length > 1) {
      const sum = (s: EventStatus) => counts.reduce((n, r) => n + r.c[s], 0);
      rows.push(['**All**', ...STATUS_DISPLAY_ORDER.map((s) => `**${sum(s)}**`), `**${counts.reduce((n, r) => n + r.total, 0)}**`]);
    }
    out.push(...table(header, rows, ['left', ...STATUS_DISPLAY_ORDER.map(() => 'right' as const), 'right']), '');
  }

  // The full matrix, folded.
  const rowCount = matrix.tables.reduce((n, t) => n + t.resourceTypes.reduce((m, g) => m + g.rows.length, 0), 0);
  if (rowCount > 0) {
    out.push('<details>');
    out.push(`<summary>Coverage matrix: ${plural(rowCount, 'event')} × ${plural(matrix.regions.length, 'region')}</summary>`, '');
    for (const t of matrix.tables) {
      if (t.resourceTypes.length === 0) continue;
      out.push(`${mdCode(t.id)}: ${mdText(t.title)} (service ${mdCode(t.service)})`, '');
      const rows = t.resourceTypes.flatMap((g) =>
        g.rows.map((r) => [
          mdCode(r.resourceType, true),
          mdCode(r.event, true),
          ...matrix.regions.map((region) => {
            const cell = r.cells.get(region);
            return cell ? status(cell.status) : '–';
          }),
        ]),
      );
      out.push(...table(['Resource type', 'Event', ...matrix.regions.map((r) => mdCode(r, true))], rows), '');
    }
    out.push('</details>', '');
  }

  // Not covered.
  const events = eventsInMatrixOrder(verdict);
  const failing = events.filter((e) => isFailing(e.status));
  if (failing.length > 0) {
    out.push('### Not covered', '');
    for (const e of failing) {
      out.push(`- ${status(e.status)} ${mdCode(e.id)} in ${mdCode(e.region)}`);
      for (const reason of e.reasons) out.push(`  - ${mdText(reason)}`);
      for (const miss of e.nearMisses) out.push(`  - near miss: ${mdText(miss)}`);
    }
    out.push('');
  }

  // Findings (unwaived).
  const findings = sortFindings(verdict.findings);
  const open = findings.filter((f) => !f.waiver);
  if (open.length > 0) {
    out.push('### Findings', '');
    const rows = open.map((f) => {
      const address = findingAddress(f);
      const at = describeSource(f.location);
      return [
        `${SEVERITY_EMOJI[f.severity]} ${f.severity}`,
        mdCode(f.ruleId, true),
        f.region !== undefined ? mdCode(f.region, true) : '',
        address !== undefined ? mdCode(address, true) : '',
        mdText(f.message) + (at ? `<br>at ${mdCode(at, true)}` : ''),
      ];
    });
    out.push(...table(['Severity', 'Rule', 'Region', 'Address', 'Message'], rows), '');
  }

  // Waived.
  const waivedEvents = events.filter((e) => e.waiver);
  const waivedFindings = findings.filter((f) => f.waiver);
  if (waivedEvents.length + waivedFindings.length > 0) {
    out.push('### Waived', '');
    for (const e of waivedEvents) {
      const was = e.unwaivedStatus ? ` (was ${e.unwaivedStatus})` : '';
      const w = e.waiver!;
      out.push(
        `- ${status('waived')} ${mdCode(e.id)} in ${mdCode(e.region)}${was}: waiver ${mdCode(w.id)}, expires ${mdText(w.expires)}: ${mdText(w.reason)}`,
      );
    }
    for (const f of waivedFindings) {
      const address = findingAddress(f);
      const where = [address !== undefined ? mdCode(address) : '', f.region !== undefined ? `in ${mdCode(f.region)}` : '']
        .filter(Boolean)
        .join(' ');
      const w = f.waiver!;
      out.push(
        `- ${status('waived')} ${f.severity} ${mdCode(f.ruleId)}${where ? ' ' + where : ''}: waiver ${mdCode(w.id)}, expires ${mdText(w.expires)}: ${mdText(w.reason)}` +
          `<br>${mdText(f.message)}`,
      );
    }
    out.push('');
  }

  if (failing.length === 0 && open.length === 0) out.push('Every required event is recorded and notified, and no finding is open.', '');

  const inputs = verdict.inputs.map((i) => `${mdCode(i.file)} (${i.kind})`).join(', ');
  out.push(`<sub>${tool} ${mdText(verdict.tool.version)}${inputs ? ` · inputs: ${inputs}` : ''}</sub>`);
  return out.join('\n') + '\n';
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
