// Quick fixes for missing and weak backoff: wrap the call in truncated exponential backoff with
// jitter, tuned to the provider (exponential-backoff or p-retry when the project depends on one,
// otherwise a small local helper inserted once per file), or rewrite a retry loop's delay.
import { providerCatalog } from '../catalog';
import { majorOf } from '../config/project';
import type { Fix, TextEdit } from '../model';
import type { Effect } from '../analysis/facts/summaries';
import type { RuleContext } from '../rules/types';
import type { Coverage } from '../rules/backoffCoverage';
import { BACKOFF_HELPER, THROTTLE_PREDICATE, helperEdits, importEdit } from './snippets';

const ROBOT_SEND = 'oapi:/robot/send';

export function backoffFixes(ctx: RuleContext, effect: Effect): Fix[] {
  const op = effect.op;
  const span = effect.callSpan;
  if (!op || !span || effect.site.file !== ctx.file) return [];
  // A throttled DingTalk robot stays muted for 10 minutes: retrying within seconds only prolongs it.
  if (op.operation === ROBOT_SEND) return [];
  const call = ctx.text.slice(span.start, span.end);
  const b = providerCatalog(ctx.catalog, op.provider).recommendedBackoff;
  const deps = ctx.project.dependencies;
  const edits: TextEdit[] = [];
  let replacement: string;
  let how: string;
  if (deps['exponential-backoff']) {
    const imp = importEdit(ctx.layout, 'exponential-backoff', { named: 'backOff' });
    if (imp.edit) edits.push(imp.edit);
    replacement = `${imp.local}(() => ${call}, { startingDelay: ${b.baseMs}, timeMultiple: 2, maxDelay: ${b.maxMs}, jitter: 'full', numOfAttempts: 7, retry: ${THROTTLE_PREDICATE} })`;
    edits.push(...helperEdits(ctx.layout, ctx.text, ['predicate']));
    how = 'exponential-backoff';
  } else if (deps['p-retry'] && (ctx.layout.esm || (majorOf(deps['p-retry']) ?? 99) < 5)) {
    const imp = importEdit(ctx.layout, 'p-retry', { default: 'pRetry' });
    if (imp.edit) edits.push(imp.edit);
    const param = ctx.layout.typescript ? '(x: any)' : '(x)';
    replacement = `${imp.local}(() => ${call}, { retries: 6, minTimeout: ${b.baseMs}, maxTimeout: ${b.maxMs}, randomize: true, shouldRetry: ${param} => ${THROTTLE_PREDICATE}(x?.error ?? x) })`;
    edits.push(...helperEdits(ctx.layout, ctx.text, ['predicate']));
    how = 'p-retry';
  } else {
    replacement = `${BACKOFF_HELPER}(() => ${call}, { baseMs: ${b.baseMs}, maxMs: ${b.maxMs} })`;
    edits.push(...helperEdits(ctx.layout, ctx.text, ['backoff']));
    how = 'a local helper';
  }
  edits.unshift({ span, newText: replacement });
  return [{
    title: `Retry ${op.operation} with truncated exponential backoff and jitter (${how})`,
    edits, safe: false, isPreferred: true, needsConfirmation: true,
  }];
}

/** For a hand-written retry loop: replace its delay with truncated exponential backoff, or add one. */
export function weakBackoffFixes(ctx: RuleContext, effect: Effect, coverage: Coverage): Fix[] {
  if (coverage.kind !== 'code' || !effect.op) return [];
  const p = coverage.policy;
  if (!p.delaySpan || !p.counter || coverage.loc.file !== ctx.file) return [];
  // Only when the delay is all that is wrong: the fix must leave a retry with nothing left to report.
  if (p.checksThrottling === false || p.retries === Infinity) return [];
  const b = providerCatalog(ctx.catalog, effect.op.provider).recommendedBackoff;
  const expr = `Math.min(${b.baseMs} * 2 ** ${p.counter}, ${b.maxMs}) + Math.random() * ${b.jitterMs}`;
  const edit: TextEdit = p.delaySpan.start === p.delaySpan.end
    ? { span: p.delaySpan, newText: `${p.delayIndent ?? ''}await new Promise((resolve) => setTimeout(resolve, ${expr}));${ctx.layout.eol}` }
    : { span: p.delaySpan, newText: expr };
  return [{ title: `Back off exponentially with jitter: wait ${expr}`, edits: [edit], safe: false, isPreferred: true, needsConfirmation: true }];
}
