import { countStatuses, countFindings, type EventResult, type Finding, type Verdict } from '../../lib/evaluate/verdict';
import { cleanText, summaryLine } from '../../lib/report/common';
import { text, wrapText } from '../../lib/report/text';
import { SAMPLES, allCovered, mixed, passWithWaivers, specialCharacters } from './sample-verdicts';

const ESC = '\u001b';
const ANSI = /\u001b\[[0-9;]*m/g;
const plain = (v: Verdict) => text(v, { color: false });
const lastLine = (s: string) => s.trimEnd().split('\n').pop();

/** allCovered with some statuses and findings changed, with the summary recomputed. */
function variant(statuses: Record<string, EventResult['status']>, findings: Finding[]): Verdict {
  const events = allCovered.events.map((e) => (statuses[e.event] ? { ...e, status: statuses[e.event] } : e));
  const summary = { events: countStatuses(events), findings: countFindings(findings) };
  return { ...allCovered, passed: false, events, findings, summary };
}

describe('text report', () => {
  it.each(Object.entries(SAMPLES))('matches the snapshot for %s', (_name, verdict) => {
    expect(plain(verdict)).toMatchSnapshot();
  });

  it('matches the snapshot in colour (ESC shown as <ESC>)', () => {
    expect(text(mixed, { color: true }).replace(/\u001b/g, '<ESC>')).toMatchSnapshot();
  });

  it('ends with the summary line', () => {
    expect(lastLine(plain(allCovered))).toBe('PASS 22/22 events covered in 1 region; no findings');
    expect(lastLine(plain(mixed))).toBe(
      'FAIL 36/44 events covered in 2 regions; 1 partial, 5 unknown, 1 uncovered, 1 waived; 2 errors, 1 warning, 1 note, 1 waived finding',
    );
    expect(lastLine(plain(specialCharacters))).toBe('FAIL 1/3 events covered in 1 region; 1 uncovered, 1 waived; 1 error, 1 warning');
    expect(lastLine(plain(passWithWaivers))).toBe('PASS 21/22 events covered in 1 region; 1 waived; 1 waived finding');
  });

  it('words the summary as in the design', () => {
    const f = (severity: Finding['severity']): Finding => ({ ruleId: 'tracker-kms-encryption', severity, message: 'm' });
    const v = variant({ listNotebook: 'partial', stopNotebook: 'uncovered' }, [f('error'), f('error'), f('warning')]);
    expect(summaryLine(v)).toBe('FAIL 20/22 events covered in 1 region; 1 partial, 1 uncovered; 2 errors, 1 warning');
  });

  it('has no escape codes without colour, even when the verdict has some', () => {
    for (const verdict of Object.values(SAMPLES)) expect(plain(verdict)).not.toContain(ESC);
    expect(JSON.stringify(specialCharacters)).toContain('\\u001b');
  });

  it('in colour, says exactly what it says without colour', () => {
    for (const verdict of Object.values(SAMPLES)) {
      const coloured = text(verdict, { color: true });
      expect(coloured).toContain(`${ESC}[`);
      expect(coloured.replace(ANSI, '')).toBe(plain(verdict));
    }
  });

  it('colours the verdict: PASS green, FAIL red', () => {
    expect(lastLine(text(allCovered, { color: true }))).toBe(`${ESC}[1;32mPASS 22/22 events covered in 1 region; no findings${ESC}[0m`);
    expect(lastLine(text(mixed, { color: true }))).toMatch(new RegExp(`^${ESC}\\[1;31mFAIL `));
  });

  it('shows a matrix of events by region, grouped by table and resource type', () => {
    const lines = plain(mixed).split('\n');
    expect(lines).toContain('Event                        cn-north-4   ap-southeast-1');
    expect(lines).toContain('modelarts-notebook: Key development environment operations traced by CTS (service ModelArts)');
    expect(lines).toContain('    listallNotebook          ✗ uncovered  ✓ covered');
    expect(lines).toContain('    deleteNotebookImage      ~ partial    ✓ covered');
    expect(lines).toContain('    createNotebookApp        ✓ covered    ? unknown');
    expect(lines).toContain('    listCombineTmsTag        W waived     ✓ covered');
    const groups = lines.filter((l) => /^ {2}\S/.test(l) && !/^ {2}[✗~?W✓] /.test(l) && !/^ {2}(error|warning|note) /.test(l));
    expect(groups).toEqual([
      '  Notebook',
      '  NotebookImage',
      '  NotebookImageGroups',
      '  NotebookApp',
      '  CombineTmsTag',
      '  NotebookTmsTag',
    ]);
    const rows = lines.filter((l) => /^ {4}\S+ {2,}[✓~?✗W] /.test(l));
    expect(rows).toHaveLength(22);
  });

  it('has ASCII symbols on request', () => {
    const out = text(mixed, { color: false, ascii: true });
    expect(out).toMatch(/^[\n\u0020-\u007e]*$/);
    expect(out).toContain('    listallNotebook          x uncovered  + covered');
    expect(out.replace(/[+x] (covered|uncovered)/g, (m) => (m[0] === '+' ? '✓' : '✗') + m.slice(1))).toBe(plain(mixed));
  });

  it('says each cause once, with its place, the events it affects, near misses and where to change it', () => {
    const out = plain(mixed);
    const section = out.slice(out.indexOf('\nCauses: 3 things to fix\n'), out.indexOf('\nWaived\n'));
    expect(section.split('\n').filter((l) => /^ {2}\S/.test(l))).toEqual([
      '  ✗ uncovered  cn-north-4  (1 uncovered, 1 waived)',
      '  ? unknown    ap-southeast-1',
      '  ~ partial    cn-north-4',
    ]);
    // The five unknown events of ap-southeast-1 share one reason: said once, for the five.
    expect(section).toContain(
      '      huaweicloud_cts_notification.NotebookAudit_ap_southeast_1_Notifications_modelarts-notebook lists it, but its\n',
    );
    expect(section).toContain('      5 events: NotebookApp/createNotebookApp, NotebookApp/listNotebookApp, NotebookApp/getNotebookApp,\n');
    expect(section.match(/var\.audit_topic_urn/g)).toHaveLength(1);
    // A reason that named the event says "it", and a near miss names the events it concerns when not all.
    expect(section).toContain('      no enabled notification in cn-north-4 sends it to a subscribed topic\n');
    expect(section).toContain('      near miss (Notebook/listallNotebook):\n');
    expect(section).toContain('      at cdktf.out/stacks/cts-audit/cdk.tf.json:112\n');
    expect(plain(allCovered)).not.toContain('Causes');
  });

  it('lists waived events by waiver, with its reason and expiry', () => {
    const out = plain(mixed);
    const section = out.slice(out.indexOf('\nWaived\n'), out.indexOf('\nFindings\n'));
    expect(section).toBe(
      [
        '',
        'Waived',
        '  W waived     W-001 until 2026-12-31',
        '      Tag listing is audited by the TMS team (ticket SEC-1234).',
        '      CombineTmsTag/listCombineTmsTag (was uncovered) in cn-north-4',
        '',
      ].join('\n'),
    );
    expect(plain(allCovered)).not.toContain('Waived');
  });

  it('lists findings worst first, waived last with their reason', () => {
    const out = plain(mixed);
    const heads = out
      .slice(out.indexOf('\nFindings\n'))
      .split('\n')
      .filter((l) => /^ {2}(error|warning|note) /.test(l));
    expect(heads).toEqual([
      '  error    tracker-kms-encryption  ap-southeast-1  huaweicloud_cts_tracker.NotebookAudit_ap_southeast_1_Tracker',
      '  error    waiver-unmatched  -',
      '  warning  tracker-lts-transfer  cn-north-4  huaweicloud_cts_tracker.NotebookAudit_cn_north_4_Tracker',
      '  note     input-incomplete  -  module.extra',
      '  error    bucket-retention  cn-north-4  huaweicloud_obs_bucket.NotebookAudit_cn_north_4_Bucket  [waived]',
    ]);
    expect(out).toContain('      waived by W-002 until 2026-09-30: Dev account: 90-day retention approved by the CISO.\n');
    expect(out).toContain(
      '      at plans/ap-southeast-1.tfplan.json:40 /resource/huaweicloud_cts_tracker/NotebookAudit_ap_southeast_1_Tracker\n',
    );
    expect(plain(allCovered)).not.toContain('Findings');
  });

  it('keeps lines within 120 characters, but for the one summary line', () => {
    for (const verdict of Object.values(SAMPLES)) {
      const lines = plain(verdict).trimEnd().split('\n');
      expect(lines.slice(0, -1).filter((l) => l.length > 120)).toEqual([]);
    }
  });

  it('shows control characters as escapes and indents continuation lines', () => {
    const out = plain(specialCharacters);
    expect(out).toContain('      a <b>bold</b> & "quoted" \'single\' | pipe\n        second line `tick`');
    expect(out).toContain('\\x1b[31mred\\x1b[0m \\x00nul');
    expect(cleanText('a\tb\r\nc\u0007\u009b\u2028')).toBe('a b\nc\\x07\\x9b\\u{2028}');
  });

  it('wraps at spaces and keeps newlines', () => {
    expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('averyveryverylongword x', 5)).toEqual(['averyveryverylongword', 'x']);
    expect(wrapText('a\nb', 80)).toEqual(['a', 'b']);
  });

  it('says so when nothing was evaluated', () => {
    const empty: Verdict = { ...allCovered, regions: [], events: [], summary: { events: countStatuses([]), findings: countFindings([]) } };
    const out = plain(empty);
    expect(out).toContain('No events were evaluated.');
    expect(lastLine(out)).toBe('PASS 0/0 events covered in 0 regions; no findings');
  });
});
