/**
 * Reads a page saved as HTML, parsed with htmlparser2 (never with regular
 * expressions; those only see extracted text).
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import { InputError } from '../../errors';
import {
  COLUMNS,
  COLUMN_NAMES,
  Column,
  ExtractedPage,
  FoundRow,
  FoundTable,
  ROWS_EXPECTED,
  UPDATED,
  isCaption,
  isPermutation,
  ALIASES_LONGEST_FIRST,
  normalize,
} from './page';

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
export function readHtml(page: string, file: string): ExtractedPage {
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
