import { join } from 'node:path';
import { evaluate } from '../../lib/evaluate';
import { causesOf } from '../../lib/evaluate/causes';
import type { EventResult, EventStatus, Location } from '../../lib/evaluate/verdict';
import { loadModel } from '../../lib/load';
import { defaultTable } from '../../lib/policy/bundled';
import { loadControls } from '../../lib/policy/controls';
import { tableEvents } from '../../lib/policy/table';

const EVENTS = tableEvents(defaultTable());
const CHECK = join(__dirname, '../fixtures/check');

const at = (scope: string, address: string, line = 1): Location => ({ scope, address, source: { file: `${scope}.json`, line } });
const TRACKER = at('stack', 'huaweicloud_cts_tracker.system', 10);
const NOTIFICATION = at('stack', 'huaweicloud_cts_notification.modelarts', 40);

/** The result of the i-th event of the table in a place. */
function result(i: number, region: string, status: EventStatus, reasons: string[], more: Partial<EventResult> = {}): EventResult {
  const e = EVENTS[i];
  return {
    id: `${e.service}/${e.resourceType}/${e.traceName}`,
    table: 'modelarts-notebook',
    region,
    service: e.service,
    resourceType: e.resourceType,
    event: e.traceName,
    operations: e.operations,
    readOnly: e.readOnly,
    status,
    recorded: 'yes',
    notified: 'no',
    evidence: [],
    locations: [TRACKER, NOTIFICATION],
    reasons,
    nearMisses: [],
    ...more,
  };
}

const all = (region: string, status: EventStatus, reasons: (id: string) => string[], more: Partial<EventResult> = {}) =>
  EVENTS.map((_, i) => result(i, region, status, reasons(`ModelArts/${EVENTS[i].resourceType}/${EVENTS[i].traceName}`), more));

