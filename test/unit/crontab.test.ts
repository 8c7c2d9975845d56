// Crontab files committed with the project (`docker/crontab`, `cron.d/report`): each line's
// schedule, checked against the API calls of the route its command requests or the script it starts.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { fixtureWorkspace } from '../helpers/fixtures';
import { applyFix } from '../helpers/applyFix';
import { isCrontab, readCrontab } from '../../server/src/analysis/crontabs';
import { requestedRoutesOf } from '../../server/src/analysis/githubWorkflows';
import { isLintedFile } from '../../server/src/workspace/files';

const dir = path.join(__dirname, '..', 'fixtures', 'rates', 'crontab');

function analyzeCrontab(rel: string, text?: string) {
  const file = path.join(dir, rel);
  const source = text ?? fs.readFileSync(file, 'utf8');
  return { source, result: fixtureWorkspace(dir).analyze(file, source) };
}

const PEAK = "Yida's throttling guide advises running periodic jobs off the hour (e.g. at :10). Move it to another minute.";

describe('crontab files', () => {
  it("flags minute-0 lines whose route or script reaches a throttled API, on the line's schedule", () => {
    const { result } = analyzeCrontab('docker/crontab');
    assert.deepEqual(result.findings.map((f) => `${f.loc.start.line + 1}:${f.loc.start.character + 1}-${f.loc.end.character + 1} ${f.ruleId}: ${f.message}`), [
      `3:1-10 peak-hour-schedule: cron '0 2 * * *' fires at minute 0 of the hour and calls DingTalk oapi:/gettoken, DingTalk oapi:/topapi/v2/user/get; ${PEAK}`,
      `5:1-8 peak-hour-schedule: cron '@hourly' fires at minute 0 of the hour and calls DingTalk oapi:/gettoken, DingTalk oapi:/topapi/v2/user/get; ${PEAK}`,
      "8:1-11 invalid-schedule: Invalid cron expression '61 * * * *' for crontab: Invalid value for minute: 61. The job will not run as intended.",
    ]);
    assert.deepEqual(result.findings[0].related.map((r) => `${path.relative(dir, r.loc.file)}:${r.loc.start.line + 1}`),
      ['app/api/admin/dingtalk/sync-managers/route.ts:5', 'app/api/admin/dingtalk/sync-managers/route.ts:13']);
  });

  it('lists every schedule for the report and the CodeLens; @reboot and comments are no schedules', () => {
    const { result } = analyzeCrontab('docker/crontab');
    assert.deepEqual(result.schedules.map((s) => [s.loc.start.line + 1, s.library, s.expression, s.firesAtMinuteZero, s.runsPerHour]), [
      [3, 'crontab', '0 2 * * *', true, 1],
      [4, 'crontab', '15 8 * * 1', false, 1],
      [5, 'crontab', '@hourly', true, 1],
      [7, 'crontab', '0 3 * * *', true, 1],
      [8, 'crontab', '61 * * * *', false, 0],
    ]);
    // `npm run report` from the deployed folder runs the package script, which posts to Chat.
    assert.equal(result.lenses[1].title, 'At 08:15, only on Monday · 1 run/hour, 1/day · Google Chat spaces.messages.create ×1/run');
    // A backup script outside the project calls nothing we know: a schedule, but no finding.
    assert.equal(result.lenses[3].title, 'At 03:00 · 1 run/hour, 1/day');
    assert.deepEqual(result.errors.map((e) => `${e.loc?.start.line! + 1} ${e.message}`),
      ['9 crontab: a line needs five schedule fields (minute hour day month weekday) and a command']);
  });

  it('skips the user field of a system crontab (cron.d)', () => {
    const { result } = analyzeCrontab('cron.d/report');
    assert.deepEqual(result.findings.map((f) => `${f.loc.start.line + 1} ${f.ruleId} ${/calls ([^;]+);/.exec(f.message)?.[1]}`), [
      '2 peak-hour-schedule Google Chat spaces.messages.create',
      '4 peak-hour-schedule DingTalk oapi:/gettoken, DingTalk oapi:/topapi/v2/user/get',
    ]);
  });

  it('moves a line off the hour, bare as crontab writes it; the fix is stable', () => {
    const { source, result } = analyzeCrontab('docker/crontab');
    const fix = result.findings[0].fixes[0];
    assert.equal(fix.title, "Run at minute 10 instead ('10 2 * * *'), as Yida's throttling guide advises");
    const fixed = applyFix(source, fix);
    assert.ok(fixed.includes('\n10 2 * * * wget -q -O /dev/null'), fixed);
    const again = analyzeCrontab('docker/crontab', fixed).result;
    assert.deepEqual(again.findings.map((f) => f.message.slice(0, 16)), ["cron '@hourly' f", "Invalid cron exp"]);
    const nickname = result.findings[1].fixes[0];
    assert.ok(applyFix(source, nickname).includes('\n10 * * * * curl -fsS'), 'a nickname becomes its five fields');
  });

  it('survives half-typed lines without throwing', () => {
    const ws = fixtureWorkspace(dir);
    const file = path.join(dir, 'docker', 'crontab');
    for (const broken of ['', '0', '0 2 * *', '@', '@weird echo', '* * * * * ', '\r\n\r\n0 2 * * * curl "$URL/api/admin/dingtalk/sync-managers"\r\n']) {
      const r = ws.analyze(file, broken);
      assert.ok(!r.errors.some((e) => e.kind === 'internal'), `${JSON.stringify(broken)}: ${r.errors.map((e) => e.message).join('; ')}`);
    }
    assert.deepEqual(readCrontab('@weird echo').problems.map((p) => p.message.slice(0, 36)), ["crontab: unknown schedule '@weird'; "]);
    assert.equal(readCrontab('0 2 * * * curl x\r\n').entries[0].expression, '0 2 * * *');
    assert.deepEqual(readCrontab('@daily\n').problems.map((p) => p.message), ["crontab: '@daily' needs a command after it"]);
  });

  it('knows crontab file names, and reads the method of wget and curl requests', () => {
    for (const name of ['docker/crontab', 'deploy/app.crontab', 'jobs.cron', 'etc/cron.d/report']) {
      assert.ok(isCrontab(`/p/${name}`), name);
      assert.ok(isLintedFile(`/p/${name}`), name);
    }
    for (const name of ['crontab.md', 'cron.ts', 'src/cron/index.js', 'etc/cron.d/README.md']) assert.ok(!isCrontab(`/p/${name}`), name);
    assert.deepEqual(requestedRoutesOf('wget -q --post-data="" "$APP/api/sync"'), [{ path: '/api/sync', method: 'POST' }]);
    assert.deepEqual(requestedRoutesOf('wget --method=PUT "$APP/api/sync"'), [{ path: '/api/sync', method: 'PUT' }]);
    assert.deepEqual(requestedRoutesOf('wget -d "$APP/api/sync"'), [{ path: '/api/sync', method: 'GET' }], "wget's -d is --debug");
  });
});
