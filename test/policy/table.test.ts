import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../lib/errors';
import { defaultTable, loadTablesIn, policiesDir, resolveTable } from '../../lib/policy/bundled';
import { loadTableFile, parseTable, tableEvents, tableServices, traceNamesByResourceType } from '../../lib/policy/table';

const validTable = () => ({
  kind: 'cts-operations-table',
  id: 'demo',
  title: 'Demo operations',
  service: 'DEMO',
  source: { document: 'Using CTS to Audit Demo', table: 'Table 1 Demo operations', updated: '2026-01-31' },
  operations: [
    { operation: 'Creating a widget', resourceType: 'Widget', traceName: 'createWidget' },
    { operation: 'Deleting a widget', resourceType: 'Widget', traceName: 'deleteWidget' },
  ],
});

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cts-audit-table-'));
}

describe('the bundled ModelArts notebook table', () => {
  const table = defaultTable();

  test('has the 23 documented rows, service ModelArts, and its source', () => {
    expect(table.operations).toHaveLength(23);
    expect(table.service).toBe('ModelArts');
    expect(table.source).toMatchObject({ document: 'Using CTS to Audit Notebook', updated: '2026-05-29' });
  });

  test('has 22 distinct events; both createNotebookImage operations are kept on one event', () => {
    const events = tableEvents(table);
    expect(events).toHaveLength(22);
    expect(events.find((e) => e.traceName === 'createNotebookImage')?.operations).toEqual([
      'Saving a running instance as a container image',
      'Registering a custom image',
    ]);
  });

  test('keeps exact, case-sensitive spelling', () => {
    const names = tableEvents(table).map((e) => e.traceName);
    expect(names).toContain('listallNotebook');
    expect(names).not.toContain('listAllNotebook');
  });

  test('groups trace names by resource type, each once, in table order', () => {
    expect(traceNamesByResourceType(table)).toEqual([
      {
        service: 'ModelArts',
        resourceType: 'Notebook',
        traceNames: [
          'createNotebook',
          'getNotebook',
          'listallNotebook',
          'listNotebook',
          'openNotebook',
          'deleteNotebook',
          'updateNotebook',
          'startNotebook',
          'stopNotebook',
        ],
      },
      {
        service: 'ModelArts',
        resourceType: 'NotebookImage',
        traceNames: ['createNotebookImage', 'listNotebookImage', 'getNotebookImage', 'updateNotebookImage', 'deleteNotebookImage'],
      },
      { service: 'ModelArts', resourceType: 'NotebookImageGroups', traceNames: ['listNotebookImageGroups'] },
      {
        service: 'ModelArts',
        resourceType: 'NotebookApp',
        traceNames: ['createNotebookApp', 'listNotebookApp', 'getNotebookApp', 'deleteNotebookApp', 'updateNotebookApp'],
      },
      { service: 'ModelArts', resourceType: 'CombineTmsTag', traceNames: ['listCombineTmsTag'] },
      { service: 'ModelArts', resourceType: 'NotebookTmsTag', traceNames: ['listNotebookTmsTag'] },
    ]);
  });

  test('matches the reference documentation page row for row', () => {
    // The page lists Operation / Resource Type / Event triples, one value a line.
    const lines = readFileSync(join(__dirname, '../fixtures/reference/using-cts-to-audit-notebook.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const start = lines.indexOf('Event') + 1;
    const end = lines.indexOf('Viewing Traces');
    const triples = [];
    for (let i = start; i < end; i += 3) triples.push({ operation: lines[i], resourceType: lines[i + 1], traceName: lines[i + 2] });
    expect(table.operations.map(({ operation, resourceType, traceName }) => ({ operation, resourceType, traceName }))).toEqual(triples);
  });

  test('marks the 10 "Obtaining ..." rows and "Opening a CodeLab instance" read-only: 11 events, the other 11 write', () => {
    const rows = table.operations.filter((r) => r.readOnly === true).map((r) => r.operation);
    expect(rows).toHaveLength(11);
    expect(rows.filter((o) => o.startsWith('Obtaining '))).toHaveLength(10);
    expect(rows).toContain('Opening a CodeLab instance');
    expect(table.operations.filter((r) => r.readOnly === false)).toHaveLength(12);
    const events = tableEvents(table);
    expect(events.filter((e) => e.readOnly).map((e) => e.traceName)).toEqual([
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
    expect(events.filter((e) => !e.readOnly)).toHaveLength(11);
  });
});

describe('read-only rows and rows of another service', () => {
  const table = (operations: object[]) => parseTable({ ...validTable(), operations }, 't.json');

  test('a row that does not say is read-only; only readOnly: false makes it a write', () => {
    const events = tableEvents(
      table([
        { operation: 'Creating a widget', resourceType: 'Widget', traceName: 'createWidget', readOnly: false },
        { operation: 'Doing something', resourceType: 'Widget', traceName: 'doWidget' },
        { operation: 'Listing widgets', resourceType: 'Widget', traceName: 'listWidget', readOnly: true },
      ]),
    );
    expect(events.map((e) => [e.traceName, e.readOnly])).toEqual([
      ['createWidget', false],
      ['doWidget', true],
      ['listWidget', true],
    ]);
  });

  test('one trace name for a read and a write is one read-only event: the stronger proof', () => {
    const events = tableEvents(
      table([
        { operation: 'Creating a widget', resourceType: 'Widget', traceName: 'createWidget', readOnly: false },
        { operation: 'Copying a widget', resourceType: 'Widget', traceName: 'createWidget', readOnly: true },
      ]),
    );
    expect(events).toEqual([
      {
        service: 'DEMO',
        resourceType: 'Widget',
        traceName: 'createWidget',
        operations: ['Creating a widget', 'Copying a widget'],
        readOnly: true,
      },
    ]);
  });

  test("a row may name its own service: its events and notification groups are that service's", () => {
    const t = table([
      { operation: 'Creating a widget', resourceType: 'Widget', traceName: 'createWidget', readOnly: false },
      { operation: 'Deleting a topic', service: 'SMN', resourceType: 'topic', traceName: 'deleteTopic', readOnly: false },
      { operation: 'Deleting a bucket', service: 'OBS', resourceType: 'Widget', traceName: 'createWidget', readOnly: false },
    ]);
    expect(tableEvents(t).map((e) => `${e.service}/${e.resourceType}/${e.traceName}`)).toEqual([
      'DEMO/Widget/createWidget',
      'SMN/topic/deleteTopic',
      'OBS/Widget/createWidget',
    ]);
    expect(traceNamesByResourceType(t)).toEqual([
      { service: 'DEMO', resourceType: 'Widget', traceNames: ['createWidget'] },
      { service: 'SMN', resourceType: 'topic', traceNames: ['deleteTopic'] },
      { service: 'OBS', resourceType: 'Widget', traceNames: ['createWidget'] },
    ]);
    expect(tableServices(t)).toEqual(['DEMO', 'SMN', 'OBS']);
  });

  test('readOnly must be true or false, and a row service a service type', () => {
    expect(() => table([{ operation: 'x', resourceType: 'W', traceName: 'w', readOnly: 'yes' }])).toThrow(
      't.json: operations[0].readOnly (row "x"): Invalid input: expected boolean, received string',
    );
    expect(() => table([{ operation: 'x', service: 'bad service', resourceType: 'W', traceName: 'w' }])).toThrow(
      't.json: operations[0].service (row "x"): must be a CTS service type',
    );
  });
});

describe('table validation', () => {
  const cases: Array<[string, (t: ReturnType<typeof validTable>) => unknown, string]> = [
    [
      'a trace name that does not start with a letter',
      (t) => {
        t.operations[1].traceName = '1deleteWidget';
        return t;
      },
      'bad.json: operations[1].traceName (row "Deleting a widget"): must be a CTS trace name: a letter, then up to 63 letters, digits, "_", "-" or "." (got "1deleteWidget")',
    ],
    [
      'a trace name with a space',
      (t) => {
        t.operations[0].traceName = 'create Widget';
        return t;
      },
      'bad.json: operations[0].traceName (row "Creating a widget"): must be a CTS trace name',
    ],
    [
      'a missing resource type',
      (t) => {
        delete (t.operations[0] as Partial<(typeof t.operations)[0]>).resourceType;
        return t;
      },
      'bad.json: operations[0].resourceType (row "Creating a widget"): Invalid input: expected string, received undefined',
    ],
    [
      'an exact duplicate row',
      (t) => {
        t.operations.push({ ...t.operations[0] });
        return t;
      },
      'bad.json: operations[2] (row "Creating a widget"): duplicates operations[0] exactly; remove one of them',
    ],
    [
      "a row naming the table's own service, beside the same row without one: the same event",
      (t) => {
        t.operations.push({ ...t.operations[0], service: 'DEMO' } as (typeof t.operations)[0]);
        return t;
      },
      'bad.json: operations[2] (row "Creating a widget"): duplicates operations[0] exactly; remove one of them',
    ],
    [
      'an unknown key in a row (a typo such as "tracename")',
      (t) => ({ ...t, operations: [{ ...t.operations[0], tracename: 'x' }] }),
      'bad.json: operations[0] (row "Creating a widget"): Unrecognized key: "tracename"',
    ],
    ['no rows', (t) => ({ ...t, operations: [] }), 'bad.json: operations: must list at least one operation'],
    ['a bad service name', (t) => ({ ...t, service: 'Model Arts' }), 'bad.json: service: must be a CTS service type'],
    [
      'a bad date',
      (t) => ({ ...t, source: { ...t.source, updated: '29/05/2026' } }),
      'bad.json: source.updated: must be a date in the form YYYY-MM-DD (got "29/05/2026")',
    ],
    ['a file that is not a table', () => ({ kind: 'something-else' }), 'bad.json: kind: '],
    ['an array instead of an object', () => [], 'bad.json: (top level): Invalid input: expected object, received array'],
  ];

  test('rows alike but for the services they name are different events, not duplicates', () => {
    const t = validTable();
    const row = { ...t.operations[0] };
    const table = parseTable(
      {
        ...t,
        operations: [
          { ...row, service: 'OBS' },
          { ...row, service: 'SMN' },
        ],
      },
      'ok.json',
    );
    expect(tableEvents(table).map((e) => `${e.service} ${e.traceName}`)).toEqual(['OBS createWidget', 'SMN createWidget']);
  });

  test.each(cases)('fails with one line naming the file and place: %s', (_name, mutate, message) => {
    const data = mutate(validTable());
    expect(() => parseTable(data, 'bad.json')).toThrow(InputError);
    let error: unknown;
    try {
      parseTable(data, 'bad.json');
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('\n');
  });

  test('keeps two rows that share a trace name but differ in operation', () => {
    const t = validTable();
    t.operations.push({ operation: 'Copying a widget', resourceType: 'Widget', traceName: 'createWidget' });
    expect(tableEvents(parseTable(t, 'ok.json'))).toHaveLength(2);
  });

  test('reports malformed JSON with the line and column', () => {
    const dir = tempDir();
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "kind": "cts-operations-table",\n  "id": "x",\n}\n');
    expect(() => loadTableFile(file)).toThrow(`${file}: 4:1: invalid JSON: Expected double-quoted property name`);
  });

  test('reports an unreadable file by name', () => {
    expect(() => loadTableFile('/nonexistent/table.json')).toThrow('/nonexistent/table.json: cannot read file (ENOENT)');
  });
});

describe('finding tables', () => {
  test('every table in policies/ is valid and named after its file', () => {
    const tables = loadTablesIn(policiesDir());
    expect(tables.map((t) => t.id)).toContain('modelarts-notebook');
  });

  test('a new table is a new file: no code change needed', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'demo.json'), JSON.stringify(validTable()));
    writeFileSync(join(dir, 'controls.json'), JSON.stringify({ kind: 'not-a-table' }));
    expect(loadTablesIn(dir).map((t) => t.service)).toEqual(['DEMO']);
  });

  test('a table whose id differs from its file name is refused', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'other.json'), JSON.stringify(validTable()));
    expect(() => loadTablesIn(dir)).toThrow(
      `${join(dir, 'other.json')}: id: is "demo" but the file is named "other.json"; make them match`,
    );
  });

  test('--table resolves a bundled name or a file path', () => {
    expect(resolveTable('modelarts-notebook').id).toBe('modelarts-notebook');
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    const file = join(dir, 'sub', 'demo.json');
    writeFileSync(file, JSON.stringify(validTable()));
    expect(resolveTable(file).service).toBe('DEMO');
  });

  test('an unknown table name lists the bundled ones', () => {
    expect(() => resolveTable('modelarts-training')).toThrow(
      'modelarts-training: no bundled table of that name; bundled tables: audit-trail-tamper, modelarts-notebook; or give the path of a table file',
    );
  });
});
