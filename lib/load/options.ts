/** Options every loader accepts. */
export interface LoadOptions {
  /** Variable values (`--var name=value`), winning over defaults. */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Directory paths in reports are relative to (default: the process's working directory). */
  readonly cwd?: string;
}
