/**
 * The `cts-audit` command line: argument parsing, I/O and exit codes only.
 * `run` returns the exit code instead of exiting, so it can be tested
 * in-process:
 *   0  every required event is covered (or waived) and no error finding remains
 *   1  the policy failed
 *   2  bad usage or bad input (one line naming the file and the place)
 */
import { Command, CommanderError } from 'commander';
import { isInputError } from '../errors';
import { accountSettings, addAccountOptions } from './accounts';
import { addCheckCommand } from './check';
import { CliIo, EXIT_PASS, EXIT_USAGE, collect, liveLimits, packageVersion, writeFiles } from './common';
import { addDiffCommand } from './diff';
import { addEvidenceCommand } from './evidence';
import { addPreCommitCommand } from './pre-commit';
import { addRulesCommand } from './rules';
import { addTableCommand } from './table';

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
  addTableCommand(program, { io, exit });
  addDiffCommand(program, { io, exit });
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
  addPreCommitCommand(program, { io, exit, check: (args) => run(args, io) });
  addRulesCommand(program, { io, exit });
  return program;
}
