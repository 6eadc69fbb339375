/**
 * From Terraform attributes to model elements, shared by every Terraform
 * input (cdktf synth, plan, state, HCL). A loader supplies how to read a raw
 * attribute; this module knows the resource types, their attribute names,
 * the provider's defaults and the types.
 */
import { Element, ElementBase, InputDiagnostic, LifecycleRule, NotificationOperation, Value, known, unknown } from '../model';
import { describeValue } from '../json';
import { isObjectLike } from './common';

/**
 * Reads a raw attribute: `known(undefined)` when it is not set. `template`: a
 * string with interpolations the loader cannot evaluate is returned with
 * placeholders, for text read for its shape.
 */
export type AttrReader = (name: string, mode?: 'template') => Value<unknown>;

/**
 * Marks, in a list of blocks an {@link AttrReader} returns, blocks that a
 * `dynamic` block generates but the checker cannot see: the list is known to
 * hold at least the others.
 */
export const UNKNOWN_BLOCKS = Symbol('cts-audit.unknownBlocks');

/** The nested block types of a block, each with the nested block types of its own. */
export type BlockTree = ReadonlyMap<string, BlockTree>;

interface BlockSpec {
  readonly [blockType: string]: BlockSpec;
}

function blockTree(spec: BlockSpec): BlockTree {
  return new Map(Object.entries(spec).map(([name, inner]) => [name, blockTree(inner)]));
}

/** The blocks Terraform reads in every resource, with their own. */
const META_BLOCKS: BlockSpec = { lifecycle: { precondition: {}, postcondition: {} }, provisioner: { connection: {} }, connection: {} };

/**
 * The nested block types of the modeled resources, at every depth, which Terraform refuses in argument syntax
 * (`operations = [...]`: "An argument named "operations" is not expected here"). hcl2json gives a block and an
 * argument the same JSON, so the HCL loader checks the text for them. From the provider's schema
 * (providers/huaweicloud/schema.json, checked by a test) and, for the types it lacks, the provider's Go source;
 * with the blocks Terraform reads in every resource.
 */
export const NESTED_BLOCKS: ReadonlyMap<string, BlockTree> = new Map(
  Object.entries<BlockSpec>({
    huaweicloud_cts_tracker: { timeouts: {} },
    huaweicloud_cts_notification: { filter: {}, operation_users: {}, operations: {}, timeouts: {} },
    huaweicloud_smn_topic: {},
    huaweicloud_smn_subscription: { extension: {} },
    huaweicloud_obs_bucket: {
      cors_rule: {},
      lifecycle_rule: {
        abort_incomplete_multipart_upload: {},
        expiration: {},
        noncurrent_version_expiration: {},
        noncurrent_version_transition: {},
        transition: {},
      },
      logging: {},
      website: {},
    },
    huaweicloud_obs_bucket_policy: {},
    huaweicloud_kms_key: {},
    huaweicloud_cts_configuration: {},
    huaweicloud_smn_topic_unsubscription: {},
    huaweicloud_smn_subscription_filter_policy: { filter_policies: {} },
    huaweicloud_obs_bucket_acl: { owner_permission: {}, public_permission: {}, log_delivery_user_permission: {}, account_permission: {} },
  }).map(([type, blocks]) => [type, blockTree({ ...blocks, ...META_BLOCKS })]),
);

/** The Terraform resource types the checker models. */
export const MODELED_TYPES: ReadonlySet<string> = new Set(NESTED_BLOCKS.keys());

/**
 * Resource types of the services the trail rests on (CTS, SMN, OBS) that can
 * change what is recorded, who is notified or who can reach the trace files,
 * and that the checker does not model: any one in the inputs fails the check
 * (rule resource-unmodeled) until it is reviewed and waived. The others of
 * those services only add (a data tracker, a message template, a subscriber
 * confirmed) or do not touch the trail.
 */
const HARMLESS_UNMODELED = new Set([
  'huaweicloud_cts_data_tracker',
  'huaweicloud_smn_message_template',
  'huaweicloud_smn_message_publish',
  'huaweicloud_smn_message_detection',
  'huaweicloud_smn_logtank',
  'huaweicloud_smn_topic_subscription',
  'huaweicloud_smn_topic_subscriber',
  'huaweicloud_obs_bucket_object',
  'huaweicloud_obs_bucket_bpa',
  'huaweicloud_obs_bucket_object_restore',
]);

