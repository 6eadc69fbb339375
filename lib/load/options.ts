/** A variable value given on the command line: `--var NAME=VALUE`, or `--var-file FILE`. */
export type VariableArgument = { readonly var: string; readonly value: string } | { readonly file: string };

/** Options every loader accepts. */
export interface LoadOptions {
  /** Variable values (`--var name=value`), winning over defaults and tfvars files. Ignored when `variables` is given. */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Variable files (`--var-file`), for HCL inputs, after the automatically loaded tfvars. Ignored when `variables` is given. */
  readonly varFiles?: readonly string[];
  /**
   * `--var` and `--var-file` in command-line order, as Terraform takes them:
   * a later one wins over an earlier one, whatever its kind.
   */
  readonly variables?: readonly VariableArgument[];
  /** The environment, for `TF_VAR_<name>` values (below every other source, as in Terraform). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Directory paths in reports are relative to (default: the process's working directory). */
  readonly cwd?: string;
}

/** The command-line variable arguments, in order: `variables`, else the files then the values. */
export function variableArguments(options: LoadOptions): VariableArgument[] {
  if (options.variables) return [...options.variables];
  return [
    ...(options.varFiles ?? []).map((file) => ({ file })),
    ...Object.entries(options.vars ?? {}).map(([name, value]) => ({ var: name, value: String(value) })),
  ];
}

/** `TF_VAR_<name>` values of the environment, by variable name. */
export function environmentVariables(options: LoadOptions): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (key.startsWith('TF_VAR_') && key.length > 7 && value !== undefined) out[key.slice(7)] = value;
  }
  return out;
}
