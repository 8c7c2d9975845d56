// A function's summary keeps a bounded number of effects. Calls still waiting for a caller's
// arguments (`pool.query(…)` on a factory's parameter) have a budget of their own, so a big route
// factory cannot crowd out, in its caller's summary, the one call that does reach an API.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadCatalog } from '../../server/src/catalog';
import { mergeSettings } from '../../server/src/config/validate';
import { newEnv } from '../../server/src/analysis/fileContext';
import { Workspace, type TextSource } from '../../server/src/workspace/workspace';

const root = path.resolve('/app');

function workspaceOf(files: Map<string, string>): Workspace {
  const source: TextSource = { read: (f) => files.get(f), exists: (f) => files.has(f), listDirs: () => [] };
  return new Workspace(source, () => mergeSettings(), loadCatalog(), newEnv());
}

/** A route factory with `handlers` CRUD handlers, each querying through the factory's `pool` and `logger`, and one that sends a Chat message. */
function routeFactory(handlers: number): string {
  const crud = Array.from({ length: handlers }, (_, i) => `
  router.get('/items/${i}', async (req, res) => {
    logger.info('listing ${i}');
    const { rows } = await pool.query('SELECT * FROM items_${i} WHERE org = $1', [req.query.org]);
    await audit.record(req.user, 'list ${i}');
    if (!rows.length) logger.warn('empty ${i}');
    res.json(rows);
  });`).join('\n');
  return `const router = require('express').Router();
module.exports = (pool, logger, audit, chatService) => {${crud}
  router.post('/announce', async (req, res) => {
    await chatService.announce(req.body.text);
    res.json({ ok: true });
  });
  return router;
};
`;
}

const chatService = `const { google } = require('googleapis');
class ChatService {
  async announce(text) {
    const chat = google.chat({ version: 'v1' });
    return chat.spaces.messages.create({ parent: 'spaces/AAAA', requestBody: { text } });
  }
}
module.exports = ChatService;
`;

const registry = `const ChatService = require('./chatService');
module.exports = (app, pool, logger, audit) => {
  app.use('/api', require('./routes')(pool, logger, audit, new ChatService()));
};
`;

describe('summary budget', () => {
  for (const handlers of [1, 80]) {
    it(`finds the send of a route factory with ${handlers} other handlers (${handlers * 4} calls through parameters)`, () => {
      const files = new Map([
        [path.join(root, 'routes.js'), routeFactory(handlers)],
        [path.join(root, 'chatService.js'), chatService],
        [path.join(root, 'index.js'), registry],
      ]);
      const ws = workspaceOf(files);
      ws.analyze(path.join(root, 'index.js'), registry);
      const routes = ws.analyze(path.join(root, 'routes.js'), files.get(path.join(root, 'routes.js'))!);
      const sends = routes.callSites.filter((c) => c.operation === 'spaces.messages.create');
      assert.equal(sends.length, 1, JSON.stringify(routes.callSites.map((c) => [c.loc.start.line, c.operation])));
      assert.equal(sends[0].viaWrapper, 'ChatService.announce');
      assert.equal(sends[0].loc.start.line + 1, handlers * 8 + 3);
    });
  }

  // The budget bounds what a summary carries to its callers, not which calls are call sites: the
  // 250th call in one test body is a call site as the first is.
  it('records every call of a wrapper as a call site past the budget (250 calls in one test)', () => {
    const calls = Array.from({ length: 250 }, (_, i) => `    await announce('release ${i}');`).join('\n');
    const spec = `const { announce } = require('./announce');
it('announces every release', async () => {
${calls}
});
`;
    const announce = `const { google } = require('googleapis');
const chat = google.chat({ version: 'v1' });
exports.announce = (text) => chat.spaces.messages.create({ parent: 'spaces/AAAA', requestBody: { text } });
`;
    const files = new Map([[path.join(root, 'announce.js'), announce], [path.join(root, 'announce.test.js'), spec]]);
    const result = workspaceOf(files).analyze(path.join(root, 'announce.test.js'), spec);
    const lines = result.callSites.filter((c) => c.operation === 'spaces.messages.create').map((c) => c.loc.start.line + 1);
    assert.equal(lines.length, 250);
    assert.equal(lines[249], 2 + 250);
  });

  // With both budgets spent (200 calls through a parameter, then 200 sends), the later calls are
  // still visited for their call sites.
  it('records the call sites after both budgets are spent (210 parameter calls, then 250 sends)', () => {
    const viaParameter = Array.from({ length: 210 }, (_, i) => `  await deps.step${i}();`).join('\n');
    const sends = Array.from({ length: 250 }, (_, i) => `  await announce('release ${i}');`).join('\n');
    const job = `const { announce } = require('./announce');
exports.run = async (deps) => {
${viaParameter}
${sends}
};
`;
    const announce = `const { google } = require('googleapis');
const chat = google.chat({ version: 'v1' });
exports.announce = (text) => chat.spaces.messages.create({ parent: 'spaces/AAAA', requestBody: { text } });
`;
    const files = new Map([[path.join(root, 'announce.js'), announce], [path.join(root, 'job.js'), job]]);
    const result = workspaceOf(files).analyze(path.join(root, 'job.js'), job);
    const lines = result.callSites.filter((c) => c.operation === 'spaces.messages.create').map((c) => c.loc.start.line + 1);
    assert.equal(lines.length, 250);
    assert.equal(lines[249], 2 + 210 + 250);
  });
});
