import type { Verdict } from '../../lib/evaluate/verdict';
import { MARKDOWN_MARKER, markdown, mdCode, mdText } from '../../lib/report/markdown';
import { summaryLine } from '../../lib/report/common';
import { SAMPLES, allCovered, mixed, passWithWaivers, specialCharacters } from './sample-verdicts';

const md = (v: Verdict) => markdown(v, { color: false });

/** The GFM tables of a document: runs of lines starting with `|`. */
function tables(doc: string): string[][] {
  const out: string[][] = [];
  let current: string[] | undefined;
  for (const line of doc.split('\n')) {
    if (line.startsWith('|')) (current ??= []).push(line);
    else if (current) {
      out.push(current);
      current = undefined;
    }
  }
  return out;
}

/** Cell separators: pipes not escaped with a backslash. */
const separators = (line: string) => line.match(/(?<!\\)\|/g)?.length ?? 0;

/** The HTML tags of a document outside code spans. */
function tags(doc: string): string[] {
  const noCode = doc.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
  return noCode.match(/<[^>]*>/g) ?? [];
}

describe('markdown report', () => {
  it.each(Object.entries(SAMPLES))('matches the snapshot for %s', (_name, verdict) => {
    expect(md(verdict)).toMatchSnapshot();
  });

  it('starts with a marker, a PASS/FAIL heading and the summary line', () => {
    expect(md(allCovered).split('\n').slice(0, 4)).toEqual([
      MARKDOWN_MARKER,
      '## ✅ cts-audit: PASS',
      '',
      '**PASS 22/22 events covered in 1 region; no findings**',
    ]);
    expect(md(mixed).split('\n').slice(1, 4)).toEqual(['## ❌ cts-audit: FAIL', '', `**${summaryLine(mixed)}**`]);
  });

  it('counts statuses by region, with a total for several regions', () => {
    const [, counts] = tables(md(mixed));
    expect(counts).toEqual([
      '| Region | ✅ covered | 🟡 partial | ❓ unknown | ❌ uncovered | ⚪ waived | Total |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| `cn-north-4` | 19 | 1 | 0 | 1 | 1 | 22 |',
      '| `ap-southeast-1` | 17 | 0 | 5 | 0 | 0 | 22 |',
      '| **All** | **36** | **1** | **5** | **1** | **1** | **44** |',
    ]);
    expect(tables(md(allCovered))[0]).toHaveLength(3);
  });

  it('folds the full matrix in a details element', () => {
    const doc = md(mixed);
    const details = doc.slice(doc.indexOf('<details>\n'), doc.indexOf('</details>\n'));
    expect(details).toContain('<summary>Coverage matrix: 22 events × 2 places</summary>');
    const [matrix] = tables(details);
    expect(matrix[0]).toBe('| Resource type | Event | `cn-north-4` | `ap-southeast-1` |');
    expect(matrix).toHaveLength(2 + 22);
    expect(matrix).toContain('| `Notebook` | `listallNotebook` | ❌ uncovered | ✅ covered |');
    expect(matrix).toContain('| `CombineTmsTag` | `listCombineTmsTag` | ⚪ waived | ✅ covered |');
  });

  it('says each cause once, with where, the events it affects (collapsed) and near misses; what is waived, by waiver', () => {
    const doc = md(mixed);
    const [causes] = tables(doc.slice(doc.indexOf('### Causes: 3 to fix')));
    expect(causes[0]).toBe('| Status | Where | Cause | Events |');
    expect(causes.slice(2).map((l) => l.split(' | ').slice(0, 2).join(' | '))).toEqual([
      '| ❌ uncovered<br>1 uncovered, 1 waived | `cn-north-4`',
      '| ❓ unknown | `ap-southeast-1`',
      '| 🟡 partial | `cn-north-4`',
    ]);
    expect(causes[2]).toContain(
      'no enabled notification in cn-north-4 sends it to a subscribed topic<br>near miss (Notebook/listallNotebook): ',
    );
    expect(causes[3]).toContain('| <details><summary>5 events</summary>`NotebookApp/createNotebookApp`, `NotebookApp/listNotebookApp`');
    expect(causes[4]).toMatch(/ \| `NotebookImage\/deleteNotebookImage` \|$/);
    const waived = doc.slice(doc.indexOf('### Waived'));
    expect(waived).toContain(
      '- ⚪ waived waiver `W-001`, expires 2026-12-31: Tag listing is audited by the TMS team (ticket SEC-1234).\n  - `CombineTmsTag/listCombineTmsTag` (was uncovered) in `cn-north-4`\n',
    );
    expect(waived).toContain(
      '- ⚪ waived error `bucket-retention` `huaweicloud_obs_bucket.NotebookAudit_cn_north_4_Bucket` in `cn-north-4`: waiver `W-002`',
    );
    expect(md(passWithWaivers)).toContain('### Waived');
    expect(md(passWithWaivers)).not.toContain('### Causes');
  });

  it('has a findings table of the open findings, worst first', () => {
    const doc = md(mixed);
    const findings = tables(doc.slice(doc.indexOf('### Findings')))[0];
    expect(findings[0]).toBe('| Severity | Rule | Where | Address | Message |');
    expect(findings.slice(2).map((l) => l.split(' | ')[0])).toEqual(['| 🔴 error', '| 🔴 error', '| 🟠 warning', '| 🔵 note']);
    expect(findings.join('\n')).not.toContain('bucket-retention');
  });

  it('says so when all is well', () => {
    const doc = md(allCovered);
    expect(doc).toContain('Every required event is recorded and notified, and no finding is open.');
    expect(doc).not.toMatch(/### (Causes|Findings|Waived)/);
  });

  it('escapes pipes, markup and newlines so every table keeps its columns', () => {
    for (const verdict of Object.values(SAMPLES)) {
      for (const t of tables(md(verdict))) {
        const columns = separators(t[0]);
        for (const line of t) {
          expect(line.endsWith('|')).toBe(true);
          expect(separators(line)).toBe(columns);
        }
      }
    }
  });

  it('lets no HTML from the inputs through', () => {
    const allowed = new Set([MARKDOWN_MARKER, '<details>', '</details>', '<summary>', '</summary>', '<br>', '<sub>', '</sub>']);
    for (const verdict of Object.values(SAMPLES)) {
      expect(tags(md(verdict)).filter((t) => !allowed.has(t))).toEqual([]);
    }
    expect(tags(md(mixed))).toEqual(expect.arrayContaining(['<details>', '<summary>', '<br>']));
    expect(tags('a `<b>` <i> ``<c>`` <d>')).toEqual(['<i>', '<d>']);
    const doc = md(specialCharacters);
    expect(doc).toContain(
      'a &lt;b&gt;bold&lt;/b&gt; &amp; "quoted" \'single\' \\| pipe<br>second line \\`tick\\` \\*star\\* \\_under\\_ \\[link\\](http://x)',
    );
    expect(doc).toContain('`huaweicloud_obs_bucket.b["x\\|y"]`');
    expect(doc).toContain('accepted &amp; "signed" \\| &lt;off&gt;<br>by ops');
    expect(doc).not.toContain('\u001b');
    expect(doc).not.toContain('\u0000');
  });

  it('escapes text and code spans', () => {
    expect(mdText('1. not a list')).toBe('1\\. not a list');
    expect(mdText('- not a list')).toBe('\\- not a list');
    expect(mdText('v0.1.0 # [x]')).toBe('v0.1.0 \\# \\[x\\]');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`a')).toBe('`` `a ``');
    expect(mdCode('a|b\nc', true)).toBe('`a\\|b c`');
    expect(mdCode('a|b')).toBe('`a|b`');
  });
});
