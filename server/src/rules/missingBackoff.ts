// missing-backoff: a call that repeats (in a loop, on a schedule or timer) with nothing that
// retries its throttling errors: no retry wrapper, no retry loop, no client retry that covers
// the call's HTTP verb. Single interactive calls are left alone.
import { providerCatalog } from '../catalog';
import { cronStats } from '../analysis/cron';
import type { Finding } from '../model';
import { PROVIDER_NAMES } from '../providers/operations';
import { locKey, relatedOf } from './attribution';
import { coverageOf, repetition } from './backoffCoverage';
import type { Rule } from './types';
import { backoffFixes } from '../fixes/backoffFixes';

export const missingBackoff: Rule = {
  id: 'missing-backoff',
  defaultSeverity: 'warning',
  title: 'A repeated API call has no retry with backoff on throttling errors',
  check(ctx) {
    const out = new Map<string, Finding>();
    for (const { effect } of ctx.facts.rooted) {
      const op = effect.op;
      if (!op || effect.cached || op.operation === 'generic') continue;
      if (coverageOf(effect).kind !== 'none') continue;
      const repeated = repetition(effect);
      if (!repeated) continue;
      // A schedule that never runs (invalid-schedule reports it) repeats nothing.
      if (repeated.step.kind === 'trigger' && repeated.step.trigger.type === 'cron') {
        const t = repeated.step.trigger;
        if (!cronStats(t.expression, t.library, ctx.env).valid) continue;
      }
      // The retry belongs around the API call itself, or around the wrapper call in this file.
      const loc = effect.site.file === ctx.file ? effect.site : effect.chain.find((s) => s.kind === 'invocation' && s.loc.file === ctx.file)?.loc;
      if (!loc || out.has(locKey(loc))) continue;
      const cat = providerCatalog(ctx.catalog, op.provider);
      const signs = cat.throttleSignatures.slice(0, 3).map((s) => String(s.value)).join(', ');
      const why = op.clientRetry?.weakness ? ` (${op.clientRetry.weakness})` : '';
      out.set(locKey(loc), {
        ruleId: 'missing-backoff', severity: 'warning', loc,
        message: `${PROVIDER_NAMES[op.provider]} ${op.operation} runs ${repeated.text} and nothing retries its throttling errors (${signs})${why}. `
          + `Retry with backoff: ${cat.recommendedBackoff.advice}.`,
        related: relatedOf(effect, loc, op.operation),
        fixes: backoffFixes(ctx, effect),
      });
    }
    return [...out.values()];
  },
};
