/**
 * Reading traces, without a network: the plan (each event once, the window,
 * the bound), the query of each search, how pages are followed (a marker, an
 * empty page, a failure, a marker that repeats, the bound), what a page keeps
 * of each trace, and the options `--since` and `--max-pages`.
 */
import { InputError } from '../../lib/errors';
import type { LiveClient } from '../../lib/live/client';
import {
  DEFAULT_MAX_PAGES,
  MAX_WINDOW_MS,
  TRACES_PATH,
  pageOf,
  parseMaxPages,
  parseWindow,
  readTraces,
  resourceTypesOf,
  traceQuery,
  tracePlan,
  trimmed,
} from '../../lib/live/traces';
import type { OperationsTable } from '../../lib/policy/table';
import type { Answer } from '../../lib/snapshot/answer';

const NOW = new Date('2026-11-25T00:00:00Z');
const DAY = 86_400_000;
const P1 = '11111111111111111111111111111111';

const table = (id: string, operations: Array<[string, string, boolean?]>, service = 'ModelArts'): OperationsTable =>
  ({
    kind: 'cts-operations-table',
    id,
    title: id,
    service,
    source: { document: 'test', table: 'test', updated: '2026-01-01' },
    operations: operations.map(([resourceType, traceName, readOnly]) => ({
      operation: traceName,
      resourceType,
      traceName,
      readOnly: readOnly ?? false,
    })),
  }) as OperationsTable;

describe('tracePlan', () => {
  test('each event once over every table, in order; a window ending now; five pages; no details', () => {
    const plan = tracePlan(
      [
        table('a', [
          ['Notebook', 'createNotebook'],
          ['Notebook', 'listNotebook', true],
          ['NotebookApp', 'createNotebook'],
        ]),
        table('b', [
          ['Notebook', 'createNotebook'],
          ['Notebook', 'deleteNotebook'],
        ]),
        table('c', [['Notebook', 'createNotebook']], 'OBS'),
      ],
      { now: NOW, windowMs: DAY },
    );
    expect(plan).toEqual({
      from: NOW.getTime() - DAY,
      to: NOW.getTime(),
      maxPages: 5,
      keepDetails: false,
      events: [
        { service: 'ModelArts', resourceType: 'Notebook', traceName: 'createNotebook' },
        { service: 'ModelArts', resourceType: 'Notebook', traceName: 'listNotebook' },
        { service: 'ModelArts', resourceType: 'NotebookApp', traceName: 'createNotebook' },
        { service: 'ModelArts', resourceType: 'Notebook', traceName: 'deleteNotebook' },
        { service: 'OBS', resourceType: 'Notebook', traceName: 'createNotebook' },
      ],
    });
    expect(DEFAULT_MAX_PAGES).toBe(5);
    expect(resourceTypesOf(plan.events)).toEqual([
      { service: 'ModelArts', resourceType: 'Notebook' },
      { service: 'ModelArts', resourceType: 'NotebookApp' },
      { service: 'OBS', resourceType: 'Notebook' },
    ]);
  });

  test('the bound and details as asked', () => {
    const plan = tracePlan([], { now: NOW, windowMs: 60_000, maxPages: 2, keepDetails: true });
    expect(plan).toEqual({ from: NOW.getTime() - 60_000, to: NOW.getTime(), maxPages: 2, keepDetails: true, events: [] });
  });
});

test('traceQuery: system traces of a service and resource type, by trace name when given, 200 a page', () => {
  const plan = { from: 1000, to: 2000 };
  expect(traceQuery(plan, { service: 'ModelArts', resourceType: 'Notebook', traceName: 'createNotebook' })).toEqual({
    trace_type: 'system',
    service_type: 'ModelArts',
    resource_type: 'Notebook',
    trace_name: 'createNotebook',
    from: '1000',
    to: '2000',
    limit: '200',
  });
  expect(traceQuery(plan, { service: 'ModelArts', resourceType: 'Notebook' })).not.toHaveProperty('trace_name');
});

/** A client whose CTS answers pages from a script per query (keyed by trace name, or `*` for a resource type's search). */
function scripted(script: Record<string, Array<Partial<Answer>>>) {
  const asked: Array<{ region: string; projectId?: string; query: Record<string, string> }> = [];
  const client = {
    async get(service: string, region: string, projectId: string | undefined, path: string, query: Record<string, string> = {}) {
      expect([service, path]).toEqual(['cts', TRACES_PATH]);
      asked.push({ region, projectId, query });
      const next = script[query.trace_name ?? '*']?.shift();
      if (!next) throw new Error(`nothing scripted for ${JSON.stringify(query)}`);
      return { service, method: 'GET', path, query, attempts: 1, status: 200, ...next } as Answer;
    },
  };
  return { client: client as unknown as LiveClient, asked };
}

