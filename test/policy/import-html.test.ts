/**
 * HTML pages at the edges of what `table import` reads: spans, odd markup around cells, where a caption may be
 * found, the "Updated on" line among other text, line numbers with every line ending, and what is left out of
 * the table it writes.
 */
import { ImportOptions, formatTable, importTable, operationNature } from '../../lib/policy/import';
import { parseTable } from '../../lib/policy/table';
import { inputErrorOf } from '../support/input-error';

const options: ImportOptions = { file: 'page.html', service: 'Demo', id: 'demo-widgets' };
const CAPTION = '<caption>Table 3 Widget operations traced by CTS</caption>';
const HEADER = '<tr><th>Operation</th><th>Resource Type</th><th>Event</th></tr>';

const page = (body: string, head = '<title>Using CTS to Audit Widgets_Demo_Huawei Cloud</title>') =>
  `<!DOCTYPE html>\n<html>\n<head>${head}</head>\n<body>\n<div class="help-content">\n` +
  `<div class="update-time">Updated on 2026-1-31 GMT+08:00</div>\n${body}\n</div>\n</body>\n</html>\n`;

/** The rows a page imports to, as "operation | resource type | event". */
const rowsOf = (html: string) =>
  importTable(html, options).table.operations.map((r) => `${r.operation} | ${r.resourceType} | ${r.traceName}`);

describe('cells', () => {
  test('rowspan repeats a cell down, colspan to the right; a span of 0 or not a number is 1', () => {
    const html = page(
      `<table>${CAPTION}\n${HEADER}\n` +
        '<tr><td rowspan="3">Managing a widget</td><td>Widget</td><td>createWidget</td></tr>\n' +
        '<tr><td>Widget</td><td>deleteWidget</td></tr>\n' +
        '<tr><td>Gadget</td><td rowspan="2">listGadget</td></tr>\n' +
        '<tr><td colspan="0">Listing gadgets</td><td rowspan="x">Gadget</td></tr>\n' +
        '<tr><td colspan="2">Widget</td><td>touchWidget</td></tr>\n' +
        '</table>',
    );
    expect(rowsOf(html)).toEqual([
      'Managing a widget | Widget | createWidget',
      'Managing a widget | Widget | deleteWidget',
      'Managing a widget | Gadget | listGadget',
      'Listing gadgets | Gadget | listGadget',
      'Widget | Widget | touchWidget',
    ]);
  });

  test('a span carried past a missing cell fills its own column, and the row says what it lacks', () => {
    const html = page(
      `<table>${CAPTION}\n${HEADER}\n` +
        '<tr><td>Listing gadgets</td><td>Gadget</td><td rowspan="2">listGadget</td></tr>\n' +
        '<tr><td>Deleting a gadget</td></tr>\n' +
        '</table>',
    );
    expect(inputErrorOf(() => importTable(html, options))).toBe(
      'page.html: line 10: row 2 ("Deleting a gadget") is incomplete: no Resource Type (the row has "Deleting a gadget", "listGadget"); each row needs an Operation, a Resource Type and an Event',
    );
  });

  test('invisible characters in a cell (soft hyphen, zero-width space and joiners, BOM) are dropped', () => {
    const html = page(
      `<table>${CAPTION}\n${HEADER}\n<tr><td>Creating a wid\u00ADget</td><td>Wid\u200Bget</td><td>create\u200DWidget\uFEFF\u2060</td></tr>\n</table>`,
    );
    expect(rowsOf(html)).toEqual(['Creating a widget | Widget | createWidget']);
  });

  test('a row with no operation is described without one', () => {
    const html = page(`<table>${CAPTION}\n${HEADER}\n<tr><td></td><td>Widget</td><td>createWidget</td></tr>\n</table>`);
    expect(inputErrorOf(() => importTable(html, options))).toBe(
      'page.html: line 9: row 1 is incomplete: no Operation (the row has "Widget", "createWidget"); each row needs an Operation, a Resource Type and an Event',
    );
  });

  test('comments, scripts and elements other than cells inside a row are not cells; blank rows are skipped', () => {
    const html = page(
      `<table>${CAPTION}\n${HEADER}\n` +
        '<tr><!-- first --><td>Creating a <!-- note -->widget</td><span>not a cell</span><td>Widget<script>var x = 1;</script></td><td>create<style>p{}</style>Widget</td></tr>\n' +
        '<tr><td></td><td> </td><td></td></tr>\n' +
        '<tr><td>Deleting a widget</td><td>Widget</td><td>deleteWidget</td></tr>\n' +
        '</table>',
    );
    expect(rowsOf(html)).toEqual(['Creating a widget | Widget | createWidget', 'Deleting a widget | Widget | deleteWidget']);
  });

  test('a first row naming one column twice is not the header', () => {
    const html = page(
      `<table>${CAPTION}\n<tr><th>Operation</th><th>Operation</th><th>Event</th></tr>\n${HEADER}\n` +
        '<tr><td>Creating a widget</td><td>Widget</td><td>createWidget</td></tr>\n</table>',
    );
    expect(rowsOf(html)).toEqual(['Creating a widget | Widget | createWidget']);
  });
});

