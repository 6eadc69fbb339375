/**
 * The normalized model: what every input (cdktf synth output, Terraform plan
 * and state JSON, HCL, the live API) is turned into before anything is
 * evaluated. Evaluation only ever sees this model.
 *
 * Attribute values are three-valued on purpose. The checker is a security
 * control: a value it cannot see is never taken as a pass.
 */
import type { FileDigest } from './digest';

/** What kind of input an element came from. */
export type InputKind = 'synth' | 'plan' | 'state' | 'hcl' | 'live';

/** Where an element came from, for messages and SARIF locations. */
export interface SourceRef {
  /** The input file as the user named it (or `live:<region>/<project>` for the API). */
  readonly file: string;
  /** RFC 6901 pointer into the JSON file, when the input is JSON. */
  readonly pointer?: string;
  /** 1-based line, when known (HCL, or JSON located by pointer). */
  readonly line?: number;
  /** cdktf construct path, from the synthesized metadata. */
  readonly constructPath?: string;
}

/** A value known at check time. */
export interface Known<T> {
  readonly kind: 'known';
  readonly value: T;
}

/**
 * A reference to another resource's attribute in the same scope, as written
 * in the configuration (`${huaweicloud_smn_topic.audit.topic_urn}`) or listed
 * in a plan's `configuration` (`references`). Evaluation follows it.
 */
export interface Ref {
  readonly kind: 'ref';
  /** Resource address within the scope, with its module path: `module.audit.huaweicloud_smn_topic.t`. */
  readonly address: string;
  /** The attribute referred to, e.g. `topic_urn`; empty for the whole resource. */
  readonly attribute: string;
  /** The expression as written, for messages. */
  readonly expression: string;
}

/** A value that cannot be known statically, with what to do about it. */
export interface Unknown {
  readonly kind: 'unknown';
  /** Why, and what to pass or change to resolve it. One sentence. */
  readonly reason: string;
}

export type Value<T> = Known<T> | Ref | Unknown;

/** Huawei Cloud region names (cn-north-4, ap-southeast-1, eu-west-101), with room for other clouds' own. */
export const REGION_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** What an interpolation that cannot be evaluated becomes in text read for its shape (a bucket policy). */
export const UNRESOLVED = '(unresolved)';

/**
 * The address of a reference to a value another scope exports (a cdktf cross-stack output): its attribute is
 * the key in {@link LoadedInput.exports}, `<scope>#<output name>`.
 */
export const EXPORT_ADDRESS = '@export';

export const known = <T>(value: T): Known<T> => ({ kind: 'known', value });
export const unknown = (reason: string): Unknown => ({ kind: 'unknown', reason });
export const ref = (address: string, attribute: string, expression: string): Ref => ({ kind: 'ref', address, attribute, expression });

/** What every element of the model has. */
export interface ElementBase {
  /** The scope the address is unique in: a stack, a plan, a state file, an HCL root, a live project. */
  readonly scope: string;
  /** Terraform address (with module path and index), or an API identifier for live elements. */
  readonly address: string;
  readonly input: InputKind;
  readonly source: SourceRef;
  /** Region the element lives in. */
  readonly region: Value<string>;
  /** The project, when known (live inputs): a region's projects are audited apart. */
  readonly project?: string;
  /** Live, read through an agency: the account it is in (as named to the check); accounts are audited apart. */
  readonly account?: string;
  /**
   * Set when the element may not exist (a `count` or `for_each` the checker
   * cannot evaluate, on it or on a module around it): why. It can then
   * prove nothing, but it can still take a proof away.
   */
  readonly mayNotExist?: string;
  /** How many identical instances the element stands for, when more than the checker expands one by one. */
  readonly instances?: number;
  /** The resource's `id` in a state (or a plan's known values): with the address, which deployed resource it is. */
  readonly resourceId?: string;
  /** Live: when the answers it comes from were read (ISO time): of two readings of one place, the newest decides. */
  readonly readAt?: string;
}

