// invalid-schedule: a cron expression the scheduling library would reject (or that never fires).
import type { Rule } from './types';

export const invalidSchedule: Rule = {
  id: 'invalid-schedule',
  defaultSeverity: 'error',
  title: 'A cron expression is invalid or never fires',
  check(ctx) {
    return ctx.facts.schedules.flatMap((s) => {
      if (s.kind !== 'cron' || !s.stats || s.stats.valid || s.exprLoc.file !== ctx.file) return [];
      return [{
        ruleId: 'invalid-schedule' as const, severity: 'error' as const, loc: s.exprLoc, related: [], fixes: [],
        message: `Invalid cron expression '${s.expression}' for ${s.library}: ${s.stats.error}. The job will not run as intended.`,
      }];
    });
  },
};
