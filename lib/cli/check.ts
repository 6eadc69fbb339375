/**
 * `cts-audit check`: loads the inputs (and the account, with --live),
 * evaluates them against the tables and controls, and renders every report
 * before writing any. Argument parsing, I/O and exit codes only.
 */
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { InputError } from '../errors';
import { DEFAULT_RETENTION_DAYS, evaluate } from '../evaluate';
import { readJsonFile } from '../json';
import { loadPath } from '../load';
import type { VariableArgument } from '../load/options';
import { LoadedInput, mergeInputs } from '../model';
import { DEFAULT_TABLE, policiesDir, resolveTable } from '../policy/bundled';
import { loadControls } from '../policy/controls';
import { loadWaivers } from '../policy/waivers';
import { FORMATS, Format, render } from '../report';
import { accountSettings, addAccountOptions } from './accounts';
import { CliIo, CommandContext, EXIT_FAIL, EXIT_PASS, collect, packageVersion, writeFiles } from './common';
import { addTraceOptions, progressOf, readSnapshots, renderEvidence, tracePlanOf, TraceOptions } from './evidence';

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
  live: z.boolean().optional(),
  projectId: z.array(z.string().min(1)).optional(),
  endpoint: z.array(z.string().min(1)).optional(),
  saveSnapshot: z.string().min(1).optional(),
  concurrency: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(256, 'must be at most 256'),
  timeout: z.coerce.number().int('must be a whole number of milliseconds').min(100, 'must be at least 100'),
  retries: z.coerce.number().int('must be a whole number').min(0, 'must be at least 0').max(20, 'must be at most 20'),
  account: z.array(z.string()).optional(),
  accounts: z.string().optional(),
  agency: z.string().optional(),
  organization: z.union([z.boolean(), z.string()]).optional(),
  traces: z.boolean().optional(),
  since: z.string().optional(),
  maxPages: z.string().optional(),
  keepTraceDetails: z.boolean().optional(),
  reportUrl: z.string().url('must be an address such as https://ci.example.com/runs/123').optional(),
  color: z.boolean(),
  debug: z.boolean().optional(),
});

/** Adds `check`; `argv` is the whole command line, for the order of --var and --var-file. */
export function addCheckCommand(program: Command, { io, exit, argv }: CommandContext & { readonly argv: readonly string[] }): void {
  const reports: Report[] = [];
  const checkCommand = program
    .command('check')
    .description('check cdktf synth output, Terraform plan JSON or state JSON')
    .argument(
      '[paths...]',
      'cdktf.out folders, Terraform folders, cdk.tf.json files, plan or state JSON files (terraform show -json), snapshots',
    )
    .addOption(
      new Option('-t, --table <name|file>', 'traced-operations table: a bundled name or a table file; repeatable')
        .default([], DEFAULT_TABLE)
        .argParser(collect),
    )
    .option(
      '-r, --region <region>',
      'region every event must be covered in; repeatable (default: the regions found in the inputs)',
      collect,
    )
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
        if (last.output !== undefined) {
          throw new InputError('--output', '', `given twice for --format ${last.format}; give a --format before each --output`);
        }
        last.output = file;
        return file;
      }),
    )
    .option('-w, --waivers <file>', 'JSON file of waivers (accepted exceptions with reason and expiry)')
    .option('--retention-days <days>', 'minimum days trace files must be kept', String(DEFAULT_RETENTION_DAYS))
    .option('--var <name=value>', 'value of a Terraform variable for configuration inputs; repeatable', collect)
    .option('--var-file <file>', 'Terraform variables file (.tfvars or .tfvars.json) for HCL inputs; repeatable', collect)
    .option(
      '--live',
      'also read the deployed account through the CTS and SMN APIs (credentials: HW_ACCESS_KEY, HW_SECRET_KEY, HW_SECURITY_TOKEN)',
    )
    .option(
      '-p, --project-id <id>',
      'with --live: project to read, as ID (one region) or REGION=ID; repeatable (default: HW_PROJECT_ID, else found through IAM)',
      collect,
    )
    .option(
      '--endpoint <service=url>',
      'with --live: endpoint of cts, smn or iam; {region} in the URL is replaced (default: https://<service>.<region>.<HW_CLOUD or myhuaweicloud.com>)',
      collect,
    )
    .option(
      '--save-snapshot <file>',
      'with --live: save the raw API answers (no credentials) to re-check offline with `cts-audit check FILE`',
    )
    .addOption(new Option('--concurrency <n>', 'with --live: requests in flight at once').default('8', '8'))
    .addOption(new Option('--timeout <ms>', 'with --live: milliseconds before a request is abandoned').default('15000', '15000'))
    .addOption(new Option('--retries <n>', 'with --live: retries of a throttled, failed or unanswered request').default('4', '4'))
    .option(
      '--report-url <url>',
      'where the full reports of this check are (e.g. the CI run), named by a Markdown report shortened to fit a comment',
    )
    .option(
      '--traces',
      "also report CTS's own traces of each event (as cts-audit evidence does), in the text, Markdown and JSON reports; the verdict is unchanged",
    );
  addAccountOptions(addTraceOptions(checkCommand, 'with --traces: '), collect)
    .option('--no-color', 'no colour in the text report (also: NO_COLOR)')
    .option('--debug', 'show stack traces of errors')
    .action(async (paths: string[], raw: Record<string, unknown>) => {
      const options = parseOptions(raw);
      for (const r of reports) {
        if (!(FORMATS as readonly string[]).includes(r.format)) {
          throw new InputError('--format', '', `unknown format "${r.format}"; use one of ${FORMATS.join(', ')}`);
        }
      }
      exit(await check(paths, options, reports.length > 0 ? reports : [{ format: 'text' }], io, argv));
    });
}