/** A CTS system (management) tracker. */
export interface Tracker extends ElementBase {
  readonly type: 'tracker';
  readonly enabled: Value<boolean>;
  /** Live status: `enabled`, `disabled` or `error`; absent for configuration. */
  readonly status?: string;
  /** Live error detail, e.g. `bucketPolicyError`. */
  readonly detail?: string;
  /** Live: set when the trackers could not be read (this element stands for them): why. */
  readonly unreadable?: string;
  /** OBS bucket traces are transferred to; known `undefined`/'' means none. */
  readonly bucketName: Value<string | undefined>;
  readonly ltsEnabled: Value<boolean>;
  readonly validateFile: Value<boolean>;
  readonly kmsId: Value<string | undefined>;
  readonly excludeServices: Value<string[]>;
  readonly filePrefix: Value<string | undefined>;
}

/** One `operations` entry of a notification. */
export interface NotificationOperation {
  readonly service: string;
  readonly resource: string;
  readonly traceNames: readonly string[];
}

/** A CTS key event notification. */
export interface Notification extends ElementBase {
  readonly type: 'notification';
  readonly name: Value<string>;
  readonly enabled: Value<boolean>;
  readonly operationType: Value<string>;
  /** The operations the checker can see. */
  readonly operations: Value<NotificationOperation[]>;
  /**
   * Set when more operations may exist than `operations` shows (a `dynamic`
   * block over a value the checker cannot see): why.
   */
  readonly moreOperations?: string;
  /** The SMN topic notified: its URN, or a reference to a topic resource. */
  readonly topic: Value<string | undefined>;
  /** True when a `filter` restricts which occurrences notify. */
  readonly filtered: Value<boolean>;
  /** True when `operation_users` restricts which users' operations notify. */
  readonly userRestricted: Value<boolean>;
  /** Set for notifications to a FunctionGraph function: they reach no SMN topic. */
  readonly functionUrn?: string;
  /** Live: set when the notifications could not be read (this element stands for them): why. */
  readonly unreadable?: string;
}

/** An SMN topic. */
export interface Topic extends ElementBase {
  readonly type: 'topic';
  readonly name: Value<string>;
  readonly urn: Value<string>;
}

/** An SMN subscription to a topic. */
export interface TopicSubscription extends ElementBase {
  readonly type: 'subscription';
  /** The topic: its URN, or a reference to the topic resource. */
  readonly topic: Value<string>;
  readonly protocol: Value<string>;
  readonly endpoint: Value<string>;
  /** Live: subscriptions that are not yet confirmed do not deliver. */
  readonly confirmed?: boolean;
  /** Set when the topic's subscriptions could not be read: why. */
  readonly unreadable?: string;
  /** The subscription's URN (`subscription_urn`, its id), when known: what an unsubscription or filter policy names. */
  readonly urn?: Value<string>;
  /** True when a filter policy delivers only some messages to this subscriber (state and live answers). */
  readonly filtered?: Value<boolean>;
}

/**
 * A change to a subscription made by its own resource:
 * `huaweicloud_smn_topic_unsubscription` cancels it (it then delivers
 * nothing), `huaweicloud_smn_subscription_filter_policy` filters what it
 * is sent (it then gets only some messages).
 */
export interface SubscriptionChange extends ElementBase {
  readonly type: 'unsubscription' | 'subscription-filter';
  /** The subscription: its URN, or a reference to the subscription resource. */
  readonly subscription: Value<string>;
}

/** A bucket's ACL set by its own resource (`huaweicloud_obs_bucket_acl`), which replaces the bucket's. */
export interface BucketAcl extends ElementBase {
  readonly type: 'bucket-acl';
  /** The bucket's name, or a reference to the bucket resource. */
  readonly bucket: Value<string>;
  /** The accesses granted to everyone (`public_permission`): READ, WRITE, READ_ACP, WRITE_ACP. */
  readonly publicAccess: Value<string[]>;
}

