import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImportOptions, formatTable, importTable, defaultId, operationNature } from '../../lib/policy/import';
import { OperationRow, parseTable } from '../../lib/policy/table';
import { inputErrorOf } from '../support/input-error';

const REFERENCE = join(__dirname, '../fixtures/reference');
const TXT = readFileSync(join(REFERENCE, 'using-cts-to-audit-notebook.txt'), 'utf8');
const HTML = readFileSync(join(REFERENCE, 'using-cts-to-audit-notebook.html'), 'utf8');
const POLICY = readFileSync(join(__dirname, '../../policies/modelarts-notebook.json'), 'utf8');
const URL = 'https://support.huaweicloud.com/intl/en-us/devtool-modelarts/devtool-modelarts_03033.html';
const ROWS = (JSON.parse(POLICY) as { operations: OperationRow[] }).operations;

const notebook = (file: string, more: Partial<ImportOptions> = {}): ImportOptions => ({
  file,
  service: 'ModelArts',
  id: 'modelarts-notebook',
  url: URL,
  ...more,
});

/** The reference page with its table rows (one value a line) replaced by `body`. */
function withRows(body: string): string {
  const start = TXT.indexOf('Creating a notebook instance');
  const end = TXT.indexOf('Viewing Traces');
  return `${TXT.slice(0, start)}${body}${TXT.slice(end)}`;
}

const SECOND_TABLE =
  'Key Inference Operations Traced by CTS\n\nTable 2 Key inference operations traced by CTS\n\n' +
  'Operation\n\nResource Type\n\nEvent\n\nCreating a service\n\nService\n\ncreateService\n\n';

describe('importing the reference page', () => {
  test('the text page gives policies/modelarts-notebook.json byte for byte', () => {
    const { table, warnings } = importTable(TXT, notebook('notebook.txt'));
    expect(formatTable(table)).toBe(POLICY);
    expect(warnings).toEqual([]);
  });

  test('the HTML page gives the same file byte for byte', () => {
    const { table, warnings } = importTable(HTML, notebook('notebook.html'));
    expect(formatTable(table)).toBe(POLICY);
    expect(warnings).toEqual([]);
  });

  test('keeps both createNotebookImage rows: same trace name, different operations', () => {
    const { table } = importTable(TXT, notebook('notebook.txt'));
    expect(table.operations).toHaveLength(23);
    expect(table.operations.filter((r) => r.traceName === 'createNotebookImage').map((r) => r.operation)).toEqual([
      'Saving a running instance as a container image',
      'Registering a custom image',
    ]);
  });

  test('marks each row read-only or not from its operation: "Obtaining ..." and "Opening ..." read, the rest write', () => {
    const { table } = importTable(TXT, notebook('notebook.txt'));
    expect(table.operations.filter((r) => r.readOnly).map((r) => r.traceName)).toEqual([
      'getNotebook',
      'listallNotebook',
      'listNotebook',
      'openNotebook',
      'listNotebookImage',
      'listNotebookImageGroups',
      'getNotebookImage',
      'listNotebookApp',
      'getNotebookApp',
      'listCombineTmsTag',
      'listNotebookTmsTag',
    ]);
  });

  test.each([
    ['Creating a widget', 'write'],
    ['Using a NotebookApp instance', 'write'],
    ['Synchronizing image status', 'write'],
    ['Obtaining resource tags', 'read'],
    ['Querying widgets', 'read'],
    ['Opening a CodeLab instance', 'read'],
    ['Widget operations', 'unclear'],
    ['Logging in', 'unclear'],
  ])('"%s" is %s', (operation, nature) => {
    expect(operationNature(operation)).toBe(nature);
  });

  test('a row whose nature is unclear is marked read-only, with a warning saying so', () => {
    const page = withRows('Logging in to a widget\nWidget\nloginWidget\n\nCreating a widget\nWidget\ncreateWidget\n\n');
    const { table, warnings } = importTable(page, notebook('notebook.txt'));
    expect(table.operations.map((r) => [r.traceName, r.readOnly])).toEqual([
      ['loginWidget', true],
      ['createWidget', false],
    ]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^notebook\.txt: line \d+: row 1 \("Logging in to a widget"\) neither plainly reads nor plainly changes something: marked readOnly, which needs the stronger proof \(read-only audit logs on for the service\); set "readOnly": false if it changes something$/,
      ),
    ]);
  });

  test('an explicit format overrides detection; the wrong one finds no table', () => {
    expect(formatTable(importTable(TXT, notebook('notebook.txt', { format: 'text' })).table)).toBe(POLICY);
    expect(formatTable(importTable(HTML, notebook('notebook.html', { format: 'html' })).table)).toBe(POLICY);
    expect(inputErrorOf(() => importTable(TXT, notebook('notebook.txt', { format: 'html' })))).toMatch(
      /^notebook\.txt: no table of traced operations: expected a <table>/,
    );
  });
});

