// The example values of .env.example files: how they are parsed, which ones count as a service
// URL, and that an edited .env.example is read again.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadCatalog } from '../../server/src/catalog';
import { mergeSettings } from '../../server/src/config/validate';
import { newEnv } from '../../server/src/analysis/fileContext';
import { Workspace, type TextSource } from '../../server/src/workspace/workspace';
import { exampleServiceUrl, parseDotenv } from '../../server/src/workspace/settingExamples';

describe('setting examples', () => {
  it('parses dotenv lines: export, quotes, trailing comments, the first definition wins', () => {
    const env = parseDotenv([
      '# comment',
      'export CHAT_HOOK="https://chat.googleapis.com/v1/spaces/A/messages?key=k#frag"',
      "SINGLE='x y'",
      'PLAIN=https://oapi.dingtalk.com/robot/send?access_token=abc   # the robot of #ops',
      'EMPTY=',
      'PLAIN=second',
      'not a line',
    ].join('\n'));
    assert.equal(env.get('CHAT_HOOK'), 'https://chat.googleapis.com/v1/spaces/A/messages?key=k#frag');
    assert.equal(env.get('SINGLE'), 'x y');
    assert.equal(env.get('PLAIN'), 'https://oapi.dingtalk.com/robot/send?access_token=abc');
    assert.equal(env.get('EMPTY'), '');
    assert.equal(env.size, 4);
  });

  it('keeps only URLs of real services', () => {
    assert.equal(exampleServiceUrl('https://chat.googleapis.com/v1/spaces/X/messages'), 'https://chat.googleapis.com/v1/spaces/X/messages');
    for (const v of ['your_webhook_url', 'http://localhost:3000/hook', 'https://example.com/hook', 'https://your-webhook-url', 'http://127.0.0.1/x', 'https://xxx', '', undefined]) {
      assert.equal(exampleServiceUrl(v), undefined, String(v));
    }
  });

  it('reads the nearest .env.example first and reads it again after it changes', () => {
    const root = path.resolve('/ws');
    const files = new Map<string, string>([
      [path.join(root, '.env.example'), 'HOOK=https://chat.googleapis.com/v1/spaces/ROOT/messages\nOTHER=https://oapi.dingtalk.com/robot/send'],
      [path.join(root, 'app', '.env.sample'), 'HOOK=https://chat.googleapis.com/v1/spaces/APP/messages'],
    ]);
    const source: TextSource = { read: (f) => files.get(f), exists: (f) => files.has(f) };
    const ws = new Workspace(source, () => mergeSettings(), loadCatalog(), newEnv());
    const file = path.join(root, 'app', 'src', 'notify.js');
    assert.equal(ws.settingExampleUrl(file, 'HOOK'), 'https://chat.googleapis.com/v1/spaces/APP/messages');
    assert.equal(ws.settingExampleUrl(file, 'OTHER'), 'https://oapi.dingtalk.com/robot/send');
    assert.equal(ws.settingExampleUrl(file, 'MISSING'), undefined);
    files.set(path.join(root, 'app', '.env.sample'), 'HOOK=https://hooks.slack.com/services/T/B/C');
    ws.invalidate(path.join(root, 'app', '.env.sample'));
    assert.equal(ws.settingExampleUrl(file, 'HOOK'), 'https://hooks.slack.com/services/T/B/C');
  });

  it('reads the nearest package.json once, and again after it changes or while it does not parse', () => {
    const root = path.resolve('/ws');
    const pkg = path.join(root, 'relay', 'package.json');
    const files = new Map<string, string>([[path.join(root, 'package.json'), '{"name":"monorepo"}'], [pkg, '{"name":"pm2-googlechat","scripts":{"start":"node sender.js"}}']]);
    let reads = 0;
    const source: TextSource = { read: (f) => { if (f === pkg) reads++; return files.get(f); }, exists: (f) => files.has(f) };
    const ws = new Workspace(source, () => mergeSettings(), loadCatalog(), newEnv());
    const file = path.join(root, 'relay', 'lib', 'sender.js');
    assert.equal(ws.packageName(file), 'pm2-googlechat');
    assert.deepEqual(ws.packageScripts(path.dirname(pkg))?.scripts, { start: 'node sender.js' });
    assert.equal(ws.packageName(file), 'pm2-googlechat');
    assert.equal(reads, 1);
    files.set(pkg, '{"name": "half-typed",');
    ws.invalidate(pkg);
    assert.equal(ws.packageName(file), undefined);
    files.set(pkg, '{"name":"slack-relay"}');
    ws.invalidate(pkg);
    assert.equal(ws.packageName(file), 'slack-relay');
    assert.equal(ws.packageName(path.join(root, 'tools', 'x.js')), 'monorepo');
  });
});
