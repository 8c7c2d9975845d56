// Cloudflare Workers Cron Triggers: schedules written in wrangler.toml (or wrangler.json/jsonc),
// checked against the API calls of the Worker's `scheduled` handler (module syntax) or its
// `addEventListener('scheduled', …)` listener (service-worker syntax).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseTOML } from 'toml-eslint-parser';
import { fixtureWorkspace } from '../helpers/fixtures';
import { applyFix } from '../helpers/applyFix';
import { isWranglerConfig, readWranglerConfig, workerEntryCandidates } from '../../server/src/analysis/cloudflareCrons';
import { isLintedFile } from '../../server/src/workspace/files';
import { handlerExportNames, routeFileCandidates } from '../../server/src/analysis/vercelCrons';

const dir = path.join(__dirname, '..', 'fixtures', 'rates', 'cloudflare-worker');

function analyzeConfig(rel: string, text?: string) {
  const file = path.join(dir, rel);
  const source = text ?? fs.readFileSync(file, 'utf8');
  return { source, result: fixtureWorkspace(dir).analyze(file, source) };
}

/** `line:column` (1-based) of a needle in a text. */
function at(source: string, needle: string): string {
  const lines = source.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return `${line + 1}:${lines[line].indexOf(needle) + 1}`;
}

describe('Cloudflare Workers cron triggers', () => {
  it('flags minute-0 triggers whose scheduled handler reaches a throttled API, on the cron string', () => {
    const { source, result } = analyzeConfig('wrangler.toml');
    assert.deepEqual(result.findings.map((f) => `${f.loc.start.line + 1}:${f.loc.start.character + 1} ${f.ruleId}: ${f.message}`), [
      `${at(source, '"0 9 * * mon-fri"')} peak-hour-schedule: cron '0 9 * * mon-fri' fires at minute 0 of the hour and calls Google Chat spaces.messages.create; periodic jobs everywhere fire at :00, so shared limits peak then; Yida's throttling guide advises running off the hour (e.g. at :10). Move it to another minute.`,
      // The staging environment's trigger runs the same handler (its own `main`).
      `${at(source, '"*/20 * * * *"')} peak-hour-schedule: cron '*/20 * * * *' fires at minute 0 of the hour and calls Google Chat spaces.messages.create; periodic jobs everywhere fire at :00, so shared limits peak then; Yida's throttling guide advises running off the hour (e.g. at :10). Move it to another minute.`,
    ]);
    assert.deepEqual(result.findings[0].related.map((r) => `${path.relative(dir, r.loc.file)}:${r.loc.start.line + 1} ${r.message}`),
      ['src/index.ts:7 calls Google Chat spaces.messages.create']);
    assert.equal(result.callSites.length, 0, 'the calls belong to the Worker module');
  });

  it('lists every trigger for the report and the CodeLens, with what each run calls', () => {
    const { result } = analyzeConfig('wrangler.toml');
    assert.deepEqual(result.schedules.map((s) => [s.loc.start.line + 1, s.library, s.expression, s.firesAtMinuteZero, s.runsPerHour, s.runsPerDay]), [
      [8, 'cloudflare', '0 9 * * mon-fri', true, 1, 1],
      [9, 'cloudflare', '30 17 * * fri', false, 1, 1],
      [16, 'cloudflare', '*/20 * * * *', true, 3, 72],
    ]);
    assert.equal(result.lenses[0].title, 'At 09:00, Monday through Friday · 1 run/hour, 1/day · Google Chat spaces.messages.create ×1/run');
  });

  it('reads the service-worker form (addEventListener) and an inline triggers table', () => {
    const { result } = analyzeConfig('wrangler.legacy.toml');
    assert.deepEqual(result.findings.map((f) => `${f.loc.start.line + 1} ${f.ruleId} ${f.related.map((r) => `${path.relative(dir, r.loc.file)}:${r.loc.start.line + 1}`).join(' ')}`),
      ['4 peak-hour-schedule legacy/worker.js:4']);
  });

  it('reads wrangler.jsonc with comments, and reports an invalid trigger', () => {
    const { source, result } = analyzeConfig('json/wrangler.jsonc');
    assert.deepEqual(result.findings.map((f) => `${f.loc.start.line + 1}:${f.loc.start.character + 1} ${f.ruleId}: ${f.message}`), [
      `${at(source, '"0 25 * * *"')} invalid-schedule: Invalid cron expression '0 25 * * *' for cloudflare: Invalid value for hour: 25. The job will not run as intended.`,
    ]);
    assert.deepEqual(result.lenses.map((l) => l.title), [
      'At 10 minutes past the hour · 1 run/hour, 24/day · Oxylabs realtime.queries ×1/run',
      "invalid cron '0 25 * * *' · 0 runs/hour, 0/day · Oxylabs realtime.queries ×1/run",
    ]);
  });

  it('moves a trigger off the hour inside the TOML string; the fixed file parses, is quiet and stable', () => {
    const { source, result } = analyzeConfig('wrangler.toml');
    const fix = result.findings[0].fixes[0];
    assert.equal(fix.title, "Run at minute 10 instead ('10 9 * * mon-fri'), as Yida's throttling guide advises");
    const fixed = applyFix(source, fix);
    assert.doesNotThrow(() => parseTOML(fixed));
    assert.ok(fixed.includes('"10 9 * * mon-fri", # the reminder'));
    const again = analyzeConfig('wrangler.toml', fixed).result;
    assert.deepEqual(again.findings.map((f) => f.message.slice(0, 20)), ["cron '*/20 * * * *' "]);
  });

  it('survives broken and half-typed configuration without throwing', () => {
    const ws = fixtureWorkspace(dir);
    const file = path.join(dir, 'wrangler.toml');
    for (const broken of ['', '[triggers', 'crons = [', '[triggers]\ncrons = ["0 9 * * *"', '[triggers]\ncrons = "0 9 * * *"', 'main = 5\n[triggers]\ncrons = [5, true]']) {
      const r = ws.analyze(file, broken);
      assert.ok(!r.errors.some((e) => e.kind === 'internal'), `${JSON.stringify(broken)}: ${r.errors.map((e) => e.message).join('; ')}`);
    }
    assert.deepEqual(ws.analyze(file, '[triggers]\ncrons = "0 9 * * *"').errors.map((e) => e.message),
      ['wrangler.toml: "crons" should be a list of cron strings such as "10 9 * * mon-fri"']);
    assert.match(ws.analyze(file, '[triggers').errors[0]?.message ?? '', /^wrangler\.toml: /);
    const json = path.join(dir, 'json', 'wrangler.jsonc');
    assert.ok(!ws.analyze(json, '{ "triggers": { "crons": [').errors.some((e) => e.kind === 'internal'));
  });

  it("follows a Worker cron's request to the Pages Function that serves the path (onRequestGet)", () => {
    const pagesDir = path.join(__dirname, '..', 'fixtures', 'rates', 'cloudflare-pages');
    const config = path.join(pagesDir, 'wrangler.cron.toml');
    const r = fixtureWorkspace(pagesDir).analyze(config, fs.readFileSync(config, 'utf8'));
    assert.deepEqual(r.findings.map((f) => `${f.loc.start.line + 1} ${f.ruleId} ${f.related.map((x) => `${path.relative(pagesDir, x.loc.file)}:${x.loc.start.line + 1}`).join(' ')}`),
      ['6 peak-hour-schedule functions/api/check-overdue.js:2 functions/api/check-overdue.js:8']);
    const candidates = routeFileCandidates('/p', '/api/check-overdue').map((f) => path.relative('/p', f));
    assert.ok(candidates.includes('functions/api/check-overdue.js') && candidates.includes('functions/api/check-overdue/index.ts'));
    assert.deepEqual(handlerExportNames('/p/functions/api/x.js', 'POST', '/p'), ['onRequestPost', 'onRequest']);
    assert.deepEqual(handlerExportNames('/p/app/functions/x/route.ts', 'POST', '/p'), ['POST'], 'a Next.js route under a folder named functions');
  });

  it('knows the Wrangler file names and where the Worker entry is', () => {
    for (const name of ['wrangler.toml', 'wrangler.json', 'wrangler.jsonc', 'wrangler.cron.toml', 'wrangler.image-cron.toml']) {
      assert.ok(isWranglerConfig(`/p/${name}`), name);
      assert.ok(isLintedFile(`/p/${name}`), name);
    }
    for (const name of ['wrangler.yaml', 'my-wrangler.toml', 'Cargo.toml']) assert.ok(!isWranglerConfig(`/p/${name}`), name);
    const config = readWranglerConfig('[env.prod]\nmain = "dist/prod.js"\n', '/p/wrangler.toml');
    assert.deepEqual(workerEntryCandidates(config, '/p/wrangler.toml', 'prod'), ['/p/dist/prod.js']);
    assert.ok(workerEntryCandidates(config, '/p/wrangler.toml', undefined).includes('/p/src/index.ts'), 'no top-level main: the template locations');
  });
});
