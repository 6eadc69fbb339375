/**
 * Hand-built verdicts for the reporter tests. They are shaped like what the
 * evaluator produces (events from the bundled table, rules from
 * policies/controls.json, addresses and pointers of a cdktf synth), but do
 * not depend on the evaluator, so the reporters can be tested on their own.
 */
import { createHash } from 'node:crypto';
import {
  VERDICT_SCHEMA_VERSION,
  countFindings,
  countStatuses,
  type AppliedWaiver,
  type EventResult,
  type EventStatus,
  type Location,
  type NotifiedState,
  type Tri,
  type Verdict,
} from '../../lib/evaluate/verdict';
import { causesOf } from '../../lib/evaluate/causes';
import { defaultTable } from '../../lib/policy/bundled';
import { loadControls, ruleInfo } from '../../lib/policy/controls';
import { tableEvents, type TracedEvent } from '../../lib/policy/table';

const TABLE = defaultTable();
/** A made-up SHA-256, the same in every run. */
const digest = (seed: string) => createHash('sha256').update(seed).digest('hex');
export const TABLE_EVENTS = tableEvents(TABLE);
const RULES = loadControls().map(ruleInfo);
const TOOL = { name: 'cts-audit', version: '0.1.0' };
const SYNTH = 'cdktf.out/stacks/cts-audit/cdk.tf.json';
const PLAN = 'plans/ap-southeast-1.tfplan.json';

type Overrides = Partial<Omit<EventResult, 'id' | 'table' | 'region' | 'service' | 'resourceType' | 'event' | 'operations'>>;

const suffix = (region: string) => region.replace(/-/g, '_');

function tracker(region: string, file = SYNTH): Location {
  const name = `NotebookAudit_${suffix(region)}_Tracker`;
  return {
    scope: 'cts-audit',
    address: `huaweicloud_cts_tracker.${name}`,
    source: { file, pointer: `/resource/huaweicloud_cts_tracker/${name}`, line: 40 },
  };
}

function notification(region: string, file = SYNTH): Location {
  const name = `NotebookAudit_${suffix(region)}_Notifications_modelarts-notebook`;
  return {
    scope: 'cts-audit',
    address: `huaweicloud_cts_notification.${name}`,
    source: {
      file,
      pointer: `/resource/huaweicloud_cts_notification/${name}`,
      line: 112,
      constructPath: `cts-audit/NotebookAudit/${region}/Notifications`,
    },
  };
}

const topic = (region: string) => `huaweicloud_smn_topic.NotebookAudit_${suffix(region)}_Topic`;
const subscription = (region: string) => `huaweicloud_smn_subscription.NotebookAudit_${suffix(region)}_Subscription0`;

/** One event's result; covered (with its evidence) unless overridden. */
function result(table: string, region: string, e: TracedEvent, overrides: Overrides = {}, file = SYNTH): EventResult {
  const t = tracker(region, file);
  const n = notification(region, file);
  const status: EventStatus = overrides.status ?? 'covered';
  const recorded: Tri = overrides.recorded ?? 'yes';
  const notified: NotifiedState = overrides.notified ?? (status === 'covered' ? 'yes' : 'no');
  return {
    id: `${e.service}/${e.resourceType}/${e.traceName}`,
    table,
    region,
    service: e.service,
    resourceType: e.resourceType,
    event: e.traceName,
    operations: e.operations,
    readOnly: e.readOnly,
    status,
    recorded,
    notified,
    evidence: [t.address, n.address, topic(region), subscription(region)],
    locations: [n, t],
    reasons: [`recorded by ${t.address}`, `notified by ${n.address} to ${topic(region)}`],
    nearMisses: [],
    ...overrides,
  };
}

function verdict(
  parts: Omit<Verdict, 'schemaVersion' | 'tool' | 'rules' | 'summary' | 'passed' | 'causes'> & { passed?: boolean },
): Verdict {
  const events = countStatuses(parts.events);
  const findings = countFindings(parts.findings);
  const passed = parts.passed ?? (events.partial + events.unknown + events.uncovered === 0 && findings.error === 0);
  return {
    schemaVersion: VERDICT_SCHEMA_VERSION,
    tool: TOOL,
    passed,
    regions: parts.regions,
    regionSource: parts.regionSource,
    tables: parts.tables,
    inputs: parts.inputs,
    events: parts.events,
    findings: parts.findings,
    causes: causesOf(parts.events),
    rules: RULES,
    summary: { events, findings },
  };
}

const TABLES = [{ id: TABLE.id, title: TABLE.title, service: TABLE.service, source: TABLE.source }];

