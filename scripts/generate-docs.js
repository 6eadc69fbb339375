#!/usr/bin/env node
// Writes docs/rules.md from policies/controls.json (run after `npm run build`).
// test/policy/rules-doc.test.ts fails when the committed file is stale.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { loadControls } = require('../dist/lib/policy/controls');
const { rulesMarkdown } = require('../dist/lib/policy/rules-doc');

const file = join(__dirname, '..', 'docs', 'rules.md');
writeFileSync(file, rulesMarkdown(loadControls()));
console.log(`wrote ${file}`);
