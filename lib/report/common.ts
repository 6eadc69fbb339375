/**
 * What every reporter shares: the options a reporter may depend on besides
 * the verdict, and the helpers more than one format uses. The reporters and
 * lib/report/index.ts import this module; it imports none of them.
 */
import type { Verdict } from '../evaluate/verdict';

/** What a reporter may depend on besides the verdict. */
export interface ReportOptions {
  /** ANSI colours in the text report. The CLI sets it for a TTY when NO_COLOR is not set. Other formats ignore it. */
  readonly color: boolean;
  /**
   * ASCII status symbols in the text report (`+`, `x`) instead of `✓` and `✗`, for terminals that cannot show
   * them. Other formats ignore it. Default: false.
   */
  readonly ascii?: boolean;
  /**
   * Where else the reports of this check are (the files of its other formats, the address of the CI run), for a
   * report that must leave something out to say where the whole of it is. Default: none.
   */
  readonly elsewhere?: readonly string[];
  /** When the check ran (ISO 8601), for reports that say so (HTML). Default: not said. */
  readonly checkedAt?: string;
}

/** A reporter: a pure function from a verdict to the whole output, ending with a newline. */
export type Reporter = (verdict: Verdict, options: ReportOptions) => string;
