// Vercel Cron Jobs: schedules written in vercel.json, checked against the API calls of the routes
// they request (App Router `GET`, Pages Router default export, a handler wrapped at export).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { fixtureWorkspace } from '../helpers/fixtures';
import { applyFix } from '../helpers/applyFix';
import { forwardedFileCandidates, readVercelConfig, routeFileCandidates } from '../../server/src/analysis/vercelCrons';

const dir = path.join(__dirname, '..', 'fixtures', 'rates', 'vercel-cron');
const file = path.join(dir, 'vercel.json');
const text = fs.readFileSync(file, 'utf8');

function lineOf(needle: string, source = text): number {
  return source.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

/** `line:column` (1-based) of a needle in vercel.json. */
function at(needle: string): string {
  const line = lineOf(needle);
  return `${line}:${text.split('\n')[line - 1].indexOf(needle) + 1}`;
}

/** Analyses the vercel.json of a fixture project under test/fixtures/rates. */
function analyzeVercelFixture(name: string) {
  const projectDir = path.join(__dirname, '..', 'fixtures', 'rates', name);
  const config = path.join(projectDir, 'vercel.json');
  return fixtureWorkspace(projectDir).analyze(config, fs.readFileSync(config, 'utf8'));
}

/** Each finding as `line ruleId file:line …` of its related locations. */
function findingsWithRelated(r: { findings: { loc: { start: { line: number } }; ruleId: string; related: { loc: { file: string; start: { line: number } } }[] }[] }): string[] {
  return r.findings.map((f) => `${f.loc.start.line + 1} ${f.ruleId} ${f.related.map((x) => `${path.basename(x.loc.file)}:${x.loc.start.line + 1}`).join(' ')}`);
}

describe('vercel.json crons', () => {
  const result = fixtureWorkspace(dir).analyze(file, text);

  it('flags minute-0 schedules whose route reaches a throttled API, on the schedule string', () => {
    const found = result.findings.map((f) => `${f.loc.start.line + 1}:${f.loc.start.character + 1} ${f.ruleId}: ${f.message}`);
    assert.deepEqual(found, [
      `${at('"0 1 * * *"')} peak-hour-schedule: cron '0 1 * * *' fires at minute 0 of the hour and calls DingTalk oapi:/topapi/message/corpconversation/asyncsend_v2; Yida's throttling guide advises running periodic jobs off the hour (e.g. at :10). Move it to another minute.`,
      `${at('"0 * * * *"')} peak-hour-schedule: cron '0 * * * *' fires at minute 0 of the hour and calls Google Chat spaces.messages.create; periodic jobs everywhere fire at :00, so shared limits peak then; Yida's throttling guide advises running off the hour (e.g. at :10). Move it to another minute.`,
      `${at('"0 25 * * *"')} invalid-schedule: Invalid cron expression '0 25 * * *' for vercel: Invalid value for hour: 25. The job will not run as intended.`,
    ]);
  });

  it('points from the schedule to the calls in the route and its helpers', () => {
    const digest = result.findings[0];
    assert.deepEqual(digest.related.map((r) => `${path.relative(dir, r.loc.file)}:${r.loc.start.line + 1} ${r.message}`),
      ['lib/dingtalk.ts:14 calls DingTalk oapi:/topapi/message/corpconversation/asyncsend_v2']);
    assert.equal(digest.fixes.length, 2, 'JSON holds no comments: no suppression fix');
  });

  it('lists every schedule for the report and the CodeLens, with what each run calls', () => {
    assert.deepEqual(result.schedules.map((s) => [s.loc.start.line + 1, s.library, s.expression, s.firesAtMinuteZero, s.runsPerHour, s.runsPerDay]), [
      [lineOf('"0 1 * * *"'), 'vercel', '0 1 * * *', true, 1, 1],
      [lineOf('"0 * * * *"'), 'vercel', '0 * * * *', true, 1, 24],
      [lineOf('"15 6 * * *"'), 'vercel', '15 6 * * *', false, 1, 1],
      [lineOf('"0 3 * * *"'), 'vercel', '0 3 * * *', true, 1, 1],
      [lineOf('"0 2 * * *"'), 'vercel', '0 2 * * *', true, 1, 1],
      [lineOf('"0 25 * * *"'), 'vercel', '0 25 * * *', false, 0, 0],
    ]);
    assert.deepEqual(result.lenses.map((l) => l.title).slice(0, 3), [
      // The token is cached: one fetch per run, not one per notice.
      'At 01:00 · 1 run/hour, 1/day · DingTalk oapi:/gettoken ×1/run, DingTalk oapi:/topapi/message/corpconversation/asyncsend_v2 ×100/run',
      'Every hour · 1 run/hour, 24/day · Google Chat spaces.messages.create ×1/run',
      'At 06:15 · 1 run/hour, 1/day · Oxylabs realtime.queries ×3/run',
    ]);
    assert.equal(result.callSites.length, 0);
  });

  it('moves a schedule off the hour inside the JSON string, and the fixed file is quiet and stable', () => {
    const fix = result.findings[0].fixes[0];
    assert.equal(fix.title, "Run at minute 10 instead ('10 1 * * *'), as Yida's throttling guide advises");
    const fixed = applyFix(text, fix);
    const parsed = JSON.parse(fixed) as { crons: { schedule: string }[] };
    assert.equal(parsed.crons[0].schedule, '10 1 * * *');
    const again = fixtureWorkspace(dir).analyze(file, fixed);
    assert.deepEqual(again.findings.map((f) => f.ruleId), ['peak-hour-schedule', 'invalid-schedule']);
    assert.ok(!again.findings.some((f) => f.message.includes("'10 1 * * *'")));
  });

  it('survives broken and half-typed JSON without throwing', () => {
    const ws = fixtureWorkspace(dir);
    for (const broken of ['', '{', '{ "crons": [ { "path": "/api/cron/daily-digest", "schedule": ', '{ "crons": {} }', '[1, 2]', '{ "crons": [null, 3, { "path": 5 }] }']) {
      const r = ws.analyze(file, broken);
      assert.ok(!r.errors.some((e) => e.kind === 'internal'), `${JSON.stringify(broken)}: ${r.errors.map((e) => e.message).join('; ')}`);
      assert.deepEqual(r.findings.filter((f) => f.ruleId === 'peak-hour-schedule'), []);
    }
    const numeric = ws.analyze(file, '{ "crons": [ { "path": "/api/cron/daily-digest", "schedule": 5 } ] }');
    assert.deepEqual(numeric.errors.map((e) => e.message), ['vercel.json: a cron\'s "schedule" should be a string such as "10 8 * * *"']);
  });

  it('maps a cron path to the files that can serve it', () => {
    const c = routeFileCandidates('/p', '/api/cron/sync?x=1').map((f) => path.relative('/p', f));
    for (const expected of ['app/api/cron/sync/route.ts', 'src/app/api/cron/sync/route.js', 'pages/api/cron/sync.ts', 'src/pages/api/cron/sync/index.ts', 'api/cron/sync.js', 'src/routes/api/cron/sync/+server.ts', 'server/api/cron/sync.ts']) {
      assert.ok(c.includes(expected), expected);
    }
    assert.deepEqual(routeFileCandidates('/p', 'api/relative'), []);
    assert.deepEqual(routeFileCandidates('/p', '/api/../../etc/passwd'), []);
  });

  it('follows routes and rewrites to an Express app and finds the handler registered for the path', () => {
    const r = analyzeVercelFixture('vercel-express');
    assert.deepEqual(findingsWithRelated(r),
      ['9 peak-hour-schedule server.js:17']);
    // The health route answers without calling anything: its hourly cron stays silent.
    assert.deepEqual(r.lenses.map((l) => l.title), [
      'At 18:00, Monday through Friday · 1 run/hour, 1/day · DingTalk oapi:/robot/send ×1/run',
      'Every hour · 1 run/hour, 24/day',
    ]);
  });

  it("runs only the step a cron's query picks from a table of functions (App Router searchParams, Pages Router req.query)", () => {
    const r = analyzeVercelFixture('vercel-query-steps');
    // ?step=archive and ?job=cleanup run functions that call nothing: their minute-0 crons stay silent.
    assert.deepEqual(findingsWithRelated(r), [
      '3 peak-hour-schedule steps.ts:7',
      '7 peak-hour-schedule tasks.ts:7',
    ]);
    assert.deepEqual(r.lenses.map((l) => l.title), [
      'At 17:00, only on Saturday · 1 run/hour, 1/day · Google Chat spaces.messages.create ×1/run',
      'At 18:00, only on Saturday · 1 run/hour, 1/day',
      'At 08:30, only on Monday · 1 run/hour, 1/day · Google Chat spaces.messages.create ×1/run',
      'At 04:00 · 1 run/hour, 1/day',
      'At 05:00 · 1 run/hour, 1/day · DingTalk oapi:/topapi/message/corpconversation/asyncsend_v2 ×1/run',
    ]);
  });

  it("follows a master cron's requests to its own routes on the deployment's URL (`https://${process.env.VERCEL_URL}`)", () => {
    const r = analyzeVercelFixture('vercel-master-cron');
    // The daily cron reaches Google Chat through appointment-reminders; calendar-sync has no route and runs at :05.
    assert.deepEqual(findingsWithRelated(r),
      ['5 peak-hour-schedule google-chat.ts:4']);
  });

  it('reads rewrite patterns without evaluating them, and only file destinations', () => {
    const config = readVercelConfig(JSON.stringify({
      rewrites: [
        { source: '/api/:path*', destination: '/api' },
        { source: '/(.*)', destination: '/index.html' },
        { source: '/docs/:slug', destination: 'https://docs.example.com/:slug' },
      ],
      routes: [{ src: '/broken/(', dest: '/server.js' }],
    }), '/p/vercel.json');
    assert.equal(config.forwards.length, 3, 'the invalid regular expression is skipped');
    const files = forwardedFileCandidates('/p', '/api/cron/sync', config.forwards).map((f) => path.relative('/p', f));
    assert.ok(files.includes('api/index.js') && files.includes('api.ts'));
    assert.ok(!files.some((f) => f.includes('docs') || f.includes('index.html')), files.join(' '));
  });
});
