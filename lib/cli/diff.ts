/**
 * `cts-audit diff`: where the deployed account (read live, or a snapshot or
 * state) differs from the intended configuration, in what matters to
 * coverage. Argument parsing, I/O and exit codes only.
 */
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { InputError } from '../errors';
import { diffModels } from '../evaluate/diff';
import { loadPath } from '../load';
import { LoadedInput, mergeInputs } from '../model';
import { CommandContext, EXIT_FAIL, EXIT_PASS, collect, liveLimits, packageVersion } from './common';

/** Adds `diff`. */
export function addDiffCommand(program: Command, { io, exit }: CommandContext): void {
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
}