/** (a) Every event of the ModelArts notebook table covered in one region, no findings: PASS. */
export const allCovered: Verdict = verdict({
  regions: ['cn-north-4'],
  regionSource: 'inputs',
  tables: TABLES,
  inputs: [{ file: SYNTH, kind: 'synth' }],
  events: TABLE_EVENTS.map((e) => result(TABLE.id, 'cn-north-4', e)),
  findings: [],
});

const WAIVER_TAGS: AppliedWaiver = {
  id: 'W-001',
  reason: 'Tag listing is audited by the TMS team (ticket SEC-1234).',
  expires: '2026-12-31',
};
const WAIVER_RETENTION: AppliedWaiver = {
  id: 'W-002',
  reason: 'Dev account: 90-day retention approved by the CISO.',
  expires: '2026-09-30',
};

function mixedEvent(region: string, e: TracedEvent): EventResult {
  const n = notification(region, region === 'ap-southeast-1' ? PLAN : SYNTH);
  const file = region === 'ap-southeast-1' ? PLAN : SYNTH;
  if (region === 'cn-north-4') {
    if (e.traceName === 'listallNotebook') {
      return result(TABLE.id, region, e, {
        status: 'uncovered',
        notified: 'no',
        locations: [],
        evidence: [tracker(region).address],
        reasons: [`no enabled notification in cn-north-4 sends ModelArts/Notebook/listallNotebook to a subscribed topic`],
        nearMisses: [
          `${n.address} lists "ModelArts/Notebook/listAllNotebook", which differs from "listallNotebook" only by case; trace names are case-sensitive`,
        ],
      });
    }
    if (e.traceName === 'deleteNotebookImage') {
      return result(TABLE.id, region, e, {
        status: 'partial',
        notified: 'partial',
        reasons: [`${n.address} has a filter: only occurrences matching it notify`],
      });
    }
    if (e.traceName === 'listCombineTmsTag') {
      return result(TABLE.id, region, e, {
        status: 'waived',
        unwaivedStatus: 'uncovered',
        notified: 'no',
        locations: [],
        evidence: [tracker(region).address],
        reasons: ['no enabled notification in cn-north-4 sends ModelArts/CombineTmsTag/listCombineTmsTag to a subscribed topic'],
        waiver: WAIVER_TAGS,
      });
    }
    return result(TABLE.id, region, e);
  }
  if (e.resourceType === 'NotebookApp') {
    return result(
      TABLE.id,
      region,
      e,
      {
        status: 'unknown',
        notified: 'unknown',
        evidence: [tracker(region, file).address, n.address],
        reasons: [
          `${n.address} lists it, but its topic is var.audit_topic_urn, a variable the checker cannot see; pass -var-file or check a plan`,
        ],
      },
      file,
    );
  }
  return result(TABLE.id, region, e, {}, file);
}

/** (b) Two regions, a mix of every status, findings of every severity and a waived finding: FAIL. */
export const mixed: Verdict = verdict({
  regions: ['cn-north-4', 'ap-southeast-1'],
  regionSource: 'option',
  tables: TABLES,
  inputs: [
    {
      file: SYNTH,
      kind: 'synth',
      files: [
        { file: 'cdktf.out/manifest.json', sha256: digest('manifest') },
        { file: SYNTH, sha256: digest('stack') },
      ],
    },
    { file: PLAN, kind: 'plan', files: [{ file: PLAN, sha256: digest('plan') }] },
  ],
  events: ['cn-north-4', 'ap-southeast-1'].flatMap((region) => TABLE_EVENTS.map((e) => mixedEvent(region, e))),
  findings: [
    {
      ruleId: 'tracker-lts-transfer',
      severity: 'warning',
      message: 'huaweicloud_cts_tracker.NotebookAudit_cn_north_4_Tracker does not transfer traces to LTS (lts_enabled is false).',
      region: 'cn-north-4',
      address: tracker('cn-north-4').address,
      location: tracker('cn-north-4'),
    },
    {
      ruleId: 'tracker-kms-encryption',
      severity: 'error',
      message:
        'huaweicloud_cts_tracker.NotebookAudit_ap_southeast_1_Tracker has no kms_id: trace files are not encrypted with a customer key.',
      region: 'ap-southeast-1',
      address: tracker('ap-southeast-1', PLAN).address,
      location: tracker('ap-southeast-1', PLAN),
    },
    {
      ruleId: 'input-incomplete',
      severity: 'note',
      message: 'module.extra has a count the checker cannot evaluate; what depends on it is unknown.',
      location: {
        scope: 'plan',
        address: 'module.extra',
        source: { file: PLAN, pointer: '/configuration/root_module/module_calls/extra' },
      },
    },
    {
      ruleId: 'bucket-retention',
      severity: 'error',
      message: 'huaweicloud_obs_bucket.NotebookAudit_cn_north_4_Bucket expires trace files after 90 days, under the required 180.',
      region: 'cn-north-4',
      address: 'huaweicloud_obs_bucket.NotebookAudit_cn_north_4_Bucket',
      location: {
        scope: 'cts-audit',
        address: 'huaweicloud_obs_bucket.NotebookAudit_cn_north_4_Bucket',
        source: { file: SYNTH, pointer: '/resource/huaweicloud_obs_bucket/NotebookAudit_cn_north_4_Bucket', line: 200 },
      },
      waiver: WAIVER_RETENTION,
    },
    {
      ruleId: 'waiver-unmatched',
      severity: 'error',
      message: 'waiver W-003 (ModelArts/Notebook/openNoteboook) matches no event or finding',
    },
  ],
});

