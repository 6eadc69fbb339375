/**
 * What every loader uses: the Terraform JSON configuration document, paths
 * as reports show them, variable values from the command line, and own-key
 * lookups that never reach a prototype. Of lib/load it imports only the
 * loaders' options.
 */
import { relative } from 'node:path';
import { InputError } from '../errors';
import { firstMisreadNumber, misreadNumberProblem } from '../json';
import type { LoadOptions } from './options';

/** A Terraform JSON configuration document (one stack, file or module). */
export interface ConfigDocument {
  readonly provider?: Record<string, unknown>;
  readonly variable?: Record<string, { default?: unknown; type?: unknown; nullable?: unknown }>;
  readonly locals?: Record<string, unknown>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly module?: Record<string, Record<string, unknown>>;
  readonly output?: Record<string, { value?: unknown }>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  /** `removed` blocks (Terraform 1.7): what leaves the configuration, destroyed or only forgotten. */
  readonly removed?: unknown;
  /** `terraform` blocks: read for the source of the `huaweicloud` provider (`required_providers`). */
  readonly terraform?: unknown;
}

/** A path as reports show it: relative to the working directory when inside it. */
export function display(path: string, options: LoadOptions): string {
  const cwd = options.cwd ?? process.cwd();
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** Own keys only: configuration keys such as "constructor" or "__proto__" must not reach the prototype. */
export function hasOwn(container: unknown, key: string): boolean {
  return typeof container === 'object' && container !== null && Object.prototype.hasOwnProperty.call(container, key);
}

/** A JSON object: not null, not an array. */
export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Any object, arrays included: what `in` may be asked of. */
export function isObjectLike(x: unknown): x is object {
  return typeof x === 'object' && x !== null;
}

/** Text of an expression for a message: on one line, at most 80 characters. */
export function clipped(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}

/** A variable's value from the command line or the environment: the string, or parsed as JSON when the variable has another type. */
export function typed(doc: ConfigDocument, name: string, raw: string, source = `--var ${name}`): unknown {
  const type = hasOwn(doc.variable, name) ? doc.variable?.[name]?.type : undefined;
  if (type === undefined || /^\$\{string\}$|^string$/.test(String(type))) return raw;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return raw;
  }
  const misread = firstMisreadNumber(raw);
  if (misread) throw new InputError(source, '', misreadNumberProblem(misread.literal));
  return value;
}

/**
 * Why a provider's resources are not in its region's default project of the account checked: it assumes an
 * agency's role (`assume_role`: another account), or works in another project (`project_name`, given as its
 * value when known). The checker judges a region's default project; undefined when neither applies.
 */
export function providerElsewhere(
  key: string,
  provider: { assumesRole: boolean; project?: { known: true; value: unknown } | { known: false }; region?: unknown },
): string | undefined {
  if (provider.assumesRole) {
    return `provider ${key} assumes an agency's role (assume_role), so its resources are in the account of that agency, not the one checked; check that account with --live`;
  }
  const project = provider.project;
  if (
    project === undefined ||
    (project.known && (project.value === null || project.value === undefined || project.value === provider.region))
  ) {
    return undefined;
  }
  const name = project.known ? `project ${JSON.stringify(project.value)}` : 'a project the checker cannot evaluate';
  return `provider ${key} works in ${name}, not its region's default project (project_name), and CTS trackers and notifications are per project; check that project with --live`;
}

/**
 * What a module's `terraform { required_providers { huaweicloud = { source = ... } } }` says of the provider its
 * `huaweicloud_*` resources belong to: undefined when it does not say, '' for Huawei Cloud's own
 * (`huaweicloud/huaweicloud` from any registry), else why the resources prove nothing: a fork or a mock with the
 * same resource types is not the provider whose behaviour the checker knows.
 */
export function foreignProvider(terraform: unknown): string | undefined {
  const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : x === undefined || x === null ? [] : [x]);
  for (const block of list(terraform)) {
    for (const required of list(isObject(block) ? block.required_providers : undefined)) {
      const entry = isObject(required) ? required.huaweicloud : undefined;
      const source = isObject(entry) ? entry.source : undefined;
      if (typeof source !== 'string') continue;
      if (isHuaweiCloudProvider(source.trim())) return '';
      return `is managed by the provider ${clipped(source)} (required_providers), not huaweicloud/huaweicloud, whose behaviour the checker knows; use Huawei Cloud's provider`;
    }
  }
  return undefined;
}

/** Huawei Cloud's own provider, as a source or a state's `provider_name` names it: from any registry, or alone (Terraform 0.12). */
export function isHuaweiCloudProvider(name: string): boolean {
  return /^(([^/]+\/)?huaweicloud\/)?huaweicloud$/i.test(name);
}