/** Whether a resource type can change the trail without the checker seeing it (see {@link HARMLESS_UNMODELED}). */
export function unmodeledRisk(type: string): boolean {
  return /^huaweicloud_(cts|smn|obs)_/.test(type) && !MODELED_TYPES.has(type) && !HARMLESS_UNMODELED.has(type);
}

/** The diagnostic for an unmodeled resource of the trail's services. */
export function unmodeledDiagnostic(type: string, address: string, source: InputDiagnostic['source']): InputDiagnostic {
  return {
    source,
    address,
    rule: 'resource-unmodeled',
    message: `${address} is a ${type}, which can change what CTS records, who is notified or who can reach the trace files, and which the checker does not model: it cannot vouch for the trail beside it; review what it does and waive this finding (resource-unmodeled, address ${address}) with the reason, or remove it`,
  };
}

/**
 * Builds the element for a resource of a modeled type; undefined for other
 * types. `base` carries address, scope, source and region.
 */
export function buildElement(resourceType: string, base: ElementBase, read: AttrReader): Element | undefined {
  switch (resourceType) {
    case 'huaweicloud_cts_tracker': {
      // A state (or a plan's known values) holds what CTS said of the tracker: in error, it records nothing.
      const status = read('status');
      const detail = read('detail');
      return {
        ...base,
        type: 'tracker',
        ...(status.kind === 'known' && typeof status.value === 'string' && status.value !== '' ? { status: status.value } : {}),
        ...(detail.kind === 'known' && typeof detail.value === 'string' && detail.value !== '' ? { detail: detail.value } : {}),
        enabled: bool(read('enabled'), true),
        bucketName: optionalString(read('bucket_name')),
        ltsEnabled: bool(read('lts_enabled'), false),
        validateFile: bool(read('validate_file'), false),
        kmsId: optionalString(read('kms_id')),
        excludeServices: stringList(read('exclude_service')),
        filePrefix: optionalString(read('file_prefix')),
      };
    }
    case 'huaweicloud_cts_notification': {
      const raw = read('operations');
      const hidden =
        raw.kind === 'known' && Array.isArray(raw.value) ? raw.value.find((b) => isObjectLike(b) && UNKNOWN_BLOCKS in b) : undefined;
      const name = string(read('name'), 'name');
      // A configuration the provider refuses never gets a plan; a state or plan already passed its validation.
      const refused = base.input === 'synth' || base.input === 'hcl' ? refusedNotificationName(name) : undefined;
      return {
        ...base,
        ...(refused && base.mayNotExist === undefined ? { mayNotExist: refused } : {}),
        type: 'notification',
        name,
        enabled: bool(read('enabled'), true),
        operationType: string(read('operation_type'), 'operation_type'),
        operations: operations(
          hidden ? known((raw as { value: unknown[] }).value.filter((b) => !(isObjectLike(b) && UNKNOWN_BLOCKS in b))) : raw,
        ),
        ...(hidden ? { moreOperations: (hidden as Record<symbol, string>)[UNKNOWN_BLOCKS] } : {}),
        topic: optionalString(read('smn_topic')),
        filtered: present(read('filter')),
        userRestricted: present(read('operation_users')),
      };
    }
    case 'huaweicloud_smn_topic':
      return { ...base, type: 'topic', name: string(read('name'), 'name'), urn: string(read('topic_urn'), 'topic_urn') };
    case 'huaweicloud_smn_subscription': {
      // SMN status 1 is confirmed; 0 (waiting for the subscriber to confirm) or 3 (cancelled) deliver nothing.
      // Configuration and plans cannot know it, so a configured subscription counts there.
      const status = read('status');
      const urn = read('subscription_urn');
      const filters = read('filter_policies');
      return {
        ...base,
        type: 'subscription',
        topic: string(read('topic_urn'), 'topic_urn'),
        protocol: string(read('protocol'), 'protocol'),
        endpoint: string(read('endpoint'), 'endpoint'),
        ...(status.kind === 'known' && typeof status.value === 'number' ? { confirmed: status.value === 1 } : {}),
        ...(urn.kind === 'known' && typeof urn.value === 'string' && urn.value !== '' ? { urn: known(urn.value) } : {}),
        // filter_policies is computed: a state (or a plan's known values) holds the subscriber's filter policies.
        ...(filters.kind === 'known' && filters.value !== undefined ? { filtered: present(filters) } : {}),
      };
    }
    case 'huaweicloud_obs_bucket':
      return {
        ...base,
        type: 'bucket',
        name: string(read('bucket'), 'bucket'),
        acl: string(read('acl'), 'acl', 'private'),
        versioning: bool(read('versioning'), false),
        encryption: bool(read('encryption'), false),
        sseAlgorithm: optionalString(read('sse_algorithm')),
        kmsKeyId: optionalString(read('kms_key_id')),
        forceDestroy: bool(read('force_destroy'), false),
        lifecycleRules: lifecycleRules(read('lifecycle_rule')),
        policy: optionalString(read('policy', 'template')),
        policyFormat: string(read('policy_format'), 'policy_format', 'obs'),
      };
    case 'huaweicloud_obs_bucket_policy':
      return {
        ...base,
        type: 'bucket-policy',
        bucket: string(read('bucket'), 'bucket'),
        policy: string(read('policy', 'template'), 'policy'),
        policyFormat: string(read('policy_format'), 'policy_format', 'obs'),
      };
    case 'huaweicloud_kms_key':
      return {
        ...base,
        type: 'key',
        id: string(read('id'), 'id'),
        enabled: bool(read('is_enabled'), true),
        rotationEnabled: bool(read('rotation_enabled'), false),
      };
    case 'huaweicloud_smn_topic_unsubscription':
      return { ...base, type: 'unsubscription', subscription: string(read('subscription_urn'), 'subscription_urn') };
    case 'huaweicloud_smn_subscription_filter_policy':
      return { ...base, type: 'subscription-filter', subscription: string(read('subscription_urn'), 'subscription_urn') };
    case 'huaweicloud_obs_bucket_acl':
      return { ...base, type: 'bucket-acl', bucket: string(read('bucket'), 'bucket'), publicAccess: accesses(read('public_permission')) };
    case 'huaweicloud_cts_configuration':
      // is_support_read_only and is_sync_global_trace are required: a configuration without them is not valid Terraform.
      return {
        ...base,
        type: 'configuration',
        readOnlyAll: requiredBool(read('is_support_read_only'), 'is_support_read_only'),
        readOnlyServices: stringList(read('support_read_only_services')),
        syncGlobal: requiredBool(read('is_sync_global_trace'), 'is_sync_global_trace'),
      };
    default:
      return undefined;
  }
}

