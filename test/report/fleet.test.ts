/**
 * Reports at fleet scale: a fleet read live (8 and 50 regions) and an
 * organization (accounts × regions × projects), rendered in text and
 * Markdown. Causes are said once, alike places fold, and the Markdown
 * report always fits GitHub's comment limit, saying what it left out when
 * it must.
 *
 * The verdicts, their text and Markdown reports and a table of their sizes
 * are kept in reports/fleet/ (`npx jest test/report/fleet.test.ts`, then
 * `cat reports/fleet/sizes.md`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { causesOf } from '../../lib/evaluate/causes';
import type { Verdict } from '../../lib/evaluate/verdict';
import { groupCauses } from '../../lib/report/fold';
import { MARKDOWN_LIMIT, markdown, markdownWithin } from '../../lib/report/markdown';
import { text } from '../../lib/report/text';
import { ROTATION, liveFleet, organizationFleet, startFleetEmulator, stopFleetEmulator } from './fleet';
import { allCovered } from './sample-verdicts';
import { expectEvery } from '../support/every';

const OUT = join(__dirname, '../../reports/fleet');
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const lineCount = (s: string) => s.split('\n').length - 1;

beforeAll(async () => {
  await startFleetEmulator();
  mkdirSync(OUT, { recursive: true });
});
afterAll(stopFleetEmulator);

const sizes: string[] = [];
afterAll(() => {
  writeFileSync(
    join(OUT, 'sizes.md'),
    [
      '| Fleet | Places | Event results | Causes | Groups alike | Text lines | Text characters | Markdown characters | Markdown UTF-8 bytes | Shortened |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
      ...sizes,
      '',
    ].join('\n'),
  );
});

/** Renders a verdict, keeps the reports and their sizes, and returns them. */
function rendered(name: string, verdict: Verdict): { txt: string; md: string } {
  const txt = text(verdict, { color: false });
  const md = markdown(verdict, { color: false, elsewhere: ['cts-audit.json'] });
  writeFileSync(join(OUT, `${name}.txt`), txt);
  writeFileSync(join(OUT, `${name}.md`), md);
  writeFileSync(join(OUT, `${name}.json`), JSON.stringify(verdict, null, 2) + '\n');
  const places = new Set(verdict.events.map((e) => e.region)).size;
  const groups = groupCauses(verdict).filter((g) => g.status !== 'waived').length;
  sizes.push(
    `| ${name} | ${places} | ${verdict.events.length} | ${verdict.causes.length} | ${groups} | ${lineCount(txt)} | ${txt.length} | ${md.length} | ${bytes(md)} | ${md.includes('Shortened to fit') ? 'yes' : 'no'} |`,
  );
  return { txt, md };
}

/** How many places of each kind the rotation gives `n` places. */
function kindsOf(n: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < n; i++) out.set(ROTATION[i % ROTATION.length], (out.get(ROTATION[i % ROTATION.length]) ?? 0) + 1);
  return out;
}

test('8 regions read live: each thing to fix is said once, not once per event', async () => {
  const { verdict, kinds } = await liveFleet({ regions: 8 });
  const { txt, md } = rendered('fleet-8', verdict);
  const broken = [...kinds.values()].filter((k) => k !== 'covered').length;
  // One cause per broken region; a project the keys may not read is one too (its trackers, notifications and configuration).
  expect(verdict.causes).toHaveLength(broken);
  expect(verdict.causes.find((c) => c.status === 'unknown')?.reason).toMatch(
    /^the CTS trackers, the key event notifications(, the CTS configuration)? and the .* of cn-north-1\/[0-9a-f]{32} could not be read: HTTP 403 CTS\.0002 /,
  );
  // The disabled notification of a region, once, not 22 times.
  const disabled = 'cts/notification/modelarts_notebook would notify it but is disabled';
  expect(txt.split(disabled)).toHaveLength(2);
  expect(md.split(disabled.replace(/_/g, '\\_'))).toHaveLength(2);
  // Covered regions share one column and one row.
  expect(txt).toMatch(new RegExp(`A: ${kindsOf(8).get('covered')} places, all covered: `));
  expect(md).toMatch(/\| \*\*A\*\*: <details><summary>4 places<\/summary>/);
  expect(bytes(md)).toBeLessThanOrEqual(MARKDOWN_LIMIT);
  expect(md).not.toContain('Shortened to fit');
  // Every event result is accounted for: in a cause, or covered.
  const inCauses = new Set(verdict.causes.flatMap((c) => c.events.map((id) => `${c.region} ${id}`)));
  expectEvery(
    verdict.events.filter((e) => e.status !== 'covered'),
    (e) => inCauses.has(`${e.region} ${e.id}`),
    'event not covered',
  );
});

