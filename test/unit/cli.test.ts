// The CLI as CI runs it: `node dist/cli.js` on real folders (built by the test runner first).
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const examples = path.join(root, 'examples');

function run(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('quota-lint CLI', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quota-lint-cli-'));
    fs.mkdirSync(path.join(dir, '.git'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'build'));
    const hook = "setInterval(() => fetch('https://chat.googleapis.com/v1/spaces/A/messages?key=k&token=t', { method: 'POST', body: '{}' }), 500);\n";
    fs.writeFileSync(path.join(dir, 'src', 'hook.js'), hook);
    fs.writeFileSync(path.join(dir, 'node_modules', 'pkg', 'index.js'), hook);
    fs.writeFileSync(path.join(dir, 'build', 'out.js'), hook);
    fs.writeFileSync(path.join(dir, '.gitignore'), 'build/\n');
    fs.writeFileSync(path.join(dir, 'src', 'minified.js'), `var a=${'1+'.repeat(30000)}1;\n`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs through the package bin (what `npx quota-lint` starts), not only as dist/cli.js', () => {
    const bin = path.join(root, 'bin', 'quota-lint.js');
    const r = spawnSync(process.execPath, [bin, path.join(examples, 'google-chat')], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /queue-monitor\.js\n\s+10:1\s+error/);
  });

  it('prints stylish output and exits 1 when an error is found', () => {
    const r = run([path.join(examples, 'google-chat')]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /queue-monitor\.js\n\s+10:1\s+error\s+up to 120 Google Chat message writes in one minute to one space \(every 500 ms \(setInterval\)\).*rate-over-quota/);
    assert.match(r.stdout, /✖ \d+ problems \(1 error, \d+ warnings?\)/);
  });

  it('exits 0 with --exit-zero and when only warnings are found', () => {
    assert.equal(run([examples, '--exit-zero']).code, 0);
    assert.equal(run([path.join(examples, 'yida')]).code, 0);
  });

  it('prints the ESLint JSON shape with --format json', () => {
    const r = run([path.join(examples, 'google-chat', 'queue-monitor.js'), '--format', 'json']);
    const json = JSON.parse(r.stdout);
    assert.equal(json.length, 1);
    assert.equal(json[0].filePath, path.join(examples, 'google-chat', 'queue-monitor.js'));
    assert.equal(json[0].errorCount, 1);
    assert.equal(json[0].warningCount, 1);
    const m = json[0].messages[0];
    assert.deepEqual(Object.keys(m).sort(), ['column', 'endColumn', 'endLine', 'line', 'message', 'ruleId', 'severity']);
    assert.deepEqual([m.ruleId, m.severity, m.line, m.column, m.endLine, m.endColumn], ['rate-over-quota', 2, 10, 1, 10, 12]);
  });

  it('skips node_modules and .gitignore\'d files, and reports files it does not lint', () => {
    const r = run([dir, '--format', 'json']);
    const files = JSON.parse(r.stdout).map((x: { filePath: string }) => path.relative(dir, x.filePath));
    assert.deepEqual(files.sort(), ['src/hook.js', 'src/minified.js']);
    const minified = JSON.parse(r.stdout).find((x: { filePath: string }) => x.filePath.endsWith('minified.js'));
    assert.match(minified.messages[0].message, /^File not linted: skipped: the file looks minified/);
  });

  it("lints a crontab's readable lines and names the line it cannot read", () => {
    const r = run([path.join('test', 'fixtures', 'rates', 'crontab', 'docker', 'crontab')]);
    assert.equal(r.code, 1, 'the invalid schedule is an error');
    assert.match(r.stdout, /3:1 +warning +cron '0 2 \* \* \*' fires at minute 0/);
    assert.equal(r.stderr, 'quota-lint: test/fixtures/rates/crontab/docker/crontab:9:1: crontab: a line needs five schedule fields (minute hour day month weekday) and a command\n');
  });

  it('exits 2 with a message naming the problem on bad usage or unreadable input', () => {
    const missing = run(['no/such/dir']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /quota-lint: cannot read no\/such\/dir: no such file or directory/);
    const badOption = run(['--colour']);
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /unknown option --colour/);
    const badFormat = run(['--format', 'xml']);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /unknown format "xml"/);
  });

  it('prints the inventory with report --format json', () => {
    const r = run(['report', path.join(examples, 'yida', 'sync-orders.ts'), '--format', 'json'], root);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.callSites[0], {
      file: 'examples/yida/sync-orders.ts', line: 20, column: 14, provider: 'yida', operation: 'saveFormData', httpMethod: 'POST', via: 'sdk', viaWrapper: null,
    });
    assert.deepEqual(report.callSites[1].viaWrapper, 'saveOrder');
    assert.deepEqual(report.schedules, [{
      file: 'examples/yida/sync-orders.ts', line: 30, column: 6, kind: 'cron', library: 'node-cron', expression: '0 * * * *', firesAtMinuteZero: true, runsPerHour: 1,
    }]);
    assert.ok(report.findings.some((f: { ruleId: string; line: number }) => f.ruleId === 'peak-hour-schedule' && f.line === 30));
  });

  it('reports a requester as a call site when only another file passes it the provider URL', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'quota-lint-cross-'));
    try {
      fs.mkdirSync(path.join(project, 'src', 'tools'), { recursive: true });
      // Sorted after the requester, which is analysed before the file that tells its URL.
      fs.writeFileSync(path.join(project, 'src', 'z-server.ts'), [
        "import { sendTextMessage } from './tools/sendTextMessage';",
        "const WEBHOOK = 'https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=t';",
        "export const notify = (text: string) => sendTextMessage({ text }, WEBHOOK);",
        '',
      ].join('\n'));
      fs.writeFileSync(path.join(project, 'src', 'tools', 'sendTextMessage.ts'), [
        "import axios from 'axios';",
        'export async function sendTextMessage(params: { text: string }, webhookUrl: string) {',
        '  const res = await axios.post(webhookUrl, { text: params.text });',
        '  return res.data;',
        '}',
        '',
      ].join('\n'));
      const r = run(['report', 'src', '--format', 'json'], project);
      assert.equal(r.code, 0, r.stderr);
      const sites = JSON.parse(r.stdout).callSites.map((c: { file: string; line: number; provider: string }) => `${c.file}:${c.line}:${c.provider}`);
      assert.deepEqual(sites.sort(), ['src/tools/sendTextMessage.ts:3:google-chat', 'src/z-server.ts:3:google-chat']);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it('does not report building a router as a call site: its handlers run per request', () => {
    // A job queue fed by route handlers, and a manual script that requests the app through
    // supertest: the script's runtime reaches the handlers, but `createJobsRouter(runtime)` only
    // registers them.
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'quota-lint-router-'));
    const write = (file: string, lines: string[]) => {
      fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
      fs.writeFileSync(path.join(project, file), lines.join('\n') + '\n');
    };
    try {
      write('package.json', ['{ "name": "jobs", "private": true }']);
      write('src/jobQueue.ts', [
        'export class JobQueue {',
        '  private readonly pending: string[] = [];',
        '  constructor(private readonly handler: (jobId: string) => Promise<void>) {}',
        '  enqueue(jobId: string): void {',
        '    this.pending.push(jobId);',
        '    void this.drain();',
        '  }',
        '  private async drain(): Promise<void> {',
        '    while (this.pending.length > 0) {',
        '      const jobId = this.pending.shift();',
        '      if (!jobId) continue;',
        '      await this.handler(jobId);',
        '    }',
        '  }',
        '}',
      ]);
      write('src/worker.ts', [
        'export function createScrapeWorker() {',
        '  return async (jobId: string): Promise<void> => {',
        "    await fetch('https://realtime.oxylabs.io/v1/queries', { method: 'POST', body: JSON.stringify({ source: 'universal', url: jobId }) });",
        '  };',
        '}',
      ]);
      write('src/runtime.ts', [
        "import { JobQueue } from './jobQueue';",
        "import { createScrapeWorker } from './worker';",
        'export class RuntimeServices {',
        '  readonly jobQueue = new JobQueue(createScrapeWorker());',
        '}',
      ]);
      write('src/routes.ts', [
        "import { Router } from 'express';",
        "import type { RuntimeServices } from './runtime';",
        'export function createJobsRouter(runtime: RuntimeServices): Router {',
        '  const router = Router();',
        "  router.post('/scrape', (req, res) => {",
        '    runtime.jobQueue.enqueue(String(req.body.url));',
        '    res.status(202).end();',
        '  });',
        '  return router;',
        '}',
      ]);
      write('src/server.ts', [
        "import express from 'express';",
        "import { createJobsRouter } from './routes';",
        "import { RuntimeServices } from './runtime';",
        'export function createApp(runtime = new RuntimeServices()) {',
        '  const app = express();',
        "  app.use('/jobs', createJobsRouter(runtime));",
        '  return app;',
        '}',
      ]);
      write('scripts/manual.ts', [
        "import request from 'supertest';",
        "import { createApp } from '../src/server';",
        "import { RuntimeServices } from '../src/runtime';",
        'async function run(): Promise<void> {',
        '  const runtime = new RuntimeServices();',
        "  const res = await request(createApp(runtime)).post('/jobs/scrape').send({ url: 'https://example.com/' });",
        '  console.log(res.body);',
        '}',
        'run();',
      ]);
      const r = run(['report', '.', '--format', 'json'], project);
      assert.equal(r.code, 0, r.stderr);
      const sites = JSON.parse(r.stdout).callSites.map((c: { file: string; line: number }) => `${c.file}:${c.line}`);
      assert.deepEqual([...new Set(sites)].sort(), ['src/jobQueue.ts:12', 'src/jobQueue.ts:6', 'src/routes.ts:6', 'src/worker.ts:3']);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it('lints vercel.json with the project: its crons are schedules of the routes they request', () => {
    const project = path.join(root, 'test', 'fixtures', 'rates', 'vercel-cron');
    const r = run(['report', '.', '--format', 'json'], project);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    const vercel = report.schedules.filter((s: { file: string }) => s.file === 'vercel.json');
    assert.equal(vercel.length, 6);
    assert.deepEqual(vercel[0], { file: 'vercel.json', line: 5, column: 53, kind: 'cron', library: 'vercel', expression: '0 1 * * *', firesAtMinuteZero: true, runsPerHour: 1 });
    const peaks = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'peak-hour-schedule').map((f: { file: string; line: number }) => `${f.file}:${f.line}`);
    assert.deepEqual(peaks, ['vercel.json:5', 'vercel.json:8']);
  });

  it('writes SARIF 2.1.0 with rules and fingerprints', () => {
    const sarif = JSON.parse(run([path.join(examples, 'oxylabs'), '--format', 'sarif']).stdout);
    assert.equal(sarif.version, '2.1.0');
    const runOut = sarif.runs[0];
    assert.ok(runOut.tool.driver.rules.some((r: { id: string }) => r.id === 'polling-without-delay'));
    assert.ok(runOut.results.length > 0);
    for (const res of runOut.results) {
      assert.ok(res.partialFingerprints.primaryLocationLineHash);
      assert.equal(res.ruleId, runOut.tool.driver.rules[res.ruleIndex].id);
    }
  });

  it('reads quota-lint.json and reports its problems on stderr', () => {
    fs.writeFileSync(path.join(dir, 'quota-lint.json'), JSON.stringify({ rules: { 'rate-over-quota': 'off' }, oxylabsPlan: 'gold' }));
    const r = run([path.join(dir, 'src', 'hook.js'), '--format', 'json'], dir);
    assert.match(r.stderr, /quota-lint\.json:1: oxylabsPlan: expected one of "free-trial"/);
    assert.equal(JSON.parse(r.stdout)[0].messages.filter((m: { ruleId: string }) => m.ruleId === 'rate-over-quota').length, 0);
    fs.rmSync(path.join(dir, 'quota-lint.json'));
  });
});
