/**
 * A test emulator of the Huawei Cloud APIs cts-audit reads: CTS v3 (trackers,
 * key event notifications, operations, configuration), SMN v2 (topics, subscriptions),
 * IAM v3 (projects), and OBS (bucket ACL, policy, versioning, encryption,
 * lifecycle and storage class, on a second port, signatures checked by
 * ./obs-sign). One HTTP server on 127.0.0.1 serves every other service and
 * region under a path prefix, `/{service}/{region}/...`; clients get these
 * prefixes as endpoint overrides (the real cloud uses hosts such as
 * cts.{region}.myhuaweicloud.com).
 *
 * It behaves like API Gateway in front of the services: an unknown route is
 * 404 APIG.0101, and every request must carry a valid SDK-HMAC-SHA256
 * signature (checked by ./sdk-hmac, not by the SDK) or it is 401 APIG.0301.
 * Accounts are keyed by (region, project id); each holds plain-JSON state
 * (so scenario files can hold it) including injectable faults.
 *
 * Shapes follow the Node SDK models (huaweicloud/huaweicloud-sdk-nodejs-v3):
 * CTS `services/cts/v3/model/*`, SMN `services/smn/v2/model/ListTopicsResponse.ts`,
 * `ListTopicsItem.ts`, `ListSubscriptionsByTopicResponse.ts`,
 * `ListSubscriptionsItem.ts`, paths from `services/smn/v2/SmnClient.ts`; IAM
 * `core/internal/services/iam.service.ts`, `core/internal/model/
 * KeystoneListProjectsResponse.ts`, `ProjectResult.ts`, `Links.ts`.
 *
 * Test-only: Node's http and crypto, no dependencies. Never records
 * Authorization, X-Security-Token or any other header.
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { verifyObs } from './obs-sign';
import { parseQuery, verifySignature } from './sdk-hmac';

/** The bucket sub-resources the OBS emulator answers. */
const OBS_READS = new Set(['acl', 'policy', 'versioning', 'encryption', 'lifecycle', 'storagePolicy', 'storageClass']);

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

// ---------------------------------------------------------------------------------------------
// Account state (plain JSON)

export type TrackerStatus = 'enabled' | 'disabled' | 'error';

/** CTS v3 TrackerResponseBody (ListTrackers). */
export interface TrackerResponseBody {
  id: string;
  tracker_name: string;
  tracker_type: 'system' | 'data';
  status: TrackerStatus;
  /** With status "error": bucketPolicyError | noBucket | arrears. */
  detail?: string;
  is_support_validate: boolean;
  kms_id: string;
  is_support_trace_files_encryption: boolean;
  lts: { is_lts_enabled: boolean; log_group_name: string; log_topic_name: string };
  obs_info: {
    bucket_name: string;
    file_prefix_name: string;
    is_obs_created: boolean;
    is_authorized_bucket: boolean;
    bucket_lifecycle: number;
    compress_type: 'gzip' | 'json';
    is_sort_by_service: boolean;
  };
  management_event_selector: { exclude_service: string[] };
  project_id: string;
  domain_id: string;
  create_time: number;
  is_organization_tracker?: boolean;
  agency_name?: string;
  group_id?: string;
  stream_id?: string;
  data_bucket?: { data_bucket_name?: string; search_enabled?: boolean; data_event?: string[] };
  [extra: string]: unknown;
}

/** CTS v3 NotificationsResponseBody (ListNotifications). */
export interface NotificationsResponseBody {
  notification_name: string;
  operation_type: 'complete' | 'customized';
  operations: Array<{ service_type: string; resource_type: string; trace_names: string[] }>;
  notify_user_list: Array<{ user_group: string; user_list: string[] }>;
  status: 'enabled' | 'disabled';
  /** SMN topic URN (or FunctionGraph URN for "fun"). */
  topic_id: string;
  notification_id: string;
  notification_type: 'smn' | 'fun';
  project_id: string;
  create_time: number;
  filter?: { condition: 'AND' | 'OR'; is_support_filter: boolean; rule: string[] };
  agency_name?: string;
  [extra: string]: unknown;
}

