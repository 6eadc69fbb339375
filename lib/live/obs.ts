/**
 * Reads trace buckets through Huawei's own OBS SDK (`esdk-obs-nodejs`),
 * loaded only when a live check reads a bucket. Each read is one answer, in
 * the same shape as the CTS and SMN answers, so that snapshots keep it and
 * lib/snapshot/convert.ts turns it into the model's bucket.
 *
 * The SDK is guarded: its client finishes initializing asynchronously after
 * construction, and a request made before that throws inside the SDK
 * (`Cannot read properties of null (reading 'signature')`), so every client
 * is awaited before its first request and every call is wrapped, a throw
 * becoming an answer that says so. The SDK's own retries are off (the live
 * client retries, with backoff), which also keeps it from following a
 * redirect with a signed request. Nothing of its logging is turned on: it
 * logs nothing unless told to.
 */
import { type Answer, BUCKET_READS, type BucketRead } from '../snapshot/answer';
import { type Credentials, clean } from './credentials';

/** What of each answer proves the point: nothing of the headers (request id, date). */
const KEPT: Record<BucketRead, readonly string[]> = {
  acl: ['Owner', 'Grants'],
  policy: ['Policy'],
  versioning: ['VersionStatus'],
  encryption: ['Rule'],
  lifecycle: ['Rules'],
  storagePolicy: ['StorageClass'],
};

/** The answer's request part: `GET /<bucket>?<read>`. */
export function obsRequest(bucket: string, read: BucketRead): Omit<Answer, 'attempts' | 'status' | 'body' | 'error'> {
  return { service: 'obs', method: 'GET', path: `/${bucket}`, query: { [read]: '' } };
}

interface SdkResult {
  CommonMsg?: { Status?: number; Code?: string; Message?: string };
  InterfaceResult?: Record<string, unknown> | null;
}
type SdkMethod = (param: { Bucket: string }, callback: (err: unknown, result: SdkResult | undefined) => void) => void;
type SdkClient = Record<string, unknown> & { close(): void; util?: { signatureContext?: unknown } };

export interface ObsReaderOptions {
  readonly credentials: Credentials;
  /** The OBS endpoint of a region: scheme, host and port (the SDK ignores any path). */
  readonly endpoint: (region: string) => string;
  readonly timeoutMs: number;
  /**
   * Connection pools to keep connections alive in, shared with the live client's other requests (without,
   * the SDK opens a connection for every request).
   */
  readonly agents?: { readonly http: unknown; readonly https: unknown };
  /** For tests: how to make an SDK client. */
  readonly create?: (options: Record<string, unknown>) => SdkClient;
}

/** One SDK client per region, made ready before its first request. */
export class ObsReader {
  private readonly clients = new Map<string, Promise<SdkClient>>();

  public constructor(private readonly options: ObsReaderOptions) {}

  public async read(
    region: string,
    bucket: string,
    read: BucketRead,
  ): Promise<{ answer: Omit<Answer, 'attempts'>; retryAfterMs: undefined }> {
    const base = obsRequest(bucket, read);
    const fail = (message: string) => ({
      answer: { ...base, error: { message: clean(message) } },
      retryAfterMs: undefined,
    });
    let client: SdkClient;
    try {
      client = await this.client(region);
    } catch (e) {
      this.clients.delete(region);
      return fail(`the OBS SDK could not be started (${messageOf(e)})`);
    }
    const method = client[BUCKET_READS[read]] as SdkMethod | undefined;
    if (typeof method !== 'function') return fail(`the OBS SDK has no ${BUCKET_READS[read]}`);
    const result = await new Promise<{ err?: unknown; result?: SdkResult }>((resolve) => {
      const timer = setTimeout(
        () => resolve({ err: new Error(`timeout of ${this.options.timeoutMs}ms exceeded`) }),
        this.options.timeoutMs + 1000,
      );
      const done = (value: { err?: unknown; result?: SdkResult }) => {
        clearTimeout(timer);
        resolve(value);
      };
      try {
        method.call(client, { Bucket: bucket }, (err, res) => done({ err, result: res }));
      } catch (e) {
        done({ err: new Error(`the OBS SDK failed before sending the request (${messageOf(e)})`) });
      }
    });
    if (result.err || !result.result?.CommonMsg) return fail(result.err ? messageOf(result.err) : 'the OBS SDK gave no answer');
    const { Status, Code, Message } = result.result.CommonMsg;
    const status = typeof Status === 'number' ? Status : undefined;
    if (status !== undefined && status >= 200 && status < 300) {
      const out = result.result.InterfaceResult ?? {};
      const body = Object.fromEntries(KEPT[read].filter((k) => k in out).map((k) => [k, out[k]]));
      return { answer: { ...base, status, body }, retryAfterMs: undefined };
    }
    return {
      answer: {
        ...base,
        ...(status !== undefined ? { status } : {}),
        error: { ...(Code ? { code: clean(Code) } : {}), message: clean(Message || `HTTP ${status ?? '?'}`) },
      },
      retryAfterMs: undefined,
    };
  }

  public close(): void {
    for (const pending of this.clients.values()) pending.then((c) => c.close()).catch(() => undefined);
    this.clients.clear();
  }

  private client(region: string): Promise<SdkClient> {
    let pending = this.clients.get(region);
    if (!pending) {
      pending = this.make(region);
      this.clients.set(region, pending);
    }
    return pending;
  }

  private async make(region: string): Promise<SdkClient> {
    const { accessKey, secretKey, securityToken } = this.options.credentials;
    const options = {
      access_key_id: accessKey,
      secret_access_key: secretKey,
      ...(securityToken ? { security_token: securityToken } : {}),
      server: this.options.endpoint(region),
      // OBS's own signature, without asking the server first (one request less per bucket).
      signature: 'obs',
      is_signature_negotiation: false,
      // The live client retries; the SDK's own retry would also follow a redirect, re-sending the signed request.
      max_retry_count: 0,
      timeout: Math.max(1, Math.ceil(this.options.timeoutMs / 1000)),
      ...(this.options.agents ? { http_agent: this.options.agents.http, https_agent: this.options.agents.https } : {}),
    };
    const client = (this.options.create ?? createSdkClient)(options);
    // The SDK initializes after its constructor returns: wait for it before the first request.
    for (let i = 0; i < 10 && !client.util?.signatureContext; i++) await new Promise((resolve) => setImmediate(resolve));
    if (!client.util?.signatureContext) throw new Error('it did not finish initializing');
    return client;
  }
}

function createSdkClient(options: Record<string, unknown>): SdkClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ObsClient = require('esdk-obs-nodejs') as new (options: Record<string, unknown>) => SdkClient;
  return new ObsClient(options);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
