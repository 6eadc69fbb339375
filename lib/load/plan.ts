/**
 * Terraform (or OpenTofu) plan and state JSON, from `terraform show -json`.
 *
 * Plan: `planned_values` (root and child modules) is what will exist after
 * apply; it is joined by address with `resource_changes` (`after_unknown`:
 * values known only after apply) and with `configuration` (the expression
 * `references`, which are followed instead of an unknown value). A resource
 * planned for deletion is absent from `planned_values`, so it counts for
 * nothing. A deposed object (left by a create-before-destroy replacement)
 * has its own entry in `resource_changes` under the current object's
 * address: only the entry without `deposed` speaks for the current object.
 * A tracker object the plan deletes can leave the system tracker off,
 * whatever the trackers it plans show: see {@link trackerDoubt}.
 *
 * State: `values` (root and child modules) is what is deployed; every value
 * is known.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../errors';
import { canonicalJson, describeValue, jsonPointer, nameOf } from '../json';
import { Element, ElementBase, InputDiagnostic, InputKind, LoadedInput, Tracker, Value, known, ref, unknown } from '../model';
import { AttrReader, MODELED_TYPES, buildElement, unmodeledDiagnostic, unmodeledRisk } from './elements';
import { display, hasOwn, isHuaweiCloudProvider, isObject, providerElsewhere } from './common';
import type { LoadOptions } from './options';

interface ShowResource {
  address?: unknown;
  mode?: unknown;
  type?: unknown;
  name?: unknown;
  values?: unknown;
  provider_name?: unknown;
  /** State only: the object an apply failed part-way through, which the next apply replaces. */
  tainted?: unknown;
  /** State only: an object a create-before-destroy replacement left behind, which the next apply destroys. */
  deposed_key?: unknown;
}
interface ShowModule {
  address?: unknown;
  resources?: unknown;
  child_modules?: unknown;
}
interface ConfigResource {
  address: string;
  provider_config_key?: string;
  expressions?: Record<string, unknown>;
}
interface ConfigModule {
  resources?: ConfigResource[];
  module_calls?: Record<string, ModuleCall>;
}
interface ModuleCall {
  expressions?: Record<string, unknown>;
  module?: ConfigModule;
}
interface Plan {
  format_version?: unknown;
  prior_state?: { values?: { root_module?: unknown } };
  planned_values?: { root_module?: ShowModule };
  resource_changes?: Array<{
    address?: string;
    type?: unknown;
    deposed?: unknown;
    change?: { actions?: unknown; before?: unknown; after_unknown?: unknown };
  }>;
  configuration?: { provider_config?: Record<string, { expressions?: Record<string, unknown> }>; root_module?: ConfigModule };
  variables?: Record<string, { value?: unknown }>;
  values?: { root_module?: ShowModule };
}

/** True when parsed JSON looks like `terraform show -json` of a plan. */
export function isPlan(doc: unknown): boolean {
  return isObject(doc) && 'format_version' in doc && ('planned_values' in doc || 'resource_changes' in doc);
}

/** True when parsed JSON looks like `terraform show -json` of a state. */
export function isState(doc: unknown): boolean {
  return isObject(doc) && 'format_version' in doc && !isPlan(doc) && ('values' in doc || 'terraform_version' in doc);
}

/**
 * `terraform show -json` output of formats 0.1 (Terraform 0.12 to 0.14), 0.2 (0.15) and 1.x (1.0 and later, OpenTofu)
 * is read: they share the shape read here. Another version may mean anything.
 */
function checkFormatVersion(doc: Plan, shown: string): void {
  const v = doc.format_version;
  if (typeof v !== 'string' || !/^(0\.[12]|1\.\d+)$/.test(v)) {
    const got = typeof v === 'string' ? JSON.stringify(v.slice(0, 20)) : typeof v;
    throw new InputError(
      shown,
      '/format_version',
      `is ${got}; the checker reads the JSON output formats 0.1, 0.2 and 1.x of terraform show -json (Terraform 0.12 and later, OpenTofu)`,
    );
  }
}