const trace = (name: string, extra: Record<string, unknown> = {}) => ({
  trace_id: `id-${name}`,
  trace_name: name,
  resource_type: 'Notebook',
  time: 1764000000000,
  read_only: false,
  code: '200',
  user: { name: 'alice', domain: { name: 'acme' } },
  source_ip: '10.0.0.1',
  request: '{"name":"nb"}',
  response: '{}',
  ...extra,
});
const pageBody = (traces: unknown[], marker: string | null = null, count = traces.length) => ({
  body: { traces, meta_data: { count, marker } },
});

describe('readTraces', () => {
  // Made in each test, not while jest collects them: a mutant is credited to the tests that ran it.
  let plan: ReturnType<typeof tracePlan>;
  beforeEach(() => {
    plan = tracePlan([table('a', [['Notebook', 'createNotebook']])], { now: NOW, windowMs: DAY, maxPages: 3 });
  });

  test('every event query and every resource type search, each followed by its marker; traces reduced to what proves the point', async () => {
    const { client, asked } = scripted({
      createNotebook: [pageBody([trace('createNotebook')], 'm1'), pageBody([trace('createNotebook')], null)],
      '*': [pageBody([trace('stopNotebook')])],
    });
    const answers = await readTraces(client, 'cn-north-4', P1, plan);
    expect(asked.map((a) => [a.region, a.projectId, a.query.trace_name, a.query.next])).toEqual([
      ['cn-north-4', P1, 'createNotebook', undefined],
      ['cn-north-4', P1, undefined, undefined],
      ['cn-north-4', P1, 'createNotebook', 'm1'],
    ]);
    expect(answers.map((a) => a.query.trace_name ?? '*')).toEqual(['createNotebook', 'createNotebook', '*']);
    expect(answers[0].body).toEqual({
      traces: [
        {
          time: 1764000000000,
          trace_name: 'createNotebook',
          resource_type: 'Notebook',
          read_only: false,
          code: '200',
          trace_id: 'id-createNotebook',
        },
      ],
      meta_data: { count: 1, marker: 'm1' },
    });
    expect(answers[1].query).toEqual({ ...traceQuery(plan, plan.events[0]), next: 'm1' });
    expect(JSON.stringify(answers)).not.toMatch(/alice|10\.0\.0\.1|"nb"/);
  });

  test('details kept when asked: every field of each trace', async () => {
    const { client } = scripted({ createNotebook: [pageBody([trace('createNotebook')])], '*': [pageBody([])] });
    const answers = await readTraces(client, 'cn-north-4', P1, { ...plan, keepDetails: true });
    expect(answers[0].body).toEqual(pageBody([trace('createNotebook')]).body);
  });

  test.each<[string, Array<Partial<Answer>>, number]>([
    ['an empty page with a marker', [pageBody([], 'm1')], 1],
    ['a failure', [{ status: 503, error: { message: 'busy' } }], 1],
    ['a marker that repeats', [pageBody([trace('createNotebook')], 'm1'), pageBody([trace('createNotebook')], 'm1')], 2],
    ['an empty marker', [pageBody([trace('createNotebook')], '')], 1],
    [
      'the bound',
      [pageBody([trace('createNotebook')], 'm1'), pageBody([trace('createNotebook')], 'm2'), pageBody([trace('createNotebook')], 'm3')],
      3,
    ],
  ])('the pages stop at %s', async (_name, pages, read) => {
    const { client, asked } = scripted({ createNotebook: [...pages], '*': [pageBody([])] });
    const answers = await readTraces(client, 'cn-north-4', P1, plan);
    expect(asked.filter((a) => a.query.trace_name === 'createNotebook')).toHaveLength(read);
    expect(answers).toHaveLength(read + 1);
  });

  test('a failed answer is kept as it came', async () => {
    const failed = { status: 503, error: { code: 'APIG.0202', message: 'busy' }, attempts: 3 };
    const { client } = scripted({ createNotebook: [failed], '*': [pageBody([])] });
    const [answer] = await readTraces(client, 'cn-north-4', P1, plan);
    expect(answer).toEqual({ service: 'cts', method: 'GET', path: TRACES_PATH, query: traceQuery(plan, plan.events[0]), ...failed });
  });
});

