import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Verdict } from '../../lib/evaluate/verdict';
import { junit, xmlAttr, xmlText } from '../../lib/report/junit';
import { cleanText } from '../../lib/report/common';
import { SAMPLES, allCovered, mixed, specialCharacters } from './sample-verdicts';

/* eslint-disable @typescript-eslint/no-explicit-any */
const xml = (v: Verdict) => junit(v, { color: false });
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  htmlEntities: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === 'testsuite' || name === 'testcase',
});
const parse = (v: Verdict): any => parser.parse(xml(v)).testsuites;
const cases = (suite: any): any[] => suite.testcase ?? [];

describe('junit report', () => {
  it.each(Object.entries(SAMPLES))('matches the snapshot for %s', (_name, verdict) => {
    expect(xml(verdict)).toMatchSnapshot();
  });

  it.each(Object.entries(SAMPLES))('is well-formed XML 1.0 for %s', (_name, verdict) => {
    const doc = xml(verdict);
    expect(XMLValidator.validate(doc)).toBe(true);
    // What the validator above does not check.
    expect(doc).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
    expect(doc.match(/="[^"]*"/g)!.filter((a) => a.includes('<'))).toEqual([]);
    expect(doc).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u);
  });

  it.each(Object.entries(SAMPLES))('counts tests, failures and skipped right for %s', (_name, verdict) => {
    const root = parse(verdict);
    let tests = 0;
    let failures = 0;
    let skipped = 0;
    for (const suite of root.testsuite) {
      const c = cases(suite);
      expect(Number(suite.tests)).toBe(c.length);
      expect(Number(suite.failures)).toBe(c.filter((t) => t.failure !== undefined).length);
      expect(Number(suite.skipped)).toBe(c.filter((t) => t.skipped !== undefined).length);
      expect(suite.errors).toBe('0');
      tests += c.length;
      failures += Number(suite.failures);
      skipped += Number(suite.skipped);
    }
    expect([Number(root.tests), Number(root.failures), Number(root.skipped), root.errors]).toEqual([tests, failures, skipped, '0']);
    expect(tests).toBe(verdict.events.length + verdict.findings.length);
  });

  it('has a suite per region and one for the controls', () => {
    const root = parse(mixed);
    expect(root.name).toBe('cts-audit');
    expect(root.testsuite.map((s: any) => [s.name, s.tests, s.failures, s.skipped])).toEqual([
      ['cn-north-4', '22', '2', '1'],
      ['ap-southeast-1', '22', '5', '0'],
      ['controls', '5', '2', '1'],
    ]);
    expect(parse(allCovered).testsuite.map((s: any) => [s.name, s.tests, s.failures])).toEqual([
      ['cn-north-4', '22', '0'],
      ['controls', '0', '0'],
    ]);
  });

  it('names event test cases by table, resource type, event and region', () => {
    const [cn] = parse(mixed).testsuite;
    const t = cases(cn).find((c) => c.name === 'listallNotebook (cn-north-4)');
    expect(t.classname).toBe('modelarts-notebook.Notebook');
    expect(t.failure.type).toBe('uncovered');
    expect(t.failure.message).toBe(
      'uncovered: no enabled notification in cn-north-4 sends ModelArts/Notebook/listallNotebook to a subscribed topic',
    );
    expect(t.failure['#text']).toContain('near miss: huaweicloud_cts_notification.');
    const waived = cases(cn).find((c) => c.name === 'listCombineTmsTag (cn-north-4)');
    expect(waived.skipped.message).toBe('waived: Tag listing is audited by the TMS team (ticket SEC-1234).');
    expect(waived.failure).toBeUndefined();
    expect(cases(cn).find((c) => c.name === 'createNotebook (cn-north-4)')).toEqual({
      classname: 'modelarts-notebook.Notebook',
      name: 'createNotebook (cn-north-4)',
    });
  });

  it('fails on error findings only; warnings and notes go to system-out', () => {
    const controls = parse(mixed).testsuite[2];
    const byRule = (id: string) => cases(controls).find((c) => c.classname === `controls.${id}`);
    expect(byRule('tracker-kms-encryption').failure.type).toBe('error');
    expect(byRule('tracker-lts-transfer').failure).toBeUndefined();
    expect(byRule('tracker-lts-transfer')['system-out']).toMatch(/^warning: huaweicloud_cts_tracker\./);
    expect(byRule('input-incomplete')['system-out']).toMatch(/^note: /);
    expect(byRule('bucket-retention').skipped.message).toBe('waived: Dev account: 90-day retention approved by the CISO.');
    expect(byRule('waiver-unmatched').name).toBe('waiver-unmatched');
  });

  it('round-trips special characters through escaping', () => {
    const [suite, controls] = parse(specialCharacters).testsuite;
    const failing = cases(suite).find((c) => c.failure);
    const reason = specialCharacters.events[1].reasons[0];
    expect(failing.failure.message).toBe(`uncovered: ${cleanText(reason)}`);
    expect(failing.failure['#text'].startsWith(cleanText(reason))).toBe(true);
    expect(cases(suite).find((c) => c.skipped).skipped.message).toBe('waived: accepted & "signed" | <off>\nby ops');
    expect(cases(controls)[0].name).toBe('huaweicloud_obs_bucket.b["x|y"] (cn-north-4)');
    expect(cases(controls)[1]['system-out']).toBe('warning: warning with ]]> and <![CDATA[ inside');
  });

  it('escapes the five XML characters and drops what XML cannot hold', () => {
    expect(xmlText(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(xmlAttr('a\nb\tc')).toBe('a&#10;b c');
    expect(xmlText('a\u0001b\uFFFEc\uD800d')).toBe('a\\x01bcd');
  });
});
