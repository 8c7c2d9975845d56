// The rule registry: every rule, in reporting order.
import type { RuleId } from '../config/settings';
import type { Rule } from './types';
import { rateOverQuota } from './rateOverQuota';
import { unboundedFanOut } from './unboundedFanOut';
import { peakHourSchedule } from './peakHourSchedule';
import { pollingWithoutDelay } from './pollingWithoutDelay';
import { invalidSchedule } from './invalidSchedule';
import { unknownRuleInDirective } from './unknownRuleInDirective';
import { missingBackoff } from './missingBackoff';
import { weakBackoff } from './weakBackoff';

export const RULES: readonly Rule[] = [
  rateOverQuota, unboundedFanOut, peakHourSchedule, pollingWithoutDelay, missingBackoff, weakBackoff, invalidSchedule, unknownRuleInDirective,
];

export function ruleById(id: RuleId): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
