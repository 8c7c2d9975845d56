// The walk from a call up to the function that owns it: every loop, fan-out, limiter, retry
// wrapper and trigger on the way becomes a step. Inline callbacks are crossed according to their
// role (an array method's callback is a loop, a schedule's callback ends in a trigger); named
// functions end the segment, and their callers continue it through function summaries.
import ts from 'typescript';
import type { FileModel } from '../fileModel';
import { callParameters, functionName, type FunctionNode } from '../fileContext';
import { outermostValue, unwrapAwaited, unwrapValue } from '../unwrap';
import { dependsOnParams, nameWords, numberOf } from '../values';
import { callbackRole, type Role } from './roles';
import { dueNowBound, iterationLoopInfo } from './loops';
import { bindingNames, comparesItemWithNow, skipsItemsNotDueNow, type NowSelection } from './dueNow';
import type { LoopStep, Step } from './steps';
import { pacingOf } from './delays';
import { recursiveRetry } from './retryPolicy';
import { recursionStep } from './recursion';
import { otherAwaitedCalls } from './iterationWork';

export interface Segment {
  steps: Step[];
  /** The named function (or the file) the segment ends at. */
  owner: FunctionNode | ts.SourceFile;
  /** Whether the owner's completion waits for the call (so callers that await the owner wait for it too). */
  exitAwaited: boolean;
  /** The segment ended at a trigger or event handler: nothing above it multiplies the calls. */
  top: boolean;
  /** The call only runs when a memoised value is missing (a cached token getter): it does not repeat with its callers. */
  cached?: boolean;
  /** Other calls the owner awaits on the way to this one (see iterationWork.ts); they lengthen each invocation. */
  exitOtherAwaits?: number;
  /** The call is made only when something failed: in a catch block or a promise's `.catch` handler. */
  onFailure?: boolean;
  /**
   * The call is made in the callback of a one-shot timer set for later (`setTimeout(runCheck, 30000)`,
   * `setTimeout(tick, CONFIG.pollMs)`): calling the owner only arms the timer, and the call is a
   * later event of its own, so the owner's callers are not call sites of it. The call in the
   * callback is one. A short delay (`setTimeout(async () => collect(), 1000)` to answer the request
   * first, `setTimeout(() => send(board), 10 * 1000)` to wait for data) only defers the caller's
   * own work: the callers are call sites.
   */
  armed?: boolean;
}

type InlineUse =
  | { kind: 'named' }
  | { kind: 'iife'; call: ts.CallExpression }
  | { kind: 'callback'; call: ts.CallExpression | ts.NewExpression; argIndex: number; propName?: string };

function skipParens(node: ts.Node): ts.Node {
  return outermostValue(node).parent;
}

/** How an inline function is used by the code around it. */
export function inlineUse(fn: FunctionNode): InlineUse {
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return { kind: 'named' };
  let child: ts.Node = fn;
  let parent = skipParens(fn);
  while (parent && child !== fn && false) child = parent;
  // void (async () => {})() / !function () {}()
  if (parent && (ts.isCallExpression(parent)) && unwrapValue(parent.expression) === fn) return { kind: 'iife', call: parent };
  if (parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent))) {
    const args = parent.arguments ?? [];
    const argIndex = args.findIndex((a) => unwrapValue(a) === fn);
    if (argIndex >= 0) return { kind: 'callback', call: parent, argIndex };
  }
  // { onTick: async () => … } passed as an argument
  if (parent && ts.isPropertyAssignment(parent) && ts.isObjectLiteralExpression(parent.parent)) {
    const obj = parent.parent;
    const call = skipParens(obj);
    if (call && (ts.isCallExpression(call) || ts.isNewExpression(call))) {
      const argIndex = (call.arguments ?? []).findIndex((a) => unwrapValue(a) === obj);
      const name = ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name) ? parent.name.text : undefined;
      if (argIndex >= 0 && name) return { kind: 'callback', call, argIndex, propName: name };
    }
  }
  // queue.addAll([() => …, () => …])
  if (parent && ts.isArrayLiteralExpression(parent)) {
    const call = skipParens(parent);
    if (call && (ts.isCallExpression(call) || ts.isNewExpression(call))) {
      const argIndex = (call.arguments ?? []).findIndex((a) => unwrapValue(a) === parent);
      if (argIndex >= 0) return { kind: 'callback', call, argIndex };
    }
  }
  return { kind: 'named' };
}


