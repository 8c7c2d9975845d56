// Scheduling libraries: node-cron, cron (CronJob, positional and object forms), node-schedule
// (cron strings, RecurrenceRule, object specs), croner, @nestjs/schedule, Deno.cron, bullmq/bull
// repeatable jobs, agenda, Inngest, Trigger.dev, Firebase and Netlify scheduled functions, and plain timers. A registration names the callback and the spec that drives it.
import { handleOf, modulePath, prop, type Library } from '../library';
import { literal, numberOf, str, type Val } from '../values';
import { NEST_CRON_EXPRESSIONS } from '../../providers/nestCronExpressions';
import { MIDWAY_CRONTAB } from '../../providers/midwayCrontab';

/**
 * Where a schedule is written: argument `argIndex` (or its property `prop`) of the registering call,
 * or, with `receiverMethod`, of the call of that method earlier in the chain
 * (`functions.pubsub.schedule('0 9 * * *').timeZone(tz).onRun(job)`).
 */
interface SpecSource { argIndex: number; prop?: string; receiverMethod?: string }

export type Spec =
  | ({ type: 'cron'; value: Val } & SpecSource)
  | ({ type: 'interval'; ms: number | undefined; label: string } & SpecSource)
  | { type: 'queue'; queueName: string | undefined }
  | { type: 'agenda'; jobName: string | undefined }
  | { type: 'timeout'; argIndex: number };

export interface Registration {
  library: string;
  /** Where the callback is: an argument index, or a property of an object argument. */
  fnIndex: number;
  fnProp?: string;
  spec: Spec;
}

export const schedulersLibrary: Library = {
  member(v, name) {
    if (modulePath(v, '@nestjs/schedule')?.join('.') === 'CronExpression') {
      const expr = NEST_CRON_EXPRESSIONS[name];
      return expr ? str(expr) : undefined;
    }
    if (['@midwayjs/core', '@midwayjs/decorator'].some((p) => modulePath(v, p)?.join('.') === 'FORMAT.CRONTAB')) {
      const expr = MIDWAY_CRONTAB[name];
      return expr ? str(expr) : undefined;
    }
    const agenda = handleOf(v, 'agenda');
    if (agenda && (name === 'define' || name === 'every' || name === 'schedule' || name === 'now')) return { k: 'handle', h: { kind: `agenda.${name}` } };
    if (handleOf(v, 'inngest.client') && name === 'createFunction') return { k: 'handle', h: { kind: 'inngest.createFunction' } };
    const firebase = handleOf(v, 'firebase.schedule');
    if (firebase && name === 'onRun') return { k: 'handle', h: { kind: 'firebase.onRun', schedule: firebase.schedule } };
    // `.timeZone(tz)` and `.retryConfig(…)` return the same builder.
    if (firebase && (name === 'timeZone' || name === 'retryConfig')) return { k: 'handle', h: { kind: 'builtin.self', target: v } };
    const queue = handleOf(v, 'bull.queue');
    if (queue && (name === 'add' || name === 'upsertJobScheduler' || name === 'process' || name === 'addBulk')) {
      return { k: 'handle', h: { kind: `bull.${name}`, queueName: queue.queueName } };
    }
    return undefined;
  },
  construct(ctor, args) {
    const agenda = modulePath(ctor, 'agenda', '@hokify/agenda');
    if (agenda && (agenda.length === 0 || agenda[0] === 'Agenda')) return { k: 'handle', h: { kind: 'agenda' } };
    const bull = modulePath(ctor, 'bullmq', 'bull', 'bee-queue');
    if (bull && (bull.length === 0 || bull[0] === 'Queue')) {
      return { k: 'handle', h: { kind: 'bull.queue', queueName: args[0] ? literal(args[0]) : undefined } };
    }
    if (modulePath(ctor, 'inngest')?.join('.') === 'Inngest') return { k: 'handle', h: { kind: 'inngest.client' } };
    const ns = modulePath(ctor, 'node-schedule');
    if (ns?.join('.') === 'RecurrenceRule') return { k: 'handle', h: { kind: 'schedule.rule' } };
    if (ns?.join('.') === 'Range') {
      return { k: 'handle', h: { kind: 'schedule.range', start: args[0] ? numberOf(args[0]) : undefined, end: args[1] ? numberOf(args[1]) : undefined, step: args[2] ? numberOf(args[2]) : undefined } };
    }
    return undefined;
  },
  call(callee, args) {
    // `Queue('name')` from bull works without `new`.
    const bull = modulePath(callee, 'bull');
    if (bull && bull.length === 0) return { k: 'handle', h: { kind: 'bull.queue', queueName: args[0] ? literal(args[0]) : undefined } };
    // Firebase v1 builders: `functions.region('x').runWith({…}).pubsub.schedule('…')`.
    const firebase = modulePath(callee, 'firebase-functions', 'firebase-functions/v1');
    if (firebase && callee.k === 'module') {
      const last = firebase[firebase.length - 1];
      if (last === 'region' || last === 'runWith') return { k: 'module', name: callee.name, path: [] };
      if (firebase.join('.').endsWith('pubsub.schedule')) return { k: 'handle', h: { kind: 'firebase.schedule', schedule: args[0] ?? { k: 'unknown' } } };
    }
    return undefined;
  },
};

