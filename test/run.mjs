#!/usr/bin/env node
// `npm test`: builds the bundles, then runs every test in one node:test run so CI reads a single
// summary: unit and fixture tests, the type check, the LSP protocol tests over stdio, and the
// real editors (VS Code inside code-server, its UI in headless Chromium, and Neovim).
// `node test/run.mjs unit` runs only the tests that need no editor (unit, fixtures, types, LSP).
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv[2];

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function files(dir, suffix) {
  const full = join(root, dir);
  return existsSync(full) ? readdirSync(full).filter((f) => f.endsWith(suffix)).sort().map((f) => join(dir, f)) : [];
}

run(process.execPath, ['esbuild.js']);
const tests = [...files('test/unit', '.test.ts'), ...files('test/lsp', '.test.ts')];
if (only !== 'unit') tests.push(...files('test/e2e', '.test.mjs'));
run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...tests]);
