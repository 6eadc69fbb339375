import { answerFor, isSnapshot, parseSnapshot } from '../../lib/snapshot/schema';

test.each<[unknown, boolean]>([
  [{ kind: 'cts-audit-snapshot' }, true],
  [{ kind: 'cts-operations-table' }, false],
  [null, false],
  [undefined, false],
  ['cts-audit-snapshot', false],
  [[{ kind: 'cts-audit-snapshot' }], false],
  [{}, false],
])('isSnapshot(%j) is %s', (doc, is) => {
  expect(isSnapshot(doc)).toBe(is);
});

test('answerFor finds the answer of a service and path, with every query value given', () => {
  const answer = (service: 'cts' | 'smn', path: string, query: Record<string, string>) => ({
    service,
    method: 'GET' as const,
    path,
    query,
    status: 200,
    body: {},
    attempts: 1,
  });
  const place = {
    region: 'cn-north-4',
    projectId: 'p',
    readAt: 'now',
    answers: [answer('cts', '/a', { x: '1' }), answer('smn', '/b', { offset: '0' }), answer('smn', '/b', { offset: '100', limit: '100' })],
  };
  expect(answerFor(place, 'cts', '/a')).toBe(place.answers[0]);
  expect(answerFor(place, 'smn', '/a')).toBeUndefined();
  expect(answerFor(place, 'cts', '/b')).toBeUndefined();
  expect(answerFor(place, 'smn', '/b', { offset: '100' })).toBe(place.answers[2]);
  expect(answerFor(place, 'smn', '/b', { offset: '100', limit: '50' })).toBeUndefined();
  expect(answerFor(place, 'smn', '/b', {})).toBe(place.answers[1]);
});

test('parseSnapshot refuses what is not one, naming the place', () => {
  expect(() => parseSnapshot({ kind: 'cts-audit-snapshot', schemaVersion: 2 }, 's.json')).toThrow('s.json: schemaVersion: ');
  expect(() =>
    parseSnapshot(
      {
        kind: 'cts-audit-snapshot',
        schemaVersion: 1,
        createdAt: '2026-11-25T12:00:00.000Z',
        tool: { name: 't', version: '1' },
        cloud: 'c',
        places: [
          {
            region: 'cn-north-4',
            readAt: '2026-11-25T12:00:00.000Z',
            answers: [{ service: 'ecs', method: 'GET', path: '/', query: {}, attempts: 1 }],
          },
        ],
      },
      's.json',
    ),
  ).toThrow('s.json: places[0].answers[0].service: ');
});