function isTimer(callee: Val, name: string): boolean {
  if (callee.k === 'module' && callee.name === 'global' && callee.path.length === 1 && callee.path[0] === name) return true;
  return modulePath(callee, 'timers', 'node:timers')?.join('.') === name;
}

/** The schedule a call registers, if it is one. */
export function registrationOf(callee: Val, args: Val[], isNew: boolean): Registration | undefined {
  if (isTimer(callee, 'setInterval')) {
    return { library: 'setInterval', fnIndex: 0, spec: { type: 'interval', ms: args[1] ? numberOf(args[1]) : undefined, argIndex: 1, label: 'setInterval' } };
  }
  if (isTimer(callee, 'setTimeout')) return { library: 'setTimeout', fnIndex: 0, spec: { type: 'timeout', argIndex: 1 } };
  const nodeCron = modulePath(callee, 'node-cron');
  if (nodeCron && (nodeCron.join('.') === 'schedule' || nodeCron.join('.') === 'createTask')) {
    return { library: 'node-cron', fnIndex: 1, spec: { type: 'cron', value: args[0] ?? { k: 'unknown' }, argIndex: 0 } };
  }
  const cron = modulePath(callee, 'cron');
  if (cron) {
    const p = cron.join('.');
    if ((p === 'CronJob' && isNew) || p === 'job' || p === 'CronJob.from') {
      if (args[0]?.k === 'obj') return { library: 'cron', fnIndex: 0, fnProp: 'onTick', spec: { type: 'cron', value: prop(args[0], 'cronTime') ?? { k: 'unknown' }, argIndex: 0, prop: 'cronTime' } };
      return { library: 'cron', fnIndex: 1, spec: { type: 'cron', value: args[0] ?? { k: 'unknown' }, argIndex: 0 } };
    }
  }
  const ns = modulePath(callee, 'node-schedule');
  if (ns && (ns.join('.') === 'scheduleJob' || ns.join('.') === 'Job.schedule')) {
    const named = args[0] && args[1] && literal(args[0]) !== undefined && args.length >= 3;
    const specIndex = named ? 1 : 0;
    return { library: 'node-schedule', fnIndex: specIndex + 1, spec: { type: 'cron', value: nodeScheduleSpec(args[specIndex]), argIndex: specIndex } };
  }
  const croner = modulePath(callee, 'croner');
  if (croner && (croner.length === 0 || croner[0] === 'Cron')) {
    const fnIndex = args[2] ? 2 : 1;
    return { library: 'croner', fnIndex, spec: { type: 'cron', value: args[0] ?? { k: 'unknown' }, argIndex: 0 } };
  }
  // Deno.cron(name, schedule, handler) or Deno.cron(name, schedule, options, handler); five fields, UTC.
  if (callee.k === 'module' && callee.name === 'global' && callee.path.join('.') === 'Deno.cron') {
    return { library: 'Deno.cron', fnIndex: args.length >= 4 ? 3 : 2, spec: { type: 'cron', value: args[1] ?? { k: 'unknown' }, argIndex: 1 } };
  }
  const worker = modulePath(callee, 'bullmq');
  if (isNew && worker?.join('.') === 'Worker') return { library: 'bullmq', fnIndex: 1, spec: { type: 'queue', queueName: args[0] ? literal(args[0]) : undefined } };
  const process = handleOf(callee, 'bull.process');
  if (process) {
    const fnIndex = args.findIndex((a) => a.k === 'fn');
    return { library: 'bull', fnIndex: fnIndex < 0 ? args.length - 1 : fnIndex, spec: { type: 'queue', queueName: process.queueName as string | undefined } };
  }
  if (handleOf(callee, 'inngest.createFunction')) return inngestRegistration(args);
  // Trigger.dev: schedules.task({ id, cron: '0 * * * *' | { pattern, timezone }, run })
  const trigger = modulePath(callee, '@trigger.dev/sdk', '@trigger.dev/sdk/v3');
  if (trigger?.join('.') === 'schedules.task' && args[0]?.k === 'obj') {
    const cron = prop(args[0], 'cron');
    const pattern = cron?.k === 'obj' ? prop(cron, 'pattern') : cron;
    return { library: 'trigger.dev', fnIndex: 0, fnProp: 'run', spec: { type: 'cron', value: pattern ?? { k: 'unknown' }, argIndex: 0, prop: cron?.k === 'obj' ? 'pattern' : 'cron' } };
  }
  if (handleOf(callee, 'agenda.define')) return { library: 'agenda', fnIndex: args.length - 1, spec: { type: 'agenda', jobName: args[0] ? literal(args[0]) : undefined } };
  // Firebase scheduled functions (Cloud Scheduler): v2 `onSchedule(schedule | { schedule, timeZone }, handler)`,
  // v1 `functions.pubsub.schedule(schedule).timeZone(tz).onRun(handler)`.
  const v2 = modulePath(callee, 'firebase-functions/v2/scheduler', 'firebase-functions/scheduler', 'firebase-functions/v2', 'firebase-functions');
  if (v2 && (v2.join('.') === 'onSchedule' || v2.join('.') === 'scheduler.onSchedule')) {
    const options = args[0]?.k === 'obj';
    return firebaseRegistration(options ? prop(args[0], 'schedule') : args[0], 1, { argIndex: 0, prop: options ? 'schedule' : undefined });
  }
  const onRun = handleOf(callee, 'firebase.onRun');
  if (onRun) return firebaseRegistration(onRun.schedule as Val, 0, { argIndex: 0, receiverMethod: 'schedule' });
  // Netlify scheduled functions: `export const handler = schedule('@hourly', async () => …)`.
  if (modulePath(callee, '@netlify/functions')?.join('.') === 'schedule') {
    return { library: 'netlify', fnIndex: 1, spec: { type: 'cron', value: args[0] ?? { k: 'unknown' }, argIndex: 0 } };
  }
  return undefined;
}