describe('text pages: layouts that import to the same table', () => {
  const variants: Array<[string, string, string[]]> = [
    ['CRLF line ends', TXT.replace(/\n/g, '\r\n'), []],
    ['CR line ends', TXT.replace(/\n/g, '\r'), []],
    ['a byte order mark', `\uFEFF${TXT}`, []],
    [
      'tabs and trailing spaces around every line',
      TXT.split('\n')
        .map((l) => `\t${l} \t  `)
        .join('\n'),
      [],
    ],
    ['no-break spaces inside values', TXT.replace('Creating a notebook instance', 'Creating a\u00A0notebook  instance'), []],
    [
      'the header on one line, separated by tabs',
      TXT.replace('Operation\n\nResource Type\n\nEvent\n', 'Operation\tResource Type\tEvent\n'),
      [],
    ],
    [
      'the header on one line, separated by spaces',
      TXT.replace('Operation\n\nResource Type\n\nEvent\n', 'Operation Resource Type Event\n'),
      [],
    ],
    ['extra blank and whitespace-only lines', TXT.replace(/\n\n/g, '\n\n\n   \n\t\n'), []],
    ['no blank lines at all', TXT.replace(/\n\n/g, '\n'), []],
    ['one row a line, separated by tabs', withRows(ROWS.map((r) => `${r.operation}\t${r.resourceType}\t${r.traceName}\n`).join('')), []],
    [
      'the title before the "Updated on" line',
      TXT.replace(
        'Updated on 2026-05-29 GMT+08:00\n\nUsing CTS to Audit Notebook',
        'Using CTS to Audit Notebook\nUpdated on 2026-05-29 GMT+08:00',
      ),
      [],
    ],
    ['the table at the very end of the page', TXT.slice(0, TXT.indexOf('Viewing Traces')), []],
    [
      'another kind of table before it (ignored)',
      TXT.replace(
        'Key Development Environment',
        'Table 1 Parameters\n\nParameter\n\nDescription\n\nproject_id\n\nProject ID\n\nKey Development Environment',
      ),
      [],
    ],
    [
      'a second table of traced operations after it',
      TXT.replace('Viewing Traces', `${SECOND_TABLE}Viewing Traces`),
      [
        'notebook.txt: line 161: "Table 2 Key inference operations traced by CTS" also lists traced operations and was not imported: only the first such table of a page is',
      ],
    ],
    [
      'an exact duplicate row (dropped)',
      TXT.replace(
        'Obtaining notebook instances\n',
        'Creating a notebook instance\n\nNotebook\n\ncreateNotebook\n\nObtaining notebook instances\n',
      ),
      ['notebook.txt: line 39: row 4 ("Creating a notebook instance", Notebook, createNotebook) duplicates row 1 exactly; dropped it'],
    ],
  ];

  test.each(variants)('%s', (_name, page, warnings) => {
    const result = importTable(page, notebook('notebook.txt'));
    expect(formatTable(result.table)).toBe(POLICY);
    expect(result.warnings).toEqual(warnings);
  });

  // Values that could be a row cut short, or text after the table (a heading
  // and a one-word line, a footer): not an error, but a warning says so.
  const endings: Array<[string, string, string]> = [
    [
      'an operation and a resource type, then a heading',
      TXT.replace('\nlistNotebookTmsTag\n\nViewing Traces', '\nViewing Traces'),
      'notebook.txt: line 153: the table is taken to end before "Obtaining resource tags", "NotebookTmsTag"; if they are the start of a row, its Event is missing',
    ],
    [
      'one last line on the page',
      TXT.slice(0, TXT.indexOf('NotebookTmsTag')),
      'notebook.txt: line 153: the table is taken to end before "Obtaining resource tags"; if it is the start of a row, its Resource Type and Event are missing',
    ],
  ];

  test.each(endings)('the table ends, with a warning, before %s', (_name, page, warning) => {
    const result = importTable(page, notebook('notebook.txt'));
    expect(result.table.operations).toEqual(ROWS.slice(0, 22));
    expect(result.warnings).toEqual([warning]);
  });
});

