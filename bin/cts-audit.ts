#!/usr/bin/env node
/**
 * The `cts-audit` executable. Everything is in lib/cli; this file only
 * connects it to the process, and never lets an error end with a code other
 * than 2.
 */
import { createInterface } from 'node:readline/promises';
import { run } from '../lib/cli';

/** Asks on the terminal; only offered when stdin is one. */
async function prompt(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/**
 * A reader that goes away (`cts-audit check ... | head`) is not an error: the rest of the report is
 * dropped and the exit code still tells the verdict. Any other failure to write the report is exit 2.
 */
let stdoutGone = false;
let stdoutFailed = false;
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (!stdoutGone && e.code !== 'EPIPE') {
    stdoutFailed = true;
    process.stderr.write(`cts-audit: cannot write to standard output: ${e.message}\n`);
  }
  stdoutGone = true;
});
process.stderr.on('error', () => undefined);

run(process.argv.slice(2), {
  stdout: (text) => {
    if (!stdoutGone) process.stdout.write(text);
  },
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
  cwd: process.cwd(),
  now: () => new Date(),
  prompt: process.stdin.isTTY ? prompt : undefined,
  stderrIsTTY: Boolean(process.stderr.isTTY),
}).then(
  (code) => {
    process.exitCode = stdoutFailed ? 2 : code;
  },
  (e: unknown) => {
    process.stderr.write(`cts-audit: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
