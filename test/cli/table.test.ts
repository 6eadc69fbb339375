import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../lib/cli';
import { runCli } from './run-cli';

const ROOT = join(__dirname, '../..');
const PAGE = join(ROOT, 'test/fixtures/reference/using-cts-to-audit-notebook.txt');
const HTML = join(ROOT, 'test/fixtures/reference/using-cts-to-audit-notebook.html');
const URL = 'https://support.huaweicloud.com/intl/en-us/devtool-modelarts/devtool-modelarts_03033.html';
const COMMITTED = readFileSync(join(ROOT, 'policies/modelarts-notebook.json'), 'utf8');

describe('cts-audit table import', () => {
  test.each([
    ['text', PAGE],
    ['HTML', HTML],
  ])('the reference page saved as %s imports to the committed table, byte for byte', async (_kind, page) => {
    const r = await runCli(['table', 'import', page, '--service', 'ModelArts', '--id', 'modelarts-notebook', '--url', URL]);
    expect(r).toEqual({ exitCode: 0, stdout: COMMITTED, stderr: '' });
  });

  test('without --id, the id is <service>-<subject> of the page title ("Using CTS to Audit Notebook"): the page and its address are all it takes', async () => {
    const r = await runCli(['table', 'import', PAGE, '--service', 'ModelArts', '--url', URL]);
    expect(r).toEqual({ exitCode: 0, stdout: COMMITTED, stderr: '' });
    // Without --url, the table is the same but for source.url, which no saved page holds.
    const bare = await runCli(['table', 'import', PAGE, '--service', 'ModelArts']);
    const { url: _url, ...source } = (JSON.parse(COMMITTED) as { source: Record<string, string> }).source;
    expect(JSON.parse(bare.stdout)).toEqual({ ...JSON.parse(COMMITTED), source });
  });

  test('--output writes the file, takes the id from its name, and says what it wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cts-audit-import-'));
    const r = await runCli(['table', 'import', PAGE, '--service', 'ModelArts', '--url', URL, '--output', 'modelarts-notebook.json'], {
      cwd: dir,
    });
    expect(r).toEqual({
      exitCode: 0,
      stdout: '',
      stderr: 'cts-audit: wrote modelarts-notebook.json: 23 operations, 22 events of ModelArts\n',
    });
    expect(readFileSync(join(dir, 'modelarts-notebook.json'), 'utf8')).toBe(COMMITTED);
  });

  test('asks for the service on a terminal', async () => {
    const questions: string[] = [];
    let stdout = '';
    const code = await run(['table', 'import', PAGE, '--id', 'modelarts-notebook', '--url', URL], {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      isTTY: true,
      env: {},
      cwd: ROOT,
      now: () => new Date(),
      prompt: async (q) => (questions.push(q), 'ModelArts\n'),
    });
    expect(code).toBe(0);
    expect(questions).toEqual(['CTS service type of these operations (e.g. ModelArts): ']);
    expect(stdout).toBe(COMMITTED);
  });

  test.each<[string, string[], string]>([
    [
      'no service and no terminal',
      ['table', 'import', PAGE, '--id', 'x'],
      'cts-audit: --service: required: the CTS service type of the operations, e.g. --service ModelArts\n',
    ],
    [
      'a missing page',
      ['table', 'import', 'nope.txt', '--service', 'ModelArts', '--id', 'x'],
      'cts-audit: nope.txt: cannot read file (ENOENT)\n',
    ],
  ])('exits 2 with %s', async (_name, argv, stderr) => {
    expect(await runCli(argv)).toEqual({ exitCode: 2, stdout: '', stderr });
  });
});

describe('cts-audit table validate', () => {
  test('a valid table', async () => {
    const r = await runCli(['table', 'validate', 'policies/modelarts-notebook.json'], { cwd: ROOT });
    expect(r).toEqual({
      exitCode: 0,
      stdout: 'policies/modelarts-notebook.json: valid: 23 operations, 22 events of service ModelArts\n',
      stderr: '',
    });
  });

  test('an invalid table exits 1 with one line naming the file and the row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cts-audit-validate-'));
    const table = JSON.parse(COMMITTED);
    table.operations[2].traceName = 'listall Notebook';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(table));
    const r = await runCli(['table', 'validate', 'bad.json'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'cts-audit: bad.json: operations[2].traceName (row "Obtaining all notebook instances"): must be a CTS trace name: a letter, then up to 63 letters, digits, "_", "-" or "." (got "listall Notebook")\n',
    );
  });
});

test('cts-audit table list shows the bundled tables', async () => {
  const r = await runCli(['table', 'list']);
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toMatch(
    /^audit-trail-tamper\s+CTS\s+19 events\s+Operations that weaken the CTS audit trail itself .*\nmodelarts-notebook\s+ModelArts\s+22 events\s+Key development environment operations traced by CTS\n$/,
  );
});
