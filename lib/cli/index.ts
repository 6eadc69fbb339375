/**
 * The `cts-audit` command line: argument parsing, I/O and exit codes only.
 * `run` returns the exit code instead of exiting, so it can be tested
 * in-process:
 *   0  every required event is covered (or waived) and no error finding remains
 *   1  the policy failed
 *   2  bad usage or bad input (one line naming the file and the place)
 */
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { InputError, isInputError } from '../errors';
import { DEFAULT_RETENTION_DAYS, evaluate } from '../evaluate';
import { diffModels } from '../evaluate/diff';
import { loadPath } from '../load';
import type { VariableArgument } from '../load/options';
import { LoadedInput, mergeInputs } from '../model';
import { readJsonFile } from '../json';
import { DEFAULT_TABLE, loadTablesIn, policiesDir, resolveTable } from '../policy/bundled';
import { parseTable, tableEvents } from '../policy/table';
import { loadControls } from '../policy/controls';
import { loadWaivers } from '../policy/waivers';
import { FORMATS, Format, render } from '../report';
import { accountSettings, addAccountOptions } from './accounts';
import { CliIo, EXIT_FAIL, EXIT_PASS, EXIT_USAGE, collect, liveLimits, packageVersion, writeFiles } from './common';
import { addEvidenceCommand, addTraceOptions, progressOf, readSnapshots, renderEvidence, tracePlanOf, TraceOptions } from './evidence';
import { PreCommitOptions, checkArgv, terraformFolders, worstExit } from './pre-commit';

export type { CliIo } from './common';

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

/** Runs the CLI with `argv` (without the node and script names) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  let code = EXIT_USAGE;
  const program = buildProgram(io, (c) => (code = c), argv);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      return e.exitCode === 0 ? EXIT_PASS : EXIT_USAGE;
    }
    if (isInputError(e)) {
      io.stderr(`cts-audit: ${oneLine(e.message)}\n`);
      if (debug) io.stderr(`${e.stack}\n`);
      return EXIT_USAGE;
    }
    io.stderr(
      `cts-audit: internal error: ${oneLine(e instanceof Error ? e.message : String(e))}${debug ? '' : ' (run with --debug for details)'}\n`,
    );
    if (debug && e instanceof Error) io.stderr(`${e.stack}\n`);
    return EXIT_USAGE;
  }
}

/** A message as one line of bounded length: a file name from a damaged input may hold newlines or 10 MB. */
export function oneLine(message: string, max = 2000): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped here
  const flat = message.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return flat.length > max ? `${flat.slice(0, max)}… (${flat.length - max} more characters)` : flat;
}

