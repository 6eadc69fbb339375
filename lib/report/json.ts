/**
 * The JSON report: the verdict itself. Its shape is the public contract in
 * `lib/evaluate/verdict.ts`, versioned by `schemaVersion`.
 */
import type { Verdict } from '../evaluate/verdict';
import type { ReportOptions } from './common';

export function json(verdict: Verdict, _options: ReportOptions): string {
  return JSON.stringify(verdict, null, 2) + '\n';
}
