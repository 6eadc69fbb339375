/**
 * Signed, read-only requests to Huawei Cloud APIs through Huawei's own SDK
 * (`@huaweicloud/huaweicloud-sdk-core`: its HcClient signs with
 * SDK-HMAC-SHA256 and sends any request), with what a nightly run over many
 * projects needs: bounded concurrency, a timeout per request, and retries
 * with exponential backoff and full jitter on throttling (429), server
 * errors (5xx) and connection errors, honouring Retry-After.
 *
 * Credentials never leave this module: the SDK's loggers are replaced by a
 * silent one (its default logger prints failed requests with their
 * Authorization and X-Security-Token headers), answers are recorded without
 * headers, and error messages are built from status codes and API error
 * codes only.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { HcClient as HcClientType } from '@huaweicloud/huaweicloud-sdk-core/HcClient';
import type { AnyService, Answer, BucketRead, Service } from '../snapshot/answer';
import { findDuplicateKey, jsonSyntaxProblem } from '../json';
import { Credentials, clean } from './credentials';
import { ObsReader } from './obs';

export interface ClientOptions {
  readonly credentials: Credentials;
  /** The account (domain) id of the credentials, sent as X-Domain-Id on domain-level requests when known (HW_DOMAIN_ID). */
  readonly domainId?: string;
  /** The endpoint of a service in a region, e.g. https://cts.cn-north-4.myhuaweicloud.com. */
  readonly endpoint: (service: AnyService, region: string) => string;
  /** Requests in flight at once, over all regions and projects. @default 8 */
  readonly concurrency?: number;
  /** Milliseconds before a request is abandoned. @default 15000 */
  readonly timeoutMs?: number;
  /** Retries after the first attempt. @default 4 */
  readonly retries?: number;
  /** Base of the exponential backoff in milliseconds. @default 500 */
  readonly backoffMs?: number;
  /** Longest wait before a retry, whatever Retry-After says. @default 30000 */
  readonly maxBackoffMs?: number;
  /** For tests: the random source of the jitter. */
  readonly random?: () => number;
  /** For tests: how to wait before a retry. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const SILENT = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => 'error',
  setName: () => undefined,
};

/** A minimal counting semaphore. */
class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  public constructor(private readonly limit: number) {}

  public async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** What the clients of several accounts share: the requests in flight, and the connection pools. */
interface Shared {
  readonly limiter: Limiter;
  /** Our own connection pools, so they can be closed: Node's global agent keeps sockets alive and the process with them. */
  readonly agents: { readonly http: HttpAgent; readonly https: HttpsAgent };
}

/** Signed requests with retries; one SDK client per (service, region, project) is kept. */
export class LiveClient {
  private readonly limiter: Limiter;
  private readonly clients = new Map<string, HcClientType>();
  private sdk?: typeof import('./sdk');
  private obsClients?: ObsReader;
  private readonly agents: Shared['agents'];
  /** Whether this client made the shared pools (and so closes them). */
  private readonly owner: boolean;

