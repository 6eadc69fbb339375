/**
 * One answer of Huawei Cloud's APIs as a snapshot records it, and what the
 * answers are of: the CTS, SMN, IAM and Organizations paths the live check
 * reads, and the reads of a trace bucket through OBS. The live check writes
 * answers; the conversion to the model reads them.
 */

/** The services the live check reads through Huawei's API SDK. */
export type Service = 'cts' | 'smn' | 'iam' | 'organizations';
/** And OBS, read through Huawei's OBS SDK (lib/live/obs.ts). */
export type AnyService = Service | 'obs';

/** One API answer, as recorded in snapshots: never any header, never a credential. */
export interface Answer {
  readonly service: AnyService;
  /** GET, or POST for IAM's temporary credentials (whose answer is never recorded with its body). */
  readonly method: 'GET' | 'POST';
  /** The path with `{project_id}` left in place. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** HTTP status; absent when no answer came (connection error, timeout). */
  readonly status?: number;
  /** The parsed JSON body of a successful answer. */
  readonly body?: unknown;
  /** Why there is no usable body. */
  readonly error?: { readonly code?: string; readonly message: string };
  /** How many attempts it took. */
  readonly attempts: number;
}

/** The API paths the live check reads, with `{project_id}` left in place. */
export const PATHS = {
  trackers: '/v3/{project_id}/trackers',
  notifications: (type: 'smn' | 'fun') => `/v3/{project_id}/notifications/${type}`,
  operations: '/v3/{project_id}/operations',
  /** CTS's configuration: whether read-only operations are reported (ShowConfiguration). */
  configuration: '/v3/{project_id}/configuration',
  topics: '/v2/{project_id}/notifications/topics',
  subscriptions: (urn: string) => `/v2/{project_id}/notifications/topics/${urn}/subscriptions`,
  projects: '/v3/projects',
  /** IAM: temporary credentials, here through an agency (CreateTemporaryAccessKeyByAgency). */
  securityTokens: '/v3.0/OS-CREDENTIAL/securitytokens',
  /** Organizations: the caller's organization (ShowOrganization). */
  organization: '/v1/organizations',
  /** Organizations: the accounts of the caller's organization (ListAccounts). */
  organizationAccounts: '/v1/organizations/accounts',
} as const;

/** What is read of a bucket, and the SDK method that reads it. */
export const BUCKET_READS = {
  acl: 'getBucketAcl',
  policy: 'getBucketPolicy',
  versioning: 'getBucketVersioningConfiguration',
  encryption: 'getBucketEncryption',
  lifecycle: 'getBucketLifecycleConfiguration',
  storagePolicy: 'getBucketStoragePolicy',
} as const;
export type BucketRead = keyof typeof BUCKET_READS;
