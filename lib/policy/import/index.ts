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
 * The text and HTML readers are in ./text.ts and ./html.ts; what they share in
 * ./page.ts.
 *
 * This module must not import cdktf or constructs.
 */
import { InputError } from '../../errors';
import { OperationsTable, TABLE_KIND, parseTable } from '../table';
import { readHtml } from './html';
import { CAPTION, FoundRow } from './page';
import { readText } from './text';

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

const UPDATED_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})\b/;

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

/**
 * Turns a documentation page into a table. Throws an {@link InputError}
 * (one line: `file: where: problem`) when the page has no recognizable table
 * or an incomplete row, or when the result is not a valid table.
 *
 * Rows that share a trace name but differ in operation are kept; a row that
 * repeats an earlier one exactly is dropped, with a warning.
 */
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
