/**
 * What the live check asks, and in what order, against a client that records requests and answers from a table:
 * the project lookup, the pages of SMN lists, the subscriptions of only the topics notified, and the trace buckets of
 * only this project's system trackers.
 */
import { LiveClient } from '../../lib/live/client';
import { collect, resolveTargets, trackerBuckets } from '../../lib/live/collect';
import { obsRequest } from '../../lib/live/obs';
import { Answer, BucketRead, PATHS } from '../../lib/snapshot/answer';

const REGION = 'cn-north-4';
const PROJECT = '45187796f8a6009c10b17f6e20cb26f2';
const urn = (name: string) => `urn:smn:${REGION}:${PROJECT}:${name}`;

type Route = (query: Record<string, string>) => { status?: number; body?: unknown; error?: Answer['error'] };

/** A client answering GETs from routes by path (404 otherwise), and OBS reads with 200 {}; it records every request. */
function fakeClient(routes: Record<string, Route>) {
  const requests: string[] = [];
  const client = {
    async get(service: Answer['service'], region: string, projectId: string | undefined, path: string, query: Record<string, string> = {}) {
      const q = new URLSearchParams(query).toString();
      requests.push(`${service} ${region} ${projectId ?? '-'} ${path}${q ? `?${q}` : ''}`);
      const route = routes[path];
      const a = route ? route(query) : { status: 404, error: { code: 'APIG.0101', message: 'not found' } };
      return { service, method: 'GET', path, query, attempts: 1, status: 200, ...a } as Answer;
    },
    async obs(region: string, bucket: string, read: BucketRead) {
      requests.push(`obs ${region} ${bucket} ${read}`);
      return { ...obsRequest(bucket, read), status: 200, body: {}, attempts: 1 } as Answer;
    },
  };
  return { client: client as unknown as LiveClient, requests };
}

const options = { cloud: 'example.com', tool: { name: 'cts-audit', version: '0.0.0' }, now: () => new Date('2026-11-25T12:00:00Z') };

/** n topics named t000, t001, ... answered page by page as SMN does (offset, limit). */
const topicPages =
  (n: number): Route =>
  (q) => {
    const from = Number(q.offset);
    const count = Math.max(0, Math.min(Number(q.limit), n - from));
    const topics = Array.from({ length: count }, (_, i) => ({
      topic_urn: urn(`t${String(from + i).padStart(3, '0')}`),
      name: `t${from + i}`,
    }));
    return { body: { topics, topic_count: n } };
  };

describe('resolveTargets', () => {
  const iam =
    (projects: unknown): Route =>
    () => ({ body: { projects } });

  test('a region with a project is left as it is; one without is looked up by name, read only', async () => {
    const { client, requests } = fakeClient({ [PATHS.projects]: iam([{ id: 'p1', name: REGION }]) });
    expect(await resolveTargets(client, [{ region: 'ap-southeast-1', projectId: 'p0' }, { region: REGION }])).toEqual([
      { region: 'ap-southeast-1', projectId: 'p0' },
      { region: REGION, projectId: 'p1' },
    ]);
    expect(requests).toEqual([`iam ${REGION} - /v3/projects?name=${REGION}`]);
  });

  test.each([
    ['no project of that name', [{ id: 'p1', name: `${REGION}_sub` }]],
    [
      'two of that name',
      [
        { id: 'p1', name: REGION },
        { id: 'p2', name: REGION },
      ],
    ],
    ['one whose id is not text', [{ id: 7, name: REGION }]],
    ['no list', 'none'],
  ])('%s: not found, and the answer is kept to say why', async (_name, projects) => {
    const { client } = fakeClient({ [PATHS.projects]: iam(projects) });
    const [t] = await resolveTargets(client, [{ region: REGION }]);
    expect(t).toEqual({ region: REGION, lookup: expect.objectContaining({ service: 'iam', path: PATHS.projects, body: { projects } }) });
  });

  test('one that matches among others is found', async () => {
    const { client } = fakeClient({
      [PATHS.projects]: iam([
        { id: 'x', name: 'other' },
        { id: 'p1', name: REGION },
      ]),
    });
    expect(await resolveTargets(client, [{ region: REGION }])).toEqual([{ region: REGION, projectId: 'p1' }]);
  });
});

