import { request as httpRequest } from 'node:http';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';
import { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient';
import { DefaultHttpClient } from '@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient';
import type { Logger } from '@huaweicloud/huaweicloud-sdk-core/logger';
import { LogLevel } from '@huaweicloud/huaweicloud-sdk-core/logger';
import { Region } from '@huaweicloud/huaweicloud-sdk-core/region/region';
import {
  AccountState,
  DEFAULT_AK,
  DEFAULT_DOMAIN_ID,
  DEFAULT_SK,
  Emulator,
  IAM_PROJECT,
  ListSubscriptionsItem,
  ListTopicsItem,
  NotificationsResponseBody,
  startEmulator,
  TrackerResponseBody,
} from './emulator';
import { formatSdkDate, signRequest } from './sdk-hmac';

const REGION = 'cn-north-4';
const PID = '0b5e2c7a4f1d4c3e9a8b7c6d5e4f3a21';
const OTHER_PID = '1c6f3d8b5a2e4d4f8b9c0d1e2f3a4b52';
const DOMAIN = '9f8e7d6c5b4a49382716a5b4c3d2e1f0';
const TOKEN = 'SECURITY-TOKEN-must-never-be-recorded';

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

type Json = Record<string, unknown> & { httpStatusCode?: number };

function sdk(endpoint: string, opts: { ak?: string; sk?: string; projectId?: string; token?: string; timeoutMs?: number } = {}): HcClient {
  let creds = new BasicCredentials().withAk(opts.ak ?? DEFAULT_AK).withSk(opts.sk ?? DEFAULT_SK);
  if (opts.projectId !== undefined) creds = creds.withProjectId(opts.projectId);
  if (opts.token !== undefined) creds = creds.withSecurityToken(opts.token);
  const http = new DefaultHttpClient(
    { logger: silent, ...(opts.timeoutMs !== undefined ? { axiosRequestConfig: { timeout: opts.timeoutMs } } : {}) },
    [endpoint],
  );
  return new HcClient(http).withCredential(creds).withEndpoints([endpoint]);
}

function get(
  hc: HcClient,
  url: string,
  queryParams: Record<string, unknown> = {},
  pathParams: Record<string, unknown> = {},
): Promise<Json> {
  return hc.sendRequest<Json>({ method: 'GET', url, contentType: 'application/json', queryParams, pathParams, headers: {} });
}

/** A hand-signed request without the SDK, to see status, headers and raw body. */
function raw(
  emu: Emulator,
  path: string,
  opts: { method?: string; sign?: boolean; sk?: string; date?: Date } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const host = new URL(emu.url).host;
  const q = path.indexOf('?');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    host,
    'x-sdk-date': formatSdkDate(opts.date ?? new Date()),
  };
  if (opts.sign !== false) {
    headers['authorization'] = signRequest(
      {
        method: opts.method ?? 'GET',
        path: q < 0 ? path : path.slice(0, q),
        query: q < 0 ? '' : path.slice(q + 1),
        headers,
        body: Buffer.alloc(0),
      },
      DEFAULT_AK,
      opts.sk ?? DEFAULT_SK,
    );
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${emu.url}${path}`, { method: opts.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function tracker(overrides: Partial<TrackerResponseBody> = {}): TrackerResponseBody {
  return {
    id: 'a7a6d9b0-0000-4000-8000-000000000001',
    tracker_name: 'system',
    tracker_type: 'system',
    status: 'enabled',
    is_support_validate: true,
    kms_id: 'kms-key-1',
    is_support_trace_files_encryption: true,
    lts: { is_lts_enabled: true, log_group_name: 'CTS', log_topic_name: 'system-trace' },
    obs_info: {
      bucket_name: 'audit-bucket',
      file_prefix_name: 'cts',
      is_obs_created: false,
      is_authorized_bucket: true,
      bucket_lifecycle: 0,
      compress_type: 'gzip',
      is_sort_by_service: true,
    },
    management_event_selector: { exclude_service: [] },
    project_id: PID,
    domain_id: DOMAIN,
    create_time: 1700000000000,
    ...overrides,
  };
}

function notification(name: string, type: 'smn' | 'fun'): NotificationsResponseBody {
  return {
    notification_name: name,
    operation_type: 'customized',
    operations: [{ service_type: 'ModelArts', resource_type: 'Notebook', trace_names: ['createNotebook', 'deleteNotebook'] }],
    notify_user_list: [],
    status: 'enabled',
    topic_id: `urn:smn:${REGION}:${PID}:audit`,
    notification_id: `id-${name}`,
    notification_type: type,
    project_id: PID,
    create_time: 1700000000000,
  };
}

function topic(name: string): ListTopicsItem {
  return {
    topic_urn: `urn:smn:${REGION}:${PID}:${name}`,
    name,
    display_name: name.toUpperCase(),
    push_policy: 0,
    enterprise_project_id: '0',
    topic_id: `tid-${name}`,
  };
}

function subscription(topicName: string, i: number): ListSubscriptionsItem {
  return {
    topic_urn: `urn:smn:${REGION}:${PID}:${topicName}`,
    protocol: 'email',
    subscription_urn: `urn:smn:${REGION}:${PID}:${topicName}:sub${i}`,
    owner: PID,
    endpoint: `ops${i}@example.com`,
    remark: '',
    status: 1,
  };
}

function fullState(): AccountState {
  return {
    trackers: [tracker(), tracker({ id: 'd1', tracker_name: 'data1', tracker_type: 'data', status: 'error', detail: 'noBucket' })],
    notifications: { smn: [notification('nb-audit', 'smn'), notification('other', 'smn')], fun: [notification('fn', 'fun')] },
    topics: [topic('audit'), topic('alerts'), topic('misc')],
    subscriptions: { [`urn:smn:${REGION}:${PID}:audit`]: [subscription('audit', 1), subscription('audit', 2), subscription('audit', 3)] },
    operations: [
      { service_type: 'ModelArts', resource_type: 'Notebook', operation_list: ['createNotebook', 'deleteNotebook'] },
      { service_type: 'ModelArts', resource_type: 'NotebookApp', operation_list: ['createNotebookApp'] },
      { service_type: 'ECS', resource_type: 'ecs', operation_list: ['createServer'] },
    ],
    configuration: { is_sync_global_trace: true, is_support_read_only: false, support_read_only_services: ['ModelArts', 'IAM'] },
  };
}

let emu: Emulator;
let cts: HcClient;
let smn: HcClient;

beforeEach(async () => {
  emu = await startEmulator();
  emu.setAccount(REGION, PID, fullState());
  cts = sdk(emu.endpoint('cts', REGION), { projectId: PID });
  smn = sdk(emu.endpoint('smn', REGION), { projectId: PID });
});

afterEach(async () => {
  await emu.close();
});

describe('endpoints', () => {
  test('one server, a prefix per service and region', () => {
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.endpoint('cts', 'ap-southeast-1')).toBe(`${emu.url}/cts/ap-southeast-1`);
  });
});

describe('CTS', () => {
  test('trackers, filtered by tracker_name and tracker_type', async () => {
    const all = await get(cts, '/v3/{project_id}/trackers');
    expect(all.httpStatusCode).toBe(200);
    expect((all['trackers'] as TrackerResponseBody[]).map((t) => t.tracker_name)).toEqual(['system', 'data1']);
    expect(all['trackers']).toEqual(fullState().trackers);

    const byName = await get(cts, '/v3/{project_id}/trackers', { tracker_name: 'system' });
    expect((byName['trackers'] as TrackerResponseBody[]).map((t) => t.id)).toEqual(['a7a6d9b0-0000-4000-8000-000000000001']);
    const byType = await get(cts, '/v3/{project_id}/trackers', { tracker_type: 'data' });
    expect((byType['trackers'] as TrackerResponseBody[]).map((t) => t.tracker_name)).toEqual(['data1']);
    const none = await get(cts, '/v3/{project_id}/trackers', { tracker_name: 'nope' });
    expect(none['trackers']).toEqual([]);
  });

  test('a bad tracker_type is 400 CTS.0202', async () => {
    await expect(get(cts, '/v3/{project_id}/trackers', { tracker_type: 'both' })).rejects.toMatchObject({
      httpStatusCode: 400,
      errorCode: 'CTS.0202',
    });
  });

  test('notifications of type smn and fun, filtered by notification_name', async () => {
    const smnList = await get(cts, '/v3/{project_id}/notifications/smn');
    expect((smnList['notifications'] as NotificationsResponseBody[]).map((n) => n.notification_name)).toEqual(['nb-audit', 'other']);
    const one = await get(cts, '/v3/{project_id}/notifications/smn', { notification_name: 'nb-audit' });
    expect(one['notifications']).toEqual([notification('nb-audit', 'smn')]);
    const fun = await get(cts, '/v3/{project_id}/notifications/fun');
    expect((fun['notifications'] as NotificationsResponseBody[]).map((n) => n.notification_name)).toEqual(['fn']);
    await expect(get(cts, '/v3/{project_id}/notifications/sms')).rejects.toMatchObject({ httpStatusCode: 404, errorCode: 'APIG.0101' });
  });

  test('an account without state answers empty lists', async () => {
    emu.setAccount(REGION, OTHER_PID, {});
    const other = sdk(emu.endpoint('cts', REGION), { projectId: OTHER_PID });
    expect((await get(other, '/v3/{project_id}/trackers'))['trackers']).toEqual([]);
    expect((await get(other, '/v3/{project_id}/notifications/smn'))['notifications']).toEqual([]);
    expect((await get(other, '/v3/{project_id}/operations'))['operations']).toEqual([]);
  });

  test('operations, filtered by service_type and resource_type', async () => {
    const all = await get(cts, '/v3/{project_id}/operations');
    expect(all['operations']).toHaveLength(3);
    const ma = await get(cts, '/v3/{project_id}/operations', { service_type: 'ModelArts' });
    expect((ma['operations'] as Array<{ resource_type: string }>).map((o) => o.resource_type)).toEqual(['Notebook', 'NotebookApp']);
    const nb = await get(cts, '/v3/{project_id}/operations', { service_type: 'ModelArts', resource_type: 'Notebook' });
    expect(nb['operations']).toEqual([
      { service_type: 'ModelArts', resource_type: 'Notebook', operation_list: ['createNotebook', 'deleteNotebook'] },
    ]);
  });

  test('the configuration, as the state holds it; a state without one answers 404 APIG.0101 (the default is not documented)', async () => {
    const answer = await get(cts, '/v3/{project_id}/configuration');
    const { httpStatusCode, ...body } = answer;
    expect({ httpStatusCode, body }).toEqual({ httpStatusCode: 200, body: fullState().configuration });
    emu.setAccount(REGION, OTHER_PID, {});
    const other = sdk(emu.endpoint('cts', REGION), { projectId: OTHER_PID });
    await expect(get(other, '/v3/{project_id}/configuration')).rejects.toMatchObject({ httpStatusCode: 404, errorCode: 'APIG.0101' });
  });

  test('an unknown project is 403 CTS.0012', async () => {
    const stranger = sdk(emu.endpoint('cts', REGION), { projectId: 'ffffffffffffffffffffffffffffffff' });
    await expect(get(stranger, '/v3/{project_id}/trackers')).rejects.toMatchObject({ httpStatusCode: 403, errorCode: 'CTS.0012' });
    // The same project in another region is another account.
    const elsewhere = sdk(emu.endpoint('cts', 'ap-southeast-1'), { projectId: PID });
    await expect(get(elsewhere, '/v3/{project_id}/trackers')).rejects.toMatchObject({ httpStatusCode: 403, errorCode: 'CTS.0012' });
  });

  test('state is copied: changing the object after setAccount changes nothing', async () => {
    const state = fullState();
    emu.setAccount(REGION, OTHER_PID, state);
    state.trackers?.pop();
    const other = sdk(emu.endpoint('cts', REGION), { projectId: OTHER_PID });
    expect((await get(other, '/v3/{project_id}/trackers'))['trackers']).toHaveLength(2);
  });
});

describe('SMN', () => {
  test('topics with topic_count, default paging, offset and limit', async () => {
    const all = await get(smn, '/v2/{project_id}/notifications/topics');
    expect(all).toMatchObject({ httpStatusCode: 200, topic_count: 3 });
    expect(all['request_id']).toMatch(/^[0-9a-f]{32}$/);
    expect(all['topics']).toEqual([topic('audit'), topic('alerts'), topic('misc')]);

    const page = await get(smn, '/v2/{project_id}/notifications/topics', { offset: 1, limit: 1 });
    expect(page['topic_count']).toBe(3);
    expect(page['topics']).toEqual([topic('alerts')]);

    const byName = await get(smn, '/v2/{project_id}/notifications/topics', { name: 'misc' });
    expect(byName).toMatchObject({ topic_count: 1, topics: [topic('misc')] });
  });

  test('limit defaults to 100 and may not exceed 100', async () => {
    emu.setAccount(REGION, OTHER_PID, { topics: Array.from({ length: 150 }, (_, i) => topic(`t${i}`)) });
    const other = sdk(emu.endpoint('smn', REGION), { projectId: OTHER_PID });
    const first = await get(other, '/v2/{project_id}/notifications/topics');
    expect(first['topic_count']).toBe(150);
    expect(first['topics']).toHaveLength(100);
    const second = await get(other, '/v2/{project_id}/notifications/topics', { offset: 100 });
    expect((second['topics'] as ListTopicsItem[]).map((t) => t.name)[0]).toBe('t100');
    expect(second['topics']).toHaveLength(50);
    for (const limit of [0, 101, -1, 'x']) {
      await expect(get(other, '/v2/{project_id}/notifications/topics', { limit })).rejects.toMatchObject({
        httpStatusCode: 400,
        errorCode: 'SMN.0015',
      });
    }
  });

  test('subscriptions of a topic, with paging; the URN travels as a path parameter', async () => {
    const urn = `urn:smn:${REGION}:${PID}:audit`;
    const all = await get(smn, '/v2/{project_id}/notifications/topics/{topic_urn}/subscriptions', {}, { topic_urn: urn });
    expect(all).toMatchObject({ httpStatusCode: 200, subscription_count: 3 });
    expect(all['subscriptions']).toEqual([subscription('audit', 1), subscription('audit', 2), subscription('audit', 3)]);
    const page = await get(
      smn,
      '/v2/{project_id}/notifications/topics/{topic_urn}/subscriptions',
      { offset: 2, limit: 5 },
      { topic_urn: urn },
    );
    expect(page).toMatchObject({ subscription_count: 3, subscriptions: [subscription('audit', 3)] });
    // A topic with no subscriptions entry has none.
    const alerts = await get(
      smn,
      '/v2/{project_id}/notifications/topics/{topic_urn}/subscriptions',
      {},
      {
        topic_urn: `urn:smn:${REGION}:${PID}:alerts`,
      },
    );
    expect(alerts).toMatchObject({ subscription_count: 0, subscriptions: [] });
    // A percent-encoded URN names the same topic (APIG decodes each segment before re-encoding it)...
    const encoded = await raw(emu, `/smn/${REGION}/v2/${PID}/notifications/topics/${encodeURIComponent(urn)}/subscriptions`);
    expect(encoded.status).toBe(200);
    expect(JSON.parse(encoded.body).subscription_count).toBe(3);
    // ...but the SDK signs the path as given without decoding it first ("%3A" → "%253A"), so a
    // pre-encoded path parameter fails verification: pass URNs raw in pathParams, as SmnClient does.
    await expect(get(smn, `/v2/{project_id}/notifications/topics/${encodeURIComponent(urn)}/subscriptions`)).rejects.toMatchObject({
      httpStatusCode: 401,
      errorCode: 'APIG.0301',
    });
  });

  test('a topic not in the account is 404 SMN.00010008', async () => {
    const err = await get(
      smn,
      '/v2/{project_id}/notifications/topics/{topic_urn}/subscriptions',
      {},
      {
        topic_urn: `urn:smn:${REGION}:${PID}:gone`,
      },
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ httpStatusCode: 404, errorCode: 'SMN.00010008' });
    expect((err as { requestId?: string }).requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  test('optionally 400, as the Terraform provider expects', async () => {
    const e400 = await startEmulator({ smnTopicNotFoundStatus: 400 });
    try {
      e400.setAccount(REGION, PID, fullState());
      const c = sdk(e400.endpoint('smn', REGION), { projectId: PID });
      await expect(
        get(c, '/v2/{project_id}/notifications/topics/{topic_urn}/subscriptions', {}, { topic_urn: 'urn:smn:x:y:z' }),
      ).rejects.toMatchObject({ httpStatusCode: 400, errorCode: 'SMN.00010008' });
    } finally {
      await e400.close();
    }
  });

  test('an unknown project is 403', async () => {
    const stranger = sdk(emu.endpoint('smn', REGION), { projectId: 'ffffffffffffffffffffffffffffffff' });
    await expect(get(stranger, '/v2/{project_id}/notifications/topics')).rejects.toMatchObject({ httpStatusCode: 403 });
  });
});

describe('IAM', () => {
  test('projects, filtered by name, in the KeystoneListProjects shape', async () => {
    emu.setProjects(REGION, [
      { id: PID, name: REGION, domain_id: DOMAIN },
      { id: OTHER_PID, name: `${REGION}_sub` },
    ]);
    const iam = sdk(emu.endpoint('iam', REGION));
    const all = await get(iam, '/v3/projects');
    expect(all['projects']).toHaveLength(2);
    const one = await get(iam, '/v3/projects', { name: REGION });
    expect(one['projects']).toEqual([
      {
        id: PID,
        name: REGION,
        domain_id: DOMAIN,
        enabled: true,
        is_domain: false,
        parent_id: DOMAIN,
        description: '',
        links: { self: `${emu.endpoint('iam', REGION)}/v3/projects/${PID}` },
      },
    ]);
    expect(one['links']).toEqual({ self: `${emu.endpoint('iam', REGION)}/v3/projects?name=${REGION}`, previous: null, next: null });
    const sub = await get(iam, '/v3/projects', { name: `${REGION}_sub` });
    expect((sub['projects'] as Array<{ domain_id: string }>)[0].domain_id).toBe(DEFAULT_DOMAIN_ID);
    expect((await get(sdk(emu.endpoint('iam', 'eu-west-101')), '/v3/projects'))['projects']).toEqual([]);
  });

  test("the SDK resolves {project_id} through the emulator's IAM when given a region", async () => {
    const ak = 'REGIONRESOLVEAK00001'; // the SDK caches project ids per AK and region
    const emuWithAk = await startEmulator({ credentials: { [ak]: DEFAULT_SK } });
    try {
      emuWithAk.setProjects('global', [{ id: PID, name: REGION }]);
      emuWithAk.setAccount(REGION, PID, fullState());
      const creds = new BasicCredentials().withAk(ak).withSk(DEFAULT_SK).withIamEndpoint(emuWithAk.endpoint('iam', 'global'));
      const endpoint = emuWithAk.endpoint('cts', REGION);
      const hc = new HcClient(new DefaultHttpClient({ logger: silent }, [endpoint]))
        .withCredential(creds)
        .withEndpoints([endpoint])
        .withRegion(new Region(REGION, endpoint));
      const res = await get(hc, '/v3/{project_id}/trackers');
      expect(res['trackers']).toHaveLength(2);
      expect(emuWithAk.requests.map((r) => `${r.service} ${r.path} ${r.status}`)).toEqual([
        `iam /v3/projects 200`,
        `cts /v3/${PID}/trackers 200`,
      ]);
      expect(emuWithAk.requests[0].query).toEqual({ name: REGION });
    } finally {
      await emuWithAk.close();
    }
  });
});

describe('API Gateway behaviour', () => {
  test('unknown routes, methods and services are 404 APIG.0101', async () => {
    await expect(get(cts, '/v3/{project_id}/quotas')).rejects.toMatchObject({ httpStatusCode: 404, errorCode: 'APIG.0101' });
    await expect(
      cts.sendRequest({
        method: 'POST',
        url: '/v3/{project_id}/trackers',
        contentType: 'application/json',
        queryParams: {},
        pathParams: {},
        headers: {},
        data: {},
      }),
    ).rejects.toMatchObject({ httpStatusCode: 404, errorCode: 'APIG.0101' });
    await expect(get(sdk(`${emu.url}/obs/${REGION}`, { projectId: PID }), '/v3/{project_id}/trackers')).rejects.toMatchObject({
      httpStatusCode: 404,
      errorCode: 'APIG.0101',
    });
    const res = await raw(emu, '/');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({
      error_code: 'APIG.0101',
      error_msg: 'The API does not exist or has not been published in the environment',
    });
  });

  test('a wrong SK is 401 APIG.0301 "verify aksk signature fail"', async () => {
    const bad = sdk(emu.endpoint('cts', REGION), { projectId: PID, sk: DEFAULT_SK + 'x' });
    const err = await get(bad, '/v3/{project_id}/trackers').catch((e: unknown) => e);
    expect(err).toMatchObject({ httpStatusCode: 401, errorCode: 'APIG.0301' });
    expect((err as { errorMsg: string }).errorMsg).toBe('Incorrect IAM authentication information: verify aksk signature fail');
    expect(emu.counts(REGION, PID)).toBe(0); // rejected before the account
  });

  test('an unknown AK, an unsigned request and a stale date are 401 APIG.0301', async () => {
    await expect(
      get(sdk(emu.endpoint('cts', REGION), { projectId: PID, ak: 'UNKNOWNAK' }), '/v3/{project_id}/trackers'),
    ).rejects.toMatchObject({
      httpStatusCode: 401,
      errorCode: 'APIG.0301',
    });
    const unsigned = await raw(emu, `/cts/${REGION}/v3/${PID}/trackers`, { sign: false });
    expect(unsigned.status).toBe(401);
    expect(JSON.parse(unsigned.body)).toMatchObject({ error_code: 'APIG.0301', request_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const stale = await raw(emu, `/cts/${REGION}/v3/${PID}/trackers`, { date: new Date(Date.now() - 16 * 60 * 1000) });
    expect(stale.status).toBe(401);
    expect(JSON.parse(stale.body).error_msg).toMatch(/expired/);
    const fresh = await raw(emu, `/cts/${REGION}/v3/${PID}/trackers?tracker_name=system`);
    expect(fresh.status).toBe(200);
  });

  test('the server clock is an option', async () => {
    const skewed = await startEmulator({ now: () => new Date(Date.now() + 20 * 60 * 1000) });
    try {
      skewed.setAccount(REGION, PID, {});
      await expect(get(sdk(skewed.endpoint('cts', REGION), { projectId: PID }), '/v3/{project_id}/trackers')).rejects.toMatchObject({
        httpStatusCode: 401,
        errorCode: 'APIG.0301',
        errorMsg: expect.stringMatching(/expired/),
      });
    } finally {
      await skewed.close();
    }
  });

  test('X-Project-Id must match the project in the path', async () => {
    emu.setAccount(REGION, OTHER_PID, {});
    await expect(get(cts, `/v3/${OTHER_PID}/trackers`)).rejects.toMatchObject({ httpStatusCode: 401, errorCode: 'APIG.0301' });
  });

  test('every answer is JSON with x-request-id', async () => {
    for (const path of [`/cts/${REGION}/v3/${PID}/trackers`, `/smn/${REGION}/v2/${PID}/notifications/topics`, `/cts/${REGION}/nope`]) {
      const res = await raw(emu, path);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(() => JSON.parse(res.body) as unknown).not.toThrow();
    }
  });
});

describe('faults', () => {
  test('throttle: the first `times` requests are 429 APIG.0308 with Retry-After, then normal', async () => {
    emu.setAccount(REGION, PID, { ...fullState(), faults: { throttle: { times: 2, retryAfterSeconds: 7 } } });
    const first = await raw(emu, `/cts/${REGION}/v3/${PID}/trackers`);
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('7');
    expect(JSON.parse(first.body)).toEqual({
      error_code: 'APIG.0308',
      error_msg: 'The request is throttled',
      request_id: first.headers['x-request-id'],
    });
    // Counted across routes of the account.
    await expect(get(smn, '/v2/{project_id}/notifications/topics')).rejects.toMatchObject({ httpStatusCode: 429, errorCode: 'APIG.0308' });
    expect((await get(cts, '/v3/{project_id}/trackers')).httpStatusCode).toBe(200);
    expect(emu.counts(REGION, PID)).toBe(3);
  });

  test('fail: the first `times` requests fail with 503 (or the given status), then normal', async () => {
    emu.setAccount(REGION, PID, { ...fullState(), faults: { fail: { times: 1 } } });
    await expect(get(cts, '/v3/{project_id}/trackers')).rejects.toMatchObject({ httpStatusCode: 503 });
    expect((await get(cts, '/v3/{project_id}/trackers')).httpStatusCode).toBe(200);

    emu.setAccount(REGION, PID, { ...fullState(), faults: { fail: { times: 2, status: 500 } } });
    await expect(get(cts, '/v3/{project_id}/trackers')).rejects.toMatchObject({ httpStatusCode: 500 });
    await expect(get(cts, '/v3/{project_id}/trackers')).rejects.toMatchObject({ httpStatusCode: 500 });
    expect((await get(cts, '/v3/{project_id}/trackers')).httpStatusCode).toBe(200);
  });

  test('throttle then fail, in sequence', async () => {
    emu.setAccount(REGION, PID, { ...fullState(), faults: { throttle: { times: 1 }, fail: { times: 1 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await raw(emu, `/cts/${REGION}/v3/${PID}/trackers`)).status);
    expect(statuses).toEqual([429, 503, 200]);
  });

  test('error: every request answers it', async () => {
    emu.setAccount(REGION, PID, {
      ...fullState(),
      faults: { error: { status: 403, error_code: 'CTS.0002', error_msg: 'Permission denied.' } },
    });
    for (let i = 0; i < 2; i++) {
      await expect(get(cts, '/v3/{project_id}/trackers')).rejects.toMatchObject({
        httpStatusCode: 403,
        errorCode: 'CTS.0002',
        errorMsg: 'Permission denied.',
      });
    }
    await expect(get(smn, '/v2/{project_id}/notifications/topics')).rejects.toMatchObject({ httpStatusCode: 403, errorCode: 'CTS.0002' });
  });

  test('malformed: 200 with a truncated JSON body', async () => {
    emu.setAccount(REGION, PID, { ...fullState(), faults: { malformed: true } });
    const res = await raw(emu, `/cts/${REGION}/v3/${PID}/trackers`);
    expect(res.status).toBe(200);
    expect(res.body.startsWith('{"trackers":[')).toBe(true);
    expect(() => JSON.parse(res.body) as unknown).toThrow();
    // The SDK (axios' silent JSON parsing) turns an unparsable body into an empty answer.
    const viaSdk = await get(cts, '/v3/{project_id}/trackers');
    expect(viaSdk).toEqual({ httpStatusCode: 200 });
  });

  test('bodyText: 200 with that body as it is', async () => {
    emu.setAccount(REGION, PID, { ...fullState(), faults: { bodyText: '5' } });
    const res = await raw(emu, `/cts/${REGION}/v3/${PID}/trackers`);
    expect([res.status, res.body]).toEqual([200, '5']);
  });

  test('hangUp: the socket is destroyed without an answer', async () => {
    emu.setAccount(REGION, PID, { ...fullState(), faults: { hangUp: true } });
    const err = await get(cts, '/v3/{project_id}/trackers').catch((e: unknown) => e);
    expect(err).toMatchObject({ httpStatusCode: undefined });
    expect((err as { errorMsg?: string }).errorMsg).toMatch(/socket hang up|ECONNRESET/);
    expect(emu.requests.at(-1)).toMatchObject({ service: 'cts', status: 0 });
  });

  test('stallMs delays the answer past a client timeout', async () => {
    emu.setAccount(REGION, PID, { ...fullState(), faults: { stallMs: 400 } });
    const impatient = sdk(emu.endpoint('cts', REGION), { projectId: PID, timeoutMs: 100 });
    await expect(get(impatient, '/v3/{project_id}/trackers')).rejects.toMatchObject({ errorMsg: expect.stringMatching(/timeout/) });
  });

  test('latencyMs delays every answer', async () => {
    emu.setAccount(REGION, PID, { ...fullState(), faults: { latencyMs: 120 } });
    const started = Date.now();
    await get(cts, '/v3/{project_id}/trackers');
    await get(smn, '/v2/{project_id}/notifications/topics');
    expect(Date.now() - started).toBeGreaterThanOrEqual(230);
  });

  test('faults belong to one (region, project); setAccount restarts the fault window', async () => {
    emu.setAccount(REGION, OTHER_PID, { faults: { fail: { times: 5 } } });
    expect((await get(cts, '/v3/{project_id}/trackers')).httpStatusCode).toBe(200);
    const other = sdk(emu.endpoint('cts', REGION), { projectId: OTHER_PID });
    await expect(get(other, '/v3/{project_id}/trackers')).rejects.toMatchObject({ httpStatusCode: 503 });
    emu.setAccount(REGION, PID, { ...fullState(), faults: { fail: { times: 1 } } });
    await expect(get(cts, '/v3/{project_id}/trackers')).rejects.toMatchObject({ httpStatusCode: 503 });
    expect(emu.counts(REGION, PID)).toBe(2);
    expect(emu.counts(REGION, OTHER_PID)).toBe(1);
    expect(emu.counts(REGION, 'nobody')).toBe(0);
  });

  test('IAM faults live under IAM_PROJECT', async () => {
    emu.setProjects(REGION, [{ id: PID, name: REGION }]);
    emu.setAccount(REGION, IAM_PROJECT, { faults: { throttle: { times: 1 } } });
    const iam = sdk(emu.endpoint('iam', REGION));
    await expect(get(iam, '/v3/projects')).rejects.toMatchObject({ httpStatusCode: 429, errorCode: 'APIG.0308' });
    expect((await get(iam, '/v3/projects'))['projects']).toHaveLength(1);
    expect(emu.counts(REGION, IAM_PROJECT)).toBe(2);
  });

  test('close() does not wait for stalled requests', async () => {
    const stalled = await startEmulator();
    stalled.setAccount(REGION, PID, { faults: { stallMs: 60_000 } });
    const pending = get(sdk(stalled.endpoint('cts', REGION), { projectId: PID }), '/v3/{project_id}/trackers').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await stalled.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toMatchObject({ httpStatusCode: undefined });
  });
});

describe('recorded requests', () => {
  test('hold service, region, method, path, query, status and AK', async () => {
    await get(cts, '/v3/{project_id}/trackers', { tracker_name: 'system' });
    await get(sdk(emu.endpoint('cts', REGION), { projectId: PID, sk: 'wrong' }), '/v3/{project_id}/operations').catch(() => undefined);
    expect(emu.requests).toEqual([
      {
        service: 'cts',
        region: REGION,
        method: 'GET',
        path: `/v3/${PID}/trackers`,
        query: { tracker_name: 'system' },
        status: 200,
        ak: DEFAULT_AK,
        projectId: PID,
        requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
      {
        service: 'cts',
        region: REGION,
        method: 'GET',
        path: `/v3/${PID}/operations`,
        query: {},
        status: 401,
        ak: DEFAULT_AK,
        requestId: expect.any(String),
      },
    ]);
  });

  test('hold no secret: no SK, no Authorization, no security token', async () => {
    const withToken = sdk(emu.endpoint('smn', REGION), { projectId: PID, token: TOKEN });
    await get(withToken, '/v2/{project_id}/notifications/topics');
    await get(
      withToken,
      '/v2/{project_id}/notifications/topics/{topic_urn}/subscriptions',
      {},
      {
        topic_urn: `urn:smn:${REGION}:${PID}:audit`,
      },
    );
    await get(sdk(emu.endpoint('cts', REGION), { projectId: PID, token: TOKEN, sk: 'wrong-secret' }), '/v3/{project_id}/trackers').catch(
      () => undefined,
    );
    await raw(emu, `/cts/${REGION}/v3/${PID}/trackers`);
    expect(emu.requests).toHaveLength(4);
    const recorded = JSON.stringify(emu.requests);
    for (const secret of [DEFAULT_SK, 'wrong-secret', TOKEN, 'SDK-HMAC-SHA256', 'Access=', 'Signature=', 'SignedHeaders']) {
      expect(recorded).not.toContain(secret);
    }
    for (const r of emu.requests) {
      expect(Object.keys(r).sort()).toEqual(
        ['ak', 'method', 'path', 'query', 'region', 'requestId', 'service', 'status', ...('projectId' in r ? ['projectId'] : [])].sort(),
      );
    }
  });
});
