/**
 * `cts-audit pre-commit FILE...`, the command of the pre-commit hook
 * (.pre-commit-hooks.yaml): pre-commit passes the files a commit touches;
 * the Terraform folder holding each Terraform file among them is checked,
 * each folder on its own (a module folder is not merged with the root that
 * calls it), and the worst exit code is the hook's.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, normalize, resolve } from 'node:path';
import { Command } from 'commander';
import { CommandContext, EXIT_PASS, collect } from './common';

/** The files whose change calls for a check of their folder: Terraform configuration and variables. */
export const TERRAFORM_FILE = /\.(tf|tf\.json|tfvars|tfvars\.json)$/;

/**
 * The folders to check for the files given: the folder of each Terraform
 * file, once, in the order first named, when it holds Terraform
 * configuration (a folder of variables files only is not a configuration).
 * `cwd` is where relative paths start.
 */
export function terraformFolders(files: readonly string[], cwd: string): string[] {
  const folders: string[] = [];
  for (const file of files) {
    if (!TERRAFORM_FILE.test(file)) continue;
    const folder = normalize(dirname(file));
    if (folders.includes(folder)) continue;
    const entries = existsSync(resolve(cwd, folder)) ? readdirSync(resolve(cwd, folder)) : [];
    if (entries.some((f) => /\.tf(\.json)?$/.test(f) && !f.startsWith('.'))) folders.push(folder);
  }
  return folders;
}

/** The options of `pre-commit` that are passed on to each `check`, as commander parsed them. */
export interface PreCommitOptions {
  readonly table?: readonly string[];
  readonly region?: readonly string[];
  readonly waivers?: string;
  readonly retentionDays?: string;
  readonly var?: readonly string[];
  readonly varFile?: readonly string[];
  readonly color?: boolean;
}

/** The `check` command line for one folder. */
export function checkArgv(folder: string, options: PreCommitOptions): string[] {
  return [
    'check',
    folder,
    ...(options.table ?? []).flatMap((t) => ['--table', t]),
    ...(options.region ?? []).flatMap((r) => ['--region', r]),
    ...(options.waivers !== undefined ? ['--waivers', options.waivers] : []),
    ...(options.retentionDays !== undefined ? ['--retention-days', options.retentionDays] : []),
    ...(options.varFile ?? []).flatMap((f) => ['--var-file', f]),
    ...(options.var ?? []).flatMap((v) => ['--var', v]),
    ...(options.color === false ? ['--no-color'] : []),
  ];
}

/** The hook's exit code from each folder's: bad usage or input (2) over a failed policy (1) over a pass (0). */
export function worstExit(codes: readonly number[]): number {
  return codes.reduce((worst, c) => (c === 2 || worst === 2 ? 2 : Math.max(worst, c)), 0);
}

/** Adds `pre-commit`; `check` runs the CLI on a command line, for each folder's check. */
export function addPreCommitCommand(
  program: Command,
  { io, exit, check }: CommandContext & { readonly check: (argv: readonly string[]) => Promise<number> },
): void {
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
        codes.push(await check(checkArgv(folder, opts)));
      }
      exit(worstExit(codes));
    });
}
