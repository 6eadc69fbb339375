import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Testing } from 'cdktf';
import { HuaweicloudProvider } from '../../lib/constructs';
import { makeStack, synth } from './helpers';

const bindings = require('../../scripts/bindings.js') as {
  generateBindings(outDir: string): Promise<void>;
  providerInfo(): { name: string; source: string; version: string };
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
    await bindings.generateBindings(join(dir, 'huaweicloud'));
    const fresh = files(join(dir, 'huaweicloud'));
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
  expect(Testing.synth(stack)).toHaveProvider({ tfResourceType: HuaweicloudProvider.tfResourceType });
});
