/**
 * mergeInputs (lib/model.ts): where two inputs describe the same thing, the later one decides, whatever the order of
 * the files: a plan over the state it was made from, the newest reading of a place over older ones.
 */
import { Element, LoadedInput, known, mergeInputs } from '../lib/model';
import { notification, tracker } from './evaluate/builders';

const ID = '2f6b8c1d-4e3a-4b7f-9c2d-8e1a5f3b6c70';
const N = 'huaweicloud_cts_notification.modelarts';

const state = (elements: Element[]): LoadedInput => ({ file: 'state.json', kind: 'state', elements, diagnostics: [] });
const plan = (elements: Element[], priorState: Record<string, string>): LoadedInput => ({
  file: 'plan.json',
  kind: 'plan',
  elements,
  diagnostics: [],
  priorState,
});
const addresses = (inputs: LoadedInput[]) => mergeInputs(inputs).elements.map((e) => `${e.scope} ${e.address}`);

describe('a plan and the state it was made from', () => {
  const deployed = notification({ address: N, resourceId: ID });

  test.each([
    ['state first', (p: LoadedInput, s: LoadedInput) => [s, p]],
    ['plan first', (p: LoadedInput, s: LoadedInput) => [p, s]],
  ])('the plan decides a resource of its prior state (same address and id), %s: the state copy is not counted', (_name, order) => {
    const p = plan([notification({ scope: 'plan.json', address: N, name: known('renamed'), resourceId: ID })], { [N]: ID });
    expect(addresses(order(p, state([deployed])))).toEqual([`plan.json ${N}`]);
  });

  test('a resource the plan deletes is in neither', () => {
    expect(addresses([state([deployed]), plan([], { [N]: ID })])).toEqual([]);
  });

  test("a state resource whose id differs from the prior state's is another resource: both count, and the worst decides", () => {
    expect(addresses([state([deployed]), plan([], { [N]: 'some-other-id' })])).toEqual([`state.json ${N}`]);
  });

  test('a plan made from no state supersedes nothing', () => {
    expect(addresses([state([deployed]), plan([], {})])).toEqual([`state.json ${N}`]);
  });
});

describe('views of one workspace of different times (states, and the prior state of a plan)', () => {
  const T = 'huaweicloud_cts_tracker.system';
  const TRACKER_ID = 'system';
  const deployedTracker = (scope: string) => tracker({ scope, address: T, resourceId: TRACKER_ID, source: { file: scope } });
  const deployedNotification = (scope: string, enabled = true) =>
    notification({ scope, address: N, resourceId: ID, enabled: known(enabled), source: { file: scope } });
  const stateOf = (file: string, elements: Element[], objects: Record<string, string>): LoadedInput => ({
    file,
    kind: 'state',
    elements,
    diagnostics: [],
    objects,
  });
  const planOf = (elements: Element[], objects: Record<string, string>): LoadedInput => ({
    file: 'plan.json',
    kind: 'plan',
    elements,
    diagnostics: [],
    priorState: { [T]: TRACKER_ID, ...(N in objects ? { [N]: ID } : {}) },
    objects,
  });
  const view = (inputs: LoadedInput[]) => mergeInputs(inputs).elements.map((e) => [`${e.scope} ${e.address}`, e.mayNotExist]);

  test("BUG: a state newer than the plan's prior state (the notification disabled since) counts beside the plan: the worst copy decides", () => {
    const plan = planOf([deployedTracker('plan.json'), deployedNotification('plan.json')], { [T]: 't1', [N]: 'enabled' });
    const now = stateOf('now.json', [deployedTracker('now.json'), deployedNotification('now.json', false)], { [T]: 't1', [N]: 'disabled' });
    expect(view([now, plan])).toEqual([
      [`now.json ${N}`, undefined],
      [`plan.json ${T}`, undefined],
      [`plan.json ${N}`, undefined],
    ]);
  });

  test("BUG: a state object the plan's prior state does not hold (destroyed before the plan) proves nothing", () => {
    const plan = planOf([deployedTracker('plan.json')], { [T]: 't1' });
    const old = stateOf('old.json', [deployedTracker('old.json'), deployedNotification('old.json')], { [T]: 't1', [N]: 'enabled' });
    expect(view([old, plan])).toEqual([
      [
        `old.json ${N}`,
        `old.json holds ${N}, but the state plan.json was made from does not: they are of different times; check the plan with the state it was made from`,
      ],
      [`plan.json ${T}`, undefined],
    ]);
  });

  test('BUG: two states of one workspace: what one holds and the other does not proves nothing, in either', () => {
    const old = stateOf('old.json', [deployedTracker('old.json'), deployedNotification('old.json')], { [T]: 't1', [N]: 'enabled' });
    const now = stateOf('now.json', [deployedTracker('now.json')], { [T]: 't1' });
    expect(view([old, now])).toEqual([
      [`old.json ${T}`, undefined],
      [
        `old.json ${N}`,
        `old.json holds ${N}, but now.json, a state of the same workspace, does not: they are of different times; check the current state alone`,
      ],
      [`now.json ${T}`, undefined],
    ]);
  });

  test('states of other workspaces (no object in common) are judged each on its own', () => {
    const a = stateOf('a.json', [deployedTracker('a.json'), deployedNotification('a.json')], { [T]: 'in-a', [N]: 'n-a' });
    const b = stateOf('b.json', [deployedTracker('b.json')], { [T]: 'in-b' });
    expect(view([a, b]).map(([, doubt]) => doubt)).toEqual([undefined, undefined, undefined]);
  });
});

describe('two readings of the same place', () => {
  const reading = (file: string, readAt: string, enabled: boolean): LoadedInput => ({
    file,
    kind: 'live',
    elements: [tracker({ scope: 'live:cn-north-4/p', input: 'live', project: 'p', readAt, enabled: known(enabled), source: { file } })],
    diagnostics: [],
    topicListings: { 'cn-north-4\u0000p': readAt === NEWER ? true : `could not be read (${file})` },
    readings: [{ region: 'cn-north-4', project: 'p', readAt }],
  });
  const OLDER = '2026-11-25T12:00:00.000Z';
  const NEWER = '2026-11-26T12:00:00.000Z';

  test.each([
    ['older first', [reading('old.json', OLDER, true), reading('new.json', NEWER, false)]],
    ['newer first', [reading('new.json', NEWER, false), reading('old.json', OLDER, true)]],
  ])('the newest decides, %s: its elements, its reading and its topic listing only', (_name, inputs) => {
    const model = mergeInputs(inputs);
    expect(model.elements.map((e) => [e.source.file, (e as { enabled: unknown }).enabled])).toEqual([['new.json', known(false)]]);
    expect(model.readings).toEqual([{ region: 'cn-north-4', project: 'p', readAt: NEWER }]);
    expect(model.topicListings).toEqual({ 'cn-north-4\u0000p': true });
  });

  test('readings of other places are all kept', () => {
    const other = { ...reading('other.json', OLDER, true), readings: [{ region: 'cn-north-4', project: 'q', readAt: OLDER }] };
    const model = mergeInputs([reading('new.json', NEWER, false), other]);
    expect((model.readings ?? []).map((r) => r.project)).toEqual(['p', 'q']);
  });
});
