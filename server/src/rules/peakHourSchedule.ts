// peak-hour-schedule: a schedule that fires at minute 0 of the hour and reaches a throttled
// API. Yida's throttling guide advises running periodic jobs off the hour (e.g. at :10):
// everybody's cron jobs fire at :00, so shared per-API and per-space limits peak then.
import type { Finding, Loc } from '../model';
import { operationLabel } from '../providers/operations';
import type { TriggerStep } from '../analysis/facts/steps';
import type { ScheduleFact } from '../analysis/facts/schedules';
import { locKey } from './attribution';
import type { Rule, RuleContext } from './types';
import type { Effect } from '../analysis/facts/summaries';
import { dependsOnParams, literal } from '../analysis/values';
import { cronStats } from '../analysis/cron';
import { scheduleFixes } from '../fixes/scheduleFixes';
import { CLOCK_CHECK, clockCheckTime } from '../analysis/facts/clockGates';

// Every schedule whose runs include :00 takes part in the peak: every 5 or 7 minutes fires at :00
// as `@hourly` does, and moving its minutes (`2-59/5`) keeps it clear of it. One that runs every
// minute of every hour (`* * * * *`, every 10 seconds) fires at :00 too; it keeps its cadence by
// skipping minute 0 (`1-59 * * * *`), and its message says so.
function firesOnTheHour(fact: ScheduleFact): boolean {
  return !!fact.stats?.valid && fact.stats.firesAtMinuteZero;
}

function everyMinute(fact: ScheduleFact): boolean {
  return !!fact.stats?.valid && fact.stats.minutes.length === 60 && fact.stats.hours.length === 24;
}

export const peakHourSchedule: Rule = {
  id: 'peak-hour-schedule',
  defaultSeverity: 'warning',
  title: 'A schedule runs at the top of the hour and calls a throttled API',
  check(ctx) {
    const bySchedule = new Map<string, { trigger: TriggerStep; fact: ScheduleFact; calls: Map<string, { provider: string; label: string }>; sites: Finding['related'] }>();
    for (const { effect } of ctx.facts.rooted) {
      const op = effect.op;
      // A memoised token fetch runs once per expiry, not once per run, and a failure alert only when a
      // run fails: neither is the traffic the job adds at :00.
      if (!op || effect.cached || effect.onFailure) continue;
      const trigger = effect.chain.find((s): s is TriggerStep => s.kind === 'trigger');
      if (!trigger || trigger.trigger.type !== 'cron' || trigger.trigger.exprLoc.file !== ctx.file) continue;
      const t = trigger.trigger;
      const fact = ctx.facts.schedules.find((s) => s.expression === t.expression && s.exprLoc.span.start === t.exprLoc.span.start);
      if (!fact || !firesOnTheHour(fact)) continue;
      const key = locKey(trigger.trigger.exprLoc);
      const entry = bySchedule.get(key) ?? { trigger, fact, calls: new Map(), sites: [] as Finding['related'] };
      const label = operationLabel(op.provider, op.operation);
      if (!entry.calls.has(label)) {
        entry.calls.set(label, { provider: op.provider, label });
        entry.sites.push({ loc: effect.site, message: `calls ${label}` });
      }
      bySchedule.set(key, entry);
    }
    const out: Finding[] = [];
    for (const { trigger, fact, calls, sites } of bySchedule.values()) {
      if (trigger.trigger.type !== 'cron') continue;
      const labels = [...calls.values()].map((c) => c.label);
      const listed = labels.length > 3 ? `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more` : labels.join(', ');
      const yida = [...calls.values()].some((c) => c.provider === 'yida');
      const advice = yida
        ? 'Yida\'s throttling guide advises running periodic jobs off the hour (e.g. at :10)'
        : 'periodic jobs everywhere fire at :00, so shared limits peak then; Yida\'s throttling guide advises running off the hour (e.g. at :10)';
      out.push({
        ruleId: 'peak-hour-schedule', severity: 'warning', loc: trigger.trigger.exprLoc,
        message: trigger.trigger.library === CLOCK_CHECK
          ? `the timer's check for ${clockCheckTime(trigger.trigger.expression)} runs this at minute 0 of the hour and calls ${listed}; ${advice}. Check for another minute.`
          : everyMinute(fact)
            ? `cron '${trigger.trigger.expression}' runs every minute, minute 0 of every hour included, and calls ${listed}; ${advice}. Skip minute 0, or run it less often.`
            : `cron '${trigger.trigger.expression}' fires at minute 0 of the hour and calls ${listed}; ${advice}. Move it to another minute.`,
        related: trigger.trigger.literalLoc ? [{ loc: trigger.trigger.literalLoc, message: 'the cron expression is written here' }, ...sites] : sites,
        fixes: scheduleFixes(ctx, trigger),
      });
    }
    out.push(...oxylabsSchedulerCrons(ctx, new Set(out.map((f) => locKey(f.loc)))));
    return out;
  },
};