/**
 * Why the provider refuses a notification's name at plan (its ValidateFunc: 1 to 64 bytes, Go's len, of letters,
 * digits, underscores and the Chinese characters U+4E00 to U+9FA5); undefined when it takes it or it is not known.
 */
function refusedNotificationName(name: Value<string>): string | undefined {
  if (name.kind !== 'known') return undefined;
  const bytes = Buffer.byteLength(name.value, 'utf8');
  if (bytes >= 1 && bytes <= 64 && /^[\u4e00-\u9fa50-9a-zA-Z_]+$/.test(name.value)) return undefined;
  return `the provider refuses its name ${describeValue(name.value)} (1 to 64 bytes of letters, digits, underscores or Chinese characters), so Terraform stops at plan; rename it`;
}

/** A required boolean: unset is not a default, it is a configuration Terraform refuses. */
function requiredBool(v: Value<unknown>, name: string): Value<boolean> {
  return mapKnown(v, (x) => (x === undefined || x === null ? unknown(`${name} is required and not set`) : bool(known(x), false)));
}

/** Maps a value that is known; refs and unknowns pass through. */
export function mapKnown<A, B>(v: Value<A>, f: (a: A) => Value<B>): Value<B> {
  return v.kind === 'known' ? f(v.value) : v;
}

function bool(v: Value<unknown>, fallback: boolean): Value<boolean> {
  return mapKnown(v, (x) => {
    if (x === undefined || x === null) return known(fallback);
    if (typeof x === 'boolean') return known(x);
    // Terraform converts the strings "true" and "false" to bool.
    if (x === 'true' || x === 'false') return known(x === 'true');
    return unknown(`expected true or false, got ${describeValue(x)}`);
  });
}

/** A string attribute; when not set, the provider's default if it has one, else unknown (computed). */
function string(v: Value<unknown>, name: string, fallback?: string): Value<string> {
  return mapKnown(v, (x) => {
    if (typeof x === 'string') return known(x);
    if (typeof x === 'number' || typeof x === 'boolean') return known(String(x));
    if (x === undefined || x === null) return fallback !== undefined ? known(fallback) : unknown(`${name} is not set`);
    return unknown(`${name}: expected a string, got ${describeValue(x)}`);
  });
}

