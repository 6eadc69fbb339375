import { distance, inRegion, isSet, notified, readOnlyReported, recorded } from '../../lib/evaluate/coverage';
import { Resolver } from '../../lib/evaluate/resolve';
import { nonAsciiCharacters } from '../../lib/evaluate/lookalike';
import { CtsConfiguration, EXPORT_ADDRESS, Element, Notification, Tracker, known, ref, unknown } from '../../lib/model';
import type { TracedEvent } from '../../lib/policy/table';
import {
  OTHER_REGION,
  PROJECT,
  REGION,
  bucket,
  configuration,
  model,
  modelWith,
  notification,
  subscription,
  topic,
  tracker,
  urn,
} from './builders';

const SERVICE = 'ModelArts';
const trackers = (elements: Element[]) => elements.filter((e): e is Tracker => e.type === 'tracker');
const notifications = (elements: Element[]) => elements.filter((e): e is Notification => e.type === 'notification');

function judgeRecorded(elements: Element[], region = REGION, service = SERVICE) {
  return recorded(region, service, trackers(elements), new Resolver(model(...elements)));
}

describe('recorded', () => {
  const T = 'huaweicloud_cts_tracker.system';

  test.each<[string, Element[], 'yes' | 'no' | 'unknown', string]>([
    ['no tracker', [], 'no', `no CTS system tracker in ${REGION}: nothing records ModelArts operations`],
    ['a compliant tracker', [tracker()], 'yes', `recorded by ${T}`],
    ['a tracker writing only to OBS', [tracker({ ltsEnabled: known(false) })], 'yes', `recorded by ${T}`],
    ['a tracker writing only to LTS', [tracker({ bucketName: known(undefined) })], 'yes', `recorded by ${T}`],
    [
      'a tracker whose bucket is a reference to a bucket of the inputs',
      [
        tracker({
          bucketName: ref('huaweicloud_obs_bucket.traces', 'bucket', '${huaweicloud_obs_bucket.traces.bucket}'),
          ltsEnabled: known(false),
        }),
        bucket(),
      ],
      'yes',
      `recorded by ${T}`,
    ],
    [
      'a disabled tracker (enabled = false)',
      [tracker({ enabled: known(false) })],
      'no',
      `tracker ${T} is disabled (enabled = false): it records nothing`,
    ],
    [
      'a live tracker with status disabled',
      [tracker({ input: 'live', status: 'disabled' })],
      'no',
      `tracker ${T} is disabled: it records nothing`,
    ],
    [
      'a live tracker in error, with its detail',
      [tracker({ input: 'live', status: 'error', detail: 'bucketPolicyError' })],
      'no',
      `tracker ${T} is in error (bucketPolicyError): CTS is not delivering traces; fix the cause in the CTS console`,
    ],
    [
      'a live tracker in error, without detail',
      [tracker({ input: 'live', status: 'error' })],
      'no',
      `tracker ${T} is in error: CTS is not delivering traces; fix the cause in the CTS console`,
    ],
    [
      'a tracker excluding the service',
      [tracker({ excludeServices: known(['DNS', 'ModelArts']) })],
      'no',
      `tracker ${T} excludes service ModelArts (exclude_service): its operations are not recorded`,
    ],
    ['a tracker excluding other services only', [tracker({ excludeServices: known(['DNS', 'VPC']) })], 'yes', `recorded by ${T}`],
    [
      'a tracker transferring traces nowhere',
      [tracker({ bucketName: known(undefined), ltsEnabled: known(false) })],
      'no',
      `tracker ${T} transfers traces nowhere: set bucket_name (OBS) or lts_enabled`,
    ],
    [
      'a tracker whose enabled is unknown',
      [tracker({ enabled: unknown('var.tracker_enabled has no value') })],
      'unknown',
      `whether ${T} is enabled is unknown: var.tracker_enabled has no value`,
    ],
    [
      'a tracker whose excluded services are unknown',
      [tracker({ excludeServices: unknown('exclude_service is known only after apply') })],
      'unknown',
      `the services ${T} excludes are unknown: exclude_service is known only after apply`,
    ],
    [
      'an LTS-off tracker whose bucket is unknown',
      [tracker({ bucketName: unknown('bucket_name is a variable'), ltsEnabled: known(false) })],
      'unknown',
      `where ${T} transfers traces is unknown: bucket_name is a variable`,
    ],
    [
      'a bucket-less tracker whose LTS transfer is unknown',
      [tracker({ bucketName: known(undefined), ltsEnabled: unknown('lts_enabled is a variable') })],
      'unknown',
      `whether ${T} transfers traces to LTS is unknown: lts_enabled is a variable`,
    ],
    [
      'an unknown bucket does not matter when LTS is on',
      [tracker({ bucketName: unknown('bucket_name is a variable') })],
      'yes',
      `recorded by ${T}`,
    ],
    [
      'a tracker in another region is ignored',
      [tracker({ region: known(OTHER_REGION) })],
      'no',
      `no CTS system tracker in ${REGION}: nothing records ModelArts operations`,
    ],
    [
      'a good tracker whose region is unknown',
      [tracker({ region: unknown('the provider region is var.region') })],
      'unknown',
      `${T} would record it, but the region of ${T} is unknown: the provider region is var.region`,
    ],
    [
      // CTS has one system tracker per region: two in one region are copies of it (a plan and a state), and the worst decides.
      "two copies of the region's tracker, one disabled and one good: the disabled copy decides",
      [tracker({ address: 'huaweicloud_cts_tracker.old', enabled: known(false) }), tracker()],
      'no',
      'tracker huaweicloud_cts_tracker.old is disabled (enabled = false): it records nothing',
    ],
    [
      "two copies of the region's tracker, one unknown and one disabled: disabled decides",
      [tracker({ address: 'huaweicloud_cts_tracker.old', enabled: known(false) }), tracker({ enabled: unknown('var.on') })],
      'no',
      'tracker huaweicloud_cts_tracker.old is disabled (enabled = false): it records nothing',
    ],
    [
      'a good tracker beside a disabled one whose region is unknown: it may be the same system tracker, applied last',
      [tracker({ address: 'huaweicloud_cts_tracker.old', enabled: known(false), region: unknown('var.region') }), tracker()],
      'unknown',
      `recorded by ${T}, but huaweicloud_cts_tracker.old may be the system tracker of ${REGION} too (the region of huaweicloud_cts_tracker.old is unknown: var.region), and tracker huaweicloud_cts_tracker.old is disabled (enabled = false): it records nothing`,
    ],
    [
      'a good tracker beside another good one whose region is unknown',
      [tracker({ address: 'huaweicloud_cts_tracker.other', region: unknown('var.region') }), tracker()],
      'yes',
      `recorded by ${T}`,
    ],
  ])('%s', (_, elements, state, reason) => {
    const j = judgeRecorded(elements);
    expect(j.state).toBe(state);
    expect(j.reasons).toContain(reason);
  });

  test('a tracker recording another service is judged for that service', () => {
    const j = judgeRecorded([tracker({ excludeServices: known(['ModelArts']) })], REGION, 'OBS');
    expect(j).toMatchObject({ state: 'yes', reasons: [`recorded by ${T}`] });
  });

  test('service exclusion is compared without case: a false "not excluded" would be a false pass', () => {
    expect(judgeRecorded([tracker({ excludeServices: known(['modelarts']) })]).state).toBe('no');
  });

  test('when one tracker records, only its reason and location are given', () => {
    const j = judgeRecorded([tracker({ address: 'huaweicloud_cts_tracker.other', region: unknown('var.region') }), tracker()]);
    expect(j.reasons).toEqual([`recorded by ${T}`]);
    expect(j.locations.map((l) => l.address)).toEqual([T]);
  });

  test("when nothing records, every tracker's reason is given", () => {
    const j = judgeRecorded([
      tracker({ address: 'huaweicloud_cts_tracker.a', enabled: known(false) }),
      tracker({ address: 'huaweicloud_cts_tracker.b', excludeServices: known(['ModelArts']), region: unknown('var.region') }),
    ]);
    expect(j.state).toBe('no');
    expect(j.reasons).toEqual([
      'tracker huaweicloud_cts_tracker.a is disabled (enabled = false): it records nothing',
      'tracker huaweicloud_cts_tracker.b excludes service ModelArts (exclude_service): its operations are not recorded',
    ]);
  });
});

