// Quick fixes for top-of-hour schedules (move minute 0 to :10 or to a stable hashed minute).
import type { Fix } from '../model';
import type { TriggerStep } from '../analysis/facts/steps';
import type { RuleContext } from '../rules/types';

export function scheduleFixes(_ctx: RuleContext, _trigger: TriggerStep): Fix[] {
  return [];
}
