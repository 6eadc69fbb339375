/**
 * The trace evidence for people, as text and Markdown, from a report written
 * here: every column and note of a row, names no table lists, a search that
 * stopped, a place that could not be asked, one window or several, and the
 * summary's plurals. Whole outputs are compared: a report is read by people,
 * and every word of it is a claim.
 */
import type { EvidenceReport, PlaceEvidence, RowEvidence } from '../../lib/live/evidence';
import { evidenceMarkdown, evidenceText } from '../../lib/live/evidence-report';

const P1 = '11111111111111111111111111111111';
const WINDOW = { from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' };

const base = { table: 'mini', service: 'ModelArts', resourceType: 'Notebook', readOnly: false, notes: [] as string[] };
const row = (event: string, rest: Partial<RowEvidence>): RowEvidence =>
  ({ ...base, id: `ModelArts/Notebook/${event}`, event, status: 'seen', count: 1, complete: true, pages: 1, ...rest }) as RowEvidence;

const busy: PlaceEvidence = {
  label: `cn-north-4/${P1}`,
  region: 'cn-north-4',
  project: P1,
  readAt: '2026-11-25T00:00:01Z',
  window: WINDOW,
  rows: [
    row('createNotebook', {
      count: 3,
      lastSeen: '2026-11-24T10:00:00.000Z',
      ctsReadOnly: 'yes',
      notes: ['CTS marks its traces read-only, where the table says it changes something'],
    }),
    row('listNotebook', { status: 'not-seen', count: 0, readOnly: true, notes: ['read-only operations of ModelArts are not reported'] }),
    row('deleteNotebook', { status: 'unknown', count: 0, complete: false, pages: 1, reason: 'CTS could not be asked: HTTP 403 | denied' }),
    row('stopNotebook', {
      count: 200,
      complete: false,
      pages: 1,
      lastSeen: '2026-11-24T11:00:00.000Z',
      ctsReadOnly: 'no',
      reason: 'the bound of 1 page was reached',
    }),
  ],
  unlisted: [
    {
      service: 'ModelArts',
      resourceType: 'Notebook',
      event: 'CreateNotebook',
      count: 2,
      complete: true,
      lastSeen: '2026-11-24T09:00:00.000Z',
      ctsReadOnly: 'mixed',
      nearMiss: 'createNotebook',
    },
    {
      service: 'ModelArts',
      resourceType: 'Notebook',
      event: 'resizeNotebookVolumeLonger',
      count: 1,
      complete: false,
      ctsReadOnly: 'not-said',
    },
  ],
  searches: [
    {
      service: 'ModelArts',
      resourceType: 'Notebook',
      status: 'read',
      pages: 1,
      complete: false,
      reason: 'the bound of 1 page was reached',
    },
    { service: 'ModelArts', resourceType: 'NotebookApp', status: 'read', pages: 1, complete: true },
  ],
};

const unasked: PlaceEvidence = {
  label: 'acme-dev/ap-southeast-1/?',
  account: 'acme-dev',
  region: 'ap-southeast-1',
  readAt: '2026-11-25T00:00:02Z',
  reason: 'the agency could not be assumed | in account acme-dev',
  rows: [row('createNotebook', { status: 'unknown', count: 0, complete: false, pages: 0 })],
  unlisted: [],
  searches: [],
};

function report(places: PlaceEvidence[], summary: Partial<EvidenceReport['summary']>): EvidenceReport {
  return {
    kind: 'cts-audit-evidence',
    schemaVersion: 1,
    tool: { name: 'cts-audit', version: 'test' },
    tables: [{ id: 'mini', service: 'ModelArts' }],
    places,
    summary: { places: places.length, rows: 5, seen: 2, notSeen: 1, unknown: 2, incomplete: 2, unlisted: 2, ...summary },
  };
}

test('text: each event with its count (at least, when bounded), last time, marking, reason and notes; then names not in the tables', () => {
  const text = evidenceText(report([busy, unasked], {}));
  expect(text.split('\n')).toEqual([
    'Trace evidence from CTS (management traces), 2026-11-24T00:00:00.000Z to 2026-11-25T00:00:00.000Z',
    '',
    `cn-north-4/${P1}`,
    '  seen          3  ModelArts/Notebook/createNotebook              last 2026-11-24T10:00:00.000Z; read_only: yes; CTS marks its traces read-only, where the table says it changes something',
    '  not seen      0  ModelArts/Notebook/listNotebook                no trace in the window: not proven either way; read-only operations of ModelArts are not reported',
    '  unknown       -  ModelArts/Notebook/deleteNotebook              CTS could not be asked: HTTP 403 | denied',
    '  seen      >=200  ModelArts/Notebook/stopNotebook                last 2026-11-24T11:00:00.000Z; read_only: no; the bound of 1 page was reached',
    '  not in the tables:',
    '                2  ModelArts/Notebook/CreateNotebook              last 2026-11-24T09:00:00.000Z; read_only: mixed; differs only by case from createNotebook',
    '              >=1  ModelArts/Notebook/resizeNotebookVolumeLonger  read_only: not-said; there may be more (the search of its resource type did not read every page)',
    '  search of ModelArts/Notebook for names not in the tables: the bound of 1 page was reached',
    '',
    'acme-dev/ap-southeast-1/?',
    '  every event unknown: the agency could not be assumed | in account acme-dev',
    '',
    '5 events in 2 places: 2 seen, 1 not seen (not proven either way: an operation nobody performed leaves no trace), 2 unknown; 2 trace names not in the tables; 2 counts stopped at a bound (at least).',
    '',
  ]);
});

test('text: a project the label does not show is named; ids shorter than ten characters keep a column of ten', () => {
  const place: PlaceEvidence = {
    ...busy,
    label: 'cn-north-4',
    window: undefined,
    rows: [{ ...row('a', {}), id: 'X/Y/a' }],
    unlisted: [],
    searches: [],
  };
  const text = evidenceText(report([place], { places: 1, rows: 1, seen: 1, notSeen: 0, unknown: 0, incomplete: 0, unlisted: 1 }));
  expect(text).toBe(
    [
      'Trace evidence from CTS (management traces)',
      '',
      `cn-north-4 (project ${P1})`,
      '  seen          1  X/Y/a       ',
      '',
      '1 event in 1 place: 1 seen, 0 not seen (not proven either way: an operation nobody performed leaves no trace), 0 unknown; 1 trace name not in the tables.',
      '',
    ].join('\n'),
  );
});

test('several windows are each named; places without one add none', () => {
  const other = { ...busy, label: 'ap-southeast-1', window: { from: '2026-11-23T00:00:00.000Z', to: '2026-11-24T00:00:00.000Z' } };
  const same = { ...busy, label: 'la-south-2' };
  const first = evidenceText(report([busy, other, same, unasked], {})).split('\n')[0];
  expect(first).toBe(
    'Trace evidence from CTS (management traces), windows 2026-11-24T00:00:00.000Z to 2026-11-25T00:00:00.000Z, 2026-11-23T00:00:00.000Z to 2026-11-24T00:00:00.000Z',
  );
  expect(evidenceMarkdown(report([unasked], {})).split('\n')[2]).toMatch(/^Management traces\. /);
});

test('Markdown: a table per place, pipes escaped and lines joined inside cells; a place not asked in one line', () => {
  const place = { ...busy, rows: [...busy.rows, row('startNotebook', { notes: ['one\r\ntwo'] })] };
  const md = evidenceMarkdown(report([place, unasked], { incomplete: 1 }));
  expect(md.split('\n')).toEqual([
    '### Trace evidence from CTS',
    '',
    'Management traces, 2026-11-24T00:00:00.000Z to 2026-11-25T00:00:00.000Z. 5 events in 2 places: 2 seen, 1 not seen (not proven either way: an operation nobody performed leaves no trace), 2 unknown; 2 trace names not in the tables; 1 count stopped at a bound (at least).',
    '',
    `#### \`cn-north-4/${P1}\``,
    '',
    '| Event | Status | Traces | Last seen | `read_only` | Notes |',
    '|---|---|---:|---|---|---|',
    '| `ModelArts/Notebook/createNotebook` | seen | 3 | 2026-11-24T10:00:00.000Z | yes | CTS marks its traces read-only, where the table says it changes something |',
    '| `ModelArts/Notebook/listNotebook` | not seen | 0 |  |  | no trace in the window: not proven either way; read-only operations of ModelArts are not reported |',
    '| `ModelArts/Notebook/deleteNotebook` | unknown | - |  |  | CTS could not be asked: HTTP 403 \\| denied |',
    '| `ModelArts/Notebook/stopNotebook` | seen | >=200 | 2026-11-24T11:00:00.000Z | no | the bound of 1 page was reached |',
    '| `ModelArts/Notebook/startNotebook` | seen | 1 |  |  | one two |',
    '',
    "Trace names recorded under the tables' services and resource types that no table lists:",
    '',
    '| Trace name | Traces | Last seen | `read_only` | Notes |',
    '|---|---:|---|---|---|',
    '| `ModelArts/Notebook/CreateNotebook` | 2 | 2026-11-24T09:00:00.000Z | mixed | differs only by case from createNotebook |',
    '| `ModelArts/Notebook/resizeNotebookVolumeLonger` | >=1 |  | not-said |  |',
    '',
    'Search of `ModelArts/Notebook` for names not in the tables: the bound of 1 page was reached',
    '',
    '#### `acme-dev/ap-southeast-1/?`',
    '',
    'Every event unknown: the agency could not be assumed \\| in account acme-dev',
    '',
  ]);
});

test('Markdown: a place with nothing unlisted has no second table, and no count stopped says nothing of bounds', () => {
  const place = { ...busy, unlisted: [], searches: [], rows: [busy.rows[0]] };
  const md = evidenceMarkdown(report([place], { rows: 1, seen: 1, notSeen: 0, unknown: 0, incomplete: 0, unlisted: 0 }));
  expect(md).not.toContain('no table lists');
  expect(md).not.toContain('Search of');
  expect(md).toContain(
    '1 event in 1 place: 1 seen, 0 not seen (not proven either way: an operation nobody performed leaves no trace), 0 unknown; 0 trace names not in the tables.\n',
  );
});

test('near misses by case, by resource type, or both, in text and Markdown', () => {
  const near = (event: string, resourceType: string, nearMiss: string, nearMissResourceType?: string) => ({
    service: 'ModelArts',
    resourceType,
    event,
    count: 1,
    complete: true,
    ctsReadOnly: 'not-said' as const,
    nearMiss,
    ...(nearMissResourceType ? { nearMissResourceType } : {}),
  });
  const place: PlaceEvidence = {
    ...busy,
    rows: [],
    searches: [],
    unlisted: [
      near('CreateNotebook', 'Notebook', 'createNotebook'),
      near('createNotebook', 'NotebookApp', 'createNotebook', 'Notebook'),
      near('listnotebook', 'NotebookApp', 'listNotebook', 'Notebook'),
    ],
  };
  const r = report([place], { places: 1, rows: 0, seen: 0, notSeen: 0, unknown: 0, incomplete: 0, unlisted: 3 });
  expect(
    evidenceText(r)
      .split('\n')
      .filter((l) => l.includes('read_only: not-said')),
  ).toEqual([
    '                1  ModelArts/Notebook/CreateNotebook     read_only: not-said; differs only by case from createNotebook',
    '                1  ModelArts/NotebookApp/createNotebook  read_only: not-said; the tables list it under resource type Notebook, not NotebookApp',
    '                1  ModelArts/NotebookApp/listnotebook    read_only: not-said; differs only by case from listNotebook, which the tables list under resource type Notebook, not NotebookApp',
  ]);
  expect(
    evidenceMarkdown(r)
      .split('\n')
      .filter((l) => l.startsWith('| `ModelArts/')),
  ).toEqual([
    '| `ModelArts/Notebook/CreateNotebook` | 1 |  | not-said | differs only by case from createNotebook |',
    '| `ModelArts/NotebookApp/createNotebook` | 1 |  | not-said | the tables list it under resource type Notebook, not NotebookApp |',
    '| `ModelArts/NotebookApp/listnotebook` | 1 |  | not-said | differs only by case from listNotebook, which the tables list under resource type Notebook, not NotebookApp |',
  ]);
});