const EVENT: TracedEvent = {
  service: SERVICE,
  resourceType: 'Notebook',
  traceName: 'listallNotebook',
  operations: ['Obtaining all notebook instances'],
  readOnly: true,
};
const TABLE_KEYS = new Set([
  'Notebook/createNotebook',
  'Notebook/listallNotebook',
  'Notebook/listNotebook',
  'NotebookImage/createNotebookImage',
  'NotebookApp/listNotebookApp',
]);
const N = 'huaweicloud_cts_notification.modelarts';
const ID = 'ModelArts/Notebook/listallNotebook';
const NONE = `no enabled notification in ${REGION} sends ${ID} to a subscribed topic`;
/** A customized notification listing exactly these operations. */
const listing = (service: string, resource: string, traceNames: string[], overrides: Parameters<typeof notification>[0] = {}) =>
  notification({ operations: known([{ service, resource, traceNames }]), ...overrides });
const delivered = [topic(), subscription()];

function judgeNotified(elements: Element[], event: TracedEvent = EVENT, extras: Parameters<typeof modelWith>[0] = {}) {
  return notified(REGION, event, notifications(elements), new Resolver(modelWith(extras, ...elements)), TABLE_KEYS);
}

describe('readOnlyReported', () => {
  const C = 'huaweicloud_cts_configuration.this';
  const configurations = (elements: Element[]) => elements.filter((e): e is CtsConfiguration => e.type === 'configuration');
  const judge = (elements: Element[], place: string | { region: string; project?: string } = REGION, service = SERVICE) =>
    readOnlyReported(place, service, configurations(elements), new Resolver(model(...elements)));

  test.each<[string, Element[], 'yes' | 'no' | 'unknown', string]>([
    [
      'no configuration',
      [],
      'unknown',
      `it is a read-only operation, and no CTS configuration in the inputs says whether ${REGION} reports read-only operations of ModelArts (CTS records them only where read-only audit logs are on for the service); add a huaweicloud_cts_configuration with "ModelArts" in support_read_only_services (or is_support_read_only = true) to the inputs, or check the account with --live`,
    ],
    [
      'read-only logs of every service',
      [configuration({ readOnlyAll: known(true), readOnlyServices: known([]) })],
      'yes',
      `read-only operations of every service are reported (${C}: is_support_read_only)`,
    ],
    ['the service listed', [configuration()], 'yes', `read-only operations of ModelArts are reported (${C}: support_read_only_services)`],
    [
      'other services only',
      [configuration({ readOnlyServices: known(['ECS', 'CTS']) })],
      'no',
      `it is a read-only operation, and ${C} reports read-only operations of "ECS", "CTS" only (is_support_read_only = false): CTS does not record it; add "ModelArts" to support_read_only_services`,
    ],
    [
      'no service at all',
      [configuration({ readOnlyServices: known([]) })],
      'no',
      `it is a read-only operation, and ${C} reports read-only operations of no service only (is_support_read_only = false): CTS does not record it; add "ModelArts" to support_read_only_services`,
    ],
    [
      'is_support_read_only unknown',
      [configuration({ readOnlyAll: unknown('var.all has no default') })],
      'unknown',
      `it is a read-only operation, and whether ${C} reports read-only operations of every service is unknown: var.all has no default`,
    ],
    [
      'the services unknown',
      [configuration({ readOnlyServices: ref('local.x', '', '${local.x}') })],
      'unknown',
      `it is a read-only operation, and the services ${C} reports read-only operations of are unknown: \${local.x} refers to local.x, which is not in the inputs (or is not a resource the checker reads); it is known only after apply: check a plan or state`,
    ],
    [
      'a live configuration that could not be read',
      [configuration({ input: 'live', unreadable: 'the CTS configuration of cn-north-4/p could not be read: HTTP 403 CTS.0002' })],
      'unknown',
      'it is a read-only operation, and the CTS configuration of cn-north-4/p could not be read: HTTP 403 CTS.0002',
    ],
    [
      'a configuration of another region only',
      [configuration({ region: known(OTHER_REGION), readOnlyAll: known(true) })],
      'unknown',
      `it is a read-only operation, and no CTS configuration in the inputs says whether ${REGION} reports read-only operations of ModelArts (CTS records them only where read-only audit logs are on for the service); add a huaweicloud_cts_configuration with "ModelArts" in support_read_only_services (or is_support_read_only = true) to the inputs, or check the account with --live`,
    ],
    [
      'a configuration whose region is unknown',
      [configuration({ region: unknown('var.region has no default') })],
      'unknown',
      `${C} would report them, but the region of ${C} is unknown: var.region has no default`,
    ],
  ])('%s: %s', (_name, elements, state, reason) => {
    const j = judge(elements);
    expect({ state: j.state, reasons: j.reasons }).toEqual({ state, reasons: [reason] });
  });

  test('a service name that differs only by case is a near miss, not a match', () => {
    const j = judge([configuration({ readOnlyServices: known(['modelarts']) })]);
    expect(j.state).toBe('no');
    expect(j.nearMisses).toEqual([
      `${C} lists "modelarts" in support_read_only_services, which differs from "ModelArts" only by case; service names are case-sensitive`,
    ]);
    expect(j.locations.map((l) => l.address)).toEqual([C]);
  });

  test('copies of the one configuration of a place (a plan and a state) must all report it: the worst decides', () => {
    const j = judge([
      configuration({ scope: 'plan.json', input: 'plan', readOnlyServices: known(['ECS']) }),
      configuration({ readOnlyAll: known(true) }),
    ]);
    expect(j.state).toBe('no');
    expect(j.reasons[0]).toContain('reports read-only operations of "ECS" only');
  });

  test('two configurations of one region in one input are one (the last applied wins): the worst decides', () => {
    const j = judge([configuration(), configuration({ address: 'huaweicloud_cts_configuration.other', readOnlyAll: unknown('var.x') })]);
    expect(j.state).toBe('unknown');
  });

  test("a configuration whose region is unknown may be this region's, applied last: a proof beside it becomes unknown", () => {
    const j = judge([
      configuration({
        address: 'huaweicloud_cts_configuration.dr',
        region: unknown('var.region'),
        readOnlyAll: known(false),
        readOnlyServices: known(['ECS']),
      }),
      configuration(),
    ]);
    expect(j.state).toBe('unknown');
    expect(j.reasons).toEqual([
      `read-only operations of ModelArts are reported (${C}: support_read_only_services), but huaweicloud_cts_configuration.dr may be the CTS configuration of ${REGION} too (the region of huaweicloud_cts_configuration.dr is unknown: var.region), and it is a read-only operation, and huaweicloud_cts_configuration.dr reports read-only operations of "ECS" only (is_support_read_only = false): CTS does not record it; add "ModelArts" to support_read_only_services`,
    ]);
    expect(j.locations.map((l) => l.address)).toEqual(['huaweicloud_cts_configuration.dr', C]);
  });

  test("a configuration of another project is not this project's", () => {
    const j = judge([configuration({ project: 'other', input: 'live' })], { region: REGION, project: 'mine' });
    expect(j.state).toBe('unknown');
    expect(j.reasons[0]).toContain('no CTS configuration in the inputs says whether');
  });
});