/** A Firebase schedule is a unix cron string or App Engine's English form ("every 5 minutes", "every day 09:00"). */
function firebaseRegistration(value: Val | undefined, fnIndex: number, source: SpecSource): Registration {
  const text = value ? literal(value) : undefined;
  const english = text !== undefined && !looksLikeCron(text) ? appEngineSchedule(text) : undefined;
  if (english && 'ms' in english) return { library: 'firebase', fnIndex, spec: { type: 'interval', ms: english.ms, label: `"${text}"`, ...source } };
  return { library: 'firebase', fnIndex, spec: { type: 'cron', value: english ? str(english.cron) : value ?? { k: 'unknown' }, ...source } };
}

const DAY_NUMBERS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/**
 * The common forms of App Engine's cron schedule syntax, which Cloud Scheduler and Firebase accept:
 * "every 5 minutes" (an interval from deployment), "every 2 hours synchronized" (aligned to
 * midnight: a cron), "every day 09:00", "every monday 09:00", "every mon,wed,fri 18:30".
 * Other forms ("1st monday of month 09:00", "… from 08:00 to 18:00") are not read.
 */
export function appEngineSchedule(text: string): { cron: string } | { ms: number } | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const every = /^every (\d+) (minutes?|mins?|hours?)( synchronized)?$/.exec(t);
  if (every) {
    const n = Number(every[1]);
    const hours = every[2].startsWith('h');
    if (n <= 0) return undefined;
    if (!every[3]) return { ms: n * (hours ? 3600000 : 60000) };
    return hours ? { cron: `0 */${n} * * *` } : { cron: `*/${n} * * * *` };
  }
  const at = /^every ([a-z, ]+?) (\d{1,2}):(\d{2})$/.exec(t);
  if (!at) return undefined;
  const [hour, minute] = [Number(at[2]), Number(at[3])];
  if (hour > 23 || minute > 59) return undefined;
  if (at[1] === 'day') return { cron: `${minute} ${hour} * * *` };
  const days = at[1].split(/ ?, ?/).map((d) => DAY_NUMBERS[d.slice(0, 3)]);
  if (days.some((d) => d === undefined)) return undefined;
  return { cron: `${minute} ${hour} * * ${days.join(',')}` };
}

