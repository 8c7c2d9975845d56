// Delays: `await sleep(ms)`, promisified setTimeout, timers/promises, and user helpers whose body
// is `new Promise(resolve => setTimeout(resolve, ms))`. A loop that awaits one is paced.
import ts from 'typescript';
import type { FileModel } from '../fileModel';
import { delayOfCall } from '../libraries/timers';
import { unwrapAwaited } from '../unwrap';
import { numberOf, substitute, type Val } from '../values';
import { evalNamedIn } from './retryPolicy';

const SLEEP_NAME = /^(sleep|delay|wait|pause|snooze|timeout|waitFor|sleepMs|delayMs|wait_ms|throttleDelay)$/i;

/** The delay an expression waits for (ms), 'unknown', or undefined if it is not a delay. */
export function delayOf(model: FileModel, expr: ts.Expression): number | 'unknown' | undefined {
  const e = unwrapAwaited(expr);
  if (ts.isNewExpression(e)) return promiseTimeoutMs(model, e);
  if (!ts.isCallExpression(e)) return undefined;
  const callee = model.binder.eval(e.expression);
  const args = e.arguments.map((a) => model.binder.eval(a));
  const lib = delayOfCall(callee, args);
  if (lib !== undefined) return lib;
  if (callee.k === 'fn') {
    const info = model.delayInfoOfRef(callee.ref);
    if (info?.sleepMs) {
      const ms = numberOf(substitute(info.sleepMs, callee.ref, args));
      return ms ?? 'unknown';
    }
    return undefined;
  }
  const name = ts.isIdentifier(e.expression) ? e.expression.text : ts.isPropertyAccessExpression(e.expression) ? e.expression.name.text : undefined;
  if (name && SLEEP_NAME.test(name) && (callee.k === 'unknown' || callee.k === 'module')) {
    return args[0] ? numberOf(args[0]) ?? 'unknown' : 'unknown';
  }
  return undefined;
}

/** `new Promise(r => setTimeout(r, ms))`: the ms, when the executor's resolver is handed to setTimeout. */
export function promiseTimeoutMs(model: FileModel, e: ts.NewExpression): number | 'unknown' | undefined {
  const v = promiseTimeoutVal(model, e);
  if (v === undefined) return undefined;
  return numberOf(v) ?? 'unknown';
}

export function promiseTimeoutVal(model: FileModel, e: ts.NewExpression): Val | undefined {
  if (!ts.isIdentifier(e.expression) || e.expression.text !== 'Promise') return undefined;
  const executor = e.arguments?.[0];
  if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return undefined;
  let found: Val | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'setTimeout' && n.arguments.length >= 2) {
      found = model.binder.eval(n.arguments[1]);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(executor.body);
  return found;
}

/** For a sleep helper, the ms it waits as a value in terms of its parameters. */
export function sleepMsOfFunction(model: FileModel, fn: ts.FunctionLikeDeclaration): Val | undefined {
  const body = fn.body;
  if (!body) return undefined;
  let expr: ts.Expression | undefined;
  if (!ts.isBlock(body)) expr = body as ts.Expression;
  else {
    const stmts = body.statements;
    const ret = stmts.find(ts.isReturnStatement);
    if (stmts.length <= 2 && ret?.expression) expr = ret.expression;
    else if (stmts.length === 1 && ts.isExpressionStatement(stmts[0])) expr = stmts[0].expression;
  }
  if (!expr) return undefined;
  const e = unwrapAwaited(expr);
  if (ts.isNewExpression(e)) return promiseTimeoutVal(model, e);
  if (ts.isCallExpression(e)) {
    const callee = model.binder.eval(e.expression);
    const args = e.arguments.map((a) => model.binder.eval(a));
    const lib = delayOfCall(callee, args);
    if (lib !== undefined) return args[0];
  }
  return undefined;
}

export const BACKOFF_CONDITION = /429|status|retr|error|err\b|throttl|limit|attempt|fail|exceed|tooFast|RESOURCE_EXHAUSTED/i;

/**
 * Total awaited delay per pass through `body`, not counting nested functions, nested loops or
 * catch blocks (a sleep in a catch is backoff, not pacing). Delays under a condition that looks
 * like error handling do not count either; `if (i % N === 0) await sleep(ms)` counts ms/N.
 */
export function pacingOf(model: FileModel, body: ts.Node): number | undefined {
  let total = 0;
  let unknown = false;
  const visit = (n: ts.Node, factor: number): void => {
    if (ts.isFunctionLike(n) || ts.isClassLike(n) || ts.isCatchClause(n)) return;
    if (n !== body && (ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n) || ts.isWhileStatement(n) || ts.isDoStatement(n))) return;
    if (ts.isIfStatement(n)) {
      const cond = n.expression.getText(model.ctx.sf);
      if (BACKOFF_CONDITION.test(cond)) { if (n.elseStatement) visit(n.elseStatement, factor); return; }
      const mod = /%\s*(\d+)\s*===?\s*0/.exec(cond) ?? /%\s*(\w+)\s*===?\s*0/.exec(cond);
      const every = mod ? (Number(mod[1]) || numberOf(evalNamedIn(model, n.expression, mod[1]))) : undefined;
      visit(n.thenStatement, every && Number.isFinite(every) && every > 0 ? factor / every : factor);
      if (n.elseStatement) visit(n.elseStatement, factor);
      return;
    }
    if (ts.isAwaitExpression(n)) {
      if (isLimiterWait(model, n.expression)) { unknown = true; return; }
      const d = delayOf(model, n.expression);
      if (d === 'unknown') { unknown = true; return; }
      if (d !== undefined) { total += d * factor; return; }
      const inner = unwrapAwaited(n.expression);
      if (ts.isCallExpression(inner)) {
        const callee = model.binder.eval(inner.expression);
        if (callee.k === 'fn') {
          const info = model.delayInfoOfRef(callee.ref);
          // `await this.chat.createMessage(…)` whose wrapper waits on the project's own limiter first.
          if (info?.pacingUnknown) { unknown = true; return; }
          total += (info?.ownDelayMs ?? 0) * factor;
        }
      }
    }
    ts.forEachChild(n, (c) => visit(c, factor));
  };
  visit(body, 1);
  if (unknown && total === 0) return undefined;
  return total;
}

const LIMITER_METHOD = /^(acquire|removeTokens|consume|waitForToken|throttle|take|wait|waitTurn|waitForSlot|schedule|limit)$/;
const LIMITER_RECEIVER = /limit|throttl|bucket|pacer|semaphore/i;

/** `await rateLimiter.acquire()` and friends: a project's own limiter paces the loop, by an amount we cannot read. */
function isLimiterWait(model: FileModel, expr: ts.Expression): boolean {
  const e = unwrapAwaited(expr);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return false;
  // A limiter we recognise (bottleneck, p-queue) is modelled exactly as a step; this is for the rest.
  if (model.binder.eval(e.expression).k === 'handle') return false;
  return LIMITER_METHOD.test(e.expression.name.text) && LIMITER_RECEIVER.test(e.expression.expression.getText(model.ctx.sf));
}
