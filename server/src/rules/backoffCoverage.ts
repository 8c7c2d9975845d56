// Shared by missing-backoff and weak-backoff: what, if anything, retries throttling errors of
// the call on a given chain, and whether the chain repeats the call at all.
import type { ClientRetry } from '../analysis/facts/apiOp';
import type { Effect } from '../analysis/facts/summaries';
import type { Loc } from '../model';
import type { RetryPolicy, Step } from '../analysis/facts/steps';
import { cronName } from '../analysis/facts/clockGates';

export type Coverage =
  | { kind: 'none' }
  | { kind: 'code'; policy: RetryPolicy; loc: Loc; library: string }
  | { kind: 'client'; retry: ClientRetry };

export function coverageOf(effect: Effect): Coverage {
  for (const s of effect.chain) {
    if (s.kind === 'trigger') break;
    if (s.kind === 'retry') return { kind: 'code', policy: s.policy, loc: s.loc, library: s.library };
    if (s.kind === 'loop' && s.role === 'retry') return { kind: 'code', policy: s.retryPolicy ?? { description: 'retry loop' }, loc: s.loc, library: 'retry loop' };
  }
  const client = effect.op?.clientRetry;
  if (client?.coversThrottling) return { kind: 'client', retry: client };
  return { kind: 'none' };
}

/** Client retries the user configured (as opposed to a library's built-in default). */
export function userConfigured(retry: ClientRetry): boolean {
  return !/default|built-in/.test(retry.source);
}

/** How the chain repeats the call: a schedule, a timer, or a loop that is not a handful of known items. */
export function repetition(effect: Effect): { step: Step; text: string } | undefined {
  let found: { step: Step; text: string } | undefined;
  for (const s of effect.chain) {
    if (s.kind === 'trigger') {
      const t = s.trigger;
      if (t.type === 'cron') return { step: s, text: `on a schedule (${cronName(t)})` };
      if (t.type === 'interval') return { step: s, text: `on a timer (${t.label})` };
      if (t.type === 'recursive-timeout') return { step: s, text: `on a timer (setTimeout re-armed after ${t.ms} ms)` };
      break;
    }
    if (s.kind === 'loop' && s.role !== 'retry' && !found) {
      const many = s.bound.kind !== 'exact' || s.bound.n > 10;
      if (many) found = { step: s, text: `in a loop (${s.loopKind})` };
    }
  }
  return found;
}