describe('notified', () => {
  test.each<[string, Element[], 'yes' | 'partial' | 'unknown' | 'no', string]>([
    [
      'a complete notification',
      [notification({ operationType: known('complete'), operations: known([]) }), ...delivered],
      'yes',
      `notified by ${N} to huaweicloud_smn_topic.audit`,
    ],
    [
      'a customized notification listing the exact event',
      [listing('ModelArts', 'Notebook', ['listallNotebook']), ...delivered],
      'yes',
      `notified by ${N} to huaweicloud_smn_topic.audit`,
    ],
    ['no notification', [...delivered], 'no', NONE],
    ['a notification of an operation type CTS does not have', [notification({ operationType: known('all') }), ...delivered], 'no', NONE],
    [
      'a notification whose operation type is unknown',
      [notification({ operationType: unknown('var.type has no value') }), ...delivered],
      'unknown',
      `the operation_type of ${N} is unknown: var.type has no value`,
    ],
    [
      'a notification whose operations are unknown',
      [notification({ operations: unknown('an operations block has a service or resource that is not a literal string') }), ...delivered],
      'unknown',
      `the operations of ${N} are unknown: an operations block has a service or resource that is not a literal string`,
    ],
    ['a disabled notification', [notification({ enabled: known(false) }), ...delivered], 'no', NONE],
    [
      'a notification whose enabled is unknown',
      [notification({ enabled: unknown('var.on') }), ...delivered],
      'unknown',
      `whether ${N} is enabled is unknown: var.on`,
    ],
    ['a notification with no smn_topic', [notification({ topic: known(undefined) }), ...delivered], 'no', NONE],
    ['a topic with no subscription', [notification(), topic()], 'no', NONE],
    [
      'a topic whose only subscription is not confirmed',
      [notification(), topic(), subscription({ input: 'live', confirmed: false })],
      'no',
      NONE,
    ],
    [
      'a topic with a confirmed subscription',
      [notification(), topic(), subscription({ input: 'live', confirmed: true })],
      'yes',
      `notified by ${N} to huaweicloud_smn_topic.audit`,
    ],
    [
      'a notification with a filter',
      [notification({ filtered: known(true) }), ...delivered],
      'partial',
      `${N} has a filter: only occurrences matching it notify`,
    ],
    [
      'a notification restricted by operation_users',
      [notification({ userRestricted: known(true) }), ...delivered],
      'partial',
      `${N} is restricted by operation_users: only those users' operations notify`,
    ],
    [
      'a notification whose filter is unknown',
      [notification({ filtered: unknown('cannot read the block') }), ...delivered],
      'unknown',
      `whether ${N} has a filter is unknown: cannot read the block`,
    ],
    [
      'a notification whose user restriction is unknown',
      [notification({ userRestricted: unknown('cannot read the block') }), ...delivered],
      'unknown',
      `whether ${N} is restricted to some users is unknown: cannot read the block`,
    ],
    [
      'a topic by reference to a topic element of its scope',
      [notification({ topic: ref('huaweicloud_smn_topic.audit', 'topic_urn', '${huaweicloud_smn_topic.audit.topic_urn}') }), ...delivered],
      'yes',
      `notified by ${N} to huaweicloud_smn_topic.audit`,
    ],
    [
      'a topic by literal URN, matched by region and name (a configuration topic has no URN yet)',
      [
        notification(),
        topic({ urn: unknown('topic_urn is not set') }),
        subscription({ topic: ref('huaweicloud_smn_topic.audit', 'topic_urn', '${huaweicloud_smn_topic.audit.topic_urn}') }),
      ],
      'yes',
      `notified by ${N} to huaweicloud_smn_topic.audit`,
    ],
    [
      'a topic URN defined in no input',
      [notification({ topic: known(urn('secops_alerts')) }), ...delivered],
      'unknown',
      `${N} lists it, but its topic ${urn('secops_alerts')} is not defined in any input; pass the configuration, plan or state that defines it`,
    ],
    [
      'a notification whose region is unknown',
      [notification({ region: unknown('the provider region is var.region') }), ...delivered],
      'unknown',
      `${N} would notify it, but the region of ${N} is unknown: the provider region is var.region`,
    ],
    ['a notification in another region', [notification({ region: known(OTHER_REGION) }), ...delivered], 'no', NONE],
    [
      'a notification sending to a subscribed topic of another region',
      [
        notification({ topic: ref('huaweicloud_smn_topic.east', 'topic_urn', '${huaweicloud_smn_topic.east.topic_urn}') }),
        topic({ address: 'huaweicloud_smn_topic.east', region: known(OTHER_REGION), urn: unknown('computed') }),
        subscription({
          topic: ref('huaweicloud_smn_topic.east', 'topic_urn', '${huaweicloud_smn_topic.east.topic_urn}'),
          region: known(OTHER_REGION),
        }),
      ],
      'unknown',
      `${N} lists it, but its topic huaweicloud_smn_topic.east is in ${OTHER_REGION}, not ${REGION}: CTS is not documented to notify another region's topic; use a topic in ${REGION}`,
    ],
  ])('%s', (_, elements, state, reason) => {
    const j = judgeNotified(elements);
    expect(j.state).toBe(state);
    expect(j.reasons).toContain(reason);
  });

  test.each<[string, Element[], 'yes' | 'partial' | 'unknown' | 'no', string[], string[], string[]?]>([
    [
      'a notification to a FunctionGraph function',
      [notification({ functionUrn: 'urn:fss:cn-north-4:p:function:default:f' }), ...delivered],
      'no',
      [NONE],
      [N],
      [
        `${N} would notify it, but through FunctionGraph function urn:fss:cn-north-4:p:function:default:f, not an SMN topic with subscribers`,
      ],
    ],
    [
      'a notification that may list more operations than the checker sees',
      [
        listing('ModelArts', 'Notebook', ['createNotebook'], { moreOperations: 'a dynamic "operations" block iterates over var.ops' }),
        ...delivered,
      ],
      'unknown',
      [`${N} may list it: a dynamic "operations" block iterates over var.ops`],
      [N],
    ],
    [
      'a topic whose subscriptions could not be read',
      [notification(), topic(), subscription({ input: 'live', unreadable: 'the subscriptions of cts_audit could not be read: HTTP 500' })],
      'unknown',
      [`${N} lists it, but the subscriptions of cts_audit could not be read: HTTP 500`],
      [N, 'huaweicloud_smn_topic.audit'],
    ],
    [
      'a topic with no known subscription, beside a subscription whose topic cannot be determined',
      [
        notification(),
        topic(),
        subscription({
          address: 'huaweicloud_smn_subscription.other',
          topic: ref('huaweicloud_smn_topic.gone', 'topic_urn', '${huaweicloud_smn_topic.gone.topic_urn}'),
        }),
      ],
      'unknown',
      [
        `${N} lists it and its topic huaweicloud_smn_topic.audit has no known subscription, but the topic of huaweicloud_smn_subscription.other cannot be determined (\${huaweicloud_smn_topic.gone.topic_urn} refers to huaweicloud_smn_topic.gone, which is not in the inputs; pass the configuration, plan or state that defines it)`,
      ],
      [N, 'huaweicloud_smn_topic.audit'],
    ],
    [
      'a topic whose only subscription is pending',
      [notification(), topic(), subscription({ input: 'live', confirmed: false })],
      'no',
      [NONE],
      [N, 'huaweicloud_smn_topic.audit'],
      [`${N} would notify it but its topic huaweicloud_smn_topic.audit has no confirmed subscription: no one receives it`],
    ],
    [
      'a topic with no subscription at all',
      [notification(), topic()],
      'no',
      [NONE],
      [N, 'huaweicloud_smn_topic.audit'],
      [`${N} would notify it but its topic huaweicloud_smn_topic.audit has no subscription: no one receives it`],
    ],
    [
      'a topic whose region is unknown',
      [
        notification({ topic: ref('huaweicloud_smn_topic.audit', 'topic_urn', '${huaweicloud_smn_topic.audit.topic_urn}') }),
        topic({ region: unknown('var.region has no value'), urn: unknown('computed') }),
        subscription({ topic: ref('huaweicloud_smn_topic.audit', 'topic_urn', '${huaweicloud_smn_topic.audit.topic_urn}') }),
      ],
      'unknown',
      [`${N} lists it, but the region of its topic huaweicloud_smn_topic.audit is unknown: var.region has no value`],
      [N, 'huaweicloud_smn_topic.audit', 'huaweicloud_smn_subscription.secops'],
    ],
    [
      'a notification with no topic',
      [notification({ topic: known(undefined) }), ...delivered],
      'no',
      [NONE],
      [N],
      [`${N} would notify it but it names no SMN topic (smn_topic is not set)`],
    ],
    ['a notification of another project of the place', [notification({ project: 'another-project' }), ...delivered], 'no', [NONE], []],
  ])('%s: every reason, location and near miss', (_, elements, state, reasons, locations, nearMisses = []) => {
    const j = notified(
      { region: REGION, project: 'the-project' },
      EVENT,
      notifications(elements),
      new Resolver(model(...elements)),
      TABLE_KEYS,
    );
    expect([j.state, j.reasons, j.locations.map((l) => l.address), j.nearMisses]).toEqual([state, reasons, locations, nearMisses]);
  });

  test('a cdktf cross-stack export of the topic URN is followed into the producing stack', () => {
    const shared = 'cdktf.out#shared';
    const output = `${shared}#cross-stack-output-huaweicloud_smn_topicAuditTopictopic_urn`;
    const j = judgeNotified(
      [
        notification({
          scope: 'cdktf.out#audit',
          input: 'synth',
          topic: ref(
            EXPORT_ADDRESS,
            output,
            'data.terraform_remote_state.cross-stack-reference-input-shared.outputs.cross-stack-output-huaweicloud_smn_topicAuditTopictopic_urn',
          ),
        }),
        topic({ scope: shared, input: 'synth', address: 'huaweicloud_smn_topic.AuditTopic', urn: unknown('topic_urn is not set') }),
        subscription({
          scope: shared,
          input: 'synth',
          topic: ref('huaweicloud_smn_topic.AuditTopic', 'topic_urn', '${huaweicloud_smn_topic.AuditTopic.topic_urn}'),
        }),
      ],
      EVENT,
      {
        exports: {
          [output]: {
            scope: shared,
            value: ref('huaweicloud_smn_topic.AuditTopic', 'topic_urn', '${huaweicloud_smn_topic.AuditTopic.topic_urn}'),
          },
        },
      },
    );
    expect(j.state).toBe('yes');
    expect(j.reasons).toEqual([`notified by ${N} to huaweicloud_smn_topic.AuditTopic`]);
    expect(j.locations.map((l) => `${l.scope} ${l.address}`)).toEqual([
      `cdktf.out#audit ${N}`,
      `${shared} huaweicloud_smn_topic.AuditTopic`,
      `${shared} huaweicloud_smn_subscription.secops`,
    ]);
  });

  test('a cross-stack export of a stack not among the inputs is unknown', () => {
    const j = judgeNotified([
      notification({
        topic: ref(
          EXPORT_ADDRESS,
          'cdktf.out#shared#topic',
          'data.terraform_remote_state.cross-stack-reference-input-shared.outputs.topic',
        ),
      }),
      ...delivered,
    ]);
    expect(j.state).toBe('unknown');
    expect(j.reasons).toEqual([
      `${N} lists it, but data.terraform_remote_state.cross-stack-reference-input-shared.outputs.topic is an output of a stack that is not among the inputs; pass that stack too`,
    ]);
  });

  test('proven evidence is located: the notification, its topic and the subscriptions that deliver', () => {
    const j = judgeNotified([
      notification(),
      topic(),
      subscription(),
      subscription({ address: 'huaweicloud_smn_subscription.pending', input: 'live', confirmed: false }),
    ]);
    expect(j.locations.map((l) => l.address)).toEqual([N, 'huaweicloud_smn_topic.audit', 'huaweicloud_smn_subscription.secops']);
    expect(j.nearMisses).toEqual([]);
  });

  describe('near misses', () => {
    test.each<[string, Element[], string]>([
      [
        'a trace name differing only by case',
        [listing('ModelArts', 'Notebook', ['listAllNotebook']), ...delivered],
        `${N} lists "ModelArts/Notebook/listAllNotebook", which differs from "listallNotebook" only by case; trace names are case-sensitive`,
      ],
      [
        'a typo (one letter)',
        [listing('ModelArts', 'Notebook', ['listalNotebook']), ...delivered],
        `${N} lists "ModelArts/Notebook/listalNotebook", close to "listallNotebook": a typo?`,
      ],
      [
        'a typo (two letters swapped)',
        [listing('ModelArts', 'Notebook', ['listallNoteboko']), ...delivered],
        `${N} lists "ModelArts/Notebook/listallNoteboko", close to "listallNotebook": a typo?`,
      ],
      [
        'the trace name under the wrong resource type',
        [listing('ModelArts', 'NotebookApp', ['listallNotebook']), ...delivered],
        `${N} lists "ModelArts/NotebookApp/listallNotebook": the table has listallNotebook under resource type "Notebook"`,
      ],
      [
        'the service differing by case',
        [listing('modelarts', 'Notebook', ['listallNotebook']), ...delivered],
        `${N} lists "modelarts/Notebook/listallNotebook": the service is "ModelArts" (case-sensitive)`,
      ],
      [
        'the resource type differing by case',
        [listing('ModelArts', 'notebook', ['listallNotebook']), ...delivered],
        `${N} lists "ModelArts/notebook/listallNotebook": the resource type is "Notebook" (case-sensitive)`,
      ],
      [
        'the event in another region',
        [listing('ModelArts', 'Notebook', ['listallNotebook'], { region: known(OTHER_REGION) }), ...delivered],
        `${N} lists it, but in ${OTHER_REGION}, not ${REGION}`,
      ],
      [
        'the event in a notification of unknown operation_type, in another region',
        [
          listing('ModelArts', 'Notebook', ['listallNotebook'], { region: known(OTHER_REGION), operationType: unknown('var.type') }),
          ...delivered,
        ],
        `${N} lists it, but in ${OTHER_REGION}, not ${REGION}`,
      ],
      ['a disabled notification', [notification({ enabled: known(false) }), ...delivered], `${N} would notify it but is disabled`],
      [
        'a notification with no smn_topic',
        [notification({ topic: known(undefined) }), ...delivered],
        `${N} would notify it but it names no SMN topic (smn_topic is not set)`,
      ],
      [
        'a topic with no subscription',
        [notification(), topic()],
        `${N} would notify it but its topic huaweicloud_smn_topic.audit has no subscription: no one receives it`,
      ],
      [
        'a topic with an unconfirmed subscription only',
        [notification(), topic(), subscription({ input: 'live', confirmed: false })],
        `${N} would notify it but its topic huaweicloud_smn_topic.audit has no confirmed subscription: no one receives it`,
      ],
    ])('%s', (_, elements, nearMiss) => {
      const j = judgeNotified(elements);
      expect(j.state).toBe('no');
      expect(j.reasons).toEqual([NONE]);
      expect(j.nearMisses).toContain(nearMiss);
    });

    test.each<[string, Element[]]>([
      [
        'a different event of the table under the same resource type',
        [listing('ModelArts', 'Notebook', ['listNotebook', 'createNotebook']), ...delivered],
      ],
      ['a name three edits away', [listing('ModelArts', 'Notebook', ['listxyzNotebook']), ...delivered]],
      ['a close name under another service', [listing('OBS', 'Notebook', ['listalNotebook']), ...delivered]],
      [
        'a close name in another region',
        [listing('ModelArts', 'Notebook', ['listAllNotebook'], { region: known(OTHER_REGION) }), ...delivered],
      ],
    ])('none for %s', (_, elements) => {
      expect(judgeNotified(elements)).toMatchObject({ state: 'no', nearMisses: [] });
    });

    test('are dropped when the event is covered anyway', () => {
      const j = judgeNotified([
        listing('ModelArts', 'Notebook', ['listAllNotebook'], { address: 'huaweicloud_cts_notification.typo', name: known('typo') }),
        notification({ address: 'huaweicloud_cts_notification.off', enabled: known(false), name: known('off') }),
        notification(),
        ...delivered,
      ]);
      expect(j).toMatchObject({ state: 'yes', nearMisses: [] });
    });

    test('are kept when the event is only partial', () => {
      const j = judgeNotified([
        listing('ModelArts', 'Notebook', ['listAllNotebook'], { address: 'huaweicloud_cts_notification.typo', name: known('typo') }),
        notification({ filtered: known(true) }),
        ...delivered,
      ]);
      expect(j.state).toBe('partial');
      expect(j.nearMisses).toEqual([
        'huaweicloud_cts_notification.typo lists "ModelArts/Notebook/listAllNotebook", which differs from "listallNotebook" only by case; trace names are case-sensitive',
      ]);
    });

    test('are listed once each', () => {
      const j = judgeNotified([listing('ModelArts', 'Notebook', ['listAllNotebook', 'listAllNotebook']), ...delivered]);
      expect(j.nearMisses).toHaveLength(1);
    });
  });

  describe('several notifications: covered beats unknown beats partial beats uncovered', () => {
    const good = () => notification({ address: 'huaweicloud_cts_notification.good', name: known('good') });
    const unsure = () =>
      notification({ address: 'huaweicloud_cts_notification.unsure', name: known('unsure'), enabled: unknown('var.on') });
    const part = () => notification({ address: 'huaweicloud_cts_notification.part', name: known('part'), filtered: known(true) });
    const off = () => notification({ address: 'huaweicloud_cts_notification.off', name: known('off'), enabled: known(false) });

    test.each<[string, Element[], 'yes' | 'partial' | 'unknown' | 'no', string[]]>([
      [
        'covered, unknown, partial and disabled',
        [off(), part(), unsure(), good()],
        'yes',
        ['notified by huaweicloud_cts_notification.good to huaweicloud_smn_topic.audit'],
      ],
      [
        'unknown, partial and disabled',
        [off(), part(), unsure()],
        'unknown',
        ['whether huaweicloud_cts_notification.unsure is enabled is unknown: var.on'],
      ],
      [
        'partial and disabled',
        [off(), part()],
        'partial',
        ['huaweicloud_cts_notification.part has a filter: only occurrences matching it notify'],
      ],
      ['disabled only', [off()], 'no', [NONE]],
    ])('%s → %s', (_, ns, state, reasons) => {
      const j = judgeNotified([...ns, ...delivered]);
      expect(j.state).toBe(state);
      expect(j.reasons).toEqual(reasons);
    });

    test('copies of one notification (same name and region): the worst copy decides', () => {
      const planCopy = notification({ scope: 'plan.json', enabled: known(false) });
      const stateCopy = notification();
      const j = judgeNotified([planCopy, stateCopy, ...delivered]);
      expect(j.state).toBe('no');
      expect(j.nearMisses).toContain(`${planCopy.address} would notify it but is disabled`);
      expect(j.locations.map((l) => l.scope)).toEqual(expect.arrayContaining([planCopy.scope, stateCopy.scope]));
    });

    test('a copy that no longer lists the event (a plan removing it) makes it not notified', () => {
      const planCopy = listing('ModelArts', 'Notebook', ['createNotebook'], { scope: 'plan.json', source: { file: 'plan.json' } });
      const j = judgeNotified([planCopy, notification(), ...delivered]);
      expect(j.state).toBe('no');
      expect(j.nearMisses.join('\n')).toContain(`${planCopy.address} in plan.json does not list it`);
    });

    test('a disabled notification is a near miss beside a partial one', () => {
      expect(judgeNotified([off(), part(), ...delivered]).nearMisses).toEqual([
        'huaweicloud_cts_notification.off would notify it but is disabled',
      ]);
    });
  });
});

