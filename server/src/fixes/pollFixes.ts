// Quick fixes for polling loops (insert a poll interval).
import type { Fix } from '../model';
import type { LoopStep } from '../analysis/facts/steps';
import type { RuleContext } from '../rules/types';

export function pollFixes(_ctx: RuleContext, _loop: LoopStep): Fix[] {
  return [];
}
