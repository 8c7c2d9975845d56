// Quick fix for unbounded fan-outs: `Promise.all(xs.map(cb))` becomes a bounded pool, p-limit
// when the project depends on it, otherwise a local helper with Promise.all's semantics.
import { majorOf } from '../config/project';
import type { Fix, TextEdit } from '../model';
import type { Quota } from '../catalog';
import type { Effect } from '../analysis/facts/summaries';
import type { LoopStep } from '../analysis/facts/steps';
import type { RuleContext } from '../rules/types';
import { latencyMs } from '../analysis/rates';
import { POOL_HELPER, helperEdits, importEdit } from './snippets';

const LIMIT_NAME = 'quotaLimit';

/** Calls in flight that keep `quota` at the assumed latency, at least one. */
export function concurrencyFor(ctx: RuleContext, effect: Effect, quota: Quota): number {
  const perSecond = (quota.limit ?? 1) / quota.windowSeconds;
  return Math.max(1, Math.floor(perSecond * (latencyMs(effect, ctx.settings, ctx.catalog) / 1000)));
}

export function fanOutFixes(ctx: RuleContext, effect: Effect, step: LoopStep, quota: Quota): Fix[] {
  const f = step.fanOut;
  if (!f || f.all !== 'all' || step.loc.file !== ctx.file) return [];
  const k = concurrencyFor(ctx, effect, quota);
  const text = ctx.text;
  const receiver = text.slice(f.receiver.start, f.receiver.end);
  const callback = text.slice(f.callback.start, f.callback.end);
  const pLimit = ctx.project.dependencies['p-limit'];
  const edits: TextEdit[] = [];
  let how: string;
  if (pLimit && (ctx.layout.esm || (majorOf(pLimit) ?? 99) < 4)) {
    const imp = importEdit(ctx.layout, 'p-limit', { default: 'pLimit' });
    if (imp.edit) edits.push(imp.edit);
    // One limiter for the module: every fan-out through it shares the quota, as the provider does.
    if (!ctx.layout.topLevelNames.has(LIMIT_NAME)) {
      const semi = ctx.layout.semicolons ? ';' : '';
      const at = ctx.layout.importsEnd;
      edits.push({ span: { start: at, end: at }, newText: `${ctx.layout.eol}${ctx.layout.eol}const ${LIMIT_NAME} = ${imp.local}(${k})${semi}` });
    }
    edits.push({ span: f.promiseAll, newText: `Promise.all(${receiver}.map((item, index) => ${LIMIT_NAME}(() => (${callback})(item, index))))` });
    how = `p-limit, ${k} at a time`;
  } else {
    edits.push({ span: f.promiseAll, newText: `${POOL_HELPER}(${receiver}, ${k}, ${callback})` });
    edits.push(...helperEdits(ctx.layout, text, ['pool']));
    how = `${k} at a time`;
  }
  return [{ title: `Bound the fan-out (${how})`, edits, safe: false, needsConfirmation: true }];
}
