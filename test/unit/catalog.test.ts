// The quota catalog: every entry is sourced, and the numbers match the seed documents.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkedQuotas, loadCatalog, quotasCovering } from '../../server/src/catalog';
import { mergeSettings } from '../../server/src/config/validate';

const catalog = loadCatalog();
const all = Object.values(catalog.providers).flatMap((p) => p.quotas);

describe('quota catalog', () => {
  it('gives every quota a source URL and a verification mark', () => {
    for (const q of all) {
      assert.match(q.source, /^https:\/\//, `${q.id} has no source URL`);
      assert.ok(q.verification, `${q.id} has no verification mark`);
    }
  });

  it('has unique ids', () => {
    assert.equal(new Set(all.map((q) => q.id)).size, all.length);
  });

  it('states the Google Chat limits of the seed document', () => {
    const byId = new Map(all.map((q) => [q.id, q]));
    assert.equal(byId.get('gchat.space.writes')!.limit, 60);
    assert.equal(byId.get('gchat.space.reads')!.limit, 900);
    assert.equal(byId.get('gchat.project.message-writes')!.limit, 3000);
    assert.equal(byId.get('gchat.project.membership-writes')!.limit, 300);
    assert.equal(byId.get('gchat.project.space-writes')!.limit, 60);
    assert.equal(byId.get('gchat.project.attachment-writes')!.limit, 600);
    assert.equal(byId.get('gchat.space-create.per-minute')!.limit, 35);
    assert.equal(byId.get('gchat.space-create.per-hour')!.limit, 210);
  });

  it('states the Oxylabs plan table of the seed document', () => {
    const expected: Record<string, [number, number]> = {
      'free-trial': [10, 3], micro: [50, 13], starter: [50, 13], advanced: [50, 13], venture: [50, 13], business: [100, 25], corporate: [100, 25],
    };
    for (const [plan, [jobs, rendered]] of Object.entries(expected)) {
      const settings = mergeSettings({ oxylabsPlan: plan as never });
      const plain = checkedQuotas(catalog, settings, 'oxylabs', 'realtime.queries', {});
      const withRender = checkedQuotas(catalog, settings, 'oxylabs', 'realtime.queries', { rendered: true });
      assert.deepEqual(plain.map((q) => q.limit), [jobs], plan);
      assert.deepEqual(withRender.map((q) => q.limit).sort((a, b) => a! - b!), [rendered, jobs], plan);
    }
  });

  it('checks Yida against the DingTalk per-app default of the configured edition', () => {
    for (const [edition, limit] of [['standard', 20], ['professional', 40], ['exclusive', 60]] as const) {
      const q = checkedQuotas(catalog, mergeSettings({ dingtalkEdition: edition }), 'yida', 'searchFormDatas').filter((x) => x.windowSeconds === 1);
      assert.deepEqual(q.map((x) => x.limit), [limit]);
    }
  });

  it('lists the unpublished Yida limits for the hover without checking them', () => {
    const covering = quotasCovering(catalog, mergeSettings(), 'yida', 'saveFormData').map((q) => q.id);
    assert.ok(covering.includes('yida.app.qps') && covering.includes('yida.global.qps'));
    assert.ok(!checkedQuotas(catalog, mergeSettings(), 'yida', 'saveFormData').some((q) => q.id.startsWith('yida.')));
  });

  it('lets quota-lint.json override a built-in quota and add one', () => {
    const settings = mergeSettings({ quotas: [
      { id: 'gchat.space.writes', provider: 'google-chat', operations: ['spaces.messages.create'], limit: 30, windowSeconds: 60 },
      { id: 'yida.search', provider: 'yida', operations: ['searchFormDatas'], limit: 5, windowSeconds: 1 },
    ] });
    assert.deepEqual(checkedQuotas(catalog, settings, 'google-chat', 'spaces.messages.create').filter((q) => q.id === 'gchat.space.writes').map((q) => q.limit), [30]);
    assert.ok(checkedQuotas(catalog, settings, 'yida', 'searchFormDatas').some((q) => q.id === 'yida.search' && q.limit === 5));
  });
});
