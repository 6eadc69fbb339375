/**
 * Properties of evaluation, over generated models (test/property/arbitraries.ts).
 * Each property runs ~200 models from a fixed seed; a failure prints the
 * seed, the path and the shrunk counterexample (a spec: see ModelSpec).
 */
import fc from 'fast-check';
import type { EventResult, EventStatus, Verdict } from '../../lib/evaluate/verdict';
import { Element, LoadedInput, Notification, Topic, Tracker, known, mergeInputs } from '../../lib/model';
import { PROJECT, REGION, compliant, notification, tracker } from '../evaluate/builders';
import {
  BuildContext,
  EVENTS,
  ModelSpec,
  NotificationSpec,
  buildConfiguration,
  buildInputs,
  buildNotification,
  buildSubscription,
  buildTopic,
  buildTracker,
  check,
  eventId,
  modelSpecArb,
  notificationArb,
  requiredRegions,
  statuses,
} from './arbitraries';

// PBT_SEED and PBT_RUNS override the fixed seed and the number of runs, to search further.
const params = { numRuns: Number(process.env.PBT_RUNS ?? 200), seed: Number(process.env.PBT_SEED ?? 20260615) };

/** uncovered < unknown < partial < covered (waived is not produced without waivers). */
const RANK: Record<EventStatus, number> = { uncovered: 0, unknown: 1, partial: 2, covered: 3, waived: 4 };

const contextOf = (spec: ModelSpec, k: number): BuildContext => ({ kind: spec.inputs[k].kind, index: k, regions: spec.regions });

/** The inputs, with elements removed (everywhere) and added (to input k). */
function edit(inputs: readonly LoadedInput[], remove: (e: Element) => boolean, k = 0, add: Element[] = []): LoadedInput[] {
  return inputs.map((input, i) => ({ ...input, elements: [...input.elements.filter((e) => !remove(e)), ...(i === k ? add : [])] }));
}

function evaluateInputs(spec: ModelSpec, inputs: readonly LoadedInput[]): Verdict {
  const regions = requiredRegions(spec);
  return check(mergeInputs(inputs), regions ? { regions } : {});
}

const topicsOf = (inputs: readonly LoadedInput[], k?: number) =>
  (k === undefined ? inputs.flatMap((i) => i.elements) : inputs[k].elements).filter((e): e is Topic => e.type === 'topic');
const regionIs = (e: Element, region: string) => e.region.kind === 'known' && e.region.value === region;
const eventsIn = (v: Verdict, region: string) => v.events.filter((e) => e.region === region);

