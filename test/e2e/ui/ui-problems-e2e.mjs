// Drives code-server (the real VS Code workbench) in Debian's Chromium with playwright-core: opens the
// workspace, opens a file, opens the Problems panel, waits for the expected texts, then saves the panel's
// text and a screenshot. Run by run-ui-e2e.sh against a code-server started with --auth none and the VSIX
// installed.
// Env: CS_URL (default http://127.0.0.1:8791/), E2E_FOLDER (workspace, required), E2E_FILE (path inside it,
//      required), E2E_EXPECT ('|'-separated texts that must all appear in Problems), E2E_SCREENSHOT (png,
//      default problems.png), E2E_PROBLEMS_TXT (optional: write the Problems text there),
//      CHROMIUM (default /usr/bin/chromium), E2E_TIMEOUT_MS (default 60000).
// Prints one JSON object; exit 0 when every expected text appeared.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { chromium, launchOptions } from '../lib/playwright.mjs';

const need = (k) => process.env[k] ?? (() => { throw new Error(`set ${k}`); })();
const base = process.env.CS_URL ?? 'http://127.0.0.1:8791/';
const folder = need('E2E_FOLDER');
const file = need('E2E_FILE');
const name = basename(file);
const expected = (process.env.E2E_EXPECT ?? 'rate-over-quota').split('|').filter(Boolean);
const shot = process.env.E2E_SCREENSHOT ?? 'problems.png';
const failShot = shot.replace(/\.png$/, '') + '-failure.png';
const problemsTxt = process.env.E2E_PROBLEMS_TXT;
const timeout = Number(process.env.E2E_TIMEOUT_MS ?? 60000);
const t0 = Date.now();
const mark = (label) => console.error(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${label}`);
mkdirSync(dirname(shot), { recursive: true });

const profile = mkdtempSync(join(tmpdir(), 'quota-lint-e2e-chromium-'));
const context = await chromium.launchPersistentContext(profile, launchOptions());
const close = async () => { await context.close().catch(() => {}); rmSync(profile, { recursive: true, force: true }); };
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => { void close().finally(() => process.exit(1)); });
let ok = false;
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (e) => console.error('[pageerror]', e.message));
  await page.goto(`${base}?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.statusbar').waitFor();
  mark('workbench loaded');

  // Open the file with Quick Open (Ctrl+P); retry while file search warms up, then fall back to the Explorer.
  const quickInput = page.locator('.quick-input-widget input');
  const tab = page.locator(`.tabs-container .tab[aria-label*="${name}"]`).first();
  for (let attempt = 1; !(await tab.isVisible()); attempt++) {
    if (attempt > 3) {
      for (const part of file.split('/').slice(0, -1)) {
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: part }).first().click();
      }
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().dblclick();
      await tab.waitFor();
      break;
    }
    try {
      await page.keyboard.press('Control+P');
      await quickInput.waitFor({ timeout: 10000 });
      await quickInput.fill(name);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
      await row.waitFor({ timeout: 10000 });
      await row.click();
      await tab.waitFor({ timeout: 10000 });
    } catch (e) {
      console.error(`quick open attempt ${attempt} failed: ${e.message.split('\n')[0]}`);
      await page.keyboard.press('Escape');
    }
  }
  mark(`opened ${file}`);

  // Open the Problems panel through the command palette (same as View > Problems).
  await page.keyboard.press('F1');
  await quickInput.waitFor();
  await quickInput.fill('>Problems: Focus on Problems View');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Focus on Problems View' }).first().click();
  const markers = page.locator('.markers-panel');
  await markers.waitFor();
  // The first text shows that our diagnostic arrived; the others must then be there too (10 s grace).
  await markers.getByText(expected[0], { exact: false }).first().waitFor();
  let problems = '';
  let missing = expected;
  for (const end = Date.now() + 10000; ; await page.waitForTimeout(250)) {
    problems = (await markers.innerText()).trim();
    missing = expected.filter((t) => !problems.includes(t));
    if (!missing.length || Date.now() > end) break;
  }
  mark(missing.length ? `Problems lacks ${JSON.stringify(missing)}` : `Problems shows ${JSON.stringify(expected)}`);

  const notifications = await page.locator('.notifications-toasts').innerText({ timeout: 1000 }).catch(() => '');
  await page.screenshot({ path: missing.length ? failShot : shot });
  if (problemsTxt) { mkdirSync(dirname(problemsTxt), { recursive: true }); writeFileSync(problemsTxt, `${problems}\n`); }
  ok = missing.length === 0;
  console.log(JSON.stringify({ ok, seconds: (Date.now() - t0) / 1000, file, expected, missing, problems, notifications, screenshot: ok ? shot : failShot }, null, 2));
} catch (e) {
  const page = context.pages()[0];
  if (page) await page.screenshot({ path: failShot }).catch(() => {});
  const seen = page ? await page.locator('.markers-panel').innerText({ timeout: 1000 }).catch(() => '') : '';
  console.log(JSON.stringify({ ok: false, seconds: (Date.now() - t0) / 1000, error: String(e?.message ?? e), problems: seen.trim(), screenshot: failShot }, null, 2));
} finally {
  await close();
}
process.exit(ok ? 0 : 1);
