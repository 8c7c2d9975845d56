// Every annotated fixture under test/fixtures: findings (and call sites where the file opts in)
// must match the annotations exactly.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { compareFixture, listFixtures } from '../helpers/fixtures';

const root = path.join(__dirname, '..', 'fixtures');

describe('annotated fixtures', () => {
  for (const file of listFixtures(root)) {
    it(path.relative(root, file), () => {
      const { missing, unexpected } = compareFixture(file);
      const problems = [
        ...missing.map((m) => `  expected but not reported: ${m}`),
        ...unexpected.map((u) => `  reported but not annotated: ${u}`),
      ];
      assert.equal(problems.length, 0, `\n${problems.join('\n')}`);
    });
  }
});