function isRepeatedPart(loop: ts.IterationStatement, child: ts.Node): boolean {
  if (ts.isForStatement(loop)) return child !== loop.initializer;
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return child === loop.statement;
  return true;
}

/**
 * Google Apps Script's `UrlFetchApp.fetch(…)` (and `fetchAll`) returns the response itself: the
 * script waits for it as an awaited call waits, so a loop of them runs one at a time.
 */
function blocksUntilDone(model: FileModel, node: ts.Node): boolean {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const target = node.expression.expression;
  return ts.isIdentifier(target) && target.text === 'UrlFetchApp' && !model.ctx.scopes.resolve(target)
    && (node.expression.name.text === 'fetch' || node.expression.name.text === 'fetchAll');
}

export function computeSegment(model: FileModel, start: ts.Node): Segment {
  const steps: Step[] = [];
  let awaited = blocksUntilDone(model, start);
  let pendingPool: number | undefined;
  let pendingPoolLibrary: string | undefined;
  let pendingStagger: { msExpr: ts.Expression } | undefined;
  let child: ts.Node = start;
  let node: ts.Node | undefined = start.parent;
  const ctx = model.ctx;
  /** What the last loop or callback crossed holds: the work before it is counted there. */
  let inner: ts.Node = start;
  /** Conditions the call runs under, since the last loop on the way up. */
  let guards: ts.Expression[] = [];
  let onFailure: true | undefined;
  let armed: true | undefined;
  while (node) {
    if (ts.isFunctionLike(node) && (node as FunctionNode).body !== undefined) {
      const fn = node as FunctionNode;
      if (ts.isArrowFunction(fn) && child === fn.body && !ts.isBlock(fn.body)) awaited = true;
      const use = inlineUse(fn);
      if (use.kind === 'named') {
        const retry = recursiveRetry(model, start, fn);
        if (retry) steps.push({ kind: 'retry', loc: ctx.loc(retry.loc), library: 'recursive retry', innerAwaited: awaited, policy: retry.policy });
        const recursion = retry ? undefined : recursionStep(model, start, fn, awaited, inner);
        if (recursion) steps.push(recursion);
        const exitOtherAwaits = fn.body ? otherAwaitedCalls(model, fn.body, inner) : 0;
        return { steps, owner: fn, exitAwaited: awaited, top: false, cached: isCacheGuarded(model, start, fn), exitOtherAwaits, onFailure, armed };
      }
      if (use.kind === 'iife') {
        awaited = false;
        inner = use.call;
        child = use.call;
        node = use.call.parent;
        continue;
      }
      if (isFailureHandler(use.call, use.argIndex)) onFailure = true;
      const role = callbackRole(model, use.call, use.argIndex, use.propName);
      if (role.role === 'timeout' && armsForLater(model, role.msExpr)) armed = true;
      const guardedByNow = role.role === 'iterate' ? isDueNowGuarded(model, guards, fn, start) : undefined;
      guards = [];
      const result = applyRole(model, role, use.call, fn, awaited, steps, pendingPool, pendingPoolLibrary, pendingStagger, guardedByNow, inner);
      inner = use.call;
      if (result.stop) return { steps, owner: fn, exitAwaited: awaited, top: result.top, onFailure, armed };
      awaited = false;
      pendingPool = result.pendingPool;
      pendingPoolLibrary = result.pendingPoolLibrary;
      pendingStagger = result.pendingStagger;
      child = use.call;
      node = use.call.parent;
      continue;
    }
    switch (node.kind) {
      case ts.SyntaxKind.AwaitExpression:
      case ts.SyntaxKind.YieldExpression:
      case ts.SyntaxKind.ReturnStatement:
        awaited = true;
        break;
      case ts.SyntaxKind.ForStatement:
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.ForInStatement:
      case ts.SyntaxKind.WhileStatement:
      case ts.SyntaxKind.DoStatement: {
        const loop = node as ts.IterationStatement;
        if (isRepeatedPart(loop, child)) {
          const info = model.loopInfo(loop);
          const names = ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? loopItemNames(loop.initializer) : new Set<string>();
          const dueNow = info.bound.kind === 'assumed'
            ? info.selectedForNow ?? guards.map((g) => comparesItemWithNow(model, g, names)).find(Boolean) ?? skipsItemsNotDueNow(model, loop.statement, start, names)
            : undefined;
          const bound = dueNow ? dueNowBound(dueNow) : info.bound;
          guards = [];
          const step: LoopStep = {
            kind: 'loop', id: ctx.loopId(loop), loc: ctx.loc(loopHead(loop)), loopKind: dueNow ? info.label(bound) : info.loopKind, bound,
            mode: 'sequential', pacingMs: info.pacingMs, innerAwaited: awaited,
            role: info.role, retryPolicy: info.retryPolicy, bodyStart: info.bodyStart, indent: info.indent,
            asyncBody: inAsyncFunction(loop), over: dueNow ? undefined : info.over,
          };
          const others = otherAwaitedCalls(model, loop.statement, inner);
          if (others > 0) step.otherAwaits = others;
          inner = loop;
          if (pendingStagger) {
            const ms = staggerMs(model, pendingStagger.msExpr, loop);
            if (ms !== undefined) { step.staggerMs = ms; step.innerAwaited = false; }
            pendingStagger = undefined;
          }
          steps.push(step);
          // The code around a loop statement runs it to its end before going on: whatever time the
          // loop takes (its awaited calls, pauses, other awaited work) passes there too. An
          // un-awaited call inside makes the loop's own iterations fast, not the loops around it.
          awaited = true;
        }
        break;
      }
      case ts.SyntaxKind.ArrayLiteralExpression: {
        const array = node as ts.ArrayLiteralExpression;
        const member = array.elements.indexOf(child as ts.Expression);
        const awaitedBy = member >= 0 && !awaited && !ts.isSpreadElement(child) ? startedTogether(model, array) : undefined;
        if (awaitedBy) steps.push({ kind: 'group', id: ctx.loopId(array), loc: ctx.loc(array), member, awaitedBy, innerAwaited: false });
        break;
      }
      case ts.SyntaxKind.VariableDeclaration:
        // `const started = batch.map(send); … await Promise.all(started)`: awaited where the promises are.
        if (!awaited && (node as ts.VariableDeclaration).initializer === child && awaitedLater(model, node as ts.VariableDeclaration)) awaited = true;
        break;
      case ts.SyntaxKind.SourceFile:
        return { steps, owner: node as ts.SourceFile, exitAwaited: awaited, top: false, onFailure, armed };
      case ts.SyntaxKind.CatchClause:
        onFailure = true;
        break;
      case ts.SyntaxKind.IfStatement:
        if ((node as ts.IfStatement).thenStatement === child) guards.push((node as ts.IfStatement).expression);
        break;
      case ts.SyntaxKind.ConditionalExpression:
        if ((node as ts.ConditionalExpression).whenTrue === child) guards.push((node as ts.ConditionalExpression).condition);
        break;
      case ts.SyntaxKind.BinaryExpression:
        if ((node as ts.BinaryExpression).operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && (node as ts.BinaryExpression).right === child) guards.push((node as ts.BinaryExpression).left);
        break;
      default:
        break;
    }
    child = node;
    node = node.parent;
  }
  return { steps, owner: ctx.sf, exitAwaited: awaited, top: false, onFailure, armed };
}

