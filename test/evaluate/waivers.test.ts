import type { EventResult, EventStatus, Finding, Severity } from '../../lib/evaluate/verdict';
import { applyWaivers } from '../../lib/evaluate/waivers';
import type { Waiver } from '../../lib/policy/waivers';
import { OTHER_REGION, REGION } from './builders';

const ID = 'ModelArts/NotebookTmsTag/listNotebookTmsTag';
const TODAY = '2026-06-15';
const REASON = 'Read-only tag listing; accepted by security review SR-2291.';
const N = 'huaweicloud_cts_notification.modelarts';

function event(overrides: Partial<EventResult> = {}): EventResult {
  return {
    id: ID,
    table: 'modelarts-notebook',
    region: REGION,
    service: 'ModelArts',
    resourceType: 'NotebookTmsTag',
    event: 'listNotebookTmsTag',
    operations: ['Obtaining resource tags'],
    readOnly: true,
    status: 'uncovered',
    recorded: 'yes',
    notified: 'no',
    evidence: ['huaweicloud_cts_tracker.system', N],
    locations: [],
    reasons: [`no enabled notification in ${REGION} sends ${ID} to a subscribed topic`],
    nearMisses: [],
    ...overrides,
  };
}

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'tracker-lts-transfer',
    severity: 'warning',
    message: 'huaweicloud_cts_tracker.system does not transfer traces to LTS (lts_enabled is off)',
    region: REGION,
    address: 'huaweicloud_cts_tracker.system',
    ...overrides,
  };
}

const waiver = (overrides: Partial<Waiver> = {}): Waiver => ({ id: ID, reason: REASON, expires: '2099-12-31', ...overrides });
const severity = (id: string): Severity => (id === 'waiver-expired' ? 'error' : id === 'waiver-unmatched' ? 'error' : 'warning');
const apply = (events: EventResult[], findings: Finding[], waivers: Waiver[], today = TODAY) =>
  applyWaivers(events, findings, waivers, today, severity);
const waiverFindings = (fs: Finding[]) => fs.filter((f) => f.ruleId.startsWith('waiver-')).map((f) => `${f.ruleId}: ${f.message}`);

