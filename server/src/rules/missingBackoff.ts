// missing-backoff: a call that repeats (in a loop, on a schedule or timer) with nothing that
// retries its throttling errors: no retry wrapper, no retry loop, no client retry that covers
// the call's HTTP verb. Single interactive calls are left alone.
import { checkedQuotas, providerCatalog, traitsOf } from '../catalog';
import type { ThrottleSignature } from '../catalog/schema';
import { estimate } from '../analysis/rates';
import { reachedOverHttp, type Effect } from '../analysis/facts/summaries';
import { cronStats } from '../analysis/cron';
import type { Finding, Loc } from '../model';
import { operationLabel } from '../providers/operations';
import { locKey, relatedOf } from './attribution';
import { coverageOf, repetition } from './backoffCoverage';
import type { Rule, RuleContext } from './types';
import { backoffFixes } from '../fixes/backoffFixes';

function isPaced(effect: Effect): boolean {
  for (const s of effect.chain) {
    if (s.kind === 'trigger') break;
    if (s.kind === 'limiter') return true;
    if (s.kind === 'loop' && (s.pacingMs === undefined || s.pacingMs > 0 || s.staggerMs)) return true;
    if (s.kind === 'invocation' && s.delayMs > 0) return true;
  }
  return false;
}

/** The largest share of a checked quota the chain can use (estimated calls / limit). */
function busiestShare(ctx: RuleContext, effect: Effect): number {
  const op = effect.op!;
  let share = 0;
  for (const q of checkedQuotas(ctx.catalog, ctx.settings, op.provider, op.operation, traitsOf(op))) {
    share = Math.max(share, estimate(effect, q, ctx.settings, ctx.catalog, ctx.env).calls / q.limit!);
  }
  return share;
}

/**
 * The error codes a retry must recognise, as the message lists them: legacy oapi endpoints answer
 * with numeric errcodes (a custom robot with its own), the other APIs with named codes.
 */
function signaturesFor(all: ThrottleSignature[], operation: string): ThrottleSignature[] {
  if (operation === 'oapi:/robot/send') return all.filter((s) => s.value === 410100);
  if (operation.startsWith('oapi:')) return all.filter((s) => s.kind === 'errcode' && s.value !== 410100);
  return all.filter((s) => s.kind !== 'errcode').slice(0, 3);
}

/**
 * When every loop and trigger on the chain sits inside a function this file merely calls (the chain
 * runs from the API call outwards), the callee's file reports the same finding; repeating it at each
 * caller would show one problem in many places.
 */
function repeatsOnlyInCallees(effect: Effect, loc: Loc): boolean {
  if (effect.site.file === loc.file) return false;
  const at = effect.chain.findIndex((s) => s.kind === 'invocation' && s.loc.file === loc.file && s.loc.span.start === loc.span.start);
  if (at < 0) return false;
  return !effect.chain.slice(at).some((s) => (s.kind === 'loop' && s.role !== 'retry') || (s.kind === 'trigger' && s.trigger.type !== 'external'));
}

export const missingBackoff: Rule = {
  id: 'missing-backoff',
  defaultSeverity: 'warning',
  title: 'A repeated API call has no retry with backoff on throttling errors',
  check(ctx) {
    const out = new Map<string, Finding>();
    for (const { effect } of ctx.facts.rooted) {
      const op = effect.op;
      if (!op || effect.cached || op.operation === 'generic') continue;
      // Reached through a request to the app's own route: a retry belongs in the route, around the
      // API call, where the throttling error is seen; the route's file reports it when it repeats there.
      if (reachedOverHttp(effect)) continue;
      if (coverageOf(effect).kind !== 'none') continue;
      const repeated = repetition(effect);
      if (!repeated) continue;
      // Paced code already handles the rate (a reviewer reads the pacing as throttle handling),
      // and an unscheduled loop using under half of every quota rarely meets a throttling error.
      if (isPaced(effect)) continue;
      // A robot's limit is its own (20 a minute), so a schedule alone does not crowd it.
      const scheduleAlone = repeated.step.kind === 'trigger' && op.operation !== 'oapi:/robot/send';
      if (!scheduleAlone && busiestShare(ctx, effect) < 0.5) continue;
      // A schedule that never runs (invalid-schedule reports it) repeats nothing.
      if (repeated.step.kind === 'trigger' && repeated.step.trigger.type === 'cron') {
        const t = repeated.step.trigger;
        if (!cronStats(t.expression, t.library, ctx.env).valid) continue;
      }
      // The retry belongs around the API call itself, or around the wrapper call in this file.
      const loc = effect.site.file === ctx.file ? effect.site : effect.chain.find((s) => s.kind === 'invocation' && s.loc.file === ctx.file)?.loc;
      if (!loc || out.has(locKey(loc))) continue;
      if (repeatsOnlyInCallees(effect, loc)) continue;
      const cat = providerCatalog(ctx.catalog, op.provider);
      const signs = signaturesFor(cat.throttleSignatures, op.operation).map((s) => String(s.value)).join(', ');
      const why = op.clientRetry?.weakness ? ` (${op.clientRetry.weakness})` : '';
      out.set(locKey(loc), {
        ruleId: 'missing-backoff', severity: 'warning', loc,
        message: `${operationLabel(op.provider, op.operation)} runs ${repeated.text} and nothing retries its throttling errors (${signs})${why}. `
          + (op.operation === 'oapi:/robot/send'
            ? 'A throttled robot stays muted for 10 minutes: queue the messages (at most 20 a minute per robot) and on 410100 wait 10 minutes before sending again.'
            : `Retry with backoff: ${cat.recommendedBackoff.advice}.`),
        related: relatedOf(effect, loc, op.operation),
        fixes: backoffFixes(ctx, effect),
      });
    }
    return [...out.values()];
  },
};