describe('pageOf and trimmed', () => {
  const answer = (body: unknown, error?: Answer['error']): Answer =>
    ({
      service: 'cts',
      method: 'GET',
      path: TRACES_PATH,
      query: {},
      status: 200,
      attempts: 1,
      ...(error ? { error } : {}),
      body,
    }) as Answer;

  test.each<[string, unknown, ReturnType<typeof pageOf>]>([
    ['a page', { traces: [{ a: 1 }], meta_data: { marker: 'm' } }, { traces: [{ a: 1 }], marker: 'm' }],
    ['a last page', { traces: [], meta_data: { marker: null } }, { traces: [] }],
    ['an empty marker', { traces: [], meta_data: { marker: '' } }, { traces: [] }],
    ['a marker that is not text', { traces: [], meta_data: { marker: 5 } }, { traces: [] }],
    ['no meta_data', { traces: [{ a: 1 }] }, { traces: [{ a: 1 }] }],
    ['meta_data that is not an object', { traces: [], meta_data: 'm' }, { traces: [] }],
    ['traces that are not objects', { traces: [null, 3, ['x'], { a: 1 }] }, { traces: [{}, {}, {}, { a: 1 }] }],
    ['traces that are not a list', { traces: { a: 1 } }, {}],
    ['a list', [{ traces: [] }], {}],
    ['null', null, {}],
    ['text', 'traces', {}],
  ])('pageOf %s', (_name, body, page) => {
    expect(pageOf(answer(body))).toEqual(page);
  });

  test('pageOf: an error answer, or none, is not a page, whatever its body', () => {
    expect(pageOf(answer({ traces: [] }, { message: 'denied' }))).toEqual({});
    expect(pageOf(undefined)).toEqual({});
  });

  test('trimmed: the kept fields only, the count when it is a number, the marker or null; an answer that is not a page as it came', () => {
    const full = answer({ traces: [trace('a', { code: undefined })], meta_data: { count: '1', marker: 'm' } });
    expect(trimmed(full)).toEqual({
      ...full,
      body: {
        traces: [{ time: 1764000000000, trace_name: 'a', resource_type: 'Notebook', read_only: false, trace_id: 'id-a' }],
        meta_data: { marker: 'm' },
      },
    });
    expect(trimmed(answer({ traces: [], meta_data: { count: 0 } })).body).toEqual({ traces: [], meta_data: { count: 0, marker: null } });
    expect(trimmed(answer({ traces: [] })).body).toEqual({ traces: [], meta_data: { marker: null } });
    const notAPage = answer({ error: 'x' });
    expect(trimmed(notAPage)).toBe(notAPage);
  });
});

describe('--since and --max-pages', () => {
  test.each<[string, number]>([
    ['7d', 7 * DAY],
    ['1d', DAY],
    [' 36h ', 36 * 3_600_000],
    ['168h', MAX_WINDOW_MS],
    ['90m', 90 * 60_000],
    ['10080m', MAX_WINDOW_MS],
  ])('--since %p', (text, ms) => {
    expect(parseWindow(text)).toBe(ms);
  });

  function line(fn: () => unknown): string {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    }
    throw new Error('expected an InputError');
  }

  test.each(['0d', '7', 'd', '1w', '1.5d', '-1d', '07d', '12345678m', '1d1h', 'x7d'])('--since %p is not a window', (text) => {
    expect(line(() => parseWindow(text))).toBe(`--since: "${text}" is not a window such as 7d, 36h or 90m (days, hours or minutes)`);
  });

  test.each(['8d', '169h', '10081m', '9999999d'])('--since %p is longer than CTS keeps', (text) => {
    expect(line(() => parseWindow(text))).toBe(`--since: "${text}" is longer than the 7 days of traces CTS keeps to query; use at most 7d`);
  });

  test.each<[string, number]>([
    ['1', 1],
    ['1000', 1000],
    [' 20 ', 20],
  ])('--max-pages %p', (text, pages) => {
    expect(parseMaxPages(text)).toBe(pages);
  });

  test.each(['0', '1001', '-1', '2.5', 'x', '', '1e3'])('--max-pages %p is not a number of pages', (text) => {
    expect(line(() => parseMaxPages(text))).toBe(`--max-pages: "${text}" is not a whole number of pages from 1 to 1000`);
  });
});
