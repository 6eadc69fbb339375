import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTROLS, NON_CONTROL_RULES } from '../../lib/evaluate/controls';
import { loadControls } from '../../lib/policy/controls';
import { rulesMarkdown } from '../../lib/policy/rules-doc';

test('docs/rules.md is generated from policies/controls.json (run `npm run generate:docs`)', () => {
  expect(readFileSync(join(__dirname, '../../docs/rules.md'), 'utf8')).toBe(rulesMarkdown(loadControls()));
});

test('every rule has metadata and every metadata entry has a rule', () => {
  const ids = loadControls()
    .map((r) => r.id)
    .sort();
  expect(ids).toEqual([...Object.keys(CONTROLS), ...NON_CONTROL_RULES].sort());
});

test('each rule has an anchor heading in the docs', () => {
  const doc = rulesMarkdown(loadControls());
  for (const r of loadControls()) expect(doc).toContain(`\n## ${r.id}\n`);
});
