/**
 * Loads the inputs of a check, detecting each one's kind: a cdktf output
 * folder, a `cdk.tf.json` (or other Terraform JSON configuration), a plan
 * or a state from `terraform show -json`, or a folder of plain Terraform.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { recordingReads } from '../digest';
import { InputError } from '../errors';
import { parseJson, readTextFile, refuseDuplicateKeys } from '../json';
import { LoadedInput, Model, mergeInputs } from '../model';
import { display } from './common';
import type { LoadOptions } from './options';
import { isPlan, isState, loadPlan, loadState } from './plan';
import { snapshotToInput } from '../snapshot/convert';
import { isSnapshot, parseSnapshot } from '../snapshot/schema';
import { isTerraformDir, loadHcl } from './hcl';
import { loadSynthDir, loadSynthFile } from './synth';

export type { LoadOptions } from './options';

/**
 * Loads one path: what kind it is is decided by its content. Each input
 * lists the files read to load it with their SHA-256 (a stack of a cdktf.out
 * folder: the manifest and its own file).
 */
export async function loadPath(path: string, options: LoadOptions = {}): Promise<LoadedInput[]> {
  try {
    const { result, files } = await recordingReads(() => detectAndLoad(path, options));
    const own = new Set(result.map((input) => input.file));
    return result.map((input) => ({ ...input, files: files.filter((f) => f.file === input.file || !own.has(f.file)) }));
  } catch (e) {
    // A last guard for inputs nested deeper than any real one: one line naming the file, not an internal error.
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw new InputError(display(path, options), '', `cannot be read (${e.message}); is it nested far too deeply?`);
    }
    throw e;
  }
}

async function detectAndLoad(path: string, options: LoadOptions): Promise<LoadedInput[]> {
  const shown = display(path, options);
  if (!existsSync(path)) throw new InputError(shown, '', 'no such file or folder');
  if (statSync(path).isDirectory()) {
    // A Terraform folder may hold a manifest.json of its own (Packer writes one): only a cdktf manifest makes it cdktf output.
    const manifest = existsSync(join(path, 'manifest.json'));
    if (manifest && (!isTerraformDir(path) || isCdktfManifest(join(path, 'manifest.json')))) return loadSynthDir(path, options);
    if (isTerraformDir(path)) return [await loadHcl(path, options)];
    throw new InputError(
      shown,
      '',
      'is a folder with neither a cdktf manifest.json nor Terraform files (.tf, .tf.json); give a cdktf.out folder, a Terraform folder, a cdk.tf.json, or a plan or state JSON file',
    );
  }
  // A .tf.json file is a file of a Terraform folder, read as such; cdktf's cdk.tf.json is a stack of its own.
  if (path.endsWith('.tf') || (path.endsWith('.tf.json') && !basename(path).endsWith('cdk.tf.json'))) return [await loadHcl(path, options)];
  const text = readTextFile(path, shown);
  // A first look at what the file is; each kind is then read with its own rule for repeated keys.
  const doc = parseJson(text, shown, 'allow');
  if (isSnapshot(doc) || isPlan(doc) || isState(doc)) {
    // terraform show -json and --save-snapshot never write a key twice: one that is there was put there by hand.
    refuseDuplicateKeys(text, shown);
    if (isSnapshot(doc)) return [snapshotToInput(parseSnapshot(doc, shown), shown)];
    return [isPlan(doc) ? loadPlan(path, doc, options) : loadState(path, doc, options)];
  }
  if (isConfig(doc)) return [loadSynthFile(path, options)];
  throw new InputError(
    shown,
    '',
    'is JSON but not an input the checker knows: expected a cdk.tf.json (Terraform JSON configuration), a plan or state from `terraform show -json`, or a snapshot from --save-snapshot',
  );
}

/** Loads every path and merges them into one model. */
export async function loadModel(paths: readonly string[], options: LoadOptions = {}): Promise<Model> {
  const loaded: LoadedInput[] = [];
  for (const p of paths) loaded.push(...(await loadPath(p, options)));
  return mergeInputs(loaded);
}

/** A cdktf manifest: JSON with an object of stacks. */
function isCdktfManifest(file: string): boolean {
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { stacks?: unknown } | null;
    return typeof doc?.stacks === 'object' && doc.stacks !== null;
  } catch {
    return false;
  }
}

function isConfig(doc: unknown): boolean {
  return (
    typeof doc === 'object' &&
    doc !== null &&
    !Array.isArray(doc) &&
    ['resource', 'provider', 'terraform', 'variable', 'module', 'data', 'output', 'locals'].some((k) => k in doc)
  );
}