describe('captions', () => {
  const table = `<table>\n${HEADER}\n<tr><td>Creating a widget</td><td>Widget</td><td>createWidget</td></tr>\n</table>`;

  test('found up to three elements up, not four', () => {
    const wrap = (levels: number) => '<div>'.repeat(levels) + table + '</div>'.repeat(levels);
    const at = (levels: number) => page(`<p>Table 3 Widget operations traced by CTS</p>${wrap(levels)}`);
    expect(importTable(at(3), options).table.source.table).toBe('Table 3 Widget operations traced by CTS');
    expect(inputErrorOf(() => importTable(at(4), options))).toMatch(
      /^page\.html: line \d+: the table with header "Operation \/ Resource Type \/ Event" has no caption/,
    );
  });

  test.each([
    ['Table 12 Widget operations traced by CTS', 'a number of two digits'],
    ['Table 3: Widget operations traced by CTS', 'a colon'],
    ['Table 3. Widget operations traced by CTS', 'a full stop'],
  ])('"%s" is a caption (%s)', (caption) => {
    expect(importTable(page(`<p>${caption}</p>${table}`), options).table.source.table).toBe(caption);
  });

  test('a caption starts with "Table": a sentence that mentions one is not it', () => {
    expect(inputErrorOf(() => importTable(page(`<p>See Table 3 Widget operations traced by CTS</p>${table}`), options))).toMatch(
      /^page\.html: line \d+: the table with header "Operation \/ Resource Type \/ Event" has no caption/,
    );
  });

  test('never looked for outside the body: a <title> that reads like a caption is the page title, not the caption', () => {
    const html = `<html><head><title>Table 3 Widget operations traced by CTS</title></head><body><div>Updated on 2026-01-31</div>\n${table}</body></html>`;
    expect(inputErrorOf(() => importTable(html, options))).toMatch(/has no caption "Table N \.\.\." before it/);
  });

  test('a table of operations without a caption cannot be imported, even when a captioned one follows', () => {
    const html = page(
      `${table}\n<table>${CAPTION}\n${HEADER}\n<tr><td>Deleting a widget</td><td>Widget</td><td>deleteWidget</td></tr>\n</table>`,
    );
    expect(inputErrorOf(() => importTable(html, options))).toMatch(/^page\.html: line 7: the table with header .* has no caption/);
  });
});

