/**
 * Small builders for model elements, compliant by default: a test states
 * only what it changes. Values are written as the loaders produce them
 * (`known`, `unknown`, `ref`), so a test reads like the input it stands for.
 */
import {
  Bucket,
  BucketPolicy,
  CtsConfiguration,
  Element,
  ElementBase,
  InputDiagnostic,
  InputKind,
  Key,
  LoadedInput,
  Model,
  Notification,
  NotificationOperation,
  ScopedValue,
  Topic,
  TopicSubscription,
  Tracker,
  known,
  mergeInputs,
} from '../../lib/model';
import { defaultTable } from '../../lib/policy/bundled';
import { OperationsTable, parseTable, traceNamesByResourceType } from '../../lib/policy/table';

export const REGION = 'cn-north-4';
export const OTHER_REGION = 'ap-southeast-1';
export const PROJECT = '0970dd7a1300f5672ff2c003c60ae115';
export const TOPIC_NAME = 'cts_audit';
export const BUCKET_NAME = 'cts-audit-traces';
export const KEY_ID = '6a5a1b4e-7c2d-4f7e-9d1a-2b3c4d5e6f70';
export const SCOPE = 'state.json';

/** The URN of an SMN topic in a region of the test project. */
export const urn = (name = TOPIC_NAME, region = REGION): string => `urn:smn:${region}:${PROJECT}:${name}`;

type Overrides<T extends Element> = Partial<Omit<T, 'type'>>;

/** Defaults every element shares; the source file follows an overridden scope. */
function base(address: string, overrides: Partial<ElementBase>): ElementBase {
  const scope = overrides.scope ?? SCOPE;
  const input: InputKind = overrides.input ?? 'state';
  return { scope, address, input, source: { file: scope }, region: known(REGION) };
}

/** The bundled ModelArts notebook table: its operations, the way the constructs list them. */
export function allOperations(table: OperationsTable = defaultTable()): NotificationOperation[] {
  return traceNamesByResourceType(table).map((g) => ({ service: table.service, resource: g.resourceType, traceNames: g.traceNames }));
}

/** An enabled system tracker writing to the trace bucket and LTS, validating and encrypting files. */
export function tracker(overrides: Overrides<Tracker> = {}): Tracker {
  return {
    ...base('huaweicloud_cts_tracker.system', overrides),
    type: 'tracker',
    enabled: known(true),
    bucketName: known(BUCKET_NAME),
    ltsEnabled: known(true),
    validateFile: known(true),
    kmsId: known(KEY_ID),
    excludeServices: known([]),
    filePrefix: known(undefined),
    ...overrides,
  };
}

/** An enabled customized notification listing every event of the bundled table, to the test topic by URN. */
export function notification(overrides: Overrides<Notification> = {}): Notification {
  return {
    ...base('huaweicloud_cts_notification.modelarts', overrides),
    type: 'notification',
    name: known('cts-audit-modelarts'),
    enabled: known(true),
    operationType: known('customized'),
    operations: known(allOperations()),
    topic: known(urn()),
    filtered: known(false),
    userRestricted: known(false),
    ...overrides,
  };
}

/** The SMN topic `cts_audit`, with its URN known (as in a state). */
export function topic(overrides: Overrides<Topic> = {}): Topic {
  return {
    ...base('huaweicloud_smn_topic.audit', overrides),
    type: 'topic',
    name: known(TOPIC_NAME),
    urn: known(urn()),
    ...overrides,
  };
}

/** An email subscription to the test topic, by URN. */
export function subscription(overrides: Overrides<TopicSubscription> = {}): TopicSubscription {
  return {
    ...base('huaweicloud_smn_subscription.secops', overrides),
    type: 'subscription',
    topic: known(urn()),
    protocol: known('email'),
    endpoint: known('secops@example.com'),
    ...overrides,
  };
}

