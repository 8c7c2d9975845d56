// Integration tests that run inside the real VS Code extension host (VS Code 1.139 from code-server) with
// the extension loaded from source (extensionDevelopmentPath = repo root, so dist/ must be built) and the
// real language server. The workspace is a fresh copy of examples/. Started by ../run-tests.mjs.
// Other extensions (TypeScript, emmet, chat) also answer hover/code action/code lens requests, so every
// assertion filters by our source or title.

const assert = require('node:assert/strict');
const vscode = require('vscode');

const SOURCE = 'quota-lint';
const WAIT_MS = 30000;
const DISABLE_LINE = '// quota-lint-disable-next-line rate-over-quota -- reason';

async function waitFor(what, fn, ms = WAIT_MS) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** With codeDescription set, Diagnostic.code is `{ value, target }`; otherwise a string or number. */
const codeOf = (d) => (d.code && typeof d.code === 'object' ? d.code.value : d.code);
const ours = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
const summarize = (ds) => JSON.stringify(ds.map((d) => ({ code: codeOf(d), severity: d.severity, line: d.range.start.line + 1, message: d.message })));

function waitForRule(uri, rule) {
  return waitFor(() => `a ${SOURCE} '${rule}' diagnostic on ${uri.path} (have: ${summarize(ours(uri))})`,
    () => ours(uri).find((d) => codeOf(d) === rule));
}

function lineOf(doc, needle) {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(needle)) return i;
  throw new Error(`'${needle}' not found in ${doc.uri.path}`);
}

function hoverText(hover) {
  return hover.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}


/**
 * Applies a quick fix the way the lightbulb does: through the workbench's bulk-edit service. Our
 * behaviour-changing fixes carry a needsConfirmation change annotation, so VS Code opens the Refactor
 * Preview and waits; the test presses its Apply button (the `refactorPreview.apply` command).
 */
async function applyWithPreview(edit) {
  let settled = false;
  const applied = vscode.workspace.applyEdit(edit).finally(() => { settled = true; });
  let pressed = 0;
  await waitFor('the Refactor Preview to accept the edit', async () => {
    if (settled) return true;
    try { await vscode.commands.executeCommand('refactorPreview.apply'); pressed++; } catch { /* preview not shown yet */ }
    await new Promise((r) => setTimeout(r, 200));
    return settled;
  });
  console.log(`refactorPreview.apply pressed ${pressed} time(s)`);
  return applied;
}

async function quickFixes(doc, d) {
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
  // The API command returns actions without their diagnostics; other extensions (Copilot) add their own
  // kinds (quickfix.copilot), so keep the plain quick fixes and let callers pick ours by title.
  return (actions ?? []).filter((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value);
}

/**
 * Puts a document back to its original text and saves it, so the next test sees the file as on disk.
 * (`workbench.action.files.revert` acts on the active editor, which after a Refactor Preview may be
 * the preview's diff editor rather than this document.)
 */
async function revert(doc, original) {
  if (doc.getText() !== original) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    assert.ok(await vscode.workspace.applyEdit(edit), 'restoring the original text');
  }
  if (doc.isDirty) await doc.save();
  await waitFor('the file to be restored', () => doc.getText() === original && !doc.isDirty);
}

/** Syntax errors in the document's current text, from the project's TypeScript parser. */
function syntaxErrors(doc) {
  const ts = require('typescript');
  const sf = ts.createSourceFile(doc.fileName, doc.getText(), ts.ScriptTarget.Latest, true);
  return sf.parseDiagnostics.map((d) => ({ message: ts.flattenDiagnosticMessageText(d.messageText, ' ') }));
}

