/**
 * A test emulator of the Huawei Cloud APIs cts-audit reads: CTS v3 (trackers,
 * key event notifications, operations, configuration, traces), SMN v2 (topics,
 * subscriptions), IAM v3 (projects, and temporary credentials through an
 * agency), Organizations v1 (accounts), and OBS (bucket ACL, policy, versioning, encryption,
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
import { randomBytes, randomUUID } from 'node:crypto';
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

/**
 * CTS v3 `Traces` (ListTraces), as CTS keeps a management (system) trace:
 * every field the API documents may be there, including who did it (user),
 * from where (source_ip) and what was sent (request, response).
 */
export interface TraceRecord {
  trace_id: string;
  trace_name: string;
  trace_rating?: 'normal' | 'warning' | 'incident';
  trace_type?: string;
  service_type: string;
  resource_type: string;
  resource_id?: string;
  resource_name?: string;
  /** HTTP status of the operation, as a string. */
  code?: string;
  /** When it happened, ms since the epoch (UTC). */
  time: number;
  record_time?: number;
  read_only?: boolean;
  user?: {
    id?: string;
    name?: string;
    user_name?: string;
    domain?: { id?: string; name?: string };
    access_key_id?: string;
    principal_urn?: string;
  };
  source_ip?: string;
  request?: string;
  response?: string;
  request_id?: string;
  api_version?: string;
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
  /** Answer 200 with this body as it is (JSON that is not an object, say). */
  bodyText?: string;
  /** Answer every request with this error (e.g. 403 CTS.0002). */
  error?: { status: number; error_code: string; error_msg: string };
  /** Answer the requests whose path ends with `pathEndsWith` with this error; others as usual. */
  errorsByPath?: Array<{ pathEndsWith: string; error: { status: number; error_code: string; error_msg: string } }>;
  /** Answer the requests whose query holds every one of these parameters with this error (e.g. one trace name). */
  errorsByQuery?: Array<{ query: Record<string, string>; error: { status: number; error_code: string; error_msg: string } }>;
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
  /** CTS's management traces of this project (ListTraces answers them newest first, paged by marker). */
  traces?: TraceRecord[];
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

export type Service = 'cts' | 'smn' | 'iam' | 'organizations';

/**
 * An IAM agency in an account that another account may assume
 * (`POST /v3.0/OS-CREDENTIAL/securitytokens`, method `assume_role`): its
 * temporary credentials act in the agency's account.
 */
export interface Agency {
  /** The account (domain) the agency is in. */
  domainId: string;
  domainName: string;
  /** The agency's name. */
  name: string;
  /** The accounts (domain ids) allowed to assume it. Default: [DEFAULT_DOMAIN_ID]. */
  trusted?: string[];
  /** The longest duration_seconds it grants. Default 86400. */
  maxDurationSeconds?: number;
}

/** Temporary credentials the emulator issued through an agency, for tests to look for them where they must not be. */
export interface IssuedCredential {
  ak: string;
  sk: string;
  token: string;
  /** The account they act in. */
  domainId: string;
  agency: string;
  durationSeconds: number;
  expiresAt: string;
}

/** Organizations v1 AccountDto (ListAccounts). */
export interface OrganizationAccount {
  id: string;
  name: string;
  urn?: string;
  join_method?: 'invited' | 'created';
  status?: 'active' | 'suspended' | 'pending_closure';
  joined_at?: string;
  [extra: string]: unknown;
}

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
  /** An agency another account may assume; its temporary credentials read the agency's account. */
  addAgency(agency: Agency): void;
  /** The organization whose management account may list its accounts (Organizations ListAccounts). */
  setOrganization(organization: { id?: string; managementDomainId: string; accounts: OrganizationAccount[] } | undefined): void;
  /** Every temporary credential issued through an agency, in order. */
  issued: IssuedCredential[];
  /** The most requests (both ports) that were in the emulator at once since it started or since `resetPeak`. */
  peakInFlight(): number;
  resetPeak(): void;
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
  /** The access key of the request, and the account (domain) it belongs to. */
  ak: string;
  domainId: string;
  /** Whether the key is a temporary one issued through an agency. */
  temporary: boolean;
  /** The request's headers (lower case) and body. */
  headers: Record<string, string>;
  body: Buffer;
  /** Emulator state beyond the account: agencies, credentials, the organization, the clock. */
  world: World;
}

/** What the account-independent routes (IAM's agencies, Organizations) need. */
interface World {
  agencies: Agency[];
  organization?: { id?: string; managementDomainId: string; accounts: OrganizationAccount[] };
  issue(agency: Agency, durationSeconds: number): IssuedCredential;
  now(): Date;
}