describe('HTML pages', () => {
  const page = (body: string, head = '<title>Using CTS to Audit Widgets_Demo_Huawei Cloud</title>') =>
    `<!DOCTYPE html>\n<html>\n<head>${head}</head>\n<body>\n<div class="help-content">\n` +
    `<div class="update-time">Updated on 2026-1-31 GMT+08:00</div>\n${body}\n</div>\n</body>\n</html>\n`;
  const widgets = {
    document: 'Using CTS to Audit Widgets',
    table: 'Table 3 Widget operations traced by CTS',
    title: 'Widget operations traced by CTS',
  };
  const demo = (file: string): ImportOptions => ({ file, service: 'Demo', id: 'demo-widgets' });

  const cases: Array<[string, string, { operations: OperationRow[]; warnings?: string[]; table?: string }]> = [
    [
      'caption in an element before the wrapping div, header in td cells, no thead',
      page(
        '<p class="tablecap" id="t3"><strong>Table 3</strong> widget operations traced by CTS</p>\n' +
          '<div class="tablenoborder"><a name="t3"></a><table border="1">\n' +
          '<tr><td><p>Operation</p></td><td><p>Resource Type</p></td><td><p>Event</p></td></tr>\n' +
          '<tr><td><p>Creating a widget</p></td><td><p>Widget</p></td><td><p>createWidget</p></td></tr>\n' +
          '</table></div>',
      ),
      {
        operations: [{ operation: 'Creating a widget', resourceType: 'Widget', traceName: 'createWidget', readOnly: false }],
        table: 'Table 3 widget operations traced by CTS',
      },
    ],
    [
      'columns in another order, rowspan, entities, <br> and nested inline markup in cells',
      page(
        '<table><caption>Table 3 Widget operations traced by CTS</caption>\n' +
          '<thead><tr><th>Event</th><th>Operation</th><th>Resource type</th></tr></thead><tbody>\n' +
          '<tr><td><code>createWidget</code></td><td><p>Creating &amp; <span class="b">tagging</span><br>a&nbsp;widget</p></td>' +
          '<td rowspan="2"><p>Widget</p></td></tr>\n' +
          '<tr><td>deleteWidget</td><td>Deleting a widget</td></tr>\n' +
          '<tr><td>listGadget</td><td>Listing gadgets &lt;all&gt;</td><td>Gadget</td></tr>\n' +
          '</tbody></table>',
      ),
      {
        operations: [
          { operation: 'Creating & tagging a widget', resourceType: 'Widget', traceName: 'createWidget', readOnly: false },
          { operation: 'Deleting a widget', resourceType: 'Widget', traceName: 'deleteWidget', readOnly: false },
          { operation: 'Listing gadgets <all>', resourceType: 'Gadget', traceName: 'listGadget', readOnly: true },
        ],
      },
    ],
    [
      'a table of another kind first, a layout table around it, and a second table of operations',
      page(
        '<table><caption>Table 1 Parameters</caption><tr><th>Parameter</th><th>Description</th></tr>' +
          '<tr><td>Operation</td><td>Resource Type</td></tr></table>\n' +
          '<table class="layout"><tr><td>\n' +
          '<table><caption>Table 3 Widget operations traced by CTS</caption>\n' +
          '<tr><th>Operation</th><th>Resource Type</th><th>Event</th></tr>\n' +
          '<tr><td>Creating a widget</td><td>Widget</td><td>createWidget</td></tr></table>\n' +
          '</td></tr></table>\n' +
          '<table><caption>Table 4 Gadget operations traced by CTS</caption>\n' +
          '<tr><th>Operation</th><th>Resource Type</th><th>Event</th></tr>\n' +
          '<tr><td>Creating a gadget</td><td>Gadget</td><td>createGadget</td></tr></table>',
      ),
      {
        operations: [{ operation: 'Creating a widget', resourceType: 'Widget', traceName: 'createWidget', readOnly: false }],
        warnings: [
          'page.html: line 13: "Table 4 Gadget operations traced by CTS" also lists traced operations and was not imported: only the first such table of a page is',
        ],
      },
    ],
    [
      'an exact duplicate row (dropped), and a repeated header row (skipped)',
      page(
        '<table><caption>Table 3 Widget operations traced by CTS</caption>\n' +
          '<tr><th>Operation</th><th>Resource Type</th><th>Event</th></tr>\n' +
          '<tr><td>Creating a widget</td><td>Widget</td><td>createWidget</td></tr>\n' +
          '<tr><td>Copying a widget</td><td>Widget</td><td>createWidget</td></tr>\n' +
          '<tr><th>Operation</th><th>Resource Type</th><th>Event</th></tr>\n' +
          '<tr><td>Creating a  widget</td><td>Widget</td><td>createWidget</td></tr>\n' +
          '</table>',
      ),
      {
        operations: [
          { operation: 'Creating a widget', resourceType: 'Widget', traceName: 'createWidget', readOnly: false },
          { operation: 'Copying a widget', resourceType: 'Widget', traceName: 'createWidget', readOnly: false },
        ],
        warnings: ['page.html: line 12: row 3 ("Creating a widget", Widget, createWidget) duplicates row 1 exactly; dropped it'],
      },
    ],
  ];

  test.each(cases)('%s', (_name, html, expected) => {
    const { table, warnings } = importTable(html, demo('page.html'));
    expect(table).toEqual({
      $schema: '../schemas/operations-table.schema.json',
      kind: 'cts-operations-table',
      id: 'demo-widgets',
      title: widgets.title,
      service: 'Demo',
      source: { document: widgets.document, table: expected.table ?? widgets.table, updated: '2026-01-31' },
      operations: expected.operations,
    });
    expect(warnings).toEqual(expected.warnings ?? []);
  });

  test('markup is detected without a leading tag', () => {
    const { table } = importTable(`Saved from the browser\n${HTML}`, notebook('notebook.html'));
    expect(formatTable(table)).toBe(POLICY);
  });

  test('the <h1> is preferred to the <title>', () => {
    const html = page(
      '<h1>Auditing Widgets</h1><table><caption>Table 3 Widget operations traced by CTS</caption>' +
        '<tr><th>Operation</th><th>Resource Type</th><th>Event</th></tr>' +
        '<tr><td>Creating a widget</td><td>Widget</td><td>createWidget</td></tr></table>',
    );
    expect(importTable(html, demo('page.html')).table.source.document).toBe('Auditing Widgets');
  });
});

