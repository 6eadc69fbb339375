import type { Cause, EventResult, Finding, Verdict } from '../../lib/evaluate/verdict';
import { PLACE, eventNamer, eventsPhrase, foldColumns, foldsColumns, groupCauses, groupFindings, placeWords } from '../../lib/report/fold';
import { coverageMatrix } from '../../lib/report/common';
import { allCovered, mixed } from './sample-verdicts';

/** allCovered copied into several places: `status` per place for every event. */
function places(statuses: Record<string, EventResult['status']>, causes: Cause[] = []): Verdict {
  const regions = Object.keys(statuses);
  const events = regions.flatMap((region) => allCovered.events.map((e) => ({ ...e, region, status: statuses[region] })));
  return { ...allCovered, regions, events, causes };
}

function cause(region: string, reason: string, more: Partial<Cause> = {}): Cause {
  return {
    id: region,
    region,
    reason,
    status: 'uncovered',
    statuses: { uncovered: 2 },
    events: ['ModelArts/Notebook/createNotebook', 'ModelArts/Notebook/getNotebook'],
    locations: [],
    nearMisses: [],
    ...more,
  };
}

describe('placeWords', () => {
  test('takes out every place label, each part of one, and projects, where they stand as words', () => {
    const v = places({ 'cn-north-4': 'covered', 'acct-7/ap-southeast-1/0123456789abcdef0123456789abcdef': 'covered' });
    const w = placeWords(v);
    expect(w.template('the CTS trackers of cn-north-4 could not be read')).toBe(`the CTS trackers of ${PLACE} could not be read`);
    expect(w.template('bucket cts-audit-traces-ap-southeast-1 of ap-southeast-1/0123456789abcdef0123456789abcdef')).toBe(
      `bucket cts-audit-traces-${PLACE} of ${PLACE}`,
    );
    expect(w.template('in acct-7/ap-southeast-1/0123456789abcdef0123456789abcdef')).toBe(`in ${PLACE}`);
    // Not inside another word or another region's name.
    expect(w.template('cn-north-40 and xcn-north-4 and NotebookAudit_cn_north_4')).toBe(
      'cn-north-40 and xcn-north-4 and NotebookAudit_cn_north_4',
    );
    expect(w.placeIn('trace bucket of cn-north-4/abc')).toBe('cn-north-4');
    expect(w.placeIn('nothing here')).toBeUndefined();
  });

  test('leaves texts alone when the verdict has no place', () => {
    const w = placeWords({ ...allCovered, regions: [], events: [] });
    expect(w.template('cn-north-4')).toBe('cn-north-4');
  });
});

describe('groupCauses', () => {
  test('causes that read the same but for the place are one group, with its places and the reason said for any place', () => {
    const v = places({ 'cn-north-4': 'uncovered', 'af-south-1': 'uncovered', 'cn-east-3': 'uncovered' }, [
      cause('cn-north-4', 'no enabled notification in cn-north-4 sends it to a subscribed topic'),
      cause('af-south-1', 'no enabled notification in af-south-1 sends it to a subscribed topic'),
      cause('cn-east-3', 'tracker t is disabled', { statuses: { uncovered: 1, waived: 1 } }),
    ]);
    const groups = groupCauses(v);
    expect(groups.map((g) => [g.places, g.reason, g.statuses])).toEqual([
      [['cn-north-4', 'af-south-1'], `no enabled notification in ${PLACE} sends it to a subscribed topic`, { uncovered: 4 }],
      [['cn-east-3'], 'tracker t is disabled', { uncovered: 1, waived: 1 }],
    ]);
  });

  test('different events, near misses, or a waiver keep causes apart; worst first', () => {
    const disabled = { text: 'n would notify it but is disabled', events: ['ModelArts/Notebook/createNotebook'] };
    const v = places({ a1: 'uncovered', b2: 'uncovered', c3: 'uncovered', d4: 'uncovered', e5: 'uncovered' }, [
      cause('a1', 'r'),
      cause('b2', 'r', { events: ['ModelArts/Notebook/createNotebook'], statuses: { uncovered: 1 } }),
      cause('c3', 'r', { nearMisses: [disabled] }),
      cause('d4', 'r', { status: 'waived', statuses: { waived: 2 } }),
      cause('e5', 'u', { status: 'unknown', statuses: { unknown: 2 } }),
    ]);
    expect(groupCauses(v).map((g) => g.places)).toEqual([['a1'], ['c3'], ['b2'], ['e5'], ['d4']]);
  });
});

describe('groupFindings', () => {
  test('findings alike but for the place are one group, with the places from their region or message', () => {
    const f = (message: string, region?: string): Finding => ({
      ruleId: 'input-incomplete',
      severity: 'warning',
      message,
      ...(region ? { region } : {}),
    });
    const v = places({ 'cn-north-4': 'covered', 'af-south-1': 'covered' });
    const groups = groupFindings(
      [
        f('bucket b-cn-north-4 of cn-north-4 is not checked'),
        f('bucket b-af-south-1 of af-south-1 is not checked'),
        f('other', 'cn-north-4'),
      ],
      placeWords(v),
    );
    expect(groups.map((g) => [g.places, g.message, g.findings.length])).toEqual([
      [['cn-north-4', 'af-south-1'], `bucket b-${PLACE} of ${PLACE} is not checked`, 2],
      [['cn-north-4'], 'other', 1],
    ]);
  });
});

describe('foldColumns', () => {
  test('places with the same status for every event share a column, when there are more than four places', () => {
    const v = places({ a1: 'covered', b2: 'uncovered', c3: 'covered', d4: 'covered', e5: 'unknown' });
    const columns = foldColumns(coverageMatrix(v));
    expect(columns.map((c) => c.places)).toEqual([['a1', 'c3', 'd4'], ['b2'], ['e5']]);
    expect(foldsColumns(coverageMatrix(v), columns)).toBe(true);
    expect(foldsColumns(coverageMatrix(places({ a1: 'covered', b2: 'covered', c3: 'covered', d4: 'covered' })))).toBe(false);
    expect(foldsColumns(coverageMatrix(places({ a1: 'covered', b2: 'unknown', c3: 'uncovered', d4: 'partial', e5: 'waived' })))).toBe(
      false,
    );
  });

  test('a region whose events are all labelled by project is not a column of its own', () => {
    const v = places({ 'cn-north-4/p1': 'covered', 'cn-north-4/p2': 'uncovered' });
    expect(foldColumns(coverageMatrix({ ...v, regions: ['cn-north-4'] })).map((c) => c.places)).toEqual([
      ['cn-north-4/p1'],
      ['cn-north-4/p2'],
    ]);
  });
});

test('names events without the service when there is one, and says "all" for every event of the places', () => {
  const name = eventNamer(mixed);
  expect(name('ModelArts/Notebook/createNotebook')).toBe('Notebook/createNotebook');
  const perPlace = new Map([['a', 2]]);
  const group = { places: ['a'], events: ['x', 'y'] } as unknown as Parameters<typeof eventsPhrase>[0];
  expect(eventsPhrase(group, perPlace)).toBe('all 2 events');
  expect(eventsPhrase(group, new Map([['a', 3]]))).toBe('2 events');
});
