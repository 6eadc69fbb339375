/**
 * `cts-audit evidence`: what CTS recorded of each event of the tables, from
 * its own traces, read live or from a snapshot again; and the trace options
 * `check --traces` shares. Argument parsing, I/O and exit codes only.
 */
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { InputError } from '../errors';
import { readJsonFile } from '../json';
import { DEFAULT_TABLE, resolveTable } from '../policy/bundled';
import type { OperationsTable } from '../policy/table';
import type { EvidenceReport } from '../live/evidence';
import type { Snapshot } from '../snapshot/schema';
import type { TracePlan } from '../live/traces';
import type { LiveSettings } from '../live';
import type { AccountOptions } from './accounts';
import type { CliIo } from './common';

export const EVIDENCE_FORMATS = ['text', 'json', 'markdown'] as const;

/** What the evidence command needs of the CLI around it. */
export interface EvidenceDeps {
  readonly io: CliIo;
  readonly exit: (code: number) => void;
  readonly version: () => string;
  readonly writeFiles: (files: Array<{ output: string; path: string; text: string }>) => void;
  readonly limits: (raw: { concurrency?: string; timeout: string; retries: string }) => {
    concurrency?: number;
    timeoutMs: number;
    retries: number;
  };
  readonly collect: (value: string, previous: string[] | undefined) => string[];
  /** The live settings of other accounts (--account, --accounts, --agency, --organization). */
  readonly accounts: (raw: AccountOptions) => Pick<LiveSettings, 'accounts' | 'agency' | 'organization'>;
  readonly addAccountOptions: (command: Command) => Command;
}

/** The options of the trace evidence, on `evidence` and on `check` (with --traces). */
export interface TraceOptions {
  readonly since?: string;
  readonly maxPages?: string;
  readonly keepTraceDetails?: boolean;
}

/** Adds --since, --max-pages and --keep-trace-details. */
export function addTraceOptions(command: Command, prefix = ''): Command {
  return command
    .option('--since <window>', `${prefix}the window of traces: the last N days, hours or minutes (7d, 36h, 90m), at most 7d (default: 7d)`)
    .option(
      '--max-pages <n>',
      `${prefix}pages of 200 traces read per query at most; a count that reaches it is reported as "at least" (default: 5)`,
    )
    .option(
      '--keep-trace-details',
      `${prefix}keep every field of each trace in the snapshot (user names, source IPs, requests); by default only time, trace name, resource type, read_only, code and trace id`,
    );
}

/** The trace plan of the options, for the events of the tables, ending now. */
export async function tracePlanOf(tables: readonly OperationsTable[], options: TraceOptions, now: Date): Promise<TracePlan> {
  const { parseMaxPages, parseWindow, tracePlan } = await import('../live/traces');
  return tracePlan(tables, {
    now,
    windowMs: parseWindow(options.since ?? '7d'),
    maxPages: parseMaxPages(options.maxPages ?? '5'),
    keepDetails: options.keepTraceDetails === true,
  });
}

/** Snapshots from files: each must be a snapshot of cts-audit. */
export async function readSnapshots(paths: readonly string[], io: CliIo): Promise<Snapshot[]> {
  const { isSnapshot, parseSnapshot } = await import('../snapshot/schema');
  return paths.map((p) => {
    const doc = readJsonFile(resolve(io.cwd, p), p);
    if (!isSnapshot(doc)) {
      throw new InputError(
        p,
        '',
        'not a snapshot of cts-audit (kind "cts-audit-snapshot"): take one with cts-audit evidence --live --save-snapshot FILE',
      );
    }
    return parseSnapshot(doc, p);
  });
}

/** The report in a format. */
export async function renderEvidence(format: string, report: EvidenceReport): Promise<string> {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  const { evidenceMarkdown, evidenceText } = await import('../live/evidence-report');
  return format === 'markdown' ? evidenceMarkdown(report) : evidenceText(report);
}

/** True when some event was not seen, or could not be asked, in some place. */
export function unseen(report: EvidenceReport): boolean {
  return report.places.some((p) => p.rows.some((r) => r.status !== 'seen'));
}

/** Tables from `--table` values: bundled names or table files. */
export function tablesOf(values: readonly string[], io: CliIo): OperationsTable[] {
  return (values.length > 0 ? values : [DEFAULT_TABLE]).map((t) =>
    resolveTable(/[\\/]/.test(t) || t.endsWith('.json') ? resolve(io.cwd, t) : t),
  );
}

interface EvidenceOptions extends TraceOptions, AccountOptions {
  table: string[];
  live?: boolean;
  region?: string[];
  endpoint?: string[];
  format: string;
  output?: string;
  saveSnapshot?: string;
  failOnUnseen?: boolean;
  concurrency: string;
  timeout: string;
  retries: string;
}

