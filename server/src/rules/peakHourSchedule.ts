// peak-hour-schedule: a schedule that fires at minute 0 of the hour and reaches a throttled
// API. Yida's throttling guide advises running periodic jobs off the hour (e.g. at :10):
// everybody's cron jobs fire at :00, so shared per-API and per-space limits peak then.
import type { Finding, Loc } from '../model';
import { operationLabel } from '../providers/operations';
import type { InvocationStep, TriggerStep } from '../analysis/facts/steps';
import type { ScheduleFact } from '../analysis/facts/schedules';
import { locKey } from './attribution';
import type { Rule, RuleContext } from './types';
import type { Effect } from '../analysis/facts/summaries';
import { literal } from '../analysis/values';
import { cronStats } from '../analysis/cron';
import { scheduleFixes } from '../fixes/scheduleFixes';

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
        message: everyMinute(fact)
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
 * that cron, at :00 with everybody's hourly schedules. Reported on the cron string (where it is
 * written in this file, else on the call), once per string. A daily batch (`0 6 * * *`) is not:
 * Oxylabs, not this code, submits it, once a day, and reviewers of real schedulers judged it fine;
 * it is the hour-after-hour cadence that keeps landing every source's jobs in the :00 peak. And
 * only when that is more than one job: a schedule created per source (in a loop), or one whose
 * `items` are several or not known. One item an hour is one job at :00, which reviewers left alone.
 */
function oxylabsSchedulerCrons(ctx: RuleContext, reported: Set<string>): Finding[] {
  const out: Finding[] = [];
  for (const { effect } of ctx.facts.rooted) {
    const cron = effect.op?.provider === 'oxylabs' ? effect.op.scheduleCron : undefined;
    const expression = cron ? literal(cron) : undefined;
    if (!cron || expression === undefined) continue;
    const stats = cronStats(expression, 'oxylabs-scheduler', ctx.env);
    if (!stats.valid || !stats.firesAtMinuteZero || !atMostTwoHoursApart(stats.hours)) continue;
    if (!createsSeveralJobs(effect)) continue;
    const written = cron.k === 'str' && cron.at?.file === ctx.file ? cron.at : undefined;
    const loc = written ?? creationHere(effect, ctx.file);
    if (!loc || reported.has(locKey(loc))) continue;
    reported.add(locKey(loc));
    const trigger: TriggerStep = { kind: 'trigger', loc, trigger: { type: 'cron', library: 'oxylabs-scheduler', expression, exprLoc: loc, ...(written ? { literalLoc: written } : { perCall: true }) } };
    out.push({
      ruleId: 'peak-hour-schedule', severity: 'warning', loc,
      message: `Oxylabs Scheduler cron '${expression}' runs its jobs at minute 0 of the hour; periodic jobs everywhere fire at :00, so shared limits peak then; Yida's throttling guide advises running off the hour (e.g. at :10). Move it to another minute.`,
      related: written ? [{ loc: effect.site, message: 'the schedule is created here' }] : [],
      fixes: scheduleFixes(ctx, trigger),
    });
  }
  return out;
}

/**
 * Where this file creates the schedule: the API call itself, or, when the call is made in another
 * file (an API module's `createSchedule(items, cron)`) and this file loops over the sources, the
 * call in this file that leads there (`createSchedule([item], OXYLABS_SCHEDULE_CRON)` two calls
 * below `for (const source of sources)`). A file that only starts the whole sync (a route calling
 * `syncSchedules()`) creates nothing itself.
 */
function creationHere(effect: Effect, file: string): Loc | undefined {
  if (effect.site.file === file) return effect.site;
  const loopsHere = effect.chain.some((s) => s.kind === 'loop' && s.role !== 'retry' && s.loc.file === file);
  if (!loopsHere) return undefined;
  return effect.chain.find((s): s is InvocationStep => s.kind === 'invocation' && s.loc.file === file)?.loc;
}

/** The schedule is created once per item of a loop, or its own `items` list holds more than one job (or an unknown number). */
function createsSeveralJobs(effect: Effect): boolean {
  if (effect.chain.some((s) => s.kind === 'loop' && s.role !== 'retry')) return true;
  const items = effect.op?.scheduleItems;
  return !(items?.k === 'arr' && items.exact && items.items.length <= 1);
}

/** Hours of the day a cron fires in, never more than two apart: hourly, or every other hour. */
function atMostTwoHoursApart(hours: number[]): boolean {
  return hours.length >= 12 && hours.every((h, i) => (i === 0 ? h + 24 - hours[hours.length - 1] : h - hours[i - 1]) <= 2);
}