describe('inRegion', () => {
  let resolver: Resolver;
  beforeEach(() => {
    resolver = new Resolver(model());
  });
  test.each<[string, Element, 'yes' | 'no' | 'unknown', string | undefined]>([
    ['the required region', tracker(), 'yes', undefined],
    ['another region', tracker({ region: known(OTHER_REGION) }), 'no', undefined],
    [
      'an unknown region',
      tracker({ region: unknown('var.region has no value') }),
      'unknown',
      'the region of huaweicloud_cts_tracker.system is unknown: var.region has no value',
    ],
  ])('%s', (_, e, state, reason) => {
    expect(inRegion(e, REGION, resolver)).toEqual(reason ? { state, reason } : { state });
  });
});

describe('isSet', () => {
  let resolver: Resolver;
  beforeEach(() => {
    resolver = new Resolver(model(bucket()));
  });
  test.each<[string, 'yes' | 'no' | 'unknown', Parameters<typeof isSet>[0]]>([
    ['a non-empty string', 'yes', known('x')],
    ['undefined', 'no', known(undefined)],
    ['an empty string', 'no', known('')],
    ['a reference to the name of a bucket of the inputs', 'yes', ref('huaweicloud_obs_bucket.traces', 'bucket', 'x')],
    ['a reference to the id of a bucket of the inputs', 'yes', ref('huaweicloud_obs_bucket.traces', 'id', 'x')],
    [
      'a reference to another attribute of a bucket of the inputs',
      'unknown',
      ref('huaweicloud_obs_bucket.traces', 'bucket_domain_name', 'x'),
    ],
    ['a reference to nothing in the inputs', 'unknown', ref('huaweicloud_kms_key.gone', 'id', '${huaweicloud_kms_key.gone.id}')],
    ['an unknown value', 'unknown', unknown('var.k')],
  ])('%s is %s', (_, state, v) => {
    expect(isSet(v, 'state.json', resolver).state).toBe(state);
  });
});

