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
      related: [], fixes: closest(r.id) ? [{ title: `Change to '${closest(r.id)}'`, edits: [{ span: { start: r.start, end: r.end }, newText: closest(r.id)! }], safe: true, isPreferred: true }] : [],
    })));
  },
};

/** The known rule id a typo most likely meant (edit distance of at most 3). */
function closest(id: string): string | undefined {
  let best: { rule: string; d: number } | undefined;
  for (const rule of RULE_IDS) {
    const d = distance(id, rule);
    if (d <= 3 && (!best || d < best.d)) best = { rule, d };
  }
  return best?.rule;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
