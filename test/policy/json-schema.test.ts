import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { operationsTableJsonSchema } from '../../lib/policy/json-schema';

const committed = join(__dirname, '../../schemas/operations-table.schema.json');

test('the committed JSON Schema for table files is generated from the zod schema (run `npm run generate:schemas`)', () => {
  expect(JSON.parse(readFileSync(committed, 'utf8'))).toEqual(operationsTableJsonSchema());
});

test('the JSON Schema carries the rules editors need: required keys, patterns, no unknown keys', () => {
  const schema = operationsTableJsonSchema() as {
    required: string[];
    additionalProperties: boolean;
    properties: { operations: { items: { properties: { traceName: { pattern: string } }; additionalProperties: boolean } } };
  };
  expect(schema.required).toEqual(expect.arrayContaining(['kind', 'id', 'service', 'source', 'operations']));
  expect(schema.additionalProperties).toBe(false);
  expect(schema.properties.operations.items.additionalProperties).toBe(false);
  expect(new RegExp(schema.properties.operations.items.properties.traceName.pattern).test('listallNotebook')).toBe(true);
  expect(new RegExp(schema.properties.operations.items.properties.traceName.pattern).test('list allNotebook')).toBe(false);
});
