// A function that calls itself to go on (`if (status === 'pending') return checkJob(id)`,
// `this.syncFrom(block + 1)` at the end of the body) repeats its calls as a loop does: each call
// of the function is one iteration. Recursion from a catch block is a retry (retryPolicy.ts), a
// self-call inside a loop walks a tree, and one re-armed by setTimeout is a timer (fileModel.ts).
import ts from 'typescript';
import type { FileModel } from '../fileModel';
import { functionName, type FunctionNode } from '../fileContext';
import type { LoopStep } from './steps';
import { BACKOFF_CONDITION, pacingOf } from './delays';
import { otherAwaitedCalls } from './iterationWork';
import { PAGE_WORDS, POLL_WORDS } from './loops';

/** The loop that `fn` calling itself makes around the call at `start`; undefined when it does not recurse that way. */
export function recursionStep(model: FileModel, start: ts.Node, fn: FunctionNode, awaited: boolean, inner: ts.Node): LoopStep | undefined {
  if (!fn.body || !ts.isBlock(fn.body)) return undefined;
  const recursion = recursionOf(model, fn);
  if (!recursion) return undefined;
  const { call: selfCall, endless } = recursion;
  if (start.pos >= selfCall.pos && start.end <= selfCall.end) return undefined;
  const ctx = model.ctx;
  const conditions = conditionsOf(selfCall, fn).map((c) => c.getText(ctx.sf)).join(' ');
  const role = POLL_WORDS.test(conditions) ? 'poll' : PAGE_WORDS.test(conditions) ? 'pagination' : undefined;
  const assumed = ctx.settings.assumedLoopBound;
  const name = functionName(fn);
  const what = role === 'pagination' ? 'pages' : 'calls';
  const first = fn.body.statements[0];
  const lineStart = first ? ctx.sf.text.lastIndexOf('\n', first.getStart(ctx.sf) - 1) + 1 : undefined;
  const step: LoopStep = {
    kind: 'loop', id: ctx.loopId(fn), loc: ctx.loc(selfCall.expression),
    loopKind: endless ? `${name}() calling itself after every run` : `${name}() calling itself (${what} unknown; assumed ${assumed})`,
    bound: endless ? { n: Infinity, kind: 'infinite', text: 'calls itself after every run' } : { n: assumed, kind: 'assumed', text: `${what} unknown; assumed ${assumed}` },
    mode: 'sequential', pacingMs: pacingBeforeSelfCall(model, fn, selfCall), innerAwaited: awaited, role,
    bodyStart: lineStart, indent: lineStart === undefined ? undefined : /^[ \t]*/.exec(ctx.sf.text.slice(lineStart))![0],
    asyncBody: (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0,
  };
  const others = otherAwaitedCalls(model, fn.body, inner);
  if (others > 0) step.otherAwaits = others;
  return step;
}

/** How a function goes on by calling itself: the self-call, and whether every run ends in it. */
interface Recursion { call: ts.CallExpression; endless: boolean }

/** Per model and function, computed once: every call site in the function asks (as iterationWork.ts keeps its candidates). */
const recursionsByModel = new WeakMap<FileModel, WeakMap<FunctionNode, Recursion | null>>();

function recursionOf(model: FileModel, fn: FunctionNode): Recursion | undefined {
  let byFn = recursionsByModel.get(model);
  if (!byFn) recursionsByModel.set(model, (byFn = new WeakMap()));
  let memo = byFn.get(fn);
  if (memo === undefined) {
    const call = continuingSelfCall(model, fn);
    byFn.set(fn, (memo = call ? { call, endless: runsEveryTime(model, fn, call) } : null));
  }
  return memo ?? undefined;
}

/** A call of `fn` in its own body that goes on with the work: not in a nested function, a loop or a catch block. */
function continuingSelfCall(model: FileModel, fn: FunctionNode): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n) || ts.isClassLike(n) || ts.isCatchClause(n)) return;
    if (ts.isIterationStatement(n, false)) return;
    if (ts.isCallExpression(n) && isTheFunction(model, fn, n.expression)) { found = n; return; }
    ts.forEachChild(n, visit);
  };
  if (fn.body) ts.forEachChild(fn.body, visit);
  return found;
}

