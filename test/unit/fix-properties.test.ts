// Every quick fix offered on every fixture and example: the result parses with no new syntax
// errors, the diagnostic it was offered for is gone, and applying it again changes nothing.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from '../../server/src/analysis/parse';
import { stripAnnotations } from '../helpers/annotations';
import { fixtureWorkspace, listFixtures } from '../helpers/fixtures';
import { applyFix } from '../helpers/applyFix';
import type { Finding } from '../../server/src/model';

const root = path.join(__dirname, '..', '..');
const files = [
  ...listFixtures(path.join(root, 'test', 'fixtures')),
  ...listFixtures(path.join(root, 'examples')),
  ...fs.readdirSync(path.join(root, 'test', 'fixtures', 'fixes')).filter((f) => f.includes('.before.')).map((f) => path.join(root, 'test', 'fixtures', 'fixes', f)),
];

function analyze(file: string, text: string): Finding[] {
  const settings = /quota-lint-test-settings:\s*(\{.*\})/.exec(text)?.[1];
  return fixtureWorkspace(path.dirname(file), settings).analyze(file, text).findings;
}

describe('every quick fix on every fixture', () => {
  for (const file of files) {
    it(path.relative(root, file), () => {
      const text = stripAnnotations(fs.readFileSync(file, 'utf8'));
      const syntaxBefore = (parse(text, file, 4096) as { ok: true; parsed: { syntaxErrors: unknown[] } }).parsed.syntaxErrors.length;
      const findings = analyze(file, text);
      let applied = 0;
      for (const finding of findings) {
        for (const fix of finding.fixes) {
          const fixed = applyFix(text, fix);
          const where = `${finding.ruleId} at ${finding.loc.start.line + 1}:${finding.loc.start.character + 1}, fix "${fix.title}"`;
          const parsed = parse(fixed, file, 4096);
          assert.ok(parsed.ok, where);
          assert.ok(parsed.parsed.syntaxErrors.length <= syntaxBefore, `${where} introduces syntax errors: ${parsed.parsed.syntaxErrors.map((e) => e.message).join('; ')}`);
          const after = analyze(file, fixed);
          const count = (list: Finding[]) => list.filter((f) => f.ruleId === finding.ruleId).length;
          assert.ok(count(after) < count(findings), `${where} leaves the diagnostic (${count(findings)} before, ${count(after)} after)`);
          // The same finding after the edit (its start shifted by the edits before it), if it survived.
          const shift = fix.edits.filter((e) => e.span.end <= finding.loc.span.start).reduce((d, e) => d + e.newText.length - (e.span.end - e.span.start), 0);
          const same = after.find((f) => f.ruleId === finding.ruleId && f.loc.span.start === finding.loc.span.start + shift);
          const again = same?.fixes.find((f) => f.title === fix.title);
          if (again) assert.equal(applyFix(fixed, again), fixed, `${where} changes the code again when applied twice`);
          applied++;
        }
      }
      assert.ok(applied >= 0);
    });
  }
});
