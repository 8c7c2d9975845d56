// The injection grammar that highlights suppression comments and loop-bound annotations: its
// patterns (plain regular expressions, compatible with Oniguruma) match what the engine parses.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDirectives } from '../../server/src/rules/directives';

const root = path.join(__dirname, '..', '..');
const grammar = JSON.parse(fs.readFileSync(path.join(root, 'syntaxes', 'quota-lint.injection.json'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const directive = new RegExp(grammar.repository.directive.match);
const bound = new RegExp(grammar.repository.bound.match);

describe('injection grammar', () => {
  it('is contributed for TypeScript and JavaScript', () => {
    const g = pkg.contributes.grammars.find((x: { scopeName: string }) => x.scopeName === grammar.scopeName);
    assert.ok(g && fs.existsSync(path.join(root, g.path)));
    assert.deepEqual(g.injectTo.sort(), ['source.js', 'source.js.jsx', 'source.ts', 'source.tsx']);
    assert.match(grammar.injectionSelector, /comment\.line\.double-slash/);
  });

  for (const comment of [
    '// quota-lint-disable-next-line rate-over-quota -- seeding a test space',
    '// quota-lint-disable-line missing-backoff, weak-backoff',
    '/* quota-lint-disable peak-hour-schedule -- runs on the hour on purpose */',
    '/* quota-lint-enable */',
  ]) {
    it(`highlights the same rules the engine reads in: ${comment}`, () => {
      const m = directive.exec(comment);
      assert.ok(m, 'the grammar matches');
      const [parsed] = parseDirectives([{ start: 0, end: comment.length, text: comment }], (start, end) => ({
        file: 'f', span: { start, end }, start: { line: 0, character: start }, end: { line: 0, character: end },
      }));
      assert.equal(m[1], `quota-lint-${parsed.kind}`);
      assert.deepEqual((m[2] ?? '').split(/[\s,]+/).filter(Boolean), parsed.rules);
      assert.equal(m[4]?.trim() || undefined, parsed.reason?.replace(/\s*\*\/$/, '') || undefined);
    });
  }

  it('highlights a loop bound annotation', () => {
    const m = bound.exec('// quota-lint-bound 50');
    assert.deepEqual([m?.[1], m?.[2]], ['quota-lint-bound', '50']);
  });
});
