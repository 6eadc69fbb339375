/**
 * Imports a Huawei Cloud "operations traced by CTS" documentation page (as
 * saved text or as HTML) into a traced-operations table, the content of a
 * file for `policies/`. Pure: no file system, no network; the caller reads
 * the page and writes {@link formatTable}'s output.
 *
 * A page has a title, an "Updated on YYYY-MM-DD" line, and a table with a
 * caption "Table N ...", a header Operation | Resource Type | Event, and one
 * row per documented operation. HTML is parsed with htmlparser2, never with
 * regular expressions; regular expressions are only used on extracted text.
 *
 * This module must not import cdktf or constructs.
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import { InputError } from '../errors';
import { OperationsTable, RESOURCE_TYPE_PATTERN, TABLE_KIND, TRACE_NAME_PATTERN, parseTable } from './table';

/** The `$schema` of a table file in `policies/`. */
export const TABLE_SCHEMA_REF = '../schemas/operations-table.schema.json';

/** What {@link importTable} needs besides the page. */
export interface ImportOptions {
  /** The page's file name, for messages. */
  readonly file: string;
  /** The CTS service type of every row (`service`), e.g. `ModelArts`. */
  readonly service: string;
  /**
   * The table's id (`id`), the file name in `policies/` without `.json`.
   * @default - `<service>-<subject>` from a title "Using CTS to Audit <subject>", e.g. modelarts-notebook
   */
  readonly id?: string;
  /** The page's address (`source.url`). */
  readonly url?: string;
  /** How the page is saved; detected from the content when absent. */
  readonly format?: 'text' | 'html';
}

/** A validated table and what the importer noticed but got past. */
export interface ImportResult {
  readonly table: OperationsTable;
  /** One line each, `file: where: problem`, like error messages. */
  readonly warnings: string[];
}

type Column = 'operation' | 'resourceType' | 'traceName';
const COLUMNS: readonly Column[] = ['operation', 'resourceType', 'traceName'];
const COLUMN_NAMES: Record<Column, string> = { operation: 'Operation', resourceType: 'Resource Type', traceName: 'Event' };
/** Header texts accepted for each column, lower case; Huawei's pages vary a little. */
const HEADER_ALIASES: Record<Column, readonly string[]> = {
  operation: ['operation', 'operation name'],
  resourceType: ['resource type', 'resource'],
  traceName: ['event', 'event name', 'trace name', 'trace'],
};
const ALIASES_LONGEST_FIRST = COLUMNS.flatMap((column) => HEADER_ALIASES[column].map((alias) => ({ column, alias }))).sort(
  (a, b) => b.alias.length - a.alias.length,
);

const ROWS_EXPECTED = 'each row needs an Operation, a Resource Type and an Event';

/** A table caption: "Table 1 Key development environment operations traced by CTS". */
const CAPTION = /^Table\s+\d+[.:]?\s+(\S.*)$/i;
const UPDATED = /^Updated on\b[\s:]*(.*)$/i;
const UPDATED_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})\b/;

/** One documented operation as found on the page. */
interface FoundRow {
  /** 1-based position among the table's data rows. */
  readonly number: number;
  readonly line: number;
  readonly operation: string;
  readonly resourceType: string;
  readonly traceName: string;
}

/** A table whose header is Operation / Resource Type / Event. */
interface FoundTable {
  readonly caption: string | undefined;
  /** Line of the caption, else of the header (text), or of the `<table>` (HTML). */
  readonly line: number;
}

/** What a format reader extracts from a page. */
interface ExtractedPage {
  readonly document: string | undefined;
  readonly updated: { readonly text: string; readonly line: number } | undefined;
  /** Every table of traced operations, in page order. */
  readonly tables: readonly FoundTable[];
  /** The rows of the first of them. */
  readonly rows: readonly FoundRow[];
  /** Doubts to report as warnings. */
  readonly notes: readonly Note[];
}

interface Note {
  readonly where: string;
  readonly problem: string;
}

/**
 * Turns a documentation page into a table. Throws an {@link InputError}
 * (one line: `file: where: problem`) when the page has no recognizable table
 * or an incomplete row, or when the result is not a valid table.
 *
 * Rows that share a trace name but differ in operation are kept; a row that
 * repeats an earlier one exactly is dropped, with a warning.
 */