describe('causesOf', () => {
  test('a reason shared by the events of a place is one cause, at the element it names', () => {
    const causes = causesOf(
      all('cn-north-4', 'uncovered', () => ['tracker huaweicloud_cts_tracker.system is disabled: it records nothing']),
    );
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatchObject({
      region: 'cn-north-4',
      reason: 'tracker huaweicloud_cts_tracker.system is disabled: it records nothing',
      status: 'uncovered',
      statuses: { uncovered: 22 },
      locations: [TRACKER],
      nearMisses: [],
    });
    expect(causes[0].events).toEqual(EVENTS.map((e) => `ModelArts/${e.resourceType}/${e.traceName}`));
    expect(causes[0].id).toMatch(/^[0-9a-f]{12}$/);
  });

  test('a reason that names its event reads "it", so the events it names one by one are one cause', () => {
    const causes = causesOf(
      all('cn-north-4', 'uncovered', (id) => [`no enabled notification in cn-north-4 sends ${id} to a subscribed topic`]),
    );
    expect(causes.map((c) => [c.reason, c.events.length])).toEqual([
      ['no enabled notification in cn-north-4 sends it to a subscribed topic', 22],
    ]);
    // Nothing is named: there is nothing to point at.
    expect(causes[0].locations).toEqual([]);
  });

  test('for a reason about something missing, the elements its near misses name split it: each is a thing to fix', () => {
    const missing = (id: string) => [`no enabled notification in cn-north-4 sends ${id} to a subscribed topic`];
    const disabled = 'huaweicloud_cts_notification.modelarts would notify it but is disabled';
    const events = EVENTS.map((e, i) =>
      result(i, 'cn-north-4', 'uncovered', missing(`ModelArts/${e.resourceType}/${e.traceName}`), { nearMisses: i < 9 ? [disabled] : [] }),
    );
    const causes = causesOf(events);
    expect(
      causes.map((c) => ({ events: c.events.length, locations: c.locations, nearMisses: c.nearMisses.map((m) => m.events.length) })),
    ).toEqual([
      { events: 13, locations: [], nearMisses: [] },
      { events: 9, locations: [NOTIFICATION], nearMisses: [9] },
    ]);
    expect(causes[1].nearMisses[0].text).toBe(disabled);
  });

  test('each place has its own causes, in the order the events name the places', () => {
    const reason = () => ['tracker huaweicloud_cts_tracker.system is disabled: it records nothing'];
    const causes = causesOf([...all('ap-southeast-1', 'uncovered', reason), ...all('cn-north-4', 'uncovered', reason)]);
    expect(causes.map((c) => c.region)).toEqual(['ap-southeast-1', 'cn-north-4']);
    expect(causes[0].id).not.toBe(causes[1].id);
    // The same inputs give the same ids.
    expect(causesOf(all('ap-southeast-1', 'uncovered', reason))[0].id).toBe(causes[0].id);
  });

  test('one address in two scopes is two elements, so two causes', () => {
    const other = at('other-stack', 'huaweicloud_cts_tracker.system', 10);
    const reason = ['tracker huaweicloud_cts_tracker.system is disabled: it records nothing'];
    const causes = causesOf([
      result(0, 'cn-north-4', 'uncovered', reason),
      result(1, 'cn-north-4', 'uncovered', reason, { locations: [other] }),
    ]);
    expect(causes.map((c) => c.locations)).toEqual([[TRACKER], [other]]);
  });

  test('covered events have no cause; waived ones count apart, and a cause of waived events only is waived', () => {
    const waiver = { id: 'W-1', reason: 'accepted for now, see SEC-1', expires: '2027-01-01' };
    const disabled = ['huaweicloud_cts_notification.modelarts would notify it but is disabled'];
    const filtered = ['huaweicloud_cts_notification.modelarts has a filter: only occurrences matching it notify'];
    const causes = causesOf([
      result(0, 'cn-north-4', 'covered', ['recorded by huaweicloud_cts_tracker.system']),
      result(1, 'cn-north-4', 'uncovered', disabled),
      result(2, 'cn-north-4', 'waived', disabled, { unwaivedStatus: 'uncovered', waiver }),
      result(3, 'cn-north-4', 'waived', filtered, { unwaivedStatus: 'partial', waiver }),
    ]);
    expect(causes.map((c) => [c.status, c.statuses, c.events.length])).toEqual([
      ['uncovered', { uncovered: 1, waived: 1 }, 2],
      ['waived', { waived: 1 }, 1],
    ]);
  });

  test('within a place: worst first, then the cause that affects the most events', () => {
    const causes = causesOf([
      result(0, 'cn-north-4', 'partial', ['huaweicloud_cts_notification.modelarts has a filter: only occurrences matching it notify']),
      result(1, 'cn-north-4', 'unknown', ['whether huaweicloud_cts_tracker.system is enabled is unknown: var.on has no value']),
      result(2, 'cn-north-4', 'uncovered', ['A: no tracker']),
      result(3, 'cn-north-4', 'uncovered', ['B: no topic']),
      result(4, 'cn-north-4', 'uncovered', ['B: no topic']),
    ]);
    expect(causes.map((c) => c.reason)).toEqual([
      'B: no topic',
      'A: no tracker',
      'whether huaweicloud_cts_tracker.system is enabled is unknown: var.on has no value',
      'huaweicloud_cts_notification.modelarts has a filter: only occurrences matching it notify',
    ]);
  });

  test('the parts of a place that could not be read with one answer are one cause, naming each part', () => {
    const answer = 'HTTP 403 CTS.0002 (no permission); grant this identity read access to CTS and SMN in this project';
    const where = 'cn-north-4/45187796f8a6009c10b17f6e20cb26f2';
    const trackers = `whether cts/tracker/system is enabled is unknown: the CTS trackers of ${where} could not be read: ${answer}`;
    const notifications = `the operation_type of cts/notifications/smn is unknown: the key event notifications of ${where} could not be read: ${answer}`;
    const configuration = `it is a read-only operation, and the CTS configuration of ${where}, which decides whether read-only operations are reported, could not be read: ${answer}`;
    const other = `the key event notifications of ${where} could not be read: HTTP 500 (server error); run the check again later`;
    const causes = causesOf([
      result(0, 'cn-north-4', 'unknown', [trackers, notifications]),
      result(1, 'cn-north-4', 'unknown', [trackers, notifications, configuration]),
      result(2, 'cn-east-3', 'unknown', [other]),
    ]);
    expect(causes.map((c) => [c.region, c.reason, c.events.length])).toEqual([
      ['cn-north-4', `the CTS trackers, the key event notifications and the CTS configuration of ${where} could not be read: ${answer}`, 2],
      ['cn-east-3', other, 1],
    ]);
  });

  test("a place's project is the cause's, and a cause of a place without one has none", () => {
    const reason = ['tracker huaweicloud_cts_tracker.system is disabled: it records nothing'];
    const [withProject, without] = causesOf([
      result(0, 'cn-north-4/45187796f8a6009c10b17f6e20cb26f2', 'uncovered', reason, { project: '45187796f8a6009c10b17f6e20cb26f2' }),
      result(0, 'cn-east-3', 'uncovered', reason),
    ]);
    expect(withProject).toMatchObject({
      region: 'cn-north-4/45187796f8a6009c10b17f6e20cb26f2',
      project: '45187796f8a6009c10b17f6e20cb26f2',
    });
    expect(without.region).toBe('cn-east-3');
    expect(without).not.toHaveProperty('project');
  });

  test("a cause's status is the worst of its events', whatever their order", () => {
    const reason = ['huaweicloud_cts_notification.modelarts is unknown: var.topic has no value'];
    const statusOf = (...statuses: EventStatus[]) => causesOf(statuses.map((s, i) => result(i, 'cn-north-4', s, reason)))[0].status;
    expect(statusOf('partial', 'unknown')).toBe('unknown');
    expect(statusOf('unknown', 'partial')).toBe('unknown');
    expect(statusOf('partial', 'unknown', 'uncovered')).toBe('uncovered');
    expect(statusOf('partial', 'partial')).toBe('partial');
    expect(statusOf('waived', 'partial')).toBe('partial');
  });

  test('a waived cause comes last in its place, even when it affects the most events', () => {
    const waiver = { id: 'W-1', reason: 'accepted for now, see SEC-1', expires: '2027-01-01' };
    const causes = causesOf([
      result(0, 'cn-north-4', 'waived', ['A: waived'], { unwaivedStatus: 'uncovered', waiver }),
      result(1, 'cn-north-4', 'waived', ['A: waived'], { unwaivedStatus: 'uncovered', waiver }),
      result(2, 'cn-north-4', 'waived', ['A: waived'], { unwaivedStatus: 'uncovered', waiver }),
      result(3, 'cn-north-4', 'partial', ['B: partial']),
    ]);
    expect(causes.map((c) => [c.reason, c.status])).toEqual([
      ['B: partial', 'partial'],
      ['A: waived', 'waived'],
    ]);
  });

  test('an element without an address is never pointed at, whatever the reason says', () => {
    const nowhere: Location = { scope: 'stack', address: '', source: { file: 'stack.json', line: 1 } };
    const causes = causesOf([result(0, 'cn-north-4', 'uncovered', ['no tracker records it'], { locations: [nowhere, TRACKER] })]);
    expect(causes[0].locations).toEqual([]);
  });

  test('a near miss is listed once, with each event it is about once', () => {
    const missing = (i: number) => [
      `no enabled notification in cn-north-4 sends ModelArts/${EVENTS[i].resourceType}/${EVENTS[i].traceName} to a subscribed topic`,
    ];
    const disabled = 'huaweicloud_cts_notification.modelarts would notify it but is disabled';
    const causes = causesOf([
      result(0, 'cn-north-4', 'uncovered', missing(0), { nearMisses: [disabled, disabled] }),
      result(1, 'cn-north-4', 'uncovered', missing(1), { nearMisses: [disabled] }),
    ]);
    expect(causes).toHaveLength(1);
    expect(causes[0].nearMisses).toEqual([{ text: disabled, events: causes[0].events }]);
    expect(causes[0].events).toHaveLength(2);
  });

  test('two parts that could not be read with one answer are said "a and b"; another answer is another cause', () => {
    const where = 'cn-north-4/45187796f8a6009c10b17f6e20cb26f2';
    const refused = 'HTTP 403 CTS.0002 (no permission); grant this identity read access to CTS and SMN in this project';
    const failed = 'HTTP 500 (server error) after 5 attempts; run the check again later';
    const causes = causesOf([
      result(0, 'cn-north-4', 'unknown', [
        `whether cts/tracker/system is enabled is unknown: the CTS trackers of ${where} could not be read: ${refused}`,
        `the operation_type of cts/notifications/smn is unknown: the key event notifications of ${where} could not be read: ${refused}`,
        `the SMN topics of ${where} could not be read: ${failed}`,
      ]),
    ]);
    expect(causes.map((c) => c.reason)).toEqual([
      `the CTS trackers and the key event notifications of ${where} could not be read: ${refused}`,
      `the SMN topics of ${where} could not be read: ${failed}`,
    ]);
  });

  test('an event with several reasons is in a cause for each', () => {
    const causes = causesOf([
      result(0, 'cn-north-4', 'uncovered', ['tracker huaweicloud_cts_tracker.system is disabled: it records nothing', 'no topic']),
      result(1, 'cn-north-4', 'uncovered', ['tracker huaweicloud_cts_tracker.system is disabled: it records nothing']),
    ]);
    expect(causes.map((c) => [c.reason, c.events.length])).toEqual([
      ['tracker huaweicloud_cts_tracker.system is disabled: it records nothing', 2],
      ['no topic', 1],
    ]);
  });
});