describe('a snapshot that contradicts itself, or is not what the live check writes, is refused', () => {
  const TRACKERS = { service: 'cts', method: 'GET', path: '/v3/{project_id}/trackers', query: { tracker_type: 'system' } };
  const snapshot = (place: Record<string, unknown>, createdAt = '2026-11-25T12:00:00.000Z') => ({
    kind: 'cts-audit-snapshot',
    schemaVersion: 1,
    createdAt,
    tool: { name: 'cts-audit', version: '0.1.0' },
    cloud: 'myhuaweicloud.com',
    places: [{ region: 'cn-north-4', projectId: 'p', readAt: '2026-11-25T12:00:00.000Z', answers: [], ...place }],
  });
  const refused = (doc: unknown) => () => parseSnapshot(doc, 's.json');

  test('BUG: two answers to one request (an enabled tracker, then a disabled one): the first was taken', () => {
    const answers = [
      { ...TRACKERS, status: 200, body: { trackers: [{ status: 'enabled' }] }, attempts: 1 },
      { ...TRACKERS, query: { tracker_type: 'system' }, status: 200, body: { trackers: [{ status: 'disabled' }] }, attempts: 1 },
    ];
    expect(refused(snapshot({ answers }))).toThrow(
      's.json: places[0].answers[1]: answers the request of answers[0] again: a reading has one answer per request',
    );
    // Pages of one list are other requests.
    const pages = [
      { ...TRACKERS, query: { offset: '0' }, status: 200, body: {}, attempts: 1 },
      { ...TRACKERS, query: { offset: '100' }, status: 200, body: {}, attempts: 1 },
    ];
    expect(parseSnapshot(snapshot({ answers: pages }), 's.json').places[0].answers).toHaveLength(2);
  });

  test('BUG: an answer with an error, or a status other than a success, keeps no body (it was read as a success)', () => {
    const withError = { ...TRACKERS, status: 500, error: { message: 'HTTP 500' }, body: { trackers: [] }, attempts: 3 };
    expect(refused(snapshot({ answers: [withError] }))).toThrow(
      's.json: places[0].answers[0].body: is kept with an error: only a success has a body',
    );
    const notSuccess = { ...TRACKERS, status: 302, body: { trackers: [] }, attempts: 1 };
    expect(refused(snapshot({ answers: [notSuccess] }))).toThrow(
      's.json: places[0].answers[0].body: is kept with status 302: only a success has a body',
    );
    const noStatus = { ...TRACKERS, body: { trackers: [] }, attempts: 1 };
    expect(refused(snapshot({ answers: [noStatus] }))).toThrow(
      'places[0].answers[0].body: is kept with status (none): only a success has a body',
    );
  });

  test('one request is the same whatever the order of its query, and other requests may each have an answer', () => {
    const query = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, `${k}-value`]));
    const answers = [
      { ...TRACKERS, query: query('tracker_type', 'offset', 'limit'), status: 200, body: {}, attempts: 1 },
      { ...TRACKERS, query: query('limit', 'tracker_type', 'offset'), status: 200, body: {}, attempts: 1 },
    ];
    expect(refused(snapshot({ answers }))).toThrow(
      's.json: places[0].answers[1]: answers the request of answers[0] again: a reading has one answer per request',
    );
    const others = [
      answers[0],
      { ...answers[1], query: query('limit', 'offset') },
      { ...answers[1], path: '/v3/{project_id}/notifications/smn' },
    ];
    expect(parseSnapshot(snapshot({ answers: others }), 's.json').places[0].answers).toHaveLength(3);
  });

  test('a body is kept with any status from 200 to 299 and no error; an error keeps none', () => {
    const answer = (status: number, more: Record<string, unknown> = {}) => ({
      ...TRACKERS,
      status,
      body: { trackers: [] },
      attempts: 1,
      ...more,
    });
    const accepted = (a: unknown) => parseSnapshot(snapshot({ answers: [a] }), 's.json').places[0].answers;
    expect(accepted(answer(200))).toHaveLength(1);
    expect(accepted(answer(299))).toHaveLength(1);
    expect(accepted({ ...TRACKERS, status: 403, error: { code: 'CTS.0003', message: 'HTTP 403' }, attempts: 1 })).toHaveLength(1);
    expect(refused(snapshot({ answers: [answer(199)] }))).toThrow(
      'places[0].answers[0].body: is kept with status 199: only a success has a body',
    );
    expect(refused(snapshot({ answers: [answer(300)] }))).toThrow(
      'places[0].answers[0].body: is kept with status 300: only a success has a body',
    );
    expect(refused(snapshot({ answers: [answer(200, { error: { message: 'HTTP 200, but no JSON' } })] }))).toThrow(
      'places[0].answers[0].body: is kept with an error: only a success has a body',
    );
  });

  test('BUG: times are instants with their zone, kept in UTC, so that the newest reading is the one that happened last', () => {
    const at = (readAt: string) => parseSnapshot(snapshot({ readAt }), 's.json').places[0].readAt;
    expect(at('2026-12-01T08:00:00+08:00')).toBe('2026-12-01T00:00:00.000Z');
    expect(at('2026-12-01T01:00:00Z')).toBe('2026-12-01T01:00:00.000Z');
    expect(at('2026-12-01T08:00+08:00')).toBe('2026-12-01T00:00:00.000Z');
    for (const readAt of [
      'now',
      '+002026-12-01T08:00:00+08:00',
      '2026-12-01',
      '2026-12-01T01:00:00',
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
    ]) {
      expect(refused(snapshot({ readAt }))).toThrow(
        's.json: places[0].readAt: must be a time with its time zone (ISO 8601), such as 2026-11-25T12:00:00.000Z',
      );
    }
    expect(refused(snapshot({}, 'yesterday'))).toThrow('s.json: createdAt: must be a time with its time zone');
  });
});
