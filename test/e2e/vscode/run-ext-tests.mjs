// Runs extension integration tests (an extensionTestsPath module exporting run(), as for
// @vscode/test-electron) inside the Node extension host of the VS Code server bundled in code-server,
// driven through headless Debian Chromium with playwright-core. Started by run-ext-tests.sh, which starts
// the server with --enable-smoke-test-driver (needed for the URL payload below to be honoured).
// Env: CS_URL (default http://127.0.0.1:8793/), E2E_FOLDER (workspace folder, required),
//      EXT_DEV_PATH (extension folder, required), EXT_TESTS_PATH (test entry module, required),
//      CHROMIUM (default /usr/bin/chromium), E2E_TIMEOUT_MS (default 180000), E2E_SCREENSHOT (optional png),
//      E2E_LOG_ALL=1 to print every workbench log line (default drops known offline noise).
// Exit code = the test runner's exit code (0 passed, 1 tests failed), or 4 when the run itself broke.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { chromium, launchOptions } from '../lib/playwright.mjs';

const need = (k) => process.env[k] ?? (() => { throw new Error(`set ${k}`); })();
const base = new URL(process.env.CS_URL ?? 'http://127.0.0.1:8793/');
const folder = resolve(need('E2E_FOLDER'));
const remote = (p) => `vscode-remote://${base.host}${resolve(p)}`;
const payload = [
  ['extensionDevelopmentPath', remote(need('EXT_DEV_PATH'))],
  ['extensionTestsPath', remote(need('EXT_TESTS_PATH'))],
  ['skipWelcome', 'true'],
];
const timeout = Number(process.env.E2E_TIMEOUT_MS ?? 180000);
// Known harmless noise of an offline machine (marketplace, telemetry, GitHub auth, agent host).
// Their stack traces are dropped too; the stack of anything else (a failing test) is kept.
const noise = /^\[(AgentHost|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)|^(Resolving|Resolved) connection token|^Creating a socket|^Updating additional builtin|ENOTFOUND|authentication provider 'github'/;
const stackLine = /^\s+at /;
let inNoise = false;
const keep = (line) => {
  if (process.env.E2E_LOG_ALL) return true;
  if (stackLine.test(line)) return !inNoise;
  inNoise = noise.test(line);
  return !inNoise;
};
const t0 = Date.now();

const profile = mkdtempSync(join(tmpdir(), 'quota-lint-e2e-chromium-'));
const context = await chromium.launchPersistentContext(profile, launchOptions());
let code = 1;
const close = async () => { await context.close().catch(() => {}); rmSync(profile, { recursive: true, force: true }); };
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => { void close().finally(() => process.exit(1)); });
try {
  const page = context.pages()[0] ?? await context.newPage();
  // The workbench calls these two hooks while it runs extension tests (the same hooks @vscode/test-web uses).
  let onExit;
  const exited = new Promise((res) => { onExit = res; });
  await page.exposeFunction('codeAutomationLog', (_level, args) => {
    for (const line of (Array.isArray(args) ? format(...args) : String(args)).split('\n')) {
      if (keep(line)) console.log(line);
    }
  });
  await page.exposeFunction('codeAutomationExit', (c) => onExit(c));
  page.on('pageerror', (e) => console.error('[pageerror]', e.message));
  const url = `${base.origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url);
  let timer;
  const timedOut = new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`the extension tests did not finish within ${timeout} ms`)), timeout); });
  code = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT });
} catch (e) {
  console.error(String(e?.stack ?? e));
  code = 4; // the run itself broke (timeout, browser, workbench), as opposed to failing tests (1)
} finally {
  console.error(`extension tests exit code ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await close();
}
process.exit(code);
