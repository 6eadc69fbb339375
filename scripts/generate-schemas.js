#!/usr/bin/env node
// Writes schemas/*.schema.json from the zod schemas in lib/policy (built to
// dist/ first by `npm run generate:schemas`). test/policy/json-schema.test.ts
// fails when the committed files are stale.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { JSON_SCHEMAS, jsonSchema } = require('../dist/lib/policy/json-schema');

for (const name of Object.keys(JSON_SCHEMAS)) {
  const file = join(__dirname, '..', 'schemas', name);
  writeFileSync(file, JSON.stringify(jsonSchema(name), null, 2) + '\n');
  console.log(`wrote ${file}`);
}