/** `p.catch((err) => …)` and the rejection handler of `p.then(ok, (err) => …)`. */
function isFailureHandler(call: ts.CallExpression | ts.NewExpression, argIndex: number): boolean {
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  const method = call.expression.name.text;
  return (method === 'catch' && argIndex === 0) || (method === 'then' && argIndex === 1);
}

/** The variable's promises are awaited further on: `await started`, `await Promise.all(started)` (or returned so). */
function awaitedLater(model: FileModel, decl: ts.VariableDeclaration): boolean {
  if (!ts.isIdentifier(decl.name)) return false;
  let scope: ts.Node = decl;
  while (scope.parent && !ts.isBlock(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  return (waitedNamesIn(scope).get(decl.name.text) ?? []).some((ref) => ref.pos > decl.end && model.ctx.scopes.resolve(ref) === decl);
}

const waitedNamesCache = new WeakMap<ts.Node, Map<string, ts.Identifier[]>>();

/** The names a block awaits (`await x`, `await Promise.all(x)`, `return x`), collected once per block. */
function waitedNamesIn(scope: ts.Node): Map<string, ts.Identifier[]> {
  const cached = waitedNamesCache.get(scope);
  if (cached) return cached;
  const out = new Map<string, ts.Identifier[]>();
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && n !== scope) return;
    if (ts.isIdentifier(n) && waitsFor(n)) {
      const list = out.get(n.text) ?? [];
      list.push(n);
      out.set(n.text, list);
    }
    ts.forEachChild(n, visit);
  };
  visit(scope);
  waitedNamesCache.set(scope, out);
  return out;
}

