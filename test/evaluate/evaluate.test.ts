import { DEFAULT_RETENTION_DAYS, EvaluateOptions, evaluate } from '../../lib/evaluate';
import { EventResult, EventStatus, STATUS_ORDER, Verdict, VERDICT_SCHEMA_VERSION, worst } from '../../lib/evaluate/verdict';
import { Element, Model, known, ref, unknown } from '../../lib/model';
import { defaultTable } from '../../lib/policy/bundled';
import { TracedEvent, tableEvents } from '../../lib/policy/table';
import { loadControls } from '../../lib/policy/controls';
import {
  OTHER_REGION,
  REGION,
  allOperations,
  bucket,
  compliant,
  configuration,
  key,
  model,
  modelWith,
  notification,
  smallTable,
  subscription,
  topic,
  tracker,
  urn,
} from './builders';
import { expectEvery } from '../support/every';

const RULES = loadControls();
const TOOL = { name: 'cts-audit', version: '0.0.0-test' };
const TODAY = '2026-06-15';
const TABLE = defaultTable();

function check(m: Model, options: Partial<EvaluateOptions> = {}): Verdict {
  return evaluate(m, { tables: [TABLE], rules: RULES, today: TODAY, tool: TOOL, ...options });
}
const statuses = (v: Verdict) => Object.fromEntries(v.events.map((e) => [`${e.region} ${e.resourceType}/${e.event}`, e.status]));
const eventOf = (v: Verdict, traceName: string, region = REGION) =>
  v.events.find((e) => e.event === traceName && e.region === region) as EventResult;
const errors = (v: Verdict) => v.findings.filter((f) => f.severity === 'error' && !f.waiver);

describe('STATUS_ORDER and worst', () => {
  test('orders statuses worst first', () => {
    expect(STATUS_ORDER).toEqual(['uncovered', 'unknown', 'partial', 'covered', 'waived']);
  });

  test.each<[EventStatus[], EventStatus]>([
    [['covered'], 'covered'],
    [['covered', 'covered'], 'covered'],
    [['covered', 'partial'], 'partial'],
    [['partial', 'unknown'], 'unknown'],
    [['unknown', 'covered'], 'unknown'],
    [['uncovered', 'unknown'], 'uncovered'],
    [['covered', 'uncovered'], 'uncovered'],
    [['waived', 'covered'], 'covered'],
    [['partial', 'covered', 'unknown', 'uncovered'], 'uncovered'],
  ])('worst of %j is %s', (list, expected) => {
    expect(worst(list)).toBe(expected);
  });
});

describe("an event's status combines recorded and notified", () => {
  const recordedBy = {
    yes: () => [tracker()],
    no: () => [tracker({ enabled: known(false) })],
    unknown: () => [tracker({ enabled: unknown('var.tracker_enabled has no value') })],
  };
  const notifiedBy = {
    yes: () => [notification()],
    partial: () => [notification({ filtered: known(true) })],
    unknown: () => [notification({ topic: known(urn('secops_alerts')) })],
    no: () => [notification({ enabled: known(false) })],
  };
  const recordedReason = {
    yes: 'recorded by huaweicloud_cts_tracker.system',
    no: 'tracker huaweicloud_cts_tracker.system is disabled (enabled = false): it records nothing',
    unknown: 'whether huaweicloud_cts_tracker.system is enabled is unknown: var.tracker_enabled has no value',
  };
  const notifiedReason = {
    yes: 'notified by huaweicloud_cts_notification.modelarts to huaweicloud_smn_topic.audit',
    partial: 'huaweicloud_cts_notification.modelarts has a filter: only occurrences matching it notify',
    unknown: expect.stringContaining(`its topic ${urn('secops_alerts')} is not defined in any input`),
    no: `no enabled notification in ${REGION} sends ModelArts/Notebook/createNotebook to a subscribed topic`,
  };

  test.each<[keyof typeof recordedBy, keyof typeof notifiedBy, EventStatus]>([
    ['yes', 'yes', 'covered'],
    ['yes', 'partial', 'partial'],
    ['yes', 'unknown', 'unknown'],
    ['yes', 'no', 'uncovered'],
    ['no', 'yes', 'uncovered'],
    ['no', 'partial', 'uncovered'],
    ['no', 'unknown', 'uncovered'],
    ['no', 'no', 'uncovered'],
    ['unknown', 'yes', 'unknown'],
    ['unknown', 'partial', 'unknown'],
    ['unknown', 'unknown', 'unknown'],
    ['unknown', 'no', 'uncovered'],
  ])('recorded %s, notified %s → %s', (rec, notif, status) => {
    const v = check(model(...recordedBy[rec](), ...notifiedBy[notif](), bucket(), topic(), subscription()), { tables: [smallTable()] });
    const e = eventOf(v, 'createNotebook');
    expect(e).toMatchObject({ status, recorded: rec, notified: notif });
    // a covered event gives both proofs; any other only what fails
    const reasons =
      status === 'covered'
        ? [recordedReason.yes, notifiedReason.yes]
        : [...(rec === 'yes' ? [] : [recordedReason[rec]]), ...(notif === 'yes' ? [] : [notifiedReason[notif]])];
    expect(e.reasons).toEqual(reasons);
    expect(v.passed).toBe(status === 'covered');
  });
});