/** One lifecycle rule of a bucket, as far as retention is concerned. */
export interface LifecycleRule {
  readonly enabled: boolean;
  readonly prefix: string;
  readonly expirationDays?: number;
  /** Days after which versions that are no longer current (overwritten or deleted trace files) expire. */
  readonly noncurrentExpirationDays?: number;
}

/** An OBS bucket. */
export interface Bucket extends ElementBase {
  readonly type: 'bucket';
  readonly name: Value<string>;
  readonly acl: Value<string>;
  readonly versioning: Value<boolean>;
  readonly encryption: Value<boolean>;
  readonly sseAlgorithm: Value<string | undefined>;
  readonly kmsKeyId: Value<string | undefined>;
  readonly forceDestroy: Value<boolean>;
  readonly lifecycleRules: Value<LifecycleRule[]>;
  /** The bucket's own policy (the `policy` argument), as JSON text; known `undefined` when none. */
  readonly policy: Value<string | undefined>;
  /** `obs` or `s3`: the form of `policy`. */
  readonly policyFormat: Value<string>;
}

/** A bucket policy set by its own resource (`huaweicloud_obs_bucket_policy`). */
export interface BucketPolicy extends ElementBase {
  readonly type: 'bucket-policy';
  /** The bucket's name, or a reference to the bucket resource. */
  readonly bucket: Value<string>;
  /** The policy, as JSON text. */
  readonly policy: Value<string>;
  /** `obs` or `s3`. */
  readonly policyFormat: Value<string>;
}

/** A KMS key. */
export interface Key extends ElementBase {
  readonly type: 'key';
  readonly id: Value<string>;
  readonly enabled: Value<boolean>;
  readonly rotationEnabled: Value<boolean>;
}

/**
 * CTS's configuration of a region and project (`huaweicloud_cts_configuration`,
 * `GET /v3/{project_id}/configuration`): whether read-only operations are
 * reported, for all services or for the ones listed. One per project: the
 * last one applied wins, so every copy in the inputs must agree.
 */
export interface CtsConfiguration extends ElementBase {
  readonly type: 'configuration';
  /** `is_support_read_only`: read-only audit logs of every service are reported. */
  readonly readOnlyAll: Value<boolean>;
  /** `support_read_only_services`: the services whose read-only audit logs are reported when `readOnlyAll` is false. */
  readonly readOnlyServices: Value<string[]>;
  /** `is_sync_global_trace`: global services' traces are synchronized from the central region. */
  readonly syncGlobal: Value<boolean>;
  /** Live: set when the configuration could not be read (this element stands for it): why. */
  readonly unreadable?: string;
}

export type Element =
  Tracker | Notification | Topic | TopicSubscription | SubscriptionChange | Bucket | BucketPolicy | BucketAcl | Key | CtsConfiguration;

/**
 * A problem with an input that is not a reason to stop (that would be an
 * InputError), but that makes what depends on it unknown, e.g. a `count`
 * that is not a literal. Reported with the verdict.
 */
export interface InputDiagnostic {
  readonly source: SourceRef;
  readonly message: string;
  /**
   * Set when part of a configuration was not read (a module from a registry,
   * a module whose count is not a literal): what is missing could be there,
   * so an event it would leave uncovered is unknown instead.
   */
  readonly hides?: boolean;
  /**
   * The buckets (addresses in `scope`, or all of the scope's) that the part
   * not read is given or may act on: a bucket policy for them could be there.
   */
  readonly reaches?: { readonly scope: string; readonly addresses: readonly string[] | '*' };
  /** The rule the diagnostic is reported under, when not `input-incomplete` (a warning): e.g. `resource-unmodeled`. */
  readonly rule?: string;
  /** The resource it is about, for waivers by address. */
  readonly address?: string;
}

