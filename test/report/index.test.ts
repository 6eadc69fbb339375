import { FORMATS, REPORTERS, isFormat, render, type Format } from '../../lib/report';
import { SAMPLES, deepFreeze } from './sample-verdicts';
import { expectEvery } from '../support/every';

const samples = Object.entries(SAMPLES);

describe('render', () => {
  it('has a reporter for every format, text first (the default)', () => {
    expect(FORMATS).toEqual(['text', 'json', 'sarif', 'markdown', 'junit', 'html']);
    expect(Object.keys(REPORTERS).sort()).toEqual([...FORMATS].sort());
    expectEvery(FORMATS, isFormat, 'format');
    expect(isFormat('yaml')).toBe(false);
  });

  it('rejects an unknown format with the list of formats', () => {
    expect(() => render('yaml' as Format, SAMPLES.allCovered, { color: false })).toThrow(/text, json, sarif, markdown, junit, html/);
  });

  describe.each(FORMATS)('%s', (format) => {
    it.each(samples)('is pure on %s: same output every time, from a deep-frozen verdict left unchanged', (_name, verdict) => {
      const before = JSON.stringify(verdict);
      const frozen = deepFreeze(structuredClone(verdict));
      for (const color of [false, true]) {
        const first = render(format, frozen, { color });
        expect(render(format, frozen, { color })).toBe(first);
        expect(render(format, verdict, { color })).toBe(first);
      }
      expect(JSON.stringify(frozen)).toBe(before);
      expect(JSON.stringify(verdict)).toBe(before);
    });

    it.each(samples)('ends with one newline and carries no clock or working directory on %s', (_name, verdict) => {
      const out = render(format, verdict, { color: false });
      expect(out.endsWith('\n')).toBe(true);
      expect(out.endsWith('\n\n')).toBe(false);
      expect(out).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
      expect(out).not.toContain(process.cwd());
    });
  });

  it('colours only the text report', () => {
    for (const format of FORMATS.filter((f) => f !== 'text')) {
      expect(render(format, SAMPLES.mixed, { color: true })).toBe(render(format, SAMPLES.mixed, { color: false }));
    }
  });
});
