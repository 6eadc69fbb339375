/**
 * Errors in what a user gave us (a file, a table, an option), as opposed to
 * bugs. The CLI turns these into one line on stderr and exit code 2; the
 * message must name the file and the place, and say what to change.
 */
export class InputError extends Error {
  public readonly name = 'InputError';

  /**
   * @param file the file the problem is in (as the user named it)
   * @param where where in the file: a JSON pointer, `line:col`, or a path
   *   such as `operations[3].traceName`; empty when the whole file is at fault
   * @param problem what is wrong and, where possible, what to do about it
   */
  public constructor(
    public readonly file: string,
    public readonly where: string,
    public readonly problem: string,
  ) {
    super(where ? `${file}: ${where}: ${problem}` : `${file}: ${problem}`);
  }
}

/** True for errors that mean "bad input", so callers can pick exit code 2. */
export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
