/**
 * `cts-audit table`: import a table from Huawei's documentation, validate
 * table files, verify tables against the operations CTS traces, list the
 * bundled ones. Argument parsing, I/O and exit codes only.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { InputError, isInputError } from '../errors';
import { readJsonFile } from '../json';
import { DEFAULT_TABLE, loadTablesIn, resolveTable } from '../policy/bundled';
import { parseTable, tableEvents } from '../policy/table';
import { CommandContext, EXIT_FAIL, EXIT_PASS, collect, liveLimits, writeFiles } from './common';

/** Adds `table` and its subcommands `import`, `validate`, `verify` and `list`. */
export function addTableCommand(program: Command, { io, exit }: CommandContext): void {
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
}
