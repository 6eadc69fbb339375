import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultTable } from '../lib/policy/bundled';

const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');

test('the README shows the table exactly as policies/ holds it', () => {
  const section = readme.slice(
    readme.indexOf('## The traced-operations table'),
    readme.indexOf('\n## ', readme.indexOf('## The traced-operations table') + 5),
  );
  const rows = section
    .split('\n')
    .filter((l) => /^\| .+ \| .+ \| [a-zA-Z]+ \|$/.test(l) && !l.startsWith('| Operation'))
    .map((l) =>
      l
        .split('|')
        .slice(1, 4)
        .map((c) => c.trim()),
    )
    .filter(([, , trace]) => /^[a-z]/.test(trace) && !trace.includes(' '));
  expect(rows).toEqual(defaultTable().operations.map((r) => [r.operation, r.resourceType, r.traceName]));
});

test('the README names the two commands of the contract', () => {
  expect(readme).toContain('npm ci && npm start');
  expect(readme).toContain('npm test');
});