/**
 * `createSchedule({ cron: '0 * * * *', items })` to Oxylabs' Scheduler: Oxylabs runs the jobs on
 * that cron, at :00 with everybody's hourly schedules. A daily batch at 06:00 is one too, as
 * `@daily` is for any other scheduler: every source's job lands in the 06:00 peak, and moving it to
 * 06:10 costs nothing (two later reviews of such schedulers said so, after two earlier ones let it
 * pass).
 *
 * Reported where the cron is handed to the request, which is where reviewers of real schedulers
 * put it: the request itself when its function sets the cron (`cron: SCHEDULE_CRON` in its own
 * payload), else the call that passes it (`createSchedule(url, HOURLY_CRON)` below
 * `for (const source of sources)`). A file that only calls that function (a route starting the
 * whole sync) is not reported again. The string, where this file writes it, is what the fix edits.
 *
 * Only when that is more than one job: a schedule created per source (in a loop, or by a function
 * that takes the source from its callers), or one whose `items` are several or not known. A single
 * fixed item is one job at :00, which reviewers left alone.
 */
function oxylabsSchedulerCrons(ctx: RuleContext, reported: Set<string>): Finding[] {
  const out: Finding[] = [];
  for (const { effect } of ctx.facts.rooted) {
    const cron = effect.op?.provider === 'oxylabs' ? effect.op.scheduleCron : undefined;
    // `createSchedule(url, cron = '0 * * * *')`: its callers hand the cron over, or leave the
    // default; either way the finding is theirs, where the call is.
    const expression = cron && cron.k !== 'param' ? literal(cron) : undefined;
    if (!cron || expression === undefined) continue;
    const stats = cronStats(expression, 'oxylabs-scheduler', ctx.env);
    if (!stats.valid || !stats.firesAtMinuteZero) continue;
    if (!createsSeveralJobs(effect)) continue;
    const loc = whereCronIsHandedOver(effect);
    if (loc.file !== ctx.file || reported.has(locKey(loc))) continue;
    reported.add(locKey(loc));
    const written = cron.k === 'str' && cron.at?.file === ctx.file ? cron.at : undefined;
    const trigger: TriggerStep = { kind: 'trigger', loc, trigger: { type: 'cron', library: 'oxylabs-scheduler', expression, exprLoc: loc, ...(written ? { literalLoc: written } : { perCall: true }) } };
    const related = [
      ...(written ? [{ loc: written, message: 'the cron expression is written here' }] : []),
      ...(effect.site.file !== loc.file || effect.site.span.start !== loc.span.start ? [{ loc: effect.site, message: 'the schedule is created here' }] : []),
    ];
    out.push({
      ruleId: 'peak-hour-schedule', severity: 'warning', loc,
      message: `Oxylabs Scheduler cron '${expression}' runs its jobs at minute 0 of the hour; periodic jobs everywhere fire at :00, so shared limits peak then; Yida's throttling guide advises running off the hour (e.g. at :10). Move it to another minute.`,
      related,
      fixes: scheduleFixes(ctx, trigger),
    });
  }
  return out;
}

/** The invocation that hands the cron to the request (ApiOp.scheduleCronStep), else the request. */
function whereCronIsHandedOver(effect: Effect): Loc {
  const step = effect.op?.scheduleCronStep !== undefined ? effect.chain[effect.op.scheduleCronStep] : undefined;
  return step?.kind === 'invocation' ? step.loc : effect.site;
}

/**
 * The schedule is created once per item of a loop or per source its function is given, or its own
 * `items` list holds more than one job (or an unknown number).
 */
function createsSeveralJobs(effect: Effect): boolean {
  if (effect.chain.some((s) => s.kind === 'loop' && s.role !== 'retry')) return true;
  const items = effect.op?.scheduleItems;
  if (items && dependsOnParams(items)) return true;
  return !(items?.k === 'arr' && items.exact && items.items.length <= 1);
}
