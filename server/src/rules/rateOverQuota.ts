// rate-over-quota: the most calls that can start in one quota window exceed the limit.
// Error when even the lower bound exceeds it (exact loop bounds, timers, fan-outs); warning
// when the estimate rests on the assumed latency or an assumed loop bound, and the message says so.
import { checkedQuotas, traitsOf } from '../catalog';
import type { Finding } from '../model';
import { estimate, estimateGroup, groupIndex, loopMultiplies, unboundedFanOut, type Estimate } from '../analysis/rates';
import { concurrentGroups } from '../analysis/concurrentGroups';
import type { Quota } from '../catalog';
import type { Loc } from '../model';
import type { Effect } from '../analysis/facts/summaries';
import type { LoopStep } from '../analysis/facts/steps';
import { callsNoun } from '../providers/operations';
import { primaryLoc, relatedOf, locKey } from './attribution';
import { countPhrase, limitPhrase, scopePhrase, spacingMs, windowPhrase } from './format';
import type { Rule } from './types';
import { rateFixes } from '../fixes/rateFixes';
import { coverageOf } from './backoffCoverage';

/** A limiter whose settings we cannot read (a project's own helper): the author paced the calls; stay silent. */
function pacedByUnknownLimiter(effect: Effect): boolean {
  for (const s of effect.chain) {
    if (s.kind === 'trigger') break;
    if (s.kind === 'limiter' && !s.limit && !s.concurrency) return true;
  }
  return false;
}

/**
 * A loop that waits between iterations for a time we cannot read (`await delay(config.delayMs)`):
 * the author paced it and the pace is a setting, so the code alone does not say the quota is at risk.
 */
function pacedByUnknownDelay(effect: Effect): boolean {
  for (const s of effect.chain) {
    if (s.kind === 'trigger') break;
    if (s.kind === 'loop' && s.role !== 'retry' && s.pacingMs === undefined) return true;
  }
  return false;
}

/**
 * Throttling errors of the call are retried after a growing delay (`p-retry`, a retry loop that
 * doubles its wait, axios-retry): going over the quota only slows the job down, so an estimate
 * that rests on assumptions is not worth a warning. A certain excess still is an error.
 */
function backsOffOnThrottling(effect: Effect): boolean {
  const c = coverageOf(effect);
  if (c.kind === 'client') return !!c.retry.exponential;
  if (c.kind !== 'code' || c.policy.exponential !== true || c.policy.checksThrottling === false || (c.policy.retries ?? 1) <= 0) return false;
  // Workers running at once that are throttled together wait the same time without jitter and
  // come back together: the backoff repeats the burst instead of spreading it.
  return c.policy.jitter !== false || !startsTogether(effect);
}

/** The calls run in parallel iterations or pooled workers (`Promise.all` over workers, p-limit). */
function startsTogether(effect: Effect): boolean {
  for (const s of effect.chain) {
    if (s.kind === 'trigger') break;
    if (s.kind === 'loop' && s.role !== 'retry' && s.mode !== 'sequential' && (s.concurrency ?? 2) > 1) return true;
  }
  return false;
}

/**
 * A timer or schedule with no loop that fills the quota exactly (`setInterval(notify, 3000)` to a
 * robot allowed 20 a minute): within the limit on paper, but every window is full for as long as
 * the process lives, so any extra call in it is throttled. A loop that happens to reach the limit
 * once is left alone.
 */
function repeatsForever(effect: Effect): boolean {
  for (const s of effect.chain) {
    if (s.kind === 'loop' && s.role !== 'retry') return false;
    if (s.kind === 'trigger') return s.trigger.type === 'interval' || s.trigger.type === 'cron';
  }
  return false;
}

/**
 * The outermost loop that adds calls within one window of the quota. A loop that pauses a whole
 * window or more between iterations (`while (true) { await pushAll(); await sleep(60_000) }` against
 * a per-minute limit) puts one iteration in each window: the burst comes from the loops inside,
 * and the finding belongs there. Undefined: the outermost loop, as usual.
 */
function windowAnchor(effect: Effect, quota: Quota): number | undefined {
  const chain = effect.chain;
  // Steps outside the trigger (the code that registers a timer) do not repeat the calls.
  const trigger = chain.findIndex((s) => s.kind === 'trigger');
  let skipped = false;
  for (let i = (trigger < 0 ? chain.length : trigger) - 1; i >= 0; i--) {
    const s = chain[i];
    if (s.kind !== 'loop' || s.role === 'retry') continue;
    if (s.pacingMs !== undefined && s.pacingMs >= quota.windowSeconds * 1000) { skipped = true; continue; }
    return skipped ? i : undefined;
  }
  return undefined;
}

/** The effect as one item of its fan-out sees it: the steps inside the fan-out, when a loop among them multiplies the call. */
function insideFanOut(effect: Effect, fanOut: LoopStep): Effect | undefined {
  const chain = effect.chain.slice(0, effect.chain.indexOf(fanOut));
  return chain.some((s) => s.kind === 'loop' && s.role !== 'retry') ? { ...effect, chain } : undefined;
}