function parseOptions(raw: Record<string, unknown>): z.infer<typeof CheckOptionsSchema> {
  const result = CheckOptionsSchema.safeParse({ ...raw, table: (raw.table as string[]).length > 0 ? raw.table : [DEFAULT_TABLE] });
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    const given = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown>)?.[k], raw);
    throw new InputError(
      name,
      '',
      `${issue.message}${given !== undefined && typeof given !== 'object' ? ` (got "${String(given)}")` : ''}`,
    );
  }
  return result.data;
}

/**
 * --var and --var-file in the order they were given (Terraform applies them so, a later one winning): the
 * kinds are read off argv, the values are commander's, each list in its own order.
 */
export function variableOrder(vars: readonly string[], files: readonly string[], argv: readonly string[]): VariableArgument[] {
  const kinds = argv.flatMap((a) =>
    a === '--var' || a.startsWith('--var=') ? ['var'] : a === '--var-file' || a.startsWith('--var-file=') ? ['file'] : [],
  );
  const [v, f] = [[...vars], [...files]];
  const out: VariableArgument[] = [];
  for (const kind of kinds) {
    const next = kind === 'var' ? v.shift() : f.shift();
    if (next === undefined) continue;
    out.push(kind === 'var' ? { var: next.slice(0, next.indexOf('=')), value: next.slice(next.indexOf('=') + 1) } : { file: next });
  }
  // Whatever argv did not show (it always does from the command line): files, then values.
  return [
    ...out,
    ...f.map((file) => ({ file })),
    ...v.map((x) => ({ var: x.slice(0, x.indexOf('=')), value: x.slice(x.indexOf('=') + 1) })),
  ];
}

async function check(
  paths: string[],
  options: z.infer<typeof CheckOptionsSchema>,
  reports: Report[],
  io: CliIo,
  argv: readonly string[],
): Promise<number> {
  const at = (p: string) => resolve(io.cwd, p);
  checkOutputs(reports, options.saveSnapshot, [...paths, ...(options.waivers ? [options.waivers] : []), ...(options.varFile ?? [])], at);
  const tables = options.table.map((t) => resolveTable(/[\\/]/.test(t) || t.endsWith('.json') ? at(t) : t));
  const waivers = options.waivers ? loadWaivers(at(options.waivers), options.waivers) : [];
  const variables = variableOrder(options.var ?? [], (options.varFile ?? []).map(at), argv);
  if (paths.length === 0 && !options.live) {
    throw new InputError(
      'check',
      '',
      'nothing to check: give paths (cdktf.out, a Terraform folder, plan or state JSON, a snapshot), or --live',
    );
  }
  if (!options.live && (options.saveSnapshot || options.projectId || options.endpoint)) {
    throw new InputError(
      options.saveSnapshot ? '--save-snapshot' : options.projectId ? '--project-id' : '--endpoint',
      '',
      'only applies with --live',
    );
  }
  checkTraceOptions(options);
  const accounts = accountSettings(options, io.cwd);
  const inputs: LoadedInput[] = [];
  for (const path of paths) inputs.push(...(await loadPath(at(path), { variables, env: io.env, cwd: io.cwd })));
  // As Terraform: a value for a variable that no configuration declares is a mistake (a typo, or the wrong folder).
  const declared = new Set(inputs.flatMap((i) => i.variables ?? []));
  const stray = (options.var ?? []).map((v) => v.slice(0, v.indexOf('='))).find((name) => !declared.has(name));
  if (stray !== undefined) {
    throw new InputError(
      '--var',
      stray,
      inputs.some((i) => i.variables !== undefined)
        ? 'no configuration input declares this variable'
        : 'applies to configuration inputs (cdktf output, Terraform folders): no input given is one',
    );
  }
  const regions = options.region;
  let live: import('../live').Snapshot | undefined;
  if (options.live) {
    const { readAccount, snapshotToInput } = await import('../live');
    const progress = progressOf(io);
    const traces = options.traces ? await tracePlanOf(tables, options, io.now()) : undefined;
    const snapshot = await readAccount(
      {
        regions: options.region ?? [],
        projectIds: options.projectId ?? [],
        endpoints: options.endpoint ?? [],
        concurrency: options.concurrency,
        timeoutMs: options.timeout,
        retries: options.retries,
        ...accounts,
      },
      io.env,
      { now: io.now, tool: { name: 'cts-audit', version: packageVersion() }, progress, traces },
    );
    live = snapshot;
    if (options.saveSnapshot) {
      writeFiles([{ output: options.saveSnapshot, path: at(options.saveSnapshot), text: JSON.stringify(snapshot, null, 2) + '\n' }]);
    }
    // The regions read are regions to check (the model's readings), exactly as when the snapshot is re-checked.
    inputs.push(snapshotToInput(snapshot, 'live'));
  }
  const model = mergeInputs(inputs);
  const verdict = evaluate(model, {
    tables,
    rules: loadControls(join(policiesDir(), 'controls.json')),
    regions,
    retentionDays: options.retentionDays,
    waivers,
    today: io.now().toISOString().slice(0, 10),
    tool: { name: 'cts-audit', version: packageVersion() },
  });

  // Render everything first, then write: a failure leaves nothing half-written.
  const color = options.color && io.isTTY && !io.env.NO_COLOR;
  const withTraces = options.traces ? await traceEvidence(paths, live, tables, io) : undefined;
  const elsewhere = fullReports(reports, options.reportUrl);
  const checkedAt = io.now().toISOString();
  const rendered: Array<Report & { text: string }> = [];
  for (const r of reports) {
    // The JSON report is the verdict with the evidence beside it, under `traces`.
    const shown = withTraces ? Object.assign({}, verdict, { traces: withTraces }) : verdict;
    const text = render(r.format, shown, { color: color && r.output === undefined, elsewhere, checkedAt });
    rendered.push({ ...r, text: withTraces && r.format !== 'json' ? await withEvidence(r.format, text, withTraces) : text });
  }
  writeFiles(rendered.filter((r): r is typeof r & { output: string } => r.output !== undefined).map((r) => ({ ...r, path: at(r.output) })));
  for (const r of rendered) if (r.output === undefined) io.stdout(r.text);
  return verdict.passed ? EXIT_PASS : EXIT_FAIL;
}