describe('distance', () => {
  test.each<[string, string, number]>([
    ['listallNotebook', 'listallNotebook', 0],
    ['listalNotebook', 'listallNotebook', 1],
    ['listAllNotebook', 'listallNotebook', 1],
    ['craeteNotebook', 'createNotebook', 2],
    ['createNoteboo', 'createNotebook', 1],
    ['listNotebook', 'listallNotebook', 3],
    ['getNotebook', 'listNotebook', 3],
  ])('%s → %s is %i (bounded at 3)', (a, b, d) => {
    expect(Math.min(distance(a, b), 3)).toBe(d);
  });
});

describe('what the inputs do to a subscription besides creating it', () => {
  const S = 'huaweicloud_smn_subscription.secops';
  const SUB_URN = `${urn()}:6c1f0e4b8a2d4f7e9b3c5a1d2e4f6a8b`;
  const change = (type: 'unsubscription' | 'subscription-filter', subscription: Parameters<typeof ref>[0] | string, known_ = true) =>
    ({
      scope: 'state.json',
      address: `huaweicloud_smn_${type === 'unsubscription' ? 'topic_unsubscription' : 'subscription_filter_policy'}.x`,
      input: 'state',
      source: { file: 'state.json' },
      region: known(REGION),
      type,
      subscription: known_ ? known(subscription) : ref(subscription, 'id', `\${${subscription}.id}`),
    }) as Element;
  const withUrn = subscription({ urn: known(SUB_URN) });

  test.each<[string, Element[], 'yes' | 'partial' | 'unknown' | 'no', string]>([
    [
      'an unsubscription naming the only subscription by URN: no one receives it',
      [notification(), topic(), withUrn, change('unsubscription', SUB_URN)],
      'no',
      `${N} would notify it but its topic huaweicloud_smn_topic.audit has no subscription that delivers (${S} is cancelled: huaweicloud_smn_topic_unsubscription.x cancels it): no one receives it`,
    ],
    [
      'an unsubscription naming it by reference',
      [notification(), topic(), subscription(), change('unsubscription', S, false)],
      'no',
      `${N} would notify it but its topic huaweicloud_smn_topic.audit has no subscription that delivers (${S} is cancelled: huaweicloud_smn_topic_unsubscription.x cancels it): no one receives it`,
    ],
    [
      'an unsubscription of another subscription',
      [notification(), topic(), withUrn, change('unsubscription', `${urn()}:other`)],
      'yes',
      `notified by ${N} to huaweicloud_smn_topic.audit`,
    ],
    [
      'an unsubscription whose subscription cannot be seen',
      [notification(), topic(), withUrn, { ...change('unsubscription', SUB_URN), subscription: unknown('var.s has no value') } as Element],
      'unknown',
      `${N} lists it, but the only subscription of its topic huaweicloud_smn_topic.audit, ${S}, may be cancelled: huaweicloud_smn_topic_unsubscription.x may cancel it (its subscription_urn cannot be seen: var.s has no value)`,
    ],
    [
      'an unsubscription naming a URN of its topic while its own URN is known only after apply',
      [notification(), topic(), subscription(), change('unsubscription', SUB_URN)],
      'unknown',
      `${N} lists it, but the only subscription of its topic huaweicloud_smn_topic.audit, ${S}, may be cancelled: huaweicloud_smn_topic_unsubscription.x may cancel it (${SUB_URN} may be the URN of ${S}, which is known only after apply)`,
    ],
    [
      'a filter policy on the only subscriber: only some messages reach it',
      [notification(), topic(), withUrn, change('subscription-filter', SUB_URN)],
      'partial',
      `${N} lists it, but every subscriber of its topic huaweicloud_smn_topic.audit is filtered (huaweicloud_smn_subscription_filter_policy.x filters what is sent to it): only messages matching their filters reach them`,
    ],
    [
      'a subscriber whose state holds filter policies',
      [notification(), topic(), subscription({ filtered: known(true) })],
      'partial',
      `${N} lists it, but every subscriber of its topic huaweicloud_smn_topic.audit is filtered (${S} has a filter policy): only messages matching their filters reach them`,
    ],
    [
      'a filtered subscriber beside an unfiltered one',
      [notification(), topic(), subscription({ filtered: known(true) }), subscription({ address: 'huaweicloud_smn_subscription.oncall' })],
      'yes',
      `notified by ${N} to huaweicloud_smn_topic.audit`,
    ],
    [
      'a subscriber whose filter policies cannot be seen',
      [notification(), topic(), subscription({ filtered: unknown('var.filtered has no value') })],
      'unknown',
      `${N} lists it, but whether its subscribers are filtered is unknown: whether ${S} has a filter policy is unknown: var.filtered has no value`,
    ],
    [
      'a filter policy whose subscription cannot be seen',
      [
        notification(),
        topic(),
        withUrn,
        { ...change('subscription-filter', SUB_URN), subscription: unknown('var.s has no value') } as Element,
      ],
      'unknown',
      `${N} lists it, but whether its subscribers are filtered is unknown: huaweicloud_smn_subscription_filter_policy.x may filter what is sent to it (its subscription_urn cannot be seen: var.s has no value)`,
    ],
    [
      'an unsubscription that refers to the topic, not to a subscription',
      [notification(), topic(), subscription(), change('unsubscription', 'huaweicloud_smn_topic.audit', false)],
      'yes',
      `notified by ${N} to huaweicloud_smn_topic.audit`,
    ],
    [
      "an unsubscription that refers to a subscription's endpoint, which names no subscription",
      [
        notification(),
        topic(),
        subscription(),
        { ...change('unsubscription', S, false), subscription: ref(S, 'endpoint', `\${${S}.endpoint}`) } as Element,
      ],
      'yes',
      `notified by ${N} to huaweicloud_smn_topic.audit`,
    ],
    [
      'a subscription whose region cannot be seen, of a topic whose region can',
      [notification(), topic(), subscription({ region: unknown('var.region has no value') })],
      'unknown',
      `${N} lists it, but the only subscription of its topic huaweicloud_smn_topic.audit, ${S}, may be in another region than its topic: var.region has no value`,
    ],
    [
      'a subscription created in another region than its topic: SMN would refuse it',
      [notification(), topic(), subscription({ region: known(OTHER_REGION) })],
      'no',
      `${N} would notify it but its topic huaweicloud_smn_topic.audit has no subscription that delivers (${S} is created in ${OTHER_REGION}, not in ${REGION} where the topic is, and SMN would refuse it): no one receives it`,
    ],
  ])('%s', (_name, elements, state, reason) => {
    const j = judgeNotified(elements);
    // What is proven not to notify is a near miss; the reason then says no notification sends it.
    expect({ state: j.state, said: state === 'no' ? j.nearMisses : j.reasons }).toEqual({ state, said: [reason] });
  });
});

