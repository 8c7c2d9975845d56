// Hand-made schedules: a timer that ticks every minute (or faster) and runs the job only when the
// clock reads a given time (`if (now.getHours() === 9 && now.getMinutes() === 0) sendDailySummary()`).
// The job runs at that minute, as a cron at `0 9 * * *` would: once a day, at minute 0 of the hour.
import type { Loc } from '../../model';
import { handleOf } from '../library';
import { numberOf, type Val } from '../values';
import type { Guard } from './guards';
import type { Step } from './steps';
import type { Effect } from './summaries';

/** The library name of the cron a clock check stands for: the rules word its findings for a time check, not a cron string. */
export const CLOCK_CHECK = 'clock check';

/** `now.getMinutes()` of `const now = new Date()`: the wall clock's minute (or hour) when the code runs. */
export function clockReading(part: 'minute' | 'hour', at: Loc): Val {
  return { k: 'handle', h: { kind: 'clock.reading', part, at } };
}

/** A branch that tests the clock (`minute === 0`): kept on the calls it guards, whatever the callers pass. */
export function isClockGuard(g: Guard): boolean {
  return !!handleOf(g.subject, 'clock.reading');
}

/** The cron field a clock test amounts to: `0` for `minute === 0`, every 15th minute for `minute % 15 === 0`. */
function gatedField(guards: readonly Guard[], part: 'minute' | 'hour', max: number): { field: string; at: Loc } | undefined {
  for (const g of guards) {
    const reading = handleOf(g.subject, 'clock.reading');
    if (!reading || reading.part !== part || g.negate || g.test || g.values.length !== 1) continue;
    const value = numberOf(g.values[0]);
    if (value === undefined || !Number.isInteger(value) || value < 0 || value > max) continue;
    const every = reading.every as number | undefined;
    if (every === undefined) return { field: String(value), at: reading.at as Loc };
    if (value === 0 && Number.isInteger(every) && every >= 1 && every <= max + 1) return { field: `*/${every}`, at: reading.at as Loc };
  }
  return undefined;
}

/**
 * The effect of a job run by a timer of a minute or less only at a minute the clock check names:
 * its timer becomes the cron the check amounts to (`0 9 * * *`, or `0 * * * *` without an hour),
 * placed at the minute's reading, where the time is chosen. Otherwise the effect as it was.
 */
export function gatedByClock(effect: Effect): Effect {
  const i = effect.chain.findIndex((s) => s.kind === 'trigger');
  const step = effect.chain[i];
  if (!step || step.kind !== 'trigger' || step.trigger.type !== 'interval' || step.trigger.ms > 60_000 || !effect.guards?.length) return effect;
  const minute = gatedField(effect.guards, 'minute', 59);
  if (!minute) return effect;
  const hour = gatedField(effect.guards, 'hour', 23);
  const cron: Step = { kind: 'trigger', loc: step.loc, trigger: { type: 'cron', library: CLOCK_CHECK, expression: `${minute.field} ${hour?.field ?? '*'} * * *`, exprLoc: minute.at, perCall: true } };
  return { ...effect, chain: [...effect.chain.slice(0, i), cron, ...effect.chain.slice(i + 1)] };
}

/** The time a clock check's cron stands for: `09:00`, `minute 0 of every hour`, `every 15th minute`. */
export function clockCheckTime(expression: string): string {
  const [minute, hour] = expression.split(' ');
  const everyNth = /^\*\/(\d+)$/.exec(minute);
  if (everyNth) return `every ${ordinal(Number(everyNth[1]))} minute${hour === '*' ? '' : ` of hour ${hour}`}`;
  return hour === '*' ? `minute ${minute} of every hour` : `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
}

function ordinal(n: number): string {
  const tail = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${tail}`;
}

/** How a cron trigger is named in messages: `cron '0 9 * * *'`, or `a time check for 09:00` for a clock check. */
export function cronName(t: { library: string; expression: string }): string {
  return t.library === CLOCK_CHECK ? `a time check for ${clockCheckTime(t.expression)}` : `cron '${t.expression}'`;
}
