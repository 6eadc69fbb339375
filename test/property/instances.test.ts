/**
 * Properties of how many instances a count makes (lib/load/config.ts): Terraform's conversions (a number, a
 * string that spells it, an expression that computes it) give the same instances; up to the expansion limit each
 * instance is an element, past it one element stands for them all, so the work stays bounded whatever the count.
 */
import fc from 'fast-check';
import { MAX_EXPANDED, readConfig } from '../../lib/load/config';

const params = { numRuns: Number(process.env.PBT_RUNS ?? 200), seed: Number(process.env.PBT_SEED ?? 20261204) };
const ctx = { scope: 'stack', file: 'cdk.tf.json', input: 'synth' as const };

function topics(count: unknown) {
  return readConfig(
    {
      provider: { huaweicloud: [{ region: 'cn-north-4' }] },
      resource: { huaweicloud_smn_topic: { t: { name: 't', count } } },
    } as never,
    ctx,
  ).elements;
}

const countArb = fc.oneof(fc.nat({ max: 2 * MAX_EXPANDED }), fc.integer({ min: 0, max: 2_000_000_000 }));

test('a count written as a number, a string or a sum gives the same instances', () => {
  fc.assert(
    fc.property(countArb, fc.nat({ max: 50 }), (n, k) => {
      const forms = [n, String(n), `\${${n + k} - ${k}}`].map((c) => topics(c).map((e) => [e.address, e.instances]));
      expect(forms[1]).toEqual(forms[0]);
      expect(forms[2]).toEqual(forms[0]);
    }),
    params,
  );
});

test('up to the limit, one element an instance; past it, one element standing for all of them', () => {
  fc.assert(
    fc.property(countArb, (n) => {
      const elements = topics(n);
      if (n <= MAX_EXPANDED) {
        expect(elements.map((e) => e.address)).toEqual(Array.from({ length: n }, (_, i) => `huaweicloud_smn_topic.t[${i}]`));
      } else {
        expect(elements.map((e) => [e.address, e.instances])).toEqual([['huaweicloud_smn_topic.t[*]', n]]);
      }
    }),
    params,
  );
});