/** One loaded input. */
export interface LoadedInput {
  readonly file: string;
  readonly kind: InputKind;
  readonly elements: Element[];
  readonly diagnostics: InputDiagnostic[];
  /**
   * Values a scope exports to other scopes: cdktf cross-stack outputs, keyed
   * by `<scope>#<output name>`. Lets a notification in one stack resolve a
   * topic defined in another.
   */
  readonly exports?: Record<string, ScopedValue>;
  /**
   * Live inputs: for each `<region>\u0000<project>`, `true` when its SMN
   * topics were all listed (a topic not listed does not exist), or why
   * they could not be.
   */
  readonly topicListings?: Record<string, string | true>;
  /**
   * Live inputs: every region (and project) that was read, successfully or
   * not. What is deployed there decides: configuration trackers and
   * notifications do not count in a region that has a live reading, and a
   * region read is a region to check.
   */
  readonly readings?: LiveReading[];
  /** Configuration inputs: the variables the root module declares (a --var of no input's variable is an error). */
  readonly variables?: readonly string[];
  /** The files read to load it, with the SHA-256 of their bytes (none for what was read through an API). */
  readonly files?: readonly FileDigest[];
  /**
   * Plans: the resources of the state the plan was made from (`prior_state`), address to `id`. A state
   * given beside it whose resource has that address and id is the same resource, and the plan decides
   * what becomes of it (deleted, replaced, renamed, moved): the state copy does not count.
   */
  readonly priorState?: Readonly<Record<string, string>>;
  /**
   * States, and plans of their `prior_state`: every managed object (deposed ones aside), address to a digest of
   * its values (its id among them). Two inputs that hold one object with the same digest are views of one
   * workspace, and must then agree: an object one holds and the other lacks, or holds with other values, tells
   * that they are of different times.
   */
  readonly objects?: Readonly<Record<string, string>>;
}

/** A region (and project) that a live input read. */
export interface LiveReading {
  /** The account read through an agency (as named to the check); absent for the account of the credentials. */
  readonly account?: string;
  readonly region: string;
  readonly project?: string;
  /** When it was read (ISO time). */
  readonly readAt?: string;
}

/** A value together with the scope its references resolve in. */
export interface ScopedValue {
  readonly scope: string;
  readonly value: Value<unknown>;
}

/** Everything the checker knows about the account, merged from all inputs. */
export interface Model {
  readonly inputs: ReadonlyArray<{ file: string; kind: InputKind; files?: readonly FileDigest[] }>;
  readonly elements: readonly Element[];
  readonly diagnostics: readonly InputDiagnostic[];
  readonly exports: Readonly<Record<string, ScopedValue>>;
  readonly topicListings?: Readonly<Record<string, string | true>>;
  readonly readings?: readonly LiveReading[];
}

/**
 * Merges loaded inputs into one model. Where two inputs describe the same
 * thing, the later one decides, whatever the order of the files: a plan
 * over the state it was made from, and the newest reading of a place read
 * live (twice, in two snapshots or in one) over older ones.
 */
