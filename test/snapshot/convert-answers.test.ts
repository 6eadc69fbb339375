/**
 * snapshotToInput on answers of every shape the APIs may give: each field of a tracker, notification, topic,
 * subscription and bucket read from its answer (and nothing made up when it is missing or of another type), the
 * answers that failed, and where each element comes from in the snapshot.
 */
import { obsRequest } from '../../lib/live/obs';
import { Answer, BucketRead, PATHS } from '../../lib/snapshot/answer';
import { cannedAcl, describe as describeAnswer, snapshotToInput } from '../../lib/snapshot/convert';
import { Snapshot } from '../../lib/snapshot/schema';
import {
  Bucket,
  CtsConfiguration,
  Element,
  LoadedInput,
  Notification,
  Topic,
  TopicSubscription,
  Tracker,
  known,
  unknown,
} from '../../lib/model';

const REGION = 'cn-north-4';
const PROJECT = '45187796f8a6009c10b17f6e20cb26f2';
const WHERE = `${REGION}/${PROJECT}`;
const READ_AT = '2026-11-25T12:00:00.000Z';
const URN = `urn:smn:${REGION}:${PROJECT}:cts_audit`;

type AnswerLike = Omit<Answer, 'method' | 'query' | 'attempts'> & { query?: Record<string, string>; attempts?: number };

const ok = (service: Answer['service'], path: string, body: unknown, query: Record<string, string> = {}): AnswerLike => ({
  service,
  path,
  query,
  status: 200,
  body,
});
const failed = (service: Answer['service'], path: string, status: number | undefined, code?: string, message = 'Denied.'): AnswerLike => ({
  service,
  path,
  ...(status !== undefined ? { status } : {}),
  error: { ...(code ? { code } : {}), message },
  attempts: 1,
});

/** The four answers every place has, replaced where a test gives its own. */
function answers(parts: {
  trackers?: AnswerLike;
  smn?: AnswerLike;
  fun?: AnswerLike;
  topics?: AnswerLike[];
  more?: AnswerLike[];
}): AnswerLike[] {
  return [
    parts.trackers ?? ok('cts', PATHS.trackers, { trackers: [] }, { tracker_type: 'system' }),
    parts.smn ?? ok('cts', PATHS.notifications('smn'), { notifications: [] }),
    parts.fun ?? ok('cts', PATHS.notifications('fun'), { notifications: [] }),
    ...(parts.topics ?? [ok('smn', PATHS.topics, { topics: [] }, { offset: '0', limit: '100' })]),
    ...(parts.more ?? []),
  ];
}

function snapshot(
  ...places: Array<{ answers: AnswerLike[]; projectId?: string | null; readAt?: string; region?: string; account?: string }>
): Snapshot {
  return {
    kind: 'cts-audit-snapshot',
    schemaVersion: 1,
    createdAt: READ_AT,
    tool: { name: 'cts-audit', version: '0.1.0' },
    cloud: 'myhuaweicloud.com',
    places: places.map((p) => ({
      ...(p.account !== undefined ? { account: p.account } : {}),
      region: p.region ?? REGION,
      ...(p.projectId === null ? {} : { projectId: p.projectId ?? PROJECT }),
      readAt: p.readAt ?? READ_AT,
      answers: p.answers.map((a) => ({ method: 'GET' as const, query: {}, attempts: 1, ...a })),
    })),
  };
}

const input = (...parts: Parameters<typeof answers>): LoadedInput => snapshotToInput(snapshot({ answers: answers(parts[0]) }), 'snap.json');
const ofType = <T extends Element>(i: LoadedInput, type: T['type']) => i.elements.filter((e): e is T => e.type === type);

const base = (address: string, pointer: string) => ({
  scope: `live:${WHERE}`,
  address,
  input: 'live',
  source: { file: 'snap.json', pointer },
  region: known(REGION),
  project: PROJECT,
  readAt: READ_AT,
});