/** `cts-audit evidence`. */
export function addEvidenceCommand(program: Command, deps: EvidenceDeps): void {
  const { io, collect } = deps;
  const command = program
    .command('evidence')
    .description(
      'what CTS recorded of each event of the tables in a window (its traces), per region and project: how often, when last, whether marked read-only, and trace names the tables do not know; exit 0 unless --fail-on-unseen',
    )
    .argument(
      '[snapshots...]',
      'snapshots holding trace evidence (evidence --live --save-snapshot, check --live --traces), reported again offline',
    )
    .addOption(new Option('-t, --table <name|file>', 'traced-operations table; repeatable').default([], DEFAULT_TABLE).argParser(collect))
    .option('--live', 'ask CTS (credentials: HW_ACCESS_KEY, HW_SECRET_KEY, HW_SECURITY_TOKEN)')
    .option('-r, --region <region>', 'with --live: region to ask; repeatable (default: HW_REGION_NAME)', collect)
    .option(
      '-p, --project-id <id>',
      'with --live: project, as ID (one region) or REGION=ID; repeatable (default: found through IAM)',
      collect,
    )
    .option('--endpoint <service=url>', 'with --live: endpoint of cts, iam or organizations; {region} is replaced', collect);
  addTraceOptions(command, 'with --live: ');
  deps
    .addAccountOptions(command)
    .option('--fail-on-unseen', 'exit 1 when an event of the tables was not seen, or could not be asked, in a place')
    .option('-f, --format <format>', `report format: ${EVIDENCE_FORMATS.join(', ')}`, 'text')
    .option('-o, --output <file>', 'write the report to a file (default: stdout)')
    .option(
      '--save-snapshot <file>',
      'with --live: save the trace pages read (see --keep-trace-details), to report again with `cts-audit evidence FILE`',
    )
    .addOption(new Option('--concurrency <n>', 'with --live: requests in flight at once').default('8', '8'))
    .addOption(new Option('--timeout <ms>', 'with --live: milliseconds before a request is abandoned').default('15000', '15000'))
    .addOption(new Option('--retries <n>', 'with --live: retries of a throttled, failed or unanswered request').default('4', '4'))
    .action(async (paths: string[], opts: EvidenceOptions) => {
      if (!(EVIDENCE_FORMATS as readonly string[]).includes(opts.format)) {
        throw new InputError('--format', '', `unknown format "${opts.format}"; use one of ${EVIDENCE_FORMATS.join(', ')}`);
      }
      if (!opts.live && paths.length === 0) {
        throw new InputError('evidence', '', 'nothing to report: give --live (with --region), or snapshots that hold trace evidence');
      }
      if (!opts.live) {
        const liveOnly: Array<[string, unknown]> = [
          ['--since', opts.since],
          ['--max-pages', opts.maxPages],
          ['--keep-trace-details', opts.keepTraceDetails],
          ['--save-snapshot', opts.saveSnapshot],
          ['--project-id', opts.projectId],
          ['--endpoint', opts.endpoint],
          ['--region', opts.region],
          ['--account', opts.account],
          ['--accounts', opts.accounts],
          ['--agency', opts.agency],
          ['--organization', opts.organization],
        ];
        const given = liveOnly.find(([, v]) => v !== undefined);
        if (given) {
          throw new InputError(
            given[0],
            '',
            `only applies with --live${given[0] === '--since' ? ": a snapshot's window is the one it was read with" : ''}`,
          );
        }
      }
      const tables = tablesOf(opts.table, io);
      const tool = { name: 'cts-audit', version: deps.version() };
      const snapshots = await readSnapshots(paths, io);
      const { evidenceOf, hasTraces } = await import('../live/evidence');
      for (const [i, s] of snapshots.entries()) {
        if (!hasTraces(s)) {
          throw new InputError(
            paths[i],
            '',
            'holds no trace evidence: take a snapshot with cts-audit evidence --live --save-snapshot FILE (or check --live --traces)',
          );
        }
      }
      let live: Snapshot | undefined;
      if (opts.live) {
        const plan = await tracePlanOf(tables, opts, io.now());
        const { readAccount } = await import('../live');
        live = await readAccount(
          {
            regions: opts.region ?? [],
            projectIds: opts.projectId ?? [],
            endpoints: opts.endpoint ?? [],
            ...deps.limits(opts),
            ...deps.accounts(opts),
          },
          io.env,
          { now: io.now, tool, progress: progressOf(io), traces: plan, check: false },
        );
      }
      const report = evidenceOf([...snapshots, ...(live ? [live] : [])], tables, tool);
      const text = await renderEvidence(opts.format, report);
      // Render first, then write every file: a failure leaves nothing half-written.
      deps.writeFiles([
        ...(opts.output ? [{ output: opts.output, path: resolve(io.cwd, opts.output), text }] : []),
        ...(live && opts.saveSnapshot
          ? [{ output: opts.saveSnapshot, path: resolve(io.cwd, opts.saveSnapshot), text: JSON.stringify(live, null, 2) + '\n' }]
          : []),
      ]);
      if (!opts.output) io.stdout(text);
      deps.exit(opts.failOnUnseen && unseen(report) ? 1 : 0);
    });
}

/** Progress of a long live read, on a terminal only (stdout holds only the report). */
export function progressOf(io: CliIo): ((done: number, total: number) => void) | undefined {
  return io.stderrIsTTY
    ? (done: number, total: number) => io.stderr(`\rcts-audit: read ${done}/${total} regions and projects${done === total ? '\n' : ''}`)
    : undefined;
}
