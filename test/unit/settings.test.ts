// The settings table, the VS Code manifest and the quota-lint.json schema stay in sync, and bad
// configuration is reported key by key without losing the valid keys.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configurationContribution, projectConfigSchema } from '../../server/src/config/manifest';
import { mergeSettings, validateSettings } from '../../server/src/config/validate';
import { parseProjectConfig } from '../../server/src/workspace/projectConfig';

const root = path.join(__dirname, '..', '..');

describe('settings', () => {
  it('package.json contributes.configuration matches the settings table (npm run sync-manifest)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.configuration, configurationContribution());
  });

  it('schemas/quota-lint.schema.json matches the settings table (npm run sync-manifest)', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'quota-lint.schema.json'), 'utf8'));
    assert.deepEqual(schema, projectConfigSchema());
  });

  it('keeps valid keys and names each invalid one', () => {
    const { settings, problems } = validateSettings({ oxylabsPlan: 'platinum', assumedLatencyMs: 300, rules: { 'rate-over-quota': 'off', nope: 'error' }, colour: 'red' }, 'quota-lint.json');
    assert.equal(settings.assumedLatencyMs, 300);
    assert.equal(settings.oxylabsPlan, undefined);
    assert.deepEqual(settings.rules, { 'rate-over-quota': 'off' });
    assert.deepEqual(problems.map((p) => p.key).sort(), ['colour', 'oxylabsPlan', 'rules']);
    assert.match(problems.find((p) => p.key === 'rules')!.message, /unknown rule "nope"/);
  });

  it('reads VS Code keys, flat or nested', () => {
    const flat = validateSettings({ 'oxylabs.plan': 'micro' }, 'vscode', (d) => d.vscodeKey).settings;
    const nested = validateSettings({ oxylabs: { plan: 'micro' } }, 'vscode', (d) => d.vscodeKey).settings;
    assert.equal(flat.oxylabsPlan, 'micro');
    assert.equal(nested.oxylabsPlan, 'micro');
  });

  it('reports broken JSON with the line and falls back to defaults', () => {
    const cfg = parseProjectConfig('{\n  "oxylabsPlan": "micro",\n  oops\n}', '/p/quota-lint.json');
    assert.deepEqual(cfg.settings, {});
    assert.equal(cfg.problems.length, 1);
    assert.match(cfg.problems[0].message, /^not valid JSON/);
    assert.equal(cfg.problems[0].line, 2);
  });

  it('validates declared wrappers and quotas', () => {
    const { settings, problems } = validateSettings({
      wrappers: [{ name: 'sendAlert', calls: 'google-chat:spaces.messages.create' }, { name: 'x', calls: 'slack:post' }, { name: 'retrying', retries: true }],
      quotas: [{ id: 'q', provider: 'yida', operations: ['*'], limit: 0, windowSeconds: 1 }],
    }, 'quota-lint.json');
    assert.deepEqual(settings.wrappers!.map((w) => w.name), ['sendAlert', 'retrying']);
    assert.deepEqual(settings.quotas, []);
    assert.deepEqual(problems.map((p) => p.key), ['quotas[0]', 'wrappers[1]']);
  });

  it('layers defaults < project < editor', () => {
    const s = mergeSettings({ assumedLatencyMs: 300, rules: { 'peak-hour-schedule': 'info' } }, { assumedLatencyMs: 500, rules: { 'rate-over-quota': 'error' } });
    assert.equal(s.assumedLatencyMs, 500);
    assert.deepEqual(s.rules, { 'peak-hour-schedule': 'info', 'rate-over-quota': 'error' });
    assert.equal(s.assumedLoopBound, 100);
  });
});
