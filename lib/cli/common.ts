/**
 * What the commands of the CLI share: the I/O it is given, the exit codes,
 * reports written atomically, the live limits' validation, repeatable
 * options and the package version.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors';
import { policiesDir } from '../policy/bundled';

/** What the CLI needs from the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal (colour is used only then). */
  readonly isTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** The current time; waivers expire by its UTC date. */
  readonly now: () => Date;
  /** Asks the user a question on a terminal; absent when stdin is not one. */
  readonly prompt?: (question: string) => Promise<string>;
  /** Whether stderr is a terminal (progress of long live checks is shown only then). */
  readonly stderrIsTTY?: boolean;
}

export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

/** What a command's action needs of the CLI around it: the I/O, and where its exit code goes. */
export interface CommandContext {
  readonly io: CliIo;
  readonly exit: (code: number) => void;
}

/** Writes every file to a temporary name first, then renames them all into place. */
export function writeFiles(files: Array<{ output: string; path: string; text: string }>): void {
  const staged: Array<{ tmp: string; path: string }> = [];
  try {
    for (const f of files) {
      const tmp = `${f.path}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        writeFileSync(tmp, f.text);
      } catch (e) {
        throw new InputError(f.output, '', `cannot write the report (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
      staged.push({ tmp, path: f.path });
    }
    for (const s of staged) renameSync(s.tmp, s.path);
  } finally {
    for (const s of staged) rmSync(s.tmp, { force: true });
  }
}

const LimitsSchema = z.object({
  concurrency: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(256, 'must be at most 256').optional(),
  timeout: z.coerce.number().int('must be a whole number of milliseconds').min(100, 'must be at least 100'),
  retries: z.coerce.number().int('must be a whole number').min(0, 'must be at least 0').max(20, 'must be at most 20'),
});

/** The live check's limits from diff's and table verify's options, validated like check's. */
export function liveLimits(raw: { concurrency?: string; timeout: string; retries: string }): {
  concurrency?: number;
  timeoutMs: number;
  retries: number;
} {
  const result = LimitsSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(`--${String(issue.path[0])}`, '', `${issue.message} (got "${String(raw[issue.path[0] as keyof typeof raw])}")`);
  }
  return {
    ...(result.data.concurrency !== undefined ? { concurrency: result.data.concurrency } : {}),
    timeoutMs: result.data.timeout,
    retries: result.data.retries,
  };
}

/** Commander's collector of a repeatable option: each value after the ones before. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

let version: string | undefined;
/** The package version, from package.json. */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(policiesDir(), '..', 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
