// Every schedule registered in the file, whether or not it reaches an API: for the report's
// schedule inventory, the CodeLens above each schedule and the invalid-schedule diagnostic.
import ts from 'typescript';
import type { Loc } from '../../model';
import type { FileModel } from '../fileModel';
import type { AnalysisEnv } from '../fileContext';
import { cronStats, maxRunsIn, type CronStats } from '../cron';
import { handleOf, prop } from '../library';
import { humanIntervalMs, looksLikeCron, registrationOf } from '../libraries/schedulers';
import { literal, numberOf } from '../values';
import { calleeOf } from './segments';
import type { RootedEffect } from '../fileModel';

export interface ScheduleFact {
  loc: Loc;
  /** The cron expression's source (string literal or constant reference). */
  exprLoc: Loc;
  kind: 'cron' | 'interval';
  library: string;
  expression?: string;
  intervalMs?: number;
  stats?: CronStats;
  runsPerHour: number;
  runsPerDay: number;
  firesAtMinuteZero: boolean;
}

/**
 * What a file that schedules code elsewhere yields (`vercel.json`, a GitHub Actions workflow,
 * `wrangler.toml`): its schedules, and the API calls of what each runs, each chain ending in the
 * schedule's trigger.
 */
export interface ConfigScheduleFacts {
  schedules: ScheduleFact[];
  rooted: RootedEffect[];
}

/** A cron schedule's fact: its runs per hour and per day, and whether it fires at minute 0, enumerated by croner. */
export function cronScheduleFact(loc: Loc, exprLoc: Loc, library: string, expression: string, env: AnalysisEnv): ScheduleFact {
  const stats = cronStats(expression, library, env);
  return {
    loc, exprLoc, kind: 'cron', library, expression, stats,
    runsPerHour: stats.valid ? maxRunsIn(stats, 3600) : 0, runsPerDay: stats.valid ? maxRunsIn(stats, 86400) : 0,
    firesAtMinuteZero: stats.valid ? stats.firesAtMinuteZero && stats.minutes.length < 60 : false,
  };
}

export function collectSchedules(model: FileModel): ScheduleFact[] {
  const out: ScheduleFact[] = [];
  const ctx = model.ctx;
  const push = (loc: Loc, exprNode: ts.Node, library: string, expression: string | undefined, intervalMs: number | undefined) => {
    if (expression !== undefined) {
      out.push(cronScheduleFact(loc, ctx.loc(exprNode), library, expression, ctx.env));
    } else if (intervalMs !== undefined && intervalMs > 0) {
      out.push({
        loc, exprLoc: ctx.loc(exprNode), kind: 'interval', library, intervalMs,
        runsPerHour: Math.ceil(3600000 / intervalMs), runsPerDay: Math.ceil(86400000 / intervalMs), firesAtMinuteZero: false,
      });
    }
  };
  for (const call of [...ctx.calls, ...ctx.news]) {
    const callee = model.binder.eval(call.expression);
    const args = call.arguments ?? ts.factory.createNodeArray();
    const vals = args.map((a) => model.binder.eval(a));
    const reg = registrationOf(callee, vals, ts.isNewExpression(call));
    const loc = ctx.loc(calleeOf(call));
    if (reg && reg.spec.type === 'cron') {
      const exprNode = specNode(call, reg.spec);
      const expression = literal(reg.spec.value);
      if (expression !== undefined && exprNode && (reg.library !== 'croner' || looksLikeCron(expression))) push(loc, exprNode, reg.library, expression, undefined);
      continue;
    }
    if (reg && reg.spec.type === 'interval') {
      const node = specNode(call, reg.spec);
      if (node) push(loc, node, reg.library, undefined, reg.spec.ms);
      continue;
    }
    // Repeatable queue jobs and agenda intervals register a schedule by data.
    const add = handleOf(callee, 'bull.add') ?? handleOf(callee, 'bull.upsertJobScheduler');
    if (add) {
      const isUpsert = handleOf(callee, 'bull.upsertJobScheduler') !== undefined;
      const optsNode = args[isUpsert ? 1 : args.length - 1];
      const opts = optsNode ? model.binder.eval(optsNode) : undefined;
      const repeat = isUpsert ? opts : prop(opts, 'repeat');
      const pattern = prop(repeat, 'pattern') ?? prop(repeat, 'cron');
      const every = numberOf(prop(repeat, 'every') ?? { k: 'unknown' });
      if (pattern && literal(pattern)) push(loc, propNode(optsNode, prop(repeat, 'pattern') ? 'pattern' : 'cron') ?? call, 'bullmq', literal(pattern), undefined);
      else if (every) push(loc, propNode(optsNode, 'every') ?? call, 'bullmq', undefined, every);
      continue;
    }
    if (handleOf(callee, 'agenda.every') && args[0]) {
      const text = literal(vals[0]);
      if (text && looksLikeCron(text)) push(loc, args[0], 'agenda', text, undefined);
      else push(loc, args[0], 'agenda', undefined, humanIntervalMs(vals[0]));
    }
  }
  for (const [, step] of model.decoratedTriggers()) {
    if (step.kind !== 'trigger') continue;
    const t = step.trigger;
    if (t.type === 'cron') {
      out.push(cronScheduleFact(step.loc, t.exprLoc, t.library, t.expression, ctx.env));
    } else if (t.type === 'interval') {
      out.push({ loc: step.loc, exprLoc: step.loc, kind: 'interval', library: t.library, intervalMs: t.ms,
        runsPerHour: Math.ceil(3600000 / t.ms), runsPerDay: Math.ceil(86400000 / t.ms), firesAtMinuteZero: false });
    }
  }
  return out;
}