/**
 * Each file written is written once, and is none of the files read: two reports to one file would leave only the
 * last, and a report over an input (a state, a waiver file) would destroy what was checked.
 */
function checkOutputs(reports: readonly Report[], snapshot: string | undefined, read: readonly string[], at: (p: string) => string): void {
  const written = new Map<string, string>();
  const outputs = [
    ...reports.filter((r) => r.output !== undefined).map((r) => ({ file: r.output!, what: `the ${r.format} report` })),
    ...(snapshot !== undefined ? [{ file: snapshot, what: 'the snapshot (--save-snapshot)' }] : []),
  ];
  for (const { file, what } of outputs) {
    const path = at(file);
    const before = written.get(path);
    if (before !== undefined) throw new InputError('--output', '', `${file} would hold both ${before} and ${what}; give each its own file`);
    if (read.some((input) => at(input) === path)) {
      throw new InputError('--output', '', `${file} is an input of this check; write ${what} elsewhere`);
    }
    written.set(path, what);
  }
}

/** --since, --max-pages and --keep-trace-details belong to --traces. */
function checkTraceOptions(options: TraceOptions & { traces?: boolean }): void {
  const given = (['since', 'maxPages', 'keepTraceDetails'] as const).find((k) => options[k] !== undefined);
  if (given && !options.traces) {
    throw new InputError(`--${given.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, '', 'only applies with --traces');
  }
}

/** The trace evidence of `check --traces`: of the account read live, and of the snapshots among the paths. */
async function traceEvidence(
  paths: readonly string[],
  live: import('../live').Snapshot | undefined,
  tables: ReturnType<typeof resolveTable>[],
  io: CliIo,
): Promise<import('../live/evidence').EvidenceReport> {
  const { isSnapshot } = await import('../snapshot/schema');
  const { evidenceOf, hasTraces } = await import('../live/evidence');
  const snapshotPaths = paths.filter((p) => /\.json$/i.test(p) && isSnapshot(readJsonFile(resolve(io.cwd, p), p)));
  const snapshots = [...(await readSnapshots(snapshotPaths, io)), ...(live ? [live] : [])].filter(hasTraces);
  if (snapshots.length === 0) {
    throw new InputError('--traces', '', 'no input holds trace evidence: check with --live, or give a snapshot taken with --traces');
  }
  return evidenceOf(snapshots, tables, { name: 'cts-audit', version: packageVersion() });
}

/** A text or Markdown report with the trace evidence after it; the other formats (SARIF, JUnit, HTML) unchanged. */
async function withEvidence(format: Format, text: string, report: import('../live/evidence').EvidenceReport): Promise<string> {
  if (format !== 'text' && format !== 'markdown') return text;
  return `${text}\n${await renderEvidence(format, report)}`;
}

/** Where the whole of this check's report is, for a report shortened to fit: the files of the full formats, and the URL given. */
export function fullReports(reports: ReadonlyArray<{ format: string; output?: string }>, url: string | undefined): string[] {
  const full: readonly string[] = ['html', 'json', 'text'];
  const files = reports.filter((r) => r.output !== undefined && full.includes(r.format)).map((r) => r.output!);
  return [...files, ...(url !== undefined ? [url] : [])];
}
