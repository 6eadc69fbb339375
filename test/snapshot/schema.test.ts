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
        createdAt: 'x',
        tool: { name: 't', version: '1' },
        cloud: 'c',
        places: [{ region: 'cn-north-4', readAt: 'x', answers: [{ service: 'ecs', method: 'GET', path: '/', query: {}, attempts: 1 }] }],
      },
      's.json',
    ),
  ).toThrow('s.json: places[0].answers[0].service: ');
});