/** Loads a plan. */
export function loadPlan(file: string, doc: unknown, options: LoadOptions = {}): LoadedInput {
  const plan = doc as Plan & { errored?: unknown; complete?: unknown };
  const shown = display(file, options);
  checkFormatVersion(plan, shown);
  if (plan.errored === true) {
    throw new InputError(
      shown,
      '/errored',
      'the plan errored (terraform plan failed), so its planned values are incomplete; fix the errors and plan again',
    );
  }
  const diagnostics =
    plan.complete === false
      ? [
          {
            hides: true,
            reaches: { scope: shown, addresses: '*' as const },
            source: { file: shown, pointer: '/complete' },
            message: `${shown} is not a complete plan (complete: false): resources it defers are not checked; plan again once nothing is deferred`,
          },
        ]
      : [];
  const root = plan.planned_values?.root_module;
  if (root !== undefined && !isObject(root)) throw new InputError(shown, '/planned_values/root_module', 'expected an object');
  const configs = new Map<string, ConfigResource>();
  const calls = new Map<string, ModuleCall>();
  collectConfig(shown, plan.configuration?.root_module, configs, calls);
  const unknowns = new Map<string, unknown>();
  const actions = new Map<string, string[]>();
  const deletedTrackers: DeletedTracker[] = [];
  for (const change of Array.isArray(plan.resource_changes) ? plan.resource_changes : []) {
    if (!isObject(change) || typeof change.address !== 'string' || !isObject(change.change)) continue;
    const list = Array.isArray(change.change.actions) ? change.change.actions.filter((a): a is string => typeof a === 'string') : undefined;
    // A deposed object shares the current object's address: its entry (a delete) never stands for the current one.
    const deposed = change.deposed === undefined ? undefined : nameOf(change.deposed, '?', 64);
    if (deposed === undefined) {
      unknowns.set(change.address, change.change.after_unknown);
      if (list) actions.set(change.address, list);
    }
    // Deleted last: alone, or after its replacement is created (create-before-destroy); a destroy-first
    // replacement (["delete", "create"]) creates the tracker again after the delete.
    if (change.type === 'huaweicloud_cts_tracker' && list?.[list.length - 1] === 'delete') {
      const before = isObject(change.change.before) ? change.change.before : {};
      const key = configs.get(configAddress(change.address))?.provider_config_key;
      const region =
        typeof before.region === 'string' && before.region !== ''
          ? known(before.region)
          : typeof key === 'string' && key !== ''
            ? providerRegion(plan, key)
            : undefined;
      deletedTrackers.push({
        address: nameOf(change.address, '?', 512),
        deposed,
        replaced: deposed === undefined && list[0] === 'create',
        ...(region?.kind === 'known' ? { region: region.value } : {}),
      });
    }
  }
  const loader = new ShowLoader(shown, 'plan', {
    unknownOf: (address) => unknowns.get(address),
    actionsOf: (address) => actions.get(address),
    configOf: (address) => configs.get(configAddress(address)),
    calls,
    providerRegion: (key) => providerRegion(plan, key),
    providerElsewhere: (key) => planProviderElsewhere(plan, key),
  });
  loader.walk(root, '/planned_values/root_module');
  const elements = loader.elements.map((e) => {
    const doubt = e.type === 'tracker' ? trackerDoubt(e, deletedTrackers) : undefined;
    return doubt === undefined ? e : { ...e, mayNotExist: doubt };
  });
  return {
    file: shown,
    kind: 'plan',
    elements,
    diagnostics: [...diagnostics, ...loader.diagnostics],
    priorState: priorIds(shown, plan.prior_state?.values?.root_module),
    ...(plan.prior_state?.values?.root_module !== undefined
      ? { objects: objectDigests(shown, plan.prior_state.values.root_module, '/prior_state/values/root_module') }
      : {}),
  };
}