const COMBINATOR = /^(all|allSettled|race|any)$/;

/** `Promise.all(x)`, `Promise.allSettled(x)`, …: the combinator call a value is passed to, if any. */
function combinatorCall(value: ts.Node): ts.CallExpression | undefined {
  const e = outermostValue(value);
  const call = e.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== e || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  const callee = call.expression;
  return ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise' && COMBINATOR.test(callee.name.text) ? call : undefined;
}

/** The combinator's name (`Promise.allSettled`) a value is passed to, if any. */
function combinatorOf(e: ts.Node): string | undefined {
  const call = combinatorCall(e);
  return call ? `Promise.${(call.expression as ts.PropertyAccessExpression).name.text}` : undefined;
}

/**
 * An array of calls started together: passed to `Promise.all` as it is written, or kept in a
 * variable that is passed so later (`const jobs = [a(), b()]; await Promise.allSettled(jobs)`).
 * The combinator's name, or undefined when the array is something else.
 */
function startedTogether(model: FileModel, array: ts.ArrayLiteralExpression): string | undefined {
  const direct = combinatorOf(array);
  if (direct) return direct;
  const e = outermostValue(array);
  const decl = e.parent;
  if (!decl || !ts.isVariableDeclaration(decl) || decl.initializer !== e || !ts.isIdentifier(decl.name)) return undefined;
  let scope: ts.Node = decl;
  while (scope.parent && !ts.isBlock(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  for (const ref of waitedNamesIn(scope).get(decl.name.text) ?? []) {
    if (ref.pos <= decl.end || model.ctx.scopes.resolve(ref) !== decl) continue;
    const by = combinatorOf(ref);
    if (by) return by;
  }
  return undefined;
}

function waitsFor(ref: ts.Identifier): boolean {
  const e = outermostValue(combinatorCall(ref) ?? ref);
  return ts.isAwaitExpression(e.parent) || ts.isReturnStatement(e.parent);
}

function loopItemNames(init: ts.ForInitializer): Set<string> {
  if (ts.isVariableDeclarationList(init)) return new Set(init.declarations.flatMap((d) => bindingNames(d.name)));
  return new Set(ts.isIdentifier(init) ? [init.text] : []);
}

/** A callback loop whose call runs only for the items due now (`if (r.at === hhmm)`, or `if (…) return` first). */
function isDueNowGuarded(model: FileModel, guards: ts.Expression[], fn: FunctionNode, start: ts.Node): NowSelection | undefined {
  const names = new Set(callParameters(fn).slice(0, 1).flatMap((p) => bindingNames(p.name)));
  return guards.map((g) => comparesItemWithNow(model, g, names)).find(Boolean)
    ?? (fn.body && ts.isBlock(fn.body) ? skipsItemsNotDueNow(model, fn.body, start, names) : undefined);
}

function loopHead(loop: ts.IterationStatement): ts.Node {
  return loop.getChildAt(0) ?? loop;
}

interface RoleResult {
  stop: boolean;
  top: boolean;
  pendingPool?: number;
  pendingPoolLibrary?: string;
  pendingStagger?: { msExpr: ts.Expression };
}

function applyRole(
  model: FileModel, role: Role, call: ts.CallExpression | ts.NewExpression, fn: FunctionNode, awaited: boolean, steps: Step[],
  pendingPool: number | undefined, pendingPoolLibrary: string | undefined, pendingStagger: { msExpr: ts.Expression } | undefined,
  guardedByNow?: NowSelection, inner?: ts.Node,
): RoleResult {
  const ctx = model.ctx;
  switch (role.role) {
    case 'iterate': {
      const iterationCall = call as ts.CallExpression;
      const info = role.receiver && ts.isPropertyAccessExpression(iterationCall.expression) && role.receiver === iterationCall.expression.expression
        ? iterationLoopInfo(model, iterationCall, role.method, role.receiver, guardedByNow)
        : iterationLoopInfo(model, iterationCall, role.method, role.receiver ?? call, guardedByNow);
      let mode = role.mode;
      let concurrency = role.concurrency;
      if (mode === 'parallel' && pendingPool !== undefined) { mode = 'pool'; concurrency = pendingPool; }
      const sequential = mode === 'sequential';
      const step: LoopStep = {
        kind: 'loop', id: ctx.loopId(call), loc: ctx.loc(calleeOf(call)), loopKind: poolLabel(info.loopKind, mode, concurrency, pendingPoolLibrary ?? role.method),
        bound: info.bound, mode, concurrency, innerAwaited: awaited,
        pacingMs: sequential ? pacingOf(model, fn.body!) : 0,
        bodyStart: callbackBodyStart(model, fn), indent: callbackIndent(model, fn),
        asyncBody: isAsync(fn), fanOut: fanOutSpans(model, iterationCall, fn), over: info.over,
      };
      const others = fn.body && inner ? otherAwaitedCalls(model, fn.body, inner) : 0;
      if (others > 0) step.otherAwaits = others;
      if (pendingStagger) {
        const ms = staggerMs(model, pendingStagger.msExpr, call);
        if (ms !== undefined) step.staggerMs = ms;
      } else if (!sequential) {
        const stagger = staggeredSleep(model, fn, call);
        if (stagger !== undefined) step.staggerMs = stagger;
      }
      steps.push(step);
      return { stop: false, top: false };
    }
    case 'pool':
      return { stop: false, top: false, pendingPool: role.concurrency ?? Infinity, pendingPoolLibrary: role.library };
    case 'limiter':
      steps.push({ kind: 'limiter', loc: ctx.loc(calleeOf(call)), library: role.settings.library, limit: role.settings.limit,
        intervalMs: role.settings.intervalMs, concurrency: role.settings.concurrency, innerAwaited: awaited });
      return { stop: false, top: false, pendingPool, pendingPoolLibrary };
    case 'retry':
      steps.push({ kind: 'retry', loc: ctx.loc(calleeOf(call)), library: role.library, innerAwaited: awaited, policy: role.policy });
      return { stop: false, top: false, pendingPool, pendingPoolLibrary };
    case 'trigger':
      steps.push({ kind: 'trigger', loc: ctx.loc(calleeOf(role.registration)), trigger: role.trigger });
      return { stop: true, top: true };
    case 'external':
      steps.push({ kind: 'trigger', loc: ctx.loc(calleeOf(call)), trigger: { type: 'external', what: role.what, ...(role.cronOf && { cronOf: role.cronOf }) } });
      // `createJob(config) { new CronJob(config.schedule, …) }`: the schedule is the caller's to
      // tell, so the calls go on into createJob's summary (nothing above a trigger multiplies them).
      if (role.cronOf && dependsOnParams(role.cronOf.value)) return { stop: false, top: false };
      return { stop: true, top: true };
    case 'wrapped':
    case 'injected':
      return { stop: true, top: false };
    case 'timeout':
      return { stop: false, top: false, pendingPool, pendingPoolLibrary, pendingStagger: role.msExpr ? { msExpr: role.msExpr } : pendingStagger };
    case 'transparent':
      return { stop: false, top: false, pendingPool, pendingPoolLibrary, pendingStagger };
  }
}

/** Half a minute: a timer this long or longer waits for a later moment rather than deferring work a little. */
const LATER_EVENT_MS = 30_000;

/** Whether a one-shot timer's delay makes its callback a later event: half a minute or more, or set at run time. */
export function armsForLater(model: FileModel, msExpr: ts.Expression | undefined): boolean {
  if (!msExpr) return false;
  const ms = numberOf(model.binder.eval(msExpr));
  return ms === undefined || ms >= LATER_EVENT_MS;
}

export function poolLabel(label: string, mode: string, concurrency: number | undefined, library: string): string {
  if (mode === 'pool' && concurrency !== undefined && Number.isFinite(concurrency) && !label.startsWith(library)) return `${label} (${library}, ${concurrency} at a time)`;
  return label;
}

/**
 * The function a call runs and its arguments: `this.helpers.httpRequestWithAuthentication.call(this,
 * credentialType, options)` (n8n nodes and other `this`-bound helpers) runs the helper with
 * `(credentialType, options)`.
 */
export function calledWithThis(call: ts.CallExpression | ts.NewExpression): { callee: ts.Expression; args: readonly ts.Expression[] } {
  const e = call.expression;
  const args = call.arguments ?? [];
  if (ts.isCallExpression(call) && ts.isPropertyAccessExpression(e) && e.name.text === 'call' && args[0]?.kind === ts.SyntaxKind.ThisKeyword
    && (ts.isPropertyAccessExpression(e.expression) || ts.isIdentifier(e.expression))) {
    return { callee: e.expression, args: args.slice(1) };
  }
  return { callee: e, args };
}

export function calleeOf(call: ts.CallExpression | ts.NewExpression): ts.Node {
  const e = calledWithThis(call).callee;
  if (ts.isPropertyAccessExpression(e)) return e.name;
  if (ts.isElementAccessExpression(e)) return e.argumentExpression;
  return e;
}

function callbackBodyStart(model: FileModel, fn: FunctionNode): number | undefined {
  const body = fn.body;
  if (!body || !ts.isBlock(body) || body.statements.length === 0) return undefined;
  const text = model.ctx.sf.text;
  const first = body.statements[0].getStart(model.ctx.sf);
  return text.lastIndexOf('\n', first - 1) + 1;
}

function callbackIndent(model: FileModel, fn: FunctionNode): string | undefined {
  const start = callbackBodyStart(model, fn);
  if (start === undefined) return undefined;
  return /^[ \t]*/.exec(model.ctx.sf.text.slice(start))![0];
}

/**
 * `setTimeout(() => send(x), i * 1000)` or `await sleep(i * 500)` inside an iteration: the
 * iterations are spread `ms` apart even though they start together.
 */
function staggerMs(model: FileModel, msExpr: ts.Expression, loopNode: ts.Node): number | undefined {
  const e = unwrapValue(msExpr);
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.AsteriskToken) return undefined;
  const sides = [e.left, e.right];
  for (let i = 0; i < 2; i++) {
    const index = sides[i];
    const factor = numberOf(model.binder.eval(sides[1 - i]));
    const v = model.binder.eval(index);
    if (factor !== undefined && v.k === 'loopvar' && v.loop === model.ctx.loopId(loopNode)) return factor;
  }
  return undefined;
}

function staggeredSleep(model: FileModel, fn: FunctionNode, call: ts.Node): number | undefined {
  const body = fn.body;
  if (!body || !ts.isBlock(body)) return undefined;
  for (const s of body.statements) {
    if (!ts.isExpressionStatement(s) || !ts.isAwaitExpression(s.expression)) continue;
    const inner = s.expression.expression;
    if (ts.isCallExpression(inner) && inner.arguments[0]) {
      const ms = staggerMs(model, inner.arguments[0], call);
      if (ms !== undefined) return ms;
    }
  }
  return undefined;
}

const CACHE_WORDS = /cache|cached|token|expir|Date\.now|memo|instance|promise|inflight|pending|initiali[sz]ed/i;
/** Flags of a job under way or just run: a guard on them skips overlapping runs, it does not memoise. */
const REENTRANCY_WORDS = /\b(is)?(running|busy|syncing|processing|inProgress|locked)\b|lastRun/i;
const KEPT_VALUE_WORDS = /cache|token|expir|memo|instance|initiali[sz]ed/i;

/**
 * `if (cachedToken && Date.now() < expiresAt) return cachedToken;` before the call, or the call
 * inside `if (!this.token) { … }`: the function only calls the API when its memoised value is
 * missing, so callers in a loop do not multiply the call.
 */
function isCacheGuarded(model: FileModel, call: ts.Node, fn: FunctionNode): boolean {
  const sf = model.ctx.sf;
  const refersToOuterState = (cond: ts.Expression): boolean => {
    const text = cond.getText(sf);
    if (!CACHE_WORDS.test(text)) return false;
    // `if (this.isRunning && Date.now() - this.lastRun < 60000) return;`: a job that skips a run while
    // another is under way runs again next time; it keeps nothing between runs.
    if (REENTRANCY_WORDS.test(text) && !KEPT_VALUE_WORDS.test(text)) return false;
    // A token getter that checks the expiry of what it read (`if (cached?.token && cached.expires_at
    // > nowSec) return cached.token`, the row loaded from a settings table) keeps its token between calls.
    if (CREDENTIAL_GETTER.test(functionName(fn)) && /expir|cache/i.test(text)) return true;
    let outer = false;
    const visit = (n: ts.Node): void => {
      if (outer) return;
      if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword) { outer = true; return; }
      if (ts.isIdentifier(n)) {
        const decl = model.ctx.scopes.resolve(n);
        if (decl && ts.isVariableDeclaration(decl) && !(decl.parent.flags & ts.NodeFlags.Const) && !isInside(decl, fn)) outer = true;
        // `const cache = { token: '', expireIn: 0 }` outside, its fields written by the getter.
        if (decl && ts.isVariableDeclaration(decl) && !isInside(decl, fn) && writesFieldOf(fn, n.text)) outer = true;
        // `const cached = await this.getCache(key); if (cached) return cached;` in a token getter: a
        // credential read from a store. (A per-item cache, `getCachedProduct(asin)`, still repeats per item.)
        if (decl && ts.isVariableDeclaration(decl) && decl.initializer && isInside(decl, fn) && readsStore(decl.initializer, sf)
          && CREDENTIAL_GETTER.test(functionName(fn))) outer = true;
      }
      ts.forEachChild(n, visit);
    };
    visit(cond);
    return outer;
  };
  // A guard inside a loop (`for (const id of ids) if (!cache[id]) await fetch(id)`) is a per-item
  // cache: the calls still repeat with the loop. Only a guard around every loop makes the whole
  // refresh (a token getter that also reloads the user list) run once per expiry.
  const repeats = (n: ts.Node): boolean => ts.isIterationStatement(n, false) || (ts.isFunctionLike(n) && n !== fn);
  const loopAbove = (n: ts.Node): boolean => {
    for (let m = n.parent; m && m !== fn; m = m.parent) if (repeats(m)) return true;
    return false;
  };
  for (let n: ts.Node = call; n.parent && n !== fn; n = n.parent) {
    const parent = n.parent;
    // `if (!this.token || Date.now() > this.expiresAt) { … }` refreshes what it keeps; `if (poll.closedTime
    // > Date.now()) { … }` only compares a deadline the function does not keep, and runs on every call.
    if (ts.isIfStatement(parent) && parent.thenStatement === n && refersToOuterState(parent.expression) && !loopAbove(parent)
      && (KEPT_VALUE_WORDS.test(parent.expression.getText(sf)) || writesStateTestedBy(fn, parent.expression, sf))) return true;
    if (ts.isIfStatement(parent) && parent.thenStatement === n && !loopAbove(parent) && takesLock(parent.expression, sf)) return true;
    if (ts.isBlock(parent) && parent.parent === fn) {
      const index = parent.statements.indexOf(n as ts.Statement);
      for (let i = 0; i < index; i++) {
        const earlier = parent.statements[i];
        if (ts.isIfStatement(earlier) && returnsEarly(earlier.thenStatement)
          && (refersToOuterState(earlier.expression) || failsDebounce(model, earlier.expression))) return true;
      }
    }
  }
  return false;
}