describe('collect', () => {
  const notifications =
    (...topics: unknown[]): Route =>
    () => ({ body: { notifications: topics.map((topic_id) => ({ topic_id })) } });

  test('reads every list of a place, the topics page by page, and the subscriptions of the notified topics that exist, in order', async () => {
    const { client, requests } = fakeClient({
      [PATHS.trackers]: () => ({ body: { trackers: [] } }),
      [PATHS.notifications('smn')]: notifications(urn('t150'), urn('t007'), urn('gone'), urn('t007'), 42),
      [PATHS.notifications('fun')]: () => ({ body: { notifications: [] } }),
      [PATHS.configuration]: () => ({ body: { is_support_read_only: true } }),
      [PATHS.topics]: topicPages(200),
      [PATHS.subscriptions(urn('t007'))]: () => ({ body: { subscriptions: [] } }),
      [PATHS.subscriptions(urn('t150'))]: () => ({ body: { subscriptions: [] } }),
    });
    const progress: Array<[number, number]> = [];
    const snapshot = await collect(client, [{ region: REGION, projectId: PROJECT }], {
      ...options,
      progress: (d, t) => progress.push([d, t]),
    });
    expect(requests.sort()).toEqual(
      [
        `cts ${REGION} ${PROJECT} ${PATHS.trackers}?tracker_type=system`,
        `cts ${REGION} ${PROJECT} ${PATHS.notifications('smn')}`,
        `cts ${REGION} ${PROJECT} ${PATHS.notifications('fun')}`,
        `cts ${REGION} ${PROJECT} ${PATHS.configuration}`,
        // 200 topics: two full pages, and a third, empty, that says the list is complete.
        `smn ${REGION} ${PROJECT} ${PATHS.topics}?offset=0&limit=100`,
        `smn ${REGION} ${PROJECT} ${PATHS.topics}?offset=100&limit=100`,
        `smn ${REGION} ${PROJECT} ${PATHS.topics}?offset=200&limit=100`,
        `smn ${REGION} ${PROJECT} ${PATHS.subscriptions(urn('t007'))}?offset=0&limit=100`,
        `smn ${REGION} ${PROJECT} ${PATHS.subscriptions(urn('t150'))}?offset=0&limit=100`,
      ].sort(),
    );
    expect(snapshot).toEqual({
      kind: 'cts-audit-snapshot',
      schemaVersion: 1,
      createdAt: '2026-11-25T12:00:00.000Z',
      tool: { name: 'cts-audit', version: '0.0.0' },
      cloud: 'example.com',
      places: [{ region: REGION, projectId: PROJECT, readAt: '2026-11-25T12:00:00.000Z', answers: expect.any(Array) }],
    });
    // Answers in a fixed order: the CTS lists, the topic pages, the subscriptions by topic URN, then the buckets.
    expect(snapshot.places[0].answers.map((a) => `${a.path}${a.query.offset ? `@${a.query.offset}` : ''}`)).toEqual([
      PATHS.trackers,
      PATHS.notifications('smn'),
      PATHS.notifications('fun'),
      PATHS.configuration,
      `${PATHS.topics}@0`,
      `${PATHS.topics}@100`,
      `${PATHS.topics}@200`,
      `${PATHS.subscriptions(urn('t007'))}@0`,
      `${PATHS.subscriptions(urn('t150'))}@0`,
    ]);
    expect(progress).toEqual([[1, 1]]);
  });

  test('a page that fails, or is not a list, ends the paging; a short page too', async () => {
    for (const [route, pages] of [
      [(q: Record<string, string>) => (q.offset === '100' ? { status: 503, error: { message: 'busy' } } : topicPages(300)(q)), 2],
      [(q: Record<string, string>) => (q.offset === '100' ? { body: { topics: 'many' } } : topicPages(300)(q)), 2],
      [topicPages(150), 2],
      [topicPages(0), 1],
    ] as Array<[Route, number]>) {
      const { client, requests } = fakeClient({ [PATHS.topics]: route });
      await collect(client, [{ region: REGION, projectId: PROJECT }], options);
      expect(requests.filter((r) => r.includes(PATHS.topics))).toHaveLength(pages);
    }
  });

  test('paging stops at 100 pages, whatever the server says', async () => {
    const { client, requests } = fakeClient({ [PATHS.topics]: topicPages(1_000_000) });
    await collect(client, [{ region: REGION, projectId: PROJECT }], options);
    const pages = requests.filter((r) => r.includes(PATHS.topics));
    expect(pages).toHaveLength(100);
    expect(pages[99]).toContain('offset=9900&limit=100');
  });

  test('subscriptions of topics on later pages are read; of topics not listed, or unreadable lists, not', async () => {
    const { client, requests } = fakeClient({
      [PATHS.notifications('smn')]: notifications(urn('t250')),
      [PATHS.topics]: topicPages(260),
    });
    await collect(client, [{ region: REGION, projectId: PROJECT }], options);
    expect(requests.filter((r) => r.includes('/subscriptions'))).toEqual([
      `smn ${REGION} ${PROJECT} ${PATHS.subscriptions(urn('t250'))}?offset=0&limit=100`,
    ]);
    const unreadable = fakeClient({ [PATHS.notifications('smn')]: () => ({ body: 'none' }), [PATHS.topics]: topicPages(10) });
    await collect(unreadable.client, [{ region: REGION, projectId: PROJECT }], options);
    expect(unreadable.requests.filter((r) => r.includes('/subscriptions'))).toEqual([]);
    const noTopics = fakeClient({ [PATHS.notifications('smn')]: notifications(urn('t001')), [PATHS.topics]: () => ({ body: 'none' }) });
    await collect(noTopics.client, [{ region: REGION, projectId: PROJECT }], options);
    expect(noTopics.requests.filter((r) => r.includes('/subscriptions'))).toEqual([]);
  });

  test.each([
    ['notifications that are not a list', () => ({ body: { notifications: 'many' } }), topicPages(3), []],
    [
      'items that are not objects, beside one that is',
      () => ({ body: { notifications: [null, 7, { topic_id: urn('t001') }] } }),
      () => ({ body: { topics: [null, 'x', { topic_urn: urn('t001') }] } }),
      [`smn ${REGION} ${PROJECT} ${PATHS.subscriptions(urn('t001'))}?offset=0&limit=100`],
    ],
    ['a null body, and topics that are not a list', () => ({ body: null }), () => ({ body: { topics: { t001: {} } } }), []],
  ] as Array<[string, Route, Route, string[]]>)(
    'BUG: %s: what is not a list of objects lists nothing, and never ends the run',
    async (_name, smn, topics, subscriptions) => {
      const { client, requests } = fakeClient({ [PATHS.notifications('smn')]: smn, [PATHS.topics]: topics });
      await expect(collect(client, [{ region: REGION, projectId: PROJECT }], options)).resolves.toMatchObject({
        places: [{ region: REGION }],
      });
      expect(requests.filter((r) => r.includes('/subscriptions'))).toEqual(subscriptions);
    },
  );

  test("reads each read of this project's system trackers' buckets once", async () => {
    const { client, requests } = fakeClient({
      [PATHS.trackers]: () => ({
        body: {
          trackers: [
            { tracker_type: 'system', project_id: PROJECT, obs_info: { bucket_name: 'traces-a' } },
            { project_id: PROJECT, obs_info: { bucket_name: 'traces-a' } },
            { tracker_type: 'data', obs_info: { bucket_name: 'data-bucket' } },
          ],
        },
      }),
    });
    await collect(client, [{ region: REGION, projectId: PROJECT }], options);
    expect(requests.filter((r) => r.startsWith('obs'))).toEqual(
      ['acl', 'policy', 'versioning', 'encryption', 'lifecycle', 'storagePolicy'].map((read) => `obs ${REGION} traces-a ${read}`),
    );
  });

  test('a place without a project keeps the lookup that failed, and reads nothing', async () => {
    const { client, requests } = fakeClient({});
    const lookup = { service: 'iam', method: 'GET', path: PATHS.projects, query: {}, status: 403, attempts: 1 } as Answer;
    const snapshot = await collect(client, [{ region: REGION, lookup }, { region: 'ap-southeast-1' }], options);
    expect(snapshot.places).toEqual([
      { region: REGION, readAt: '2026-11-25T12:00:00.000Z', answers: [lookup] },
      { region: 'ap-southeast-1', readAt: '2026-11-25T12:00:00.000Z', answers: [] },
    ]);
    expect(requests).toEqual([]);
  });
});

