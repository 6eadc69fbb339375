/**
 * Reporters: each turns a {@link Verdict} into the text of one output
 * format, the way ESLint formatters do. A reporter is a pure function: no
 * I/O, no environment, no clock; everything it may depend on is in the
 * verdict or in {@link ReportOptions}. The CLI decides the options (colour
 * for a TTY without NO_COLOR, ...) and writes the string where it belongs.
 */
import type { Verdict } from '../evaluate/verdict';
import type { Reporter, ReportOptions } from './common';
import { html } from './html';
import { json } from './json';
import { junit } from './junit';
import { markdown } from './markdown';
import { sarif } from './sarif';
import { text } from './text';

/** The output formats, the first being the default. */
export const FORMATS = ['text', 'json', 'sarif', 'markdown', 'junit', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** The reporter of each format. */
export const REPORTERS: Readonly<Record<Format, Reporter>> = { text, json, sarif, markdown, junit, html };

/** True when `name` is one of {@link FORMATS}, for validating a `--format` option. */
export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

/** Renders a verdict in one format. */
export function render(format: Format, verdict: Verdict, options: ReportOptions): string {
  const reporter = REPORTERS[format];
  if (!reporter) throw new Error(`unknown report format "${String(format)}"; formats: ${FORMATS.join(', ')}`);
  return reporter(verdict, options);
}

export type { Reporter, ReportOptions } from './common';
export { html, json, junit, markdown, sarif, text };
export { summaryLine } from './common';
