import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadControls, ruleDocs, ruleInfo } from '../../lib/policy/controls';
import { policiesDir } from '../../lib/policy/bundled';

const BUNDLED = join(policiesDir(), 'controls.json');

/** The bundled controls file, changed, written to a temporary file. */
function changed(edit: (doc: { rules: Array<Record<string, unknown>> } & Record<string, unknown>) => void): string {
  const doc = JSON.parse(readFileSync(BUNDLED, 'utf8'));
  edit(doc);
  const path = join(mkdtempSync(join(tmpdir(), 'cts-audit-controls-')), 'controls.json');
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

describe('loadControls', () => {
  test('reads the bundled controls by default: every rule once, each documented at its own anchor', () => {
    const rules = loadControls();
    expect(rules).toEqual(loadControls(BUNDLED));
    expect(rules.map((r) => r.id)).toEqual(expect.arrayContaining(['event-coverage', 'tracker-file-validation', 'waiver-expired']));
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) expect(r.docs).toBe(`docs/rules.md#${r.id}`);
  });

  test.each([
    [
      'a duplicate rule id',
      (d: { rules: Array<Record<string, unknown>> }) => d.rules.push({ ...d.rules[0] }),
      (n: number) => `rules[${n}].id: duplicate rule id "event-coverage"`,
    ],
    [
      'docs that point elsewhere than the rule anchor',
      (d: { rules: Array<Record<string, unknown>> }) => (d.rules[1].docs = 'docs/rules.md#event-coverage'),
      () => 'rules[1].docs: must be docs/rules.md#tracker-file-validation, the anchor docs/rules.md has for this id',
    ],
    [
      'a title that is not phrased as the compliant state',
      (d: { rules: Array<Record<string, unknown>> }) => (d.rules[0].title = 'Events are covered'),
      () => 'rules[0].title: must be phrased as the compliant state: "Ensure ..."',
    ],
    [
      'another kind of file',
      (d: Record<string, unknown>) => (d.kind = 'cts-operations-table'),
      () => 'kind: Invalid input: expected "cts-audit-controls"',
    ],
  ])('refuses %s, naming the file and the place', (_name, edit, message) => {
    let count = 0;
    const path = changed((d) => {
      count = d.rules.length;
      edit(d);
    });
    expect(() => loadControls(path)).toThrow(`${path}: ${message(count)}`);
  });

  test('two problems at once: the first is reported, and the other counted', () => {
    const path = changed((d) => {
      d.rules[0].docs = 'docs/rules.md#other';
      d.rules[2].docs = 'docs/rules.md#other';
    });
    expect(() => loadControls(path)).toThrow(
      `${path}: rules[0].docs: must be ${ruleDocs('event-coverage')}, the anchor docs/rules.md has for this id (and 1 more problem)`,
    );
  });
});

test('ruleInfo is the metadata reporters see, and nothing else', () => {
  const [rule] = loadControls();
  expect(ruleInfo({ ...rule, extra: 'not shown' } as typeof rule)).toEqual({
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    description: rule.description,
    remediation: rule.remediation,
    docs: rule.docs,
  });
});
