/**
 * evidenceOf, the pure part of `cts-audit evidence`, on snapshots written
 * here: what a page that fails midway, a place without a project, a query
 * never asked, traces that give their time and read_only as text, and two
 * projects of one region make of the report.
 */
import { evidenceOf, placeLabels } from '../../lib/live/evidence';
import type { Answer } from '../../lib/snapshot/answer';
import type { Place, Snapshot } from '../../lib/snapshot/schema';
import { TRACES_PATH } from '../../lib/live/traces';
import type { OperationsTable } from '../../lib/policy/table';

const TOOL = { name: 'cts-audit', version: 'test' };
const P1 = '11111111111111111111111111111111';
const P2 = '22222222222222222222222222222222';
const FROM = Date.parse('2026-11-24T00:00:00Z');
const TO = Date.parse('2026-11-25T00:00:00Z');

const table: OperationsTable = {
  kind: 'cts-operations-table',
  id: 'mini',
  title: 'Mini',
  service: 'ModelArts',
  source: { document: 'test', table: 'test', updated: '2026-01-01' },
  operations: [
    { operation: 'Creating a notebook instance', resourceType: 'Notebook', traceName: 'createNotebook', readOnly: false },
    { operation: 'Obtaining notebook instances', resourceType: 'Notebook', traceName: 'listNotebook', readOnly: true },
  ],
} as OperationsTable;

function page(query: Record<string, string>, traces: object[] | undefined, marker: string | null = null, next?: string): Answer {
  const q = {
    trace_type: 'system',
    service_type: 'ModelArts',
    resource_type: 'Notebook',
    ...query,
    from: String(FROM),
    to: String(TO),
    limit: '200',
  };
  const base = { service: 'cts' as const, method: 'GET' as const, path: TRACES_PATH, query: next ? { ...q, next } : q, attempts: 1 };
  return traces === undefined
    ? { ...base, status: 503, error: { code: 'APIG.0202', message: 'Backend unavailable' }, attempts: 3 }
    : { ...base, status: 200, body: { traces, meta_data: { count: traces.length, marker } } };
}

const t = (name: string, time: unknown, readOnly: unknown, id: string) => ({
  trace_name: name,
  resource_type: 'Notebook',
  time,
  read_only: readOnly,
  trace_id: id,
});

function snapshot(places: Place[]): Snapshot {
  return { kind: 'cts-audit-snapshot', schemaVersion: 1, createdAt: '2026-11-25T00:00:00Z', tool: TOOL, cloud: 'x', places } as Snapshot;
}

test('a later page that fails leaves a lower bound with the reason; a query never asked is unknown', () => {
  const place: Place = {
    region: 'cn-north-4',
    projectId: P1,
    readAt: '2026-11-25T00:00:01Z',
    answers: [
      page({ trace_name: 'createNotebook' }, [t('createNotebook', '1764000000000', 'false', 'a')], 'a'),
      page({ trace_name: 'createNotebook' }, undefined, null, 'a'),
    ],
  };
  const report = evidenceOf([snapshot([place])], [table], TOOL);
  const [create, list] = report.places[0].rows;
  expect(create).toMatchObject({
    status: 'seen',
    count: 1,
    complete: false,
    pages: 2,
    lastSeen: new Date(1764000000000).toISOString(),
    ctsReadOnly: 'no',
    reason:
      'page 2 could not be read (HTTP 503 APIG.0202 (Backend unavailable) after 3 attempts; run the check again later): there may be more',
  });
  expect(list).toMatchObject({ status: 'unknown', count: 0, pages: 0, reason: 'it was not asked (the snapshot holds no query for it)' });
  expect(report.places[0].searches).toEqual([
    {
      service: 'ModelArts',
      resourceType: 'Notebook',
      status: 'unknown',
      pages: 0,
      complete: false,
      reason: 'it was not asked (the snapshot holds no query for it)',
    },
  ]);
  expect(report.summary).toEqual({ places: 1, rows: 2, seen: 1, notSeen: 0, unknown: 1, incomplete: 1, unlisted: 0 });
});

