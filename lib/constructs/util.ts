import { createHash } from 'node:crypto';
import { TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { HuaweicloudProvider } from './generated/huaweicloud/provider';

/** Short, stable hash of a construct's path: makes default names unique per stack and construct. */
export function pathHash(scope: IConstruct, length = 8): string {
  return createHash('sha256').update(scope.node.path).digest('hex').slice(0, length);
}

/**
 * The region resources in `scope` are created in, when it is known at synth
 * time: the explicit `region` prop, else the region of the given provider.
 * `undefined` means "the default provider's region, decided by Terraform".
 */
export function regionOf(provider: TerraformProvider | undefined, region: string | undefined): string | undefined {
  if (region !== undefined) return region;
  if (provider instanceof HuaweicloudProvider && provider.region && !Token.isUnresolved(provider.region)) {
    return provider.region;
  }
  return undefined;
}

/** Key for grouping resources by region in whole-stack validations. */
export function regionKey(region: string | undefined): string {
  return region ?? '(default provider region)';
}

/**
 * Throws the error for an explicit misuse of a construct's props, in the
 * form used throughout the library: the construct path, what was given, and
 * what to change.
 */
export function misuse(scope: Construct, message: string): never {
  throw new Error(`${scope.node.path}: ${message}`);
}

/** Checks a whole number in a range, throwing a message that names the prop. */
export function requireInteger(scope: Construct, name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    misuse(scope, `${name} is ${value}; it must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}`);
  }
  return value;
}

/** All constructs of a class in the stack of `scope`. */
export function findInStack<T>(scope: IConstruct, type: abstract new (...args: never[]) => T): T[] {
  return TerraformStack.of(scope)
    .node.findAll()
    .filter((c): c is IConstruct & T => c instanceof type);
}

/** The region a generated resource is created in, from its `region` argument or provider. */
export function resourceRegion(resource: { region?: string; provider?: TerraformProvider }): string | undefined {
  const region = resource.region;
  return regionOf(resource.provider, region && !Token.isUnresolved(region) ? region : undefined);
}

/** The Terraform versions the constructs' configuration needs: custom conditions (1.2), and what the README documents. */
export const REQUIRED_TERRAFORM = '>= 1.5.0';

/** Sets `terraform.required_version` of the stack of `scope`: its preconditions and postconditions need it. */
export function requireTerraform(scope: IConstruct): void {
  TerraformStack.of(scope).addOverride('terraform.required_version', REQUIRED_TERRAFORM);
}
