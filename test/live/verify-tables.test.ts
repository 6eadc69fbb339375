/**
 * `table verify --live` at its edges: what of CTS's operations answer is read, what is compared and how it is
 * written, and verifyTables against the emulator (the first project of each region, a region whose project IAM does
 * not know, an answer that failed).
 */
import { verifyTables } from '../../lib/live';
import { driftText, operationsOf, tableDrift } from '../../lib/live/verify';
import { OperationsTable } from '../../lib/policy/table';
import { Answer } from '../../lib/snapshot/answer';
import { DEFAULT_AK, DEFAULT_SK, Emulator, endpointArgs, startEmulator } from '../support/emulator';

const table: OperationsTable = {
  kind: 'cts-operations-table',
  id: 'demo',
  title: 'Demo',
  service: 'Demo',
  source: { document: 'Demo', table: 'Table 1 Demo', updated: '2026-01-01' },
  operations: [
    { operation: 'Creating a widget', resourceType: 'Widget', traceName: 'createWidget', readOnly: false },
    { operation: 'Listing widgets', resourceType: 'Widget', traceName: 'listWidget', readOnly: true },
    { operation: 'Creating a gadget', resourceType: 'Gadget', traceName: 'createGadget', readOnly: false },
  ],
};
const answer = (body: unknown): Answer => ({
  service: 'cts',
  method: 'GET',
  path: '/v3/{project_id}/operations',
  query: {},
  status: 200,
  body,
  attempts: 1,
});
const op = (service_type: unknown, resource_type: unknown, operation_list: unknown) => ({ service_type, resource_type, operation_list });

describe('operationsOf', () => {
  test('keeps the entries with a service, a resource type and a list, and the names that are text', () => {
    expect(
      operationsOf(
        answer({
          operations: [
            op('Demo', 'Widget', ['createWidget', 7, 'listWidget']),
            op(7, 'Widget', ['x']),
            op('Demo', null, ['x']),
            op('Demo', 'Widget', 'x'),
            op('Demo', 'Gadget', []),
          ],
        }),
      ),
    ).toEqual([
      { service: 'Demo', resource: 'Widget', names: ['createWidget', 'listWidget'] },
      { service: 'Demo', resource: 'Gadget', names: [] },
    ]);
  });

  test('an answer without a list is none', () => {
    expect(operationsOf(answer(undefined))).toBeUndefined();
    expect(operationsOf(answer({ operations: {} }))).toBeUndefined();
  });
});

describe('tableDrift', () => {
  const drift = (ops: unknown[], all?: unknown[]) =>
    tableDrift(table, operationsOf(answer({ operations: ops })), all && operationsOf(answer({ operations: all })));

  test("only the table's service counts; missing operations only of the table's resource types, sorted", () => {
    expect(
      drift([
        op('Demo', 'Widget', ['listWidget', 'deleteWidget', 'createWidget', 'archiveWidget']),
        op('Demo', 'Widget', ['updateWidget']),
        op('Other', 'Gadget', ['createGadget']),
        op('Demo', 'Sprocket', ['createSprocket']),
      ]),
    ).toEqual({
      table: 'demo',
      service: 'Demo',
      unknownToCts: ['Gadget/createGadget'],
      missingFromTable: ['Widget/archiveWidget', 'Widget/deleteWidget', 'Widget/updateWidget'],
      serviceSuggestions: [],
    });
  });

  test('suggestions, only when CTS knows nothing of the service: the other case-variants, sorted, never the service itself', () => {
    const all = [
      op('DEMO', 'Widget', []),
      op('demo', 'Widget', []),
      op('Demo', 'Widget', []),
      op('Dem0', 'Widget', []),
      op('DEMO', 'Gadget', []),
    ];
    expect(drift([], all).serviceSuggestions).toEqual(['DEMO', 'demo']);
    expect(drift([op('Demo', 'Widget', ['createWidget'])], all).serviceSuggestions).toEqual([]);
    expect(drift([]).serviceSuggestions).toEqual([]);
  });
});

