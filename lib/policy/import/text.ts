/**
 * Reads a page saved as text: values one a line (or separated by tabs).
 */
import { InputError } from '../../errors';
import { RESOURCE_TYPE_PATTERN, TRACE_NAME_PATTERN } from '../table';
import {
  COLUMN_NAMES,
  Column,
  ExtractedPage,
  FoundRow,
  FoundTable,
  Note,
  ROWS_EXPECTED,
  UPDATED,
  headerColumns,
  headerColumnsOfLine,
  isCaption,
  normalize,
} from './page';

interface Value {
  readonly text: string;
  readonly line: number;
}

/**
 * A page saved as text: values one a line (or separated by tabs), blank
 * lines ignored. The table is the first header Operation / Resource Type /
 * Event; the caption is the value just before it; rows follow as triples
 * until something that cannot start a row (the next heading) or the end.
 */
export function readText(page: string, file: string): ExtractedPage {
  const rawLines = page.split(/\r\n|\r|\n/);
  const lines = rawLines.map((raw, i) => ({ text: normalize(raw), line: i + 1 }));
  const values: Value[] = [];
  for (const [i, raw] of rawLines.entries()) {
    for (const cell of raw.split('\t')) {
      const text = normalize(cell);
      if (text) values.push({ text, line: i + 1 });
    }
  }

  let updated: ExtractedPage['updated'];
  for (const { text, line } of lines) {
    const match = UPDATED.exec(text);
    if (match) {
      updated = { text: match[1], line };
      break;
    }
  }

  const tables: FoundTable[] = [];
  const notes: Note[] = [];
  let rows: FoundRow[] = [];
  let titleBefore = Infinity;
  for (let k = 0; k < values.length; k++) {
    const header = headerAt(values, k);
    if (!header) continue;
    const before = values[k - 1];
    const caption = before && isCaption(before.text) ? before.text : undefined;
    tables.push({ caption, line: caption === undefined ? values[k].line : before.line });
    if (tables.length === 1) {
      titleBefore = caption === undefined ? values[k].line : before.line;
      if (caption === undefined) break;
      const end = readTextRows(values, k + header.length, header.columns, file, notes);
      rows = end.rows;
      k = end.next - 1;
    } else {
      k += header.length - 1;
    }
  }

  // The title: the first line that is not the "Updated on" line, before the table.
  const title = lines.find(({ text, line }) => text && line < titleBefore && !UPDATED.test(text));
  return { document: title?.text, updated, tables, rows, notes };
}

/** A header at values[k]: three values, or one value holding all three names. */
function headerAt(values: readonly Value[], k: number): { columns: Column[]; length: number } | undefined {
  const one = headerColumnsOfLine(values[k].text);
  if (one) return { columns: one, length: 1 };
  if (k + 3 > values.length) return undefined;
  const three = headerColumns(values.slice(k, k + 3).map((v) => v.text));
  return three ? { columns: three, length: 3 } : undefined;
}

function readTextRows(
  values: readonly Value[],
  start: number,
  columns: readonly Column[],
  file: string,
  notes: Note[],
): { rows: FoundRow[]; next: number } {
  const n = values.length;
  /** Where the table's rows may go on: up to the next caption or header. */
  const stopsAt = (q: number) => isCaption(values[q].text) || headerAt(values, q) !== undefined;
  /** How many values from q fit the columns, in order (0 to 3). */
  const fitting = (q: number) => {
    let count = 0;
    while (count < 3 && q + count < n && !stopsAt(q + count) && fits(columns[count], values[q + count].text)) count++;
    return count;
  };
  /** Whether a full row appears from q on, before the next table. */
  const rowFollows = (q: number) => {
    for (let r = q; r < n && !stopsAt(r); r++) if (fitting(r) === 3) return true;
    return false;
  };

  const rows: FoundRow[] = [];
  let p = start;
  while (p < n && !stopsAt(p)) {
    const count = fitting(p);
    if (count === 3) {
      const cells = Object.fromEntries(columns.map((c, j) => [c, values[p + j].text])) as Record<Column, string>;
      rows.push({ number: rows.length + 1, line: values[p].line, ...cells });
      p += 3;
      continue;
    }
    // Not a row. Either the end of the table (a heading, then text or the
    // next table; or one last line, such as a footer), or a row with values
    // missing (a full row follows, or the page ends inside it). Where the two
    // cannot be told apart and values could be lost, the table ends with a warning.
    if (count === 0) break;
    const eof = p + count >= n;
    const nextTable = !eof && stopsAt(p + count);
    const ends = eof ? count === 1 : nextTable ? count === 1 : !rowFollows(p + count);
    if (ends) {
      if (count === 2 || eof) {
        const taken = values
          .slice(p, p + count)
          .map((v) => `"${v.text}"`)
          .join(', ');
        const missing = columns
          .slice(count)
          .map((c) => COLUMN_NAMES[c])
          .join(' and ');
        notes.push({
          where: `line ${values[p].line}`,
          problem: `the table is taken to end before ${taken}; if ${count === 1 ? 'it is' : 'they are'} the start of a row, its ${missing} ${count === 1 ? 'are' : 'is'} missing`,
        });
      }
      break;
    }
    const opIndex = columns.indexOf('operation');
    const label = values[p + (opIndex < count ? opIndex : 0)].text;
    const missing = COLUMN_NAMES[columns[count]];
    throw new InputError(
      file,
      `line ${values[p].line}`,
      eof
        ? `row ${rows.length + 1} ("${label}") is incomplete: the page ends before its ${missing}; ${ROWS_EXPECTED}`
        : `row ${rows.length + 1} ("${label}") is incomplete: where its ${missing} should be, line ${values[p + count].line} has "${values[p + count].text}"; ${ROWS_EXPECTED}`,
    );
  }
  return { rows, next: p };
}

/** Whether a value can be in a column: resource types and trace names are single identifiers. */
function fits(column: Column, text: string): boolean {
  switch (column) {
    case 'operation':
      return true;
    case 'resourceType':
      return RESOURCE_TYPE_PATTERN.test(text);
    case 'traceName':
      return TRACE_NAME_PATTERN.test(text);
  }
}