/** A `huaweicloud_cts_tracker` object the plan deletes, and does not create again after. */
interface DeletedTracker {
  readonly address: string;
  /** The deposed object's key, when it is one. */
  readonly deposed?: string;
  /** The current object, replaced create-before-destroy (["create", "delete"]). */
  readonly replaced: boolean;
  /** Its region, when known. */
  readonly region?: string;
}

/**
 * Why a tracker the plan shows may not be what CTS has after apply. A
 * huaweicloud_cts_tracker manages the project's one system tracker: its
 * create takes over the tracker there is, and its delete disables it and
 * clears its OBS, LTS and KMS settings (with delete_tracker = true, deletes
 * it). So a tracker object deleted in its region (one whose region is
 * unknown may be in any) can leave the system tracker off, whatever the
 * planned values say: the tracker then proves nothing.
 */
function trackerDoubt(tracker: Tracker, deleted: readonly DeletedTracker[], input: 'plan' | 'state' = 'plan'): string | undefined {
  const here = deleted.filter((d) => d.region === undefined || tracker.region.kind !== 'known' || d.region === tracker.region.value);
  if (input === 'state') {
    const [d] = here;
    return d === undefined
      ? undefined
      : `the state holds the deposed object ${d.deposed ?? '?'} of ${d.address}, which the next apply destroys, and its delete disables the project's system tracker (delete_tracker = true deletes it); apply and check the state`;
  }
  if (here.some((d) => d.replaced && d.address === tracker.address)) {
    return "the plan replaces it create-before-destroy, so the provider's delete of the old object runs last and disables the system tracker (delete_tracker = true deletes it); replace it destroy-first (no create_before_destroy), or apply and check the state";
  }
  const [d] = here;
  if (d === undefined) return undefined;
  const [object, advice] =
    d.deposed !== undefined
      ? [`the deposed object ${d.deposed} of ${d.address}`, 'apply and check the state']
      : d.replaced
        ? [
            `the old object of ${d.address} (replaced create-before-destroy)`,
            `replace ${d.address} destroy-first (no create_before_destroy), or apply and check the state`,
          ]
        : [d.address, 'use a moved block if it was renamed, or apply and check the state'];
  return `the plan deletes ${object}, whose delete disables the project's system tracker (delete_tracker = true deletes it), and Terraform does not make this tracker's create or update run after it; ${advice}`;
}

/**
 * Modules nested deeper than this are refused, not read in part: a resource below the limit would otherwise go
 * unseen (an unsubscription, a tracker deleted). Terraform sets no limit; no configuration comes near it.
 */
const MAX_MODULE_DEPTH = 100;
const TOO_DEEP = `modules nested more than ${MAX_MODULE_DEPTH} deep; no Terraform configuration nests so deep`;

/** Calls `visit` for each module of a module tree (`child_modules`), refusing one nested deeper than the limit. */
function eachModule(file: string, root: unknown, pointer: string, visit: (module: Record<string, unknown>, pointer: string) => void): void {
  const walk = (module: unknown, at: string, depth: number) => {
    if (!isObject(module)) return;
    if (depth > MAX_MODULE_DEPTH) throw new InputError(file, at, TOO_DEEP);
    visit(module, at);
    if (Array.isArray(module.child_modules)) module.child_modules.forEach((c, i) => walk(c, `${at}/child_modules/${i}`, depth + 1));
  };
  walk(root, pointer, 0);
}

/** The managed resources of a module of a state or plan, those that are objects with an address. */
function managedResources(module: Record<string, unknown>): Array<Record<string, unknown> & { address: string }> {
  const resources = Array.isArray(module.resources) ? (module.resources as unknown[]) : [];
  return resources.filter(
    (r): r is Record<string, unknown> & { address: string } => isObject(r) && r.mode === 'managed' && typeof r.address === 'string',
  );
}

