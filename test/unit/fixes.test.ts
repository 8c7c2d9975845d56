// Quick fixes as before/after pairs: `name.before.ts` says which fix to apply in its first line
// (`// quota-lint-fix: <rule> <title prefix>`), and `name.after.ts` is the expected result. The
// result must parse, clear the diagnostic, and a second application must change nothing.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from '../../server/src/analysis/parse';
import { fixtureWorkspace } from '../helpers/fixtures';
import { applyFix } from '../helpers/applyFix';
import type { Finding, Fix } from '../../server/src/model';

const dir = path.join(__dirname, '..', 'fixtures', 'fixes');
const HEADER = /^\/\/ quota-lint-fix: (\S+) (.+)$/m;
const PROJECT = /^\/\/ quota-lint-test-project: (\{.*\})$/m;
const SETTINGS = /^\/\/ quota-lint-test-settings: (\{.*\})$/m;

function findings(file: string, text: string, project?: string): Finding[] {
  const ws = fixtureWorkspace(dir, SETTINGS.exec(text)?.[1]);
  const projectInfo = project ? JSON.parse(project) : undefined;
  return (projectInfo ? ws.withProject(() => projectInfo) : ws).analyze(file, text).findings;
}

function pick(list: Finding[], rule: string, title: string): { finding: Finding; fix: Fix } | undefined {
  for (const f of list) {
    if (f.ruleId !== rule) continue;
    const fix = f.fixes.find((x) => x.title.startsWith(title));
    if (fix) return { finding: f, fix };
  }
  return undefined;
}

describe('quick fixes (before/after)', () => {
  for (const name of fs.readdirSync(dir).filter((f) => /\.before\.(ts|js)$/.test(f)).sort()) {
    it(name.replace(/\.before\.(ts|js)$/, ''), () => {
      const before = path.join(dir, name);
      const after = before.replace('.before.', '.after.');
      const text = fs.readFileSync(before, 'utf8');
      const [, rule, title] = HEADER.exec(text) ?? [];
      assert.ok(rule, `${name} must start with // quota-lint-fix: <rule> <title prefix>`);
      const project = PROJECT.exec(text)?.[1];
      const chosen = pick(findings(before, text, project), rule, title.trim());
      assert.ok(chosen, `no ${rule} finding offers a fix titled "${title}"`);
      const fixed = applyFix(text, chosen.fix);
      if (process.env.UPDATE_FIXTURES) fs.writeFileSync(after, fixed);
      assert.equal(fixed, fs.readFileSync(after, 'utf8'));
      const parsed = parse(fixed, before, 1024);
      assert.ok(parsed.ok && parsed.parsed.syntaxErrors.length === 0, `the fixed code parses: ${parsed.ok ? parsed.parsed.syntaxErrors.map((e) => e.message).join('; ') : parsed.error.message}`);
      const remaining = findings(before, fixed, project).filter((f) => f.ruleId === rule);
      const beforeCount = findings(before, text, project).filter((f) => f.ruleId === rule).length;
      assert.ok(remaining.length < beforeCount, `the ${rule} finding is gone (${beforeCount} before, ${remaining.length} after)`);
      const again = pick(findings(before, fixed, project), rule, title.trim());
      if (again) assert.equal(applyFix(fixed, again.fix), fixed, 'applying the fix twice changes nothing');
    });
  }
});

describe('off-peak minute across the workspace', () => {
  const job = (expr: string) => [
    "import cron from 'node-cron';",
    "import Yida from '@alicloud/dingtalk/yida_1_0';",
    'const yida = new Yida({});',
    `cron.schedule('${expr}', async () => { await yida.searchFormDatasWithOptions({}, {}, {}); });`,
    '',
  ].join('\n');
  const hashedExpression = (ws: ReturnType<typeof fixtureWorkspace>, file: string): string => {
    const finding = ws.analyze(file, job('0 * * * *')).findings.find((f) => f.ruleId === 'peak-hour-schedule');
    const fix = finding?.fixes.find((f) => f.title.startsWith('Run at a stable off-peak minute'));
    assert.ok(fix, 'a hashed-minute fix is offered');
    return /'([^']+)'\)$/.exec(fix.title)?.[1] ?? '';
  };

  it('avoids the minutes of schedules in other analysed files', () => {
    const file = path.join(dir, 'virtual', 'hourly-sync.ts');
    const alone = hashedExpression(fixtureWorkspace(dir), file);
    const minute = Number(alone.split(' ')[0]);
    assert.ok(minute > 0 && minute < 60 && minute % 15 !== 0 && minute !== 10, `a minute off the quarter hours and :10 (${alone})`);

    // Another file of the workspace already runs a job at that minute: the fix picks another one.
    const ws = fixtureWorkspace(dir);
    ws.analyze(path.join(dir, 'virtual', 'nightly-report.ts'), job(`${minute} 2 * * *`));
    const crowded = hashedExpression(ws, file);
    assert.notEqual(crowded, alone, `the minute ${minute} used by nightly-report.ts is avoided (got '${crowded}')`);
    assert.equal(hashedExpression(ws, file), crowded, 'the choice is stable');
  });
});

describe('schedules put together where the job is registered', () => {
  it('offer no fix: the expression is shared by every entry of the table', () => {
    const text = [
      "import cron from 'node-cron';",
      "import Yida from '@alicloud/dingtalk/yida_1_0';",
      'const yida = new Yida({});',
      'const SYNCS = [{ minute: 0, hour: 6 }, { minute: 30, hour: 6 }];',
      'for (const sync of SYNCS) {',
      '  cron.schedule(`${sync.minute} ${sync.hour} * * *`, () => yida.searchFormDatasWithOptions({}, {}, {}));',
      '}',
    ].join('\n');
    const peak = findings(path.join(dir, 'shared-expression.ts'), text).filter((f) => f.ruleId === 'peak-hour-schedule');
    assert.equal(peak.length, 1);
    assert.match(peak[0].message, /cron '0 6 \* \* \*'/);
    assert.deepEqual(peak[0].fixes.filter((f) => f.title.startsWith('Run at')), []);
  });
});

describe('a schedule made at run time', () => {
  it('offers no rewrite of the expression, only suppressions', () => {
    const file = path.join(__dirname, '..', 'fixtures', 'rates', 'configured-report-time.js');
    const text = fs.readFileSync(file, 'utf8');
    const settings = /quota-lint-test-settings:\s*(\{.*\})/.exec(text)?.[1];
    const peak = fixtureWorkspace(path.dirname(file), settings).analyze(file, text).findings.filter((f) => f.ruleId === 'peak-hour-schedule');
    assert.equal(peak.length, 1);
    assert.deepEqual(peak[0].fixes.map((f) => f.title.split(' ')[0]), ['Disable', 'Disable']);
  });
});