/**
 * Inngest: `createFunction(config, { cron }, handler)`, or `createFunction({ id, triggers: { cron } }, handler)`
 * with the trigger (or a list of triggers) in the configuration. Event-triggered functions are not schedules.
 */
function inngestRegistration(args: Val[]): Registration | undefined {
  const cronOf = (t: Val | undefined): Val | undefined => {
    if (!t) return undefined;
    if (t.k === 'arr') return t.items.map((i) => prop(i, 'cron')).find((c) => c !== undefined);
    return prop(t, 'cron');
  };
  if (args.length >= 3) {
    const cron = cronOf(args[1]);
    return cron ? { library: 'inngest', fnIndex: 2, spec: { type: 'cron', value: cron, argIndex: 1, prop: 'cron' } } : undefined;
  }
  const cron = cronOf(prop(args[0], 'triggers'));
  return cron ? { library: 'inngest', fnIndex: 1, spec: { type: 'cron', value: cron, argIndex: 0, prop: 'cron' } } : undefined;
}

/** node-schedule accepts a cron string, a RecurrenceRule or an object spec; the latter two become cron. */
export function nodeScheduleSpec(v: Val | undefined): Val {
  if (!v) return { k: 'unknown' };
  if (v.k === 'str') return v;
  if (v.k === 'obj') {
    const rule = prop(v, 'rule');
    if (rule) return nodeScheduleSpec(rule);
    return str(recurrenceToCron(v.props));
  }
  return v;
}

/** RecurrenceRule semantics: fields left unset match every value, except seconds (0). */
export function recurrenceToCron(fields: Record<string, Val>): string {
  const part = (name: string, fallback: string): string => {
    const v = fields[name];
    if (!v || v.k === 'null') return fallback;
    return fieldText(v) ?? fallback;
  };
  return [part('second', '0'), part('minute', '*'), part('hour', '*'), part('date', '*'), part('month', '*'), part('dayOfWeek', '*')].join(' ');
}

function fieldText(v: Val): string | undefined {
  const n = numberOf(v);
  if (n !== undefined) return String(n);
  if (v.k === 'arr') {
    const parts = v.items.map(fieldText);
    return parts.every((p) => p !== undefined) ? parts.join(',') : undefined;
  }
  const range = handleOf(v, 'schedule.range');
  if (range && typeof range.start === 'number' && typeof range.end === 'number') {
    return `${range.start}-${range.end}${typeof range.step === 'number' && range.step > 1 ? `/${range.step}` : ''}`;
  }
  return undefined;
}

/** Agenda and bull intervals: "5 minutes", "1 hour", a number of ms, or a cron string. */
export function humanIntervalMs(v: Val | undefined): number | undefined {
  if (!v) return undefined;
  const n = numberOf(v);
  if (n !== undefined) return n;
  const s = literal(v)?.trim().toLowerCase();
  if (!s) return undefined;
  const m = /^(\d+(?:\.\d+)?|an?|one|two|three|five|ten|fifteen|thirty)\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?|w|weeks?)$/.exec(s);
  if (!m) return undefined;
  const words: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, five: 5, ten: 10, fifteen: 15, thirty: 30 };
  const count = words[m[1]] ?? Number(m[1]);
  const unit = m[2];
  const ms = unit.startsWith('ms') || unit.startsWith('milli') ? 1 : unit.startsWith('s') ? 1000 : unit.startsWith('m') ? 60000
    : unit.startsWith('h') ? 3600000 : unit.startsWith('d') ? 86400000 : 604800000;
  return count * ms;
}

export function looksLikeCron(s: string | undefined): boolean {
  if (!s) return false;
  const t = s.trim();
  return t.startsWith('@') || /^(\S+\s+){4,6}\S+$/.test(t);
}
