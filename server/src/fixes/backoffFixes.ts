// Quick fixes for missing and weak backoff.
import type { Fix } from '../model';
import type { Effect } from '../analysis/facts/summaries';
import type { RuleContext } from '../rules/types';
import type { Coverage } from '../rules/backoffCoverage';

export function backoffFixes(_ctx: RuleContext, _effect: Effect): Fix[] {
  return [];
}

export function weakBackoffFixes(_ctx: RuleContext, _effect: Effect, _coverage: Coverage): Fix[] {
  return [];
}
