/** Options every loader accepts. */
export interface LoadOptions {
  /** Variable values (`--var name=value`), winning over defaults and tfvars files. */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Variable files (`--var-file`), for HCL inputs, after the automatically loaded tfvars. */
  readonly varFiles?: readonly string[];
  /** Directory paths in reports are relative to (default: the process's working directory). */
  readonly cwd?: string;
}
