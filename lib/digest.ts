/**
 * The SHA-256 of every file a check reads, for evidence: an auditor can
 * verify that a report speaks of exactly these bytes (`sha256sum FILE`).
 *
 * The loaders read input files through {@link readInputText}; inside
 * {@link recordingReads} each file's digest is taken from the very bytes
 * that are parsed, so a file is read once and the digest is of what was
 * checked. The record follows the asynchronous calls of one load (an
 * AsyncLocalStorage), so loads running side by side keep theirs apart.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A file read to load an input: its name as reports show it, and the SHA-256 of its bytes. */
export interface FileDigest {
  readonly file: string;
  readonly sha256: string;
}

const record = new AsyncLocalStorage<FileDigest[]>();

/**
 * Reads a file as UTF-8 text (as `readFileSync(path, 'utf8')` does); within
 * {@link recordingReads}, notes its digest under `shown`. Throws what
 * `readFileSync` throws.
 */
export function readInputText(path: string, shown: string): string {
  const bytes = readFileSync(path);
  const files = record.getStore();
  if (files) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // A file read twice (detection, then loading) is listed once, unless it changed in between.
    if (!files.some((f) => f.file === shown && f.sha256 === sha256)) files.push({ file: shown, sha256 });
  }
  return bytes.toString('utf8');
}

/** Runs `load`, and returns what it returns with the files it read through {@link readInputText}, in order. */
export async function recordingReads<T>(load: () => Promise<T>): Promise<{ result: T; files: FileDigest[] }> {
  const files: FileDigest[] = [];
  const result = await record.run(files, load);
  return { result, files };
}
