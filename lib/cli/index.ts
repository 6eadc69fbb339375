/**
 * The `cts-audit` command line: argument parsing, I/O and exit codes only.
 * `run` returns the exit code instead of exiting, so it can be tested
 * in-process:
 *   0  every required event is covered (or waived) and no error finding remains
 *   1  the policy failed
 *   2  bad usage or bad input (one line naming the file and the place)
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { InputError, isInputError } from '../errors';
import { DEFAULT_RETENTION_DAYS, evaluate } from '../evaluate';
import { loadModel } from '../load';
import { readJsonFile } from '../json';
import { DEFAULT_TABLE, loadTablesIn, policiesDir, resolveTable } from '../policy/bundled';
import { formatTable, importTable } from '../policy/import';
import { parseTable, tableEvents } from '../policy/table';
import { loadControls } from '../policy/controls';
import { loadWaivers } from '../policy/waivers';
import { FORMATS, Format, render } from '../report';

/** What the CLI needs from the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal (colour is used only then). */
  readonly isTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** The current time; waivers expire by its UTC date. */
  readonly now: () => Date;
  /** Asks the user a question on a terminal; absent when stdin is not one. */
  readonly prompt?: (question: string) => Promise<string>;
}

export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

interface Report {
  format: Format;
  output?: string;
}

const CheckOptionsSchema = z.object({
  table: z.array(z.string().min(1)).min(1),
  region: z.array(z.string().regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, 'must be a region name such as cn-north-4')).optional(),
  waivers: z.string().min(1).optional(),
  retentionDays: z.coerce.number().int('must be a whole number of days').min(1, 'must be at least 1'),
  var: z.array(z.string().regex(/^[A-Za-z_][\w-]*=/, 'must be NAME=VALUE')).optional(),
  varFile: z.array(z.string().min(1)).optional(),
  color: z.boolean(),
  debug: z.boolean().optional(),
});

