// unknown-rule-in-directive: a suppression comment names a rule that does not exist, so it
// suppresses nothing (usually a typo).
import { RULE_IDS } from '../config/settings';
import { isKnownRule } from './directives';
import type { Rule } from './types';

export const unknownRuleInDirective: Rule = {
  id: 'unknown-rule-in-directive',
  defaultSeverity: 'warning',
  title: 'A quota-lint-disable comment names an unknown rule',
  check(ctx) {
    return ctx.facts.directives.flatMap((d) => d.ruleSpans.filter((r) => !isKnownRule(r.id)).map((r) => ({
      ruleId: 'unknown-rule-in-directive' as const, severity: 'warning' as const, loc: ctx.locOf({ start: r.start, end: r.end }),
      message: `Unknown rule '${r.id}' in a quota-lint-${d.kind} comment; it suppresses nothing. Known rules: ${RULE_IDS.join(', ')}.`,
      related: [], fixes: [],
    })));
  },
};