  public constructor(
    private readonly options: ClientOptions,
    shared?: Shared,
  ) {
    this.limiter = shared?.limiter ?? new Limiter(Math.max(1, options.concurrency ?? 8));
    this.agents = shared?.agents ?? { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
    this.owner = shared === undefined;
  }

  /**
   * A client with other credentials (another account's, through an agency) that shares this one's
   * concurrency and connection pools: `--concurrency` bounds the requests of every account together.
   * The credentials live in memory only, in the SDK's credential objects.
   */
  public as(credentials: Credentials): LiveClient {
    return new LiveClient({ ...this.options, credentials, domainId: undefined }, { limiter: this.limiter, agents: this.agents });
  }

  /**
   * GETs a path (`{project_id}` is replaced from the credentials), retrying
   * what can be retried. Never throws for an API or network failure: the
   * answer says what went wrong.
   */
  public async get(
    service: Service,
    region: string,
    projectId: string | undefined,
    path: string,
    query: Record<string, string> = {},
  ): Promise<Answer> {
    return this.withRetries(() => this.once({ service, region, projectId, path, query }));
  }

  /**
   * A domain-level request (global services: IAM's temporary credentials, Organizations): signed
   * without a project, with X-Domain-Id when the domain is known, as the SDK's GlobalCredentials sign.
   * The answer's body is the caller's to keep out of snapshots when it holds secrets.
   */
  public async global(
    service: Service,
    region: string,
    method: 'GET' | 'POST',
    path: string,
    options: { query?: Record<string, string>; body?: unknown } = {},
  ): Promise<Answer> {
    const query = options.query ?? {};
    return this.withRetries(() =>
      this.once({ service, region, projectId: undefined, path, query, method, body: options.body, domainLevel: true }),
    );
  }

  /**
   * Reads a bucket's subresource (`acl`, `policy`, ...) through Huawei's OBS SDK, with the same
   * concurrency, timeout and retries. Never throws: the answer says what went wrong.
   */
  public async obs(region: string, bucket: string, read: BucketRead): Promise<Answer> {
    this.obsClients ??= new ObsReader({
      credentials: this.options.credentials,
      endpoint: (r) => this.options.endpoint('obs', r),
      timeoutMs: this.options.timeoutMs ?? 15000,
      agents: this.agents,
    });
    const reader = this.obsClients;
    return this.withRetries(() => reader.read(region, bucket, read));
  }

  /** Runs `once` until it gives an answer not worth retrying, or the retries are spent. */
  private async withRetries(once: () => Promise<{ answer: Omit<Answer, 'attempts'>; retryAfterMs: number | undefined }>): Promise<Answer> {
    const retries = Math.max(0, this.options.retries ?? 4);
    for (let attempt = 0; ; attempt++) {
      const { answer, retryAfterMs } = await this.limiter.run(once);
      if (!retryable(answer) || attempt >= retries) return { ...answer, attempts: attempt + 1 };
      await (this.options.sleep ?? sleep)(retryDelay(attempt, retryAfterMs, this.options));
    }
  }

  /**
   * Closes the connections kept alive (those of the clients made by {@link as} too, when this one made
   * them) and forgets the SDK clients, with their credentials; the client can be used again after.
   */
  public close(): void {
    if (this.owner) {
      this.agents.http.destroy();
      this.agents.https.destroy();
    }
    this.clients.clear();
    this.obsClients?.close();
    this.obsClients = undefined;
  }

  private async once(request: {
    service: Service;
    region: string;
    projectId: string | undefined;
    path: string;
    query: Record<string, string>;
    method?: 'GET' | 'POST';
    body?: unknown;
    domainLevel?: boolean;
  }) {
    const { service, region, projectId, path, query, method = 'GET' } = request;
    const base = { service, method, path, query };
    const client = this.client(service, region, projectId, request.domainLevel === true);
    try {
      const response = (await client.sendRequest({
        method,
        url: path,
        // The SDK sends any JSON content type as `application/json`.
        contentType: 'application/json',
        queryParams: query,
        pathParams: {},
        headers: {},
        ...(request.body !== undefined ? { data: request.body } : {}),
        responseHeaders: ['Retry-After'],
        axiosRequestConfig: {
          timeout: this.options.timeoutMs ?? 15000,
          httpAgent: this.agents.http,
          httpsAgent: this.agents.https,
          // Every status is an answer to interpret here, not an exception.
          validateStatus: () => true,
          // A redirect is an answer too (HTTP 3xx, not read): a signed request is never sent on to another address.
          maxRedirects: 0,
          // The body as text, parsed here: the SDK would turn what is not one JSON object into {}.
          responseType: 'text',
          transformResponse: [parseAnswer],
          transitional: { clarifyTimeoutError: false },
        },
      } as Parameters<HcClientType['sendRequest']>[0])) as Record<string, unknown>;
      const status = Number(response.httpStatusCode);
      const retryAfter = retryAfterMs(response['Retry-After']);
      const { httpStatusCode: _status, 'Retry-After': _retryAfter, ...body } = response;
      if (status >= 200 && status < 300) {
        // A success that is not one JSON object is an error with its status; a retry would get the same.
        const refused = notAnObject(response);
        if (refused !== undefined) return { answer: { ...base, status, error: { message: clean(refused) } }, retryAfterMs: undefined };
        return { answer: { ...base, status, body }, retryAfterMs: undefined };
      }
      const code =
        typeof body.error_code === 'string'
          ? body.error_code
          : typeof (body.error as { code?: unknown })?.code === 'string'
            ? String((body.error as { code: string }).code)
            : undefined;
      const message =
        typeof body.error_msg === 'string'
          ? body.error_msg
          : typeof (body.error as { message?: unknown })?.message === 'string'
            ? String((body.error as { message: string }).message)
            : `HTTP ${status}`;
      return { answer: { ...base, status, error: { ...(code ? { code } : {}), message: clean(message) } }, retryAfterMs: retryAfter };
    } catch (e) {
      // The SDK throws for what is not an HTTP answer: a connection error, a timeout.
      const error = e as { httpStatusCode?: unknown; errorMsg?: unknown; message?: unknown };
      const status = typeof error.httpStatusCode === 'number' ? error.httpStatusCode : undefined;
      const raw = typeof error.errorMsg === 'string' ? error.errorMsg : typeof error.message === 'string' ? error.message : String(e);
      return { answer: { ...base, ...(status !== undefined ? { status } : {}), error: { message: clean(raw) } }, retryAfterMs: undefined };
    }
  }

  private client(service: Service, region: string, projectId: string | undefined, domainLevel: boolean): HcClientType {
    const key = `${service}\u0000${region}\u0000${projectId ?? ''}\u0000${domainLevel ? 'domain' : ''}`;
    let client = this.clients.get(key);
    if (!client) {
      this.sdk ??= loadSdk();
      const endpoint = this.options.endpoint(service, region);
      const { accessKey, secretKey, securityToken } = this.options.credentials;
      let credential: InstanceType<typeof this.sdk.BasicCredentials> | InstanceType<typeof this.sdk.GlobalCredentials>;
      if (domainLevel) {
        // Domain-level: no project, X-Domain-Id when known (the SDK would otherwise ask IAM for it, only with a region set).
        credential = new this.sdk.GlobalCredentials().withAk(accessKey).withSk(secretKey).withDomainId(this.options.domainId);
      } else {
        credential = new this.sdk.BasicCredentials().withAk(accessKey).withSk(secretKey);
        if (projectId) credential = credential.withProjectId(projectId);
      }
      if (securityToken) credential = credential.withSecurityToken(securityToken);
      const http = new this.sdk.DefaultHttpClient({ logger: SILENT as never, logLevel: 'error' as never }, [endpoint]);
      client = new this.sdk.HcClient(http).withCredential(credential).withEndpoints([endpoint]);
      silence(client);
      this.clients.set(key, client);
    }
    return client;
  }
}

/** The SDK is loaded only by the live check: it costs more than the rest of the checker to load. */
function loadSdk(): typeof import('./sdk') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./sdk') as typeof import('./sdk');
}

