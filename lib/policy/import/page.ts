/**
 * What the readers of a documentation page share: the three columns of a
 * table of traced operations and the header texts that name them, the
 * caption and "Updated on" lines, and what a reader extracts from a page.
 */
export type Column = 'operation' | 'resourceType' | 'traceName';
export const COLUMNS: readonly Column[] = ['operation', 'resourceType', 'traceName'];
export const COLUMN_NAMES: Record<Column, string> = { operation: 'Operation', resourceType: 'Resource Type', traceName: 'Event' };
/** Header texts accepted for each column, lower case; Huawei's pages vary a little. */
const HEADER_ALIASES: Record<Column, readonly string[]> = {
  operation: ['operation', 'operation name'],
  resourceType: ['resource type', 'resource'],
  traceName: ['event', 'event name', 'trace name', 'trace'],
};
export const ALIASES_LONGEST_FIRST = COLUMNS.flatMap((column) => HEADER_ALIASES[column].map((alias) => ({ column, alias }))).sort(
  (a, b) => b.alias.length - a.alias.length,
);

export const ROWS_EXPECTED = 'each row needs an Operation, a Resource Type and an Event';

/** A table caption: "Table 1 Key development environment operations traced by CTS". */
export const CAPTION = /^Table\s+\d+[.:]?\s+(\S.*)$/i;
export const UPDATED = /^Updated on\b[\s:]*(.*)$/i;

/** One documented operation as found on the page. */
export interface FoundRow {
  /** 1-based position among the table's data rows. */
  readonly number: number;
  readonly line: number;
  readonly operation: string;
  readonly resourceType: string;
  readonly traceName: string;
}

/** A table whose header is Operation / Resource Type / Event. */
export interface FoundTable {
  readonly caption: string | undefined;
  /** Line of the caption, else of the header (text), or of the `<table>` (HTML). */
  readonly line: number;
}

/** What a format reader extracts from a page. */
export interface ExtractedPage {
  readonly document: string | undefined;
  readonly updated: { readonly text: string; readonly line: number } | undefined;
  /** Every table of traced operations, in page order. */
  readonly tables: readonly FoundTable[];
  /** The rows of the first of them. */
  readonly rows: readonly FoundRow[];
  /** Doubts to report as warnings. */
  readonly notes: readonly Note[];
}

export interface Note {
  readonly where: string;
  readonly problem: string;
}

/** Collapses whitespace (no-break spaces included) and drops invisible characters. */
export function normalize(text: string): string {
  return text
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The columns named by header cells, in order, if they are exactly
 * Operation, Resource Type and Event (in any order, any case).
 */
export function headerColumns(cells: readonly string[]): Column[] | undefined {
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
export function headerColumnsOfLine(text: string): Column[] | undefined {
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

export function isPermutation(columns: readonly Column[]): boolean {
  return columns.length === COLUMNS.length && COLUMNS.every((c) => columns.includes(c));
}

export function isCaption(text: string): boolean {
  return CAPTION.test(text);
}
