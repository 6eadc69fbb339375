import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTablesIn } from '../../lib/policy/bundled';
import { parseTable } from '../../lib/policy/table';

const ROW = { operation: 'Creating a notebook instance', resourceType: 'Notebook', traceName: 'createNotebook', readOnly: false };
const table = (operations: unknown[]) => ({
  kind: 'cts-operations-table',
  id: 'demo',
  title: 'Demo',
  service: 'DEMO',
  source: { document: 'Demo page', table: 'Demo table', updated: '2026-01-01' },
  operations,
});

describe('loadTablesIn', () => {
  test('reads the .json files whose kind says they are tables, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cts-audit-tables-'));
    writeFileSync(join(dir, 'demo.json'), JSON.stringify(table([ROW])));
    writeFileSync(join(dir, 'README.md'), '# Tables\n\nNot JSON at all.\n');
    writeFileSync(join(dir, 'demo.json.bak'), '{ broken');
    writeFileSync(join(dir, 'empty.json'), 'null');
    writeFileSync(join(dir, 'list.json'), '[]');
    writeFileSync(join(dir, 'controls.json'), JSON.stringify({ kind: 'cts-audit-controls', rules: [] }));
    expect(loadTablesIn(dir).map((t) => t.id)).toEqual(['demo']);
  });
});

describe('a table row in a message is named by its operation, when it has one', () => {
  test.each([
    [
      'a row with an operation',
      [ROW, { ...ROW, traceName: 'bad name' }],
      'operations[1].traceName (row "Creating a notebook instance"): must be a CTS trace name',
    ],
    ['a row without one', [{ resourceType: 'Notebook', traceName: 'createNotebook' }], 'operations[0].operation: '],
    ['a row whose operation is not text', [{ ...ROW, operation: 7 }], 'operations[0].operation: '],
    ['a row that is not an object', [null], 'operations[0]: Invalid input: expected object, received null'],
    ['no rows', [], 'operations: must list at least one operation'],
  ])('%s', (_name, operations, message) => {
    expect(() => parseTable(table(operations), 't.json')).toThrow(`t.json: ${message}`);
  });

  test('a duplicate row points at the row that repeats an earlier one', () => {
    expect(() => parseTable(table([ROW, { ...ROW }]), 't.json')).toThrow(
      't.json: operations[1] (row "Creating a notebook instance"): duplicates operations[0] exactly; remove one of them',
    );
  });
});
