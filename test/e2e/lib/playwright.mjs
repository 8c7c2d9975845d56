// Loads playwright-core from the e2e cache (.e2e-cache/drivers, installed by test/e2e/setup.sh), so the
// project itself needs no browser-driver dependency. Also the shared Chromium launch options.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cache = process.env.E2E_CACHE ?? join(root, '.e2e-cache');
const manifest = join(cache, 'drivers', 'package.json');
if (!existsSync(join(cache, 'drivers', 'node_modules', 'playwright-core'))) {
  throw new Error(`playwright-core missing in ${join(cache, 'drivers')}; run test/e2e/setup.sh`);
}
export const { chromium } = createRequire(manifest)('playwright-core');

export const launchOptions = () => ({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