/**
 * A digest of the values of every managed object of a state (root and child modules), by address; deposed objects
 * aside. Keys are sorted first: the same values give the same digest however they were written.
 */
function objectDigests(file: string, root: unknown, pointer: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  eachModule(file, root, pointer, (module) => {
    for (const r of managedResources(module)) {
      if (r.deposed_key !== undefined) continue;
      out[r.address] = createHash('sha256')
        .update(canonicalJson(r.values ?? null))
        .digest('hex');
    }
  });
  return out;
}

/** The `id` of every resource of a plan's prior state, by address (root and child modules). */
function priorIds(file: string, root: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  eachModule(file, root, '/prior_state/values/root_module', (module) => {
    for (const r of managedResources(module)) {
      const id = isObject(r.values) ? r.values.id : undefined;
      // A deposed object's id is not the current object's.
      if (r.deposed_key === undefined && typeof id === 'string' && id !== '') out[r.address] = id;
    }
  });
  return out;
}

/** Loads a state. */
export function loadState(file: string, doc: unknown, options: LoadOptions = {}): LoadedInput {
  const state = doc as Plan;
  const shown = display(file, options);
  checkFormatVersion(state, shown);
  const root = state.values?.root_module;
  if (root !== undefined && !isObject(root)) throw new InputError(shown, '/values/root_module', 'expected an object');
  const loader = new ShowLoader(shown, 'state', {});
  loader.walk(root, '/values/root_module');
  // A deposed tracker object is destroyed by the next apply, which disables the project's system tracker.
  const elements = loader.elements.map((e) => {
    const doubt = e.type === 'tracker' && !e.mayNotExist ? trackerDoubt(e, loader.deposedTrackers, 'state') : undefined;
    return doubt === undefined ? e : { ...e, mayNotExist: doubt };
  });
  return {
    file: shown,
    kind: 'state',
    elements,
    diagnostics: loader.diagnostics,
    objects: objectDigests(shown, root, '/values/root_module'),
  };
}

interface Joins {
  calls?: Map<string, ModuleCall>;
  unknownOf?: (address: string) => unknown;
  /** The planned actions of a resource (`create`, `update`, `delete`...). */
  actionsOf?: (address: string) => string[] | undefined;
  configOf?: (address: string) => ConfigResource | undefined;
  providerRegion?: (key: string) => Value<string>;
  /** Why a provider's resources are in another account or project than the region's default one, if they are. */
  providerElsewhere?: (key: string) => string | undefined;
}

class ShowLoader {
  public readonly elements: Element[] = [];
  public readonly diagnostics: InputDiagnostic[] = [];
  /** State: the deposed tracker objects, each destroyed by the next apply. */
  public readonly deposedTrackers: DeletedTracker[] = [];

  public constructor(
    private readonly file: string,
    private readonly kind: InputKind,
    private readonly joins: Joins,
  ) {}

  public walk(root: unknown, pointer: string): void {
    eachModule(this.file, root, pointer, (module, at) => {
      const { resources } = module as ShowModule;
      if (Array.isArray(resources)) resources.forEach((r, i) => this.resource(r as ShowResource, `${at}/resources/${i}`));
    });
  }