describe('trackers', () => {
  const tracker = (t: Record<string, unknown>) => input({ trackers: ok('cts', PATHS.trackers, { trackers: [t] }) });

  test('every field, from the answer, with where it is in the snapshot', () => {
    const i = input({
      trackers: ok('cts', PATHS.trackers, {
        trackers: [
          { tracker_name: 'data1', tracker_type: 'data', status: 'enabled' },
          {
            tracker_name: 'system',
            tracker_type: 'system',
            status: 'error',
            detail: 'noBucket',
            project_id: PROJECT,
            obs_info: { bucket_name: 'traces', file_prefix_name: 'modelarts' },
            lts: { is_lts_enabled: true },
            is_support_validate: true,
            is_support_trace_files_encryption: true,
            kms_id: 'key-1',
            management_event_selector: { exclude_service: ['KMS', 7, 'ModelArts'] },
          },
        ],
      }),
    });
    expect(ofType<Tracker>(i, 'tracker')).toEqual([
      {
        ...base('cts/tracker/system', '/places/0/answers/0/body/trackers/1'),
        type: 'tracker',
        enabled: known(true),
        status: 'error',
        detail: 'noBucket',
        bucketName: known('traces'),
        ltsEnabled: known(true),
        validateFile: known(true),
        kmsId: known('key-1'),
        excludeServices: known(['KMS', 'ModelArts']),
        filePrefix: known('modelarts'),
      },
    ]);
    // No bucket was read through OBS: that is said once, on the tracker.
    expect(i.diagnostics).toEqual([
      {
        source: { file: 'snap.json', pointer: '/places/0/answers/0/body/trackers/1' },
        message: `the trace bucket traces of ${WHERE} is not checked: it was not read through OBS (a snapshot taken before cts-audit read buckets, or not a valid bucket name); check the account again with --live, or pass the bucket's state (terraform show -json)`,
      },
    ]);
  });

  test('what is missing or of another type is off or unset, never on', () => {
    const [t] = ofType<Tracker>(
      tracker({
        status: 'enabled',
        detail: '',
        obs_info: { bucket_name: '' },
        lts: { is_lts_enabled: 'true' },
        is_support_validate: 'yes',
        is_support_trace_files_encryption: false,
        kms_id: 'key-1',
        management_event_selector: { exclude_service: 'ModelArts' },
      }),
      'tracker',
    );
    expect(t).toEqual({
      ...base('cts/tracker/system', '/places/0/answers/0/body/trackers/0'),
      type: 'tracker',
      enabled: known(true),
      status: 'enabled',
      bucketName: known(undefined),
      ltsEnabled: known(false),
      validateFile: known(false),
      kmsId: known(undefined),
      excludeServices: known([]),
      filePrefix: known(undefined),
    });
  });

  test('a tracker with no type or an empty project id is this project system tracker; another type or project is not', () => {
    const i = input({
      trackers: ok('cts', PATHS.trackers, {
        trackers: [
          { tracker_name: 'a', status: 'enabled' },
          { tracker_name: 'b', status: 'enabled', project_id: '' },
          { tracker_name: 'c', status: 'enabled', tracker_type: 'data' },
          { tracker_name: 'd', status: 'enabled', project_id: '1aed40714227270ba1ba29e35a5ca4e1' },
          { tracker_name: 'e', status: 'enabled', project_id: 42 },
          { status: 'enabled', detail: 7 },
        ],
      }),
    });
    expect(ofType<Tracker>(i, 'tracker').map((t) => [t.address, t.source.pointer, 'detail' in t])).toEqual([
      ['cts/tracker/a', '/places/0/answers/0/body/trackers/0', false],
      ['cts/tracker/b', '/places/0/answers/0/body/trackers/1', false],
      ['cts/tracker/e', '/places/0/answers/0/body/trackers/4', false],
      ['cts/tracker/system', '/places/0/answers/0/body/trackers/5', false],
    ]);
  });

  test.each([
    [
      'an error answer',
      failed('cts', PATHS.trackers, 403, 'CTS.0002'),
      `the CTS trackers of ${WHERE} could not be read: HTTP 403 CTS.0002 (Denied.); grant this identity read access to CTS and SMN in this project`,
    ],
    [
      'an answer of another shape',
      ok('cts', PATHS.trackers, { trackers: { system: {} } }),
      `the CTS trackers of ${WHERE} could not be read: the answer does not have the expected shape`,
    ],
    [
      'a list that is not in an object',
      ok('cts', PATHS.trackers, []),
      `the CTS trackers of ${WHERE} could not be read: the answer does not have the expected shape`,
    ],
  ])('%s: one tracker that stands for them, unreadable, with the reason', (_name, answer, reason) => {
    const [t] = ofType<Tracker>(input({ trackers: answer }), 'tracker');
    const u = unknown(reason);
    expect(t).toEqual({
      ...base('cts/tracker/system', '/places/0/answers/0'),
      type: 'tracker',
      unreadable: reason,
      enabled: u,
      bucketName: u,
      ltsEnabled: u,
      validateFile: u,
      kmsId: u,
      excludeServices: u,
      filePrefix: u,
    });
  });
});

