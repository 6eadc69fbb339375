/**
 * cdktf synth output: a `cdktf.out` folder (every stack of its
 * `manifest.json`) or a single `cdk.tf.json`. Cross-stack references
 * (`data.terraform_remote_state.cross-stack-reference-input-<stack>`) resolve
 * to the producing stack's outputs, so a topic defined in one stack and used
 * in another is followed.
 */
import { join } from 'node:path';
import { InputError } from '../errors';
import { readJsonFile } from '../json';
import { EXPORT_ADDRESS, LoadedInput, ref } from '../model';
import { ConfigDocument, display, hasOwn, typed } from './common';
import { readConfig } from './config';
import { readConfigJson } from './config-json';
import { LoadOptions, environmentVariables, variableArguments } from './options';

const CROSS_STACK_INPUT = 'cross-stack-reference-input-';

interface Manifest {
  stacks: Record<string, { name: string; synthesizedStackPath: string }>;
}

/** Loads every stack of a cdktf output folder. */
export function loadSynthDir(dir: string, options: LoadOptions = {}): LoadedInput[] {
  const manifestFile = display(join(dir, 'manifest.json'), options);
  const manifest = readJsonFile(join(dir, 'manifest.json'), manifestFile) as Partial<Manifest> | null;
  if (!manifest || typeof manifest !== 'object' || typeof manifest.stacks !== 'object' || manifest.stacks === null) {
    throw new InputError(manifestFile, 'stacks', 'not a cdktf manifest: expected an object of stacks; is this a cdktf.out folder?');
  }
  const stacks = Object.entries(manifest.stacks);
  const scopeOf = (stackName: string) => `${display(dir, options)}#${stackName}`;
  return stacks.map(([name, stack]) => {
    if (typeof stack?.synthesizedStackPath !== 'string') {
      throw new InputError(manifestFile, `stacks.${name}.synthesizedStackPath`, "missing: expected the path of the stack's cdk.tf.json");
    }
    const file = join(dir, stack.synthesizedStackPath);
    return loadStack(file, scopeOf(name), options, (dataName, output) =>
      dataName.startsWith(CROSS_STACK_INPUT) && manifest.stacks?.[dataName.slice(CROSS_STACK_INPUT.length)]
        ? ref(
            EXPORT_ADDRESS,
            `${scopeOf(dataName.slice(CROSS_STACK_INPUT.length))}#${output}`,
            `data.terraform_remote_state.${dataName}.outputs.${output}`,
          )
        : undefined,
    );
  });
}

/** Loads one `cdk.tf.json` (or any Terraform JSON configuration file). */
export function loadSynthFile(file: string, options: LoadOptions = {}): LoadedInput {
  return loadStack(file, display(file, options), options);
}

function loadStack(
  file: string,
  scope: string,
  options: LoadOptions,
  remoteState?: (dataName: string, output: string) => ReturnType<typeof ref> | undefined,
): LoadedInput {
  const shown = display(file, options);
  const doc = readConfigJson(file, shown);
  const result = readConfig(doc as ConfigDocument, {
    scope,
    file: shown,
    input: 'synth',
    vars: commandLineValues(doc as ConfigDocument, options),
    remoteState,
  });
  return { file: shown, kind: 'synth', ...result };
}

/**
 * Variable values for a Terraform JSON configuration: TF_VAR_ environment
 * variables of the variables it declares, then each --var in order.
 * (--var-file applies to Terraform folders.)
 */
function commandLineValues(doc: ConfigDocument, options: LoadOptions): Record<string, unknown> {
  const values: Record<string, unknown> = Object.create(null);
  const declared = (name: string) => hasOwn(doc.variable, name);
  for (const [name, raw] of Object.entries(environmentVariables(options))) {
    if (declared(name)) values[name] = typed(doc, name, raw, `TF_VAR_${name}`);
  }
  for (const arg of variableArguments(options)) if ('var' in arg) values[arg.var] = typed(doc, arg.var, arg.value);
  return values;
}
