// The real server over stdio, driven by a JSON-RPC client: initialize, didOpen,
// publishDiagnostics, didChange (including stale and half-typed versions), codeAction, hover,
// codeLens, shutdown and exit.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CodeLens, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

const examples = path.join(__dirname, '..', '..', 'examples');
const seedFile = path.join(examples, 'google-chat', 'seed-test-space.ts');
const seedUri = pathToFileURL(seedFile).toString();
const seedText = fs.readFileSync(seedFile, 'utf8');

function text(m: Diagnostic['message']): string {
  return typeof m === 'string' ? m : m.value;
}

function rate(d: Diagnostic[]): Diagnostic | undefined {
  return d.find((x) => x.code === 'rate-over-quota');
}

describe('language server over stdio', () => {
  let client: TestClient;

  before(async () => {
    client = new TestClient();
    const init = await client.initialize(pathToFileURL(examples).toString()) as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.hoverProvider, 'advertises hover');
    assert.deepEqual((init.capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.quota-lint']);
  });

  after(() => client.kill());

  it('publishes rate-over-quota with source, code and documentation link on didOpen', async () => {
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: seedUri, languageId: 'typescript', version: 1, text: seedText } });
    const pub = await client.waitForDiagnostics(seedUri, (p) => p.version === 1);
    const d = rate(pub.diagnostics);
    assert.ok(d, `rate-over-quota expected, got ${JSON.stringify(pub.diagnostics)}`);
    assert.equal(d.source, 'quota-lint');
    assert.equal(d.severity, 2);
    assert.match(text(d.message), /^up to 120 Google Chat message writes in one minute to one space \(for loop of 120 iterations, sequential, ~200 ms per call\) > 60\/min per-space quota/);
    assert.match(d.codeDescription!.href, /^file:\/\/.*\/docs\/rules\/rate-over-quota\.md$/);
    assert.ok(fs.existsSync(new URL(d.codeDescription!.href)), 'documentation file exists');
    assert.ok((d.relatedInformation ?? []).some((r) => r.message.startsWith('loop: for loop of 120 iterations')));
  });

  it('answers codeAction with the suppression fixes and the documentation action', async () => {
    const pub = client.diagnostics.get(seedUri)!.at(-1)!;
    const d = rate(pub.diagnostics)!;
    const actions = await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: seedUri }, range: d.range, context: { diagnostics: [d] },
    }) as CodeAction[];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Disable rate-over-quota for this line'), titles.join(', '));
    assert.ok(titles.includes('Show documentation for rate-over-quota'));
    const disable = actions.find((a) => a.title === 'Disable rate-over-quota for this line')!;
    const edit = disable.edit!.changes![seedUri][0];
    assert.equal(edit.newText, '    // quota-lint-disable-next-line rate-over-quota -- reason\n');
    assert.equal(edit.range.start.line, d.range.start.line);
  });

  it('answers hover on a call site with the quotas that cover it', async () => {
    const pub = client.diagnostics.get(seedUri)!.at(-1)!;
    const d = rate(pub.diagnostics)!;
    const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: seedUri }, position: d.range.start }) as Hover;
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /Google Chat `spaces\.messages\.create` · POST/);
    assert.match(value, /per-space quota shared by every app in the space \| 60\/min/);
    assert.match(value, /does \*\*not\*\* retry throttling errors/);
  });

  it('re-lints on didChange and drops stale versions', async () => {
    const smaller = seedText.replace('i <= 120', 'i <= 20');
    const changed = seedText.replace('i <= 120', 'i <= 30');
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: seedUri, version: 2 }, contentChanges: [{ text: changed }] });
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: seedUri, version: 3 }, contentChanges: [{ text: smaller }] });
    const pub = await client.waitForDiagnostics(seedUri, (p) => p.version === 3);
    assert.equal(rate(pub.diagnostics), undefined, '20 messages a minute is within the quota');
    assert.ok(!client.diagnostics.get(seedUri)!.some((p) => p.version === 2), 'the superseded version 2 was never published');
  });

  it('survives half-typed code and keeps answering', async () => {
    const broken = seedText.replace(/requestBody: \{[^]*$/, 'requestBody: { text: `Sample');
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: seedUri, version: 4 }, contentChanges: [{ text: broken }] });
    const pub = await client.waitForDiagnostics(seedUri, (p) => p.version === 4);
    assert.ok(Array.isArray(pub.diagnostics));
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: seedUri, version: 5 }, contentChanges: [{ text: seedText }] });
    const back = await client.waitForDiagnostics(seedUri, (p) => p.version === 5);
    assert.ok(rate(back.diagnostics), 'findings return once the code is whole again');
  });

  it('answers codeLens above schedules with cadence and runs', async () => {
    const file = path.join(examples, 'yida', 'sync-orders.ts');
    const uri = pathToFileURL(file).toString();
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: fs.readFileSync(file, 'utf8') } });
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const lenses = await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as CodeLens[];
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].command!.title, 'Every hour · 1 run/hour, 24/day · Yida saveFormData ×100/run');
  });

  it('lints vercel.json: its crons get diagnostics, CodeLens and the move-off-the-hour fix', async () => {
    const file = path.join(__dirname, '..', 'fixtures', 'rates', 'vercel-cron', 'vercel.json');
    const uri = pathToFileURL(file).toString();
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: fs.readFileSync(file, 'utf8') } });
    const pub = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(pub.diagnostics.map((d) => `${d.range.start.line + 1} ${d.code}`), ['5 peak-hour-schedule', '8 peak-hour-schedule', '13 invalid-schedule']);
    const peak = pub.diagnostics[0];
    assert.ok((peak.relatedInformation ?? []).some((r) => r.location.uri.endsWith('/lib/dingtalk.ts')));
    const lenses = await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as CodeLens[];
    assert.equal(lenses.length, 6);
    assert.equal(lenses[2].command!.title, 'At 06:15 · 1 run/hour, 1/day · Oxylabs realtime.queries ×3/run');
    const actions = await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: peak.range, context: { diagnostics: [peak] } }) as CodeAction[];
    const move = actions.find((a) => a.title.startsWith('Run at minute 10'));
    assert.deepEqual(move?.edit?.changes?.[uri]?.map((e) => e.newText), ['"10 1 * * *"']);
  });

  it('lints a GitHub Actions workflow: its schedules get diagnostics, CodeLens and the move-off-the-hour fix', async () => {
    const file = path.join(__dirname, '..', 'fixtures', 'rates', 'github-actions', '.github', 'workflows', 'daily-report.yml');
    const uri = pathToFileURL(file).toString();
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: fs.readFileSync(file, 'utf8') } });
    const pub = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(pub.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`), ['6:13 peak-hour-schedule']);
    assert.ok((pub.diagnostics[0].relatedInformation ?? []).some((r) => r.location.uri.endsWith('/scripts/daily-report.js')));
    const lenses = await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as CodeLens[];
    assert.deepEqual(lenses.map((l) => l.command!.title), [
      'At 01:00 · 1 run/hour, 1/day · DingTalk oapi:/robot/send ×1/run',
      'At 09:17, Monday through Friday · 1 run/hour, 1/day · DingTalk oapi:/robot/send ×1/run',
    ]);
    const peak = pub.diagnostics[0];
    const actions = await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: peak.range, context: { diagnostics: [peak] } }) as CodeAction[];
    const move = actions.find((a) => a.title.startsWith('Run at minute 10'));
    assert.deepEqual(move?.edit?.changes?.[uri]?.map((e) => e.newText), ["'10 1 * * *'"]);
  });

  it("lints a Cloudflare wrangler.toml: its cron triggers get diagnostics, CodeLens and the move-off-the-hour fix", async () => {
    const file = path.join(__dirname, '..', 'fixtures', 'rates', 'cloudflare-worker', 'wrangler.toml');
    const uri = pathToFileURL(file).toString();
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'toml', version: 1, text: fs.readFileSync(file, 'utf8') } });
    const pub = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(pub.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`), ['8:3 peak-hour-schedule', '16:10 peak-hour-schedule']);
    assert.ok((pub.diagnostics[0].relatedInformation ?? []).some((r) => r.location.uri.endsWith('/src/index.ts')));
    const lenses = await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as CodeLens[];
    assert.equal(lenses.length, 3);
    const peak = pub.diagnostics[0];
    const actions = await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: peak.range, context: { diagnostics: [peak] } }) as CodeAction[];
    const move = actions.find((a) => a.title.startsWith('Run at minute 10'));
    assert.deepEqual(move?.edit?.changes?.[uri]?.map((e) => e.newText), ['"10 9 * * mon-fri"']);
  });

  it('lints a crontab: its lines get diagnostics, CodeLens and the move-off-the-hour fix, written bare', async () => {
    const file = path.join(__dirname, '..', 'fixtures', 'rates', 'crontab', 'docker', 'crontab');
    const uri = pathToFileURL(file).toString();
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: fs.readFileSync(file, 'utf8') } });
    const pub = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(pub.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`),
      ['3:1 peak-hour-schedule', '5:1 peak-hour-schedule', '8:1 invalid-schedule', '9:1 undefined']);
    assert.ok((pub.diagnostics[0].relatedInformation ?? []).some((r) => r.location.uri.endsWith('/sync-managers/route.ts')));
    const lenses = await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as CodeLens[];
    assert.equal(lenses.length, 5);
    const peak = pub.diagnostics[0];
    const actions = await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: peak.range, context: { diagnostics: [peak] } }) as CodeAction[];
    const move = actions.find((a) => a.title.startsWith('Run at minute 10'));
    assert.deepEqual(move?.edit?.changes?.[uri]?.map((e) => e.newText), ['10 2 * * *']);
  });

  it('clears diagnostics on didClose', async () => {
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: seedUri } });
    const pub = await client.waitForDiagnostics(seedUri, (p) => p.version === undefined && p.diagnostics.length === 0);
    assert.deepEqual(pub.diagnostics, []);
  });

  it('shuts down and exits cleanly', async () => {
    const code = await client.shutdownAndExit();
    assert.equal(code, 0);
  });
});

describe('language server with a broken quota-lint.json', () => {
  it('reports the problem on the config file and lints with defaults', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quota-lint-lsp-'));
    const configFile = path.join(dir, 'quota-lint.json');
    fs.writeFileSync(configFile, '{ "oxylabsPlan": "platinum", "assumedLatencyMs": 200 }');
    fs.mkdirSync(path.join(dir, '.git'));
    const file = path.join(dir, 'seed.ts');
    fs.writeFileSync(file, seedText);
    const client = new TestClient();
    try {
      await client.initialize(pathToFileURL(dir).toString());
      const uri = pathToFileURL(file).toString();
      await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: seedText } });
      const pub = await client.waitForDiagnostics(uri, (p) => p.version === 1);
      assert.ok(rate(pub.diagnostics));
      const cfg = await client.waitForDiagnostics(pathToFileURL(configFile).toString(), (p) => p.diagnostics.length > 0);
      assert.match(text(cfg.diagnostics[0].message), /^oxylabsPlan: expected one of "free-trial", "micro"/);
      assert.equal(await client.shutdownAndExit(), 0);
    } finally {
      client.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