describe('notifications', () => {
  const smn = (...notifications: unknown[]) => input({ smn: ok('cts', PATHS.notifications('smn'), { notifications }) });

  test('every field, from the answer', () => {
    const [n] = ofType<Notification>(
      smn({
        notification_name: 'audit',
        status: 'enabled',
        operation_type: 'customized',
        operations: [
          { service_type: 'ModelArts', resource_type: 'Notebook', trace_names: ['createNotebook', 5, 'deleteNotebook'] },
          { service_type: 'ModelArts', trace_names: ['x'] },
          { resource_type: 'Notebook', trace_names: ['y'] },
          'not an operation',
          { service_type: 'ModelArts', resource_type: 'NotebookApp' },
        ],
        topic_id: URN,
        filter: { is_support_filter: true, rule: ['code != 200'] },
        notify_user_list: [{ user_group: 'secops', user_list: ['alice'] }],
      }),
      'notification',
    );
    expect(n).toEqual({
      ...base('cts/notification/audit', '/places/0/answers/1/body/notifications/0'),
      type: 'notification',
      name: known('audit'),
      enabled: known(true),
      operationType: known('customized'),
      operations: known([
        { service: 'ModelArts', resource: 'Notebook', traceNames: ['createNotebook', 'deleteNotebook'] },
        { service: 'ModelArts', resource: 'NotebookApp', traceNames: [] },
      ]),
      topic: known(URN),
      filtered: known(true),
      userRestricted: known(true),
    });
  });

  test.each([
    ['no filter', {}, false],
    ['a filter turned off, with rules', { filter: { is_support_filter: false, rule: ['code != 200'] } }, false],
    ['a filter turned on, with no rule', { filter: { is_support_filter: true, rule: [] } }, false],
    ['a filter turned on, with rules that are not text', { filter: { is_support_filter: true, rule: [1] } }, false],
    ['a filter turned on by a string', { filter: { is_support_filter: 'true', rule: ['a'] } }, false],
  ])('%s: not filtered', (_name, extra, filtered) => {
    const [n] = ofType<Notification>(smn({ notification_name: 'n', status: 'enabled', ...extra }), 'notification');
    expect(n.filtered).toEqual(known(filtered));
  });

  test('what is missing is unknown or off, never on', () => {
    const [n] = ofType<Notification>(
      smn({ status: 'Enabled', operations: 'all', topic_id: '', notify_user_list: { user_group: 'x' } }),
      'notification',
    );
    expect(n).toEqual({
      ...base('cts/notification/?', '/places/0/answers/1/body/notifications/0'),
      type: 'notification',
      name: unknown('the notification has no name'),
      enabled: known(false),
      operationType: unknown('the notification has no operation_type'),
      operations: known([]),
      topic: known(undefined),
      filtered: known(false),
      userRestricted: known(false),
    });
    expect(ofType<Notification>(smn({ notification_name: 'n', topic_id: 42, notify_user_list: [] }), 'notification')[0]).toMatchObject({
      topic: known(undefined),
      userRestricted: known(false),
    });
  });

  test('an unreadable list: one notification that stands for them, unreadable, with the reason', () => {
    const reason = `the key event notifications of ${WHERE} could not be read: HTTP 500 (Denied.) after 5 attempts; run the check again later`;
    const i = input({ smn: { ...failed('cts', PATHS.notifications('smn'), 500), attempts: 5 } });
    const u = unknown(reason);
    expect(ofType<Notification>(i, 'notification')).toEqual([
      {
        ...base('cts/notifications/smn', '/places/0/answers/1'),
        type: 'notification',
        unreadable: reason,
        name: u,
        enabled: u,
        operationType: u,
        operations: u,
        topic: u,
        filtered: u,
        userRestricted: u,
      },
    ]);
  });

  test('a FunctionGraph notification reaches no topic; when they cannot be read, that is said, and nothing stands for them', () => {
    const fn = 'urn:fss:cn-north-4:p:function:default:alert:latest';
    const i = input({
      fun: ok('cts', PATHS.notifications('fun'), {
        notifications: [
          { notification_name: 'fn', status: 'enabled', operation_type: 'complete', topic_id: fn },
          { notification_name: 'fn2', status: 'enabled', operation_type: 'complete' },
        ],
      }),
    });
    expect(ofType<Notification>(i, 'notification').map((n) => [n.address, n.source.pointer, n.topic, n.functionUrn])).toEqual([
      ['cts/notification-fun/fn', '/places/0/answers/2/body/notifications/0', known(undefined), fn],
      ['cts/notification-fun/fn2', '/places/0/answers/2/body/notifications/1', known(undefined), '(unknown function)'],
    ]);
    const unread = input({ fun: failed('cts', PATHS.notifications('fun'), 403, 'CTS.0002') });
    expect(ofType<Notification>(unread, 'notification')).toEqual([]);
    expect(unread.diagnostics).toEqual([
      {
        source: { file: 'snap.json', pointer: '/places/0/answers/2' },
        message: `the FunctionGraph key event notifications of ${WHERE} could not be read (HTTP 403 CTS.0002 (Denied.); grant this identity read access to CTS and SMN in this project); they would not count for coverage anyway, which needs an SMN topic`,
      },
    ]);
  });
});

