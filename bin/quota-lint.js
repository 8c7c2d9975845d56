#!/usr/bin/env node
// Entry for `npx quota-lint`: the CLI is bundled into dist/ by `npm run build`.
require('../dist/cli.js');