suite('Quota Lint in a real VS Code (code-server extension host)', () => {
  let root;

  async function open(rel) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, rel));
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    root = folder.uri;
    console.log(`VS Code ${vscode.version}, workspace ${root.toString()}`);
    const ext = vscode.extensions.getExtension('quota-lint.quota-lint');
    assert.ok(ext, 'the quota-lint.quota-lint extension is loaded');
    console.log(`extension from ${ext.extensionPath}`);
  });

  test('rate-over-quota warning on google-chat/seed-test-space.ts', async () => {
    const doc = await open('google-chat/seed-test-space.ts');
    const d = await waitForRule(doc.uri, 'rate-over-quota');
    console.log(`diagnostic: ${summarize([d])}`);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, 'severity Warning');
    assert.equal(typeof d.code, 'object', 'code carries a codeDescription ({ value, target })');
    assert.equal(d.code.value, 'rate-over-quota');
    assert.ok(d.code.target instanceof vscode.Uri, 'code.target is a Uri');
    assert.equal(d.code.target.scheme, 'file');
    assert.ok(d.code.target.path.endsWith('docs/rules/rate-over-quota.md'), `code.target ${d.code.target} ends with docs/rules/rate-over-quota.md`);
    assert.match(d.message, /60\/min/);
    assert.match(d.message, /Google Chat message writes/);
    assert.equal(d.range.start.line, lineOf(doc, 'chat.spaces.messages.create('), 'the diagnostic is on the create() call');
  });

  test('code actions: disable for this line (applied, then reverted) and show documentation', async () => {
    const doc = await open('google-chat/seed-test-space.ts');
    const d = await waitForRule(doc.uri, 'rate-over-quota');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, d.range);
    const titles = (actions ?? []).map((a) => a.title);
    console.log(`code actions: ${JSON.stringify(titles)}`);
    const disable = actions.find((a) => a.title === 'Disable rate-over-quota for this line');
    const docs = actions.find((a) => a.title === 'Show documentation for rate-over-quota');
    assert.ok(disable, 'offers "Disable rate-over-quota for this line"');
    assert.ok(docs, 'offers "Show documentation for rate-over-quota"');
    assert.equal(docs.command?.command, 'quota-lint.showDocumentation');
    assert.ok(String(docs.command?.arguments?.[0]).endsWith('docs/rules/rate-over-quota.md'), 'documentation command points at the rule page');
    assert.ok(disable.edit, 'the disable action carries a workspace edit');

    const original = doc.getText();
    const callLine = lineOf(doc, 'chat.spaces.messages.create(');
    const indent = /^\s*/.exec(doc.lineAt(callLine).text)[0];
    try {
      assert.ok(await vscode.workspace.applyEdit(disable.edit), 'workspace.applyEdit succeeded');
      assert.equal(doc.lineAt(callLine).text, `${indent}${DISABLE_LINE}`, 'the directive is inserted above the call, same indentation');
      assert.match(doc.lineAt(callLine + 1).text, /chat\.spaces\.messages\.create\(/, 'the call follows the directive');
      await waitFor(() => `the rate-over-quota diagnostic to disappear (have: ${summarize(ours(doc.uri))})`,
        () => !ours(doc.uri).some((x) => codeOf(x) === 'rate-over-quota'));
    } finally {
      await revert(doc, original);
    }
    await waitForRule(doc.uri, 'rate-over-quota');
  });

  test('rate-over-quota error on google-chat/queue-monitor.js (setInterval every 500 ms)', async () => {
    const doc = await open('google-chat/queue-monitor.js');
    const d = await waitForRule(doc.uri, 'rate-over-quota');
    console.log(`diagnostic: ${summarize([d])}`);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error, 'severity Error');
    assert.match(d.message, /60\/min/);
  });

  test('peak-hour-schedule on yida/sync-orders.ts (cron at minute 0)', async () => {
    const doc = await open('yida/sync-orders.ts');
    const d = await waitForRule(doc.uri, 'peak-hour-schedule');
    console.log(`diagnostic: ${summarize([d])}`);
    assert.equal(d.range.start.line, lineOf(doc, 'cron.schedule('), 'the diagnostic is on the cron.schedule line');
  });

  test('hover on chat.spaces.messages.create names Google Chat and the method', async () => {
    const doc = await open('google-chat/seed-test-space.ts');
    await waitForRule(doc.uri, 'rate-over-quota');
    const line = lineOf(doc, 'chat.spaces.messages.create(');
    const character = doc.lineAt(line).text.indexOf('messages.create(') + 'messages.'.length + 2; // inside `create`
    const position = new vscode.Position(line, character);
    const text = await waitFor('a hover mentioning Google Chat', async () => {
      const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, position);
      return (hovers ?? []).map(hoverText).find((t) => t.includes('Google Chat'));
    });
    console.log(`hover: ${JSON.stringify(text.slice(0, 300))}`);
    assert.ok(text.includes('spaces.messages.create'), 'the hover names spaces.messages.create');
  });

  test('CodeLens on yida/sync-orders.ts shows runs per hour', async () => {
    const doc = await open('yida/sync-orders.ts');
    await waitForRule(doc.uri, 'peak-hour-schedule');
    const title = await waitFor('a CodeLens with runs/hour', async () => {
      const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 100);
      return (lenses ?? []).map((l) => l.command?.title ?? '').find((t) => /\bruns?\/hour\b/.test(t));
    });
    console.log(`code lens: ${JSON.stringify(title)}`);
  });
  test('quick fix: retry with backoff, applied through the Refactor Preview, clears missing-backoff', async () => {
    const doc = await open('yida/sync-orders.ts');
    const original = doc.getText();
    const d = await waitForRule(doc.uri, 'missing-backoff');
    const fixes = await quickFixes(doc, d);
    console.log(`quick fixes for missing-backoff: ${JSON.stringify(fixes.map((a) => a.title))}`);
    const retry = fixes.find((a) => /retry/i.test(a.title) && a.edit);
    assert.ok(retry, 'a retry quick fix with an edit is offered');
    assert.equal(retry.isPreferred, true, 'the retry fix is the preferred fix');
    try {
      assert.ok(await applyWithPreview(retry.edit), 'the edit was applied');
      const text = doc.getText();
      assert.match(text, /withQuotaBackoff\(/, 'the call is wrapped in the retry helper');
      assert.match(text, /function isThrottlingError/, 'the throttling check the helper needs was added');
      await waitFor(() => `missing-backoff to go away (have: ${summarize(ours(doc.uri))})`,
        () => !ours(doc.uri).some((x) => codeOf(x) === 'missing-backoff'));
      // The peak-hour warning is about something else and stays.
      await waitForRule(doc.uri, 'peak-hour-schedule');
      assert.deepEqual(syntaxErrors(doc).map((x) => x.message), [], 'the fixed file still parses');
      // Applying a fix twice changes nothing: the fix is no longer offered for the new text.
      const again = [];
      for (const x of ours(doc.uri)) again.push(...(await quickFixes(doc, x)).map((a) => a.title));
      assert.ok(!again.some((t) => t === retry.title), `the retry fix is not offered again (offered: ${JSON.stringify(again)})`);
    } finally {
      await revert(doc, original);
    }
    await waitForRule(doc.uri, 'missing-backoff');
  });

  test('quick fix: move the top-of-hour cron to minute 10 clears peak-hour-schedule', async () => {
    const doc = await open('yida/sync-orders.ts');
    const original = doc.getText();
    const d = await waitForRule(doc.uri, 'peak-hour-schedule');
    const fixes = await quickFixes(doc, d);
    console.log(`quick fixes for peak-hour-schedule: ${JSON.stringify(fixes.map((a) => a.title))}`);
    const move = fixes.find((a) => a.title.startsWith('Run at minute 10') && a.edit);
    assert.ok(move, 'a "Run at minute 10" fix with an edit is offered');
    try {
      assert.ok(await applyWithPreview(move.edit), 'the edit was applied');
      const line = doc.lineAt(lineOf(doc, 'cron.schedule(')).text;
      assert.match(line, /cron\.schedule\('10 \* \* \* \*'/, `the schedule now runs at minute 10 (line: ${line})`);
      await waitFor(() => `peak-hour-schedule to go away (have: ${summarize(ours(doc.uri))})`,
        () => !ours(doc.uri).some((x) => codeOf(x) === 'peak-hour-schedule'));
      assert.deepEqual(syntaxErrors(doc).map((x) => x.message), [], 'the fixed file still parses');
    } finally {
      await revert(doc, original);
    }
    await waitForRule(doc.uri, 'peak-hour-schedule');
  });
});