describe('event waivers', () => {
  test.each<Exclude<EventStatus, 'covered' | 'waived'>>(['uncovered', 'unknown', 'partial'])(
    'a waiver turns a %s event into waived, keeping what it was',
    (status) => {
      const out = apply([event({ status })], [], [waiver()]);
      expect(out.events).toEqual([
        { ...event({ status }), status: 'waived', unwaivedStatus: status, waiver: { id: ID, reason: REASON, expires: '2099-12-31' } },
      ]);
      expect(out.findings).toEqual([]);
    },
  );

  test('BUG: a waiver with a status applies only while the event is that bad or better: a filter accepted does not hide a notification disabled later', () => {
    const partial = waiver({ address: N, status: 'partial' });
    expect(apply([event({ status: 'partial' })], [], [partial]).events[0].status).toBe('waived');
    const out = apply([event({ status: 'uncovered' })], [], [partial]);
    expect(out.events[0].status).toBe('uncovered');
    expect(waiverFindings(out.findings)).toEqual([
      `waiver-unmatched: the waiver for ${ID} at ${N} while partial or better matches no failing event or finding; fix its id, region, address or status, or remove it`,
    ]);
    const unknown = waiver({ status: 'unknown' });
    expect(
      ['partial', 'unknown', 'uncovered'].map(
        (status) => apply([event({ status: status as EventStatus })], [], [unknown]).events[0].status,
      ),
    ).toEqual(['waived', 'waived', 'uncovered']);
    expect(apply([event({ status: 'uncovered' })], [], [waiver({ status: 'uncovered' })]).events[0].status).toBe('waived');
  });

  test('a covered event is left alone, and the waiver is reported as unmatched', () => {
    const covered = event({ status: 'covered', notified: 'yes' });
    const out = apply([covered], [], [waiver({ region: REGION })]);
    expect(out.events).toEqual([covered]);
    expect(waiverFindings(out.findings)).toEqual([
      `waiver-unmatched: the waiver for ${ID} in ${REGION} matches no failing event or finding; fix its id, region, address or status, or remove it`,
    ]);
    expect(out.findings[0]).toMatchObject({ severity: 'error', region: REGION });
  });

  test.each<[string, Partial<Waiver>, Array<EventStatus>, string[]]>([
    ['with no region, applies in every region', {}, ['waived', 'waived'], []],
    ['with a region, applies only there', { region: OTHER_REGION }, ['uncovered', 'waived'], []],
    [
      'with a region no event is in, applies nowhere',
      { region: 'eu-west-101' },
      ['uncovered', 'uncovered'],
      [
        `waiver-unmatched: the waiver for ${ID} in eu-west-101 matches no failing event or finding; fix its id, region, address or status, or remove it`,
      ],
    ],
    ['with an address among the evidence, applies', { address: N }, ['waived', 'waived'], []],
    [
      'with an address not among the evidence, applies nowhere',
      { address: 'huaweicloud_cts_notification.other' },
      ['uncovered', 'uncovered'],
      [
        `waiver-unmatched: the waiver for ${ID} at huaweicloud_cts_notification.other matches no failing event or finding; fix its id, region, address or status, or remove it`,
      ],
    ],
    [
      'with region and address, names both when unmatched',
      { region: OTHER_REGION, address: 'huaweicloud_cts_notification.other' },
      ['uncovered', 'uncovered'],
      [
        `waiver-unmatched: the waiver for ${ID} in ${OTHER_REGION} at huaweicloud_cts_notification.other matches no failing event or finding; fix its id, region, address or status, or remove it`,
      ],
    ],
    [
      'with an id differing by case, applies nowhere (ids are case-sensitive)',
      { id: 'ModelArts/NotebookTmsTag/listnotebookTmsTag' },
      ['uncovered', 'uncovered'],
      [
        'waiver-unmatched: the waiver for ModelArts/NotebookTmsTag/listnotebookTmsTag matches no failing event or finding; fix its id, region, address or status, or remove it',
      ],
    ],
  ])('a waiver %s', (_, w, statuses, findings) => {
    const events = [event(), event({ region: OTHER_REGION })];
    const out = apply(events, [], [waiver(w)]);
    expect(out.events.map((e) => e.status)).toEqual(statuses);
    expect(waiverFindings(out.findings)).toEqual(findings);
  });

  test('in a region with several projects (labelled <region>/<project>), a waiver for the region or that project applies', () => {
    const here = `${REGION}/0970dd7a1300f5672ff2c003c60ae115`;
    const other = `${REGION}/5b3e2a0c9f1d4e6a8b7c6d5e4f3a2b1c`;
    const events = [event({ region: here }), event({ region: other })];
    expect(apply(events, [], [waiver({ region: REGION })]).events.map((e) => e.status)).toEqual(['waived', 'waived']);
    expect(apply(events, [], [waiver({ region: here })]).events.map((e) => e.status)).toEqual(['waived', 'uncovered']);
    expect(apply(events, [], [waiver({ region: OTHER_REGION })]).events.map((e) => e.status)).toEqual(['uncovered', 'uncovered']);
  });

  test('a waiver of another event does not apply', () => {
    const out = apply([event({ id: 'ModelArts/Notebook/listNotebook', event: 'listNotebook', resourceType: 'Notebook' })], [], [waiver()]);
    expect(out.events[0].status).toBe('uncovered');
    expect(waiverFindings(out.findings)).toHaveLength(1);
  });

  test('of two waivers for one event the first applies and the second is reported as unmatched', () => {
    const out = apply(
      [event()],
      [],
      [
        waiver({ reason: 'First reason, security review SR-1.' }),
        waiver({ reason: 'Second reason, security review SR-2.', region: REGION }),
      ],
    );
    expect(out.events[0].waiver?.reason).toBe('First reason, security review SR-1.');
    expect(waiverFindings(out.findings)).toEqual([
      `waiver-unmatched: the waiver for ${ID} in ${REGION} matches no failing event or finding; fix its id, region, address or status, or remove it`,
    ]);
  });
});

