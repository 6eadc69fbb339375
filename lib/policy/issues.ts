import type { z } from 'zod';

/**
 * Turns zod issues into one line: where (a path such as
 * `operations[3].traceName`, plus an optional label such as the row's
 * operation text) and what is wrong, including the offending value.
 *
 * @param issues the issues, first one reported
 * @param data the data that was validated, to quote the offending value
 * @param label names the element at a path for people, if it can
 */
export function describeIssues(
  issues: ReadonlyArray<z.core.$ZodIssue>,
  data: unknown,
  label: (data: unknown, path: ReadonlyArray<PropertyKey>) => string | undefined = () => undefined,
): { where: string; problem: string } {
  const issue = issues[0];
  const path = issue.path;
  const name = label(data, path);
  const where = [formatPath(path), name ? `(${name})` : ''].filter(Boolean).join(' ');
  let problem = issue.message;
  if (issue.code === 'invalid_format' || issue.code === 'too_small' || issue.code === 'invalid_value') {
    const value = valueAt(data, path);
    if (typeof value === 'string' || typeof value === 'number') problem += ` (got ${JSON.stringify(value)})`;
  }
  if (issues.length > 1) problem += ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})`;
  return { where: where || '(top level)', problem };
}

/** `operations[3].traceName` style path. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}