/**
 * The id a table gets when none is given: `<service>-<subject>` from a page titled "Using CTS to Audit
 * <subject>" (`modelarts-notebook`), else from the page's file name.
 */
export function defaultId(service: string, document: string, file: string): string {
  const subject = /\baudit(?:ing)?\s+(.+?)(?:\s+operations)?$/i.exec(document)?.[1];
  const base = subject ? `${service}-${subject}` : (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '');
  const slug = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'imported';
}

export function importTable(content: string, options: ImportOptions): ImportResult {
  const { file } = options;
  const page = content.replace(/^\uFEFF/, '');
  const format = options.format ?? (looksLikeHtml(page) ? 'html' : 'text');
  const extracted = format === 'html' ? readHtml(page, file) : readText(page, file);
  const warnings: string[] = [];

  const [first, ...others] = extracted.tables;
  if (!first) throw new InputError(file, '', noTableProblem(format));
  const where = `line ${first.line}`;
  if (first.caption === undefined) {
    throw new InputError(
      file,
      where,
      `the table with header "Operation / Resource Type / Event" has no caption "Table N ..." before it (the caption gives source.table and title); add it`,
    );
  }
  if (extracted.rows.length === 0) {
    throw new InputError(
      file,
      where,
      `table "${first.caption}" has no rows after its header "Operation / Resource Type / Event"; expected one Operation, Resource Type, Event triple per operation`,
    );
  }
  for (const note of extracted.notes) warnings.push(message(file, note.where, note.problem));
  for (const other of others) {
    warnings.push(
      message(
        file,
        `line ${other.line}`,
        `${other.caption ? `"${other.caption}"` : 'a table without caption'} also lists traced operations and was not imported: only the first such table of a page is`,
      ),
    );
  }

  const rows: FoundRow[] = [];
  const seen = new Map<string, FoundRow>();
  for (const row of extracted.rows) {
    const key = `${row.operation}\u0000${row.resourceType}\u0000${row.traceName}`;
    const earlier = seen.get(key);
    if (earlier) {
      warnings.push(
        message(
          file,
          `line ${row.line}`,
          `row ${row.number} ("${row.operation}", ${row.resourceType}, ${row.traceName}) duplicates row ${earlier.number} exactly; dropped it`,
        ),
      );
      continue;
    }
    seen.set(key, row);
    rows.push(row);
  }

  if (extracted.document === undefined) {
    throw new InputError(
      file,
      '',
      format === 'html'
        ? 'no page title: expected an <h1> or a <title> (it gives source.document)'
        : 'no page title: expected it on the first lines, before the table (it gives source.document)',
    );
  }
  if (extracted.updated === undefined) {
    throw new InputError(file, '', 'no "Updated on YYYY-MM-DD" line: expected one near the page title (it gives source.updated)');
  }
  const date = UPDATED_DATE.exec(extracted.updated.text);
  if (!date) {
    throw new InputError(
      file,
      `line ${extracted.updated.line}`,
      `"Updated on ${extracted.updated.text}" has no date in the form YYYY-MM-DD (it gives source.updated)`,
    );
  }
  const updated = `${date[1]}-${date[2].padStart(2, '0')}-${date[3].padStart(2, '0')}`;

  const captionRest = CAPTION.exec(first.caption)?.[1] ?? first.caption;
  const data = {
    $schema: TABLE_SCHEMA_REF,
    kind: TABLE_KIND,
    id: options.id ?? defaultId(options.service, extracted.document, file),
    title: captionRest.charAt(0).toUpperCase() + captionRest.slice(1),
    service: options.service,
    source: {
      document: extracted.document,
      table: first.caption,
      updated,
      ...(options.url !== undefined ? { url: options.url } : {}),
    },
    operations: rows.map(({ operation, resourceType, traceName }) => ({
      operation,
      resourceType,
      traceName,
      readOnly: operationNature(operation) !== 'write',
    })),
  };
  for (const row of rows) {
    if (operationNature(row.operation) === 'unclear') {
      warnings.push(
        message(
          file,
          `line ${row.line}`,
          `row ${row.number} ("${row.operation}") neither plainly reads nor plainly changes something: marked readOnly, which needs the stronger proof (read-only audit logs on for the service); set "readOnly": false if it changes something`,
        ),
      );
    }
  }
  try {
    return { table: parseTable(data, file), warnings };
  } catch (e) {
    // Same messages as validating a table file; a row's also says where it is on the page.
    const index = e instanceof InputError ? /^operations\[(\d+)\]/.exec(e.where) : null;
    const row = index ? rows[Number(index[1])] : undefined;
    if (e instanceof InputError && row) throw new InputError(file, `line ${row.line}: ${e.where}`, e.problem);
    throw e;
  }
}