describe('driftText', () => {
  const base = { table: 'demo', service: 'Demo', unknownToCts: [], missingFromTable: [], serviceSuggestions: [] };
  test.each([
    ['matches', base, ['  the table matches CTS']],
    ['cannot compare', { ...base, unknownToCts: ['x'], error: 'CTS could not be asked' }, ['  cannot compare: CTS could not be asked']],
    [
      'differs both ways',
      { ...base, unknownToCts: ['Widget/a', 'Widget/b'], missingFromTable: ['Widget/c'] },
      [
        '  in the table, unknown to CTS: Widget/a',
        '  in the table, unknown to CTS: Widget/b',
        '  traced by CTS, missing from the table: Widget/c',
      ],
    ],
    ['only missing rows', { ...base, missingFromTable: ['Widget/c'] }, ['  traced by CTS, missing from the table: Widget/c']],
    [
      'two suggestions',
      { ...base, unknownToCts: ['Widget/a'], serviceSuggestions: ['DEMO', 'demo'] },
      [
        '  CTS knows no service "Demo"; did you mean "DEMO" or "demo"? (service types are case-sensitive)',
        '  in the table, unknown to CTS: Widget/a',
      ],
    ],
  ])('%s', (_name, d, lines) => {
    expect(driftText(d, 'cn-north-4/p')).toBe(['demo (service Demo) against CTS in cn-north-4/p:', ...lines].join('\n') + '\n');
  });
});

describe('verifyTables against the emulator', () => {
  const P1 = '45187796f8a6009c10b17f6e20cb26f2';
  const P2 = '1aed40714227270ba1ba29e35a5ca4e1';
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ credentials: { [DEFAULT_AK]: DEFAULT_SK } });
  });
  afterAll(async () => emulator.close());

  const settings = (regions: string[], projectIds: string[]) => ({
    regions,
    projectIds,
    endpoints: endpointArgs(emulator).filter((a) => a !== '--endpoint'),
    retries: 0,
  });
  const env = { HW_ACCESS_KEY: DEFAULT_AK, HW_SECRET_KEY: DEFAULT_SK };

  test('BUG: the first project of each region is asked (not the last); a region whose project IAM does not know says to pass --project-id', async () => {
    emulator.setAccount('cn-north-4', P1, { operations: [op('Demo', 'Widget', ['createWidget', 'listWidget']) as never] });
    emulator.setAccount('cn-north-4', P2, { faults: { error: { status: 403, error_code: 'CTS.0002', error_msg: 'Denied.' } } });
    emulator.setProjects('ap-southeast-3', []);
    const out = await verifyTables(settings(['cn-north-4', 'ap-southeast-3'], [`cn-north-4=${P1}`, `cn-north-4=${P2}`]), env, [table]);
    expect(out).toEqual([
      {
        where: `cn-north-4/${P1}`,
        drift: { table: 'demo', service: 'Demo', unknownToCts: ['Gadget/createGadget'], missingFromTable: [], serviceSuggestions: [] },
      },
      {
        where: 'ap-southeast-3/?',
        drift: {
          table: 'demo',
          service: 'Demo',
          unknownToCts: [],
          missingFromTable: [],
          serviceSuggestions: [],
          error: 'the project of ap-southeast-3 could not be found through IAM; pass --project-id',
        },
      },
    ]);
    expect(emulator.requests.filter((r) => r.path.includes('/operations')).map((r) => [r.projectId, r.query])).toEqual([
      [P1, {}],
      [P1, { service_type: 'Demo' }],
    ]);
  });

  test('an answer that failed cannot be compared, and says why', async () => {
    emulator.setAccount('cn-north-4', P2, { faults: { error: { status: 403, error_code: 'CTS.0002', error_msg: 'Denied.' } } });
    const [{ drift }] = await verifyTables(settings(['cn-north-4'], [P2]), env, [table, { ...table, id: 'demo-2' }]);
    expect(drift).toEqual({
      table: 'demo',
      service: 'Demo',
      unknownToCts: [],
      missingFromTable: [],
      serviceSuggestions: [],
      error: 'CTS could not be asked: HTTP 403 CTS.0002 (Denied.); grant this identity read access to CTS and SMN in this project',
    });
  });
});
