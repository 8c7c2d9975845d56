// weak-backoff: a retry exists but will not get through a throttling window: no delay, a
// constant delay shorter than the quota window, no jitter, no cap, endless attempts, retrying
// every error without checking for throttling, or a client retry configured to retry at once.
import { checkedQuotas, providerCatalog, traitsOf } from '../catalog';
import type { Finding, Severity } from '../model';
import { operationLabel } from '../providers/operations';
import { locKey } from './attribution';
import { coverageOf, repetition, userConfigured } from './backoffCoverage';
import type { Rule } from './types';
import { weakBackoffFixes } from '../fixes/backoffFixes';
import { reachedOverHttp } from '../analysis/facts/summaries';

export const weakBackoff: Rule = {
  id: 'weak-backoff',
  defaultSeverity: 'warning',
  title: 'A retry does not back off enough for the provider\'s quota',
  check(ctx) {
    const out = new Map<string, Finding>();
    for (const { effect } of ctx.facts.rooted) {
      const op = effect.op;
      if (!op || effect.cached) continue;
      // A retry of a request to the app's own route does not see the API's throttling errors.
      if (reachedOverHttp(effect)) continue;
      const cov = coverageOf(effect);
      if (cov.kind === 'none') continue;
      const quotas = checkedQuotas(ctx.catalog, ctx.settings, op.provider, op.operation, traitsOf(op));
      // The shortest window: a constant delay at least that long lets it reset (Yida's own advice, sleep
      // 1 s on requestTooFast, must not be called weak because of the 20-second per-IP window).
      const window = quotas.length ? Math.min(...quotas.map((q) => q.windowSeconds)) : 1;
      const problems: { text: string; serious: boolean }[] = [];
      let loc = cov.kind === 'code' ? cov.loc : undefined;
      let what = '';
      if (cov.kind === 'code') {
        const p = cov.policy;
        what = p.description;
        if (p.initialDelayMs === 0) problems.push({ text: 'it retries immediately, with no delay', serious: true });
        else if (p.exponential === false && p.initialDelayMs !== undefined && p.initialDelayMs < window * 1000) {
          problems.push({ text: `it waits a constant ${p.initialDelayMs} ms, shorter than the ${window}-second quota window`, serious: true });
        }
        if (p.retries === Infinity) problems.push({ text: 'it retries forever', serious: true });
        if (p.exponential && p.jitter === false) problems.push({ text: 'it has no jitter, so clients that failed together retry together', serious: false });
        if (p.exponential && p.maxDelayMs === Infinity && p.retries !== undefined && p.retries > 10 && p.retries !== Infinity) problems.push({ text: 'its delay has no cap', serious: false });
        if (p.checksThrottling === false) problems.push({ text: 'it retries every error instead of checking for throttling', serious: false });
        if (op.provider === 'oxylabs' && p.exponential === false && (p.initialDelayMs ?? 0) < 1000) {
          problems.push({ text: 'it retries Oxylabs\' low-success-rate 429 faster than the 1 req/s that domain is limited to', serious: true });
        }
      } else if (userConfigured(cov.retry)) {
        what = cov.retry.source;
        if (cov.retry.weakness) problems.push({ text: cov.retry.weakness, serious: true });
        else if (cov.retry.exponential === false) problems.push({ text: 'it does not grow the delay between retries', serious: true });
        loc = effect.site.file === ctx.file ? effect.site : undefined;
      }
      if (!problems.length || !loc || loc.file !== ctx.file || out.has(locKey(loc))) continue;
      // A weak retry around a call that runs once matters less: say so with a lower severity.
      const severity: Severity = problems.some((p) => p.serious) && repetition(effect) ? 'warning' : 'info';
      const advice = providerCatalog(ctx.catalog, op.provider).recommendedBackoff.advice;
      out.set(locKey(loc), {
        ruleId: 'weak-backoff', severity, loc,
        message: `The retry of ${operationLabel(op.provider, op.operation)} (${what}) is weak: ${problems.map((p) => p.text).join('; ')}. Use truncated exponential backoff with jitter: ${advice}.`,
        related: [{ loc: effect.site, message: `API call: ${op.operation}` }],
        fixes: weakBackoffFixes(ctx, effect, cov),
      });
    }
    return [...out.values()];
  },
};