describe('finding waivers', () => {
  test.each<[string, Partial<Waiver>, boolean]>([
    ['by rule id', {}, true],
    ['by rule id and region', { region: REGION }, true],
    ['by rule id and address', { address: 'huaweicloud_cts_tracker.system' }, true],
    ['in another region', { region: OTHER_REGION }, false],
    ['at another address', { address: 'huaweicloud_cts_tracker.hk' }, false],
  ])('a waiver %s', (_, w, applies) => {
    const out = apply([], [finding()], [waiver({ id: 'tracker-lts-transfer', ...w })]);
    expect(out.findings[0]).toEqual(
      applies ? { ...finding(), waiver: { id: 'tracker-lts-transfer', reason: REASON, expires: '2099-12-31' } } : finding(),
    );
    expect(out.findings.slice(1).map((f) => f.ruleId)).toEqual(applies ? [] : ['waiver-unmatched']);
  });

  test('a region-scoped waiver does not match a finding without a region', () => {
    const out = apply([], [finding({ region: undefined })], [waiver({ id: 'tracker-lts-transfer', region: REGION })]);
    expect(out.findings[0].waiver).toBeUndefined();
  });

  test('findings about waivers cannot themselves be waived', () => {
    const out = apply([], [], [waiver({ id: 'waiver-unmatched' })]);
    expect(out.findings).toEqual([
      {
        ruleId: 'waiver-unmatched',
        severity: 'error',
        message: 'the waiver for waiver-unmatched matches no failing event or finding; fix its id, region, address or status, or remove it',
      },
    ]);
  });
});

describe('expiry', () => {
  test.each<[string, string, boolean]>([
    ['the day before it expires', '2026-06-14', true],
    ['on its expiry date (inclusive)', '2026-06-15', true],
    ['the day after it expires', '2026-06-16', false],
    ['a year after it expired', '2027-06-15', false],
  ])('%s: applies = %s', (_, today, applies) => {
    const out = apply(
      [event()],
      [finding()],
      [waiver({ expires: '2026-06-15', region: REGION }), waiver({ id: 'tracker-lts-transfer', expires: '2026-06-15' })],
      today,
    );
    expect(out.events[0].status).toBe(applies ? 'waived' : 'uncovered');
    expect(out.findings[0].waiver !== undefined).toBe(applies);
    expect(waiverFindings(out.findings)).toEqual(
      applies
        ? []
        : [
            `waiver-expired: the waiver for ${ID} in ${REGION} expired on 2026-06-15 ("${REASON}"); renew it or fix what it covered`,
            `waiver-expired: the waiver for tracker-lts-transfer expired on 2026-06-15 ("${REASON}"); renew it or fix what it covered`,
          ],
    );
  });

  test('an expired waiver is reported as expired, not as unmatched, with its region and the severity of waiver-expired', () => {
    const out = applyWaivers([event()], [], [waiver({ expires: '2020-01-01', region: REGION })], TODAY, (id) =>
      id === 'waiver-expired' ? 'note' : 'error',
    );
    expect(out.findings).toEqual([
      {
        ruleId: 'waiver-expired',
        severity: 'note',
        region: REGION,
        message: `the waiver for ${ID} in ${REGION} expired on 2020-01-01 ("${REASON}"); renew it or fix what it covered`,
      },
    ]);
  });

  test('an expired waiver does not keep a later, valid one from applying', () => {
    const out = apply([event()], [], [waiver({ expires: '2020-01-01' }), waiver({ reason: 'Renewed by security review SR-3000.' })]);
    expect(out.events[0]).toMatchObject({ status: 'waived', waiver: { reason: 'Renewed by security review SR-3000.' } });
    expect(out.findings.map((f) => f.ruleId)).toEqual(['waiver-expired']);
  });
});

test('applyWaivers does not change its arguments', () => {
  const events = [event(), event({ region: OTHER_REGION })];
  const findings = [finding()];
  const waivers = [waiver({ region: REGION }), waiver({ id: 'tracker-lts-transfer' }), waiver({ id: 'nothing-here' })];
  const before = JSON.stringify({ events, findings, waivers });
  apply(events, findings, waivers);
  expect(JSON.stringify({ events, findings, waivers })).toBe(before);
});
