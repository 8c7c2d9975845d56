// Quick fixes for rate findings: pace the outermost sequential loop with a delay computed from
// the quota, bound a Promise.all fan-out, or declare the loop's real bound.
import type { Fix } from '../model';
import type { Quota } from '../catalog';
import type { Effect } from '../analysis/facts/summaries';
import type { LoopStep } from '../analysis/facts/steps';
import type { RuleContext } from '../rules/types';
import { estimate, loopMultiplies } from '../analysis/rates';
import { limitPhrase, spacingMs } from '../rules/format';
import { delayLine } from './snippets';
import { concurrencyFor, fanOutFixes } from './fanOutFixes';

export function rateFixes(ctx: RuleContext, effect: Effect, quota: Quota): Fix[] {
  const loops = effect.chain.filter((s): s is LoopStep => s.kind === 'loop' && s.role !== 'retry' && loopMultiplies(s, effect, quota));
  const fixes: Fix[] = [];
  // The loop that repeats the call directly: pacing it spaces the calls.
  const sequential = loops.find((s) => s.mode === 'sequential' && s.loc.file === ctx.file);
  const ms = sequential && sequential.bodyStart !== undefined && sequential.asyncBody ? pacingThatFits(ctx, effect, quota, sequential) : undefined;
  if (sequential && ms !== undefined) {
    fixes.push({
      title: `Pace the loop: wait ${ms} ms per iteration (${limitPhrase(quota)} ${quota.scopeKey ? `per ${quota.scopeKey}` : 'quota'})`,
      edits: [{ span: { start: sequential.bodyStart!, end: sequential.bodyStart! }, newText: delayLine(ctx.layout, sequential.indent ?? '', ms) }],
      safe: false, isPreferred: true, needsConfirmation: true,
    });
  }
  const parallel = loops.find((s) => s.mode === 'parallel' && s.fanOut && s.loc.file === ctx.file);
  if (parallel) {
    // A pool only helps when its concurrency brings the estimate within the quota.
    const k = concurrencyFor(ctx, effect, quota);
    const chain = effect.chain.map((s) => (s === parallel ? { ...parallel, mode: 'pool' as const, concurrency: k } : s));
    if (estimate({ ...effect, chain }, quota, ctx.settings, ctx.catalog, ctx.env).calls <= quota.limit!) fixes.push(...fanOutFixes(ctx, effect, parallel, quota));
  }
  const assumed = loops.find((s) => s.bound.kind === 'assumed' && s.loc.file === ctx.file);
  const bound = assumed && largestBoundWithinQuota(ctx, effect, quota, assumed);
  if (assumed && bound) {
    const text = ctx.text;
    const lineStart = text.lastIndexOf('\n', assumed.loc.span.start - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    fixes.push({
      title: `Declare the loop's real bound (// quota-lint-bound ${bound} keeps it within the quota)`,
      edits: [{ span: { start: lineStart, end: lineStart }, newText: `${indent}// quota-lint-bound ${bound}${ctx.layout.eol}` }],
      safe: false,
    });
  }
  return fixes;
}

/**
 * The shortest delay per iteration (a multiple of the quota's spacing) that brings the estimate
 * within the quota; undefined when no delay can (a burst inside each iteration is too big).
 */
function pacingThatFits(ctx: RuleContext, effect: Effect, quota: Quota, loop: LoopStep): number | undefined {
  const base = spacingMs(quota);
  for (let k = 1; k <= 64; k *= 2) {
    const ms = base * k;
    const chain = effect.chain.map((s) => (s === loop ? { ...loop, pacingMs: (loop.pacingMs ?? 0) + ms } : s));
    if (estimate({ ...effect, chain }, quota, ctx.settings, ctx.catalog, ctx.env).calls <= quota.limit!) return ms;
  }
  return undefined;
}

/** The largest bound for `loop` that keeps the estimate within the quota, if any. */
function largestBoundWithinQuota(ctx: RuleContext, effect: Effect, quota: Quota, loop: LoopStep): number | undefined {
  const within = (n: number) => {
    const chain = effect.chain.map((s) => (s === loop ? { ...loop, bound: { n, kind: 'upTo' as const, text: `declared bound ${n}` } } : s));
    return estimate({ ...effect, chain }, quota, ctx.settings, ctx.catalog, ctx.env).calls <= quota.limit!;
  };
  for (let n = quota.limit!; n >= 1; n = Math.floor(n / 2)) if (within(n)) return n;
  return undefined;
}