/**
 * The exact text of a table file: two-space JSON with keys in the order of
 * the files in `policies/`, and a final newline.
 */
export function formatTable(table: OperationsTable): string {
  const ordered = {
    $schema: table.$schema ?? TABLE_SCHEMA_REF,
    kind: table.kind,
    id: table.id,
    title: table.title,
    service: table.service,
    source: {
      document: table.source.document,
      table: table.source.table,
      updated: table.source.updated,
      ...(table.source.url !== undefined ? { url: table.source.url } : {}),
    },
    operations: table.operations.map((row) => ({
      operation: row.operation,
      ...(row.service !== undefined ? { service: row.service } : {}),
      resourceType: row.resourceType,
      traceName: row.traceName,
      ...(row.readOnly !== undefined ? { readOnly: row.readOnly } : {}),
    })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** First words of operations that only read: "Obtaining notebook instances", "Querying ...". */
const READ_VERBS = /^(obtaining|querying|listing|viewing|getting|showing|searching|checking|reading|downloading|opening|accessing)\b/i;
/** First words of operations that change something. */
const WRITE_VERBS =
  /^(creating|deleting|updating|modifying|changing|starting|stopping|restarting|saving|registering|synchronizing|using|adding|removing|enabling|disabling|setting|uploading|importing|binding|unbinding|attaching|detaching|resizing|renaming|cancell?ing|submitting|publishing|sharing|authorizing|revoking|granting|resetting|rebooting|migrating|scaling|editing|configuring|copying|moving|restoring|replicating|tagging|untagging|applying|assigning|associating|disassociating|installing|uninstalling|executing|running|triggering|approving|rejecting|locking|unlocking|freezing|unfreezing|expanding|extending|renewing|rolling|stopping|killing|terminating|releasing|purchasing|subscribing|unsubscribing)\b/i;

/**
 * Whether a documented operation reads or writes, from its first word.
 * Anything else is unclear and is treated as read-only: CTS may report it
 * only where read-only audit logs are on, so it needs the stronger proof.
 */
export function operationNature(operation: string): 'read' | 'write' | 'unclear' {
  const text = operation.trim();
  if (WRITE_VERBS.test(text)) return 'write';
  return READ_VERBS.test(text) ? 'read' : 'unclear';
}

function message(file: string, where: string, problem: string): string {
  return new InputError(file, where, problem).message;
}

function noTableProblem(format: 'text' | 'html'): string {
  return format === 'html'
    ? 'no table of traced operations: expected a <table> with a caption "Table N ..." (a <caption> or an element just before it), a header row Operation | Resource Type | Event, then one row per operation'
    : 'no table of traced operations: expected a caption line "Table N ...", then the header "Operation", "Resource Type", "Event", then one Operation, Resource Type, Event triple per operation, one value a line';
}

/** Markup if it starts with a tag or holds an html, body or table element. */
function looksLikeHtml(page: string): boolean {
  return page.trimStart().startsWith('<') || /<(?:html|body|table)[\s>]/i.test(page);
}

/** Collapses whitespace (no-break spaces included) and drops invisible characters. */
function normalize(text: string): string {
  return text
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The columns named by header cells, in order, if they are exactly
 * Operation, Resource Type and Event (in any order, any case).
 */
function headerColumns(cells: readonly string[]): Column[] | undefined {
  const columns: Column[] = [];
  for (const cell of cells) {
    const text = cell.toLowerCase();
    const found = ALIASES_LONGEST_FIRST.find(({ alias }) => alias === text);
    if (!found) return undefined;
    columns.push(found.column);
  }
  return isPermutation(columns) ? columns : undefined;
}

/** The same for a header written on one line with single spaces: "Operation Resource Type Event". */
function headerColumnsOfLine(text: string): Column[] | undefined {
  let rest = text.toLowerCase();
  const columns: Column[] = [];
  while (rest) {
    const found = ALIASES_LONGEST_FIRST.find(({ alias }) => rest === alias || rest.startsWith(`${alias} `));
    if (!found) return undefined;
    columns.push(found.column);
    rest = rest.slice(found.alias.length).trim();
  }
  return isPermutation(columns) ? columns : undefined;
}

function isPermutation(columns: readonly Column[]): boolean {
  return columns.length === COLUMNS.length && COLUMNS.every((c) => columns.includes(c));
}

function isCaption(text: string): boolean {
  return CAPTION.test(text);
}

// ---------------------------------------------------------------- text ----

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
function readText(page: string, file: string): ExtractedPage {
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

// ---------------------------------------------------------------- html ----

type HtmlDocument = ReturnType<typeof parseDocument>;
type HtmlNode = HtmlDocument['children'][number];
type HtmlElement = Parameters<typeof DomUtils.getAttributeValue>[0];

/** Elements whose text is never shown. */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template']);
/** Elements that break text into separate lines (everything else is inline). */
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'title',
  'tr',
  'ul',
]);

/**
 * A page saved as HTML. The table is the first `<table>` with a header row
 * Operation | Resource Type | Event; its caption is its `<caption>` or the
 * nearest text before it, if that reads "Table N ...".
 */
function readHtml(page: string, file: string): ExtractedPage {
  const doc = parseDocument(page, { withStartIndices: true });
  const lineOf = lineLocator(page);
  const nodeLine = (node: HtmlNode) => lineOf(node.startIndex ?? 0);

  const h1 = DomUtils.findOne((e) => e.name === 'h1', doc.children, true);
  const titleElement = DomUtils.findOne((e) => e.name === 'title', doc.children, true);
  const h1Text = h1 ? normalize(textOf(h1)) : '';
  // "<title>Using CTS to Audit Notebook_ModelArts_Huawei Cloud</title>": the page title is the first part.
  const titleText = titleElement ? normalize(textOf(titleElement).split(/[_|]/)[0]) : '';
  const document = h1Text || titleText || undefined;

  let updated: ExtractedPage['updated'];
  for (const { text, line } of textLines(doc, nodeLine)) {
    const match = UPDATED.exec(text);
    if (match) {
      updated = { text: match[1], line };
      break;
    }
  }

  const tables: FoundTable[] = [];
  const rows: FoundRow[] = [];
  for (const table of DomUtils.findAll((e) => e.name === 'table', doc.children)) {
    const grid = tableGrid(table, nodeLine);
    const headerIndex = grid.findIndex((row) => headerColumnsIn(row.cells) !== undefined);
    if (headerIndex < 0) continue;
    const caption = captionOf(table);
    tables.push({ caption, line: nodeLine(table) });
    if (tables.length > 1 || caption === undefined) continue;
    const header = grid[headerIndex].cells;
    const columns = headerColumnsIn(header) as Array<Column | undefined>;
    for (const { cells, line } of grid.slice(headerIndex + 1)) {
      if (cells.every((c) => !c)) continue;
      if (headerColumnsIn(cells)) continue; // a repeated header row
      const found: Partial<Record<Column, string>> = {};
      columns.forEach((column, i) => {
        if (column) found[column] = cells[i] ?? '';
      });
      const number = rows.length + 1;
      const empty = COLUMNS.filter((c) => !found[c]);
      if (empty.length > 0) {
        const label = found.operation ? `("${found.operation}") ` : '';
        const has = cells
          .filter(Boolean)
          .map((c) => `"${c}"`)
          .join(', ');
        throw new InputError(
          file,
          `line ${line}`,
          `row ${number} ${label}is incomplete: no ${empty.map((c) => COLUMN_NAMES[c]).join(' or ')} (the row has ${has}); ${ROWS_EXPECTED}`,
        );
      }
      rows.push({ number, line, ...(found as Record<Column, string>) });
    }
  }
  return { document, updated, tables, rows, notes: [] };
}

/**
 * The header columns of a row, by position (undefined for a column that is
 * none of the three), if the row names Operation, Resource Type and Event
 * each once.
 */
function headerColumnsIn(cells: readonly string[]): Array<Column | undefined> | undefined {
  const columns = cells.map((cell) => ALIASES_LONGEST_FIRST.find(({ alias }) => alias === cell.toLowerCase())?.column);
  const named = columns.filter((c): c is Column => c !== undefined);
  return isPermutation(named) ? columns : undefined;
}

/** Offsets to 1-based line numbers. */
function lineLocator(page: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < page.length; i++) {
    const ch = page[i];
    if (ch === '\n' || (ch === '\r' && page[i + 1] !== '\n')) starts.push(i + 1);
  }
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** A node's visible text, with blocks separated by spaces (normalize it afterwards). */
function textOf(node: HtmlNode): string {
  if (DomUtils.isText(node)) return node.data;
  if (!DomUtils.isTag(node)) return DomUtils.hasChildren(node) ? node.children.map(textOf).join('') : '';
  if (HIDDEN.has(node.name)) return '';
  const inner = node.children.map(textOf).join('');
  return BLOCK.has(node.name) ? ` ${inner} ` : inner;
}

/** The page's visible text as lines (one per block), each with its source line. */
function textLines(doc: HtmlDocument, nodeLine: (node: HtmlNode) => number): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let current = '';
  let line = 0;
  const flush = () => {
    const text = normalize(current);
    if (text) out.push({ text, line });
    current = '';
  };
  const walk = (node: HtmlNode): void => {
    if (DomUtils.isText(node)) {
      if (!normalize(current)) line = nodeLine(node);
      current += node.data;
      return;
    }
    if (DomUtils.isTag(node)) {
      if (HIDDEN.has(node.name) || node.name === 'head') return;
      const block = BLOCK.has(node.name);
      if (block) flush();
      node.children.forEach(walk);
      if (block) flush();
      return;
    }
    if (DomUtils.hasChildren(node)) node.children.forEach(walk);
  };
  doc.children.forEach(walk);
  flush();
  return out;
}

/**
 * The table's rows as cell texts, by column: colspan repeats a cell to the
 * right, rowspan down. Rows of nested tables are not the table's.
 */
function tableGrid(table: HtmlElement, nodeLine: (node: HtmlNode) => number): Array<{ cells: string[]; line: number }> {
  const trs: HtmlElement[] = [];
  const collect = (node: HtmlNode): void => {
    if (!DomUtils.isTag(node)) return;
    if (node.name === 'tr') trs.push(node);
    else if (node.name !== 'table') node.children.forEach(collect);
  };
  table.children.forEach(collect);

  const spans: Array<{ text: string; left: number } | undefined> = [];
  return trs.map((tr) => {
    const cells: string[] = [];
    let col = 0;
    const carry = () => {
      for (let span = spans[col]; span && span.left > 0; span = spans[col]) {
        cells[col] = span.text;
        span.left--;
        col++;
      }
    };
    for (const cell of tr.children) {
      if (!DomUtils.isTag(cell) || (cell.name !== 'td' && cell.name !== 'th')) continue;
      carry();
      const text = normalize(textOf(cell));
      const colspan = Math.max(1, Number.parseInt(DomUtils.getAttributeValue(cell, 'colspan') ?? '', 10) || 1);
      const rowspan = Math.max(1, Number.parseInt(DomUtils.getAttributeValue(cell, 'rowspan') ?? '', 10) || 1);
      for (let i = 0; i < colspan; i++, col++) {
        cells[col] = text;
        spans[col] = rowspan > 1 ? { text, left: rowspan - 1 } : undefined;
      }
    }
    carry();
    for (let c = col; c < spans.length; c++) {
      const span = spans[c];
      if (span && span.left > 0) {
        cells[c] = span.text;
        span.left--;
      }
    }
    return { cells: Array.from(cells, (c) => c ?? ''), line: nodeLine(tr) };
  });
}

/**
 * A table's caption: its `<caption>`, else the nearest non-empty text
 * before it (in its own or an enclosing element, up to three levels up,
 * since pages wrap tables in divs), if that text is "Table N ...".
 */
function captionOf(table: HtmlElement): string | undefined {
  const own = table.children.find((c): c is HtmlElement => DomUtils.isTag(c) && c.name === 'caption');
  if (own) return normalize(textOf(own)) || undefined;
  let node: HtmlNode = table;
  for (let level = 0; level < 4; level++) {
    for (let prev = node.prev; prev; prev = prev.prev) {
      const text = normalize(textOf(prev));
      if (!text) continue;
      return isCaption(text) ? text : undefined;
    }
    const parent: HtmlNode['parent'] = node.parent;
    if (!parent || !DomUtils.isTag(parent) || parent.name === 'body') return undefined;
    node = parent;
  }
  return undefined;
}