describe('projects: a topic URN names its project', () => {
  const OTHER = '1aed40714227270ba1ba29e35a5ca4e1';
  const otherUrn = `urn:smn:${REGION}:${OTHER}:${'cts_audit'}`;

  test("a notification of one project sending to another project's topic is unknown: CTS is not documented to do it", () => {
    const live = { input: 'live' as const, scope: `live:${REGION}/${PROJECT}`, project: PROJECT };
    const j = judgeNotified([
      notification({ ...live, topic: known(otherUrn) }),
      topic({ input: 'live', scope: `live:${REGION}/${OTHER}`, project: OTHER, urn: known(otherUrn) }),
      subscription({ input: 'live', scope: `live:${REGION}/${OTHER}`, project: OTHER, topic: known(otherUrn), confirmed: true }),
    ]);
    expect({ state: j.state, reasons: j.reasons }).toEqual({
      state: 'unknown',
      reasons: [
        `${N} lists it, but its topic huaweicloud_smn_topic.audit is in project ${OTHER}, not ${PROJECT}: CTS is not documented to notify another project's topic; use a topic of project ${PROJECT}`,
      ],
    });
  });

  test('a same-named topic of another project is not the topic a URN names', () => {
    const j = judgeNotified([
      notification({ topic: known(urn()) }),
      topic({ urn: unknown('known after apply'), project: OTHER }),
      subscription({ topic: ref('huaweicloud_smn_topic.audit', 'topic_urn', '${huaweicloud_smn_topic.audit.topic_urn}'), project: OTHER }),
    ]);
    expect({ state: j.state, reasons: j.reasons }).toEqual({
      state: 'unknown',
      reasons: [`${N} lists it, but its topic ${urn()} is not defined in any input; pass the configuration, plan or state that defines it`],
    });
  });

  test('the same topic by name, of the project the URN names (or of no known project), is found', () => {
    for (const project of [PROJECT, undefined]) {
      const j = judgeNotified([
        notification({ topic: known(urn()) }),
        topic({ urn: unknown('known after apply'), ...(project ? { project } : {}) }),
        subscription({ topic: ref('huaweicloud_smn_topic.audit', 'topic_urn', '${huaweicloud_smn_topic.audit.topic_urn}') }),
      ]);
      expect(j.state).toBe('yes');
    }
  });
});