describe('topics and subscriptions', () => {
  const page = (topics: unknown[], offset = 0) => ok('smn', PATHS.topics, { topics }, { offset: String(offset), limit: '100' });
  const subscriptions = (urn: string, list: unknown): AnswerLike => ok('smn', PATHS.subscriptions(urn), { subscriptions: list });

  test('topics of every page, by URN; one without a URN is not a topic; one without a name is named by its URN', () => {
    const i = input({ topics: [page([{ topic_urn: URN, name: 'cts_audit' }, { name: 'no_urn' }]), page([{ topic_urn: `${URN}2` }], 100)] });
    expect(ofType<Topic>(i, 'topic')).toEqual([
      { ...base('smn/topic/cts_audit', '/places/0/answers/3/body/topics/0'), type: 'topic', name: known('cts_audit'), urn: known(URN) },
      {
        ...base(`smn/topic/${URN}2`, '/places/0/answers/4/body/topics/0'),
        type: 'topic',
        name: unknown('the topic has no name'),
        urn: known(`${URN}2`),
      },
    ]);
    expect(i.topicListings).toEqual({ [`${REGION}\u0000${PROJECT}`]: true });
  });

  test.each([
    [
      'a page that failed',
      [page([{ topic_urn: URN, name: 'cts_audit' }]), failed('smn', PATHS.topics, 503)],
      'HTTP 503 (Denied.); run the check again later',
    ],
    ['a page of another shape', [ok('smn', PATHS.topics, { topics: 'none' })], 'the answer does not have the expected shape'],
    ['no page at all', [], 'it was not read'],
  ])('%s: the listing is not complete, and says why', (_name, topics, why) => {
    expect(input({ topics }).topicListings).toEqual({
      [`${REGION}\u0000${PROJECT}`]: `the SMN topics of ${WHERE} could not be read: ${why}`,
    });
  });

  test('subscriptions: each field from the answer, the topic from the path where the item has none', () => {
    const i = input({
      more: [
        subscriptions(URN, [
          { topic_urn: URN, subscription_urn: `${URN}:s1`, protocol: 'email', endpoint: 'a@example.com', status: 1 },
          { protocol: 7, status: 0, filter_polices: [{ name: 'level', string_equals: ['high'] }] },
          { subscription_urn: `${URN}:s3`, protocol: 'sms', endpoint: '+86', status: 3 },
          { subscription_urn: `${URN}:s4`, protocol: 'sms', endpoint: '+86', status: '1' },
        ]),
        ok('cts', '/v3/{project_id}/something/subscriptions', { subscriptions: [{ topic_urn: 'x' }] }),
      ],
    });
    expect(ofType<TopicSubscription>(i, 'subscription')).toEqual([
      {
        ...base(`smn/subscription/${URN}:s1`, '/places/0/answers/4/body/subscriptions/0'),
        type: 'subscription',
        topic: known(URN),
        protocol: known('email'),
        endpoint: known('a@example.com'),
        confirmed: true,
        urn: known(`${URN}:s1`),
        filtered: known(false),
      },
      {
        ...base(`smn/subscription/${URN}#1`, '/places/0/answers/4/body/subscriptions/1'),
        type: 'subscription',
        topic: known(URN),
        protocol: unknown('no protocol'),
        endpoint: unknown('no endpoint'),
        confirmed: false,
        filtered: known(true),
      },
      expect.objectContaining({ address: `smn/subscription/${URN}:s3`, confirmed: false }),
      expect.objectContaining({ address: `smn/subscription/${URN}:s4`, confirmed: false }),
    ]);
  });

  test('subscriptions that cannot be read: one element that stands for them, unreadable', () => {
    const i = input({ more: [failed('smn', PATHS.subscriptions(URN), 404, 'SMN.00010008')] });
    const reason = `the subscriptions of topic ${URN} could not be read: HTTP 404 SMN.00010008 (Denied.)`;
    expect(ofType<TopicSubscription>(i, 'subscription')).toEqual([
      {
        ...base(`smn/subscriptions/${URN}`, '/places/0/answers/4'),
        type: 'subscription',
        topic: known(URN),
        protocol: unknown('unreadable'),
        endpoint: unknown('unreadable'),
        unreadable: reason,
      },
    ]);
  });
});

describe('places', () => {
  test('a region whose project was not found: the tracker, notifications and configuration stand unreadable, saying to pass --project-id', () => {
    const lookup = failed('iam', PATHS.projects, 401, 'APIGW.0301', 'Incorrect IAM authentication information');
    const i = snapshotToInput(snapshot({ answers: [lookup], projectId: null }), 'snap.json');
    const reason = `the project of ${REGION} could not be found through IAM (HTTP 401 APIGW.0301 (Incorrect IAM authentication information); check HW_ACCESS_KEY, HW_SECRET_KEY (and HW_SECURITY_TOKEN) and the machine clock); pass --project-id ${REGION}=<project id>`;
    expect(i.elements.map((e) => [e.type, e.address, e.scope, e.source.pointer, (e as { unreadable?: string }).unreadable])).toEqual([
      ['tracker', 'cts/tracker/?', `live:${REGION}/?`, '/places/0/answers/0', reason],
      ['notification', 'cts/notifications/?', `live:${REGION}/?`, '/places/0/answers/0', reason],
      ['configuration', 'cts/configuration/?', `live:${REGION}/?`, '/places/0/answers/0', reason],
    ]);
    expect(i.readings).toEqual([{ region: REGION, readAt: READ_AT }]);
    expect(i.elements[0]).not.toHaveProperty('project');
    const none = snapshotToInput(snapshot({ answers: [], projectId: null }), 'snap.json');
    expect((none.elements[0] as Tracker).unreadable).toBe(
      `the project of ${REGION} could not be found through IAM; pass --project-id ${REGION}=<project id>`,
    );
    expect(none.elements[0].source).toEqual({ file: 'snap.json', pointer: '/places/0' });
  });

  test('of two readings of one place, the newest decides the topic listing, whatever their order in the file', () => {
    const older = { answers: answers({}), readAt: '2026-11-25T11:00:00.000Z' };
    const newer = { answers: answers({ topics: [failed('smn', PATHS.topics, 503)] }), readAt: '2026-11-25T12:00:00.000Z' };
    for (const s of [snapshot(older, newer), snapshot(newer, older)]) {
      expect(snapshotToInput(s, 'snap.json').topicListings?.[`${REGION}\u0000${PROJECT}`]).toMatch(
        /^the SMN topics of .* could not be read/,
      );
    }
    const i = snapshotToInput(snapshot(newer, older), 'snap.json');
    expect(i).toMatchObject({ file: 'snap.json', kind: 'live' });
    expect(i.readings).toEqual([
      { region: REGION, project: PROJECT, readAt: newer.readAt },
      { region: REGION, project: PROJECT, readAt: older.readAt },
    ]);
    // Elements keep their own place in the file.
    expect(ofType<Tracker>(i, 'tracker').map((t) => t.source.pointer)).toEqual([]);
    expect(i.elements.filter((e) => e.type === 'configuration').map((e) => e.source.pointer)).toEqual(['/places/1', '/places/0']);
  });
});

