// egg.js runs every module of `app/schedule/` on the schedule it declares, with no call to see:
// - an object, `module.exports = { schedule: { cron: '0 0 10 * * *', type: 'worker' }, async task(ctx) {…} }`,
//   also returned by a function of the app (`module.exports = app => ({ schedule, async task(ctx) {…} })`);
// - a class, `class Push extends Subscription { static get schedule() { return { interval: '1m' }; } async subscribe() {…} }`.
// `cron` takes five fields or six with seconds first (cron-parser); `interval` is milliseconds or
// a duration (`'30s'`, `'5m'`, `'1h'`, `'1d'`); `disable: true` turns the schedule off.
import ts from 'typescript';
import type { FileModel } from '../fileModel';
import type { FunctionNode } from '../fileContext';
import { isEggApp } from '../eggContext';
import { propertyValue } from '../binder';
import { literal, numberOf } from '../values';
import type { TriggerStep } from './steps';

const SCHEDULE_DIR = /[\\/]app[\\/]schedule[\\/]/;

/** The task of an egg schedule module and when it runs; empty for any other file. */
export function eggScheduleTriggers(model: FileModel): Map<FunctionNode, TriggerStep> {
  const out = new Map<FunctionNode, TriggerStep>();
  const file = model.ctx.file;
  if (!SCHEDULE_DIR.test(file) || !isEggApp(file, model.ctx.index)) return out;
  const visit = (node: ts.Node): void => {
    const found = ts.isObjectLiteralExpression(node) ? objectSchedule(node) : ts.isClassLike(node) ? classSchedule(node) : undefined;
    if (found) {
      const step = trigger(model, found.schedule);
      if (step) out.set(found.task, step);
    }
    ts.forEachChild(node, visit);
  };
  visit(model.ctx.sf);
  return out;
}

/** `{ schedule: { … }, task }` with `task` a method or a function written there. */
function objectSchedule(obj: ts.ObjectLiteralExpression): { schedule: ts.ObjectLiteralExpression; task: FunctionNode } | undefined {
  const schedule = propertyValue(obj, 'schedule');
  if (!schedule || !ts.isObjectLiteralExpression(schedule)) return undefined;
  for (const p of obj.properties) {
    if (!p.name || !ts.isIdentifier(p.name) || p.name.text !== 'task') continue;
    if (ts.isMethodDeclaration(p) && p.body) return { schedule, task: p };
    if (ts.isPropertyAssignment(p) && (ts.isArrowFunction(p.initializer) || ts.isFunctionExpression(p.initializer))) return { schedule, task: p.initializer };
  }
  return undefined;
}

/** `static get schedule() { return { … } }` (or `static schedule = { … }`) and `subscribe()`. */
function classSchedule(cls: ts.ClassLikeDeclaration): { schedule: ts.ObjectLiteralExpression; task: FunctionNode } | undefined {
  const named = (m: ts.ClassElement, name: string) => !!m.name && ts.isIdentifier(m.name) && m.name.text === name;
  const isStatic = (m: ts.ClassElement) => !!ts.getModifiers(m as ts.HasModifiers)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
  let schedule: ts.Expression | undefined;
  for (const m of cls.members) {
    if (!named(m, 'schedule') || !isStatic(m)) continue;
    if (ts.isGetAccessor(m) && m.body) {
      const ret = m.body.statements.find(ts.isReturnStatement);
      schedule = ret?.expression;
    } else if (ts.isPropertyDeclaration(m)) schedule = m.initializer;
  }
  while (schedule && ts.isParenthesizedExpression(schedule)) schedule = schedule.expression;
  const task = cls.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && named(m, 'subscribe') && !!m.body);
  return schedule && ts.isObjectLiteralExpression(schedule) && task ? { schedule, task } : undefined;
}

function trigger(model: FileModel, schedule: ts.ObjectLiteralExpression): TriggerStep | undefined {
  const disable = propertyValue(schedule, 'disable');
  if (disable && disable.kind === ts.SyntaxKind.TrueKeyword) return undefined;
  const loc = model.ctx.loc(schedule);
  const cron = propertyValue(schedule, 'cron');
  const expression = cron && literal(model.binder.eval(cron));
  if (cron && expression) return { kind: 'trigger', loc, trigger: { type: 'cron', library: 'egg', expression, exprLoc: model.ctx.loc(cron) } };
  const interval = propertyValue(schedule, 'interval');
  const v = interval && model.binder.eval(interval);
  const text = v && literal(v);
  const ms = v && (numberOf(v) ?? durationMs(text));
  if (!ms) return undefined;
  // A duration reads as written (`every 10s`); plain milliseconds as such.
  const label = text && !/^\s*\d+\s*$/.test(text) ? `every ${text.trim()} (egg schedule)` : `every ${ms} ms (egg schedule)`;
  return { kind: 'trigger', loc, trigger: { type: 'interval', library: 'egg', ms, label } };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** egg reads `interval` with the `ms` package: `'30s'`, `'5m'`, `'1.5h'`, `'1d'`, or bare milliseconds. */
function durationMs(text: string | undefined): number | undefined {
  const m = text && /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[(m[2] ?? 'ms').toLowerCase()];
  return ms > 0 ? ms : undefined;
}
