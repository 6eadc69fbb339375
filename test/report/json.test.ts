import { VERDICT_SCHEMA_VERSION } from '../../lib/evaluate/verdict';
import { json } from '../../lib/report/json';
import { SAMPLES } from './sample-verdicts';

describe('json report', () => {
  it.each(Object.entries(SAMPLES))('is the verdict itself, indented, for %s', (_name, verdict) => {
    const out = json(verdict, { color: false });
    expect(out).toBe(JSON.stringify(verdict, null, 2) + '\n');
    expect(JSON.parse(out)).toEqual(verdict);
    expect(JSON.parse(out).schemaVersion).toBe(VERDICT_SCHEMA_VERSION);
  });
});