  private resource(r: ShowResource, pointer: string): void {
    if (!isObject(r) || r.mode !== 'managed' || typeof r.type !== 'string') return;
    if (!MODELED_TYPES.has(r.type)) {
      if (unmodeledRisk(r.type)) {
        const address = nameOf(r.address, `${r.type}.?`, 512);
        this.diagnostics.push(unmodeledDiagnostic(r.type, address, { file: this.file, pointer }));
      }
      return;
    }
    if (typeof r.address !== 'string') {
      const problem = r.address === undefined ? 'missing' : `${describeValue(r.address)}, not a string`;
      throw new InputError(this.file, `${pointer}/address`, `${problem}: every resource has an address`);
    }
    const values = isObject(r.values) ? r.values : {};
    const address = nameOf(r.address, '?', 512);
    const afterUnknown = this.joins.unknownOf?.(address);
    const config = this.joins.configOf?.(address);
    const read: AttrReader = (attribute) => {
      const value = this.read(values, afterUnknown, config, address, attribute);
      // Optional and computed, and not set by the configuration: the provider reads back whatever is there, which
      // for a bucket to be created is nothing (an existing one's is in the plan, or unknown). A separate
      // huaweicloud_obs_bucket_policy is checked on its own.
      if (
        value.kind === 'unknown' &&
        NOTHING_UNLESS_SET.has(`${r.type}.${attribute}`) &&
        (this.joins.actionsOf?.(address) ?? []).includes('create') &&
        config?.expressions &&
        !hasOwn(config.expressions, attribute)
      ) {
        return known(undefined);
      }
      return value;
    };
    const region = this.region(config, read);
    const deposed = r.deposed_key === undefined || r.deposed_key === null ? undefined : nameOf(r.deposed_key, '?', 64);
    if (deposed !== undefined && r.type === 'huaweicloud_cts_tracker') {
      this.deposedTrackers.push({ address, deposed, replaced: false, ...(region.kind === 'known' ? { region: region.value } : {}) });
    }
    const doubt = this.doubt(r, address, deposed);
    const base: ElementBase = {
      scope: this.file,
      address,
      input: this.kind,
      source: { file: this.file, pointer },
      region,
      ...(typeof values.id === 'string' && values.id !== '' && deposed === undefined ? { resourceId: values.id } : {}),
      ...(doubt !== undefined ? { mayNotExist: doubt } : {}),
    };
    const element = buildElement(r.type, base, read);
    if (element) this.elements.push(element);
  }

  /**
   * Why an object of a state or plan may not be what the cloud has: one a create-before-destroy replacement left
   * behind (deposed), which the next apply destroys; one an apply failed part-way through (tainted), which the next
   * apply replaces and whose values may not be the cloud's; one of a provider other than Huawei Cloud's own, whose
   * behaviour the checker does not know.
   */
  private doubt(r: ShowResource, address: string, deposed: string | undefined): string | undefined {
    if (deposed !== undefined) {
      return `${address} is the deposed object ${deposed}, which a create-before-destroy replacement left behind and the next apply destroys; apply and check the state`;
    }
    if (r.tainted === true) {
      return `${address} is tainted (an apply failed part-way through it): the next apply replaces it, and its values may not be what the cloud has; apply and check the state`;
    }
    // Terraform 0.12 names the provider alone; later versions with its registry and namespace.
    const provider = r.provider_name;
    if (typeof provider === 'string' && !isHuaweiCloudProvider(provider)) {
      return `${address} is managed by the provider ${nameOf(provider, '?', 200)}, not huaweicloud/huaweicloud, whose behaviour the checker knows; use Huawei Cloud's provider`;
    }
    return undefined;
  }

  private read(
    values: Record<string, unknown>,
    afterUnknown: unknown,
    config: ConfigResource | undefined,
    address: string,
    attribute: string,
  ): Value<unknown> {
    const marker = isObject(afterUnknown) ? afterUnknown[attribute] : undefined;
    if (marker === true) {
      const followed = followReference(config, attribute, address, this.joins.calls ?? new Map());
      if (followed) return followed;
      return unknown(
        `${address}.${attribute} is known only after apply, and its expression refers to no resource the checker can follow; check the state after apply (terraform show -json)`,
      );
    }
    if (containsTrue(marker)) {
      return unknown(`part of ${address}.${attribute} is known only after apply; check the state after apply (terraform show -json)`);
    }
    return known(hasOwn(values, attribute) ? values[attribute] : undefined);
  }

