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
