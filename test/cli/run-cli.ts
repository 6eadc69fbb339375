import { run } from '../../lib/cli';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function runCli(
  argv: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; isTTY?: boolean; now?: Date } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const exitCode = await run(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: opts.isTTY ?? false,
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
    now: () => opts.now ?? new Date('2026-11-25T12:00:00Z'),
  });
  return { exitCode, stdout, stderr };
}