/** The private, versioned, KMS-encrypted trace bucket, keeping files 365 days. */
export function bucket(overrides: Overrides<Bucket> = {}): Bucket {
  return {
    ...base('huaweicloud_obs_bucket.traces', overrides),
    type: 'bucket',
    name: known(BUCKET_NAME),
    acl: known('private'),
    versioning: known(true),
    encryption: known(true),
    sseAlgorithm: known('kms'),
    kmsKeyId: known(KEY_ID),
    forceDestroy: known(false),
    lifecycleRules: known([{ enabled: true, prefix: '', expirationDays: 365 }]),
    policy: known(undefined),
    policyFormat: known('obs'),
    ...overrides,
  };
}

/** A policy resource for the trace bucket that denies deleting objects (the TraceBucket construct's kind). */
export function bucketPolicy(overrides: Overrides<BucketPolicy> = {}): BucketPolicy {
  return {
    ...base('huaweicloud_obs_bucket_policy.traces', overrides),
    type: 'bucket-policy',
    bucket: known(BUCKET_NAME),
    policy: known(
      JSON.stringify({
        Statement: [
          { Sid: 'DenyDelete', Effect: 'Deny', Principal: { ID: ['*'] }, Action: ['DeleteObject'], Resource: [`${BUCKET_NAME}/*`] },
        ],
      }),
    ),
    policyFormat: known('obs'),
    ...overrides,
  };
}

/** An enabled KMS key with rotation. */
export function key(overrides: Overrides<Key> = {}): Key {
  return {
    ...base('huaweicloud_kms_key.traces', overrides),
    type: 'key',
    id: known(KEY_ID),
    enabled: known(true),
    rotationEnabled: known(true),
    ...overrides,
  };
}

/** A CTS configuration reporting read-only operations of ModelArts (and ECS), not of every service. */
export function configuration(overrides: Overrides<CtsConfiguration> = {}): CtsConfiguration {
  return {
    ...base('huaweicloud_cts_configuration.this', overrides),
    type: 'configuration',
    readOnlyAll: known(false),
    readOnlyServices: known(['ECS', 'ModelArts']),
    syncGlobal: known(true),
    ...overrides,
  };
}

/** A whole compliant region: tracker, bucket, key, topic, subscription, notification, and the CTS configuration. */
export function compliant(): Element[] {
  return [tracker(), bucket(), key(), topic(), subscription(), notification(), configuration()];
}

export interface ModelExtras {
  readonly exports?: Record<string, ScopedValue>;
  readonly diagnostics?: InputDiagnostic[];
}

/** A model of elements, one input per scope (in first-seen order), through mergeInputs. */
export function model(...elements: Element[]): Model {
  return modelWith({}, ...elements);
}

/** A model with exports or diagnostics besides its elements. */
export function modelWith(extras: ModelExtras, ...elements: Element[]): Model {
  const byScope = new Map<string, Element[]>();
  for (const e of elements) byScope.set(e.scope, [...(byScope.get(e.scope) ?? []), e]);
  if (byScope.size === 0) byScope.set(SCOPE, []);
  const loaded: LoadedInput[] = [...byScope].map(([scope, list], i) => ({
    file: scope,
    kind: list[0]?.input ?? 'state',
    elements: list,
    diagnostics: i === 0 ? (extras.diagnostics ?? []) : [],
    ...(i === 0 && extras.exports ? { exports: extras.exports } : {}),
  }));
  return mergeInputs(loaded);
}

/** A small table of the ModelArts service: two resource types, three events, all writes (a fourth element true: read-only). */
export function smallTable(
  overrides: { id?: string; service?: string; rows?: Array<[string, string, string] | [string, string, string, boolean]> } = {},
): OperationsTable {
  const rows = overrides.rows ?? [
    ['Creating a notebook instance', 'Notebook', 'createNotebook'],
    ['Deleting a notebook instance', 'Notebook', 'deleteNotebook'],
    ['Deleting an image', 'NotebookImage', 'deleteNotebookImage'],
  ];
  return parseTable(
    {
      kind: 'cts-operations-table',
      id: overrides.id ?? 'small-notebook',
      title: 'A few notebook operations',
      service: overrides.service ?? 'ModelArts',
      source: { document: 'Using CTS to Audit Notebook', table: 'Table 1', updated: '2026-05-29' },
      operations: rows.map(([operation, resourceType, traceName, readOnly = false]) => ({ operation, resourceType, traceName, readOnly })),
    },
    'small-notebook.json',
  );
}