/** HcClient makes its own logger; replace it too. */
function silence(client: HcClientType): void {
  (client as unknown as { logger: unknown }).logger = SILENT;
}

/**
 * How long to wait before retry `attempt` (0 for the first retry): what Retry-After says when the server
 * says it, else full jitter (a random wait up to the exponential bound); never more than the maximum.
 */
export function retryDelay(
  attempt: number,
  retryAfter: number | undefined,
  options: Pick<ClientOptions, 'backoffMs' | 'maxBackoffMs' | 'random'> = {},
): number {
  const max = options.maxBackoffMs ?? 30000;
  if (retryAfter !== undefined) return Math.min(retryAfter, max);
  const bound = Math.min(max, (options.backoffMs ?? 500) * 2 ** attempt);
  return Math.floor((options.random ?? Math.random)() * bound);
}

/** What is worth another attempt: no answer, throttling, or a server error. */
export function retryable(answer: Omit<Answer, 'attempts'>): boolean {
  if (answer.body !== undefined) return false;
  if (answer.status === undefined) return true;
  return answer.status === 429 || (answer.status >= 500 && answer.status <= 599);
}

/**
 * Why an answer's body is not one JSON object, kept on the object the SDK is handed (under a key no answer has). The
 * SDK keeps a body only when it is an object (HcClient.extractResponse): a number, a string, `true`, `null` or an
 * empty body would become {} and, with a 2xx status, a success with nothing in it; axios's parser would keep the
 * last of a key given twice. Called by axios with the body as text and the answer's headers.
 */
const NOT_AN_OBJECT = Symbol('not one JSON object');

function parseAnswer(data: unknown, headers?: Record<string, unknown>): unknown {
  const refuse = (why: string) => ({ [NOT_AN_OBJECT]: why });
  // The SDK hands these content types on as a stream of bytes, whatever they hold.
  const type = String(headers?.['content-type'] ?? '');
  if (/application\/octet-stream|image|application\/zip/i.test(type)) return refuse(`the answer is ${clean(type)}, not JSON`);
  if (typeof data !== 'string' || data.trim() === '') return refuse('the answer is empty, not a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (e) {
    const { problem, where } = jsonSyntaxProblem(data, e);
    return refuse(`the answer is not valid JSON (${problem}${where ? ` at ${where}` : ''})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = Array.isArray(value)
      ? 'a list'
      : value === null
        ? 'null'
        : typeof value === 'boolean'
          ? String(value)
          : `a ${typeof value}`;
    return refuse(`the answer is JSON ${kind}, not an object`);
  }
  const duplicate = findDuplicateKey(data);
  if (duplicate) {
    const key = JSON.stringify(duplicate.key.slice(0, 60));
    return refuse(`the answer gives the key ${key} twice in one object (a JSON reader keeps only one of them)`);
  }
  return value;
}

/** Why the SDK's response holds no answer to read, if it does not: on the response, or on its stream's body. */
function notAnObject(response: Record<string | symbol, unknown>): string | undefined {
  const inner = response.body;
  const why =
    response[NOT_AN_OBJECT] ??
    (inner !== null && typeof inner === 'object' ? (inner as Record<symbol, unknown>)[NOT_AN_OBJECT] : undefined);
  return typeof why === 'string' ? why : undefined;
}

/** Retry-After in milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(String(value));
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