  private region(config: ConfigResource | undefined, read: AttrReader): Value<string> {
    // A provider in another account or project puts the resource outside the place checked, whatever its region.
    const key = config?.provider_config_key;
    const elsewhere = typeof key === 'string' && key !== '' ? this.joins.providerElsewhere?.(key) : undefined;
    if (elsewhere !== undefined) return unknown(elsewhere);
    const own = read('region');
    if (own.kind === 'known' && typeof own.value === 'string' && own.value !== '') return known(own.value);
    if (this.kind === 'state') return unknown('the state has no region for this resource');
    // A region the resource sets but that is unknown stays unknown: the provider's is not the resource's.
    const set = config?.expressions?.region;
    if (own.kind !== 'known' && isObject(set) && !(set.constant_value === '' || set.constant_value === null)) {
      return own as Value<string>;
    }
    // Unknown until apply: the region comes from the resource's provider configuration.
    if (typeof key === 'string' && key !== '' && this.joins.providerRegion) return this.joins.providerRegion(key);
    return unknown('the plan gives no region for this resource and no provider configuration for it');
  }
}

/**
 * A reference from the plan's configuration, in place of an unknown value.
 * A resource attribute is returned as a reference; a module input
 * (`var.x` inside a module) is followed through the module call's
 * expression in the parent module.
 */
function followReference(
  config: ConfigResource | undefined,
  attribute: string,
  address: string,
  calls: Map<string, ModuleCall>,
): Value<unknown> | undefined {
  const expression = config?.expressions?.[attribute];
  return followExpression(expression, modulePath(address), calls, 0);
}

function followExpression(
  expression: unknown,
  instancePrefix: string,
  calls: Map<string, ModuleCall>,
  depth: number,
): Value<unknown> | undefined {
  if (depth > 20 || !isObject(expression)) return undefined;
  const references = distinctReferences(Array.isArray(expression.references) ? (expression.references as unknown[]) : []);
  // Several values (a conditional, a function of two resources): which one it is, is known only after apply.
  if (references.length !== 1) {
    return references.length > 1
      ? unknown(
          `its expression refers to ${references.slice(0, 3).join(', ')}${references.length > 3 ? ', ...' : ''}; which value it takes is known only after apply`,
        )
      : undefined;
  }
  const [r] = references;
  const parts = r.split('.');
  if (parts[0] === 'var' && parts[1] && instancePrefix) {
    // A module input: follow the argument the parent module passes.
    const call = calls.get(configAddress(instancePrefix));
    return followExpression(call?.expressions?.[parts[1]], parentPrefix(instancePrefix), calls, depth + 1);
  }
  // A resource attribute: TYPE.NAME.ATTR (with the resource's module path).
  if (
    parts.length >= 3 &&
    parts[0].includes('_') &&
    !['var', 'local', 'module', 'data', 'each', 'count', 'path', 'terraform'].includes(parts[0])
  ) {
    return ref(`${instancePrefix}${parts[0]}.${parts[1]}`, parts.slice(2).join('.'), r);
  }
  return undefined;
}

/**
 * The references of an expression, without those that only lead to
 * another (Terraform lists `t.a[0].x`, `t.a[0]` and `t.a` for `t.a[0].x`).
 */