describe('the CTS configuration', () => {
  const configurationOfAnswer = (answer?: AnswerLike) => ofType<CtsConfiguration>(input({ more: answer ? [answer] : [] }), 'configuration');
  const configured = (body: unknown) => configurationOfAnswer(ok('cts', PATHS.configuration, body));
  const unreadable = `the CTS configuration of ${WHERE}, which decides whether read-only operations are reported, `;

  test('every field, from the answer, with where it is in the snapshot', () => {
    expect(configured({ is_support_read_only: true, support_read_only_services: ['ModelArts'], is_sync_global_trace: false })).toEqual([
      {
        ...base('cts/configuration', '/places/0/answers/4'),
        type: 'configuration',
        readOnlyAll: known(true),
        readOnlyServices: known(['ModelArts']),
        syncGlobal: known(false),
      },
    ]);
  });

  test.each([
    ['absent', {}],
    ['null', { support_read_only_services: null }],
  ])('a list of services that is %s is empty, as the provider reads it; an unsaid global sync is unknown', (_name, services) => {
    const [c] = configured({ is_support_read_only: false, ...services });
    expect([c.unreadable, c.readOnlyAll, c.readOnlyServices, c.syncGlobal]).toEqual([
      undefined,
      known(false),
      known([]),
      unknown('the CTS configuration does not say is_sync_global_trace'),
    ]);
  });

  test.each([
    ['services that are not names', { is_support_read_only: true, support_read_only_services: ['ModelArts', 7] }],
    ['services that are not a list', { is_support_read_only: true, support_read_only_services: 'ModelArts' }],
    ['a read-only switch that is not a boolean', { is_support_read_only: 'true', support_read_only_services: [] }],
    ['no read-only switch', { support_read_only_services: ['ModelArts'] }],
    ['a list instead of an object', [{ is_support_read_only: true }]],
  ])('%s: unreadable, because it has not the shape of an answer to trust', (_name, body) => {
    const [c] = configured(body);
    const reason = `${unreadable}could not be read: the answer does not have the expected shape`;
    expect([c.unreadable, c.readOnlyAll, c.readOnlyServices, c.syncGlobal]).toEqual([
      reason,
      unknown(reason),
      unknown(reason),
      unknown(reason),
    ]);
  });

  test.each([
    [
      'a 404 says to check the endpoint',
      failed('cts', PATHS.configuration, 404, 'CTS.0001', 'Not found.'),
      'could not be read: HTTP 404 CTS.0001 (Not found.); check the CTS endpoint (--endpoint cts=URL) and that CTS in this region offers its configuration (GET /v3/{project_id}/configuration)',
    ],
    [
      'a 403 says to grant read access',
      failed('cts', PATHS.configuration, 403),
      'could not be read: HTTP 403 (Denied.); grant this identity read access to CTS and SMN in this project',
    ],
    [
      'an error beside a body is not read',
      { ...ok('cts', PATHS.configuration, { is_support_read_only: true }), error: { message: 'cut' } },
      'could not be read: HTTP 200 (cut)',
    ],
  ])('%s', (_name, answer, why) => {
    expect(configurationOfAnswer(answer)[0].unreadable).toBe(unreadable + why);
  });

  test('a snapshot taken before the configuration was read says so, and where the place is', () => {
    const [c] = configurationOfAnswer();
    expect([c.unreadable, c.source.pointer]).toEqual([
      `${unreadable}was not read (a snapshot taken before cts-audit read it); check the account again with --live`,
      '/places/0',
    ]);
  });
});

describe('other accounts', () => {
  test('a place of another account: every element and reading is labelled with it, and its scope names it', () => {
    const i = snapshotToInput(snapshot({ answers: answers({}), account: 'research' }), 'snap.json');
    expect(i.elements.map((e) => [e.type, e.scope, e.account])).toEqual([['configuration', `live:research/${WHERE}`, 'research']]);
    expect(i.readings).toEqual([{ account: 'research', region: REGION, project: PROJECT, readAt: READ_AT }]);
    const own = snapshotToInput(snapshot({ answers: answers({}) }), 'snap.json');
    expect([own.elements[0].scope, 'account' in own.elements[0], 'account' in own.readings![0]]).toEqual([`live:${WHERE}`, false, false]);
  });

  test('an agency that could not be assumed: nothing of the account was read, and the reason says what to check', () => {
    const assumed = { ...failed('iam', PATHS.securityTokens, 403, 'IAM.0002', 'Forbidden.'), method: 'POST' as const };
    const s = snapshot({ answers: [], projectId: null, account: 'research' });
    s.places[0].answers.push({ query: {}, attempts: 1, ...assumed });
    const i = snapshotToInput(s, 'snap.json');
    const reason =
      'the agency could not be assumed in account research, so nothing of it was read: HTTP 403 IAM.0002 (Forbidden.); check that the agency exists in that account, that it trusts this account, and that this identity may assume it';
    expect(i.elements.map((e) => [e.type, e.scope, (e as { unreadable?: string }).unreadable])).toEqual([
      ['tracker', 'live:research/cn-north-4/?', reason],
      ['notification', 'live:research/cn-north-4/?', reason],
      ['configuration', 'live:research/cn-north-4/?', reason],
    ]);
  });

  test("a region of another account whose project was not found: the reason says to check the region and the agency's IAM access", () => {
    const lookup = failed('iam', PATHS.projects, 403, 'IAM.0003', 'No.');
    const i = snapshotToInput(snapshot({ answers: [lookup], projectId: null, account: 'research' }), 'snap.json');
    expect((i.elements[0] as Tracker).unreadable).toBe(
      `the project of ${REGION} in account research could not be found through IAM (HTTP 403 IAM.0003 (No.); grant this identity read access to CTS and SMN in this project); check the region name, and that the agency may list the account's projects (IAM read access)`,
    );
  });
});

