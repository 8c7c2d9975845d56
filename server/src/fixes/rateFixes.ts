// Quick fixes for rate findings (pace the loop, bound the pool, declare a loop bound).
import type { Fix } from '../model';
import type { Quota } from '../catalog';
import type { Effect } from '../analysis/facts/summaries';
import type { RuleContext } from '../rules/types';

export function rateFixes(_ctx: RuleContext, _effect: Effect, _quota: Quota): Fix[] {
  return [];
}
