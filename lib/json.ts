import { readFileSync } from 'node:fs';
import { InputError } from './errors';

/**
 * Parses JSON text, turning a syntax error into an {@link InputError} that
 * names the file and the line and column, which is what a person needs to
 * find the problem (V8 only reports a character offset).
 */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const offset = /at position (\d+)/.exec(message);
    const where = offset ? lineColumn(text, Number(offset[1])) : '';
    // V8 sometimes quotes the input back ("Unexpected token '}', \"...\" is
    // not valid JSON"); never echo file content, it may be huge or secret.
    const problem = message
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/, ".*" is not valid JSON$/s, '');
    throw new InputError(file, where, text.trim() === '' ? 'file is empty; expected JSON' : `invalid JSON: ${problem}`);
  }
}

/** Reads and parses a JSON file; unreadable files are {@link InputError}s too. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, '', `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseJson(text, file);
}

/** 1-based `line:column` of a character offset. */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `${line}:${offset - lineStart + 1}`;
}

/** RFC 6901 JSON pointer for a path of keys and indices. */
export function jsonPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