/** SMN v2 ListTopicsItem. */
export interface ListTopicsItem {
  topic_urn: string;
  name: string;
  display_name: string;
  push_policy: number;
  enterprise_project_id: string;
  topic_id: string;
  create_time?: string;
  update_time?: string;
  [extra: string]: unknown;
}

/** SMN v2 ListSubscriptionsItem (note the SDK's spelling `filter_polices`). */
export interface ListSubscriptionsItem {
  topic_urn: string;
  protocol: string;
  subscription_urn: string;
  owner: string;
  endpoint: string;
  remark: string;
  /** 0 unconfirmed, 1 confirmed, 3 cancelled. */
  status: number;
  filter_polices?: Array<{ name: string; string_equals: string[] }>;
  extension?: Record<string, unknown>;
  [extra: string]: unknown;
}

/**
 * CTS v3 ShowConfiguration answer (`GET /v3/{project_id}/configuration`, the
 * provider's `huaweicloud_cts_configuration`): whether read-only audit logs
 * are reported, for every service or for the services listed.
 */
export interface CtsConfigurationBody {
  is_sync_global_trace: boolean;
  is_support_read_only: boolean;
  /** Takes effect only when is_support_read_only is false. */
  support_read_only_services?: string[];
  [extra: string]: unknown;
}

export interface OperationsItem {
  service_type: string;
  resource_type: string;
  operation_list: string[];
}

export interface Faults {
  /** The first `times` requests answer 429 APIG.0308 with Retry-After. */
  throttle?: { times: number; retryAfterSeconds?: number };
  /** The next `times` requests (after any throttled ones) answer `status` (default 503). */
  fail?: { times: number; status?: number };
  /** Delay every answer by this much. */
  stallMs?: number;
  /** Delay every answer by this much (for benchmarks). */
  latencyMs?: number;
  /** Answer 200 with a truncated JSON body. */
  malformed?: boolean;
  /** Answer every request with this error (e.g. 403 CTS.0002). */
  error?: { status: number; error_code: string; error_msg: string };
  /** Answer the requests whose path ends with `pathEndsWith` with this error; others as usual. */
  errorsByPath?: Array<{ pathEndsWith: string; error: { status: number; error_code: string; error_msg: string } }>;
  /** Destroy the socket without answering. */
  hangUp?: boolean;
  /** Answer every request with a 307 redirect to this URL. */
  redirectTo?: string;
}

/** A grant of a bucket ACL beside the owner's own FULL_CONTROL. */
export interface ObsGrant {
  grantee: { id?: string; uri?: string };
  permission: 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP' | 'FULL_CONTROL';
}

/**
 * An OBS bucket, answered as OBS answers its sub-resources (XML, the policy
 * as JSON). A setting left out is not set: OBS answers 404 with its code
 * (NoSuchBucketPolicy, NoSuchEncryptionConfiguration, NoSuchLifecycleConfiguration).
 */
export interface ObsBucketState {
  /** The owner's domain (account) id. Default DEFAULT_DOMAIN_ID. Another account's requests are 403 AccessDenied. */
  owner?: string;
  grants?: ObsGrant[];
  /** The bucket policy, as JSON text. */
  policy?: string;
  versioning?: 'Enabled' | 'Suspended';
  encryption?: { algorithm: 'kms' | 'AES256'; kmsKeyId?: string };
  lifecycle?: Array<{ id: string; prefix: string; status: 'Enabled' | 'Disabled'; expirationDays?: number; noncurrentDays?: number }>;
  /** STANDARD (default), WARM or COLD. */
  storageClass?: string;
  /** Answer a sub-resource (or every one, `*`) with this error. */
  errors?: Record<string, { status: number; code: string; message: string }>;
}