describe('the page around the table', () => {
  const table = `<table>${CAPTION}\n${HEADER}\n<tr><td>Creating a widget</td><td>Widget</td><td>createWidget</td></tr>\n</table>`;
  const html = (before: string, head?: string) =>
    `<!DOCTYPE html>\n<html>\n<head>${head ?? '<title>Using CTS to Audit Widgets</title>'}</head>\n<body>\n${before}\n${table}\n</body>\n</html>\n`;

  test('"Updated on" is a line of its own block, after other blocks; scripts and the head are not read for it', () => {
    const page = html(
      '<script>var published = "Updated on 1999-01-01";</script><p>Published on 2020-01-01</p><div>Updated on 2026-1-31 GMT+08:00</div>',
      '<title>Using CTS to Audit Widgets</title><meta name="x" content="y"><style>p::before { content: "Updated on 1998-01-01" }</style>',
    );
    expect(importTable(page, options).table.source.updated).toBe('2026-01-31');
  });

  // The block elements of HTML end a line of text; inline ones do not. Each is tried between inline text, so
  // that "Updated on" is a line of its own only if the element is read as a block.
  test.each([
    'address',
    'article',
    'aside',
    'blockquote',
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
  ])('<%s> is a block: "Updated on" inside it is a line of its own', (tag) => {
    const page = html(`<span>Intro</span><${tag}>Updated on 2026-1-31</${tag}><span>more</span>`);
    expect(importTable(page, options).table.source.updated).toBe('2026-01-31');
  });

  test.each(['br', 'hr'])('<%s> ends a line', (tag) => {
    const page = html(`Intro<${tag}>Updated on 2026-1-31<${tag}>more`);
    expect(importTable(page, options).table.source.updated).toBe('2026-01-31');
  });

  test('an inline element is not a block: its text runs on with what is around it', () => {
    const page = html('<span>Intro</span><b>Updated on 2026-1-31</b><span>more</span>');
    expect(inputErrorOf(() => importTable(page, options))).toBe(
      'page.html: no "Updated on YYYY-MM-DD" line: expected one near the page title (it gives source.updated)',
    );
  });

  test.each(['script', 'style', 'noscript', 'template'])('<%s> is never read, for the date or the caption', (tag) => {
    const hidden = `<${tag}>Updated on 1999-01-01</${tag}>`;
    const page = html(`${hidden}<div>Updated on 2026-1-31</div>`).replace(
      '<caption>Table 3 Widget operations traced by CTS</caption>',
      `<caption>Table 3 Widget operations ${hidden}traced by CTS</caption>`,
    );
    const { source } = importTable(page, options).table;
    expect([source.updated, source.table]).toEqual(['2026-01-31', 'Table 3 Widget operations traced by CTS']);
  });

  test('the head is never read for the date, even in its title', () => {
    const page = html('<h1>Using CTS to Audit Widgets</h1><div>Updated on 2026-1-31</div>', '<title>Updated on 1999-01-01</title>');
    expect(importTable(page, options).table.source.updated).toBe('2026-01-31');
  });

  test('"Updated on" starts its line: "last updated on" elsewhere in a sentence is not it', () => {
    const page = html('<p>This page was last updated on 1999-01-01</p><div>Updated on: 2026-1-31</div>');
    expect(importTable(page, options).table.source.updated).toBe('2026-01-31');
  });

  test('a date that is not one names the line of its text', () => {
    const page = html('<p>Intro</p>\n\n<div>Updated on\n<b>yesterday</b></div>');
    expect(inputErrorOf(() => importTable(page, options))).toBe(
      'page.html: line 7: "Updated on yesterday" has no date in the form YYYY-MM-DD (it gives source.updated)',
    );
  });

  test.each([
    ['\n', 'LF'],
    ['\r\n', 'CRLF'],
    ['\r', 'CR'],
  ])('lines are counted the same with %j line endings (%s)', (eol) => {
    const lines = [
      '<html>',
      '<head><title>Using CTS to Audit Widgets</title></head>',
      '<body>',
      '<div>Updated on 2026-1-31</div>',
      `<table>${CAPTION}`,
      HEADER,
      '<tr><td>Creating a widget</td><td>Widget</td><td>createWidget</td></tr>',
      '</table>',
      '<p>More</p>',
      `<table><caption>Table 4 More</caption>${HEADER}</table>`,
      '</body></html>',
    ];
    expect(importTable(lines.join(eol), options).warnings).toEqual([
      'page.html: line 10: "Table 4 More" also lists traced operations and was not imported: only the first such table of a page is',
    ]);
  });

  test('markup is recognised by a table element with attributes, after text', () => {
    const page = `Saved from the browser\n<h1>Using CTS to Audit Widgets</h1>\n<div>Updated on 2026-01-31</div>\n${table.replace('<table>', '<table border="1">')}\n`;
    expect(importTable(page, { ...options, file: 'saved.txt' }).table.operations).toHaveLength(1);
  });

  test('a page that is only markup without a table says so for HTML', () => {
    expect(inputErrorOf(() => importTable('  <p>Nothing here</p>', options))).toBe(
      'page.html: no table of traced operations: expected a <table> with a caption "Table N ..." (a <caption> or an element just before it), a header row Operation | Resource Type | Event, then one row per operation',
    );
  });
});

describe('what the table holds', () => {
  const table = `<table>${CAPTION}\n${HEADER}\n<tr><td>Creating a widget</td><td>Widget</td><td>createWidget</td></tr>\n</table>`;

  test('no url unless one is given', () => {
    expect(Object.keys(importTable(page(table), options).table.source)).toEqual(['document', 'table', 'updated']);
    expect(importTable(page(table), { ...options, url: 'https://example.com/widgets' }).table.source.url).toBe(
      'https://example.com/widgets',
    );
  });

  test("formatTable keeps a row's own service and its readOnly, false included", () => {
    const t = parseTable(
      {
        kind: 'cts-operations-table',
        id: 'demo',
        title: 'Widget operations',
        service: 'Demo',
        source: { document: 'Widgets', table: 'Table 1 Widget operations', updated: '2026-01-31', url: 'https://example.com/w' },
        operations: [
          { operation: 'Creating a widget', resourceType: 'Widget', traceName: 'createWidget', readOnly: false, service: 'Other' },
          { operation: 'Listing widgets', resourceType: 'Widget', traceName: 'listWidget' },
        ],
      },
      'demo.json',
    );
    const written = JSON.parse(formatTable(t));
    expect(written.source.url).toBe('https://example.com/w');
    expect(written.operations).toEqual([
      { operation: 'Creating a widget', resourceType: 'Widget', traceName: 'createWidget', readOnly: false, service: 'Other' },
      { operation: 'Listing widgets', resourceType: 'Widget', traceName: 'listWidget' },
    ]);
  });

  test('the nature of an operation is read from its first word, whatever the spaces around it', () => {
    expect(operationNature('  Obtaining widgets ')).toBe('read');
    expect(operationNature('\tDeleting a widget')).toBe('write');
  });
});
