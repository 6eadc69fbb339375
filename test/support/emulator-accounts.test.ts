/**
 * The emulator's ListTraces, agencies (temporary credentials) and
 * Organizations, asked through Huawei's SDK: what they answer, and what they
 * refuse, so that the tests built on them can fail.
 */
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';
import { GlobalCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/GlobalCredentials';
import { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient';
import { DefaultHttpClient } from '@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient';
import { DEFAULT_AK, DEFAULT_DOMAIN_ID, DEFAULT_SK, Emulator, startEmulator } from './emulator';
import { trace } from './traces';

const REGION = 'cn-north-4';
const PID = '0b5e2c7a4f1d4c3e9a8b7c6d5e4f3a21';
const MEMBER = 'a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4';
const NOW = new Date('2026-11-25T12:00:00Z');
const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } as never;

type Json = Record<string, unknown> & { httpStatusCode?: number };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
  emulator.addAgency({ domainId: MEMBER, domainName: 'acme-member', name: 'reader', maxDurationSeconds: 3600 });
  emulator.setProjects(REGION, [{ id: PID, name: REGION, domain_id: MEMBER }]);
});
afterAll(async () => {
  await emulator.close();
});

function sdk(service: string, opts: { ak?: string; sk?: string; token?: string; projectId?: string; global?: boolean } = {}): HcClient {
  const endpoint = `${emulator.url}/${service}/${REGION}`;
  const base = opts.global ? new GlobalCredentials() : new BasicCredentials();
  let creds = base.withAk(opts.ak ?? DEFAULT_AK).withSk(opts.sk ?? DEFAULT_SK);
  if (opts.token) creds = creds.withSecurityToken(opts.token);
  if (opts.projectId && creds instanceof BasicCredentials) creds = creds.withProjectId(opts.projectId);
  return new HcClient(new DefaultHttpClient({ logger: silent }, [endpoint])).withCredential(creds).withEndpoints([endpoint]);
}

const send = (
  hc: HcClient,
  method: 'GET' | 'POST',
  url: string,
  queryParams: Record<string, unknown> = {},
  data?: Record<string, unknown>,
) =>
  hc
    .sendRequest<Json>({
      method,
      url,
      contentType: 'application/json',
      queryParams,
      pathParams: {},
      headers: {},
      ...(data !== undefined ? { data } : {}),
    })
    .catch((e: { httpStatusCode: number; errorCode?: string; errorMsg?: string }) => ({
      httpStatusCode: e.httpStatusCode,
      errorCode: e.errorCode,
      errorMsg: e.errorMsg,
    }));

const body = (agency: Record<string, unknown>) => ({ auth: { identity: { methods: ['assume_role'], assume_role: agency } } });

describe('ListTraces', () => {
  beforeEach(() => {
    emulator.setAccount(REGION, PID, {
      traces: [
        ...Array.from({ length: 5 }, (_, i) => trace('createNotebook', { now: NOW, minutesAgo: i + 1 })),
        trace('deleteNotebook', { now: NOW, minutesAgo: 90 }),
      ],
    });
  });
  const cts = () => sdk('cts', { projectId: PID });
  const window = { trace_type: 'system', from: String(NOW.getTime() - 86_400_000), to: String(NOW.getTime()) };

  test('newest first, paged by marker, null on the last page', async () => {
    const first = (await send(cts(), 'GET', '/v3/{project_id}/traces', { ...window, trace_name: 'createNotebook', limit: 2 })) as Json;
    const traces = first.traces as Array<{ time: number; trace_id: string }>;
    expect(traces.map((t) => t.time)).toEqual([NOW.getTime() - 60_000, NOW.getTime() - 120_000]);
    expect(first.meta_data).toEqual({ count: 2, marker: traces[1].trace_id });
    const last = (await send(cts(), 'GET', '/v3/{project_id}/traces', {
      ...window,
      trace_name: 'createNotebook',
      limit: 3,
      next: traces[1].trace_id,
    })) as Json;
    expect((last.traces as unknown[]).length).toBe(3);
    expect(last.meta_data).toEqual({ count: 3, marker: null });
  });

  test('the window is exclusive and defaults to the last hour', async () => {
    const all = (await send(cts(), 'GET', '/v3/{project_id}/traces', { ...window, limit: 200 })) as Json;
    expect((all.traces as unknown[]).length).toBe(6);
    const edge = (await send(cts(), 'GET', '/v3/{project_id}/traces', {
      ...window,
      to: String(NOW.getTime() - 60_000),
      limit: 200,
    })) as Json;
    expect((edge.traces as unknown[]).length).toBe(5);
    const now = new Date();
    emulator.setAccount(REGION, PID, {
      traces: [trace('startNotebook', { now, minutesAgo: 30 }), trace('stopNotebook', { now, minutesAgo: 61 })],
    });
    const hour = (await send(cts(), 'GET', '/v3/{project_id}/traces', { trace_type: 'system', limit: 200 })) as Json;
    expect((hour.traces as Array<{ trace_name: string }>).map((t) => t.trace_name)).toEqual(['startNotebook']);
  });

  test.each<[string, Record<string, unknown>]>([
    ['no trace_type', { limit: 10 }],
    ['a limit over 200', { ...window, limit: 201 }],
    ['a marker of nothing', { ...window, next: 'nope' }],
    ['a time that is not one', { ...window, from: 'yesterday' }],
  ])('%s is 400 CTS.0003', async (_name, query) => {
    expect(await send(cts(), 'GET', '/v3/{project_id}/traces', query)).toMatchObject({ httpStatusCode: 400, errorCode: 'CTS.0003' });
  });
});