/**
 * `if (await redis.setnx(flag, true)) { …; await redis.expire(flag, wait); … }`, `redis.set(key, 1,
 * 'EX', 300, 'NX')`: only the caller that takes the lock goes on, once per key until it expires,
 * however often the function runs.
 */
function takesLock(cond: ts.Expression, sf: ts.SourceFile): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const method = n.expression.name.text;
      if (/^setnx$/i.test(method)) { found = true; return; }
      if (/^set$/i.test(method) && n.arguments.some((a) => /^['"`]NX['"`]$|\bNX\s*:\s*true\b/i.test(a.getText(sf)))) { found = true; return; }
    }
    ts.forEachChild(n, visit);
  };
  visit(cond);
  return found;
}

/** A function named for letting a message through once per window: `debounceMessage`, `shouldThrottle`, `dedupeAlert`. */
const DEBOUNCE_WORDS = /^(debounce|debounced|dedupe|dedup|deduplicate|throttle|throttled|cooldown)$/i;

/**
 * `const result = await alarm.debounceMessage(…); if (!result) return;`: the message goes out
 * only when the debouncer lets it through, once per its window, however often this runs.
 */
function failsDebounce(model: FileModel, cond: ts.Expression): boolean {
  let e = unwrapValue(cond);
  if (!ts.isPrefixUnaryExpression(e) || e.operator !== ts.SyntaxKind.ExclamationToken) return false;
  e = unwrapValue(e.operand);
  let call: ts.Expression | undefined = e;
  if (ts.isIdentifier(e)) {
    const decl = model.ctx.scopes.resolve(e);
    call = decl && ts.isVariableDeclaration(decl) && decl.initializer ? decl.initializer : undefined;
  }
  const inner = call && unwrapAwaited(call);
  if (!inner || !ts.isCallExpression(inner)) return false;
  const callee = inner.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  return nameWords(name).some((w) => DEBOUNCE_WORDS.test(w));
}