describe('trace buckets', () => {
  const BUCKET = 'cts-traces';
  const OWNER = 'owner-domain';
  type Reads = Partial<Record<BucketRead, { status?: number; body?: unknown; error?: { code?: string; message: string } }>>;
  const obs = (reads: Reads): AnswerLike[] =>
    Object.entries(reads).map(([read, a]) => ({ ...obsRequest(BUCKET, read as BucketRead), ...a }) as AnswerLike);
  const compliant: Reads = {
    acl: { status: 200, body: { Owner: { ID: OWNER }, Grants: [{ Grantee: { ID: OWNER }, Permission: 'FULL_CONTROL' }] } },
    policy: { status: 404, error: { code: 'NoSuchBucketPolicy', message: 'no policy' } },
    versioning: { status: 200, body: { VersionStatus: 'Enabled' } },
    encryption: {
      status: 200,
      body: { Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'key-1' } } },
    },
    lifecycle: { status: 200, body: { Rules: [{ Status: 'Enabled', Prefix: '', Expiration: { Days: 400 } }] } },
    storagePolicy: { status: 200, body: { StorageClass: 'STANDARD' } },
  };
  const trackerWith = (extra: Record<string, unknown> = {}) => ({
    tracker_name: 'system',
    status: 'enabled',
    domain_id: OWNER,
    obs_info: { bucket_name: BUCKET },
    ...extra,
  });
  const bucketOf = (reads: Reads, trackers: unknown[] = [trackerWith()]) => {
    const i = input({ trackers: ok('cts', PATHS.trackers, { trackers }), more: obs(reads) });
    return { i, buckets: ofType<Bucket>(i, 'bucket') };
  };

  test('every setting, from OBS', () => {
    const { i, buckets } = bucketOf(compliant);
    expect(buckets).toEqual([
      {
        ...base(`obs/bucket/${BUCKET}`, '/places/0/answers/4'),
        type: 'bucket',
        name: known(BUCKET),
        acl: known('private'),
        versioning: known(true),
        encryption: known(true),
        sseAlgorithm: known('kms'),
        kmsKeyId: known('key-1'),
        forceDestroy: known(false),
        lifecycleRules: known([{ enabled: true, prefix: '', expirationDays: 400 }]),
        policy: known(undefined),
        policyFormat: known('obs'),
      },
    ]);
    expect(i.diagnostics).toEqual([]);
  });

  test('settings that are not there (404 with their code) are absent; others are unknown, saying why', () => {
    const { buckets } = bucketOf({
      acl: { status: 403, error: { code: 'AccessDenied', message: 'Access Denied' } },
      policy: { status: 200, body: { Policy: '{"Statement":[]}' } },
      versioning: { status: 200, body: { VersionStatus: 'Suspended' } },
      encryption: { status: 404, error: { code: 'NoSuchEncryptionConfiguration', message: 'none' } },
      lifecycle: { status: 404, error: { code: 'NoSuchLifecycleConfiguration', message: 'none' } },
    });
    expect(buckets[0]).toMatchObject({
      acl: unknown(
        `the ACL of bucket ${BUCKET} (${WHERE}) could not be read: HTTP 403 AccessDenied (Access Denied); grant this identity read access to the bucket (OBS ReadOnlyAccess, or a bucket policy allowing its Get actions), or, if the bucket belongs to another account, check it with that account`,
      ),
      policy: known('{"Statement":[]}'),
      versioning: known(false),
      encryption: known(false),
      sseAlgorithm: known(undefined),
      kmsKeyId: known(undefined),
      lifecycleRules: known([]),
    });
  });

  test.each([
    ['a 404 with another code', { status: 404, error: { code: 'NoSuchBucket', message: 'gone' } }, 'HTTP 404 NoSuchBucket (gone)'],
    ['a 404 with no code', { status: 404, error: { message: 'gone' } }, 'HTTP 404 (gone)'],
    [
      'a 403 with the code that means absent elsewhere',
      { status: 403, error: { code: 'NoSuchLifecycleConfiguration', message: 'no' } },
      'HTTP 403 NoSuchLifecycleConfiguration (no)',
    ],
  ])('%s is not "absent"', (_name, answer, why) => {
    const { buckets } = bucketOf({ ...compliant, lifecycle: answer, encryption: answer });
    expect(buckets[0].lifecycleRules).toEqual(
      unknown(expect.stringContaining(`the lifecycle rules of bucket ${BUCKET} (${WHERE}) could not be read: ${why}`)),
    );
    expect(buckets[0].encryption).toEqual(
      unknown(expect.stringContaining(`the default encryption of bucket ${BUCKET} (${WHERE}) could not be read: ${why}`)),
    );
    expect(buckets[0].kmsKeyId).toEqual(buckets[0].encryption);
  });

  test('a read that is missing from the snapshot is unknown, saying it was not read; the policy and its format too', () => {
    const { acl: _acl, policy: _policy, ...rest } = compliant;
    const { buckets } = bucketOf(rest);
    expect(buckets[0].acl).toEqual(unknown(`the ACL of bucket ${BUCKET} (${WHERE}) could not be read: it was not read`));
    expect(buckets[0].policy).toEqual(unknown(`the bucket policy of bucket ${BUCKET} (${WHERE}) could not be read: it was not read`));
    expect(buckets[0].source.pointer).toBe('/places/0');
  });

  test.each([
    ['AES256, no key', { SSEAlgorithm: 'AES256' }, [true, 'AES256', undefined]],
    ['kms', { SSEAlgorithm: 'kms', KMSMasterKeyID: 'k' }, [true, 'kms', 'k']],
    ['an algorithm that only contains aws:kms', { SSEAlgorithm: 'x-aws:kms-y' }, [true, 'x-aws:kms-y', undefined]],
    ['no algorithm', { KMSMasterKeyID: 'k' }, [false, undefined, 'k']],
    ['an empty algorithm', { SSEAlgorithm: '' }, [false, undefined, undefined]],
  ])('default encryption: %s', (_name, rule, [encryption, sse, key]) => {
    const { buckets } = bucketOf({
      ...compliant,
      encryption: { status: 200, body: { Rule: { ApplyServerSideEncryptionByDefault: rule } } },
    });
    expect([buckets[0].encryption, buckets[0].sseAlgorithm, buckets[0].kmsKeyId]).toEqual([known(encryption), known(sse), known(key)]);
  });

  test('lifecycle rules: days as numbers or digit strings; anything else is no number; prefixes and status as given', () => {
    const rules = [
      { Status: 'Enabled', Prefix: 'traces/', Expiration: { Days: '180' }, NoncurrentVersionExpiration: { NoncurrentDays: 30 } },
      { Status: 'Disabled', Expiration: { Days: 'x180' } },
      { Status: 'enabled', Expiration: { Days: '180x' }, NoncurrentVersionExpiration: { NoncurrentDays: Infinity } },
      { Prefix: 7, Expiration: { Days: true } },
      'not a rule',
    ];
    const { buckets } = bucketOf({ ...compliant, lifecycle: { status: 200, body: { Rules: rules } } });
    expect(buckets[0].lifecycleRules).toEqual(
      known([
        { enabled: true, prefix: 'traces/', expirationDays: 180, noncurrentExpirationDays: 30 },
        { enabled: false, prefix: '' },
        { enabled: false, prefix: '' },
        { enabled: false, prefix: '' },
        { enabled: false, prefix: '' },
      ]),
    );
    expect(bucketOf({ ...compliant, lifecycle: { status: 200, body: { Rules: 'none' } } }).buckets[0].lifecycleRules).toEqual(known([]));
  });

  test('a bucket two trackers share is read once; one owned by another account is said, one with no owner or no domain is not', () => {
    const shared = bucketOf(compliant, [trackerWith(), trackerWith({ tracker_name: 'second' })]);
    expect(shared.buckets).toHaveLength(1);
    const other = bucketOf(compliant, [trackerWith({ domain_id: 'tracker-domain' })]);
    expect(other.i.diagnostics).toEqual([
      {
        source: { file: 'snap.json', pointer: '/places/0/answers/4/body' },
        message: `the trace bucket ${BUCKET} of ${WHERE} belongs to another account (owner ${OWNER}, not tracker-domain): its controls are judged from what this account may read of it; the owner's settings decide what is kept`,
      },
    ]);
    for (const trackers of [[trackerWith({ domain_id: '' })], [trackerWith({ domain_id: 7 })]]) {
      expect(bucketOf(compliant, trackers).i.diagnostics).toEqual([]);
    }
    const noOwner = { ...compliant, acl: { status: 200, body: { Grants: [] } } };
    expect(bucketOf(noOwner, [trackerWith({ domain_id: 'tracker-domain' })]).i.diagnostics).toEqual([]);
    const unreadableAcl = {
      ...compliant,
      acl: { status: 403, body: { Owner: { ID: OWNER } }, error: { code: 'AccessDenied', message: 'no' } },
    };
    expect(bucketOf(unreadableAcl, [trackerWith({ domain_id: 'tracker-domain' })]).i.diagnostics).toEqual([]);
  });
});