function distinctReferences(list: unknown[]): string[] {
  const refs = [...new Set(list.filter((r): r is string => typeof r === 'string'))];
  return refs.filter((r) => !refs.some((other) => other !== r && other.startsWith(r) && /^[.[]/.test(other.slice(r.length))));
}

/** `module.a.module.b.` → `module.a.` */
function parentPrefix(prefix: string): string {
  return prefix.replace(/module\.[^.[]+(?:\[[^\]]*\])?\.$/, '');
}

/** Computed attributes that hold nothing for a new resource when its configuration does not set them. */
const NOTHING_UNLESS_SET = new Set(['huaweicloud_obs_bucket.policy']);

/** A provider configuration of a plan, by its key (a module's `module.x:huaweicloud` falls back to the root's). */
function providerConfig(plan: Plan, key: string): { expressions?: Record<string, unknown> } | undefined {
  const providers = plan.configuration?.provider_config ?? {};
  return hasOwn(providers, key)
    ? providers[key]
    : hasOwn(providers, key.slice(key.indexOf(':') + 1))
      ? providers[key.slice(key.indexOf(':') + 1)]
      : undefined;
}

/** Why the resources of a plan's provider are in another account (`assume_role`) or project (`project_name`). */
function planProviderElsewhere(plan: Plan, key: string): string | undefined {
  const expressions = providerConfig(plan, key)?.expressions ?? {};
  const role = expressions.assume_role;
  const project = expressions.project_name;
  const region = providerRegion(plan, key);
  return providerElsewhere(key, {
    assumesRole: role !== undefined && role !== null && !(Array.isArray(role) && role.length === 0),
    ...(isObject(project)
      ? { project: hasOwn(project, 'constant_value') ? { known: true as const, value: project.constant_value } : { known: false as const } }
      : {}),
    region: region.kind === 'known' ? region.value : undefined,
  });
}

function providerRegion(plan: Plan, key: string): Value<string> {
  const provider = providerConfig(plan, key);
  const expression = provider?.expressions?.region;
  if (!isObject(expression)) {
    return unknown(`provider ${key} sets no region (it comes from HW_REGION_NAME when Terraform runs); set region on the provider`);
  }
  if (typeof expression.constant_value === 'string') return known(expression.constant_value);
  const refs = Array.isArray(expression.references) ? (expression.references as unknown[]) : [];
  const variable = refs.find((r): r is string => typeof r === 'string' && r.startsWith('var.'));
  const value = variable ? plan.variables?.[variable.slice(4)]?.value : undefined;
  if (typeof value === 'string') return known(value);
  return unknown(`the region of provider ${key} is an expression the checker cannot evaluate; set it to a literal or a variable`);
}

/** Collects configuration resources and module calls by address, with module paths. */
function collectConfig(
  file: string,
  module: ConfigModule | undefined,
  out: Map<string, ConfigResource>,
  calls: Map<string, ModuleCall>,
  prefix = '',
  pointer = '/configuration/root_module',
  depth = 0,
): void {
  if (!isObject(module)) return;
  if (depth > MAX_MODULE_DEPTH) throw new InputError(file, pointer, TOO_DEEP);
  for (const r of Array.isArray(module.resources) ? module.resources : []) {
    if (isObject(r) && typeof r.address === 'string') out.set(prefix + r.address, r as unknown as ConfigResource);
  }
  const moduleCalls = (isObject(module.module_calls) ? module.module_calls : {}) as Record<string, ModuleCall | undefined>;
  for (const [name, call] of Object.entries(moduleCalls)) {
    if (!isObject(call)) continue;
    const childPrefix = `${prefix}module.${name}.`;
    calls.set(childPrefix, call as ModuleCall);
    const at = pointer + jsonPointer(['module_calls', name, 'module']);
    collectConfig(file, (call as ModuleCall).module, out, calls, childPrefix, at, depth + 1);
  }
}

/** `module.a["x"].module.b.type.name[0]` → `module.a.module.b.type.name` (configuration addresses have no instance keys). */
function configAddress(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

/** `module.a.module.b.type.name[0]` → `module.a.module.b.` */
function modulePath(address: string): string {
  const m = /^((?:module\.[^.]+(?:\[[^\]]*\])?\.)*)/.exec(address);
  return m ? m[1] : '';
}

/**
 * Whether an `after_unknown` marker holds `true` anywhere. One nested deeper than any attribute of the modeled
 * resources is taken to: what cannot be read through is not known.
 */
function containsTrue(x: unknown, depth = 0): boolean {
  if (x === true) return true;
  if (typeof x !== 'object' || x === null) return false;
  if (depth >= 50) return true;
  return Object.values(x).some((v) => containsTrue(v, depth + 1));
}