function buildProgram(io: CliIo, exit: (code: number) => void, argv: readonly string[]): Command {
  const program = new Command('cts-audit')
    .description('Prove that every operation of a CTS traced-operations table is recorded and notified.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError(true);

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

  const table = program.command('table').description('traced-operations tables: import from Huawei documentation, validate, list');
  table
    .command('import')
    .description('turn a Huawei "operations traced by CTS" page, saved as text or HTML, into a table file for policies/')
    .argument('<file>', 'the page, saved as text (.txt) or HTML')
    .option('-s, --service <service>', 'the CTS service type of the operations, e.g. ModelArts (asked for on a terminal when absent)')
    .option('--id <id>', 'the table id (default: the --output file name without .json, else <service>-<subject> from the page title)')
    .option('--url <url>', 'address of the documentation page, kept in source.url')
    .option('-o, --output <file>', 'write the table here (default: stdout)')
    .action(async (file: string, opts: { service?: string; id?: string; url?: string; output?: string }) => {
      const at = (p: string) => resolve(io.cwd, p);
      let service = opts.service;
      if (service === undefined && io.prompt) service = (await io.prompt('CTS service type of these operations (e.g. ModelArts): ')).trim();
      if (!service) throw new InputError('--service', '', 'required: the CTS service type of the operations, e.g. --service ModelArts');
      const id = opts.id ?? (opts.output ? basename(opts.output, '.json') : undefined);
      let content: string;
      try {
        content = readFileSync(at(file), 'utf8');
      } catch (e) {
        throw new InputError(file, '', `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
      // Loaded only here: the HTML parser would slow every other command's start.
      const { importTable, formatTable } = await import('../policy/import');
      const { table: imported, warnings } = importTable(content, { file, service, id, url: opts.url });
      for (const w of warnings) io.stderr(`cts-audit: warning: ${w}\n`);
      const text = formatTable(imported);
      if (opts.output) {
        writeFiles([{ output: opts.output, path: at(opts.output), text }]);
        io.stderr(
          `cts-audit: wrote ${opts.output}: ${imported.operations.length} operations, ${tableEvents(imported).length} events of ${imported.service}\n`,
        );
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
    .command('verify')
    .description('compare tables with the operations CTS says it traces (GET /v3/{project_id}/operations); exit 1 on any difference')
    .addOption(new Option('-t, --table <name|file>', 'table to verify; repeatable').default([], DEFAULT_TABLE).argParser(collect))
    .option('--live', 'ask the deployed account (required: verification needs CTS)')
    .option('-r, --region <region>', 'region to ask; repeatable (default: HW_REGION_NAME)', collect)
    .option('-p, --project-id <id>', 'project, as ID (one region) or REGION=ID; repeatable', collect)
    .option('--endpoint <service=url>', 'endpoint of cts or iam; {region} is replaced', collect)
    .addOption(new Option('--timeout <ms>', 'milliseconds before a request is abandoned').default('15000', '15000'))
    .addOption(new Option('--retries <n>', 'retries of a throttled, failed or unanswered request').default('4', '4'))
    .option('-f, --format <format>', 'text or json', 'text')
    .action(
      async (opts: {
        table: string[];
        live?: boolean;
        region?: string[];
        projectId?: string[];
        endpoint?: string[];
        format: string;
        timeout: string;
        retries: string;
      }) => {
        if (!opts.live) throw new InputError('--live', '', 'required: table verify asks the CTS API of a deployed account');
        if (opts.format !== 'text' && opts.format !== 'json') {
          throw new InputError('--format', '', `unknown format "${opts.format}"; use text or json`);
        }
        const tables = (opts.table.length > 0 ? opts.table : [DEFAULT_TABLE]).map((t) =>
          resolveTable(/[\\/]/.test(t) || t.endsWith('.json') ? resolve(io.cwd, t) : t),
        );
        const { verifyTables } = await import('../live');
        const results = await verifyTables(
          { regions: opts.region ?? [], projectIds: opts.projectId ?? [], endpoints: opts.endpoint ?? [], ...liveLimits(opts) },
          io.env,
          tables,
        );
        const { driftText } = await import('../live/verify');
        io.stdout(
          opts.format === 'json' ? JSON.stringify(results, null, 2) + '\n' : results.map((r) => driftText(r.drift, r.where)).join(''),
        );
        const clean = results.every(
          (r) =>
            !r.drift.error &&
            r.drift.unknownToCts.length === 0 &&
            r.drift.missingFromTable.length === 0 &&
            r.drift.serviceSuggestions.length === 0,
        );
        exit(clean ? EXIT_PASS : EXIT_FAIL);
      },
    );
  table
    .command('list')
    .description('list the bundled tables')
    .action(() => {
      for (const t of loadTablesIn()) io.stdout(`${t.id.padEnd(24)} ${t.service.padEnd(12)} ${tableEvents(t).length} events  ${t.title}\n`);
      exit(EXIT_PASS);
    });

  program
    .command('diff')
    .description(
      'list where the deployed account differs from the intended configuration, in what matters to coverage; exit 1 on any difference',
    )
    .argument('<intended...>', 'the intended configuration: cdktf.out, a Terraform folder, cdk.tf.json or plan JSON')
    .option('--against <file>', 'what is deployed: a snapshot (--save-snapshot) or a state JSON; repeatable', collect)
    .option('--live', 'read what is deployed through the CTS and SMN APIs')
    .option('-r, --region <region>', 'with --live: region to read; repeatable', collect)
    .option('-p, --project-id <id>', 'with --live: project, as ID or REGION=ID; repeatable', collect)
    .option('--endpoint <service=url>', 'with --live: endpoint of cts, smn or iam', collect)
    .addOption(new Option('--concurrency <n>', 'with --live: requests in flight at once').default('8', '8'))
    .addOption(new Option('--timeout <ms>', 'with --live: milliseconds before a request is abandoned').default('15000', '15000'))
    .addOption(new Option('--retries <n>', 'with --live: retries of a throttled, failed or unanswered request').default('4', '4'))
    .option('-f, --format <format>', 'text or json', 'text')
    .action(
      async (
        intendedPaths: string[],
        opts: {
          against?: string[];
          live?: boolean;
          region?: string[];
          projectId?: string[];
          endpoint?: string[];
          format: string;
          concurrency: string;
          timeout: string;
          retries: string;
        },
      ) => {
        if (!opts.live === !opts.against) {
          throw new InputError('diff', '', 'give what is deployed: --live, or --against a snapshot or state file');
        }
        if (opts.format !== 'text' && opts.format !== 'json') {
          throw new InputError('--format', '', `unknown format "${opts.format}"; use text or json`);
        }
        const at = (p: string) => resolve(io.cwd, p);
        const intended: LoadedInput[] = [];
        for (const p of intendedPaths) intended.push(...(await loadPath(at(p), { cwd: io.cwd })));
        const deployed: LoadedInput[] = [];
        for (const p of opts.against ?? []) deployed.push(...(await loadPath(at(p), { cwd: io.cwd })));
        if (opts.live) {
          const { readAccount, snapshotToInput } = await import('../live');
          const snapshot = await readAccount(
            { regions: opts.region ?? [], projectIds: opts.projectId ?? [], endpoints: opts.endpoint ?? [], ...liveLimits(opts) },
            io.env,
            {
              now: io.now,
              tool: { name: 'cts-audit', version: packageVersion() },
            },
          );
          deployed.push(snapshotToInput(snapshot, 'live'));
        }
        const differences = diffModels(mergeInputs(intended), mergeInputs(deployed));
        if (opts.format === 'json') io.stdout(JSON.stringify({ differences }, null, 2) + '\n');
        else {
          io.stdout(
            differences.length === 0
              ? 'no difference in what matters to coverage\n'
              : differences.map((d) => `${d.region}  ${d.message}\n`).join(''),
          );
        }
        exit(differences.length === 0 ? EXIT_PASS : EXIT_FAIL);
      },
    );

  addEvidenceCommand(program, {
    io,
    exit,
    version: packageVersion,
    writeFiles,
    limits: liveLimits,
    collect,
    accounts: (raw) => accountSettings(raw, io.cwd),
    addAccountOptions: (command) => addAccountOptions(command, collect),
  });

  program
    .command('pre-commit')
    .description('check the Terraform folders holding the given files, each on its own: the command of the pre-commit hook')
    .argument('[files...]', 'the files a commit touches (pre-commit passes them); only .tf, .tf.json and .tfvars files count')
    .option('-t, --table <name|file>', 'traced-operations table, repeatable (default: modelarts-notebook)', collect)
    .option('-r, --region <region>', 'region every event must be covered in; repeatable', collect)
    .option('-w, --waivers <file>', 'JSON file of waivers')
    .option('--retention-days <days>', 'minimum days trace files must be kept')
    .option('--var <name=value>', 'value of a Terraform variable; repeatable', collect)
    .option('--var-file <file>', 'Terraform variables file; repeatable', collect)
    .option('--no-color', 'no colour in the text report (also: NO_COLOR)')
    .action(async (files: string[], opts: PreCommitOptions) => {
      const folders = terraformFolders(files, io.cwd);
      if (folders.length === 0) {
        io.stdout('cts-audit: no Terraform configuration among the files given: nothing to check\n');
        return exit(EXIT_PASS);
      }
      const codes: number[] = [];
      for (const folder of folders) {
        io.stdout(`cts-audit: checking ${folder}\n`);
        codes.push(await run(checkArgv(folder, opts), io));
      }
      exit(worstExit(codes));
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
  const { isSnapshot } = await import('../live/snapshot');
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