export interface AccountState {
  trackers?: TrackerResponseBody[];
  notifications?: { smn?: NotificationsResponseBody[]; fun?: NotificationsResponseBody[] };
  topics?: ListTopicsItem[];
  /** Subscriptions by topic URN. */
  subscriptions?: Record<string, ListSubscriptionsItem[]>;
  operations?: OperationsItem[];
  /**
   * CTS's configuration. Absent: the configuration API answers 404 APIG.0101, as where it is not
   * offered. A new account's default is not documented, so the emulator does not invent one: a
   * state that does not say leaves read-only reporting unknown, never on or off by accident.
   */
  configuration?: CtsConfigurationBody;
  /**
   * OBS buckets by name. Bucket names are global: the OBS endpoint finds a bucket in any account's
   * state, whatever its region; the account's latencyMs and stallMs faults apply to it.
   */
  buckets?: Record<string, ObsBucketState>;
  faults?: Faults;
}

export interface IamProject {
  id: string;
  name: string;
  domain_id?: string;
  enabled?: boolean;
  description?: string;
  parent_id?: string;
}

// ---------------------------------------------------------------------------------------------
// Emulator API

export type Service = 'cts' | 'smn' | 'iam';

export interface RecordedRequest {
  service: Service | 'obs';
  region: string;
  method: string;
  /** The path after the `/{service}/{region}` prefix, as sent (still percent-encoded). */
  path: string;
  /** Decoded query parameters (the last value wins for repeated keys). */
  query: Record<string, string>;
  /** 0 when the socket was destroyed without an answer (hangUp). */
  status: number;
  /** The access key of a request whose Authorization header parsed. */
  ak?: string;
  /** The account's project id (CTS/SMN), "" for IAM; absent when routing failed. */
  projectId?: string;
  requestId: string;
}

export interface EmulatorOptions {
  /** ak → sk. Default: one pair, DEFAULT_AK → DEFAULT_SK. */
  credentials?: Record<string, string>;
  /** The server clock used to check X-Sdk-Date. Default: the real clock. */
  now?: () => Date;
  /**
   * HTTP status for an SMN topic URN that is not in the account. Default 404.
   * (The Terraform provider treats a *400* carrying SMN.00010008 as "topic
   * not found", so the real service may well answer 400.)
   */
  smnTopicNotFoundStatus?: 400 | 404;
  /** ak → domain (account) id, for OBS bucket ownership. Default: DEFAULT_DOMAIN_ID for every key. */
  domains?: Record<string, string>;
}

export interface Emulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** http://127.0.0.1:PORT2: OBS, path-style (`/{bucket}?acl`), one endpoint for every region. */
  obsUrl: string;
  /** `${url}/${service}/${region}` */
  endpoint(service: Service, region: string): string;
  setAccount(region: string, projectId: string, state: AccountState): void;
  setProjects(region: string, projects: IamProject[]): void;
  /** The domain (account) an access key belongs to, for OBS bucket ownership. */
  setDomain(ak: string, domainId: string): void;
  /** How many requests reached the account (authenticated, routed); IAM counts under projectId "". */
  counts(region: string, projectId: string): number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export const DEFAULT_AK = 'EMULATORTESTAK000001';
export const DEFAULT_SK = 'emulator-test-sk-0000000000000000000000001';
/** Domain id given to IAM projects that do not name one. */
export const DEFAULT_DOMAIN_ID = '0a1b2c3d4e5f40718293a4b5c6d7e8f9';
/** Account key under which IAM requests count and can be given faults. */
export const IAM_PROJECT = '';

