import { App, TerraformStack, Testing } from 'cdktf';
import { HuaweicloudProvider } from '../../lib/constructs';

/** A stack with a default `huaweicloud` provider in cn-north-4, like the tests of AWS CDK's Trail. */
export function makeStack(region = 'cn-north-4'): { app: App; stack: TerraformStack; provider: HuaweicloudProvider } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const provider = new HuaweicloudProvider(stack, 'huaweicloud', { region });
  return { app, stack, provider };
}

/** Synthesizes a stack and parses the result. */
export function synth(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack)) as SynthJson;
}

/** Synthesizes with validations run, as `cdktf synth` does; throws their errors. */
export function synthValidated(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack, true)) as SynthJson;
}

export interface SynthJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, Array<Record<string, unknown>>>;
  output?: Record<string, { value: unknown }>;
  variable?: Record<string, unknown>;
  terraform: { required_providers: Record<string, { source: string; version: string }> };
}

/** The instances of one resource type, without cdktf's metadata. */
export function resourcesOf(json: SynthJson, type: string): Array<Record<string, unknown>> {
  return Object.values(json.resource[type] ?? {}).map((r) => {
    const { ['//']: _metadata, ...rest } = r;
    return rest;
  });
}

/** The only instance of a resource type; fails if there are more or none. */
export function onlyResource(json: SynthJson, type: string): Record<string, unknown> {
  const all = resourcesOf(json, type);
  expect(all).toHaveLength(1);
  return all[0];
}

/** Runs the stack's validations and returns their messages. */
export function validationErrors(stack: TerraformStack): string[] {
  try {
    Testing.synth(stack, true);
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
}