describe('cannedAcl', () => {
  const owner = { ID: 'me' };
  const grant = (grantee: Record<string, string>, Permission: string) => ({ Grantee: grantee, Permission });
  test.each([
    ['only the owner', [grant(owner, 'FULL_CONTROL')], 'private'],
    ['no grants at all', undefined, 'private'],
    ['everyone may read', [grant({ URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, 'READ')], 'public-read'],
    ['everyone (OBS form) may read', [grant({ Canned: 'Everyone' }, 'READ')], 'public-read'],
    ['everyone may read and write', [grant({ URI: 'AllUsers' }, 'READ'), grant({ URI: 'AllUsers' }, 'WRITE')], 'public-read-write'],
    ['everyone has full control', [grant({ URI: 'AllUsers' }, 'FULL_CONTROL')], 'public-read-write'],
    [
      'everyone may write and read the ACL',
      [grant({ URI: 'AllUsers' }, 'WRITE'), grant({ URI: 'AllUsers' }, 'READ_ACP')],
      'grants READ_ACP, WRITE to everyone',
    ],
    ['a group whose name only ends like everyone', [grant({ URI: 'NotEveryone' }, 'READ')], 'grants READ to NotEveryone'],
    ['authenticated users', [grant({ URI: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers' }, 'READ')], 'authenticated-read'],
    ['the log delivery group', [grant({ URI: 'http://acs.amazonaws.com/groups/s3/LogDelivery' }, 'WRITE')], 'log-delivery-write'],
    ['a group that is none of those', [grant({ URI: 'LogDeliveryGroupX' }, 'WRITE')], 'grants WRITE to LogDeliveryGroupX'],
    ['another account', [grant(owner, 'FULL_CONTROL'), grant({ ID: 'other' }, 'READ')], 'grants READ to account other'],
    ['a grantee without id or group', [grant({}, 'READ')], 'grants READ to an unknown grantee'],
    ['a grant without permission', [{ Grantee: { ID: 'other' } }], 'grants ? to account other'],
  ])('%s', (_name, grants, acl) => {
    expect(cannedAcl({ Owner: owner, ...(grants ? { Grants: grants } : {}) })).toBe(acl);
  });
});

describe('describe (what went wrong with an answer)', () => {
  const answer = (a: Partial<Answer>): Answer => ({ service: 'cts', method: 'GET', path: '/p', query: {}, attempts: 1, ...a });
  test.each([
    ['nothing read', undefined, 'it was not read'],
    ['a body of another shape', answer({ status: 200, body: { x: 1 } }), 'the answer does not have the expected shape'],
    [
      'no answer (a timeout), after retries',
      answer({ error: { message: 'timeout' }, attempts: 5 }),
      'no answer (timeout) after 5 attempts; run the check again later',
    ],
    [
      '401',
      answer({ status: 401, error: { code: 'APIGW.0301', message: 'bad' } }),
      'HTTP 401 APIGW.0301 (bad); check HW_ACCESS_KEY, HW_SECRET_KEY (and HW_SECURITY_TOKEN) and the machine clock',
    ],
    [
      '403 from CTS',
      answer({ status: 403, error: { message: 'no' } }),
      'HTTP 403 (no); grant this identity read access to CTS and SMN in this project',
    ],
    [
      '429',
      answer({ status: 429, error: { code: 'APIG.0308', message: 'slow down' }, attempts: 2 }),
      'HTTP 429 APIG.0308 (slow down) after 2 attempts; run the check again later',
    ],
    ['500', answer({ status: 500, error: { message: '' } }), 'HTTP 500; run the check again later'],
    ['499', answer({ status: 499, error: { message: 'odd' } }), 'HTTP 499 (odd)'],
    ['404', answer({ status: 404, error: { code: 'APIG.0101', message: 'no api' } }), 'HTTP 404 APIG.0101 (no api)'],
    [
      'a null body with an error',
      answer({ status: 502, body: null, error: { message: 'bad gateway' } }),
      'HTTP 502 (bad gateway); run the check again later',
    ],
    ['an error beside a body', answer({ status: 200, body: { x: 1 }, error: { message: 'truncated' } }), 'HTTP 200 (truncated)'],
    [
      '403 from IAM, assuming an agency',
      answer({ service: 'iam', method: 'POST', status: 403, error: { message: 'no' } }),
      'HTTP 403 (no); check that the agency exists in that account, that it trusts this account, and that this identity may assume it',
    ],
    [
      '403 from IAM, reading',
      answer({ service: 'iam', status: 403, error: { message: 'no' } }),
      'HTTP 403 (no); grant this identity read access to CTS and SMN in this project',
    ],
    ['403 from Organizations: no hint', answer({ service: 'organizations', status: 403, error: { message: 'no' } }), 'HTTP 403 (no)'],
    [
      '403 from OBS',
      answer({ service: 'obs', status: 403, error: { code: 'AccessDenied', message: 'no' } }),
      'HTTP 403 AccessDenied (no); grant this identity read access to the bucket (OBS ReadOnlyAccess, or a bucket policy allowing its Get actions), or, if the bucket belongs to another account, check it with that account',
    ],
    ['500 from OBS', answer({ service: 'obs', status: 500, error: { message: '' } }), 'HTTP 500; run the check again later'],
    ['an error with neither code nor message', answer({ status: 400, error: {} as Answer['error'] }), 'HTTP 400'],
  ])('%s', (_name, a, text) => {
    expect(describeAnswer(a)).toBe(text);
  });
});