describe('pages that cannot be imported fail with one line naming the place', () => {
  const ROW = 'Operation\n\nResource Type\n\nEvent\n\n';
  const cases: Array<[string, string, string]> = [
    [
      'an empty page',
      '',
      'notebook.txt: no table of traced operations: expected a caption line "Table N ...", then the header "Operation", "Resource Type", "Event", then one Operation, Resource Type, Event triple per operation, one value a line',
    ],
    [
      'prose with no table',
      TXT.slice(0, TXT.indexOf('Table 1')),
      'notebook.txt: no table of traced operations: expected a caption line "Table N ..."',
    ],
    [
      'a header with no caption',
      TXT.replace('Table 1 Key development environment operations traced by CTS\n', ''),
      'notebook.txt: line 14: the table with header "Operation / Resource Type / Event" has no caption "Table N ..." before it (the caption gives source.table and title); add it',
    ],
    [
      'a header with no rows',
      withRows(''),
      'notebook.txt: line 13: table "Table 1 Key development environment operations traced by CTS" has no rows after its header "Operation / Resource Type / Event"; expected one Operation, Resource Type, Event triple per operation',
    ],
    [
      'a row without its resource type',
      TXT.replace('Notebook\n\ngetNotebook', 'getNotebook'),
      'notebook.txt: line 27: row 2 ("Obtaining details about a notebook instance") is incomplete: where its Event should be, line 31 has "Obtaining all notebook instances"; each row needs an Operation, a Resource Type and an Event',
    ],
    [
      'a row with only its operation',
      TXT.replace('Notebook\n\nopenNotebook\n\n', ''),
      'notebook.txt: line 45: row 5 ("Opening a CodeLab instance") is incomplete: where its Resource Type should be, line 47 has "Deleting a notebook instance"; each row needs an Operation, a Resource Type and an Event',
    ],
    [
      'a trace name with a space, which splits the row',
      TXT.replace('\nstartNotebook\n', '\nstart Notebook\n'),
      'notebook.txt: line 63: row 8 ("Starting a notebook instance") is incomplete: where its Event should be, line 67 has "start Notebook"; each row needs an Operation, a Resource Type and an Event',
    ],
    [
      'a page cut in the last row',
      TXT.slice(0, TXT.indexOf('listNotebookTmsTag')),
      'notebook.txt: line 153: row 23 ("Obtaining resource tags") is incomplete: the page ends before its Event; each row needs an Operation, a Resource Type and an Event',
    ],
    [
      'a row cut short just before the next table',
      TXT.replace('\nlistNotebookTmsTag\n\nViewing Traces', `\n${SECOND_TABLE.slice(SECOND_TABLE.indexOf('Table 2'))}`),
      'notebook.txt: line 153: row 23 ("Obtaining resource tags") is incomplete: where its Event should be, line 157 has "Table 2 Key inference operations traced by CTS"',
    ],
    [
      'no page title',
      TXT.slice(TXT.indexOf('Table 1')),
      'notebook.txt: no page title: expected it on the first lines, before the table (it gives source.document)',
    ],
    [
      'no "Updated on" line',
      TXT.replace('Updated on 2026-05-29 GMT+08:00', ''),
      'notebook.txt: no "Updated on YYYY-MM-DD" line: expected one near the page title (it gives source.updated)',
    ],
    [
      'an "Updated on" line without a date',
      TXT.replace('2026-05-29 GMT+08:00', 'May 29, 2026'),
      'notebook.txt: line 1: "Updated on May 29, 2026" has no date in the form YYYY-MM-DD (it gives source.updated)',
    ],
    [
      'an impossible date',
      TXT.replace('2026-05-29', '2026-13-45'),
      'notebook.txt: source.updated: must be a date in the form YYYY-MM-DD (got "2026-13-45")',
    ],
    [
      'a caption on another kind of table only',
      `Updated on 2026-01-31\n\nA page\n\nTable 1 Parameters\n\n${ROW.replace('Event', 'Description')}x\n\ny\n\nz\n`,
      'notebook.txt: no table of traced operations: expected a caption line "Table N ..."',
    ],
  ];

  test.each(cases)('%s', (_name, txt, expected) => {
    const message = inputErrorOf(() => importTable(txt, notebook('notebook.txt')));
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
  });

  const html = (table: string, head = '<title>Using CTS to Audit Widgets</title>') =>
    `<html><head>${head}</head><body>\n<p>Updated on 2026-01-31</p>\n${table}\n</body></html>`;
  const HEADER = '<tr><th>Operation</th><th>Resource Type</th><th>Event</th></tr>';
  const htmlCases: Array<[string, string, string]> = [
    [
      'no table of traced operations',
      html('<table><tr><th>Parameter</th><th>Description</th></tr></table>'),
      'page.html: no table of traced operations: expected a <table> with a caption "Table N ..." (a <caption> or an element just before it), a header row Operation | Resource Type | Event, then one row per operation',
    ],
    [
      'a table without caption',
      html(`<p>Some text.</p>\n<table>${HEADER}<tr><td>Creating a widget</td><td>Widget</td><td>createWidget</td></tr></table>`),
      'page.html: line 4: the table with header "Operation / Resource Type / Event" has no caption "Table N ..." before it',
    ],
    [
      'an empty cell',
      html(
        `<table><caption>Table 1 Widget operations</caption>${HEADER}\n<tr><td>Creating a widget</td><td> <p></p> </td><td>createWidget</td></tr></table>`,
      ),
      'page.html: line 4: row 1 ("Creating a widget") is incomplete: no Resource Type (the row has "Creating a widget", "createWidget"); each row needs an Operation, a Resource Type and an Event',
    ],
    [
      'a missing operation cell',
      html(`<table><caption>Table 1 Widget operations</caption>${HEADER}\n<tr><td>Widget</td><td>createWidget</td></tr></table>`),
      'page.html: line 4: row 1 ("Widget") is incomplete: no Event (the row has "Widget", "createWidget")',
    ],
    [
      'a header with no rows',
      html(`<table><caption>Table 1 Widget operations</caption>${HEADER}</table>`),
      'page.html: line 3: table "Table 1 Widget operations" has no rows after its header',
    ],
    [
      'an invalid trace name (the table file validation message, with the page line)',
      html(
        `<table><caption>Table 1 Widget operations</caption>${HEADER}\n<tr><td>Creating a widget</td><td>Widget</td><td>1createWidget</td></tr></table>`,
      ),
      'page.html: line 4: operations[0].traceName (row "Creating a widget"): must be a CTS trace name: a letter, then up to 63 letters, digits, "_", "-" or "." (got "1createWidget")',
    ],
    [
      'no <h1> and no <title>',
      html(
        `<table><caption>Table 1 Widget operations</caption>${HEADER}<tr><td>Creating a widget</td><td>Widget</td><td>createWidget</td></tr></table>`,
        '',
      ),
      'page.html: no page title: expected an <h1> or a <title> (it gives source.document)',
    ],
  ];

  test.each(htmlCases)('HTML: %s', (_name, page, expected) => {
    const message = inputErrorOf(() => importTable(page, { file: 'page.html', service: 'Demo', id: 'demo' }));
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
  });

  const validTable = JSON.parse(POLICY) as Record<string, unknown>;
  const optionCases: Array<[string, Partial<ImportOptions>, Record<string, unknown>]> = [
    ['a service with a space', { service: 'Model Arts' }, { service: 'Model Arts' }],
    ['an id that is not lower-case words', { id: 'ModelArts_Notebook' }, { id: 'ModelArts_Notebook' }],
    [
      'a url that is not absolute',
      { url: 'devtool-modelarts_03033.html' },
      { source: { ...(validTable.source as object), url: 'devtool-modelarts_03033.html' } },
    ],
  ];

  test.each(optionCases)('%s: the same message as validating a table file', (_name, options, tableChange) => {
    const asFile = inputErrorOf(() => parseTable({ ...validTable, ...tableChange }, 'notebook.txt'));
    expect(asFile).toMatch(/^notebook\.txt: (service|id|source\.url): /);
    expect(inputErrorOf(() => importTable(TXT, notebook('notebook.txt', options)))).toBe(asFile);
  });
});