interface Route {
  service: Service;
  method: 'GET' | 'POST';
  pattern: RegExp;
  names: string[];
  /** Whether the route's first parameter is the project id (CTS/SMN). */
  projectScoped: boolean;
  handler: Handler;
}

function route(service: Service, template: string, handler: Handler, method: 'GET' | 'POST' = 'GET'): Route {
  const names: string[] = [];
  const source = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { service, method, pattern: new RegExp(`^${source}/?$`), names, projectScoped: names[0] === 'project_id', handler };
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
  route('cts', '/v3/{project_id}/traces', listTraces),
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
      // Temporary credentials of an agency see the projects of the agency's account only.
      .filter((p) => !ctx.temporary || (p.domain_id ?? DEFAULT_DOMAIN_ID) === ctx.domainId)
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
  route('iam', '/v3.0/OS-CREDENTIAL/securitytokens', assumeRole, 'POST'),
  route('organizations', '/v1/organizations/accounts', listOrganizationAccounts),
  route('organizations', '/v1/organizations', showOrganization),
];

/**
 * ListTraces (`GET /v3/{project_id}/traces`): management traces newest first,
 * filtered as the API documents (service_type, resource_type, trace_name, ...
 * only with trace_type=system), within (from, to) exclusive (default: the last
 * hour), `limit` 1 to 200 (default 10), paged by `next` = the previous page's
 * `meta_data.marker`, which is null on the last page.
 */
function listTraces(ctx: RouteContext): Answer {
  const bad = (what: string) =>
    err('cts', ctx.requestId, { status: 400, error_code: 'CTS.0003', error_msg: `Invalid request parameter: ${what}.` });
  const q = ctx.query;
  const type = q['trace_type'];
  if (type !== 'system' && type !== 'data') return bad('trace_type must be system or data');
  const int = (v: string | undefined) => (v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : NaN);
  const limit = int(q['limit']) ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) return bad('limit must be 1 to 200');
  const to = int(q['to']) ?? ctx.world.now().getTime();
  const from = int(q['from']) ?? to - 3600_000;
  if (Number.isNaN(from) || Number.isNaN(to)) return bad('from and to are times in milliseconds');
  const filters: Array<[string, (t: TraceRecord) => unknown]> = [
    ['service_type', (t) => t.service_type],
    ['resource_type', (t) => t.resource_type],
    ['trace_name', (t) => t.trace_name],
    ['trace_rating', (t) => t.trace_rating],
    ['resource_id', (t) => t.resource_id],
    ['resource_name', (t) => t.resource_name],
    ['user', (t) => t.user?.name],
  ];
  const all = (type === 'system' ? (ctx.account.state.traces ?? []) : [])
    .filter((t) => (q['trace_id'] !== undefined ? t.trace_id === q['trace_id'] : true))
    .filter((t) => q['trace_id'] !== undefined || (t.time > from && t.time < to))
    .filter((t) => q['trace_id'] !== undefined || filters.every(([k, get]) => q[k] === undefined || get(t) === q[k]))
    .sort((a, b) => b.time - a.time || (a.trace_id < b.trace_id ? -1 : a.trace_id > b.trace_id ? 1 : 0));
  let start = 0;
  if (q['next'] !== undefined) {
    const at = all.findIndex((t) => t.trace_id === q['next']);
    if (at < 0) return bad('next is not a marker of this query');
    start = at + 1;
  }
  const traces = all.slice(start, start + limit);
  const more = start + limit < all.length;
  return { status: 200, body: { traces, meta_data: { count: traces.length, marker: more ? traces[traces.length - 1].trace_id : null } } };
}

/**
 * CreateTemporaryAccessKeyByAgency: `{auth: {identity: {methods: ["assume_role"],
 * assume_role: {agency_name, domain_id | domain_name, duration_seconds}}}}`,
 * called domain-level (a project-scoped request, with X-Project-Id, is refused).
 * Answers 201 `{credential: {access, secret, securitytoken, expires_at}}`.
 */
