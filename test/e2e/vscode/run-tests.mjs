// Entry point of the VS Code integration tests: @vscode/test-electron's runTests() with the
// code-server-backed shim as the "VS Code executable" (no Electron VS Code can be downloaded offline).
// The workspace is a fresh copy of examples/ in a temp dir, so the tests can edit files freely.
// Usage: node test/e2e/vscode/run-tests.mjs   (env E2E_PORT, E2E_CACHE, E2E_PIDFILE_DIR as run-ext-tests.sh)
// Needs test/e2e/setup.sh and `npm run build` first (the extension runs from dist/).
import { runTests } from '@vscode/test-electron';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..', '..');
if (!existsSync(join(root, 'dist', 'extension.js')) || !existsSync(join(root, 'dist', 'server.js'))) {
  console.error('dist/extension.js or dist/server.js missing: run `npm run build` first');
  process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), 'quota-lint-vscode-e2e-'));
const workspace = join(tmp, 'workspace');
cpSync(join(root, 'examples'), workspace, { recursive: true });

let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath: join(here, 'vscode-shim.sh'),
    extensionDevelopmentPath: root,
    extensionTestsPath: join(here, 'suite', 'index.cjs'),
    // The workspace folder; the profile dirs are ignored by the shim (run-ext-tests.sh uses its own temp
    // dirs) but passing them keeps runTests from pointing at ./.vscode-test.
    launchArgs: [workspace, `--user-data-dir=${join(tmp, 'user')}`, `--extensions-dir=${join(tmp, 'ext')}`],
  });
  console.log(`runTests resolved with ${code}`);
} catch (e) {
  console.error(`runTests failed: ${e?.message ?? e}`);
  code = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