function optionalString(v: Value<unknown>): Value<string | undefined> {
  return mapKnown(v, (x) => {
    if (x === undefined || x === null) return known(undefined);
    if (typeof x === 'string') return known(x === '' ? undefined : x);
    return unknown(`expected a string, got ${describeValue(x)}`);
  });
}

function stringList(v: Value<unknown>): Value<string[]> {
  return mapKnown(v, (x) => {
    if (x === undefined || x === null) return known([]);
    if (Array.isArray(x) && x.every((s) => typeof s === 'string')) return known(x as string[]);
    return unknown(`expected a list of strings, got ${describeValue(x)}`);
  });
}

/** A block (list of objects, or one object in Terraform's JSON syntax) as an array. */
function blocks(x: unknown): Record<string, unknown>[] | undefined {
  if (x === undefined || x === null) return [];
  const list = Array.isArray(x) ? x : [x];
  return list.every((b) => typeof b === 'object' && b !== null && !Array.isArray(b)) ? (list as Record<string, unknown>[]) : undefined;
}

function present(v: Value<unknown>): Value<boolean> {
  return mapKnown(v, (x) => {
    const list = blocks(x);
    return list === undefined ? unknown('cannot read the block') : known(list.length > 0);
  });
}

function operations(v: Value<unknown>): Value<NotificationOperation[]> {
  return mapKnown(v, (x) => {
    const list = blocks(x);
    if (list === undefined) return unknown('operations is not a list of blocks');
    const out: NotificationOperation[] = [];
    for (const op of list) {
      const { service, resource, trace_names: traceNames } = op;
      if (typeof service !== 'string' || typeof resource !== 'string') {
        return unknown('an operations block has a service or resource that is not a literal string');
      }
      if (!Array.isArray(traceNames) || !traceNames.every((t) => typeof t === 'string')) {
        return unknown(`the trace_names of ${service}/${resource} are not a literal list of strings`);
      }
      out.push({ service, resource, traceNames });
    }
    return known(out);
  });
}

/** The accesses a permission block grants (`access_to_bucket`, `access_to_acl`), or none. */
function accesses(v: Value<unknown>): Value<string[]> {
  return mapKnown(v, (x) => {
    const list = blocks(x);
    if (list === undefined) return unknown('the permission block cannot be read');
    const out: string[] = [];
    for (const block of list) {
      for (const key of ['access_to_bucket', 'access_to_acl']) {
        const granted = block[key];
        if (granted === undefined || granted === null) continue;
        if (!Array.isArray(granted) || !granted.every((g) => typeof g === 'string')) {
          return unknown(`${key} is not a literal list of strings`);
        }
        out.push(...(granted as string[]));
      }
    }
    return known(out);
  });
}

function lifecycleRules(v: Value<unknown>): Value<LifecycleRule[]> {
  return mapKnown(v, (x) => {
    const list = blocks(x);
    if (list === undefined) return unknown('lifecycle_rule is not a list of blocks');
    const out: LifecycleRule[] = [];
    for (const rule of list) {
      const enabled = rule.enabled === true || rule.enabled === 'true';
      if (typeof rule.enabled !== 'boolean' && rule.enabled !== 'true' && rule.enabled !== 'false') {
        return unknown('a lifecycle_rule has an enabled value that is not a literal');
      }
      const expirations = blocks(rule.expiration);
      if (expirations === undefined) return unknown('a lifecycle_rule expiration is not a block');
      const days = expirations.map((e) => e.days);
      if (!days.every((d) => typeof d === 'number')) return unknown('a lifecycle_rule expiration has days that are not a literal number');
      const noncurrent = blocks(rule.noncurrent_version_expiration);
      if (noncurrent === undefined) return unknown('a lifecycle_rule noncurrent_version_expiration is not a block');
      const noncurrentDays = noncurrent.map((e) => e.days);
      if (!noncurrentDays.every((d) => typeof d === 'number')) {
        return unknown('a lifecycle_rule noncurrent_version_expiration has days that are not a literal number');
      }
      out.push({
        enabled,
        prefix: typeof rule.prefix === 'string' ? rule.prefix : '',
        expirationDays: days.length > 0 ? Math.min(...(days as number[])) : undefined,
        ...(noncurrentDays.length > 0 ? { noncurrentExpirationDays: Math.min(...(noncurrentDays as number[])) } : {}),
      });
    }
    return known(out);
  });
}