describe('a compliant account', () => {
  let v: Verdict;
  beforeEach(() => {
    v = check(model(...compliant()));
  });

  test('passes, with every event of the table covered', () => {
    expect(v.passed).toBe(true);
    expect(v.events).toHaveLength(22);
    expect(new Set(v.events.map((e) => e.status))).toEqual(new Set(['covered']));
    expect(v.findings).toEqual([]);
    expect(v.summary).toEqual({
      events: { covered: 22, partial: 0, unknown: 0, uncovered: 0, waived: 0, total: 22 },
      findings: { error: 0, warning: 0, note: 0, waived: 0 },
    });
  });

  test('says what proves each event, and where', () => {
    const e = eventOf(v, 'createNotebookImage');
    expect(e).toEqual({
      id: 'ModelArts/NotebookImage/createNotebookImage',
      table: 'modelarts-notebook',
      region: REGION,
      service: 'ModelArts',
      resourceType: 'NotebookImage',
      event: 'createNotebookImage',
      operations: ['Saving a running instance as a container image', 'Registering a custom image'],
      readOnly: false,
      status: 'covered',
      recorded: 'yes',
      notified: 'yes',
      evidence: [
        'huaweicloud_cts_tracker.system',
        'huaweicloud_cts_notification.modelarts',
        'huaweicloud_smn_topic.audit',
        'huaweicloud_smn_subscription.secops',
      ],
      locations: expect.arrayContaining([
        { scope: 'state.json', address: 'huaweicloud_smn_subscription.secops', source: { file: 'state.json' } },
      ]),
      reasons: [
        'recorded by huaweicloud_cts_tracker.system',
        'notified by huaweicloud_cts_notification.modelarts to huaweicloud_smn_topic.audit',
      ],
      nearMisses: [],
    });
  });

  test('describes the check: schema, tool, regions, tables, inputs, rules', () => {
    expect(v).toMatchObject({
      schemaVersion: VERDICT_SCHEMA_VERSION,
      tool: TOOL,
      regions: [REGION],
      regionSource: 'inputs',
      tables: [{ id: 'modelarts-notebook', title: TABLE.title, service: 'ModelArts' }],
      inputs: [{ file: 'state.json', kind: 'state' }],
    });
    expect(v.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(v.rules.find((r) => r.id === 'bucket-retention')?.docs).toBe('docs/rules.md#bucket-retention');
  });
});

describe('regions', () => {
  const everywhere = [
    ...compliant(),
    tracker({ address: 'huaweicloud_cts_tracker.hk', region: known(OTHER_REGION) }),
    subscription({ address: 'huaweicloud_smn_subscription.eu', region: known('eu-west-101') }),
    key({ address: 'huaweicloud_kms_key.unknown', region: unknown('var.region') }),
  ];

  test('by default, every known region of the inputs, sorted, once each', () => {
    const v = check(model(...everywhere));
    expect(v).toMatchObject({ regions: [OTHER_REGION, REGION, 'eu-west-101'], regionSource: 'inputs' });
    expect(v.events).toHaveLength(3 * 22);
  });

  test('an empty --region list counts as none', () => {
    expect(check(model(...everywhere), { regions: [] })).toMatchObject({
      regions: [OTHER_REGION, REGION, 'eu-west-101'],
      regionSource: 'inputs',
    });
  });

  test('from the options, once each, in the order given; events are required there even with nothing in the inputs', () => {
    const v = check(model(...compliant()), { regions: ['eu-west-101', REGION, 'eu-west-101'] });
    expect(v).toMatchObject({ regions: ['eu-west-101', REGION], regionSource: 'option', passed: false });
    expect(statuses(v)).toMatchObject({
      'eu-west-101 Notebook/createNotebook': 'uncovered',
      [`${REGION} Notebook/createNotebook`]: 'covered',
    });
    expect(eventOf(v, 'createNotebook', 'eu-west-101').reasons).toEqual([
      'no CTS system tracker in eu-west-101: nothing records ModelArts operations',
      'no enabled notification in eu-west-101 sends ModelArts/Notebook/createNotebook to a subscribed topic',
    ]);
  });

  test('with no known region, the check fails with a finding saying so, and why, at the element whose region is unknown', () => {
    const t = tracker({ region: unknown('the provider region is var.region') });
    const v = check(model(t));
    expect(v.passed).toBe(false);
    expect(v.regions).toEqual([]);
    expect(v.events).toEqual([]);
    expect(v.findings).toContainEqual({
      ruleId: 'event-coverage',
      severity: 'error',
      message:
        'no region to check: the inputs hold no Huawei Cloud tracker, notification, topic or bucket with a known region; the region of huaweicloud_cts_tracker.system is unknown: the provider region is var.region; pass --region, or check the inputs are the right ones',
      location: { scope: t.scope, address: t.address, source: t.source },
    });
  });

  test('with no element at all, the check fails with a finding saying so', () => {
    const v = check(model());
    expect(v.passed).toBe(false);
    expect(v.findings).toContainEqual({
      ruleId: 'event-coverage',
      severity: 'error',
      message:
        'no region to check: the inputs hold no Huawei Cloud tracker, notification, topic or bucket with a known region; pass --region, or check the inputs are the right ones',
    });
  });

  test('a region that is not a region name (null, in a damaged input) is unknown, never a region to check', () => {
    const damaged = compliant().map((e) => (e.type === 'tracker' ? { ...e, region: known(null as unknown as string) } : e));
    expect(check(model(...compliant())).passed).toBe(true);
    const v = check(model(...damaged));
    expect(v.regions).toEqual([REGION]);
    expect(eventOf(v, 'createNotebook', REGION).status).toBe('unknown');
    expect(eventOf(v, 'createNotebook', REGION).reasons).toContain(
      'huaweicloud_cts_tracker.system would record it, but the region of huaweicloud_cts_tracker.system is unknown: region: expected a region name such as cn-north-4, got null',
    );
  });

  test('with no known region, a waiver of event-coverage does not make the check pass', () => {
    const v = check(model(tracker({ region: unknown('var.region') })), {
      waivers: [{ id: 'event-coverage', reason: 'trying to silence the region check', expires: '2099-12-31' }],
    });
    expect(v.passed).toBe(false);
  });

  test('an element of unknown region makes its events unknown in a required region', () => {
    const v = check(
      model(tracker({ region: unknown('the provider region is var.region') }), bucket(), topic(), subscription(), notification()),
      { regions: [REGION] },
    );
    expect(eventOf(v, 'createNotebook')).toMatchObject({
      status: 'unknown',
      recorded: 'unknown',
      reasons: [
        'huaweicloud_cts_tracker.system would record it, but the region of huaweicloud_cts_tracker.system is unknown: the provider region is var.region',
      ],
    });
  });
});

describe('passed', () => {
  test('is false when an error finding remains, even with every event covered', () => {
    const v = check(model(...compliant().filter((e) => e.type !== 'bucket'), bucket({ versioning: known(false) })));
    expect(v.summary.events.covered).toBe(22);
    expect(v.passed).toBe(false);
    expect(errors(v).map((f) => f.message)).toEqual([
      'trace bucket huaweicloud_obs_bucket.traces does not keep versions (versioning is off)',
    ]);
  });

  test('a part of the configuration that was not read makes an event it would leave uncovered unknown, saying so; covered events stay covered', () => {
    const hides = {
      source: { file: 'infra/main.tf', line: 10 },
      message: 'module.audit (source "acme/audit/huaweicloud") is not read: only local modules (./ or ../) are',
      hides: true,
    };
    const withoutNotification = compliant().filter((e) => e.type !== 'notification');
    const v = check(modelWith({ diagnostics: [hides] }, ...withoutNotification));
    expect(eventOf(v, 'createNotebook').status).toBe('unknown');
    expect(eventOf(v, 'createNotebook').reasons).toContain(`it may be in what was not read: ${hides.message}`);
    expect(check(modelWith({ diagnostics: [{ ...hides, hides: undefined }] }, ...withoutNotification)).events[0].status).toBe('uncovered');
    expectEvery(check(modelWith({ diagnostics: [hides] }, ...compliant())).events, (e) => e.status === 'covered', 'event');
  });

  test('is true with warning findings only', () => {
    const v = check(
      modelWith(
        {
          diagnostics: [
            {
              source: { file: 'plan.json', pointer: '/configuration/root_module/resources/3' },
              message: 'count of huaweicloud_cts_notification.extra is not a literal',
            },
          ],
        },
        ...compliant().filter((e) => e.type !== 'tracker'),
        tracker({ ltsEnabled: known(false) }),
      ),
    );
    expect(v.passed).toBe(true);
    expect(v.findings).toEqual([
      expect.objectContaining({
        ruleId: 'tracker-lts-transfer',
        severity: 'warning',
        message: 'huaweicloud_cts_tracker.system does not transfer traces to LTS (lts_enabled is off)',
      }),
      {
        ruleId: 'input-incomplete',
        severity: 'warning',
        message: 'count of huaweicloud_cts_notification.extra is not a literal',
        location: { scope: 'plan.json', address: '', source: { file: 'plan.json', pointer: '/configuration/root_module/resources/3' } },
      },
    ]);
    expect(v.summary.findings).toEqual({ error: 0, warning: 2, note: 0, waived: 0 });
  });

  test('is true when the only error finding is waived', () => {
    const v = check(model(...compliant().filter((e) => e.type !== 'tracker'), tracker({ validateFile: known(false) })), {
      waivers: [
        {
          id: 'tracker-file-validation',
          region: REGION,
          reason: 'Digest files are replaced by OBS WORM, review SR-77.',
          expires: '2026-06-15',
        },
      ],
    });
    expect(v.passed).toBe(true);
    expect(v.findings).toEqual([
      expect.objectContaining({ ruleId: 'tracker-file-validation', waiver: expect.objectContaining({ id: 'tracker-file-validation' }) }),
    ]);
    expect(v.summary.findings).toEqual({ error: 0, warning: 0, note: 0, waived: 1 });
  });

  test('is false when a waiver matches nothing, even if everything else passes', () => {
    const v = check(model(...compliant()), {
      waivers: [{ id: 'ModelArts/Notebook/createNotebook', reason: 'Stale waiver from the old setup.', expires: '2099-12-31' }],
    });
    expect(v.passed).toBe(false);
    expect(errors(v).map((f) => f.message)).toEqual([
      'the waiver for ModelArts/Notebook/createNotebook matches no failing event or finding; fix its id, region, address or status, or remove it',
    ]);
  });

  test('is false when a waiver has expired, and the event it covered counts again', () => {
    const ops = allOperations().map((op) => ({ ...op, traceNames: op.traceNames.filter((t) => t !== 'listNotebookTmsTag') }));
    const v = check(model(...compliant().filter((e) => e.type !== 'notification'), notification({ operations: known(ops) })), {
      waivers: [
        {
          id: 'ModelArts/NotebookTmsTag/listNotebookTmsTag',
          region: REGION,
          reason: 'Read-only tag listing, review SR-2291.',
          expires: '2026-06-14',
        },
      ],
    });
    expect(v.passed).toBe(false);
    expect(eventOf(v, 'listNotebookTmsTag').status).toBe('uncovered');
    expect(errors(v).map((f) => f.ruleId)).toEqual(['waiver-expired']);
  });
});

test('summary counts events by status and findings by severity, waived apart', () => {
  const byResource = (resource: string) => allOperations().filter((op) => op.resource === resource);
  const m = modelWith(
    { diagnostics: [{ source: { file: 'state.json' }, message: 'a value of huaweicloud_cts_notification.apps could not be read' }] },
    tracker({ ltsEnabled: known(false), validateFile: known(false) }),
    bucket({ versioning: known(false) }),
    key(),
    configuration(),
    topic(),
    subscription(),
    notification({
      address: 'huaweicloud_cts_notification.notebooks',
      name: known('notebooks'),
      operations: known(byResource('Notebook')),
    }),
    notification({
      address: 'huaweicloud_cts_notification.images',
      name: known('images'),
      operations: known(byResource('NotebookImage')),
      filtered: known(true),
    }),
    notification({
      address: 'huaweicloud_cts_notification.apps',
      name: known('apps'),
      operations: known(byResource('NotebookApp')),
      topic: known(urn('secops_alerts')),
    }),
  );
  const v = check(m, {
    waivers: [
      { id: 'ModelArts/NotebookTmsTag/listNotebookTmsTag', reason: 'Read-only tag listing, review SR-2291.', expires: '2099-12-31' },
      { id: 'tracker-file-validation', reason: 'Digest files are replaced by OBS WORM, review SR-77.', expires: '2099-12-31' },
    ],
  });
  expect(v.summary.events).toEqual({ covered: 9, partial: 5, unknown: 5, uncovered: 2, waived: 1, total: 22 });
  expect(v.summary.findings).toEqual({ error: 1, warning: 2, note: 0, waived: 1 });
  expect(v.passed).toBe(false);
  expect(eventOf(v, 'listNotebookTmsTag')).toMatchObject({ status: 'waived', unwaivedStatus: 'uncovered' });
});

describe('several tables', () => {
  const training = smallTable({ id: 'modelarts-training', rows: [['Creating a training job', 'TrainingJob', 'createTrainingJob']] });

  test("each table's events are required in each region", () => {
    const v = check(model(...compliant(), tracker({ address: 'huaweicloud_cts_tracker.hk', region: known(OTHER_REGION) })), {
      tables: [smallTable(), training],
    });
    expect(v.tables.map((t) => t.id)).toEqual(['small-notebook', 'modelarts-training']);
    expect(v.events.map((e) => `${e.table} ${e.region} ${e.id} ${e.status}`)).toEqual([
      `small-notebook ${OTHER_REGION} ModelArts/Notebook/createNotebook uncovered`,
      `small-notebook ${OTHER_REGION} ModelArts/Notebook/deleteNotebook uncovered`,
      `small-notebook ${OTHER_REGION} ModelArts/NotebookImage/deleteNotebookImage uncovered`,
      `small-notebook ${REGION} ModelArts/Notebook/createNotebook covered`,
      `small-notebook ${REGION} ModelArts/Notebook/deleteNotebook covered`,
      `small-notebook ${REGION} ModelArts/NotebookImage/deleteNotebookImage covered`,
      `modelarts-training ${OTHER_REGION} ModelArts/TrainingJob/createTrainingJob uncovered`,
      `modelarts-training ${REGION} ModelArts/TrainingJob/createTrainingJob uncovered`,
    ]);
    expect(v.summary.events.total).toBe(8);
  });

  test('a table of another service is recorded only if the tracker does not exclude that service', () => {
    const obs = smallTable({ id: 'obs-buckets', service: 'OBS', rows: [['Deleting a bucket', 'bucket', 'deleteBucket']] });
    const v = check(
      model(
        ...compliant().filter((e) => e.type !== 'tracker'),
        tracker({ excludeServices: known(['OBS']) }),
        notification({ address: 'huaweicloud_cts_notification.all', name: known('all'), operationType: known('complete') }),
      ),
      { tables: [TABLE, obs] },
    );
    expect(eventOf(v, 'deleteBucket')).toMatchObject({ status: 'uncovered', recorded: 'no', notified: 'yes' });
    expect(eventOf(v, 'createNotebook')).toMatchObject({ status: 'covered' });
  });
});

test('retentionDays defaults to 180 and can be raised', () => {
  expect(DEFAULT_RETENTION_DAYS).toBe(180);
  const m = model(
    ...compliant().filter((e) => e.type !== 'bucket'),
    bucket({ lifecycleRules: known([{ enabled: true, prefix: '', expirationDays: 200 }]) }),
  );
  expect(check(m).passed).toBe(true);
  expect(errors(check(m, { retentionDays: 365 })).map((f) => f.message)).toEqual([
    'trace bucket huaweicloud_obs_bucket.traces expires trace files after 200 days, under the required 365',
  ]);
});

test('rules without metadata are refused', () => {
  expect(() => check(model(...compliant()), { rules: RULES.filter((r) => r.id !== 'bucket-versioned') })).toThrow(
    'rule bucket-versioned has no metadata in policies/controls.json',
  );
});

/** A verdict with every list in a canonical order, so that verdicts can be compared whatever the element order. */
function canonical(v: Verdict): unknown {
  const sorted = (list: readonly unknown[]) => list.map((x) => JSON.stringify(x)).sort();
  return {
    ...v,
    events: [...v.events]
      .map((e) => ({
        ...e,
        evidence: sorted(e.evidence),
        locations: sorted(e.locations),
        reasons: sorted(e.reasons),
        nearMisses: sorted(e.nearMisses),
      }))
      .sort((a, b) => `${a.table} ${a.region} ${a.id}`.localeCompare(`${b.table} ${b.region} ${b.id}`)),
    findings: sorted(v.findings),
  };
}

/** A deterministic shuffle (mulberry32), so a failure can be reproduced. */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  let s = seed;
  const random = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Two regions and every kind of result: covered, partial, unknown, uncovered, near misses, findings. */
function busyAccount(): Element[] {
  const CFG = 'cdktf.out#cts-audit';
  const ops = allOperations();
  return [
    tracker({ address: 'huaweicloud_cts_tracker.old', region: unknown('var.old_region has no value') }),
    tracker({ validateFile: known(false) }),
    configuration(),
    bucket({ versioning: known(false), lifecycleRules: known([{ enabled: true, prefix: 'CloudTraces/', expirationDays: 90 }]) }),
    key(),
    topic(),
    subscription(),
    subscription({
      address: 'huaweicloud_smn_subscription.hook',
      protocol: known('https'),
      endpoint: known('https://hooks.example.com/cts'),
    }),
    notification({
      address: 'huaweicloud_cts_notification.notebooks',
      name: known('notebooks'),
      operations: known([{ ...ops[0], traceNames: ops[0].traceNames.map((t) => (t === 'listallNotebook' ? 'listAllNotebook' : t)) }]),
    }),
    notification({
      address: 'huaweicloud_cts_notification.images',
      name: known('images'),
      operations: known([ops[1], ops[2]]),
      filtered: known(true),
    }),
    notification({ address: 'huaweicloud_cts_notification.off', name: known('off'), enabled: known(false) }),
    tracker({
      scope: CFG,
      input: 'synth',
      address: 'huaweicloud_cts_tracker.hk',
      region: known(OTHER_REGION),
      bucketName: known(undefined),
      kmsId: unknown('var.kms'),
    }),
    topic({
      scope: CFG,
      input: 'synth',
      address: 'huaweicloud_smn_topic.hk',
      region: known(OTHER_REGION),
      urn: unknown('topic_urn is not set'),
    }),
    subscription({
      scope: CFG,
      input: 'synth',
      region: known(OTHER_REGION),
      topic: ref('huaweicloud_smn_topic.hk', 'topic_urn', '${huaweicloud_smn_topic.hk.topic_urn}'),
    }),
    notification({
      scope: CFG,
      input: 'synth',
      address: 'huaweicloud_cts_notification.hk',
      region: known(OTHER_REGION),
      operations: known([ops[0]]),
      topic: ref('huaweicloud_smn_topic.hk', 'topic_urn', '${huaweicloud_smn_topic.hk.topic_urn}'),
    }),
    notification({
      scope: CFG,
      input: 'synth',
      address: 'huaweicloud_cts_notification.hk2',
      region: known(OTHER_REGION),
      topic: known(urn('gone', OTHER_REGION)),
      operationType: known('complete'),
    }),
  ];
}

describe('the verdict does not depend on the order of the elements', () => {
  const options: Partial<EvaluateOptions> = {
    waivers: [
      {
        id: 'ModelArts/NotebookImage/listNotebookImage',
        region: REGION,
        reason: 'Read-only listing, review SR-12.',
        expires: '2099-12-31',
      },
    ],
  };
  const busy = model(...busyAccount());
  /** The same model with its elements in another order. */
  const reordered = (elements: Element[]): Model => ({ ...busy, elements });
  let expected: unknown;
  beforeEach(() => {
    expected = canonical(check(busy, options));
  });

  test('the busy account exercises every status', () => {
    const v = check(busy, options);
    expect(new Set(v.events.map((e) => e.status))).toEqual(new Set(['covered', 'partial', 'unknown', 'uncovered', 'waived']));
    expect(v.events.some((e) => e.nearMisses.length > 0)).toBe(true);
    expect(v.findings.length).toBeGreaterThan(2);
  });

  test.each([1, 2, 3, 4, 5, 6, 7, 8])('shuffle %i', (seed) => {
    const elements = shuffled(busy.elements, seed);
    expect(elements).not.toEqual(busy.elements);
    expect(canonical(check(reordered(elements), options))).toEqual(expected);
  });

  test('reversed', () => {
    expect(canonical(check(reordered([...busy.elements].reverse()), options))).toEqual(expected);
  });
});

describe('plan and state of the same resources, together', () => {
  const plan = { scope: 'plan.json', input: 'plan' as const };

  test('every copy of the trace bucket is checked, whatever the element order (plan: private; state: public-read)', () => {
    // The deployed bucket (state.json) is public-read today; the plan would make it private.
    // Both trackers name the bucket by its literal name: every bucket of that name must pass.
    const elements: Element[] = [
      ...compliant().map((e) => ({ ...e, ...plan, source: { file: 'plan.json' } })),
      tracker(),
      bucket({ acl: known('public-read') }),
    ];
    const m = model(...elements);
    const forward = check(m);
    const backward = check({ ...m, elements: [...m.elements].reverse() });
    for (const v of [forward, backward]) {
      expect(v.findings).toContainEqual(
        expect.objectContaining({
          ruleId: 'bucket-private',
          message: 'trace bucket huaweicloud_obs_bucket.traces is not private (acl = "public-read")',
        }),
      );
    }
    expect(canonical(backward)).toEqual(canonical(forward));
  });

  test('the topic cited as evidence does not depend on element order (the same topic in plan and state)', () => {
    const m = model(...compliant(), topic(plan));
    const forward = check(m);
    const backward = check({ ...m, elements: [...m.elements].reverse() });
    expect(canonical(backward)).toEqual(canonical(forward));
  });

  test("a state's enabled tracker does not vouch for a tracker the plan disables", () => {
    // The plan turns the tracker off (enabled = false); the state still shows it on. Both are
    // the region's one system tracker, and the worst copy decides: after apply nothing records.
    const v = check(model(...compliant().filter((e) => e.type !== 'tracker'), tracker({ ...plan, enabled: known(false) }), tracker()));
    expect(eventOf(v, 'createNotebook').status).not.toBe('covered');
    expect(v.passed).toBe(false);
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

test('evaluate is pure: it changes neither the model nor the options, and gives the same verdict again', () => {
  const options: EvaluateOptions = {
    tables: [defaultTable(), smallTable()],
    rules: loadControls(),
    regions: [REGION, OTHER_REGION, REGION],
    retentionDays: 200,
    waivers: [
      {
        id: 'ModelArts/NotebookImage/listNotebookImage',
        region: REGION,
        reason: 'Read-only listing, review SR-12.',
        expires: '2099-12-31',
      },
      { id: 'tracker-file-validation', reason: 'Digest files are replaced by OBS WORM, review SR-77.', expires: '2020-01-01' },
    ],
    today: TODAY,
    tool: TOOL,
  };
  const m = modelWith({ diagnostics: [{ source: { file: 'state.json' }, message: 'something could not be read' }] }, ...busyAccount());
  const before = JSON.stringify({ m, options });
  const first = evaluate(deepFreeze(m), deepFreeze(options));
  expect(JSON.stringify({ m, options })).toBe(before);
  expect(evaluate(m, options)).toEqual(first);
  expect(first.regions).toEqual([REGION, OTHER_REGION]);
});

describe('regions read live: what is deployed decides', () => {
  const PROJECT_A = '0970dd7a1300f5672ff2c003c60ae115';
  const PROJECT_B = '1aed40714227270ba1ba29e35a5ca4e1';
  /** The compliant account as read live in one project. */
  const deployed = (project: string, region = REGION): Element[] =>
    compliant().map((e) => ({ ...e, scope: `live:${region}/${project}`, input: 'live' as const, project, region: known(region) }));
  const liveModel = (elements: Element[], readings: Array<{ region: string; project?: string }>): Model => {
    const m = model(...elements);
    return { ...m, readings };
  };

  test('each project read is judged on its own, labelled by project when a region has several', () => {
    const v = check(
      liveModel(
        [...compliant(), ...deployed(PROJECT_A)],
        [
          { region: REGION, project: PROJECT_B },
          { region: REGION, project: PROJECT_A },
        ],
      ),
    );
    expect(v.regions).toEqual([REGION]);
    expect([...new Set(v.events.map((e) => `${e.region} ${e.project} ${e.status}`))]).toEqual([
      `${REGION}/${PROJECT_A} ${PROJECT_A} covered`,
      `${REGION}/${PROJECT_B} ${PROJECT_B} uncovered`,
    ]);
    const e = v.events.find((x) => x.region === `${REGION}/${PROJECT_B}` && x.event === 'createNotebook') as EventResult;
    expect(e.reasons).toEqual([
      'no CTS system tracker in cn-north-4: nothing records ModelArts operations',
      'no enabled notification in cn-north-4 sends ModelArts/Notebook/createNotebook to a subscribed topic',
      'huaweicloud_cts_tracker.system (state.json), huaweicloud_cts_notification.modelarts (state.json), huaweicloud_cts_configuration.this (state.json) from the other inputs are not counted in cn-north-4: the region was read live, and what is deployed decides',
    ]);
    expect(v.passed).toBe(false);
  });

  test('one project read in a region is labelled by the region alone; a region read with nothing in it is still checked', () => {
    const v = check(liveModel(deployed(PROJECT_A), [{ region: REGION, project: PROJECT_A }, { region: OTHER_REGION }]));
    expect(v.regions).toEqual([OTHER_REGION, REGION]);
    expect([...new Set(v.events.map((e) => `${e.region} ${e.project ?? '-'} ${e.status}`))]).toEqual([
      `${OTHER_REGION} - uncovered`,
      `${REGION} ${PROJECT_A} covered`,
    ]);
  });

  test('a project whose elements are in another region is not a project of this one', () => {
    const v = check(liveModel([...deployed(PROJECT_A), ...deployed(PROJECT_B, OTHER_REGION)], [{ region: REGION }]));
    expect([...new Set(v.events.map((e) => `${e.region} ${e.project ?? '-'}`))]).toEqual([
      `${OTHER_REGION} ${PROJECT_B}`,
      `${REGION} ${PROJECT_A}`,
    ]);
  });

  test('what is set aside is named, the first three and how many more', () => {
    const states = ['a', 'b', 'c', 'd', 'e'].map((n) => tracker({ address: `huaweicloud_cts_tracker.${n}` }));
    const v = check(liveModel(states, [{ region: REGION, project: PROJECT_A }]));
    expect(eventOf(v, 'createNotebook').reasons).toContain(
      'huaweicloud_cts_tracker.a (state.json), huaweicloud_cts_tracker.b (state.json), huaweicloud_cts_tracker.c (state.json) and 2 more from the other inputs are not counted in cn-north-4: the region was read live, and what is deployed decides',
    );
    const one = check(liveModel([tracker()], [{ region: REGION }]));
    expect(eventOf(one, 'createNotebook').reasons).toContain(
      'huaweicloud_cts_tracker.system (state.json) from the other inputs is not counted in cn-north-4: the region was read live, and what is deployed decides',
    );
  });

  test('a part not read hides nothing in a region read live: uncovered stays uncovered', () => {
    const m = {
      ...modelWith({ diagnostics: [{ source: { file: 'main.tf' }, message: 'module.x is not read', hides: true }] }),
      readings: [{ region: REGION }],
    };
    expect(new Set(check(m).events.map((e) => e.status))).toEqual(new Set(['uncovered']));
    const offline = modelWith({ diagnostics: [{ source: { file: 'main.tf' }, message: 'module.x is not read', hides: true }] }, bucket());
    expect(eventOf(check(offline), 'createNotebook')).toMatchObject({
      status: 'unknown',
      reasons: expect.arrayContaining(['it may be in what was not read: module.x is not read']),
    });
  });
});

describe('evaluate refuses what it cannot judge', () => {
  test('no table', () => {
    expect(() => check(model(...compliant()), { tables: [] })).toThrow('evaluate: no table of traced operations to check');
  });

  test('a rule without metadata, a control or not', () => {
    expect(() => check(model(...compliant()), { rules: RULES.filter((r) => r.id !== 'tracker-kms-encryption') })).toThrow(
      'rule tracker-kms-encryption has no metadata in policies/controls.json',
    );
    expect(() => check(model(...compliant()), { rules: RULES.filter((r) => r.id !== 'waiver-expired') })).toThrow(
      'rule waiver-expired has no metadata in policies/controls.json',
    );
  });
});

describe('read-only events: recorded only where CTS reports read-only operations of the service', () => {
  let READ_ONLY: TracedEvent[];
  let WRITES: TracedEvent[];
  beforeEach(() => {
    READ_ONLY = tableEvents(TABLE).filter((e) => e.readOnly);
    WRITES = tableEvents(TABLE).filter((e) => !e.readOnly);
  });
  const without = (type: string) => compliant().filter((e) => e.type !== type);

  test('the table has 11 read-only events and 11 writes', () => {
    expect([READ_ONLY.length, WRITES.length]).toEqual([11, 11]);
  });

  test('with no configuration in the inputs, the read-only events are unknown, saying how to prove them; the writes stay covered', () => {
    const v = check(model(...without('configuration')));
    for (const e of READ_ONLY) {
      expect(eventOf(v, e.traceName)).toMatchObject({ status: 'unknown', recorded: 'unknown', notified: 'yes', readOnly: true });
    }
    for (const e of WRITES) expect(eventOf(v, e.traceName)).toMatchObject({ status: 'covered', readOnly: false });
    expect(eventOf(v, 'listNotebookTmsTag').reasons).toEqual([
      'it is a read-only operation, and no CTS configuration in the inputs says whether cn-north-4 reports read-only operations of ModelArts (CTS records them only where read-only audit logs are on for the service); add a huaweicloud_cts_configuration with "ModelArts" in support_read_only_services (or is_support_read_only = true) to the inputs, or check the account with --live',
    ]);
    expect(v.passed).toBe(false);
  });

  test('a configuration that leaves the service out uncovers the reads, with the near miss; the writes stay covered', () => {
    const v = check(model(...without('configuration'), configuration({ readOnlyServices: known(['modelArts']) })));
    expect(eventOf(v, 'getNotebook')).toMatchObject({
      status: 'uncovered',
      recorded: 'no',
      nearMisses: [
        'huaweicloud_cts_configuration.this lists "modelArts" in support_read_only_services, which differs from "ModelArts" only by case; service names are case-sensitive',
      ],
    });
    expect(eventOf(v, 'getNotebook').locations[0].address).toBe('huaweicloud_cts_configuration.this');
    expect(eventOf(v, 'createNotebook').status).toBe('covered');
  });

  test('a disabled tracker is the first reason of a read-only event, the configuration the second', () => {
    const v = check(model(tracker({ enabled: known(false) }), ...without('configuration').filter((e) => e.type !== 'tracker')));
    expect(eventOf(v, 'getNotebook').reasons.slice(0, 2)).toEqual([
      'tracker huaweicloud_cts_tracker.system is disabled (enabled = false): it records nothing',
      expect.stringContaining('no CTS configuration in the inputs says whether cn-north-4'),
    ]);
    expect(eventOf(v, 'getNotebook').status).toBe('uncovered');
  });

  test('a waiver applies to a read-only event as to any other', () => {
    const v = check(model(...without('configuration')), {
      waivers: READ_ONLY.map((e) => ({
        id: `ModelArts/${e.resourceType}/${e.traceName}`,
        reason: 'Reads are recorded by the account-wide configuration stack (SR-9).',
        expires: '2099-12-31',
      })),
    });
    expect(eventOf(v, 'listNotebook')).toMatchObject({ status: 'waived', unwaivedStatus: 'unknown' });
    expect(v.passed).toBe(true);
  });

  test('in a region read live, only the live configuration counts: a state cannot vouch for reads turned off since', () => {
    const live = compliant().map((e) => ({ ...e, scope: 'live:cn-north-4/p', input: 'live' as const, project: 'p' }));
    const v = check({
      ...model(
        ...live.filter((e) => e.type !== 'configuration'),
        configuration({ scope: 'live:cn-north-4/p', input: 'live', project: 'p', readOnlyServices: known(['ECS']) }),
        configuration(),
      ),
      readings: [{ region: REGION, project: 'p' }],
    });
    expect(eventOf(v, 'getNotebook')).toMatchObject({ status: 'uncovered', recorded: 'no' });
    expect(eventOf(v, 'getNotebook').reasons).toContain(
      'huaweicloud_cts_configuration.this (state.json) from the other inputs is not counted in cn-north-4: the region was read live, and what is deployed decides',
    );
  });
});

describe('elements that may not exist (a count or for_each the checker cannot evaluate) prove nothing', () => {
  const MAY = 'huaweicloud_smn_topic.audit has a count the checker cannot evaluate (var.n has no default)';
  const only = (type: string, overrides: Partial<Element>) =>
    compliant().map((e) => (e.type === type ? ({ ...e, ...overrides } as Element) : e));

  test.each<[string, string, string]>([
    ['the topic', 'topic', 'huaweicloud_cts_notification.modelarts lists it, but its topic huaweicloud_smn_topic.audit may not exist: MAY'],
    [
      'the only subscription',
      'subscription',
      'huaweicloud_cts_notification.modelarts lists it, but the only subscription of its topic huaweicloud_smn_topic.audit, huaweicloud_smn_subscription.secops, may not exist: MAY',
    ],
    ['the notification', 'notification', 'huaweicloud_cts_notification.modelarts would notify it, but it may not exist: MAY'],
    ['the tracker', 'tracker', 'huaweicloud_cts_tracker.system would record it, but it may not exist: MAY'],
  ])('%s: every event is unknown, saying so', (_name, type, reason) => {
    const v = check(model(...only(type, { mayNotExist: MAY })));
    expect(new Set(v.events.map((e) => e.status))).toEqual(new Set(['unknown']));
    expect(eventOf(v, 'createNotebook').reasons).toContain(reason.replace('MAY', MAY));
  });

  test("a tracker that may exist and is disabled takes the proof of the region's tracker away: it would be the same one", () => {
    const v = check(model(...compliant(), tracker({ address: 'huaweicloud_cts_tracker.maybe', enabled: known(false), mayNotExist: MAY })));
    expect(eventOf(v, 'createNotebook')).toMatchObject({
      status: 'unknown',
      reasons: [
        `recorded by huaweicloud_cts_tracker.system, but huaweicloud_cts_tracker.maybe may be the system tracker of cn-north-4 too (it may not exist: ${MAY}), and tracker huaweicloud_cts_tracker.maybe is disabled (enabled = false): it records nothing`,
      ],
    });
  });

  test('a trace bucket that may not exist: whether the tracker transfers to OBS is unknown unless LTS is on', () => {
    const bucketRef = ref('huaweicloud_obs_bucket.traces', 'bucket', '${huaweicloud_obs_bucket.traces.bucket}');
    const elements = compliant().map((e) =>
      e.type === 'bucket'
        ? { ...e, mayNotExist: MAY }
        : e.type === 'tracker'
          ? { ...e, bucketName: bucketRef, ltsEnabled: known(false) }
          : e,
    );
    expect(eventOf(check(model(...elements)), 'createNotebook')).toMatchObject({
      status: 'unknown',
      reasons: [`where huaweicloud_cts_tracker.system transfers traces is unknown: huaweicloud_obs_bucket.traces may not exist: ${MAY}`],
    });
  });

  test('a reference to another attribute of the bucket is not the bucket', () => {
    const other = ref('huaweicloud_obs_bucket.traces', 'region', '${huaweicloud_obs_bucket.traces.region}');
    const elements = compliant().map((e) => (e.type === 'tracker' ? { ...e, bucketName: other, ltsEnabled: known(false) } : e));
    expect(eventOf(check(model(...elements)), 'createNotebook').status).toBe('unknown');
  });
});

describe('resources of the trail that the checker does not model', () => {
  const diagnostic = {
    source: { file: 'main.tf', line: 40 },
    address: 'huaweicloud_smn_topic_attributes.policy',
    rule: 'resource-unmodeled',
    message: 'huaweicloud_smn_topic_attributes.policy is a huaweicloud_smn_topic_attributes, which ...',
  };

  test('fail the check as an error of their own rule, at their address, whatever the events', () => {
    const v = check(modelWith({ diagnostics: [diagnostic] }, ...compliant()));
    expect(v.findings).toEqual([
      {
        ruleId: 'resource-unmodeled',
        severity: 'error',
        message: diagnostic.message,
        address: diagnostic.address,
        location: { scope: 'main.tf', address: diagnostic.address, source: diagnostic.source },
      },
    ]);
    expect(v.summary.events.covered).toBe(22);
    expect(v.passed).toBe(false);
  });

  test('a waiver for the rule and the address, once reviewed, lets the check pass', () => {
    const v = check(modelWith({ diagnostics: [diagnostic] }, ...compliant()), {
      waivers: [
        {
          id: 'resource-unmodeled',
          address: diagnostic.address,
          reason: 'Reviewed: the policy lets CTS publish (SEC-77).',
          expires: '2099-12-31',
        },
      ],
    });
    expect(v.passed).toBe(true);
    expect(v.findings[0].waiver).toMatchObject({ id: 'resource-unmodeled' });
  });
});