describe('temporary credentials through an agency', () => {
  const iam = () => sdk('iam', { global: true });

  test('issued for 900 to the agency maximum seconds, usable with their token only', async () => {
    const answer = (await send(
      iam(),
      'POST',
      '/v3.0/OS-CREDENTIAL/securitytokens',
      {},
      body({ agency_name: 'reader', domain_name: 'acme-member', duration_seconds: 900 }),
    )) as Json;
    expect(answer.httpStatusCode).toBe(201);
    const { access, secret, securitytoken } = answer.credential as Record<string, string>;
    const listed = (await send(sdk('iam', { ak: access, sk: secret, token: securitytoken }), 'GET', '/v3/projects')) as Json;
    expect((listed.projects as Array<{ id: string }>).map((p) => p.id)).toEqual([PID]);
    expect(await send(sdk('iam', { ak: access, sk: secret }), 'GET', '/v3/projects')).toMatchObject({
      httpStatusCode: 401,
      errorCode: 'APIG.0301',
    });
    expect(await send(sdk('iam', { ak: access, sk: secret, token: `${securitytoken}x` }), 'GET', '/v3/projects')).toMatchObject({
      httpStatusCode: 401,
    });
  });

  test.each<[string, Record<string, unknown>, number, string]>([
    ['another method', { auth: { identity: { methods: ['token'], token: { id: 'x' } } } }, 400, 'EMULATOR.BAD_BODY'],
    ['no account', body({ agency_name: 'reader' }), 400, 'EMULATOR.BAD_BODY'],
    ['too short', body({ agency_name: 'reader', domain_id: MEMBER, duration_seconds: 60 }), 400, 'EMULATOR.BAD_BODY'],
    ['longer than the agency grants', body({ agency_name: 'reader', domain_id: MEMBER, duration_seconds: 7200 }), 400, 'EMULATOR.BAD_BODY'],
    ['an agency that is not there', body({ agency_name: 'writer', domain_id: MEMBER }), 403, 'EMULATOR.NO_AGENCY'],
    [
      'the right name, the wrong account id',
      body({ agency_name: 'reader', domain_id: DEFAULT_DOMAIN_ID, domain_name: 'acme-member' }),
      403,
      'EMULATOR.NO_AGENCY',
    ],
  ])('refused: %s', async (_name, request, status, code) => {
    expect(await send(iam(), 'POST', '/v3.0/OS-CREDENTIAL/securitytokens', {}, request)).toMatchObject({
      httpStatusCode: status,
      errorCode: code,
    });
  });

  test('refused project-level (X-Project-Id), and to an account the agency does not trust', async () => {
    expect(
      await send(
        sdk('iam', { projectId: PID }),
        'POST',
        '/v3.0/OS-CREDENTIAL/securitytokens',
        {},
        body({ agency_name: 'reader', domain_id: MEMBER }),
      ),
    ).toMatchObject({ httpStatusCode: 400, errorCode: 'EMULATOR.PROJECT_SCOPED' });
    emulator.setDomain(DEFAULT_AK, 'ffffffffffffffffffffffffffffffff');
    try {
      expect(
        await send(iam(), 'POST', '/v3.0/OS-CREDENTIAL/securitytokens', {}, body({ agency_name: 'reader', domain_id: MEMBER })),
      ).toMatchObject({
        httpStatusCode: 403,
        errorCode: 'EMULATOR.NO_AGENCY',
      });
    } finally {
      emulator.setDomain(DEFAULT_AK, DEFAULT_DOMAIN_ID);
    }
  });
});

describe('Organizations', () => {
  test('the accounts, paged by marker, to the management account only', async () => {
    const accounts = Array.from({ length: 3 }, (_, i) => ({ id: `${i}`.repeat(32), name: `member-${i}` }));
    emulator.setOrganization({ managementDomainId: DEFAULT_DOMAIN_ID, accounts });
    const org = () => sdk('organizations', { global: true });
    const first = (await send(org(), 'GET', '/v1/organizations/accounts', { limit: 2 })) as Json;
    expect((first.accounts as Array<{ id: string; status: string }>).map((a) => [a.id, a.status])).toEqual([
      [accounts[0].id, 'active'],
      [accounts[1].id, 'active'],
    ]);
    expect(first.page_info).toEqual({ next_marker: accounts[1].id, current_count: 2 });
    const last = (await send(org(), 'GET', '/v1/organizations/accounts', { limit: 2, marker: accounts[1].id })) as Json;
    expect(last.page_info).toEqual({ current_count: 1 });
    emulator.setOrganization({ managementDomainId: MEMBER, accounts });
    expect(await send(org(), 'GET', '/v1/organizations/accounts')).toMatchObject({
      httpStatusCode: 403,
      errorCode: 'EMULATOR.NOT_MANAGEMENT',
    });
  });
});