function assumeRole(ctx: RouteContext): Answer {
  // IAM answers Keystone-style errors ({error: {code, message, title}}); the codes here are the emulator's own.
  const fail = (status: number, code: string, message: string): Answer => ({
    status,
    body: { error: { code, message, title: status === 400 ? 'Bad Request' : 'Forbidden' } },
  });
  if (ctx.headers['x-project-id'] !== undefined) {
    return fail(400, 'EMULATOR.PROJECT_SCOPED', 'This API is called domain-level: the request must not carry X-Project-Id.');
  }
  if (ctx.temporary) return fail(403, 'EMULATOR.CHAINED', 'Temporary credentials of an agency cannot assume another agency.');
  const domainHeader = ctx.headers['x-domain-id'];
  if (domainHeader !== undefined && domainHeader !== ctx.domainId) {
    return fail(401, 'EMULATOR.DOMAIN_MISMATCH', 'X-Domain-Id is not the account of the access key.');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(ctx.body.toString('utf8'));
  } catch {
    return fail(400, 'EMULATOR.BAD_BODY', 'The request body is not JSON.');
  }
  const identity = (doc as { auth?: { identity?: { methods?: unknown; assume_role?: Record<string, unknown> } } })?.auth?.identity;
  const role = identity?.assume_role;
  if (!identity || !Array.isArray(identity.methods) || identity.methods.length !== 1 || identity.methods[0] !== 'assume_role' || !role) {
    return fail(400, 'EMULATOR.BAD_BODY', 'auth.identity.methods must be ["assume_role"], with auth.identity.assume_role.');
  }
  const { agency_name: name, domain_id: domainId, domain_name: domainName, duration_seconds: duration = 900 } = role;
  if (typeof name !== 'string' || name === '' || (typeof domainId !== 'string' && typeof domainName !== 'string')) {
    return fail(400, 'EMULATOR.BAD_BODY', 'assume_role needs agency_name, and domain_id or domain_name.');
  }
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 900 || duration > 86400) {
    return fail(400, 'EMULATOR.BAD_BODY', 'duration_seconds must be a whole number from 900 to 86400.');
  }
  const agency = ctx.world.agencies.find(
    (a) =>
      a.name === name && (domainId === undefined || a.domainId === domainId) && (domainName === undefined || a.domainName === domainName),
  );
  if (!agency || !(agency.trusted ?? [DEFAULT_DOMAIN_ID]).includes(ctx.domainId)) {
    return fail(403, 'EMULATOR.NO_AGENCY', 'The agency does not exist in that account, or does not trust the account of the caller.');
  }
  if (duration > (agency.maxDurationSeconds ?? 86400)) {
    return fail(400, 'EMULATOR.BAD_BODY', 'duration_seconds exceeds the maximum the agency grants.');
  }
  const issued = ctx.world.issue(agency, duration);
  return {
    status: 201,
    body: { credential: { access: issued.ak, secret: issued.sk, securitytoken: issued.token, expires_at: issued.expiresAt } },
  };
}

/** Organizations answers to the management account only. */
function notManagement(ctx: RouteContext): Answer | undefined {
  const org = ctx.world.organization;
  if (org && org.managementDomainId === ctx.domainId) return undefined;
  return {
    status: 403,
    body: {
      error_code: 'EMULATOR.NOT_MANAGEMENT',
      error_msg: 'Only the management account of an organization (or a delegated administrator) can list its accounts.',
      request_id: ctx.requestId,
    },
  };
}

/** Organizations ShowOrganization: the caller's organization (OrganizationDto). */
function showOrganization(ctx: RouteContext): Answer {
  const refused = notManagement(ctx);
  if (refused) return refused;
  const org = ctx.world.organization!;
  const id = org.id ?? 'o-emulator0000';
  return {
    status: 200,
    body: {
      organization: {
        id,
        urn: `organizations::${org.managementDomainId}:organization:${id}`,
        management_account_id: org.managementDomainId,
        management_account_name: 'management',
        created_at: '2026-01-01T00:00:00Z',
      },
    },
  };
}

