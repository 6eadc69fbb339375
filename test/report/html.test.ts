import { esc, html } from '../../lib/report/html';
import { SAMPLES, allCovered, mixed, passWithWaivers, specialCharacters } from './sample-verdicts';

const page = (v: Parameters<typeof html>[0], checkedAt?: string) => html(v, { color: false, ...(checkedAt ? { checkedAt } : {}) });

/** The tags of a page, with their attributes. */
const tags = (doc: string) => doc.match(/<[a-zA-Z][^>]*>/g) ?? [];

describe('html report', () => {
  it('is one self-contained page: a policy that allows nothing but its own style, and nothing that loads', () => {
    for (const verdict of Object.values(SAMPLES)) {
      const doc = page(verdict);
      expect(doc.startsWith('<!DOCTYPE html>\n<html lang="en">\n')).toBe(true);
      expect(doc).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
      expect(tags(doc).filter((t) => /^<(script|link|img|iframe|object|embed|video|audio|source|base|form)\b/i.test(t))).toEqual([]);
      expect(tags(doc).filter((t) => /\s(src|srcset|style|on\w+)=/i.test(t))).toEqual([]);
      // The only addresses are links a reader may follow: the sections, and each table's documentation page.
      const hrefs = tags(doc).flatMap((t) => /\shref="([^"]*)"/.exec(t)?.[1] ?? []);
      expect(hrefs.filter((h) => !h.startsWith('#') && h !== verdict.tables[0]?.source?.url)).toEqual([]);
      expect(doc).not.toMatch(/url\(|@import/);
    }
  });

  it('says the verdict, when the check ran, and by what', () => {
    const doc = page(mixed, '2026-11-25T12:00:00.000Z');
    expect(doc).toContain('<title>cts-audit evidence: FAIL (2026-11-25 12:00:00 UTC)</title>');
    expect(doc).toContain('<span class="verdict fail">FAIL</span>');
    expect(doc).toContain('<dt>Checked</dt><dd><time datetime="2026-11-25T12:00:00.000Z">2026-11-25 12:00:00 UTC</time></dd>');
    expect(doc).toContain('<dt>By</dt><dd>cts-audit 0.1.0 (report schema 2)</dd>');
    expect(page(allCovered)).toContain('<dt>Checked</dt><dd>not stated</dd>');
    expect(page(allCovered)).toContain('<span class="verdict pass">PASS</span>');
  });

  it('lists every file read with its SHA-256, and each table with its source', () => {
    const doc = page(mixed);
    for (const input of mixed.inputs) {
      for (const f of input.files ?? []) {
        expect(doc).toContain(`<td><code>${f.file}</code></td><td class="hash"><code>${f.sha256}</code></td>`);
      }
    }
    // An input of several files spans their rows.
    expect(doc).toContain('<th scope="row" rowspan="2"><code>cdktf.out/stacks/cts-audit/cdk.tf.json</code></th>');
    expect(doc).toContain(
      'Using CTS to Audit Notebook: Table 1 Key development environment operations traced by CTS (updated 2026-05-29)<br><a href="https://support.huaweicloud.com/intl/en-us/devtool-modelarts/devtool-modelarts_03033.html">',
    );
  });

  it('gives every status of the grid in words as well as by symbol and colour', () => {
    const doc = page(mixed);
    const cells =
      doc.match(/<td class="cell s-(\w+)"[^>]*><span aria-hidden="true">[^<]*<\/span><span class="sr">(\w+)<\/span><\/td>/g) ?? [];
    expect(cells).toHaveLength(mixed.events.length);
    for (const c of cells) {
      const [, cls, word] = /s-(\w+)".*class="sr">(\w+)</.exec(c)!;
      expect(word).toBe(cls);
    }
    expect(doc).toContain(
      '<td class="cell s-uncovered" title="listallNotebook: uncovered"><span aria-hidden="true">✗</span><span class="sr">uncovered</span></td>',
    );
    // Real table markup: every header cell says what it heads.
    expect(tags(doc).filter((t) => /^<th[\s>]/.test(t) && !/\sscope="(col|row|colgroup)"/.test(t))).toEqual([]);
    expect(doc.match(/<caption>/g)?.length).toBe(doc.match(/<table/g)?.length);
  });

  it('lists causes once, findings, and waivers with their reason and expiry', () => {
    const doc = page(mixed);
    const causes = doc.slice(doc.indexOf('<section id="causes">'), doc.indexOf('<section id="findings">'));
    expect(causes.match(/<tr><td><span class="badge/g)).toHaveLength(3);
    expect(causes).toContain('<p>3 things to fix, each said once.</p>');
    expect(causes).toContain('no enabled notification in cn-north-4 sends it to a subscribed topic');
    const waivers = doc.slice(doc.indexOf('<section id="waivers">'));
    expect(waivers).toContain(
      '<tr><th scope="row"><code>W-001</code></th><td>2026-12-31</td><td>Tag listing is audited by the TMS team (ticket SEC-1234).</td><td><code>CombineTmsTag/listCombineTmsTag</code> (was uncovered) in <code>cn-north-4</code></td></tr>',
    );
    expect(page(passWithWaivers)).toContain('<p>Nothing to fix: every required event is covered or waived.</p>');
    expect(page(allCovered)).toContain('<p>No waiver was applied.</p>');
  });

  it('escapes everything from the inputs', () => {
    const doc = page(specialCharacters);
    expect(doc).not.toMatch(/<b>|<html>|<with>|<off>|<1>/);
    expect(doc).toContain('a &#60;b&#62;bold&#60;/b&#62; &#38; &#34;quoted&#34; &#39;single&#39; | pipe<br>second line');
    expect(doc).toContain('\\x1b[31mred\\x1b[0m \\x00nul');
    expect(doc).not.toContain('\u001b');
    expect(doc).toContain('<title>cts-audit evidence: FAIL</title>');
    expect(esc(`"'<>&`)).toBe('&#34;&#39;&#60;&#62;&#38;');
  });
});