/** Runs the CLI with `argv` (without the node and script names) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  let code = EXIT_USAGE;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      return e.exitCode === 0 ? EXIT_PASS : EXIT_USAGE;
    }
    if (isInputError(e)) {
      io.stderr(`cts-audit: ${e.message}\n`);
      if (debug) io.stderr(`${e.stack}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`cts-audit: internal error: ${e instanceof Error ? e.message : String(e)}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && e instanceof Error) io.stderr(`${e.stack}\n`);
    return EXIT_USAGE;
  }
}

function buildProgram(io: CliIo, exit: (code: number) => void): Command {
  const program = new Command('cts-audit')
    .description('Prove that every operation of a CTS traced-operations table is recorded and notified.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError(true);

  const reports: Report[] = [];
  program
    .command('check')
    .description('check cdktf synth output, Terraform plan JSON or state JSON')
    .argument('<paths...>', 'cdktf.out folders, cdk.tf.json files, plan or state JSON files (terraform show -json)')
    .option('-t, --table <name|file>', `traced-operations table: a bundled name or a table file; repeatable (default: ${DEFAULT_TABLE})`, collect, [])
    .option('-r, --region <region>', 'region every event must be covered in; repeatable (default: the regions found in the inputs)', collect)
    .addOption(
      new Option('-f, --format <format>', `report format, repeatable: ${FORMATS.join(', ')} (default: text)`).argParser((value) => {
        reports.push({ format: value as Format });
        return value;
      }),
    )
    .addOption(
      new Option('-o, --output <file>', 'write the report of the preceding --format to a file (default: stdout)').argParser((file) => {
        if (reports.length === 0) reports.push({ format: 'text' });
        const last = reports[reports.length - 1];
        if (last.output !== undefined) throw new InputError('--output', '', `given twice for --format ${last.format}; give a --format before each --output`);
        last.output = file;
        return file;
      }),
    )
    .option('-w, --waivers <file>', 'JSON file of waivers (accepted exceptions with reason and expiry)')
    .option('--retention-days <days>', 'minimum days trace files must be kept', String(DEFAULT_RETENTION_DAYS))
    .option('--var <name=value>', 'value of a Terraform variable for configuration inputs; repeatable', collect)
    .option('--var-file <file>', 'Terraform variables file (.tfvars or .tfvars.json) for HCL inputs; repeatable', collect)
    .option('--no-color', 'no colour in the text report (also: NO_COLOR)')
    .option('--debug', 'show stack traces of errors')
    .action(async (paths: string[], raw: Record<string, unknown>) => {
      const options = parseOptions(raw);
      for (const r of reports) {
        if (!(FORMATS as readonly string[]).includes(r.format)) {
          throw new InputError('--format', '', `unknown format "${r.format}"; use one of ${FORMATS.join(', ')}`);
        }
      }
      exit(await check(paths, options, reports.length > 0 ? reports : [{ format: 'text' }], io));
    });

  const table = program.command('table').description('traced-operations tables: import from Huawei documentation, validate, list');
  table
    .command('import')
    .description('turn a Huawei "operations traced by CTS" page, saved as text or HTML, into a table file for policies/')
    .argument('<file>', 'the page, saved as text (.txt) or HTML')
    .option('-s, --service <service>', 'the CTS service type of the operations, e.g. ModelArts (asked for on a terminal when absent)')
    .option('--id <id>', 'the table id (default: the --output file name without .json)')
    .option('--url <url>', 'address of the documentation page, kept in source.url')
    .option('-o, --output <file>', 'write the table here (default: stdout)')
    .action(async (file: string, opts: { service?: string; id?: string; url?: string; output?: string }) => {
      const at = (p: string) => resolve(io.cwd, p);
      let service = opts.service;
      if (service === undefined && io.prompt) service = (await io.prompt('CTS service type of these operations (e.g. ModelArts): ')).trim();
      if (!service) throw new InputError('--service', '', 'required: the CTS service type of the operations, e.g. --service ModelArts');
      const id = opts.id ?? (opts.output ? basename(opts.output, '.json') : undefined);
      if (!id) throw new InputError('--id', '', 'required without --output: the table id, e.g. --id modelarts-notebook');
      let content: string;
      try {
        content = readFileSync(at(file), 'utf8');
      } catch (e) {
        throw new InputError(file, '', `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
      const { table: imported, warnings } = importTable(content, { file, service, id, url: opts.url });
      for (const w of warnings) io.stderr(`cts-audit: warning: ${w}\n`);
      const text = formatTable(imported);
      if (opts.output) {
        writeFiles([{ output: opts.output, path: at(opts.output), text }]);
        io.stderr(`cts-audit: wrote ${opts.output}: ${imported.operations.length} operations, ${tableEvents(imported).length} events of ${imported.service}\n`);
      } else {
        io.stdout(text);
      }
      exit(EXIT_PASS);
    });
  table
    .command('validate')
    .description('check table files; exit 1 when one is invalid')
    .argument('<files...>', 'table files')
    .action((files: string[]) => {
      let code = EXIT_PASS;
      for (const file of files) {
        try {
          const t = parseTable(readJsonFile(resolve(io.cwd, file), file), file);
          io.stdout(`${file}: valid: ${t.operations.length} operations, ${tableEvents(t).length} events of service ${t.service}\n`);
        } catch (e) {
          if (!isInputError(e)) throw e;
          io.stderr(`cts-audit: ${e.message}\n`);
          code = EXIT_FAIL;
        }
      }
      exit(code);
    });
  table
    .command('list')
    .description('list the bundled tables')
    .action(() => {
      for (const t of loadTablesIn()) io.stdout(`${t.id.padEnd(24)} ${t.service.padEnd(12)} ${tableEvents(t).length} events  ${t.title}\n`);
      exit(EXIT_PASS);
    });

  program
    .command('rules')
    .description('list the controls the checker applies')
    .action(() => {
      for (const r of loadControls()) io.stdout(`${r.id.padEnd(26)} ${r.severity.padEnd(8)} ${r.title}\n`);
      exit(EXIT_PASS);
    });
  return program;
}

function parseOptions(raw: Record<string, unknown>): z.infer<typeof CheckOptionsSchema> {
  const result = CheckOptionsSchema.safeParse({ ...raw, table: (raw.table as string[]).length > 0 ? raw.table : [DEFAULT_TABLE] });
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    const given = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown>)?.[k], raw);
    throw new InputError(name, '', `${issue.message}${given !== undefined && typeof given !== 'object' ? ` (got "${String(given)}")` : ''}`);
  }
  return result.data;
}

async function check(paths: string[], options: z.infer<typeof CheckOptionsSchema>, reports: Report[], io: CliIo): Promise<number> {
  const at = (p: string) => resolve(io.cwd, p);
  const tables = options.table.map((t) => resolveTable(/[\\/]/.test(t) || t.endsWith('.json') ? at(t) : t));
  const waivers = options.waivers ? loadWaivers(at(options.waivers), options.waivers) : [];
  const vars = Object.fromEntries((options.var ?? []).map((v) => [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)]));
  const model = await loadModel(paths.map(at), { vars, varFiles: (options.varFile ?? []).map(at), cwd: io.cwd });
  const verdict = evaluate(model, {
    tables,
    rules: loadControls(join(policiesDir(), 'controls.json')),
    regions: options.region,
    retentionDays: options.retentionDays,
    waivers,
    today: io.now().toISOString().slice(0, 10),
    tool: { name: 'cts-audit', version: packageVersion() },
  });

  // Render everything first, then write: a failure leaves nothing half-written.
  const color = options.color && io.isTTY && !io.env.NO_COLOR;
  const rendered = reports.map((r) => ({ ...r, text: render(r.format, verdict, { color: color && r.output === undefined }) }));
  writeFiles(rendered.filter((r): r is typeof r & { output: string } => r.output !== undefined).map((r) => ({ ...r, path: at(r.output) })));
  for (const r of rendered) if (r.output === undefined) io.stdout(r.text);
  return verdict.passed ? EXIT_PASS : EXIT_FAIL;
}

/** Writes every file to a temporary name first, then renames them all into place. */
function writeFiles(files: Array<{ output: string; path: string; text: string }>): void {
  const staged: Array<{ tmp: string; path: string }> = [];
  try {
    for (const f of files) {
      const tmp = `${f.path}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        writeFileSync(tmp, f.text);
      } catch (e) {
        throw new InputError(f.output, '', `cannot write the report (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
      staged.push({ tmp, path: f.path });
    }
    for (const s of staged) renameSync(s.tmp, s.path);
  } finally {
    for (const s of staged) rmSync(s.tmp, { force: true });
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

let version: string | undefined;
/** The package version, from package.json. */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(policiesDir(), '..', 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