/** Organizations ListAccounts: the organization's accounts, to its management account only; paged by `marker`. */
function listOrganizationAccounts(ctx: RouteContext): Answer {
  const refused = notManagement(ctx);
  if (refused) return refused;
  const org = ctx.world.organization!;
  const limit = ctx.query['limit'] === undefined ? 200 : /^\d+$/.test(ctx.query['limit']) ? Number(ctx.query['limit']) : NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    return { status: 400, body: { error_code: 'EMULATOR.BAD_LIMIT', error_msg: 'limit must be 1 to 1000.', request_id: ctx.requestId } };
  }
  const marker = ctx.query['marker'];
  const start = marker === undefined ? 0 : org.accounts.findIndex((a) => a.id === marker) + 1;
  if (marker !== undefined && start === 0) {
    return { status: 400, body: { error_code: 'EMULATOR.BAD_MARKER', error_msg: 'Unknown marker.', request_id: ctx.requestId } };
  }
  const accounts = org.accounts.slice(start, start + limit).map((a) => ({
    urn: `organizations::${org.managementDomainId}:account:o-emulator/${a.id}`,
    join_method: 'invited',
    status: 'active',
    joined_at: '2026-01-01T00:00:00Z',
    ...a,
  }));
  const more = start + limit < org.accounts.length;
  return {
    status: 200,
    body: { accounts, page_info: { ...(more ? { next_marker: accounts[accounts.length - 1].id } : {}), current_count: accounts.length } },
  };
}

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
  const agencies: Agency[] = [];
  const issued: IssuedCredential[] = [];
  /**
   * Temporary keys and their security tokens. (Their expiry is not checked: IAM's shortest, 15 minutes, is
   * also the signature's clock skew, which refuses a request made after it first.)
   */
  const temporary = new Map<string, { token: string }>();
  const world: World = {
    agencies,
    now,
    issue(agency, durationSeconds) {
      const ak = `TMP${randomBytes(16).toString('hex').toUpperCase()}`.slice(0, 20);
      const credential: IssuedCredential = {
        ak,
        sk: randomBytes(30).toString('base64url'),
        token: `gQ${randomBytes(150).toString('base64url')}`,
        domainId: agency.domainId,
        agency: agency.name,
        durationSeconds,
        expiresAt: new Date(now().getTime() + durationSeconds * 1000).toISOString().replace('Z', '000Z'),
      };
      credentials.set(ak, credential.sk);
      domains.set(ak, agency.domainId);
      temporary.set(ak, { token: credential.token });
      issued.push(credential);
      return credential;
    },
  };

  /** A temporary key's security token must come with it; a long-term key needs none. */
  function tokenProblem(ak: string, token: string | undefined): string | undefined {
    const t = temporary.get(ak);
    return t && token !== t.token ? 'the security token of these temporary credentials is missing or does not match' : undefined;
  }
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let peak = 0;
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
    const prefix = /^\/(cts|smn|iam|organizations)\/([^/]+)(\/.*)?$/.exec(rawPath);
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
      if (m && method === r.method) {
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
    const tokenError = tokenProblem(verdict.ak, headers['x-security-token']);
    if (tokenError) {
      send(
        {
          status: 401,
          body: { error_code: 'APIG.0301', error_msg: `Incorrect IAM authentication information: ${tokenError}`, request_id: requestId },
        },
        authRec,
      );
      return;
    }
    const projectId = matched.route.projectScoped ? matched.params['project_id'] : IAM_PROJECT;
    const callerDomain = domains.get(verdict.ak) ?? DEFAULT_DOMAIN_ID;
    // Temporary credentials act in their agency's account: a project of another account is not theirs.
    const owner = matched.route.projectScoped ? (projects.get(region) ?? []).find((p) => p.id === projectId) : undefined;
    if (matched.route.projectScoped && temporary.has(verdict.ak) && (owner?.domain_id ?? DEFAULT_DOMAIN_ID) !== callerDomain) {
      send(
        {
          status: 401,
          body: {
            error_code: 'APIG.0301',
            error_msg: 'Incorrect IAM authentication information: the project is not in the account of these credentials',
            request_id: requestId,
          },
        },
        authRec,
      );
      return;
    }
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
    const acct = service === 'iam' || service === 'organizations' ? iamAccount(region) : account(region, projectId);
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
    const pathError =
      faults.errorsByPath?.find((e) => path.endsWith(e.pathEndsWith)) ??
      faults.errorsByQuery?.find((e) => Object.entries(e.query).every(([k, v]) => query[k] === v));
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
      ak: verdict.ak,
      domainId: callerDomain,
      temporary: temporary.has(verdict.ak),
      headers,
      body,
      world,
    };
    const answer = matched.route.handler(ctx);
    if (faults.malformed) {
      const text = JSON.stringify(answer.body ?? {});
      send({ status: 200, body: undefined }, rec, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
      return;
    }
    if (faults.bodyText !== undefined) {
      send({ status: 200, body: undefined }, rec, faults.bodyText);
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
    const tokenError = tokenProblem(ak, headers['x-amz-security-token'] ?? headers['x-obs-security-token']);
    if (tokenError) return error(403, 'InvalidSecurity', tokenError, ak);
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
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        res.once('close', () => (inFlight -= 1));
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
    addAgency(agency) {
      agencies.push(clone(agency));
    },
    setOrganization(organization) {
      world.organization = organization ? clone(organization) : undefined;
    },
    issued,
    peakInFlight: () => peak,
    resetPeak() {
      peak = inFlight;
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
