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
import { InputError } from './errors';

/** A file read to load an input: its name as reports show it, and the SHA-256 of its bytes. */
export interface FileDigest {
  readonly file: string;
  readonly sha256: string;
}

const record = new AsyncLocalStorage<FileDigest[]>();

/**
 * Reads a file as UTF-8 text, a byte-order mark kept; within
 * {@link recordingReads}, notes its digest under `shown`. Throws what
 * `readFileSync` throws, and an InputError for text that is not UTF-8.
 */
export function readInputText(path: string, shown: string): string {
  const bytes = readFileSync(path);
  const files = record.getStore();
  if (files) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // A file read twice (detection, then loading) is listed once, unless it changed in between.
    if (!files.some((f) => f.file === shown && f.sha256 === sha256)) files.push({ file: shown, sha256 });
  }
  return decode(bytes, shown);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The bytes as UTF-8 text, which is what Terraform writes and reads (HCL refuses other encodings): UTF-16, as
 * Windows PowerShell's `>` writes `terraform show -json`, and bytes that are not UTF-8 are refused, saying so,
 * rather than read as replacement characters.
 */
function decode(bytes: Buffer, shown: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError(
      shown,
      '',
      "is UTF-16 (as Windows PowerShell's > writes it); Terraform and the checker read UTF-8: write it with | Out-File -Encoding utf8, or from another shell",
    );
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new InputError(shown, `byte offset ${at}`, 'is not valid UTF-8, which Terraform and the checker read');
  }
}

/** The offset of the first byte that is not part of valid UTF-8 (a sequence cut short at the end: where it starts). */
function firstInvalidUtf8(bytes: Buffer): number {
  // Streaming, a prefix that ends inside a sequence is not an error: whether a prefix decodes is then monotonic.
  const decodes = (end: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  if (decodes(bytes.length)) {
    let start = bytes.length - 1;
    while (start > 0 && (bytes[start] & 0xc0) === 0x80) start--;
    return start;
  }
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (decodes(mid)) good = mid;
    else bad = mid;
  }
  // The byte that broke it; when it cut a character short (é then a quote), where that character starts.
  const broke = bad - 1;
  let lead = broke - 1;
  while (lead > 0 && broke - lead < 4 && (bytes[lead] & 0xc0) === 0x80) lead--;
  const length = bytes[lead] >= 0xf0 ? 4 : bytes[lead] >= 0xe0 ? 3 : bytes[lead] >= 0xc0 ? 2 : 1;
  return lead >= 0 && (bytes[broke] & 0xc0) !== 0x80 && broke - lead < length ? lead : broke;
}

/** Runs `load`, and returns what it returns with the files it read through {@link readInputText}, in order. */
export async function recordingReads<T>(load: () => Promise<T>): Promise<{ result: T; files: FileDigest[] }> {
  const files: FileDigest[] = [];
  const result = await record.run(files, load);
  return { result, files };
}
