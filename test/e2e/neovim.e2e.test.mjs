// node:test wrapper: headless Neovim 0.7.2 (Debian) as a second, independent LSP client of
// `node dist/server.js --stdio`: diagnostics, code actions, and applying the first action.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { E2E, ROOT, assertExit0, ensurePrerequisites, ensureBuilt, run } from './lib/harness.mjs';

const DISABLE = 'Disable rate-over-quota for this line';
const DIRECTIVE = '// quota-lint-disable-next-line rate-over-quota -- reason';

/** Applies LSP TextEdits (UTF-16 positions; '\n' line ends) to a text, as an editor must. */
function applyTextEdits(text, edits) {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p) => lineStarts[p.line] + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

test('Neovim 0.7.2: diagnostics and code actions from dist/server.js --stdio; the first action applied', { timeout: 25 * 60 * 1000 }, async () => {
  await ensurePrerequisites();
  await ensureBuilt();
  const ws = mkdtempSync(join(tmpdir(), 'quota-lint-nvim-ws-'));
  try {
    cpSync(join(ROOT, 'examples'), ws, { recursive: true });
    const target = join(ws, 'google-chat', 'seed-test-space.ts');
    const out = join(ws, 'nvim-result.json');
    const res = await run('bash', [join(E2E, 'neovim', 'run-nvim-e2e.sh'), `node ${join(ROOT, 'dist', 'server.js')} --stdio`, target, out], {
      label: 'neovim',
      env: { LSP_ROOT: ws, LSP_EXPECT_CODE: 'rate-over-quota', LSP_APPLY_FIRST_ACTION: '1', LSP_TIMEOUT_MS: '20000' },
      timeoutMs: 2 * 60 * 1000,
    });
    assertExit0(res, 'Neovim LSP check (test/e2e/neovim/run-nvim-e2e.sh)');
    const r = JSON.parse(readFileSync(out, 'utf8'));
    process.stderr.write(`[neovim] nvim ${r.nvim}, diagnostics after ${r.ms_to_diagnostics} ms: ${JSON.stringify(r.diagnostics.map((d) => d.code))}; actions ${JSON.stringify(r.code_actions.map((a) => a.title))}; applied ${JSON.stringify(r.applied)}\n`);

    assert.equal(r.filetype, 'typescript');
    const d = r.diagnostics.find((x) => x.code === 'rate-over-quota' && x.source === 'quota-lint');
    assert.ok(d, `a quota-lint rate-over-quota diagnostic (got ${JSON.stringify(r.diagnostics)})`);
    assert.equal(d.severity, 2, 'severity Warning');
    assert.match(d.message, /60\/min/);
    assert.match(d.message, /Google Chat message writes/);
    assert.ok(d.codeDescription?.href?.endsWith('docs/rules/rate-over-quota.md'), 'codeDescription links the rule page');

    const titles = r.code_actions.map((a) => a.title);
    assert.ok(titles.includes(DISABLE), `code actions include "${DISABLE}" (got ${JSON.stringify(titles)})`);
    assert.ok(titles.includes('Show documentation for rate-over-quota'));

    // LSP_APPLY_FIRST_ACTION=1: the first action with an edit was applied to the buffer.
    const first = r.code_actions.find((a) => a.has_edit);
    assert.equal(r.applied, first.title, 'the first action with an edit was applied');
    assert.equal(r.modified, true, 'the buffer is modified');
    assert.notEqual(r.buffer_after, r.buffer_before, 'the buffer changed');
    const uri = Object.keys(r.applied_edit.changes ?? {})[0];
    assert.ok(uri?.endsWith('/google-chat/seed-test-space.ts'), `the edit targets the file (${uri})`);
    assert.equal(r.buffer_after, applyTextEdits(r.buffer_before, r.applied_edit.changes[uri]), 'Neovim applied exactly the edit the server sent');
    if (r.applied === DISABLE) {
      const before = r.buffer_before.split('\n');
      const after = r.buffer_after.split('\n');
      const call = before.findIndex((l) => l.includes('chat.spaces.messages.create('));
      assert.equal(after.length, before.length + 1, 'one line was inserted');
      assert.equal(after[call], `${/^\s*/.exec(before[call])[0]}${DIRECTIVE}`, 'the directive sits above the call, same indentation');
      assert.equal(after[call + 1], before[call]);
      assert.equal(r.diagnostics_republished, true, 'the server re-linted after the change');
      assert.ok(!r.diagnostics_after.some((x) => x.code === 'rate-over-quota'), 'the rate-over-quota diagnostic is gone after the directive');
    }
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
