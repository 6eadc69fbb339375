import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { TerraformOutput, Testing } from 'cdktf';
import { HuaweicloudProvider } from '../../lib/constructs';
import { CtsConfiguration } from '../../lib/constructs/generated/huaweicloud/cts-configuration';
import { DataHuaweicloudCtsOperations } from '../../lib/constructs/generated/huaweicloud/data-huaweicloud-cts-operations';
import { DataHuaweicloudIdentityAgencies } from '../../lib/constructs/generated/huaweicloud/data-huaweicloud-identity-agencies';
import { Id } from '../../lib/constructs/generated/random/id';
import { RandomProvider } from '../../lib/constructs/generated/random/provider';
import { validateAgainstSchema } from '../support/provider-schema';
import { SynthJson, makeStack, synth } from './helpers';

const bindings = require('../../scripts/bindings.js') as {
  generateBindings(outDir: string): Promise<void>;
  providerInfo(name?: string): { name: string; source: string; version: string };
  providerNames(): string[];
  OUT_DIR: string;
};

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(dir, full), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

test('the committed bindings are what the generator makes from the committed schema (run `npm run generate:bindings`)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cts-audit-bindings-test-'));
  try {
    await bindings.generateBindings(dir);
    expect(bindings.providerNames()).toEqual(['huaweicloud', 'random']);
    const fresh = files(dir);
    const committed = files(bindings.OUT_DIR);
    expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [name, text] of fresh) expect({ name, text: committed.get(name) }).toEqual({ name, text });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60000);

test("required_providers names the registry source and pins the schema's version", () => {
  const { stack } = makeStack();
  expect(synth(stack).terraform.required_providers).toEqual({
    huaweicloud: { source: 'huaweicloud/huaweicloud', version: bindings.providerInfo().version },
  });
  expect(bindings.providerInfo()).toEqual({ name: 'huaweicloud', source: 'huaweicloud/huaweicloud', version: '1.97.1' });
  expect(bindings.providerInfo('random')).toEqual({ name: 'random', source: 'hashicorp/random', version: '3.9.0' });
  expect(Testing.synth(stack)).toHaveProvider({ tfResourceType: HuaweicloudProvider.tfResourceType });
});

test('the bindings hold every resource and data source the constructs use, and they synthesize as the schema says', () => {
  const { stack, provider } = makeStack();
  new CtsConfiguration(stack, 'config', {
    provider,
    isSyncGlobalTrace: true,
    isSupportReadOnly: false,
    supportReadOnlyServices: ['ModelArts'],
  });
  const catalog = new DataHuaweicloudCtsOperations(stack, 'catalog', { provider, serviceType: 'ModelArts' });
  new DataHuaweicloudIdentityAgencies(stack, 'agency', { provider, name: 'cts_admin_trust' });
  new RandomProvider(stack, 'random');
  new Id(stack, 'suffix', { byteLength: 6 });
  new TerraformOutput(stack, 'first', { value: catalog.operations.get(0).serviceType });
  const json = synth(stack) as SynthJson & { data: Record<string, Record<string, unknown>> };
  expect(json.data.huaweicloud_cts_operations.catalog).toEqual({ provider: 'huaweicloud', service_type: 'ModelArts' });
  expect(json.data.huaweicloud_identity_agencies.agency).toEqual({ provider: 'huaweicloud', name: 'cts_admin_trust' });
  expect(json.resource.random_id.suffix).toEqual({ byte_length: 6 });
  expect(json.terraform.required_providers.random).toEqual({ source: 'hashicorp/random', version: '3.9.0' });
  expect(json.output?.first.value).toBe('${data.huaweicloud_cts_operations.catalog.operations[0].service_type}');
  expect(validateAgainstSchema(json as never)).toEqual([]);
});
