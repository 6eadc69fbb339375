// Generates the TypeScript bindings for the Terraform providers the
// constructs use (each folder of providers/: huaweicloud, random) from their
// committed schemas (providers/<name>/schema.json) with cdktf's own
// generator, offline: no Terraform binary and no registry access.
//
// Used by `npm run generate:bindings` and by the test that fails when the
// committed bindings in lib/constructs/generated are stale.
'use strict';
const { mkdtempSync, readFileSync, readdirSync, rmSync, cpSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const PROVIDERS_DIR = join(ROOT, 'providers');
const OUT_DIR = join(ROOT, 'lib', 'constructs', 'generated');

/** The providers with a committed schema, by folder name. */
function providerNames() {
  return readdirSync(PROVIDERS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/**
 * The provider a schema was transcribed from. cdktf writes `version` into
 * the synthesized `required_providers`, pinning exactly the release the
 * bindings describe.
 */
function providerInfo(name = 'huaweicloud') {
  return JSON.parse(readFileSync(join(PROVIDERS_DIR, name, 'provider.json'), 'utf8'));
}

/** Writes the bindings of every provider into `outDir/<name>` (each replaced). */
async function generateBindings(outDir = OUT_DIR) {
  // Required lazily: only this script and its test need the generator.
  const { TerraformProviderGenerator, CodeMaker } = require('@cdktf/provider-generator');
  const { ConstructsMakerProviderTarget, TerraformProviderConstraint, LANGUAGES } = require('@cdktf/commons');
  for (const name of providerNames()) {
    const info = providerInfo(name);
    const schemaFile = join(PROVIDERS_DIR, name, 'schema.json');
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    const fqpn = `registry.terraform.io/${info.source}`;
    if (info.name !== name || !schema.provider_schemas || !schema.provider_schemas[fqpn]) {
      throw new Error(`${schemaFile}: provider_schemas has no "${fqpn}", or provider.json names another provider than "${name}"`);
    }
    schema.provider_versions = { [fqpn]: info.version };

    const code = new CodeMaker();
    const generator = new TerraformProviderGenerator(code, schema);
    const constraint = new TerraformProviderConstraint({ name: info.name, source: info.source, version: info.version });
    generator.generate(new ConstructsMakerProviderTarget(constraint, LANGUAGES[0]));

    const staging = mkdtempSync(join(tmpdir(), 'cts-audit-bindings-'));
    try {
      await code.save(staging);
      rmSync(join(outDir, name), { recursive: true, force: true });
      cpSync(join(staging, 'providers', info.name), join(outDir, name), { recursive: true });
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
}

module.exports = { generateBindings, providerInfo, providerNames, OUT_DIR };
