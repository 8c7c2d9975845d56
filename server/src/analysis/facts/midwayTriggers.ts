// Midway's schedules are decorators, as NestJS's are, in three packages:
// - a serverless function's timer trigger, `@ServerlessTrigger(ServerlessTriggerType.TIMER,
//   { type: 'cron', value: '0 0 4 * * *' })` (Aliyun FC takes six fields, Tencent SCF seven with the
//   year), or `{ type: 'every', value: '5m' }`;
// - `@midwayjs/cron`'s class decorator `@Job({ cronTime })` (or `@Job('name', { cronTime })`) on a
//   class whose `onTick` runs;
// - `@midwayjs/task`'s `@TaskLocal('0 */5 * * * *')` and `@Task({ repeat: { cron } })` on a method.
// `FORMAT.CRONTAB.*` constants are strings by then (see midwayCrontab.ts).
import ts from 'typescript';
import type { FunctionNode } from '../fileContext';
import type { FileModel } from '../fileModel';
import { propertyValue } from '../binder';
import { modulePath } from '../library';
import { literal, type Val } from '../values';
import type { TriggerStep } from './steps';

const DECORATOR_PACKAGES = ['@midwayjs/decorator', '@midwayjs/core'];

/** The function a Midway schedule decorator runs and when, or undefined for any other decorator. */
export function midwayTrigger(model: FileModel, dec: ts.Decorator): { fn: FunctionNode; step: TriggerStep } | undefined {
  if (!ts.isCallExpression(dec.expression)) return undefined;
  const callee = model.binder.eval(dec.expression.expression);
  const args = dec.expression.arguments;
  const loc = model.ctx.loc(dec.expression.expression);
  const target = dec.parent;
  const cron = (library: string, node: ts.Expression | undefined): TriggerStep | undefined => {
    const expression = node && literal(model.binder.eval(node));
    return expression ? { kind: 'trigger', loc, trigger: { type: 'cron', library, expression, exprLoc: model.ctx.loc(node) } } : undefined;
  };

  if (DECORATOR_PACKAGES.some((p) => modulePath(callee, p)?.join('.') === 'ServerlessTrigger')) {
    if (!isMethod(target) || !isTimer(model.binder.eval(args[0])) || !args[1] || !ts.isObjectLiteralExpression(args[1])) return undefined;
    const type = literal(model.binder.eval(propertyValue(args[1], 'type') ?? args[1]));
    const value = propertyValue(args[1], 'value');
    if (type === 'cron') return withFn(target, cron('@midwayjs/faas', value));
    const every = type === 'every' && value ? literal(model.binder.eval(value)) : undefined;
    const ms = everyMs(every);
    return ms ? { fn: target, step: { kind: 'trigger', loc, trigger: { type: 'interval', library: '@midwayjs/faas', ms, label: `every ${every!.trim()} (timer trigger)` } } } : undefined;
  }
  const task = modulePath(callee, '@midwayjs/task')?.join('.');
  if (task === 'TaskLocal' && isMethod(target)) return withFn(target, cron('@midwayjs/task', args[0]));
  if (task === 'Task' && isMethod(target) && args[0] && ts.isObjectLiteralExpression(args[0])) {
    const repeat = propertyValue(args[0], 'repeat');
    return withFn(target, cron('@midwayjs/task', repeat && ts.isObjectLiteralExpression(repeat) ? propertyValue(repeat, 'cron') : undefined));
  }
  if (modulePath(callee, '@midwayjs/cron')?.join('.') === 'Job' && ts.isClassDeclaration(target)) {
    const options = args.find(ts.isObjectLiteralExpression);
    const onTick = target.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === 'onTick' && !!m.body);
    return onTick && options ? withFn(onTick, cron('@midwayjs/cron', propertyValue(options, 'cronTime'))) : undefined;
  }
  return undefined;
}

function withFn(fn: FunctionNode, step: TriggerStep | undefined): { fn: FunctionNode; step: TriggerStep } | undefined {
  return step && { fn, step };
}

function isMethod(node: ts.Node): node is ts.MethodDeclaration {
  return ts.isMethodDeclaration(node) && !!node.body;
}

/** `ServerlessTriggerType.TIMER`, or the string it stands for. */
function isTimer(v: Val): boolean {
  if (v.k === 'module') return v.path[v.path.length - 1] === 'TIMER';
  return literal(v) === 'timer';
}


/** An `every` trigger's interval: minutes (`5m`), hours (`1h`) or seconds (`90s`); FC's minimum is a minute. */
function everyMs(text: string | undefined): number | undefined {
  const m = text && /^\s*(\d+)\s*([smh])\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = { s: 1000, m: 60_000, h: 3_600_000 }[m[2].toLowerCase() as 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}
