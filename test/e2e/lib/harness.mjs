// Shared helpers of the node:test wrappers (test/e2e/*.e2e.test.mjs): prerequisite check + setup, a
// serialised build, free ports, and child processes that always die with their whole process group.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = resolve(E2E, '..', '..');
export const RESULTS = join(ROOT, 'test-results');
const SETUP = join(E2E, 'setup.sh');

const log = (msg) => process.stderr.write(`[e2e] ${msg}\n`);

// ---- process groups -------------------------------------------------------------------------------------
// Every child runs detached (its own process group). Servers started by the scripts live in further groups
// (setsid); the scripts write those ids as <pidfileDir>/*.pgid. All of them are killed on completion,
// on timeout and when this process exits or is interrupted.
const liveGroups = new Set();
const pidfileDirs = new Set();

function groupAlive(pgid) {
  try { process.kill(-pgid, 0); return true; } catch { return false; }
}

function signalGroup(pgid, sig) {
  try { process.kill(-pgid, sig); } catch { /* already gone */ }
}

async function killGroup(pgid, label) {
  if (!groupAlive(pgid)) return false;
  signalGroup(pgid, 'SIGTERM');
  for (let i = 0; i < 50 && groupAlive(pgid); i++) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pgid)) { log(`${label}: process group ${pgid} ignored SIGTERM; SIGKILL`); signalGroup(pgid, 'SIGKILL'); }
  return true;
}

function pgidsIn(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.pgid'))
    .map((f) => Number(readFileSync(join(dir, f), 'utf8').trim())).filter((n) => n > 1);
}

/** Kills any server process group a script left behind (normally the scripts' own traps did it already). */
export async function killLeftovers(dir) {
  const killed = [];
  for (const pgid of pgidsIn(dir)) if (await killGroup(pgid, 'leftover server')) killed.push(pgid);
  return killed;
}

function killAllNow() {
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
  for (const dir of pidfileDirs) for (const pgid of pgidsIn(dir)) signalGroup(pgid, 'SIGKILL');
}
process.on('exit', killAllNow);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    for (const pgid of liveGroups) signalGroup(pgid, 'SIGTERM');
    setTimeout(() => { killAllNow(); process.exit(130); }, 2000).unref();
  });
}

/** A temp dir for one test: pidfiles of started servers go there. Remove with `cleanupRunDir`. */
export function makeRunDir(label) {
  const dir = mkdtempSync(join(tmpdir(), `quota-lint-e2e-${label}-`));
  pidfileDirs.add(dir);
  return dir;
}

export async function cleanupRunDir(dir) {
  const killed = await killLeftovers(dir);
  pidfileDirs.delete(dir);
  rmSync(dir, { recursive: true, force: true });
  return killed;
}

/**
 * Runs a command in its own process group, streaming its output (prefixed) to stderr, and resolves with
 * { code, signal, stdout, stderr, timedOut, seconds }. On timeout the whole group is killed.
 */
export function run(cmd, args, { label = cmd, env = {}, cwd = ROOT, timeoutMs = 10 * 60 * 1000, echo = true } = {}) {
  const t0 = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pgid = child.pid;
    if (pgid) liveGroups.add(pgid);
    let stdout = '';
    let stderr = '';
    const forward = (chunk) => {
      if (!echo) return;
      for (const line of chunk.split('\n')) if (line) process.stderr.write(`[${label}] ${line}\n`);
    };
    const plain = (c) => c.toString().replace(/\x1b\[[0-9;]*m/g, ''); // no colour codes in CI logs and messages
    child.stdout.on('data', (c) => { const t = plain(c); stdout += t; forward(t); });
    child.stderr.on('data', (c) => { const t = plain(c); stderr += t; forward(t); });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      log(`${label}: timed out after ${timeoutMs / 1000} s; killing process group ${pgid}`);
      void killGroup(pgid, label);
    }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); liveGroups.delete(pgid); reject(new Error(`${label}: cannot start ${cmd}: ${e.message}`)); });
    // Once the command itself exits, kill whatever it left running in its group (that may also be what
    // keeps the output pipes open), then resolve when the output is drained.
    let reaped;
    child.on('exit', () => { reaped = killGroup(pgid, label); });
    child.on('close', async (code, signal) => {
      clearTimeout(timer);
      await (reaped ?? killGroup(pgid, label));
      liveGroups.delete(pgid);
      resolvePromise({ code, signal, stdout, stderr, timedOut, seconds: (Date.now() - t0) / 1000 });
    });
  });
}

/**
 * Fails (throws) unless the command exited 0. The message carries the part of stdout that starts at
 * `focus` (e.g. mocha's "N failing" section) when it matches, and the tail of stderr.
 */
export function assertExit0(res, what, { focus } = {}) {
  if (res.code === 0 && !res.timedOut) return;
  const lines = (text) => text.trim().split('\n');
  const at = focus ? res.stdout.search(focus) : -1;
  const details = at >= 0
    ? [...lines(res.stdout.slice(at)).slice(0, 40), '---- stderr (tail) ----', ...lines(res.stderr).slice(-15)]
    : lines(`${res.stdout}\n${res.stderr}`).slice(-40);
  throw new Error(`${what} ${res.timedOut ? 'timed out' : `failed (exit ${res.code}${res.signal ? `, ${res.signal}` : ''})`}\n${details.join('\n')}`);
}

// ---- prerequisites -----------------------------------------------------------------------------------------
/** Runs test/e2e/setup.sh when `setup.sh --check` reports something missing; throws if that fails. */
export async function ensurePrerequisites() {
  const check = spawnSync('bash', [SETUP, '--check'], { encoding: 'utf8', env: process.env });
  if (check.status === 0) return;
  log(`e2e prerequisites missing, running test/e2e/setup.sh:\n${check.stdout.trim()}`);
  const res = await run('bash', [SETUP], { label: 'setup', timeoutMs: 20 * 60 * 1000 });
  assertExit0(res, 'test/e2e/setup.sh (installing the e2e prerequisites)');
  const again = spawnSync('bash', [SETUP, '--check'], { encoding: 'utf8', env: process.env });
  if (again.status !== 0) throw new Error(`e2e prerequisites still missing after setup:\n${again.stdout}${again.stderr}`);
}

/**
 * `npm run build` (mode 'build') or `npm run package` (mode 'package': dist/ and quota-lint.vsix), once per
 * state of the sources (lib/build.sh: lock + stamps), so e2e files running in parallel share one build and
 * never rewrite dist/ under each other's editor.
 */
export async function ensureBuilt(mode = 'build') {
  const res = await run('bash', [join(E2E, 'lib', 'build.sh'), mode], { label: 'build', timeoutMs: 15 * 60 * 1000 });
  assertExit0(res, mode === 'package'
    ? 'packaging the extension (test/e2e/lib/build.sh package: npm run package)'
    : 'building the extension (test/e2e/lib/build.sh build: npm run build)');
}

/** A TCP port that is free right now on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => res(port)); });
  });
}
