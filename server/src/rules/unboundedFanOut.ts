// unbounded-fan-out: a Promise.all/map (or calls not awaited in a loop) over a collection of
// unknown size starts every call at once, with nothing capping the concurrency.
import { checkedQuotas, traitsOf } from '../catalog';
import type { Finding } from '../model';
import { fanOutBurst, latencyMs, loopMultiplies, unboundedFanOut as fanOutStep } from '../analysis/rates';
import { callsNoun } from '../providers/operations';
import { locKey, primaryLoc, relatedOf } from './attribution';
import { allowsPhrase, spacingMs } from './format';
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
      if (!op || effect.cached) continue;
      const step = fanOutStep(effect);
      if (!step) continue;
      // Quotas the fan-out actually multiplies (a fan-out over spaces does not add up in one space)
      // and that its burst, at the assumed size, can overrun: 100 DMs started together are nothing
      // to a 3000-a-minute project quota, and saying "assumed 100 … allows 3000" would make no sense.
      const quotas = checkedQuotas(ctx.catalog, ctx.settings, op.provider, op.operation, traitsOf(op))
        .filter((q) => loopMultiplies(step, effect, q)
          && fanOutBurst(effect, step, q, ctx.settings, ctx.catalog, ctx.env) > q.limit!);
      if (!quotas.length) continue;
      // The tightest quota: the fewest calls allowed per second.
      const tightest = quotas.reduce((a, b) => (a.limit! / a.windowSeconds <= b.limit! / b.windowSeconds ? a : b));
      const loc = primaryLoc(effect, ctx.file, effect.chain.indexOf(step), true);
      if (!loc || out.has(locKey(loc))) continue;
      const perSecond = tightest.limit! / tightest.windowSeconds;
      const latency = latencyMs(effect, ctx.settings, ctx.catalog);
      const streams = Math.floor(perSecond * (latency / 1000));
      const advice = streams >= 1
        ? `Bound the concurrency to ${streams} at a time (≈${Math.round(perSecond)}/s at ~${latency} ms per call) or pace the calls.`
        : `Run them one at a time, at least ${spacingMs(tightest)} ms apart.`;
      const what = step.mode === 'sequential' ? `${step.loopKind} does not await its calls, so it` : `${step.loopKind} has no concurrency limit: it`;
      const message = `${what} starts every call at once, however many items there are; the ${tightest.description} allows `
        + `${allowsPhrase(tightest, callsNoun(op.provider, op.operation, tightest.id, !!op.rendered))}. ${advice}`;
      out.set(locKey(loc), {
        ruleId: 'unbounded-fan-out', severity: 'warning', message, loc,
        related: relatedOf(effect, loc, op.operation), fixes: fanOutFixes(ctx, effect, step, tightest),
      });
    }
    return [...out.values()];
  },
};
