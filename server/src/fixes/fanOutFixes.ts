// Quick fixes for unbounded fan-outs (a bounded pool around Promise.all(xs.map(f))).
import type { Fix } from '../model';
import type { Quota } from '../catalog';
import type { Effect } from '../analysis/facts/summaries';
import type { LoopStep } from '../analysis/facts/steps';
import type { RuleContext } from '../rules/types';

export function fanOutFixes(_ctx: RuleContext, _effect: Effect, _step: LoopStep, _quota: Quota): Fix[] {
  return [];
}
