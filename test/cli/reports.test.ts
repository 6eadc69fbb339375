import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fullReports } from '../../lib/cli/check';
import { runCli } from './run-cli';

const COVERED = join(__dirname, '../fixtures/check/01-cdktf-covered');

describe('report options of check', () => {
  test('--format html writes one page with the time of the check and the SHA-256 of each file read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cts-audit-html-'));
    cpSync(join(COVERED, 'cdktf.out'), join(dir, 'cdktf.out'), { recursive: true });
    const r = await runCli(['check', 'cdktf.out', '--format', 'html', '--output', 'evidence.html'], {
      cwd: dir,
      now: new Date('2026-11-25T08:30:00Z'),
    });
    expect({ exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr }).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    const page = readFileSync(join(dir, 'evidence.html'), 'utf8');
    expect(page).toContain('<time datetime="2026-11-25T08:30:00.000Z">2026-11-25 08:30:00 UTC</time>');
    const stack = 'cdktf.out/stacks/notebook-audit/cdk.tf.json';
    const sha256 = createHash('sha256')
      .update(readFileSync(join(dir, stack)))
      .digest('hex');
    expect(page).toContain(`<td><code>${stack}</code></td><td class="hash"><code>${sha256}</code></td>`);
  });

  test('--report-url must be an address', async () => {
    const r = await runCli(['check', 'cdktf.out', '--report-url', 'the CI run'], { cwd: COVERED });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('cts-audit: --report-url: must be an address such as https://ci.example.com/runs/123 (got "the CI run")\n');
  });

  test('a shortened report points to the files of the full formats written by the same check, then to --report-url', () => {
    const reports = [
      { format: 'markdown', output: 'cts.md' },
      { format: 'sarif', output: 'cts.sarif' },
      { format: 'json', output: 'cts.json' },
      { format: 'html', output: 'cts.html' },
      { format: 'text' },
    ];
    expect(fullReports(reports, 'https://github.com/o/r/actions/runs/1')).toEqual([
      'cts.json',
      'cts.html',
      'https://github.com/o/r/actions/runs/1',
    ]);
    expect(fullReports([{ format: 'markdown' }], undefined)).toEqual([]);
  });
});