/** Names of functions that hand out a credential: `getAccessToken`, `tokenManager.getToken`, `getAuthHeaders`. */
export const CREDENTIAL_GETTER = /token|ticket|credential|auth/i;

/**
 * A credential getter by name, or a signer (`getJsApiSign`, `signature()`) that signs with a
 * cached ticket: a word of the name, so `assignTask` is not one.
 */
export function isCredentialGetter(name: string): boolean {
  return CREDENTIAL_GETTER.test(name) || nameWords(name).some((w) => /^sign(ature)?$/i.test(w));
}

/** The function assigns state its condition reads (`this.lastFetch = Date.now()` under `Date.now() - this.lastFetch > TTL`). */
function writesStateTestedBy(fn: FunctionNode, cond: ts.Expression, sf: ts.SourceFile): boolean {
  const text = (n: ts.Node) => n.getText(sf).replace(/[!?\s]/g, '');
  const read = new Set<string>();
  const collect = (n: ts.Node): void => {
    // `this.lastFetch`, `lastFetch`; not the `now` of `Date.now`, which names no state.
    const isMemberName = ts.isIdentifier(n) && ts.isPropertyAccessExpression(n.parent) && n.parent.name === n;
    if (ts.isPropertyAccessExpression(n) || (ts.isIdentifier(n) && !isMemberName)) read.add(text(n));
    ts.forEachChild(n, collect);
  };
  collect(cond);
  return assignsTo(fn, (left) => read.has(text(left)));
}

