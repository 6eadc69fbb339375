/**
 * Differential test: evaluate() against the small reference of
 * test/property/reference.ts, on models of the restricted generator (one
 * input, known regions, no duplicate names), for every region and event.
 * On a mismatch, the shrunk counterexample is printed: its spec, its
 * elements and where lib and the reference disagree.
 */
import fc from 'fast-check';
import { known } from '../../lib/model';
import { compliant, model, subscription, urn } from '../evaluate/builders';
import { EVENTS, ModelSpec, buildModel, check, modelSpecArb } from './arbitraries';
import { referenceRegions, referenceStatuses } from './reference';

// PBT_SEED and PBT_RUNS override the fixed seed and the number of runs, to search further.
const params = { numRuns: Number(process.env.PBT_RUNS ?? 400), seed: Number(process.env.PBT_SEED ?? 20260615) };
const restricted = { simple: true };

/** Where lib and the reference disagree, as readable lines. */
function disagreements(spec: ModelSpec): string[] {
  const m = buildModel(spec, restricted);
  const verdict = check(m);
  const regions = referenceRegions(m);
  const expected = referenceStatuses(m, regions, EVENTS);
  const out: string[] = [];
  if (JSON.stringify(verdict.regions) !== JSON.stringify(regions)) {
    out.push(`regions: lib ${JSON.stringify(verdict.regions)}, reference ${JSON.stringify(regions)}`);
  }
  for (const e of verdict.events) {
    const key = `${e.region}|${e.id}`;
    if (expected.get(key) !== e.status) out.push(`${key}: lib ${e.status} (${e.reasons.join('; ')}), reference ${expected.get(key)}`);
  }
  if (verdict.events.length !== expected.size) out.push(`${verdict.events.length} events from lib, ${expected.size} from the reference`);
  return out;
}

/** Runs the comparison; on a mismatch, throws with the minimal counterexample. */
function compare(): void {
  const result = fc.check(
    fc.property(modelSpecArb(restricted), (spec) => disagreements(spec).length === 0),
    params,
  );
  if (result.failed && result.counterexample) {
    const [spec] = result.counterexample;
    throw new Error(
      [
        `lib and the reference disagree (seed ${result.seed}, path ${result.counterexamplePath}); minimal counterexample:`,
        JSON.stringify(spec),
        'elements:',
        ...buildModel(spec, restricted).elements.map((e) => `  ${JSON.stringify(e)}`),
        'disagreements (first 5):',
        ...disagreements(spec).slice(0, 5),
      ].join('\n'),
    );
  }
  if (result.failed) throw new Error(`the comparison failed: ${String(result.errorInstance)}`);
}

describe('evaluate() agrees with the reference implementation', () => {
  test('for every region and event of generated models', () => {
    compare();
  });

  // A subscription whose topic value is known (a URN) but in no input is some other topic's: it cannot be
  // this topic's subscriber. And an unconfirmed subscription delivers nothing.
  test.each([
    ['a confirmed subscription to the known URN of another topic, in no input', { confirmed: true }],
    ['an unconfirmed subscription to the known URN of another topic, in no input', { confirmed: false }],
  ])('a topic with no subscriber is uncovered despite %s', (_, { confirmed }) => {
    const elements = [
      ...compliant().filter((e) => e.type !== 'subscription'),
      subscription({ address: 'huaweicloud_smn_subscription.other', topic: known(urn('other_topic')), confirmed }),
    ];
    expect(check(model(...elements)).events.map((e) => e.status)).toEqual(EVENTS.map(() => 'uncovered'));
  });
});