describe('a near miss that differs only by a look-alike character names it', () => {
  test.each<[string, string, string]>([
    ['a Cyrillic e', 'list\u0430llNotebook', 'U+0430 CYRILLIC SMALL LETTER A at position 5'],
    ['a Greek omicron', 'listallN\u03BFtebook', 'U+03BF GREEK SMALL LETTER OMICRON at position 9'],
    ['a zero-width space', 'listall\u200BNotebook', 'U+200B ZERO WIDTH SPACE at position 8'],
    ['a character with no name here', 'listall\u00D1otebook', 'U+00D1 at position 8'],
  ])('%s', (_name, listed, said) => {
    const ops = [{ service: 'ModelArts', resource: 'Notebook', traceNames: [listed] }];
    const j = judgeNotified([notification({ operations: known(ops) }), ...delivered]);
    expect(j.state).toBe('no');
    expect(j.nearMisses).toEqual([
      `${N} lists "ModelArts/Notebook/${listed}", which looks like "listallNotebook" but holds ${said}: CTS would not match it`,
    ]);
  });

  test('nonAsciiCharacters: none in plain ASCII', () => {
    expect(nonAsciiCharacters('createNotebook')).toEqual([]);
    expect(nonAsciiCharacters('cr\u0435ateNotebook')).toEqual(['U+0435 CYRILLIC SMALL LETTER IE at position 3']);
  });
});
