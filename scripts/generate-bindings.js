#!/usr/bin/env node
'use strict';
const { generateBindings, OUT_DIR } = require('./bindings');

generateBindings().then(
  () => console.log(`wrote ${OUT_DIR}`),
  (e) => {
    console.error(`generate-bindings: ${e.message}`);
    process.exit(1);
  },
);