export const rateOverQuota: Rule = {
  id: 'rate-over-quota',
  defaultSeverity: 'warning',
  title: 'Estimated calls in a quota window exceed the provider\'s limit',
  check(ctx) {
    const best = new Map<string, { finding: Finding; ratio: number }>();
    const report = (effect: Effect, quota: Quota, est: Estimate, loc: Loc | undefined, members: Effect[] = [], withFixes = true): void => {
      const op = effect.op!;
      const limit = quota.limit!;
      const atLimit = est.calls === limit && est.lower === limit && repeatsForever(effect);
      if (!(est.calls > limit) && !atLimit) return;
      // Over only if a sequential loop of unknown size is long: a guess about the data, not the code.
      if (!atLimit && !(est.evidenced > limit) && !ctx.settings.warnOnUnknownSizeSequentialLoops) return;
      if (!loc) return;
      const ratio = est.calls / limit;
      const key = locKey(loc);
      const prev = best.get(key);
      if (prev && prev.ratio >= ratio) return;
      const certain = est.lower > limit;
      if (!certain && [effect, ...members].some(backsOffOnThrottling)) return;
      const noun = callsNoun(op.provider, op.operation, quota.id, !!op.rendered);
      const how = est.derivation || (op.jobsPerCall ? `one batch of ${op.jobsPerCall} jobs` : 'one call');
      const rests = certain || est.assumptions.length === 0 ? '' : ` The estimate assumes ${est.assumptions.join(' and ')}.`;
      const message = atLimit
        ? `${Math.round(est.calls)} ${noun} in ${windowPhrase(quota.windowSeconds)}${scopePhrase(quota)} (${how}) = the ${limitPhrase(quota)} ${quota.description}: `
          + `the timer uses the whole quota in every window, so a run at start-up, a retry or a second instance goes over. Space the runs more than ${spacingMs(quota)} ms apart.`
        : `${countPhrase(est.calls)} ${noun} in ${windowPhrase(quota.windowSeconds)}${scopePhrase(quota)} (${how}) > ${limitPhrase(quota)} ${quota.description}. `
          + `Space the calls at least ${spacingMs(quota)} ms apart or lower the concurrency.${rests}`;
      const related = relatedOf(effect, loc, `${op.operation}`);
      for (const m of members) related.push(...relatedOf(m, loc, `${m.op!.operation}`).filter((r) => !related.some((x) => locKey(x.loc) === locKey(r.loc))));
      best.set(key, {
        ratio,
        finding: {
          ruleId: 'rate-over-quota', severity: certain ? 'error' : 'warning', message, loc, related,
          fixes: withFixes ? rateFixes(ctx, effect, quota) : [],
        },
      });
    };
    const byQuota = new Map<string, { quota: Quota; effects: Effect[] }>();
    for (const { effect } of ctx.facts.rooted) {
      const op = effect.op;
      if (!op || effect.cached || pacedByUnknownLimiter(effect) || pacedByUnknownDelay(effect)) continue;
      const fanOut = unboundedFanOut(effect);
      for (const quota of checkedQuotas(ctx.catalog, ctx.settings, op.provider, op.operation, traitsOf(op))) {
        // unbounded-fan-out speaks for a fan-out of unknown size; one over the destinations
        // themselves (each configured robot gets the message once) adds nothing to any one of them,
        // and the loops around it still do.
        if (fanOut && loopMultiplies(fanOut, effect, quota)) {
          // One item's own burst can overrun by itself (each cart item scrapes five ZIP codes at
          // once): said where that burst starts; unbounded-fan-out speaks for the items together.
          const inner = insideFanOut(effect, fanOut);
          if (inner) report(inner, quota, estimate(inner, quota, ctx.settings, ctx.catalog, ctx.env), primaryLoc(inner, ctx.file, windowAnchor(inner, quota)));
          continue;
        }
        report(effect, quota, estimate(effect, quota, ctx.settings, ctx.catalog, ctx.env), primaryLoc(effect, ctx.file, windowAnchor(effect, quota)));
        const entry = byQuota.get(quota.id) ?? { quota, effects: [] };
        entry.effects.push(effect);
        byQuota.set(quota.id, entry);
      }
    }
    // Calls started together add up (`Promise.all([searchWalmart(q), searchTarget(q), …])`). The
    // burst belongs to the array: it is reported once, on the array's first element, not again at
    // every caller of the function that holds it (pacing a caller's loop does not shrink the burst).
    // No quick fix: pacing or bounding the loop around it would not split the array.
    for (const { quota, effects } of byQuota.values()) {
      for (const members of concurrentGroups(effects, quota)) {
        const first = members[0][0];
        const at = groupIndex(first);
        const loc = primaryLoc(first, ctx.file, at, true);
        report(first, quota, estimateGroup(members, quota, ctx.settings, ctx.catalog, ctx.env), loc, members.slice(1).flat(), false);
      }
    }
    return [...best.values()].map((b) => b.finding);
  },
};
