// GitHub Actions scheduled workflows: crons written in .github/workflows/*.yml, checked against the
// API calls of the scripts their `run:` steps start (directly, through package.json scripts, in a
// `working-directory`, or as the compiled output of a source file).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { fixtureWorkspace } from '../helpers/fixtures';
import { applyFix } from '../helpers/applyFix';
import { isGithubWorkflow, readWorkflow, requestedRoutesOf, scriptFileCandidates, scriptFilesOf, type PackageScripts } from '../../server/src/analysis/githubWorkflows';
import { isLintedFile } from '../../server/src/workspace/files';

const dir = path.join(__dirname, '..', 'fixtures', 'rates', 'github-actions');
const workflows = path.join(dir, '.github', 'workflows');
const read = (name: string) => fs.readFileSync(path.join(workflows, name), 'utf8');

/** `line:column` (1-based) of a needle in a text. */
function at(text: string, needle: string): string {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return `${line + 1}:${lines[line].indexOf(needle) + 1}`;
}

describe('GitHub Actions workflow schedules', () => {
  const report = read('daily-report.yml');
  const digest = read('chat-digest.yml');
  const ws = fixtureWorkspace(dir);
  const reportResult = ws.analyze(path.join(workflows, 'daily-report.yml'), report);
  const digestResult = ws.analyze(path.join(workflows, 'chat-digest.yml'), digest);

  it('flags a minute-0 schedule whose script (run through `npm run`) posts to DingTalk, on the cron string', () => {
    assert.deepEqual(reportResult.findings.map((f) => `${f.loc.start.line + 1}:${f.loc.start.character + 1} ${f.ruleId}: ${f.message}`), [
      `${at(report, "'0 1 * * *'")} peak-hour-schedule: cron '0 1 * * *' fires at minute 0 of the hour and calls DingTalk oapi:/robot/send; Yida's throttling guide advises running periodic jobs off the hour (e.g. at :10). Move it to another minute.`,
    ]);
    assert.deepEqual(reportResult.findings[0].related.map((r) => `${path.relative(dir, r.loc.file)}:${r.loc.start.line + 1}`), ['scripts/daily-report.js:5']);
  });

  it('follows a working-directory and a compiled output back to the TypeScript source', () => {
    assert.deepEqual(digestResult.findings.map((f) => `${f.loc.start.line + 1} ${f.ruleId}`), [
      `${at(digest, '"0 * * * *"').split(':')[0]} peak-hour-schedule`,
      `${at(digest, '"0 25 * * *"').split(':')[0]} invalid-schedule`,
    ]);
    assert.match(digestResult.findings[0].message, /calls Google Chat spaces\.messages\.create/);
    assert.deepEqual(digestResult.findings[0].related.map((r) => path.relative(dir, r.loc.file)), ['bot/src/digest.ts']);
  });

  it('lists the schedules for the report and the CodeLens, with what each run calls', () => {
    assert.deepEqual(reportResult.schedules.map((s) => [s.loc.start.line + 1, s.library, s.expression, s.firesAtMinuteZero, s.runsPerHour, s.runsPerDay]), [
      [Number(at(report, "'0 1 * * *'").split(':')[0]), 'github-actions', '0 1 * * *', true, 1, 1],
      [Number(at(report, '"17 9 * * 1-5"').split(':')[0]), 'github-actions', '17 9 * * 1-5', false, 1, 1],
    ]);
    assert.deepEqual(reportResult.lenses.map((l) => l.title), [
      'At 01:00 · 1 run/hour, 1/day · DingTalk oapi:/robot/send ×1/run',
      'At 09:17, Monday through Friday · 1 run/hour, 1/day · DingTalk oapi:/robot/send ×1/run',
    ]);
    assert.equal(reportResult.callSites.length, 0);
  });

  it('follows a request to the app\'s own route, with its method, on the schedules the job is limited to', () => {
    const routes = read('route-crons.yml');
    const result = ws.analyze(path.join(workflows, 'route-crons.yml'), routes);
    assert.deepEqual(result.findings.map((f) => `${f.loc.start.line + 1} ${f.ruleId} ${f.related.map((r) => path.relative(dir, r.loc.file)).join()}`), [
      `${at(routes, '"0 * * * *"').split(':')[0]} peak-hour-schedule app/api/cron/overdue-tasks/route.ts`,
      `${at(routes, '"*/20 * * * *"').split(':')[0]} peak-hour-schedule app/api/cron/sync-spaces/route.ts`,
    ]);
    assert.deepEqual(result.lenses.map((l) => l.title), [
      'Every hour · 1 run/hour, 24/day · Google Chat spaces.messages.create ×1/run',
      'Every 20 minutes · 3 runs/hour, 72/day · Google Chat spaces.list ×1/run',
    ]);
    assert.deepEqual(readWorkflow(routes).runs.map((r) => r.schedules), [['0 * * * *'], ['*/20 * * * *']]);
  });

  it('reads the routes a step requests and the schedules a job\'s condition picks', () => {
    assert.deepEqual(requestedRoutesOf('curl -fsS "${{ secrets.APP_URL }}/api/cron/a?x=1" \\\n  -H "Authorization: Bearer $T"'), [{ path: '/api/cron/a', method: 'GET' }]);
    assert.deepEqual(requestedRoutesOf('curl -X POST $BASE/api/jobs/run && wget -qO- https://app.example.com/api/ping'), [
      { path: '/api/jobs/run', method: 'POST' }, { path: '/api/ping', method: 'GET' },
    ]);
    assert.deepEqual(requestedRoutesOf('curl -d "{}" "${APP}/api/hook"'), [{ path: '/api/hook', method: 'POST' }]);
    assert.deepEqual(requestedRoutesOf('echo "$URL/api/x" && npm test'), []);
    const job = (cond: string) => readWorkflow(`on:\n  schedule:\n    - cron: '0 1 * * *'\njobs:\n  a:\n    if: ${cond}\n    steps:\n      - run: node a.js\n`).runs[0].schedules;
    assert.deepEqual(job(`github.event.schedule == '0 1 * * *' || github.event.schedule == '5 2 * * *'`), ['0 1 * * *', '5 2 * * *']);
    assert.equal(job(`github.event.schedule != '0 1 * * *'`), undefined);
    assert.equal(job(`github.ref == 'refs/heads/main'`), undefined);
  });

  it('leaves a workflow without a schedule alone', () => {
    const ci = ws.analyze(path.join(workflows, 'ci.yml'), read('ci.yml'));
    assert.deepEqual([ci.findings, ci.schedules, ci.errors], [[], [], []]);
  });

  it('moves the schedule off the hour inside its quotes, and the fixed workflow is quiet and stable', () => {
    const fix = reportResult.findings[0].fixes[0];
    assert.equal(fix.title, "Run at minute 10 instead ('10 1 * * *'), as Yida's throttling guide advises");
    assert.equal(reportResult.findings[0].fixes.length, 2, 'no suppression fix in YAML');
    const fixed = applyFix(report, fix);
    const parsed = parseYaml(fixed) as { on: { schedule: { cron: string }[] } };
    assert.equal(parsed.on.schedule[0].cron, '10 1 * * *');
    assert.ok(fixed.includes("- cron: '10 1 * * *'   # 09:00 Beijing time"), 'quotes and comment kept');
    const again = fixtureWorkspace(dir).analyze(path.join(workflows, 'daily-report.yml'), fixed);
    assert.deepEqual(again.findings, []);
  });

  it('survives broken and half-typed YAML without throwing, with a clear message', () => {
    for (const broken of ['', 'on:\n  schedule:\n    - cron: "0 1', 'on: [push', 'jobs: 5', 'on:\n  schedule: nope', 'on:\n  schedule:\n    - cron: 5\n    - 3\n', ':\n- - :']) {
      const r = ws.analyze(path.join(workflows, 'daily-report.yml'), broken);
      assert.ok(!r.errors.some((e) => e.kind === 'internal'), `${JSON.stringify(broken)}: ${r.errors.map((e) => e.message).join('; ')}`);
      assert.deepEqual(r.findings.filter((f) => f.ruleId === 'peak-hour-schedule'), []);
    }
    const unterminated = ws.analyze(path.join(workflows, 'daily-report.yml'), 'on:\n  schedule:\n    - cron: "0 1');
    assert.match(unterminated.errors[0]?.message ?? '', /^workflow YAML: /);
    const numeric = readWorkflow('on:\n  schedule:\n    - cron: 5\n');
    assert.deepEqual(numeric.problems.map((p) => p.message), ["workflow: a schedule entry should be `- cron: '10 8 * * *'`"]);
  });

  it('reads the scripts a step starts', () => {
    const packages: Record<string, PackageScripts> = {
      '.': { scripts: { report: 'node -r dotenv/config scripts/report.js', notify: 'npm run report && tsx src/notify.ts', start: 'node .' }, main: 'server.js' },
      app: { scripts: { cron: 'ts-node --transpile-only ./jobs/cron.ts' } },
    };
    const packageAt = (d: string) => packages[d];
    const files = (script: string, wd?: string) => scriptFilesOf(script, wd, packageAt);
    assert.deepEqual(files('node scripts/send.js'), ['scripts/send.js']);
    assert.deepEqual(files('TZ=Asia/Shanghai node --max-old-space-size=512 ./index.mjs'), ['index.mjs']);
    assert.deepEqual(files('npx tsx src/main.ts\nnpx -y ts-node other.ts'), ['src/main.ts', 'other.ts']);
    assert.deepEqual(files('npm run notify'), ['scripts/report.js', 'src/notify.ts']);
    assert.deepEqual(files('npm start'), ['server.js']);
    assert.deepEqual(files('cd app && yarn cron'), ['app/jobs/cron.ts']);
    assert.deepEqual(files('pnpm run cron', 'app'), ['app/jobs/cron.ts']);
    assert.deepEqual(files('bun run bot.ts; deno run -A --env-file .env main.ts'), ['bot.ts', 'main.ts']);
    assert.deepEqual(files('node_modules/.bin/tsx src/index.ts\n./node_modules/.bin/ts-node jobs/a.ts'), ['src/index.ts', 'jobs/a.ts']);
    assert.deepEqual(files('node --env-file=.env node_modules/.bin/tsx src/reading.ts'), ['src/reading.ts']);
    assert.deepEqual(files('node_modules/.bin/eslint src/index.ts'), []);
    assert.deepEqual(files('npm ci && npm test && echo done'), []);
    assert.deepEqual(files('node -e "console.log(1)"'), []);
    assert.deepEqual(files('npm run missing'), []);
  });

  it('maps compiled output to its source and knows which files are workflows', () => {
    const c = scriptFileCandidates('/p', 'bot/dist/index.js').map((f) => path.relative('/p', f));
    for (const expected of ['bot/dist/index.js', 'bot/src/index.ts', 'bot/index.ts']) assert.ok(c.includes(expected), expected);
    assert.ok(scriptFileCandidates('/p', 'scripts/run').map((f) => path.relative('/p', f)).includes('scripts/run/index.ts'));
    assert.ok(isGithubWorkflow('/p/.github/workflows/cron.yaml') && isGithubWorkflow('C:\\p\\.github\\workflows\\a.yml'));
    assert.ok(!isGithubWorkflow('/p/.github/dependabot.yml') && !isGithubWorkflow('/p/workflows/a.yml'));
    assert.ok(isLintedFile('/p/.github/workflows/cron.yml') && !isLintedFile('/p/docker-compose.yml'));
  });
});