/** The function assigns a field of the named variable (`cache.token = res.data.access_token`). */
function writesFieldOf(fn: FunctionNode, name: string): boolean {
  return assignsTo(fn, (left) => {
    let target: ts.Expression = left;
    while (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) target = target.expression;
    return target !== left && ts.isIdentifier(target) && target.text === name;
  });
}

/** Whether the function's body has an assignment `left = …` whose left side passes `test`. */
function assignsTo(fn: FunctionNode, test: (left: ts.Expression) => boolean): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && test(n.left)) { found = true; return; }
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

/** `await this.getCache(key)`, `await redis.get(key)`, `cache.get(key)`: a value kept between calls. */
function readsStore(init: ts.Expression, sf: ts.SourceFile): boolean {
  const e = unwrapAwaited(init);
  return ts.isCallExpression(e) && /cache|redis|memo|kv\b|store/i.test(e.expression.getText(sf));
}

function returnsEarly(s: ts.Statement): boolean {
  if (ts.isReturnStatement(s)) return true;
  return ts.isBlock(s) && s.statements.length > 0 && ts.isReturnStatement(s.statements[s.statements.length - 1]);
}

function isInside(node: ts.Node, container: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (n === container) return true;
  return false;
}

function isAsync(fn: ts.Node): boolean {
  return !!(ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async);
}

function inAsyncFunction(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return isAsync(n);
  return false;
}

/** `Promise.all(xs.map(cb))`: the spans a bounded-pool rewrite needs. */
function fanOutSpans(model: FileModel, mapCall: ts.CallExpression, cb: FunctionNode): LoopStep['fanOut'] {
  const callee = mapCall.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'map' || mapCall.arguments[0] !== cb) return undefined;
  const outer = outermostValue(mapCall).parent;
  if (!outer || !ts.isCallExpression(outer) || outer.arguments[0] === undefined) return undefined;
  const pa = outer.expression;
  if (!ts.isPropertyAccessExpression(pa) || !ts.isIdentifier(pa.expression) || pa.expression.text !== 'Promise') return undefined;
  if (pa.name.text !== 'all' && pa.name.text !== 'allSettled') return undefined;
  return { promiseAll: model.ctx.span(outer), receiver: model.ctx.span(callee.expression), callback: model.ctx.span(cb), all: pa.name.text };
}