/**
 * Schedules that only the calls reaching them reveal: a table entry's expression registered by a
 * helper (`createJob(config)`, see perEntry.ts). Each is listed at the entry that writes it.
 */
export function scheduleFactsOfTriggers(rooted: RootedEffect[], known: ScheduleFact[], file: string, env: AnalysisEnv): ScheduleFact[] {
  // One expression written for several entries (`${job.minute} * * * *`) is several schedules at one place.
  const key = (start: number, expression: string | undefined) => `${start}:${expression}`;
  const seen = new Set(known.map((s) => key(s.exprLoc.span.start, s.expression)));
  const out: ScheduleFact[] = [];
  for (const { effect } of rooted) {
    for (const s of effect.chain) {
      if (s.kind !== 'trigger' || s.trigger.type !== 'cron' || s.trigger.exprLoc.file !== file) continue;
      const k = key(s.trigger.exprLoc.span.start, s.trigger.expression);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(cronScheduleFact(s.trigger.exprLoc, s.trigger.exprLoc, s.trigger.library, s.trigger.expression, env));
    }
  }
  return out;
}

/** The node a registration's schedule is written in: an argument, its property, or an argument of an earlier call in the chain. */
export function specNode(call: ts.CallExpression | ts.NewExpression, spec: { argIndex: number; prop?: string; receiverMethod?: string }): ts.Expression | undefined {
  const target = spec.receiverMethod ? chainedCall(call, spec.receiverMethod) : call;
  const arg = target?.arguments?.[spec.argIndex];
  return spec.prop ? propNode(arg, spec.prop) : arg;
}

/** The call of `.method(…)` earlier in `call`'s chain: `.schedule(…)` in `x.schedule(s).timeZone(tz).onRun(job)`. */
function chainedCall(call: ts.CallExpression | ts.NewExpression, method: string): ts.CallExpression | undefined {
  let node: ts.Expression = call.expression;
  for (;;) {
    if (ts.isCallExpression(node)) {
      if (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === method) return node;
      node = node.expression;
    } else if (ts.isPropertyAccessExpression(node) || ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) {
      node = node.expression;
    } else {
      return undefined;
    }
  }
}

/** The value node of the first property `name` in an object literal, at any depth (`triggers: [{ cron }]`). */
export function propNode(node: ts.Node | undefined, name: string): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) && n.name.text === name) { found = n.initializer; return; }
    ts.forEachChild(n, visit);
  };
  if (node) visit(node);
  return found;
}