export function mergeInputs(loaded: readonly LoadedInput[]): Model {
  const doubts = viewsOfOneWorkspace(loaded);
  /** Whether a plan decides a state's object: it has the same address and id in the plan's prior state, and, when both digests are known, the same values. */
  const superseded = (e: Element, state: LoadedInput): boolean =>
    loaded.some(
      (plan) =>
        e.resourceId !== undefined &&
        plan.priorState?.[e.address] === e.resourceId &&
        (plan.objects === undefined || state.objects === undefined || plan.objects[e.address] === state.objects[e.address]),
    );
  const newest = new Map<string, string>();
  // A place read live: (account, region, project).
  const place = (p: { account?: string; region: string; project?: string }) =>
    `${p.account ?? ''}\u0000${p.region}\u0000${p.project ?? ''}`;
  for (const r of loaded.flatMap((l) => l.readings ?? [])) {
    const key = place(r);
    if (r.readAt !== undefined && (newest.get(key) ?? '') < r.readAt) newest.set(key, r.readAt);
  }
  const current = (p: { account?: string; region: string; project?: string }, readAt: string | undefined) =>
    readAt === undefined || (newest.get(place(p)) ?? readAt) === readAt;
  const kept = (e: Element, input: LoadedInput): boolean => {
    const kind = input.kind;
    if (kind === 'state' && superseded(e, input)) return false;
    if (kind === 'live' && e.region.kind === 'known') {
      return current({ account: e.account, region: e.region.value, project: e.project }, e.readAt);
    }
    return true;
  };
  // Topic listings of older readings give way to the newest: apply them oldest first.
  const listings = loaded
    .flatMap((l) => Object.entries(l.topicListings ?? {}).map(([key, value]) => ({ key, value, at: readAtOf(l, key) })))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const readings = new Map<string, LiveReading>();
  for (const r of loaded.flatMap((l) => l.readings ?? [])) {
    if (current(r, r.readAt)) readings.set(place(r), r);
  }
  return {
    inputs: loaded.map((l) => ({ file: l.file, kind: l.kind, ...(l.files ? { files: l.files } : {}) })),
    elements: loaded.flatMap((l) =>
      l.elements
        .filter((e) => kept(e, l))
        .map((e) => {
          const doubt = e.mayNotExist ? undefined : doubts.get(l)?.get(e.address);
          return doubt === undefined ? e : { ...e, mayNotExist: doubt };
        }),
    ),
    diagnostics: loaded.flatMap((l) => l.diagnostics),
    exports: Object.assign({}, ...loaded.map((l) => l.exports ?? {})),
    topicListings: Object.fromEntries(listings.map((l) => [l.key, l.value])),
    readings: [...readings.values()],
  };
}

/**
 * For each state, the objects that another view of its workspace (a state, or the prior state of a plan: one that
 * holds an object with the same digest) does not hold: the two are of different times, the object may be gone,
 * and the state's copy proves nothing. A plan's own objects are what it will make, and are not doubted.
 */
function viewsOfOneWorkspace(loaded: readonly LoadedInput[]): Map<LoadedInput, Map<string, string>> {
  const doubts = new Map<LoadedInput, Map<string, string>>();
  for (const state of loaded) {
    if (state.kind !== 'state' || state.objects === undefined) continue;
    const mine = state.objects;
    for (const other of loaded) {
      const theirs = other.objects;
      if (other === state || theirs === undefined || (other.kind !== 'state' && other.kind !== 'plan')) continue;
      if (!Object.keys(mine).some((a) => hasOwnKey(theirs, a) && theirs[a] === mine[a])) continue;
      const view = other.kind === 'plan' ? `the state ${other.file} was made from` : `${other.file}, a state of the same workspace,`;
      const advice = other.kind === 'plan' ? 'check the plan with the state it was made from' : 'check the current state alone';
      const found = doubts.get(state) ?? new Map<string, string>();
      // An object the other view holds with other values counts in both (the worst copy decides): only one it
      // does not hold at all may be gone.
      for (const address of Object.keys(mine)) {
        if (found.has(address) || hasOwnKey(theirs, address)) continue;
        found.set(address, `${state.file} holds ${address}, but ${view} does not: they are of different times; ${advice}`);
      }
      doubts.set(state, found);
    }
  }
  return doubts;
}

function hasOwnKey(map: Readonly<Record<string, string>>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
}

/** When an input read the place a topic listing key (`<region>\u0000<project>`) names; '' when not known. */
function readAtOf(input: LoadedInput, key: string): string {
  const [region, project] = key.split('\u0000');
  const reading = (input.readings ?? []).find((r) => r.region === region && (r.project ?? '') === project);
  return reading?.readAt ?? '';
}