test('a trace seen twice (its own query and its resource type search) counts once; mixed read-only marks say mixed', () => {
  const traces = [t('listNotebook', 1764000000000, true, 'x'), t('listNotebook', 1763990000000, false, 'y')];
  const place: Place = {
    region: 'cn-north-4',
    projectId: P1,
    readAt: '2026-11-25T00:00:01Z',
    answers: [page({ trace_name: 'createNotebook' }, []), page({ trace_name: 'listNotebook' }, traces), page({}, traces)],
  };
  const report = evidenceOf([snapshot([place])], [table], TOOL);
  expect(report.places[0].rows[1]).toMatchObject({ status: 'seen', count: 2, complete: true, ctsReadOnly: 'mixed', notes: [] });
  expect(report.places[0].rows[0]).toMatchObject({ status: 'not-seen', count: 0, complete: true });
  expect(report.places[0].unlisted).toEqual([]);
});

test('a place without a project: every event unknown with why; labels as the verdict has them', () => {
  const places: Place[] = [
    { region: 'cn-north-4', projectId: P1, readAt: 'r', answers: [] },
    { region: 'cn-north-4', projectId: P2, readAt: 'r', answers: [] },
    { region: 'ap-southeast-1', readAt: 'r', answers: [] },
    { account: 'acme-dev', region: 'ap-southeast-1', readAt: 'r', answers: [] },
  ];
  expect(placeLabels(places)).toEqual([`cn-north-4/${P1}`, `cn-north-4/${P2}`, 'ap-southeast-1', 'acme-dev/ap-southeast-1/?']);
  const report = evidenceOf([snapshot(places)], [table], TOOL);
  expect(report.places[2]).toMatchObject({
    label: 'ap-southeast-1',
    reason: 'the project of ap-southeast-1 could not be found through IAM; pass --project-id ap-southeast-1=<project id>',
    unlisted: [],
    searches: [],
  });
  expect(report.places[2].rows.map((r) => r.status)).toEqual(['unknown', 'unknown']);
  expect(report.places[3].reason).toBe(
    "the project of ap-southeast-1 in account acme-dev could not be found through IAM; check the region name, and that the agency may list the account's projects (IAM read access)",
  );
});

/** A place of project P1 in cn-north-4 with these answers. */
const at = (answers: Place['answers']): Place => ({ region: 'cn-north-4', projectId: P1, readAt: '2026-11-25T00:00:01Z', answers });
const one = (answers: Place['answers']) => evidenceOf([snapshot([at(answers)])], [table], TOOL).places[0];
/** The answer of CTS's configuration (ShowConfiguration). */
const configuration = (body: unknown, error?: Answer['error']): Answer => ({
  service: 'cts',
  method: 'GET',
  path: '/v3/{project_id}/configuration',
  query: {},
  status: error ? 403 : 200,
  ...(error ? { error } : { body }),
  attempts: 1,
});