describe('properties of evaluate()', () => {
  test("(a) adding an enabled notification never lowers an event's status (but partial may become unknown)", () => {
    fc.assert(
      fc.property(modelSpecArb(), notificationArb(), fc.nat(), (spec, added, k0) => {
        const k = k0 % spec.inputs.length;
        const inputs = buildInputs(spec);
        const extra = buildNotification(
          { ...added, name: 'added-by-property', enabled: true },
          9,
          contextOf(spec, k),
          topicsOf(inputs, k),
          topicsOf(inputs),
        );
        const before = statuses(evaluateInputs(spec, inputs));
        const after = statuses(
          evaluateInputs(
            spec,
            edit(inputs, () => false, k, [extra]),
          ),
        );
        for (const [key, status] of before) {
          const now = after.get(key) as EventStatus;
          // By design (combine order in lib/evaluate/coverage.ts): a notification that might cover makes a partial one unknown.
          if (status === 'partial' && now === 'unknown') continue;
          if (RANK[now] < RANK[status as EventStatus]) throw new Error(`${key}: ${status} became ${now}`);
        }
      }),
      params,
    );
  });

  test('(b) removing the only notification entry that lists a covered event makes it not covered', () => {
    fc.assert(
      fc.property(modelSpecArb().map(recordedEverywhere), fc.nat(), (spec, pick) => {
        const inputs = buildInputs(spec);
        const verdict = evaluateInputs(spec, inputs);
        const notifications = inputs.flatMap((i) => i.elements).filter((e): e is Notification => e.type === 'notification');
        const lists = (n: Notification, e: EventResult) =>
          (n.region.kind !== 'known' || n.region.value === e.region) &&
          n.operationType.kind === 'known' &&
          (n.operationType.value === 'complete' ||
            (n.operationType.value === 'customized' &&
              n.operations.kind === 'known' &&
              n.operations.value.some(
                (op) => op.service === e.service && op.resource === e.resourceType && op.traceNames.includes(e.event),
              )));
        const candidates = verdict.events.filter((e) => e.status === 'covered' && notifications.filter((n) => lists(n, e)).length === 1);
        fc.pre(candidates.length > 0);
        const event = candidates[pick % candidates.length];
        const only = notifications.find((n) => lists(n, event)) as Notification;
        const ops = only.operations.kind === 'known' ? only.operations.value : [];
        const without: Element[] =
          only.operationType.kind === 'known' && only.operationType.value === 'complete'
            ? []
            : [
                {
                  ...only,
                  operations: known(
                    ops
                      .map((op) =>
                        op.service === event.service && op.resource === event.resourceType
                          ? { ...op, traceNames: op.traceNames.filter((t) => t !== event.event) }
                          : op,
                      )
                      .filter((op) => op.traceNames.length > 0),
                  ),
                },
              ];
        const k = inputs.findIndex((i) => i.elements.includes(only));
        const after = evaluateInputs(
          spec,
          edit(inputs, (e) => e === only, k, without),
        ).events.find((e) => e.region === event.region && e.id === event.id) as EventResult;
        expect(after.status).not.toBe('covered');
        expect(after.notified).not.toBe('yes');
      }),
      params,
    );
  });

  test('(c) a complete, enabled notification to a topic with a confirmed subscription, and a compliant tracker, cover every event of the region', () => {
    fc.assert(
      fc.property(modelSpecArb(), fc.nat(), fc.nat(), (spec, r, k0) => {
        const k = k0 % spec.inputs.length;
        const ctx = contextOf(spec, k);
        const where = r % spec.regions.length;
        const region = spec.regions[where];
        const inputs = buildInputs(spec);
        const topic = buildTopic({ region: where, name: 'prop_topic', subscribers: [] }, 9, ctx);
        const complete: NotificationSpec = {
          region: where,
          name: 'prop-complete',
          type: 'complete',
          allEvents: false,
          omit: [],
          entries: [],
          enabled: true,
          filtered: false,
          userRestricted: false,
          topic: { kind: 'ref', topic: 0 },
        };
        const added = [
          buildTracker({ region: where, enabled: true, status: 'enabled', obs: true, lts: true, exclude: [] }, 9, ctx),
          buildConfiguration({ region: where, all: true, services: [] }, 9, ctx),
          topic,
          buildSubscription({ topic: { kind: 'ref', topic: 0 }, confirmed: true }, 9, ctx, [topic], [topic]),
          buildNotification(complete, 9, ctx, [topic], [topic]),
        ];
        // CTS has one system tracker per region: the compliant one replaces the region's.
        const verdict = evaluateInputs(
          spec,
          // One whose region is unknown may be the region's too: taken out as well.
          edit(
            inputs,
            (e) => (e.type === 'tracker' || e.type === 'configuration') && (regionIs(e, region) || e.region.kind !== 'known'),
            k,
            added,
          ),
        );
        const events = eventsIn(verdict, region);
        expect(events).toHaveLength(EVENTS.length);
        for (const e of events) expect([e.id, e.status]).toEqual([e.id, 'covered']);
      }),
      params,
    );
  });

  test('(d) a region whose only tracker is disabled records nothing: every event there is uncovered', () => {
    fc.assert(
      fc.property(modelSpecArb(), fc.nat(), fc.nat(), fc.constantFrom<'disabled' | 'error'>('disabled', 'error'), (spec, r, k0, status) => {
        const k = k0 % spec.inputs.length;
        const where = r % spec.regions.length;
        const region = spec.regions[where];
        const inputs = buildInputs(spec);
        const disabled = buildTracker({ region: where, enabled: false, status, obs: true, lts: true, exclude: [] }, 9, contextOf(spec, k));
        // Trackers whose region is unknown might be in this region too: they go as well.
        const verdict = evaluateInputs(
          spec,
          edit(inputs, (e) => e.type === 'tracker' && (e.region.kind !== 'known' || regionIs(e, region)), k, [disabled]),
        );
        const events = eventsIn(verdict, region);
        expect(events).toHaveLength(EVENTS.length);
        for (const e of events) expect([e.id, e.status, e.recorded]).toEqual([e.id, 'uncovered', 'no']);
      }),
      params,
    );
  });

  test('(e) the verdict does not depend on the order of inputs or of elements (as sets: evidence, locations by scope and address, reasons and their parts)', () => {
    fc.assert(
      fc.property(modelSpecArb(), fc.integer(), (spec, seed) => {
        const inputs = buildInputs(spec);
        expect(normalize(evaluateInputs(spec, shuffled(inputs, seed)), true)).toEqual(normalize(evaluateInputs(spec, inputs), true));
      }),
      params,
    );
  });

  // (f), passed, is test/property/passed.test.ts: against an oracle that does not read the verdict.

  test('(g) evaluate never throws and returns one event per required region and event of the table', () => {
    fc.assert(
      fc.property(modelSpecArb(), (spec) => {
        const inputs = buildInputs(spec);
        const verdict = evaluateInputs(spec, inputs);
        const found = [
          ...new Set(inputs.flatMap((i) => i.elements).flatMap((e) => (e.region.kind === 'known' ? [e.region.value] : []))),
        ].sort();
        expect(verdict.regions).toEqual(requiredRegions(spec) ?? found);
        const keys = verdict.events.map((e) => `${e.region}|${e.id}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect([...keys].sort()).toEqual(verdict.regions.flatMap((r) => EVENTS.map((e) => `${r}|${eventId(e)}`)).sort());
      }),
      params,
    );
  });

  test('a disabled copy of the system tracker in configuration inputs leaves no event of its region covered (the worst copy decides)', () => {
    fc.assert(
      fc.property(
        modelSpecArb().filter((s) => s.inputs.every((i) => i.kind !== 'live')),
        fc.nat(),
        fc.nat(),
        (spec, r, k0) => {
          const k = k0 % spec.inputs.length;
          const where = r % spec.regions.length;
          const region = spec.regions[where];
          const inputs = buildInputs(spec);
          const copy = buildTracker(
            { region: where, enabled: false, status: 'disabled', obs: true, lts: true, exclude: [] },
            9,
            contextOf(spec, k),
          );
          const verdict = evaluateInputs(
            spec,
            edit(inputs, () => false, k, [copy]),
          );
          for (const e of eventsIn(verdict, region)) expect([e.id, e.status]).not.toEqual([e.id, 'covered']);
        },
      ),
      params,
    );
  });
});

describe('found by the properties, now fixed', () => {
  const live = { scope: `live:${REGION}/${PROJECT}`, input: 'live' as const, project: PROJECT, source: { file: 'live.json' } };
  const inputs = (state: Element[], snapshot: Element[]): LoadedInput[] => [
    { file: 'state.json', kind: 'state', elements: state, diagnostics: [] },
    { file: 'live.json', kind: 'live', elements: snapshot, diagnostics: [], topicListings: { [`${REGION}\u0000${PROJECT}`]: true } },
  ];

  // `check state.json --live`: the state (no project) says the tracker is enabled, the account says it is disabled.
  // The README: "Copies of one resource in several inputs must all pass: the worst copy decides, so a stale state
  // cannot vouch for what a plan disables". Copies are keyed by the project judged, so both are the one tracker.
  test("a stale state's enabled tracker does not vouch for the live tracker that is disabled (check state.json --live)", () => {
    const disabled: Tracker = tracker({ ...live, address: 'cts/tracker/system', status: 'disabled', enabled: known(false) });
    const verdict = check(mergeInputs(inputs(compliant(), [disabled])));
    expect(verdict.events.filter((e) => e.status === 'covered').map((e) => e.id)).toEqual([]);
  });

  test("a stale state's enabled notification does not vouch for the live notification of that name that is disabled", () => {
    const disabled: Notification = notification({ ...live, address: 'cts/notification/cts-audit-modelarts', enabled: known(false) });
    const verdict = check(mergeInputs(inputs(compliant(), [disabled])));
    expect(verdict.events.filter((e) => e.status === 'covered').map((e) => e.id)).toEqual([]);
  });

  // locations[0] is "the one to look at" (text report, SARIF): it must not depend on the order of inputs or
  // resources, even for two snapshots of one project, whose elements share scopes and addresses.
  test('the verdict, evidence, locations and reasons included, does not depend on the order of inputs and elements', () => {
    fc.assert(
      fc.property(modelSpecArb(), fc.integer(), (spec, seed) => {
        const inputs = buildInputs(spec);
        expect(normalize(evaluateInputs(spec, shuffled(inputs, seed)))).toEqual(normalize(evaluateInputs(spec, inputs)));
      }),
      params,
    );
  });

  test('a disabled copy of the system tracker in any input (live too) leaves no event of its region covered', () => {
    fc.assert(
      fc.property(modelSpecArb(), fc.nat(), fc.nat(), (spec, r, k0) => {
        const k = k0 % spec.inputs.length;
        const where = r % spec.regions.length;
        const region = spec.regions[where];
        const inputs = buildInputs(spec);
        const copy = buildTracker(
          { region: where, enabled: false, status: 'disabled', obs: true, lts: true, exclude: [] },
          9,
          contextOf(spec, k),
        );
        // A live snapshot holds one system tracker per region: the disabled copy replaces it there.
        const replaced = (e: Element) => copy.input === 'live' && e.type === 'tracker' && e.scope === copy.scope;
        const verdict = evaluateInputs(spec, edit(inputs, replaced, k, [copy]));
        for (const e of eventsIn(verdict, region)) expect([e.id, e.status]).not.toEqual([e.id, 'covered']);
      }),
      params,
    );
  });
});

/** The spec, with the first input's trackers replaced by a compliant one per region: more events are covered. */
function recordedEverywhere(spec: ModelSpec): ModelSpec {
  const trackers = spec.regions.map((_, region) => ({
    region,
    enabled: true,
    status: 'enabled' as const,
    obs: true,
    lts: false,
    exclude: [],
  }));
  return { ...spec, inputs: spec.inputs.map((input, k) => (k === 0 ? { ...input, trackers } : input)) };
}

/** A deterministic shuffle (mulberry32). */
function shuffle<T>(list: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The inputs in another order, and the elements of each. */
function shuffled(inputs: readonly LoadedInput[], seed: number): LoadedInput[] {
  return shuffle(inputs, seed).map((input, i) => ({ ...input, elements: shuffle(input.elements, seed + i + 1) }));
}

/** Sorted by JSON text. */
const sortedByJson = <T>(list: readonly T[]): T[] =>
  list
    .map((x) => [JSON.stringify(x), x] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, x]) => x);

/** The verdict with its events, findings and inputs sorted; with `asSets`, the lists inside each event too. */
function normalize(v: Verdict, asSets = false): unknown {
  const event = (e: EventResult) =>
    asSets
      ? {
          ...e,
          evidence: [...e.evidence].sort(),
          locations: sortedByJson(e.locations.map((l) => `${l.scope} ${l.address}`)),
          reasons: e.reasons.flatMap((r) => r.split('; ')).sort(),
          nearMisses: e.nearMisses.flatMap((r) => r.split('; ')).sort(),
        }
      : e;
  return {
    ...v,
    inputs: sortedByJson(v.inputs),
    events: [...v.events].sort((a, b) => (`${a.region}|${a.id}` < `${b.region}|${b.id}` ? -1 : 1)).map(event),
    findings: sortedByJson(v.findings),
  };
}
