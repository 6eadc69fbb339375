import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { HCL_IDLE_MS, HclParseError, parseHclText } from '../../lib/load/hcl-parser';
import { MAX_HCL_BYTES, MAX_HCL_DEPTH, nestingDepth, parseHcl } from '../../lib/load/hcl';
import { InputError } from '../../lib/errors';

const SMALL = 'locals {\n  a = [1, 2, 3]\n}\n';
/** Unary minus operators have no brackets: the depth guard does not see them, the parser's stack overflows. */
const OVERFLOW = `locals {\n  deep = ${'-'.repeat(50_000)}1\n}\n`;

describe('parseHclText: HashiCorp HCL in a worker thread', () => {
  test('parses HCL into the JSON form of configuration', async () => {
    await expect(parseHclText('main.tf', SMALL)).resolves.toEqual({ locals: [{ a: [1, 2, 3] }] });
  });

  test('a syntax error is a "syntax" error with the parser diagnostic, and the next parse works', async () => {
    const error = await parseHclText('main.tf', 'locals {\n  x = "${a b}"\n}\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HclParseError);
    expect((error as HclParseError).kind).toBe('syntax');
    expect((error as HclParseError).message).toMatch(
      /^parse config: \[main\.tf:2,\d+-\d+: Extra characters after interpolation expression/,
    );
    await expect(parseHclText('main.tf', SMALL)).resolves.toEqual({ locals: [{ a: [1, 2, 3] }] });
  });

  test('an input that overflows the Go runtime fails, and the parser is sound again for the next file', async () => {
    const error = await parseHclText('deep.tf', OVERFLOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HclParseError);
    expect((error as HclParseError).kind).toBe('failed');
    expect((error as HclParseError).message).toBe('Maximum call stack size exceeded');
    for (let i = 0; i < 2; i++) await expect(parseHclText('main.tf', SMALL)).resolves.toEqual({ locals: [{ a: [1, 2, 3] }] });
  }, 30_000);

  test('a parse past its deadline is abandoned with the deadline in the message, and the next parse works', async () => {
    const slow = `locals {\n  list = [${'"a",'.repeat(100_000)}]\n}\n`;
    const error = await parseHclText('slow.tf', slow, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HclParseError);
    expect({ message: (error as HclParseError).message, kind: (error as HclParseError).kind }).toEqual({
      message: 'not parsed within 0.001 s',
      kind: 'failed',
    });
    await expect(parseHclText('main.tf', SMALL)).resolves.toEqual({ locals: [{ a: [1, 2, 3] }] });
  }, 30_000);

  test('a parse after the idle worker has been let go starts a new one', async () => {
    await expect(parseHclText('main.tf', SMALL)).resolves.toEqual({ locals: [{ a: [1, 2, 3] }] });
    await new Promise((resolve) => setTimeout(resolve, HCL_IDLE_MS + 500));
    await expect(parseHclText('main.tf', SMALL)).resolves.toEqual({ locals: [{ a: [1, 2, 3] }] });
  }, 30_000);

  test('an idle parser does not keep the process alive; a dead parser is replaced and nothing reaches stderr', () => {
    // The module under test, transpiled on its own (it imports only Node's modules), so that no build is needed.
    const dir = mkdtempSync(join(tmpdir(), 'cts-audit-hcl-parser-'));
    const parser = join(dir, 'hcl-parser.js');
    const source = readFileSync(join(__dirname, '../../lib/load/hcl-parser.ts'), 'utf8');
    writeFileSync(
      parser,
      ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText,
    );
    const script = `
      const { parseHclText } = require(${JSON.stringify(parser)});
      (async () => {
        await parseHclText('deep.tf', ${JSON.stringify(OVERFLOW)}).catch((e) => process.stdout.write('failed: ' + e.message + '\\n'));
        await parseHclText('deep.tf', ${JSON.stringify(OVERFLOW)}).catch((e) => process.stdout.write('failed: ' + e.message + '\\n'));
        process.stdout.write(JSON.stringify(await parseHclText('main.tf', ${JSON.stringify(SMALL)})) + '\\n');
      })();`;
    const r = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH ?? '', NODE_PATH: join(__dirname, '../../node_modules') },
    });
    rmSync(dir, { recursive: true, force: true });
    expect({ status: r.status, signal: r.signal, stderr: r.stderr, stdout: r.stdout }).toEqual({
      status: 0,
      signal: null,
      stderr: '',
      stdout: 'failed: Maximum call stack size exceeded\nfailed: Maximum call stack size exceeded\n{"locals":[{"a":[1,2,3]}]}\n',
    });
  }, 60_000);
});

describe('parseHcl: the guards before the parser', () => {
  test(`a file over ${MAX_HCL_BYTES / 1024 / 1024} MB is refused, saying what to do`, async () => {
    const big = `locals {\n  s = "${'A'.repeat(MAX_HCL_BYTES)}"\n}\n`;
    await expect(parseHcl(big, 'infra/big.tf')).rejects.toThrow(
      new InputError(
        'infra/big.tf',
        '',
        'is 1.0 MB, larger than any hand-written Terraform file (limit 1 MB); split it, or check a plan (terraform show -json) instead',
      ),
    );
  });

  test(`nesting deeper than ${MAX_HCL_DEPTH} is refused at its line, before the parser sees it`, async () => {
    const deep = `locals {\n  ok = 1\n  deep = ${'['.repeat(MAX_HCL_DEPTH)}1${']'.repeat(MAX_HCL_DEPTH)}\n}\n`;
    await expect(parseHcl(deep, 'infra/deep.tf')).rejects.toThrow(
      new InputError('infra/deep.tf', '3', `nested more than ${MAX_HCL_DEPTH} levels deep`),
    );
  });

  test('a parser failure is one line naming the file; a syntax error names the line and column', async () => {
    await expect(parseHcl(OVERFLOW, 'infra/deep.tf')).rejects.toThrow(
      new InputError('infra/deep.tf', '', 'cannot parse HCL: Maximum call stack size exceeded'),
    );
    const error = (await parseHcl('locals {\n  x = "${a b}"\n}\n', 'infra/main.tf').catch((e: unknown) => e)) as InputError;
    expect(error.where).toBe('2:12');
    expect(error.problem).not.toContain('\n');
  }, 30_000);

  test('nestingDepth skips brackets inside strings and comments', () => {
    expect(nestingDepth('a = "[[[[" # ((((\n// {{{{\nb = [[1]]\n')).toEqual({ depth: 2, line: 3 });
  });
});
