// Bad input never breaks the analysis: every prefix of every fixture (half-typed code), garbage,
// huge and minified files all come back with findings or a clear error, never an exception or
// an internal error.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/engine';
import { loadCatalog } from '../../server/src/catalog';
import { mergeSettings } from '../../server/src/config/validate';
import { stripAnnotations } from '../helpers/annotations';
import { listFixtures } from '../helpers/fixtures';

const catalog = loadCatalog();
const settings = mergeSettings();
const root = path.join(__dirname, '..', '..');

function check(text: string, file: string): void {
  const r = analyze(text, file, settings, catalog);
  const internal = r.errors.filter((e) => e.kind === 'internal');
  assert.deepEqual(internal, [], `internal error on ${file} (${text.length} chars)`);
}

describe('robustness', () => {
  it('survives every 97th prefix of every fixture and example (half-typed code)', () => {
    const files = [...listFixtures(path.join(root, 'test', 'fixtures')), ...listFixtures(path.join(root, 'examples'))];
    for (const file of files) {
      const text = stripAnnotations(fs.readFileSync(file, 'utf8'));
      for (let n = 0; n < text.length; n += 97) check(text.slice(0, n), file);
    }
  });

  it('survives garbage, unbalanced code and odd constructs', () => {
    const samples = [
      '', '}}}}', '((((', 'for (;;', 'await chat.spaces.messages.create(', '`${`${`', '/* unterminated', '"unterminated',
      'cron.schedule(', "cron.schedule('', () => {})", "import cron from 'node-cron'; cron.schedule('*/0 * * * *', f)",
      "import cron from 'node-cron'; cron.schedule('@reboot', f); cron.schedule(' ', f); cron.schedule('* * * * * * * *', f)",
      'class { constructor( }', 'const x = x; const y = y.z; function f() { return f(); } f();',
      'const a = { ...a }; const b = [...b]; a.b.c.d.e.f.g.h();',
      'function r(n) { return r(n + 1) + r(n - 1); } for (const i of r(1)) r(i);',
      "import { google } from 'googleapis'; const c = google.chat('v2'); c.spaces.messages.create({});",
      'let x; x = x; x(); new x(); x.y = x; x.y();',
      // A parameter named like its type: the type is not the parameter (this once recursed forever).
      'type output = string; async function extract(output: output, cap?: true) { if (cap) throw output; return extract(await output, true); }',
      'class C { m(this: C, c: typeof c) { return c; } } function g(p: typeof p) { return p; }',
    ];
    for (const s of samples) check(s, 'sample.ts');
  });

  it('skips huge and minified files with a clear reason', () => {
    const huge = 'const a = 1;\n'.repeat(200_000);
    const r1 = analyze(huge, 'huge.ts', settings, catalog);
    assert.match(r1.errors[0].message, /^skipped: \d+ KB is over the 1024 KB limit \(setting maxFileSizeKb\)$/);
    const minified = `var a=${'f(1),'.repeat(20000)}0;`;
    const r2 = analyze(minified, 'app.min.js', settings, catalog);
    assert.match(r2.errors[0].message, /minified/);
  });
});
