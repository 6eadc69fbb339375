import { driftText, operationsOf, tableDrift } from '../../lib/live/verify';
import { defaultTable } from '../../lib/policy/bundled';
import { tableEvents } from '../../lib/policy/table';

const table = defaultTable();
const answer = (operations: unknown) => ({
  service: 'cts' as const,
  method: 'GET' as const,
  path: '/v3/{project_id}/operations',
  query: {},
  status: 200,
  body: { operations },
  attempts: 1,
});
const fromTable = () => {
  const byResource = new Map<string, string[]>();
  for (const e of tableEvents(table)) byResource.set(e.resourceType, [...(byResource.get(e.resourceType) ?? []), e.traceName]);
  return [...byResource].map(([resource_type, operation_list]) => ({ service_type: 'ModelArts', resource_type, operation_list }));
};

test('a table that matches CTS', () => {
  const d = tableDrift(table, operationsOf(answer(fromTable())), undefined);
  expect(d).toEqual({ table: 'modelarts-notebook', service: 'ModelArts', unknownToCts: [], missingFromTable: [], serviceSuggestions: [] });
  expect(driftText(d, 'cn-north-4/p')).toBe(
    'modelarts-notebook (service ModelArts) against CTS in cn-north-4/p:\n  the table matches CTS\n',
  );
});

test("rows CTS does not know, and CTS operations of the table's resource types missing from the table", () => {
  const ops = fromTable().map((o) =>
    o.resource_type === 'Notebook'
      ? { ...o, operation_list: [...o.operation_list.filter((n) => n !== 'openNotebook'), 'restartNotebook'] }
      : o,
  );
  ops.push({ service_type: 'ModelArts', resource_type: 'TrainingJob', operation_list: ['createTrainingJob'] });
  const d = tableDrift(table, operationsOf(answer(ops)), undefined);
  expect(d.unknownToCts).toEqual(['Notebook/openNotebook']);
  expect(d.missingFromTable).toEqual(['Notebook/restartNotebook']);
  expect(driftText(d, 'x')).toContain('  traced by CTS, missing from the table: Notebook/restartNotebook\n');
});

test('a service CTS does not know, with the case-variant it does', () => {
  const d = tableDrift(
    table,
    operationsOf(answer([])),
    operationsOf(answer([{ service_type: 'MODELARTS', resource_type: 'Notebook', operation_list: ['createNotebook'] }])),
  );
  expect(d.serviceSuggestions).toEqual(['MODELARTS']);
  expect(d.unknownToCts).toHaveLength(22);
  expect(driftText(d, 'x')).toContain('CTS knows no service "ModelArts"; did you mean "MODELARTS"? (service types are case-sensitive)');
});

test('an answer that is not a list of operations cannot be compared', () => {
  expect(tableDrift(table, operationsOf({ ...answer([]), body: { nope: 1 } }), undefined).error).toBe(
    'CTS did not answer with a list of operations',
  );
});
