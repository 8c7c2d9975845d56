// node:test wrapper: the mocha integration suite (vscode/suite/) in the real VS Code 1.139 extension host
// (the VS Code server inside code-server, driven by headless Chromium), launched through
// @vscode/test-electron's runTests with vscode/vscode-shim.sh as the "VS Code executable".
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { E2E, assertExit0, cleanupRunDir, ensurePrerequisites, freePort, makeRunDir, ensureBuilt, run } from './lib/harness.mjs';

const EXPECTED_TESTS = [
  'rate-over-quota warning on google-chat/seed-test-space.ts',
  'code actions: disable for this line (applied, then reverted) and show documentation',
  'rate-over-quota error on google-chat/queue-monitor.js (setInterval every 500 ms)',
  'peak-hour-schedule on yida/sync-orders.ts (cron at minute 0)',
  'hover on chat.spaces.messages.create names Google Chat and the method',
  'CodeLens on yida/sync-orders.ts shows runs per hour',
  'quick fix: retry with backoff, applied through the Refactor Preview, clears missing-backoff',
  'quick fix: move the top-of-hour cron to minute 10 clears peak-hour-schedule',
];

test('VS Code: mocha suite in the real extension host (code-server 4.139.1 / VS Code 1.139.1) via @vscode/test-electron runTests', { timeout: 25 * 60 * 1000 }, async () => {
  await ensurePrerequisites();
  await ensureBuilt();
  const dir = makeRunDir('vscode');
  let res;
  try {
    res = await run(process.execPath, [join(E2E, 'vscode', 'run-tests.mjs')], {
      label: 'vscode',
      env: { E2E_PORT: String(await freePort()), E2E_PIDFILE_DIR: dir },
      timeoutMs: 6 * 60 * 1000,
    });
  } finally {
    const leftovers = await cleanupRunDir(dir);
    if (leftovers.length) process.stderr.write(`[e2e] vscode: killed leftover server process groups ${leftovers}\n`);
  }
  const out = `${res.stdout}\n${res.stderr}`;
  assertExit0(res, 'VS Code integration tests (test/e2e/vscode/run-tests.mjs)', { focus: /\d+ failing/ });
  assert.match(out, /runTests resolved with 0/);
  assert.doesNotMatch(out, /\d+ failing/);
  const passing = Number(/(\d+) passing/.exec(out)?.[1] ?? 0);
  assert.ok(passing >= EXPECTED_TESTS.length, `at least ${EXPECTED_TESTS.length} mocha tests passed (got ${passing})`);
  for (const title of EXPECTED_TESTS) assert.ok(out.includes(title), `mocha ran "${title}"`);
});
