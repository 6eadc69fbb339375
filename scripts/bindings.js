// Generates the TypeScript bindings for the Huawei Cloud provider from the
// committed schema (providers/huaweicloud/schema.json) with cdktf's own
// generator, offline: no Terraform binary and no registry access.
//
// Used by `npm run generate:bindings` and by the test that fails when the
// committed bindings in lib/constructs/generated are stale.
'use strict';
const { mkdtempSync, readFileSync, rmSync, cpSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const SCHEMA_FILE = join(ROOT, 'providers', 'huaweicloud', 'schema.json');
const PROVIDER_FILE = join(ROOT, 'providers', 'huaweicloud', 'provider.json');
const OUT_DIR = join(ROOT, 'lib', 'constructs', 'generated', 'huaweicloud');

/**
 * The provider this schema was transcribed from. cdktf writes `version`
 * into the synthesized `required_providers`, pinning exactly the release
 * the bindings describe.
 */
function providerInfo() {
  return JSON.parse(readFileSync(PROVIDER_FILE, 'utf8'));
}

/** Writes the bindings into `outDir` (which is replaced). */
async function generateBindings(outDir = OUT_DIR) {
  // Required lazily: only this script and its test need the generator.
  const { TerraformProviderGenerator, CodeMaker } = require('@cdktf/provider-generator');
  const { ConstructsMakerProviderTarget, TerraformProviderConstraint, LANGUAGES } = require('@cdktf/commons');
  const info = providerInfo();
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
  const fqpn = `registry.terraform.io/${info.source}`;
  if (!schema.provider_schemas || !schema.provider_schemas[fqpn]) {
    throw new Error(`${SCHEMA_FILE}: provider_schemas has no "${fqpn}"`);
  }
  schema.provider_versions = { [fqpn]: info.version };

  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema);
  const constraint = new TerraformProviderConstraint({ name: info.name, source: info.source, version: info.version });
  generator.generate(new ConstructsMakerProviderTarget(constraint, LANGUAGES[0]));

  const staging = mkdtempSync(join(tmpdir(), 'cts-audit-bindings-'));
  try {
    await code.save(staging);
    rmSync(outDir, { recursive: true, force: true });
    cpSync(join(staging, 'providers', info.name), outDir, { recursive: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

module.exports = { generateBindings, providerInfo, OUT_DIR, SCHEMA_FILE };