export const ERRORS = {
  apiNotFound: {
    status: 404,
    error_code: 'APIG.0101',
    error_msg: 'The API does not exist or has not been published in the environment',
  },
  throttled: { status: 429, error_code: 'APIG.0308', error_msg: 'The request is throttled' },
  /** The "fail" fault's body (APIG's answer when the backend is down). */
  backendUnavailable: { status: 503, error_code: 'APIG.0202', error_msg: 'Backend unavailable' },
  ctsInvalidProject: { status: 403, error_code: 'CTS.0012', error_msg: 'Invalid project ID.' },
  ctsBadTrackerType: { status: 400, error_code: 'CTS.0202', error_msg: 'The tracker type is invalid.' },
  /** Not a real code: SMN's answer for a project it does not know is not documented. */
  smnUnknownProject: { status: 403, error_code: 'EMULATOR.UNKNOWN_PROJECT', error_msg: 'Unknown project (emulator).' },
  smnBadPaging: { status: 400, error_code: 'SMN.0015', error_msg: 'Parameter: Offset or limit is invalid.' },
  smnTopicNotFound: { status: 404, error_code: 'SMN.00010008', error_msg: 'Topic not found.' },
} as const;

// ---------------------------------------------------------------------------------------------
// Implementation

interface Account {
  state: AccountState;
  count: number;
  /** `count` when the state was last set: fault windows count from there. */
  base: number;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Handler = (ctx: RouteContext) => Answer;

interface RouteContext {
  account: Account;
  params: Record<string, string>;
  query: Record<string, string>;
  requestId: string;
  /** The request's own URL (for IAM's links). */
  selfUrl: string;
  /** The IAM projects of the request's region. */
  projects: IamProject[];
  topicNotFoundStatus: number;
}

interface Route {
  service: Service;
  pattern: RegExp;
  names: string[];
  /** Whether the route's first parameter is the project id (CTS/SMN). */
  projectScoped: boolean;
  handler: Handler;
}

function route(service: Service, template: string, handler: Handler): Route {
  const names: string[] = [];
  const source = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { service, pattern: new RegExp(`^${source}/?$`), names, projectScoped: names[0] === 'project_id', handler };
}

function errorBody(service: Service, requestId: string, e: { error_code: string; error_msg: string }): unknown {
  // CTS documents {error_code, error_msg}; SMN and API Gateway (APIG.*) add request_id.
  const plain = { error_code: e.error_code, error_msg: e.error_msg };
  return service === 'cts' && !e.error_code.startsWith('APIG.') ? plain : { ...plain, request_id: requestId };
}

function err(service: Service, requestId: string, e: { status: number; error_code: string; error_msg: string }): Answer {
  return { status: e.status, body: errorBody(service, requestId, e) };
}

function paging(ctx: RouteContext): { offset: number; limit: number } | undefined {
  const parse = (v: string | undefined, dflt: number): number => (v === undefined ? dflt : /^\d+$/.test(v) ? Number(v) : NaN);
  const offset = parse(ctx.query['offset'], 0);
  const limit = parse(ctx.query['limit'], 100);
  if (!Number.isInteger(offset) || !Number.isInteger(limit) || limit < 1 || limit > 100) return undefined;
  return { offset, limit };
}

const ROUTES: Route[] = [
  route('cts', '/v3/{project_id}/trackers', (ctx) => {
    const type = ctx.query['tracker_type'];
    if (type !== undefined && type !== 'system' && type !== 'data') return err('cts', ctx.requestId, ERRORS.ctsBadTrackerType);
    const name = ctx.query['tracker_name'];
    const trackers = (ctx.account.state.trackers ?? []).filter(
      (t) => (name === undefined || t.tracker_name === name) && (type === undefined || t.tracker_type === type),
    );
    return { status: 200, body: { trackers } };
  }),
  route('cts', '/v3/{project_id}/notifications/{notification_type}', (ctx) => {
    const type = ctx.params['notification_type'];
    if (type !== 'smn' && type !== 'fun') return err('cts', ctx.requestId, ERRORS.apiNotFound);
    const name = ctx.query['notification_name'];
    const notifications = (ctx.account.state.notifications?.[type] ?? []).filter((n) => name === undefined || n.notification_name === name);
    return { status: 200, body: { notifications } };
  }),
  route('cts', '/v3/{project_id}/operations', (ctx) => {
    const service = ctx.query['service_type'];
    const resource = ctx.query['resource_type'];
    const operations = (ctx.account.state.operations ?? []).filter(
      (o) => (service === undefined || o.service_type === service) && (resource === undefined || o.resource_type === resource),
    );
    return { status: 200, body: { operations } };
  }),
  route('cts', '/v3/{project_id}/configuration', (ctx) => {
    const configuration = ctx.account.state.configuration;
    return configuration ? { status: 200, body: configuration } : err('cts', ctx.requestId, ERRORS.apiNotFound);
  }),
  route('smn', '/v2/{project_id}/notifications/topics', (ctx) => {
    const page = paging(ctx);
    if (!page) return err('smn', ctx.requestId, ERRORS.smnBadPaging);
    const { name, fuzzy_name: fuzzy, topic_id: topicId, enterprise_project_id: eps } = ctx.query;
    const all = (ctx.account.state.topics ?? []).filter(
      (t) =>
        (name === undefined || t.name === name) &&
        (fuzzy === undefined || t.name.includes(fuzzy)) &&
        (topicId === undefined || t.topic_id === topicId) &&
        (eps === undefined || t.enterprise_project_id === eps),
    );
    return {
      status: 200,
      body: { request_id: ctx.requestId, topic_count: all.length, topics: all.slice(page.offset, page.offset + page.limit) },
    };
  }),
  route('smn', '/v2/{project_id}/notifications/topics/{topic_urn}/subscriptions', (ctx) => {
    const urn = ctx.params['topic_urn'];
    if (!(ctx.account.state.topics ?? []).some((t) => t.topic_urn === urn)) {
      return err('smn', ctx.requestId, { ...ERRORS.smnTopicNotFound, status: ctx.topicNotFoundStatus });
    }
    const page = paging(ctx);
    if (!page) return err('smn', ctx.requestId, ERRORS.smnBadPaging);
    const all = ctx.account.state.subscriptions?.[urn] ?? [];
    return {
      status: 200,
      body: {
        request_id: ctx.requestId,
        subscription_count: all.length,
        subscriptions: all.slice(page.offset, page.offset + page.limit),
      },
    };
  }),
  route('iam', '/v3/projects', (ctx) => {
    const selfBase = ctx.selfUrl.replace(/\/v3\/projects\/?$/, '');
    const name = ctx.query['name'];
    const projects = ctx.projects
      .filter((p) => name === undefined || p.name === name)
      .map((p) => {
        const domainId = p.domain_id ?? DEFAULT_DOMAIN_ID;
        return {
          id: p.id,
          name: p.name,
          domain_id: domainId,
          enabled: p.enabled ?? true,
          is_domain: false,
          parent_id: p.parent_id ?? domainId,
          description: p.description ?? '',
          links: { self: `${selfBase}/v3/projects/${p.id}` },
        };
      });
    const self = `${selfBase}/v3/projects${name === undefined ? '' : `?name=${encodeURIComponent(name)}`}`;
    return { status: 200, body: { projects, links: { self, previous: null, next: null } } };
  }),
];

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function accountKey(region: string, projectId: string): string {
  return JSON.stringify([region, projectId]);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const credentials = new Map(Object.entries(options.credentials ?? { [DEFAULT_AK]: DEFAULT_SK }));
  const now = options.now ?? (() => new Date());
  const topicNotFoundStatus = options.smnTopicNotFoundStatus ?? 404;
  const accounts = new Map<string, Account>();
  const domains = new Map(Object.entries(options.domains ?? {}));
  const projects = new Map<string, IamProject[]>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Map<NodeJS.Timeout, () => void>();
  let closing = false;

  function account(region: string, projectId: string): Account | undefined {
    return accounts.get(accountKey(region, projectId));
  }

  function iamAccount(region: string): Account {
    const key = accountKey(region, IAM_PROJECT);
    let found = accounts.get(key);
    if (!found) {
      found = { state: {}, count: 0, base: 0 };
      accounts.set(key, found);
    }
    return found;
  }

  function delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const requestId = randomUUID().replace(/-/g, '');
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
    const queryPairs = parseQuery(rawQuery);
    const query: Record<string, string> = Object.fromEntries(queryPairs);
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = lowerCaseHeaders(req);

    const send = (
      answer: Answer,
      rec: Omit<RecordedRequest, 'status' | 'requestId' | 'method' | 'query'> | undefined,
      raw?: string,
    ): void => {
      if (rec) requests.push({ ...rec, method, query, status: answer.status, requestId });
      if (res.destroyed || closing) return;
      const text = raw ?? JSON.stringify(answer.body ?? {});
      res.writeHead(answer.status, {
        'content-type': 'application/json;charset=UTF-8',
        'content-length': Buffer.byteLength(text),
        'x-request-id': requestId,
        ...answer.headers,
      });
      res.end(text);
    };

    // 1. Route (APIG looks the API up before authenticating).
    const prefix = /^\/(cts|smn|iam)\/([^/]+)(\/.*)?$/.exec(rawPath);
    if (!prefix) {
      send(err('iam', requestId, ERRORS.apiNotFound), undefined);
      return;
    }
    const service = prefix[1] as Service;
    const region = decodeSegment(prefix[2]);
    const path = prefix[3] ?? '/';
    const base = { service, region, path };
    const candidates = ROUTES.filter((r) => r.service === service);
    let matched: { route: Route; params: Record<string, string> } | undefined;
    for (const r of candidates) {
      const m = r.pattern.exec(path);
      if (m && method === 'GET') {
        matched = { route: r, params: Object.fromEntries(r.names.map((n, i) => [n, decodeSegment(m[i + 1])])) };
        break;
      }
    }
    if (!matched) {
      send(err(service, requestId, ERRORS.apiNotFound), base);
      return;
    }

    // 2. Authenticate.
    const verdict = verifySignature({ method, path: rawPath, query: queryPairs, headers, body }, credentials, now());
    const authorizationAk = /Access=([^,\s]+)/.exec(headers['authorization'] ?? '')?.[1];
    const authRec = { ...base, ...(authorizationAk !== undefined ? { ak: authorizationAk } : {}) };
    if (!verdict.ok) {
      send({ status: verdict.status, body: { error_code: verdict.code, error_msg: verdict.message, request_id: requestId } }, authRec);
      return;
    }
    const projectId = matched.route.projectScoped ? matched.params['project_id'] : IAM_PROJECT;
    const headerProject = headers['x-project-id'];
    if (matched.route.projectScoped && headerProject !== undefined && headerProject !== projectId) {
      send(
        {
          status: 401,
          body: {
            error_code: 'APIG.0301',
            error_msg: 'Incorrect IAM authentication information: X-Project-Id does not match the project in the URI',
            request_id: requestId,
          },
        },
        authRec,
      );
      return;
    }

    // 3. The account.
    const rec = { ...authRec, projectId };
    const acct = service === 'iam' ? iamAccount(region) : account(region, projectId);
    if (!acct) {
      send(err(service, requestId, service === 'cts' ? ERRORS.ctsInvalidProject : ERRORS.smnUnknownProject), rec);
      return;
    }
    acct.count += 1;
    const n = acct.count - acct.base;
    const faults = acct.state.faults ?? {};
    await delay((faults.stallMs ?? 0) + (faults.latencyMs ?? 0));
    if (closing) return;

    if (faults.hangUp) {
      requests.push({ ...rec, method, query, status: 0, requestId });
      req.socket.destroy();
      return;
    }
    const throttled = faults.throttle?.times ?? 0;
    if (n <= throttled) {
      send(
        { ...err(service, requestId, ERRORS.throttled), headers: { 'retry-after': String(faults.throttle?.retryAfterSeconds ?? 1) } },
        rec,
      );
      return;
    }
    if (faults.fail && n <= throttled + faults.fail.times) {
      send(err(service, requestId, { ...ERRORS.backendUnavailable, status: faults.fail.status ?? 503 }), rec);
      return;
    }
    if (faults.error) {
      send(err(service, requestId, faults.error), rec);
      return;
    }
    if (faults.redirectTo) {
      send({ status: 307, body: {}, headers: { location: faults.redirectTo } }, rec);
      return;
    }
    const pathError = faults.errorsByPath?.find((e) => path.endsWith(e.pathEndsWith));
    if (pathError) {
      send(err(service, requestId, pathError.error), rec);
      return;
    }

    // 4. The service.
    const ctx: RouteContext = {
      account: acct,
      params: matched.params,
      query,
      requestId,
      selfUrl: `http://${headers['host'] ?? '127.0.0.1'}${rawPath}`,
      projects: projects.get(region) ?? [],
      topicNotFoundStatus,
    };
    const answer = matched.route.handler(ctx);
    if (faults.malformed) {
      const text = JSON.stringify(answer.body ?? {});
      send({ status: 200, body: undefined }, rec, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
      return;
    }
    send(answer, rec);
  }

  /** OBS: path-style `/{bucket}?{sub-resource}`, authenticated by ./obs-sign. */
  async function handleObs(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const queryPairs = parseQuery(q < 0 ? '' : rawUrl.slice(q + 1));
    const query: Record<string, string> = Object.fromEntries(queryPairs);
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = lowerCaseHeaders(req);
    const [bucket = '', ...rest] = rawPath.replace(/^\//, '').split('/');
    const key = rest.map(decodeSegment).join('/');
    const rec = { service: 'obs' as const, region: '', path: rawPath, method, query, requestId };
    const send = (status: number, body: string, contentType = 'application/xml', ak?: string) => {
      requests.push({ ...rec, status, ...(ak ? { ak } : {}) });
      if (res.destroyed || closing) return;
      res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'x-amz-request-id': requestId });
      res.end(body);
    };
    const error = (status: number, code: string, message: string, ak?: string) =>
      send(
        status,
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${xml(message)}</Message><RequestId>${requestId}</RequestId><HostId>emulator</HostId><BucketName>${xml(decodeSegment(bucket))}</BucketName></Error>`,
        'application/xml',
        ak,
      );

    const verdict = verifyObs({ method, path: rawPath, query: queryPairs, headers }, credentials, now());
    if (!verdict.ok) return error(verdict.status, verdict.code, verdict.message);
    const ak = verdict.ak;
    const sub = queryPairs.map(([k]) => k).find((k) => OBS_READS.has(k));
    if (method !== 'GET' || !bucket || key || !sub) {
      return error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', ak);
    }
    const found = [...accounts.values()].find((a) => a.state.buckets?.[decodeSegment(bucket)] !== undefined);
    const b = found?.state.buckets?.[decodeSegment(bucket)];
    if (!found || !b) return error(404, 'NoSuchBucket', 'The specified bucket does not exist', ak);
    await delay((found.state.faults?.stallMs ?? 0) + (found.state.faults?.latencyMs ?? 0));
    if (closing) return;
    const owner = b.owner ?? DEFAULT_DOMAIN_ID;
    if ((domains.get(ak) ?? DEFAULT_DOMAIN_ID) !== owner) return error(403, 'AccessDenied', 'Access Denied', ak);
    const injected = b.errors?.[sub] ?? b.errors?.['*'];
    if (injected) return error(injected.status, injected.code, injected.message, ak);
    const ok = (body: string) => send(200, `<?xml version="1.0" encoding="UTF-8"?>${body}`, 'application/xml', ak);
    switch (sub) {
      case 'acl': {
        const grant = (g: ObsGrant) =>
          `<Grant><Grantee>${g.grantee.id ? `<ID>${xml(g.grantee.id)}</ID>` : ''}${g.grantee.uri ? `<URI>${xml(g.grantee.uri)}</URI>` : ''}</Grantee><Permission>${g.permission}</Permission></Grant>`;
        const grants = [{ grantee: { id: owner }, permission: 'FULL_CONTROL' as const }, ...(b.grants ?? [])].map(grant).join('');
        return ok(
          `<AccessControlPolicy><Owner><ID>${xml(owner)}</ID></Owner><AccessControlList>${grants}</AccessControlList></AccessControlPolicy>`,
        );
      }
      case 'policy':
        return b.policy === undefined
          ? error(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist', ak)
          : send(200, b.policy, 'application/json', ak);
      case 'versioning':
        return ok(`<VersioningConfiguration>${b.versioning ? `<Status>${b.versioning}</Status>` : ''}</VersioningConfiguration>`);
      case 'encryption':
        return b.encryption === undefined
          ? error(404, 'NoSuchEncryptionConfiguration', 'The encryption configuration does not exist', ak)
          : ok(
              `<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${b.encryption.algorithm}</SSEAlgorithm>${b.encryption.kmsKeyId ? `<KMSMasterKeyID>${xml(b.encryption.kmsKeyId)}</KMSMasterKeyID>` : ''}</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>`,
            );
      case 'lifecycle':
        return b.lifecycle === undefined
          ? error(404, 'NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', ak)
          : ok(
              `<LifecycleConfiguration>${b.lifecycle
                .map(
                  (r) =>
                    `<Rule><ID>${xml(r.id)}</ID><Prefix>${xml(r.prefix)}</Prefix><Status>${r.status}</Status>${r.expirationDays !== undefined ? `<Expiration><Days>${r.expirationDays}</Days></Expiration>` : ''}${r.noncurrentDays !== undefined ? `<NoncurrentVersionExpiration><NoncurrentDays>${r.noncurrentDays}</NoncurrentDays></NoncurrentVersionExpiration>` : ''}</Rule>`,
                )
                .join('')}</LifecycleConfiguration>`,
            );
      case 'storagePolicy':
        return ok(`<StoragePolicy><DefaultStorageClass>${b.storageClass ?? 'STANDARD'}</DefaultStorageClass></StoragePolicy>`);
      default:
        // storageClass: the same setting, as the OBS-signature form of the API names it.
        return ok(`<StorageClass>${b.storageClass ?? 'STANDARD'}</StorageClass>`);
    }
  }

  const listen = async (handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void>) => {
    const srv = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        handler(req, res, Buffer.concat(chunks)).catch((e: unknown) => {
          if (!res.headersSent && !res.destroyed) {
            res.writeHead(500, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error_code: 'EMULATOR.500', error_msg: String(e) }));
          }
        });
      });
    });
    srv.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => resolve());
    });
    return srv;
  };
  const server = await listen(handle);
  const obsServer = await listen((req, res) => handleObs(req, res));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const obsUrl = `http://127.0.0.1:${(obsServer.address() as AddressInfo).port}`;

  return {
    url,
    obsUrl,
    endpoint: (service, region) => `${url}/${service}/${region}`,
    setAccount(region, projectId, state) {
      const existing = account(region, projectId);
      const count = existing?.count ?? 0;
      accounts.set(accountKey(region, projectId), { state: clone(state), count, base: count });
    },
    setProjects(region, list) {
      projects.set(region, clone(list));
    },
    setDomain(ak, domainId) {
      domains.set(ak, domainId);
    },
    counts: (region, projectId) => account(region, projectId)?.count ?? 0,
    requests,
    close() {
      closing = true;
      for (const [timer, resolve] of timers) {
        clearTimeout(timer);
        resolve();
      }
      timers.clear();
      const closed = (srv: typeof server) => new Promise<void>((resolve) => srv.close(() => resolve()));
      const all = Promise.all([closed(server), closed(obsServer)]).then(() => undefined);
      for (const socket of sockets) socket.destroy();
      return all;
    },
  };
}

/** The `--endpoint` options that point the live check at an emulator. */
export function endpointArgs(e: Emulator): string[] {
  return [
    ...(['cts', 'smn', 'iam'] as const).flatMap((s) => ['--endpoint', `${s}=${e.url}/${s}/{region}`]),
    '--endpoint',
    `obs=${e.obsUrl}`,
  ];
}
