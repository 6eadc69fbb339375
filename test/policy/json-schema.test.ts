import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSON_SCHEMAS, jsonSchema, operationsTableJsonSchema } from '../../lib/policy/json-schema';

test.each(Object.keys(JSON_SCHEMAS))(
  'the committed schemas/%s is generated from its zod schema (run `npm run generate:schemas`)',
  (name) => {
    expect(JSON.parse(readFileSync(join(__dirname, '../../schemas', name), 'utf8'))).toEqual(jsonSchema(name));
  },
);

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
