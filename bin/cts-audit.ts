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

run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
  cwd: process.cwd(),
  now: () => new Date(),
  prompt: process.stdin.isTTY ? prompt : undefined,
  stderrIsTTY: Boolean(process.stderr.isTTY),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`cts-audit: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
