/**
 * The `cts-audit` command line: argument parsing, I/O and exit codes only.
 * `run` returns the exit code instead of exiting, so it can be tested
 * in-process:
 *   0  every required event is covered (or waived) and no error finding remains
 *   1  the policy failed
 *   2  bad usage or bad input (one line naming the file and the place)
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { InputError, isInputError } from '../errors';
import { diffModels } from '../evaluate/diff';
import { loadPath } from '../load';
import { LoadedInput, mergeInputs } from '../model';
import { readJsonFile } from '../json';
import { DEFAULT_TABLE, loadTablesIn, resolveTable } from '../policy/bundled';
import { parseTable, tableEvents } from '../policy/table';
import { loadControls } from '../policy/controls';
import { accountSettings, addAccountOptions } from './accounts';
import { addCheckCommand } from './check';
import { CliIo, EXIT_FAIL, EXIT_PASS, EXIT_USAGE, collect, liveLimits, packageVersion, writeFiles } from './common';
import { addEvidenceCommand } from './evidence';
import { PreCommitOptions, checkArgv, terraformFolders, worstExit } from './pre-commit';

export type { CliIo } from './common';

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

  addCheckCommand(program, { io, exit, argv });

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
