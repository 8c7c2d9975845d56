// unbounded-fan-out: a Promise.all/map (or calls not awaited in a loop) over a collection of
// unknown size starts every call at once, with nothing capping the concurrency.
import { checkedQuotas } from '../catalog';
import type { Finding } from '../model';
import { unboundedFanOut as fanOutStep } from '../analysis/rates';
import { callsNoun } from '../providers/operations';
import { locKey, primaryLoc, relatedOf } from './attribution';
import { limitPhrase } from './format';
import type { Rule } from './types';
import { fanOutFixes } from '../fixes/fanOutFixes';

export const unboundedFanOut: Rule = {
  id: 'unbounded-fan-out',
  defaultSeverity: 'warning',
  title: 'All calls start at once over a collection of unknown size',
  check(ctx) {
    const out = new Map<string, Finding>();
    for (const { effect } of ctx.facts.rooted) {
      const op = effect.op;
      if (!op) continue;
      const step = fanOutStep(effect);
      if (!step) continue;
      const quotas = checkedQuotas(ctx.catalog, ctx.settings, op.provider, op.operation, { rendered: op.rendered });
      if (!quotas.length) continue;
      // The tightest quota: the fewest calls allowed per second.
      const tightest = quotas.reduce((a, b) => (a.limit! / a.windowSeconds <= b.limit! / b.windowSeconds ? a : b));
      const loc = primaryLoc(effect, ctx.file, effect.chain.indexOf(step));
      if (!loc || out.has(locKey(loc))) continue;
      const concurrency = Math.max(1, Math.min(tightest.limit!, Math.floor(tightest.limit! / tightest.windowSeconds) || 1));
      const what = step.mode === 'sequential' ? `${step.loopKind} does not await its calls, so` : `${step.loopKind} with no concurrency limit:`;
      const message = `${what} every ${callsNoun(op.provider, op.operation, tightest.id, !!op.rendered)} starts at once, `
        + `however many items there are; the ${tightest.description} allows ${limitPhrase(tightest)}. `
        + `Bound the concurrency (e.g. ${concurrency} at a time) or pace the calls.`;
      out.set(locKey(loc), {
        ruleId: 'unbounded-fan-out', severity: 'warning', message, loc,
        related: relatedOf(effect, loc, op.operation), fixes: fanOutFixes(ctx, effect, step, tightest),
      });
    }
    return [...out.values()];
  },
};