describe('formatTable', () => {
  test('writes a table file exactly as committed', () => {
    expect(formatTable(parseTable(JSON.parse(POLICY), 'policy.json'))).toBe(POLICY);
  });

  test('puts keys in file order whatever the object order, adds $schema, and leaves out an absent url', () => {
    const table = parseTable(
      {
        operations: [{ traceName: 'createWidget', resourceType: 'Widget', operation: 'Creating a widget' }],
        source: { updated: '2026-01-31', table: 'Table 1 Widget operations', document: 'Using CTS to Audit Widgets' },
        service: 'Demo',
        title: 'Widget operations',
        id: 'demo',
        kind: 'cts-operations-table',
      },
      'demo.json',
    );
    expect(formatTable(table)).toBe(
      [
        '{',
        '  "$schema": "../schemas/operations-table.schema.json",',
        '  "kind": "cts-operations-table",',
        '  "id": "demo",',
        '  "title": "Widget operations",',
        '  "service": "Demo",',
        '  "source": {',
        '    "document": "Using CTS to Audit Widgets",',
        '    "table": "Table 1 Widget operations",',
        '    "updated": "2026-01-31"',
        '  },',
        '  "operations": [',
        '    {',
        '      "operation": "Creating a widget",',
        '      "resourceType": "Widget",',
        '      "traceName": "createWidget"',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });
});

describe('defaultId', () => {
  test.each([
    ['ModelArts', 'Using CTS to Audit Notebook', 'page.txt', 'modelarts-notebook'],
    ['ModelArts', 'Using CTS to Audit Training Job Operations', 'page.txt', 'modelarts-training-job'],
    ['OBS', 'Auditing OBS Buckets', 'page.html', 'obs-obs-buckets'],
    ['IAM', 'Key Operations Recorded by CTS', 'saved/iam-cts_0001.html', 'iam-cts-0001'],
    ['ModelArts', 'Using CTS to   Audit   Training  Jobs   Operations', 'page.txt', 'modelarts-training-jobs'],
    ['ModelArts', 'Key Operations', 'saved/page.v2.txt', 'page-v2'],
    ['ModelArts', 'Key Operations', '__Widgets  Page__.html', 'widgets-page'],
    ['ModelArts', 'Key Operations', '___.html', 'imported'],
    ['ModelArts', 'Auditing Widgets & Gadgets', 'page.html', 'modelarts-widgets-gadgets'],
  ])('%s, "%s", %s: %s', (service, document, file, id) => {
    expect(defaultId(service, document, file)).toBe(id);
  });
});