/** Whether `expr` (a callee, or a function handed on) is `fn` itself. */
function isTheFunction(model: FileModel, fn: FunctionNode, expr: ts.Expression): boolean {
  const v = model.binder.eval(expr);
  return v.k === 'fn' && v.ref.pos === fn.pos && v.ref.file === model.ctx.file;
}

/**
 * Whether every run ends by calling the function again, so the chain only stops with the process
 * (`syncFrom(block + 1)` after a try/catch that reports the failure): the self-call sits under no
 * condition and outside any try block, and the body has no way out before it — no return other than
 * one that re-arms the function (`return setTimeout(() => syncFrom(n), 60000)`), no throw that
 * escapes. Such a loop is endless as `while (true)` is, not a loop of unknown size.
 */
function runsEveryTime(model: FileModel, fn: FunctionNode, selfCall: ts.CallExpression): boolean {
  if (conditionsOf(selfCall, fn).length > 0) return false;
  for (let n: ts.Node = selfCall; n.parent && n !== fn.body; n = n.parent) if (ts.isTryStatement(n.parent)) return false;
  let exits = false;
  const visit = (n: ts.Node, caught: boolean): void => {
    if (exits || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n) && !(n.expression && callsFunction(model, fn, n.expression))) { exits = true; return; }
    if (ts.isThrowStatement(n) && !caught) { exits = true; return; }
    if (ts.isTryStatement(n)) {
      visit(n.tryBlock, caught || !!n.catchClause);
      if (n.catchClause) visit(n.catchClause.block, caught);
      if (n.finallyBlock) visit(n.finallyBlock, caught);
      return;
    }
    ts.forEachChild(n, (c) => visit(c, caught));
  };
  ts.forEachChild(fn.body!, (c) => visit(c, false));
  return !exits;
}

/** Whether `node` calls `fn`, also from a callback it hands on (`setTimeout(() => fn(n), ms)`). */
function callsFunction(model: FileModel, fn: FunctionNode, node: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if ((ts.isIdentifier(n) || ts.isPropertyAccessExpression(n)) && isTheFunction(model, fn, n)) { found = true; return; }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/**
 * The wait before the function calls itself again: the delays of its body, and those in the branch
 * that leads to the self-call (`if (data.status !== 'done') { await sleep(5000); return poll(id) }`),
 * which pacingOf alone takes for a backoff on an error status and leaves out.
 */
function pacingBeforeSelfCall(model: FileModel, fn: FunctionNode, selfCall: ts.Node): number | undefined {
  let total = pacingOf(model, fn.body!);
  if (total === undefined) return undefined;
  for (let n: ts.Node = selfCall; n.parent && n !== fn.body; n = n.parent) {
    const block = n.parent;
    if (!ts.isBlock(block)) continue;
    const branch = block.parent;
    if (!(ts.isIfStatement(branch) && BACKOFF_CONDITION.test(branch.expression.getText(model.ctx.sf)))) continue;
    for (const st of block.statements) {
      if (st === n) break;
      const ms = pacingOf(model, st);
      if (ms === undefined) return undefined;
      total += ms;
    }
  }
  return total;
}

/** The conditions the self-call runs under, up to the function. */
function conditionsOf(call: ts.Node, fn: FunctionNode): ts.Expression[] {
  const out: ts.Expression[] = [];
  for (let n: ts.Node = call; n.parent && n !== fn; n = n.parent) {
    const p = n.parent;
    if (ts.isIfStatement(p) && p.expression !== n) out.push(p.expression);
    if (ts.isConditionalExpression(p) && p.condition !== n) out.push(p.condition);
    // `data.status === 'pending' && poll(id)`: the left side is the condition.
    const logical = ts.isBinaryExpression(p) && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(p.operatorToken.kind);
    if (logical && p.right === n) out.push(p.left);
  }
  return out;
}
