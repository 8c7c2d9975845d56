#!/usr/bin/env node
// Entry for `npx quota-lint`: the CLI is bundled into dist/ by `npm run build`. Required from here,
// dist/cli.js is not the main module, so it is started explicitly.
require('../dist/cli.js').main(process.argv.slice(2));
