// Cron expressions: validated per scheduling library, enumerated with croner over a fixed week
// (never divided: `*/7` fires 9 times an hour, not 60/7), and described with cronstrue.
// Enumeration starts at a fixed date in UTC so results never depend on the clock.
import { Cron, CronPattern } from 'croner';
import cronstrue from 'cronstrue';
import type { AnalysisEnv } from './fileContext';

export type CronStats =
  | {
    valid: true;
    expression: string;
    fields: number;
    /** Occurrence times in seconds from the reference instant, ascending. */
    times: number[];
    /** True when enumeration stopped at the count cap rather than the horizon. */
    truncated: boolean;
    /**
     * Runs each entry of `times` stands for: with several seconds in the seconds field
     * (`* * 9 * * *`) the minutes are enumerated, each one a burst of that many runs, one a second.
     */
    runsPerTime: number;
    /** The seconds of the minute a burst runs at (with `runsPerTime` > 1). */
    burstSeconds: number[];
    firesAtMinuteZero: boolean;
    /** Minutes of the hour the schedule fires at. */
    minutes: number[];
    /** Hours of the day the schedule fires in (all 24 for a schedule that runs every hour). */
    hours: number[];
    description: string;
  }
  | { valid: false; expression: string; error: string };

/** Monday 2026-01-05 00:00:00 UTC, one second before: a run at midnight counts. */
const REFERENCE = Date.UTC(2026, 0, 4, 23, 59, 59);
const HORIZON_SECONDS = 8 * 86400;
const MAX_RUNS = 1500;

const NICKNAMES = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Libraries whose parser takes a seconds field first when there are six fields; croner also takes a seventh (year). */
function maxFields(library: string): number {
  if (library === 'Deno.cron' || library === 'inngest' || library === 'trigger.dev' || library === 'vercel' || library === 'github-actions' || library === 'firebase' || library === 'netlify' || library === 'oxylabs-scheduler' || library === 'cloudflare' || library === 'crontab') return 5;
  return library === 'croner' || library === '@midwayjs/faas' ? 7 : 6;
}

export function cronStats(expression: string, library: string, env: AnalysisEnv): CronStats {
  const key = `cron:${library}:${expression}`;
  const cached = env.cache.get(key) as CronStats | undefined;
  if (cached) return cached;
  const stats = computeStats(expression, library);
  env.cache.set(key, stats);
  return stats;
}

function computeStats(raw: string, library: string): CronStats {
  // Inngest and others prefix a time zone (`TZ=Europe/Paris 0 12 * * 5`); the minutes of the hour
  // do not depend on it, and the enumeration runs in a fixed zone anyway.
  const expression = raw.trim().replace(/^(CRON_)?TZ=\S+\s+/, '');
  const lower = expression.toLowerCase();
  if (lower === '@reboot') return { valid: false, expression, error: '@reboot runs once at start-up and is not supported by this scheduler' };
  const fields = expression.split(/\s+/).filter(Boolean).length;
  if (!NICKNAMES.has(lower)) {
    const max = maxFields(library);
    if (fields < 5 || fields > max) {
      return { valid: false, expression, error: `expected ${max === 7 ? '5, 6 or 7' : max === 5 ? '5' : '5 or 6'} fields, found ${fields}` };
    }
  }
  let cron: Cron;
  let pattern: CronPattern;
  try {
    // A fixed UTC offset (not an IANA zone): no DST, no Intl lookups, and the same answer on every machine.
    cron = new Cron(expression, { utcOffset: 0, paused: true, sloppyRanges: true });
    pattern = new CronPattern(expression, 'Etc/UTC', { sloppyRanges: true });
  } catch (e) {
    return { valid: false, expression, error: String((e as Error).message).replace(/^CronPattern:\s*/, '') };
  }
  // Dense seconds: enumerate the minutes the schedule fires in (seconds field set to 0), each a burst.
  const burstSeconds = pattern.second.flatMap((on, sec) => (on ? [sec] : []));
  const runsPerTime = fields >= 6 && burstSeconds.length > 1 ? burstSeconds.length : 1;
  if (runsPerTime > 1) cron = new Cron(['0', ...expression.split(/\s+/).slice(1)].join(' '), { utcOffset: 0, paused: true, sloppyRanges: true });
  const times: number[] = [];
  let truncated = false;
  let previous: Date = new Date(REFERENCE);
  for (;;) {
    const next = cron.nextRun(previous);
    if (!next) break;
    const t = (next.getTime() - REFERENCE) / 1000;
    if (t > HORIZON_SECONDS && times.length > 0) break;
    times.push(t);
    if (times.length >= MAX_RUNS) { truncated = true; break; }
    if (t > HORIZON_SECONDS) break;
    previous = next;
  }
  if (times.length === 0) return { valid: false, expression, error: 'never fires (no date matches every field)' };
  const minutes = pattern.minute.flatMap((on, m) => (on ? [m] : []));
  const hours = pattern.hour.flatMap((on, h) => (on ? [h] : []));
  return {
    valid: true, expression, fields, times, truncated, runsPerTime, burstSeconds: runsPerTime > 1 ? burstSeconds : [],
    firesAtMinuteZero: minutes.includes(0),
    minutes,
    hours,
    description: describe(expression),
  };
}

function describe(expression: string): string {
  try {
    return cronstrue.toString(expression, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
  } catch {
    return expression;
  }
}

/** The most runs that start within any window of `seconds` (half-open). */
export function maxRunsIn(stats: Extract<CronStats, { valid: true }>, seconds: number): number {
  // A window shorter than a minute holds the burst's seconds that fit in it (also across a minute boundary).
  if (stats.runsPerTime > 1 && seconds < 60) return maxSecondsIn(stats.burstSeconds, seconds);
  return stats.runsPerTime * maxStartsIn(stats, seconds);
}

function maxSecondsIn(burst: number[], seconds: number): number {
  const cyclic = [...burst, ...burst.map((s) => s + 60)];
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < cyclic.length; hi++) {
    while (cyclic[hi] - cyclic[lo] >= seconds) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return Math.min(best, burst.length);
}

function maxStartsIn(stats: Extract<CronStats, { valid: true }>, seconds: number): number {
  const t = stats.times;
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while (t[hi] - t[lo] >= seconds) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  // Enumeration stopped at the cap before covering the window: scale the observed density.
  const span = t[t.length - 1] - t[0];
  if (stats.truncated && span > 0 && span < seconds) {
    best = Math.max(best, Math.ceil((t.length * seconds) / span));
  }
  return best;
}