/** (c) Text that must be escaped in every format: markup, pipes, quotes, newlines, control characters, odd paths. */
const NASTY =
  'a <b>bold</b> & "quoted" \'single\' | pipe\nsecond line `tick` *star* _under_ [link](http://x) \u001b[31mred\u001b[0m \u0000nul';
const WINDOWS_FILE = 'stacks\\my stack\\cdk.tf.json';
const nastyTable = { id: 'pipes-table', title: 'Table | with <html> & "quotes"', service: 'ModelArts' };
const nastyEvents: TracedEvent[] = [
  { service: 'ModelArts', resourceType: 'Notebook', traceName: 'createNotebook', operations: ['Creating | a <notebook>'], readOnly: false },
  { service: 'ModelArts', resourceType: 'Notebook', traceName: 'deleteNotebook', operations: ['Deleting & "removing"'], readOnly: false },
  { service: 'ModelArts', resourceType: 'NotebookApp', traceName: 'updateNotebookApp', operations: ['Using'], readOnly: false },
];
const nastyLocation: Location = {
  scope: 'stack "a"',
  address: 'huaweicloud_cts_notification.n["a|b"]',
  source: { file: WINDOWS_FILE, pointer: '/resource/huaweicloud_cts_notification/n~1x', line: 7 },
};
export const specialCharacters: Verdict = verdict({
  regions: ['cn-north-4'],
  regionSource: 'option',
  tables: [nastyTable],
  inputs: [{ file: WINDOWS_FILE, kind: 'synth' }],
  events: [
    result(nastyTable.id, 'cn-north-4', nastyEvents[0], { locations: [nastyLocation] }, WINDOWS_FILE),
    result(
      nastyTable.id,
      'cn-north-4',
      nastyEvents[1],
      {
        status: 'uncovered',
        notified: 'no',
        locations: [nastyLocation],
        reasons: [NASTY],
        nearMisses: ['near | miss <with> & "stuff"\nover two lines'],
      },
      WINDOWS_FILE,
    ),
    result(
      nastyTable.id,
      'cn-north-4',
      nastyEvents[2],
      {
        status: 'waived',
        unwaivedStatus: 'partial',
        notified: 'partial',
        reasons: ['filtered'],
        waiver: { id: 'W-<1>', reason: 'accepted & "signed" | <off>\nby ops', expires: '2027-01-01' },
      },
      WINDOWS_FILE,
    ),
  ],
  findings: [
    {
      ruleId: 'bucket-private',
      severity: 'error',
      message: NASTY,
      region: 'cn-north-4',
      address: 'huaweicloud_obs_bucket.b["x|y"]',
      location: nastyLocation,
    },
    { ruleId: 'not-a-listed-rule', severity: 'warning', message: 'warning with ]]> and <![CDATA[ inside' },
  ],
});

/** (d) Passing with a waived event and a waived finding. */
export const passWithWaivers: Verdict = verdict({
  regions: ['cn-north-4'],
  regionSource: 'inputs',
  tables: TABLES,
  inputs: [{ file: SYNTH, kind: 'synth' }],
  events: TABLE_EVENTS.map((e) =>
    e.traceName === 'listNotebookTmsTag'
      ? result(TABLE.id, 'cn-north-4', e, {
          status: 'waived',
          unwaivedStatus: 'unknown',
          notified: 'unknown',
          reasons: ['the topic of the notification is defined in another stack that was not given'],
          waiver: WAIVER_TAGS,
        })
      : result(TABLE.id, 'cn-north-4', e),
  ),
  findings: [
    {
      ruleId: 'tracker-lts-transfer',
      severity: 'warning',
      message: 'no LTS transfer',
      region: 'cn-north-4',
      address: tracker('cn-north-4').address,
      location: tracker('cn-north-4'),
      waiver: WAIVER_RETENTION,
    },
  ],
});

export const SAMPLES = { allCovered, mixed, specialCharacters, passWithWaivers } as const;

/** Freezes an object and everything in it, so that a reporter that mutates its input throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
