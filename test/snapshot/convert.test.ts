import { snapshotToInput } from '../../lib/snapshot/convert';
import { PATHS } from '../../lib/snapshot/answer';
import { Snapshot, parseSnapshot } from '../../lib/snapshot/schema';
import { TopicSubscription, Tracker, Value, known, unknown } from '../../lib/model';

const REGION = 'cn-north-4';
const PROJECT = '45187796f8a6009c10b17f6e20cb26f2';
const OTHER_PROJECT = '1aed40714227270ba1ba29e35a5ca4e1';

function snapshotWithTrackers(trackers: unknown[]): Snapshot {
  const ok = (path: string, body: unknown) => ({
    service: 'cts' as const,
    method: 'GET' as const,
    path,
    query: {},
    status: 200,
    body,
    attempts: 1,
  });
  return {
    kind: 'cts-audit-snapshot',
    schemaVersion: 1,
    createdAt: '2026-11-25T12:00:00.000Z',
    tool: { name: 'cts-audit', version: '0.1.0' },
    cloud: 'myhuaweicloud.com',
    places: [
      {
        region: REGION,
        projectId: PROJECT,
        readAt: '2026-11-25T12:00:00.000Z',
        answers: [
          ok(PATHS.trackers, { trackers }),
          ok(PATHS.notifications('smn'), { notifications: [] }),
          ok(PATHS.notifications('fun'), { notifications: [] }),
          { ...ok(PATHS.topics, { topics: [], topic_count: 0 }), service: 'smn' as const, query: { offset: '0', limit: '100' } },
        ],
      },
    ],
  };
}

const tracker = (overrides: Record<string, unknown>) => ({
  tracker_name: 'system',
  tracker_type: 'system',
  status: 'enabled',
  project_id: PROJECT,
  obs_info: { bucket_name: 'traces' },
  lts: { is_lts_enabled: true },
  ...overrides,
});

const trackersOf = (s: Snapshot) => snapshotToInput(s, 'snapshot.json').elements.filter((e): e is Tracker => e.type === 'tracker');

describe('snapshotToInput: trackers', () => {
  test('every place read is a reading, with its project and when it was read', () => {
    expect(snapshotToInput(snapshotWithTrackers([tracker({})]), 'snapshot.json').readings).toEqual([
      { region: REGION, project: PROJECT, readAt: '2026-11-25T12:00:00.000Z' },
    ]);
  });

  test("another project's tracker in the answer is not this project's", () => {
    const trackers = trackersOf(snapshotWithTrackers([tracker({ project_id: OTHER_PROJECT })]));
    expect(trackers).toEqual([]);
  });

  test.each([
    ['enabled', { kind: 'known', value: true }],
    ['disabled', { kind: 'known', value: false }],
    ['error', { kind: 'known', value: true }],
  ])('status %s', (status, enabled) => {
    expect(trackersOf(snapshotWithTrackers([tracker({ status })]))[0].enabled).toEqual(enabled);
  });

  test.each([
    ['abnormal', 'the tracker\'s status is "abnormal", not enabled, disabled or error'],
    [undefined, "the tracker's status is missing, not enabled, disabled or error"],
  ])('an unexpected status (%s) is unknown, never recording', (status, reason) => {
    expect(trackersOf(snapshotWithTrackers([tracker({ status })]))[0].enabled).toEqual({ kind: 'unknown', reason });
  });
});

describe('parseSnapshot', () => {
  test('a place whose region is not a region name is refused, naming where (a damaged snapshot must not flood every message)', () => {
    const damaged = snapshotWithTrackers([]);
    const doc = { ...damaged, places: [{ ...damaged.places[0], region: `cn-north-4\n${'A'.repeat(100)}` }] };
    expect(() => parseSnapshot(doc, 'snapshot.json')).toThrow('snapshot.json: places[0].region: must be a region name such as cn-north-4');
    expect(parseSnapshot(damaged, 'snapshot.json').places[0].region).toBe(REGION);
  });
});

describe('snapshotToInput: subscriptions', () => {
  const TOPIC = `urn:smn:${REGION}:${PROJECT}:audit`;
  const withSubscriptions = (subscriptions: unknown[]): Snapshot => {
    const s = snapshotWithTrackers([]);
    const answer = {
      service: 'smn' as const,
      method: 'GET' as const,
      path: PATHS.subscriptions(TOPIC),
      query: { offset: '0', limit: '100' },
      status: 200,
      body: { subscriptions },
      attempts: 1,
    };
    return { ...s, places: [{ ...s.places[0], answers: [...s.places[0].answers, answer] }] };
  };
  const subscriptionsOf = (s: Snapshot) =>
    snapshotToInput(s, 'snapshot.json').elements.filter((e): e is TopicSubscription => e.type === 'subscription');
  const sub = (overrides: Record<string, unknown>) => ({
    topic_urn: TOPIC,
    subscription_urn: `${TOPIC}:1`,
    protocol: 'email',
    endpoint: 'a@example.com',
    status: 1,
    ...overrides,
  });

  test.each<[string, Record<string, unknown>, Value<boolean>]>([
    ['no filter policy listed', {}, known(false)],
    ['an empty list of filter policies', { filter_polices: [] }, known(false)],
    ['a filter policy', { filter_polices: [{ name: 'severity', string_equals: ['high'] }] }, known(true)],
    ['filter policies that are not a list', { filter_polices: 'high' }, unknown("the subscription's filter_polices is not a list")],
  ])('%s', (_name, overrides, filtered) => {
    const [s] = subscriptionsOf(withSubscriptions([sub(overrides)]));
    expect({ urn: s.urn, filtered: s.filtered }).toEqual({ urn: known(`${TOPIC}:1`), filtered });
  });
});