describe('the whole report', () => {
  test('kind, version, tool, tables, the window asked and the summary, for two snapshots of three places', () => {
    const answered = at([
      page({ trace_name: 'createNotebook' }, [t('createNotebook', 1764000000000, false, 'a')]),
      page({ trace_name: 'listNotebook' }, []),
      page({}, []),
    ]);
    const report = evidenceOf(
      [
        snapshot([answered]),
        snapshot([
          { ...answered, region: 'ap-southeast-1' },
          { region: 'la-south-2', readAt: 'r', answers: [] },
        ]),
      ],
      [table],
      { name: 'cts-audit', version: '9.9.9' },
    );
    expect(report).toMatchObject({
      kind: 'cts-audit-evidence',
      schemaVersion: 1,
      tool: { name: 'cts-audit', version: '9.9.9' },
      tables: [{ id: 'mini', service: 'ModelArts' }],
      summary: { places: 3, rows: 6, seen: 2, notSeen: 2, unknown: 2, incomplete: 0, unlisted: 0 },
    });
    expect(report.places.map((p) => [p.label, p.region, p.project, p.readAt, p.window])).toEqual([
      ['cn-north-4', 'cn-north-4', P1, '2026-11-25T00:00:01Z', { from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' }],
      [
        'ap-southeast-1',
        'ap-southeast-1',
        P1,
        '2026-11-25T00:00:01Z',
        { from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' },
      ],
      ['la-south-2', 'la-south-2', undefined, 'r', undefined],
    ]);
    expect(report.places[0].rows[0]).toEqual({
      id: 'ModelArts/Notebook/createNotebook',
      table: 'mini',
      service: 'ModelArts',
      resourceType: 'Notebook',
      event: 'createNotebook',
      readOnly: false,
      status: 'seen',
      count: 1,
      complete: true,
      pages: 1,
      lastSeen: '2025-11-24T16:00:00.000Z',
      ctsReadOnly: 'no',
      notes: [],
    });
    expect(report.places[0].rows[1]).toEqual({
      id: 'ModelArts/Notebook/listNotebook',
      table: 'mini',
      service: 'ModelArts',
      resourceType: 'Notebook',
      event: 'listNotebook',
      readOnly: true,
      status: 'not-seen',
      count: 0,
      complete: true,
      pages: 1,
      notes: [],
    });
    expect(report.places[0].searches).toEqual([
      { service: 'ModelArts', resourceType: 'Notebook', status: 'read', pages: 1, complete: true },
    ]);
    expect(report.places[0]).not.toHaveProperty('account');
    expect(report.places[0]).not.toHaveProperty('reason');
  });

  test('a place of another account carries the account; a window without a readable bound is left out', () => {
    const q = {
      ...page({ trace_name: 'createNotebook' }, []),
      query: {
        trace_type: 'system',
        service_type: 'ModelArts',
        resource_type: 'Notebook',
        trace_name: 'createNotebook',
        from: 'x',
        to: String(TO),
      },
    };
    const place = { ...at([q]), account: 'acme-dev' };
    const [p] = evidenceOf([snapshot([place])], [table], TOOL).places;
    expect([p.label, p.account, p.project, p.window]).toEqual([`acme-dev/cn-north-4/${P1}`, 'acme-dev', P1, undefined]);
  });

  test('hasTraces: only a CTS trace page counts', async () => {
    const { hasTraces } = await import('../../lib/live/evidence');
    expect(hasTraces(snapshot([at([page({}, [])])]))).toBe(true);
    expect(hasTraces(snapshot([at([configuration({ is_support_read_only: true })])]))).toBe(false);
    expect(hasTraces(snapshot([at([{ ...page({}, []), service: 'smn' as never }])]))).toBe(false);
    expect(hasTraces(snapshot([]))).toBe(false);
  });
});

describe('how far the pages go', () => {
  test('the page bound: a last page with a marker and traces means there are more (one page, or several)', () => {
    const one1 = one([page({ trace_name: 'createNotebook' }, [t('createNotebook', 1, false, 'a')], 'm1')]);
    expect(one1.rows[0]).toMatchObject({
      status: 'seen',
      complete: false,
      pages: 1,
      reason: 'the bound of 1 page was reached: there are more (raise --max-pages to count them)',
    });
    const answers = [
      page({ trace_name: 'createNotebook' }, [t('createNotebook', 1, false, 'a')], 'm1'),
      page({ trace_name: 'createNotebook' }, [t('createNotebook', 2, false, 'b')], 'm2', 'm1'),
      page({}, [t('createNotebook', 1, false, 'a')], 'm3'),
    ];
    const two = one(answers);
    expect(two.rows[0]).toMatchObject({
      count: 2,
      complete: false,
      pages: 2,
      reason: 'the bound of 2 pages was reached: there are more (raise --max-pages to count them)',
    });
    expect(two.searches[0]).toMatchObject({
      status: 'read',
      complete: false,
      reason: 'the bound of 1 page was reached: there are more (raise --max-pages to count them)',
    });
    // The row at its bound and the search at its bound each count as incomplete.
    expect(evidenceOf([snapshot([at(answers)])], [table], TOOL).summary).toMatchObject({ incomplete: 2, unknown: 1 });
  });

  test('a last page with a marker but no traces is the end', () => {
    const p = one([
      page({ trace_name: 'createNotebook' }, [t('createNotebook', 1, false, 'a')], 'm1'),
      page({ trace_name: 'createNotebook' }, [], 'm2', 'm1'),
    ]);
    expect(p.rows[0]).toMatchObject({ count: 1, complete: true, pages: 2 });
    expect(p.rows[0]).not.toHaveProperty('reason');
  });

  test('a first page that fails: unknown, with what CTS answered; an incomplete search counts in the summary', () => {
    const answers = [
      page({ trace_name: 'createNotebook' }, undefined),
      page({ trace_name: 'listNotebook' }, []),
      page({}, [t('listNotebook', 1, true, 'z')], 'm1'),
    ];
    const report = evidenceOf([snapshot([at(answers)])], [table], TOOL);
    expect(report.places[0].rows[0]).toMatchObject({
      status: 'unknown',
      count: 0,
      complete: false,
      pages: 1,
      reason: 'CTS could not be asked: HTTP 503 APIG.0202 (Backend unavailable) after 3 attempts; run the check again later',
    });
    expect(report.places[0].rows[0]).not.toHaveProperty('lastSeen');
    expect(report.places[0].rows[0]).not.toHaveProperty('ctsReadOnly');
    // listNotebook: seen through the search although its own query found nothing.
    expect(report.places[0].rows[1]).toMatchObject({ status: 'seen', count: 1, complete: true, ctsReadOnly: 'yes' });
    // The unknown row is not counted as incomplete; the search stopped at its bound is.
    expect(report.summary).toEqual({ places: 1, rows: 2, seen: 1, notSeen: 0, unknown: 1, incomplete: 1, unlisted: 0 });
  });

  test('a search whose first page fails is unknown; an answer that is not a page counts as failed', () => {
    const notAPage: Answer = { ...page({}, []), body: { traces: 'none' } };
    const p = one([page({ trace_name: 'createNotebook' }, []), page({ trace_name: 'listNotebook' }, []), notAPage]);
    expect(p.searches).toEqual([
      {
        service: 'ModelArts',
        resourceType: 'Notebook',
        status: 'unknown',
        pages: 1,
        complete: false,
        reason: 'CTS could not be asked: the answer does not have the expected shape',
      },
    ]);
  });

  test('only the place’s own system-trace queries of the event count as its pages', () => {
    const mine = page({ trace_name: 'createNotebook' }, []);
    const p = one([
      { ...mine, query: { ...mine.query, trace_type: 'data' } },
      { ...mine, query: { ...mine.query, service_type: 'OBS' } },
      { ...mine, query: { ...mine.query, resource_type: 'NotebookApp' } },
      { ...mine, path: '/v3/{project_id}/operations' },
      { ...mine, service: 'smn' as never },
    ]);
    expect(p.rows[0]).toMatchObject({ status: 'unknown', pages: 0, count: 0 });
  });

  test('BUG: traces in answers that are not system-trace searches are not counted, nor listed as names the tables do not know', () => {
    const found = [t('createNotebook', 1, false, 'a'), t('stopNotebook', 2, false, 'b')];
    const mine = page({ trace_name: 'createNotebook' }, found);
    const p = one([
      { ...mine, query: { ...mine.query, trace_type: 'data' } },
      { ...page({}, found), query: { ...page({}, found).query, trace_type: 'data' } },
      { ...mine, path: '/v3/{project_id}/operations' },
      { ...mine, service: 'smn' as never },
    ]);
    expect(p.rows.map((r) => [r.event, r.status, r.count])).toEqual([
      ['createNotebook', 'unknown', 0],
      ['listNotebook', 'unknown', 0],
    ]);
    expect(p.unlisted).toEqual([]);
  });
});

describe('which traces count, and how', () => {
  test('a trace counts under the service its query asked for and its own resource type (or the query’s when it has none)', () => {
    const traces = [
      { trace_name: 'createNotebook', time: 5, trace_id: '1' },
      { trace_name: 'createNotebook', resource_type: 'NotebookApp', time: 6, trace_id: '2' },
      { trace_name: 7, resource_type: 'Notebook', trace_id: '3' },
      { resource_type: 'Notebook', trace_id: '4' },
    ];
    const p = one([page({ trace_name: 'createNotebook' }, traces), page({}, [])]);
    expect(p.rows[0]).toMatchObject({ status: 'seen', count: 1, lastSeen: new Date(5).toISOString(), ctsReadOnly: 'not-said' });
    // NotebookApp is not a resource type of the table: its traces are not searched for unlisted names.
    expect(p.unlisted).toEqual([]);
    const other = one([
      {
        ...page({ trace_name: 'createNotebook' }, traces),
        query: { ...page({}, []).query, service_type: 'OBS', trace_name: 'createNotebook' },
      },
    ]);
    expect(other.rows[0]).toMatchObject({ status: 'unknown', count: 0 });
  });

  test('a trace counts under its own service when it says one: another service’s trace of the same name is not the event’s', () => {
    const traces = [
      { trace_name: 'createNotebook', service_type: 'OBS', resource_type: 'Notebook', time: 5, trace_id: '1' },
      { trace_name: 'createNotebook', service_type: 'ModelArts', resource_type: 'Notebook', time: 6, trace_id: '2' },
    ];
    const p = one([page({ trace_name: 'createNotebook' }, traces), page({}, traces)]);
    expect(p.rows[0]).toMatchObject({ status: 'seen', count: 1, lastSeen: new Date(6).toISOString() });
    const onlyOther = one([page({ trace_name: 'createNotebook' }, traces.slice(0, 1)), page({}, traces.slice(0, 1))]);
    expect(onlyOther.rows[0]).toMatchObject({ status: 'not-seen', count: 0 });
    // OBS is not a service of the tables: its trace is not a name they do not know either.
    expect(onlyOther.unlisted).toEqual([]);
  });

  test('traces without an id are each counted; a trace id seen again is counted once', () => {
    const p = one([
      page({ trace_name: 'createNotebook' }, [
        { trace_name: 'createNotebook', resource_type: 'Notebook', time: 1 },
        { trace_name: 'createNotebook', resource_type: 'Notebook', time: 2 },
        { trace_name: 'createNotebook', resource_type: 'Notebook', time: 3, trace_id: 'a' },
        { trace_name: 'createNotebook', resource_type: 'Notebook', time: 4, trace_id: 'a' },
        { trace_name: 'createNotebook', resource_type: 'Notebook', time: 5, trace_id: 9 },
      ]),
    ]);
    expect(p.rows[0]).toMatchObject({ count: 4, lastSeen: new Date(5).toISOString() });
  });

  test.each<[string, unknown, string | undefined]>([
    ['a number', 1764000000000, new Date(1764000000000).toISOString()],
    ['a string of digits', '1764000000000', new Date(1764000000000).toISOString()],
    ['16 digits', '1000000000000000', new Date(1e15).toISOString()],
    ['17 digits', '10000000000000000', undefined],
    ['digits and more', '1764000000000Z', undefined],
    ['an ISO date', '2026-11-24T00:00:00Z', undefined],
    ['not a finite number', Infinity, undefined],
    ['nothing', undefined, undefined],
  ])('a time given as %s', (_name, time, lastSeen) => {
    const p = one([page({ trace_name: 'createNotebook' }, [{ trace_name: 'createNotebook', time }])]);
    expect(p.rows[0].status).toBe('seen');
    expect(p.rows[0].lastSeen).toBe(lastSeen);
  });

  test('the newest of several times; a trace without a time does not hide the others', () => {
    const p = one([
      page({ trace_name: 'createNotebook' }, [
        t('createNotebook', 30, 'x', 'a'),
        t('createNotebook', undefined, 'x', 'b'),
        t('createNotebook', '40', 'x', 'c'),
        t('createNotebook', 20, 'x', 'd'),
      ]),
    ]);
    expect(p.rows[0]).toMatchObject({ count: 4, lastSeen: new Date(40).toISOString(), ctsReadOnly: 'not-said' });
  });

  test.each<[string, unknown[], string]>([
    ['all true', [true, 'true'], 'yes'],
    ['all false', [false, 'false'], 'no'],
    ['true and false', [true, false], 'mixed'],
    ['false and true, as text', ['false', 'true'], 'mixed'],
    ['said once, not said once', [true, undefined], 'yes'],
    ['other text', ['yes', 'TRUE', 1], 'not-said'],
  ])('read_only %s: %s', (_name, flags, marked) => {
    const p = one([
      page(
        { trace_name: 'createNotebook' },
        flags.map((f, i) => t('createNotebook', i, f, `id${i}`)),
      ),
    ]);
    expect(p.rows[0].ctsReadOnly).toBe(marked);
  });
});

describe('notes: what the traces and the place say against the table', () => {
  test('CTS marks a write read-only, or a read not read-only: each noted; mixed or agreeing marks are not', () => {
    const p = one([
      page({ trace_name: 'createNotebook' }, [t('createNotebook', 1, true, 'a')]),
      page({ trace_name: 'listNotebook' }, [t('listNotebook', 1, false, 'b')]),
    ]);
    expect(p.rows.map((r) => r.notes)).toEqual([
      ['CTS marks its traces read-only, where the table says it changes something'],
      ['CTS marks its traces as not read-only, where the table says it only reads'],
    ]);
    const agreeing = one([
      page({ trace_name: 'createNotebook' }, [t('createNotebook', 1, false, 'a')]),
      page({ trace_name: 'listNotebook' }, [t('listNotebook', 1, true, 'b')]),
    ]);
    expect(agreeing.rows.map((r) => r.notes)).toEqual([[], []]);
  });

  const notReported = 'read-only operations of ModelArts are not reported in this place (CTS configuration): CTS would not record it';
  test.each<[string, Answer | undefined, string[]]>([
    ['read-only logs off', configuration({ is_support_read_only: false }), [notReported]],
    ['off, with other services listed', configuration({ is_support_read_only: false, support_read_only_services: ['OBS'] }), [notReported]],
    ['off, but this service listed', configuration({ is_support_read_only: false, support_read_only_services: ['ModelArts'] }), []],
    ['on', configuration({ is_support_read_only: true }), []],
    ['a configuration that could not be read', configuration(undefined, { code: 'CTS.0003', message: 'denied' }), []],
    ['a configuration without the flag', configuration({ support_read_only_services: [] }), []],
    ['a configuration whose flag is text', configuration({ is_support_read_only: 'false' }), []],
    ['no configuration', undefined, []],
  ])('a read-only event not seen, %s', (_name, config, notes) => {
    const p = one([page({ trace_name: 'createNotebook' }, []), page({ trace_name: 'listNotebook' }, []), ...(config ? [config] : [])]);
    expect(p.rows[1]).toMatchObject({ status: 'not-seen', notes });
    // A write is never affected by the read-only configuration.
    expect(p.rows[0].notes).toEqual([]);
  });

  test('a read-only event seen, or unknown, gets no configuration note', () => {
    const off = configuration({ is_support_read_only: false });
    expect(one([page({ trace_name: 'listNotebook' }, [t('listNotebook', 1, undefined, 'a')]), off]).rows[1].notes).toEqual([]);
    expect(one([off]).rows[1]).toMatchObject({ status: 'unknown', notes: [] });
  });
});

describe('names the tables do not know', () => {
  test('counted per name, most first then by name (code-unit order: upper case first); near misses by case; complete as far as the search was', () => {
    const traces = [
      t('stopNotebook', 10, false, '1'),
      t('CreateNotebook', 20, false, '2'),
      t('stopNotebook', 30, false, '3'),
      t('deleteNotebook', undefined, undefined, '4'),
      t('aNotebook', 5, true, '5'),
      t('createNotebook', 50, false, '6'),
      { trace_name: 'zzz', resource_type: 'NotebookApp', trace_id: '7' },
    ];
    const p = one([page({ trace_name: 'createNotebook' }, []), page({ trace_name: 'listNotebook' }, []), page({}, traces)]);
    expect(p.unlisted).toEqual([
      {
        service: 'ModelArts',
        resourceType: 'Notebook',
        event: 'stopNotebook',
        count: 2,
        complete: true,
        lastSeen: new Date(30).toISOString(),
        ctsReadOnly: 'no',
      },
      {
        service: 'ModelArts',
        resourceType: 'Notebook',
        event: 'CreateNotebook',
        count: 1,
        complete: true,
        lastSeen: new Date(20).toISOString(),
        ctsReadOnly: 'no',
        nearMiss: 'createNotebook',
      },
      {
        service: 'ModelArts',
        resourceType: 'Notebook',
        event: 'aNotebook',
        count: 1,
        complete: true,
        lastSeen: new Date(5).toISOString(),
        ctsReadOnly: 'yes',
      },
      { service: 'ModelArts', resourceType: 'Notebook', event: 'deleteNotebook', count: 1, complete: true, ctsReadOnly: 'not-said' },
    ]);
    expect(evidenceOf([snapshot([at([page({}, traces)]), at([page({}, traces.slice(0, 1))])])], [table], TOOL).summary.unlisted).toBe(5);
  });

  test('with two resource types: each name is complete as far as its own search was; a name the tables list under another resource type is a near miss saying which', () => {
    const two: OperationsTable = {
      ...table,
      operations: [
        ...table.operations,
        { operation: 'Starting an app', resourceType: 'NotebookApp', traceName: 'startNotebookApp', readOnly: false },
        // One trace name under two resource types, as the real table has.
        { operation: 'Listing apps', resourceType: 'NotebookApp', traceName: 'listNotebook', readOnly: true },
      ],
    } as OperationsTable;
    const app = (query: Record<string, string>, traces: object[], marker: string | null = null) =>
      page({ ...query, resource_type: 'NotebookApp' }, traces, marker);
    const place = at([
      // The Notebook search read every page; the NotebookApp search stopped at its bound.
      page({}, [t('CreateNOTEBOOK', 1, false, '1'), t('startNotebookApp', 2, false, '2')]),
      app(
        {},
        [
          { trace_name: 'createNotebook', resource_type: 'NotebookApp', time: 3, trace_id: '3' },
          { trace_name: 'listnotebook', resource_type: 'NotebookApp', time: 4, trace_id: '4' },
          { trace_name: 'CreateNotebook', resource_type: 'NotebookApp', time: 6, trace_id: '6' },
          { trace_name: 'stopNotebookApp', resource_type: 'NotebookApp', time: 5, trace_id: '5' },
        ],
        'm1',
      ),
    ]);
    const [p] = evidenceOf([snapshot([place])], [two], TOOL).places;
    expect(p.searches.map((x) => [x.resourceType, x.complete])).toEqual([
      ['Notebook', true],
      ['NotebookApp', false],
    ]);
    expect(
      p.unlisted.map(({ resourceType, event, complete, nearMiss, nearMissResourceType }) => ({
        resourceType,
        event,
        complete,
        nearMiss,
        nearMissResourceType,
      })),
    ).toEqual([
      { resourceType: 'Notebook', event: 'CreateNOTEBOOK', complete: true, nearMiss: 'createNotebook', nearMissResourceType: undefined },
      {
        resourceType: 'NotebookApp',
        event: 'CreateNotebook',
        complete: false,
        nearMiss: 'createNotebook',
        nearMissResourceType: 'Notebook',
      },
      {
        resourceType: 'NotebookApp',
        event: 'createNotebook',
        complete: false,
        nearMiss: 'createNotebook',
        nearMissResourceType: 'Notebook',
      },
      { resourceType: 'NotebookApp', event: 'listnotebook', complete: false, nearMiss: 'listNotebook', nearMissResourceType: undefined },
      {
        resourceType: 'Notebook',
        event: 'startNotebookApp',
        complete: true,
        nearMiss: 'startNotebookApp',
        nearMissResourceType: 'NotebookApp',
      },
      { resourceType: 'NotebookApp', event: 'stopNotebookApp', complete: false, nearMiss: undefined, nearMissResourceType: undefined },
    ]);
    // The near miss of its own resource type comes first: listnotebook under NotebookApp is that type's listNotebook,
    // though the tables list Notebook's first.
    expect(p.unlisted.find((u) => u.event === 'listnotebook')).not.toHaveProperty('nearMissResourceType');
  });

  test('a search that stopped at its bound leaves its names incomplete', () => {
    const p = one([page({}, [t('stopNotebook', 10, false, '1')], 'm1')]);
    expect(p.unlisted).toMatchObject([{ event: 'stopNotebook', complete: false }]);
  });

  test('a search that was not asked: names found by the events’ own queries are still listed, as incomplete', () => {
    const p = one([page({ trace_name: 'createNotebook' }, [t('createNotebook', 1, false, 'a'), t('stopNotebook', 2, false, 'b')])]);
    expect(p.unlisted).toMatchObject([{ event: 'stopNotebook', count: 1, complete: false }]);
  });
});

test('labels: one project in a region is the region; projects of other accounts do not count toward it', () => {
  const places: Place[] = [
    { region: 'cn-north-4', projectId: P1, readAt: 'r', answers: [] },
    { account: 'acme-dev', region: 'cn-north-4', projectId: P2, readAt: 'r', answers: [] },
    { region: 'cn-north-4', readAt: 'r', answers: [] },
    { region: 'ap-southeast-1', projectId: P1, readAt: 'r', answers: [] },
    { region: 'ap-southeast-1', projectId: P1, readAt: 'r', answers: [] },
  ];
  expect(placeLabels(places)).toEqual(['cn-north-4', `acme-dev/cn-north-4/${P2}`, 'cn-north-4', 'ap-southeast-1', 'ap-southeast-1']);
});