describe('causes of real verdicts', () => {
  const verdictOf = async (scenario: string, file: string, regions?: string[]) =>
    evaluate(await loadModel([join(CHECK, scenario, file)], { cwd: join(CHECK, scenario) }), {
      tables: [defaultTable()],
      rules: loadControls(),
      ...(regions ? { regions } : {}),
      today: '2026-11-25',
      tool: { name: 'cts-audit', version: '0.1.0' },
    });

  test('a disabled tracker (plan): one cause for the 22 events, at the tracker', async () => {
    const v = await verdictOf('06-plan-tracker-disabled', 'plan.json', ['cn-north-4']);
    expect(v.causes).toHaveLength(1);
    expect(v.causes[0]).toMatchObject({ region: 'cn-north-4', status: 'uncovered', statuses: { uncovered: 22 } });
    expect(v.causes[0].reason).toMatch(/^tracker huaweicloud_cts_tracker\.system is disabled/);
    expect(v.causes[0].locations.map((l) => l.address)).toEqual(['huaweicloud_cts_tracker.system']);
  });

  test('a disabled notification (state): one cause, pointing at the notification its near miss names', async () => {
    const v = await verdictOf('15-state-notification-disabled', 'state.json');
    expect(v.causes).toHaveLength(1);
    expect(v.causes[0].reason).toBe('no enabled notification in cn-north-4 sends it to a subscribed topic');
    expect(v.causes[0].events).toHaveLength(22);
    expect(v.causes[0].locations.map((l) => l.address)).toEqual(['huaweicloud_cts_notification.modelarts']);
    expect(v.causes[0].nearMisses).toEqual([
      { text: 'huaweicloud_cts_notification.modelarts would notify it but is disabled', events: v.causes[0].events },
    ]);
  });

  test('every event that is not covered is in a cause, and every cause is about such events', async () => {
    for (const [scenario, file] of [
      ['03-cdktf-trace-name-case', 'cdktf.out'],
      ['08-plan-topic-unresolvable', 'plan.json'],
      ['10-plan-two-regions', 'plan.json'],
      ['16-state-operation-users-partial', 'state.json'],
    ]) {
      const v = await verdictOf(scenario, file);
      const failing = v.events.filter((e) => e.status !== 'covered').map((e) => `${e.region} ${e.id}`);
      const inCauses = v.causes.flatMap((c) => c.events.map((id) => `${c.region} ${id}`));
      expect({ scenario, events: [...new Set(inCauses)].sort() }).toEqual({ scenario, events: failing.sort() });
      expect(v.causes.length).toBeGreaterThan(0);
    }
  });
});