test('50 regions read live: places alike fold, in text and Markdown, and the comment fits whole', async () => {
  const { verdict } = await liveFleet({ regions: 50 });
  const { txt, md } = rendered('fleet-50', verdict);
  const counts = kindsOf(50);
  const broken = 50 - counts.get('covered')!;
  expect(verdict.causes).toHaveLength(broken);
  // Five kinds of trouble: five groups, each listing its five places once.
  const groups = groupCauses(verdict);
  expect(groups.map((g) => g.places.length)).toEqual([5, 5, 5, 5, 5]);
  expect(txt).toContain('Causes: 25 things to fix, 5 alike\n');
  expect(txt).toContain('      tracker cts/tracker/system is disabled: it records nothing\n');
  expect(txt.match(/tracker cts\/tracker\/system is disabled/g)).toHaveLength(1);
  // The text stays far below one line per event result.
  expect(lineCount(txt)).toBeLessThan(verdict.events.length / 5);
  expect(bytes(md)).toBeLessThanOrEqual(MARKDOWN_LIMIT);
  expect(md).not.toContain('Shortened to fit');
  expect(md).toContain('### Causes: 25 to fix (5 groups alike)');
});

/** 4 accounts × 25 regions × 2 projects, read once for the tests that use it. */
let organization: Promise<Verdict> | undefined;
const theOrganization = () => (organization ??= organizationFleet(4, { regions: 25, projects: 2 }));

test('an organization (accounts × regions × projects, labels as opaque text) fits too', async () => {
  const verdict = await theOrganization();
  const { md } = rendered('organization-4x25x2', verdict);
  expect(new Set(verdict.events.map((e) => e.region)).size).toBe(200);
  expect(verdict.events[0].region).toMatch(/^acct-1\/af-south-1\/[0-9a-f]{32}$/);
  expect(bytes(md)).toBeLessThanOrEqual(MARKDOWN_LIMIT);
  expect(groupCauses(verdict)).toHaveLength(5);
});

test('the worst case, a different cause for each resource type in each place of an organization: shortened to fit, saying what is left out and where the whole is', async () => {
  const org = await theOrganization();
  // Each reason made its own (a ticket per place and resource type), so that nothing folds.
  const tickets = new Map<string, number>();
  const ticket = (key: string) => tickets.get(key) ?? tickets.set(key, tickets.size + 1).get(key)!;
  const events = org.events.map((e) =>
    e.status === 'covered' ? e : { ...e, reasons: e.reasons.map((r) => `${r} (ticket OPS-${ticket(`${e.region} ${e.resourceType}`)})`) },
  );
  const verdict: Verdict = { ...org, events, causes: causesOf(events) };
  const { md } = rendered('worst-case-4x25x2', verdict);
  expect(verdict.causes.length).toBeGreaterThan(500);
  expect(groupCauses(verdict).length).toBe(verdict.causes.length);
  expect(bytes(md)).toBeLessThanOrEqual(MARKDOWN_LIMIT);
  expect(bytes(md)).toBeGreaterThan(MARKDOWN_LIMIT * 0.9);
  const note = md.split('\n').find((l) => l.startsWith('> ✂️'));
  expect(note).toMatch(/^> ✂️ \*\*Shortened to fit GitHub's limit of 65,536 characters\*\*: left out the last \d+ causes \(/);
  expect(note).toContain('the coverage matrix');
  expect(note).toMatch(/The full report: `cts-audit\.json`\.$/);
  // What is kept is the worst: the causes section comes first, and the first causes are there whole.
  expect(md.indexOf('### Causes')).toBeLessThan(md.indexOf('> ✂️'));
  expect(md.endsWith('</sub>\n')).toBe(true);
  // Without a place to point to, it says how to get the whole.
  expect(markdownWithin(verdict, { color: false }, MARKDOWN_LIMIT)).toContain(
    'The full report: run the same check with `--format text`, `--format json` or `--format html`.',
  );
}, 60_000);

test('a limit too small for any cause still gives the heading, the summary and the note', () => {
  const small = markdownWithin(allCovered, { color: false }, 600);
  expect(small.split('\n').slice(0, 4)).toEqual([
    '<!-- cts-audit-report -->',
    '## ✅ cts-audit: PASS',
    '',
    '**PASS 22/22 events covered in 1 region; no findings**',
  ]);
  expect(small).toContain('left out the counts of 1 place group; the coverage matrix.');
  expect(bytes(small)).toBeLessThanOrEqual(600);
});
