/**
 * The trace evidence for people: text (terminal) and Markdown (PR comment).
 * Pure functions of the report; JSON is the report itself.
 */
import type { EvidenceReport, RowEvidence, UnlistedEvidence } from './evidence';

const STATUS_TEXT: Record<RowEvidence['status'], string> = { seen: 'seen', 'not-seen': 'not seen', unknown: 'unknown' };
const NOT_PROVEN = 'no trace in the window: not proven either way';

/** The evidence as text: per place, each event with its count, last time and read-only marking, then the names no table lists. */
export function evidenceText(report: EvidenceReport): string {
  const lines: string[] = [`Trace evidence from CTS (management traces)${windows(report)}`];
  for (const place of report.places) {
    lines.push('', `${place.label}${place.project && !place.label.includes(place.project) ? ` (project ${place.project})` : ''}`);
    if (place.reason !== undefined) lines.push(`  every event unknown: ${place.reason}`);
    else {
      const width = Math.max(...place.rows.map((r) => r.id.length), ...place.unlisted.map((u) => idOf(u).length), 10);
      for (const r of place.rows) {
        lines.push(`  ${STATUS_TEXT[r.status].padEnd(8)} ${count(r).padStart(6)}  ${r.id.padEnd(width)}  ${details(r).join('; ')}`);
      }
      if (place.unlisted.length > 0) {
        lines.push('  not in the tables:');
        for (const u of place.unlisted) {
          lines.push(`  ${''.padEnd(8)} ${count(u).padStart(6)}  ${idOf(u).padEnd(width)}  ${unlistedDetails(u).join('; ')}`);
        }
      }
      for (const s of place.searches) {
        if (s.reason !== undefined) lines.push(`  search of ${s.service}/${s.resourceType} for names not in the tables: ${s.reason}`);
      }
    }
  }
  lines.push('', summary(report));
  return lines.join('\n') + '\n';
}

/** The evidence as Markdown: a table per place. */
export function evidenceMarkdown(report: EvidenceReport): string {
  const out: string[] = [`### Trace evidence from CTS`, '', `Management traces${windows(report)}. ${summary(report)}`];
  for (const place of report.places) {
    out.push('', `#### \`${cell(place.label)}\``, '');
    if (place.reason !== undefined) {
      out.push(`Every event unknown: ${cell(place.reason)}`);
      continue;
    }
    out.push('| Event | Status | Traces | Last seen | `read_only` | Notes |', '|---|---|---:|---|---|---|');
    for (const r of place.rows) {
      out.push(
        `| \`${cell(r.id)}\` | ${STATUS_TEXT[r.status]} | ${count(r)} | ${r.lastSeen ?? ''} | ${r.ctsReadOnly ?? ''} | ${cell([...(r.status === 'not-seen' ? [NOT_PROVEN] : []), ...(r.reason ? [r.reason] : []), ...r.notes].join('; '))} |`,
      );
    }
    if (place.unlisted.length > 0) {
      out.push('', "Trace names recorded under the tables' services and resource types that no table lists:", '');
      out.push('| Trace name | Traces | Last seen | `read_only` | Notes |', '|---|---:|---|---|---|');
      for (const u of place.unlisted) {
        out.push(`| \`${cell(idOf(u))}\` | ${count(u)} | ${u.lastSeen ?? ''} | ${u.ctsReadOnly} | ${cell(nearMissText(u) ?? '')} |`);
      }
    }
    for (const s of place.searches) {
      if (s.reason !== undefined) {
        out.push('', `Search of \`${cell(`${s.service}/${s.resourceType}`)}\` for names not in the tables: ${cell(s.reason)}`);
      }
    }
  }
  return out.join('\n') + '\n';
}

function windows(report: EvidenceReport): string {
  const all = [...new Set(report.places.flatMap((p) => (p.window ? [`${p.window.from} to ${p.window.to}`] : [])))];
  return all.length === 1 ? `, ${all[0]}` : all.length > 1 ? `, windows ${all.join(', ')}` : '';
}

function count(r: { status?: string; count: number; complete: boolean }): string {
  if (r.status === 'unknown') return '-';
  return `${r.complete ? '' : '>='}${r.count}`;
}

function details(r: RowEvidence): string[] {
  return [
    ...(r.status === 'not-seen' ? [NOT_PROVEN] : []),
    ...(r.lastSeen ? [`last ${r.lastSeen}`] : []),
    ...(r.ctsReadOnly ? [`read_only: ${r.ctsReadOnly}`] : []),
    ...(r.reason ? [r.reason] : []),
    ...r.notes,
  ];
}

function idOf(u: UnlistedEvidence): string {
  return `${u.service}/${u.resourceType}/${u.event}`;
}

/** How an unlisted name nearly matches a name of the tables: by case, by resource type, or both. */
function nearMissText(u: UnlistedEvidence): string | undefined {
  if (u.nearMiss === undefined) return undefined;
  if (u.nearMissResourceType === undefined) return `differs only by case from ${u.nearMiss}`;
  const where = `under resource type ${u.nearMissResourceType}, not ${u.resourceType}`;
  return u.nearMiss === u.event ? `the tables list it ${where}` : `differs only by case from ${u.nearMiss}, which the tables list ${where}`;
}

function unlistedDetails(u: UnlistedEvidence): string[] {
  const near = nearMissText(u);
  return [
    ...(u.lastSeen ? [`last ${u.lastSeen}`] : []),
    `read_only: ${u.ctsReadOnly}`,
    ...(near !== undefined ? [near] : []),
    ...(u.complete ? [] : ['there may be more (the search of its resource type did not read every page)']),
  ];
}

function summary(report: EvidenceReport): string {
  const s = report.summary;
  const places = `${s.places} place${s.places === 1 ? '' : 's'}`;
  return (
    `${s.rows} event${s.rows === 1 ? '' : 's'} in ${places}: ${s.seen} seen, ${s.notSeen} not seen (not proven either way: an operation nobody performed leaves no trace), ${s.unknown} unknown` +
    `; ${s.unlisted} trace name${s.unlisted === 1 ? '' : 's'} not in the tables` +
    (s.incomplete > 0 ? `; ${s.incomplete} count${s.incomplete === 1 ? '' : 's'} stopped at a bound (at least)` : '') +
    '.'
  );
}

/** Markdown table cell text: no pipe or newline breaks the table. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}
