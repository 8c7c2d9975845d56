// node:test wrapper: the packaged VSIX installed into code-server, the workspace and
// google-chat/seed-test-space.ts opened in headless Chromium, the Problems panel read and photographed
// (test-results/problems.png, test-results/problems.txt).
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { E2E, RESULTS, ROOT, assertExit0, cleanupRunDir, ensurePrerequisites, freePort, makeRunDir, ensureBuilt, run } from './lib/harness.mjs';

const FILE = 'google-chat/seed-test-space.ts';
const EXPECT = ['rate-over-quota', '60/min'];

test('UI: VSIX in code-server, Problems panel shows rate-over-quota (headless Chromium, screenshot)', { timeout: 25 * 60 * 1000 }, async () => {
  await ensurePrerequisites();
  await ensureBuilt('package');
  const vsix = join(ROOT, 'quota-lint.vsix');
  assert.ok(existsSync(vsix), `${vsix} was packaged`);

  mkdirSync(RESULTS, { recursive: true });
  const shot = join(RESULTS, 'problems.png');
  const txt = join(RESULTS, 'problems.txt');
  for (const f of [shot, txt, join(RESULTS, 'problems-failure.png')]) rmSync(f, { force: true });

  const dir = makeRunDir('ui');
  const ws = mkdtempSync(join(tmpdir(), 'quota-lint-ui-ws-'));
  cpSync(join(ROOT, 'examples'), ws, { recursive: true });
  let res;
  try {
    res = await run('bash', [join(E2E, 'ui', 'run-ui-e2e.sh'), vsix, ws, FILE], {
      label: 'ui',
      env: {
        E2E_PORT: String(await freePort()), E2E_PIDFILE_DIR: dir,
        E2E_EXPECT: EXPECT.join('|'), E2E_SCREENSHOT: shot, E2E_PROBLEMS_TXT: txt,
      },
      timeoutMs: 5 * 60 * 1000,
    });
  } finally {
    const leftovers = await cleanupRunDir(dir);
    if (leftovers.length) process.stderr.write(`[e2e] ui: killed leftover server process groups ${leftovers}\n`);
    rmSync(ws, { recursive: true, force: true });
  }
  assertExit0(res, `UI check (test/e2e/ui/run-ui-e2e.sh; see ${join(RESULTS, 'problems-failure.png')} if present)`, { focus: /^\{/m });
  const json = res.stdout.slice(res.stdout.indexOf('{'));
  const result = JSON.parse(json);
  assert.equal(result.ok, true);
  for (const text of [...EXPECT, 'seed-test-space.ts', 'quota-lint']) {
    assert.ok(result.problems.includes(text), `Problems panel contains ${JSON.stringify(text)}:\n${result.problems}`);
  }
  const png = readFileSync(shot);
  assert.ok(png.subarray(1, 4).toString() === 'PNG' && png.length > 20000, `${shot} is a real screenshot (${png.length} bytes)`);
  assert.equal(readFileSync(txt, 'utf8').trim(), result.problems);
});