describe('trackerBuckets', () => {
  const answer = (body: unknown) =>
    ({ service: 'cts', method: 'GET', path: PATHS.trackers, query: {}, status: 200, body, attempts: 1 }) as Answer;
  const buckets = (trackers: unknown) => trackerBuckets(answer({ trackers }), PROJECT);

  test('the buckets of the system trackers of this project, each once, in order', () => {
    expect(
      buckets([
        { obs_info: { bucket_name: 'b-one' } },
        { tracker_type: 'system', project_id: '', obs_info: { bucket_name: 'b-two' } },
        { tracker_type: 'system', project_id: PROJECT, obs_info: { bucket_name: 'b-one' } },
        { tracker_type: 'data', obs_info: { bucket_name: 'b-data' } },
        { project_id: '1aed40714227270ba1ba29e35a5ca4e1', obs_info: { bucket_name: 'b-other' } },
        { project_id: 7, obs_info: { bucket_name: 'b-three' } },
        null,
        'tracker',
        { obs_info: null },
        {},
      ]),
    ).toEqual(['b-one', 'b-two', 'b-three']);
  });

  test.each([
    ['ab', false],
    ['abc', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['Upper', false],
    ['-dash', false],
    ['dash-', false],
    ['dot.ted-name', true],
    ['x/../y', false],
    ['ok\nbad', false],
    ['bad\nok', false],
    [7, false],
  ])('bucket name %j is read: %s', (name, read) => {
    expect(buckets([{ obs_info: { bucket_name: name } }])).toEqual(read ? [name] : []);
  });

  test('an answer without a list has no buckets', () => {
    expect(trackerBuckets(answer(undefined), PROJECT)).toEqual([]);
    expect(trackerBuckets(answer({ trackers: {} }), PROJECT)).toEqual([]);
  });
});
