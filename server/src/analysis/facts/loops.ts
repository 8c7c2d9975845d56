// Loop bounds and roles. A bound is exact (literal counts, array literals), an upper bound
// (`slice(0, N)`, chunk sizes, `// quota-lint-bound N`), or assumed (the configured default,
// and the message says so). Retry loops and polling/pagination loops are told apart because the
// rules treat them differently.
import ts from 'typescript';
import type { FileModel } from '../fileModel';
import { intervalIteratorMs } from '../libraries/timers';
import { outermostValue, unwrapValue } from '../unwrap';
import { dependsOnParams, headNoun, numberOf, sameFn, type FnRef, type Val } from '../values';
import { N8N_INPUT, slots } from '../binder';
import { delayOf, pacingOf } from './delays';
import type { Bound, LoopRole, RetryPolicy } from './steps';
import { THROTTLE_SIGNS, attemptsOfLoop, handWrittenPolicy } from './retryPolicy';
import { selectedForNow, type NowSelection } from './dueNow';

export interface LoopInfo {
  loopKind: string;
  bound: Bound;
  role?: LoopRole;
  retryPolicy?: RetryPolicy;
  pacingMs: number | undefined;
  sequential: boolean;
  bodyStart?: number;
  indent?: string;
  /** How the loop reads in a message with another bound (a due-now selection narrows it). */
  label: (b: Bound) => string;
  /** The collection is chosen by the current minute (`getPlansForTime(now)`). */
  selectedForNow?: NowSelection;
  /** A collection of unknown size that is the function's input: its callers may know its size. */
  over?: OverInput;
}

const ANNOTATION = /quota-lint-bound\s+(\d+)/;
const RETRY_WORDS = /\b(attempts?|retr(y|ies)|tries|tryCount|maxRetries|retryCount|numRetries)\b/i;
export const POLL_WORDS = /\b(status|state|done|finished|complete(d)?|ready|pending|running|isDone|isReady|204|result)\b/i;
export const PAGE_WORDS = /\b(page\w*|\w*[Tt]oken|cursor|next\w*|hasMore|has_more|more|offset|continuation\w*|marker)\b/i;

/** `// quota-lint-bound N` on the loop's line or the line above it. */
export function annotatedBound(model: FileModel, node: ts.Node): number | undefined {
  const sf = model.ctx.sf;
  const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
  const starts = sf.getLineStarts();
  const from = starts[Math.max(0, line - 1)];
  const to = line + 1 < starts.length ? starts[line + 1] : sf.text.length;
  const m = ANNOTATION.exec(sf.text.slice(from, to));
  return m ? Number(m[1]) : undefined;
}

/**
 * The bound of iterating over a value. `text` names the count ("300 items", "up to 50 items")
 * or, when unknown, says what was assumed ("size unknown; assumed 100").
 */
export function boundOfIterable(model: FileModel, v: Val): Bound {
  return boundOfValue(v, model.ctx.settings.assumedLoopBound);
}

/** `boundOfIterable` without a model: `assumed` is the setting assumedLoopBound. */
export function boundOfValue(v: Val, assumed: number): Bound {
  const target = v.k === 'loopvar' && v.element ? v.element : v;
  if (target.k === 'arr') {
    if (target.exact) return { n: target.items.length, kind: 'exact', text: `${target.items.length} item${target.items.length === 1 ? '' : 's'}` };
    if (target.upTo !== undefined) return { n: target.upTo, kind: 'upTo', text: `up to ${target.upTo} items` };
  }
  if (target.k === 'obj' && target.props.length) {
    // Array.from({ length: N }, fn); with N unknown, the slots of a worker pool.
    const n = numberOf(target.props.length);
    if (n !== undefined) return { n, kind: 'exact', text: `${n} item${n === 1 ? '' : 's'}` };
    const pool = slots(target.props.length);
    if (pool) return boundOfValue(pool, assumed);
  }
  if (target.k === 'obj' && !target.open) {
    const n = Object.keys(target.props).length;
    return { n, kind: 'exact', text: `${n} item${n === 1 ? '' : 's'}` };
  }
  // A list read from one page of a list API (`(data.list || [])` after a request with `size: 100`).
  const page = target.k === 'unknown' && /^page:(\d+)\b/.exec(target.hint ?? '');
  if (page) return { n: Number(page[1]), kind: 'upTo', text: `one page of up to ${page[1]} items` };
  // The rows of a query with a limit (`SELECT … LIMIT 10`, `.limit(20)`).
  const rows = target.k === 'unknown' && /^rows:(\d+)\b/.exec(target.hint ?? '');
  if (rows) return { n: Number(rows[1]), kind: 'upTo', text: `at most ${rows[1]} rows by the query's limit` };
  // The departments one user belongs to or leads (DingTalk's user record: `dept_id_list`,
  // `leader_in_dept`): a field of one person's record, a handful of entries.
  if (isUserDepartments(target)) {
    return { n: CONFIGURED_LIST_SIZE, kind: 'configured', text: `the departments of one user; assumed ${CONFIGURED_LIST_SIZE}` };
  }
  // `input.assigned_to`, `pr.requested_reviewers`: the people attached to one task or review.
  if (isOneItemsAssignees(target)) {
    return { n: CONFIGURED_LIST_SIZE, kind: 'configured', text: `the assignees of one item; assumed ${CONFIGURED_LIST_SIZE}` };
  }
  const integrations = integrationList(target);
  if (integrations) {
    return { n: CONFIGURED_LIST_SIZE, kind: 'configured', text: `one per integration in \`${integrations}\` (a handful; assumed ${CONFIGURED_LIST_SIZE})` };
  }
  if (target.k === 'unknown' && target.hint?.startsWith('pieces:')) {
    return { n: CONFIGURED_LIST_SIZE, kind: 'configured', text: `the pieces of one text (count unknown; assumed ${CONFIGURED_LIST_SIZE})` };
  }
  const setting = target.k === 'unknown' && /^setting:(\w+)$/.exec(target.hint ?? '');
  if (setting) return { n: CONFIGURED_LIST_SIZE, kind: 'configured', text: `\`${setting[1]}\` items (a setting; assumed ${CONFIGURED_LIST_SIZE})` };
  if (target.k === 'unknown' && target.hint === 'role:admin') {
    return { n: CONFIGURED_LIST_SIZE, kind: 'configured', text: `the users whose role is admin; assumed ${CONFIGURED_LIST_SIZE}` };
  }
  const configured = target.k === 'unknown' && /^(envlist|workers):(\w+)$/.exec(target.hint ?? '');
  if (configured && configured[1] === 'envlist') {
    // Lists of admins, channels or webhooks kept in an environment variable hold a handful of entries,
    // not user data: not a fan-out of unknown size.
    return { n: CONFIGURED_LIST_SIZE, kind: 'configured', text: `a list from environment variable ${configured[2]}; assumed ${CONFIGURED_LIST_SIZE} items` };
  }
  if (configured) {
    // `Promise.all(Array(concurrency).fill(0).map(worker))`: as many workers as a setting says, each
    // draining a shared queue; the count is a concurrency, not the size of the data.
    return { n: CONFIGURED_LIST_SIZE, kind: 'configured', text: `\`${configured[2]}\` workers (count unknown; assumed ${CONFIGURED_LIST_SIZE})` };
  }
  if (target.k === 'unknown' && target.hint === N8N_INPUT) {
    return { n: assumed, kind: 'assumed', text: `the node's input items, count unknown; assumed ${assumed}`, dataset: true };
  }
  return { n: assumed, kind: 'assumed', text: `size unknown; assumed ${assumed}` };
}

const CONFIGURED_LIST_SIZE = 10;
const USER_DEPARTMENTS = /^(dept_id_list|deptIdList|leader_in_dept|leaderInDept|dept_order_list|deptOrderList)$/;
const DEPARTMENT_IDS = /^dep(t|artment)_?ids?(_?list)?$/i;
const ONE_PERSON = /user|member|employee|staff|person|profile/i;

const ASSIGNEES = /^(assigned_?to|assignees|assignee_?ids|reviewers|requested_?reviewers|reviewer_?ids)$/i;

/** A field of one record listing the people it is assigned to or awaits a review from. */
function isOneItemsAssignees(v: Val): boolean {
  const path = v.k === 'unknown' ? (v.hint ?? '').split('.') : v.k === 'param' ? [v.name ?? '', ...v.path] : [];
  return path.length >= 2 && ASSIGNEES.test(path[path.length - 1]);
}

/**
 * DingTalk's user-record fields (`result.leader_in_dept`), or a department list read off a value
 * named for one person (`userInfo.deptIds`, also a parameter's field, which a caller's argument
 * rebinds).
 */
function isUserDepartments(v: Val): boolean {
  const path = v.k === 'unknown' ? (v.hint ?? '').split('.') : v.k === 'param' ? [v.name ?? '', ...v.path] : [];
  const last = path[path.length - 1] ?? '';
  if (USER_DEPARTMENTS.test(last)) return true;
  return path.length >= 2 && DEPARTMENT_IDS.test(last) && ONE_PERSON.test(path[path.length - 2]);
}

// What a list of the services a program talks to is called: `enabledCollectors`, `request.providers`.
const INTEGRATIONS = /^(providers|collectors|engines|vendors|backends|adapters|strategies|integrations|scrapers)$/i;

/**
 * A list of the integrations a program is built with (`Promise.allSettled(enabledCollectors.map(…))`,
 * one request per search provider): as many as someone wrote and configured, not data.
 */
function integrationList(v: Val): string | undefined {
  const path = v.k === 'unknown' && v.hint && !v.hint.includes(':') ? v.hint.split('.') : v.k === 'param' ? [v.name ?? '', ...v.path] : [];
  return INTEGRATIONS.test(headNoun(path[path.length - 1] ?? '')) ? path.join('.') : undefined;
}

/**
 * Items due at the current minute (a reminder job's tick): a handful, however large the table
 * they are chosen from. See dueNow.ts.
 */
export function dueNowBound(selection: NowSelection = 'due'): Bound {
  const what = selection === 'new' ? 'items new since the last check'
    : selection === 'anniversary' ? 'items whose month and day are today\'s (birthdays, anniversaries)' : 'items due at the current minute';
  return { n: DUE_NOW_ITEMS, kind: 'dueNow', text: `${what}; assumed ${DUE_NOW_ITEMS}` };
}

const DUE_NOW_ITEMS = 10;

/** "`items` (size unknown; assumed 100)" or "300 items". */
export function overText(b: Bound, exprText: string): string {
  return b.kind === 'exact' ? b.text : `\`${shorten(exprText)}\` (${b.text})`;
}

export function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}…` : oneLine;
}

function withAnnotation(model: FileModel, node: ts.Node, bound: Bound): Bound {
  const n = annotatedBound(model, node);
  return n !== undefined ? { n, kind: 'upTo', text: `declared bound ${n}` } : bound;
}

function hasExitInside(block: ts.Node, sf: ts.SourceFile): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n)) return;
    if (ts.isBreakStatement(n) || ts.isReturnStatement(n)) { found = true; return; }
    ts.forEachChild(n, visit);
  };
  visit(block);
  void sf;
  return found;
}

/** A loop whose body tries the call and leaves the loop on success is a retry loop, not a repetition. */
const RETRY_COUNTER = /(\b(retries|retryCount|retry|attempts?|tries|tryCount)\s*(\+\+|\+=)|\+\+\s*(retries|retryCount|attempts?|tries)\b)/;

function isRetryLoop(loop: ts.IterationStatement, sf: ts.SourceFile, conditionText: string): boolean {
  if (RETRY_WORDS.test(conditionText)) return true;
  // A loop that counts its retries re-issues failed calls only.
  if (!ts.isForOfStatement(loop) && !ts.isForInStatement(loop) && RETRY_COUNTER.test(loop.statement.getText(sf))) return true;
  let retry = false;
  const visit = (n: ts.Node): void => {
    if (retry || ts.isFunctionLike(n) || (n !== loop.statement && ts.isIterationStatement(n, false))) return;
    if (ts.isTryStatement(n) && hasExitInside(n.tryBlock, sf) && n.catchClause) { retry = true; return; }
    ts.forEachChild(n, visit);
  };
  visit(loop.statement);
  return retry;
}

/**
 * A for-of over a written list of different functions (`[tryV1, tryOld]`), or of entries that each
 * carry their own (`[{ name: 'direct', run: () => … }, { name: 'oxylabs', run: () => … }]`).
 */
function isFallbackChain(model: FileModel, loop: ts.IterationStatement): boolean {
  if (!ts.isForOfStatement(loop)) return false;
  const list = model.binder.eval(loop.expression);
  if (list.k !== 'arr' || !list.exact || list.items.length < 2) return false;
  const different = (fns: FnRef[]) => fns.length === list.items.length && fns.some((f) => !sameFn(f, fns[0]));
  if (different(list.items.flatMap((i) => (i.k === 'fn' ? [i.ref] : [])))) return true;
  const first = list.items[0];
  if (first.k !== 'obj') return false;
  return Object.keys(first.props).some((key) => different(list.items.flatMap((i) => {
    const v = i.k === 'obj' ? i.props[key] : undefined;
    return v?.k === 'fn' ? [v.ref] : [];
  })));
}

/**
 * `for (attempt = 1; attempt <= 15; attempt++) { const r = await get(); if (r.ready) return r; await sleep(4000) }`
 * counts attempts but polls: it waits on the success path after a readiness check that is not about
 * throttling. A retry waits only after a failure (in a catch, or after a 429 check).
 */
function waitsForReadiness(model: FileModel, loop: ts.IterationStatement): boolean {
  const sf = model.ctx.sf;
  const body = loop.statement;
  if (!ts.isBlock(body)) return false;
  const blocks: ts.Block[] = [body, ...body.statements.filter(ts.isTryStatement).map((t) => t.tryBlock)];
  return blocks.some((block) => {
    const waitAt = block.statements.findIndex((st) => ts.isExpressionStatement(st) && ts.isAwaitExpression(st.expression)
      && delayOf(model, st.expression) !== undefined);
    if (waitAt <= 0) return false;
    return block.statements.slice(0, waitAt).some((st) => ts.isIfStatement(st) && hasExitInside(st.thenStatement, sf)
      && !THROTTLE_SIGNS.test(st.expression.getText(sf)));
  });
}

function bodyPosition(model: FileModel, body: ts.Statement): { bodyStart?: number; indent?: string } {
  if (!ts.isBlock(body)) return {};
  const sf = model.ctx.sf;
  const first = body.statements[0];
  const text = sf.text;
  const anchor = first ? first.getStart(sf) : body.getEnd() - 1;
  const lineStart = text.lastIndexOf('\n', anchor - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return { bodyStart: first ? lineStart : anchor, indent };
}

function counterBound(model: FileModel, cond: ts.Expression | undefined, init: number, step: number): Bound | undefined {
  if (!cond || !ts.isBinaryExpression(cond)) return undefined;
  const op = cond.operatorToken.kind;
  let limitExpr: ts.Expression | undefined;
  let inclusive = false;
  if (op === ts.SyntaxKind.LessThanToken || op === ts.SyntaxKind.LessThanEqualsToken) { limitExpr = cond.right; inclusive = op === ts.SyntaxKind.LessThanEqualsToken; }
  else if (op === ts.SyntaxKind.GreaterThanToken || op === ts.SyntaxKind.GreaterThanEqualsToken) { limitExpr = cond.left; inclusive = op === ts.SyntaxKind.GreaterThanEqualsToken; }
  if (!limitExpr) return undefined;
  limitExpr = lengthKeptInConst(model, limitExpr);
  const limitVal = model.binder.eval(limitExpr);
  const limit = numberOf(limitVal);
  if (limit !== undefined) {
    const n = Math.max(0, Math.ceil((limit - init + (inclusive ? 1 : 0)) / step));
    return { n, kind: 'exact', text: `${n} iteration${n === 1 ? '' : 's'}` };
  }
  // i < Math.min(MAX, jobs.length): at most MAX.
  const atMost = limitVal.k === 'unknown' && /^atMost:(\d+)$/.exec(limitVal.hint ?? '');
  if (atMost) {
    const n = Math.max(0, Math.ceil((Number(atMost[1]) - init + (inclusive ? 1 : 0)) / step));
    return { n, kind: 'upTo', text: `up to ${n} iterations` };
  }
  // i < xs.length: as many iterations as xs has elements (divided by the step for chunked loops).
  if (ts.isPropertyAccessExpression(limitExpr) && limitExpr.name.text === 'length') {
    const arr = model.binder.eval(limitExpr.expression);
    const b = boundOfIterable(model, arr);
    const n = Math.ceil(b.n / step);
    const expr = limitExpr.expression.getText(model.ctx.sf);
    if (b.kind === 'assumed') {
      return { n, kind: 'assumed', text: step > 1 ? `\`${shorten(expr)}\` in chunks of ${step} (size unknown; assumed ${b.n} items)` : overText(b, expr), ...(b.dataset ? { dataset: true as const } : {}) };
    }
    return { n, kind: b.kind, text: step > 1 ? `${n} chunks of ${step}` : overText(b, expr) };
  }
  return undefined;
}

/**
 * `const length = (items.length as unknown) as number; for (let i = 0; i < length; i++)` (n8n's node
 * template): the length of that list, as `i < items.length` would be.
 */
function lengthKeptInConst(model: FileModel, e: ts.Expression): ts.Expression {
  const id = unwrapValue(e);
  if (!ts.isIdentifier(id)) return e;
  const decl = model.ctx.scopes.resolve(id);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !(decl.parent.flags & ts.NodeFlags.Const)) return e;
  const init = unwrapValue(decl.initializer);
  return ts.isPropertyAccessExpression(init) && init.name.text === 'length' ? init : e;
}

function stepOf(model: FileModel, inc: ts.Expression | undefined): number {
  if (!inc) return 1;
  if (ts.isPostfixUnaryExpression(inc) || ts.isPrefixUnaryExpression(inc)) return 1;
  if (ts.isBinaryExpression(inc)) {
    const op = inc.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusEqualsToken || op === ts.SyntaxKind.MinusEqualsToken) return Math.max(1, numberOf(model.binder.eval(inc.right)) ?? 1);
    if (op === ts.SyntaxKind.EqualsToken && ts.isBinaryExpression(inc.right)) return Math.max(1, numberOf(model.binder.eval(inc.right.right)) ?? 1);
  }
  return 1;
}

export function statementLoopInfo(model: FileModel, loop: ts.IterationStatement): LoopInfo {
  const sf = model.ctx.sf;
  const assumed = model.ctx.settings.assumedLoopBound;
  const unknown = (what: string): Bound => ({ n: assumed, kind: 'assumed', text: `${what} (iterations unknown; assumed ${assumed})` });
  const pos = bodyPosition(model, loop.statement);
  let pacing = pacingOf(model, loop.statement);
  let bound: Bound;
  let role: LoopRole | undefined;
  let conditionText = '';
  /** How the loop reads in a message, given its final bound. */
  let label: (b: Bound) => string;
  if (ts.isForStatement(loop)) {
    conditionText = loop.condition?.getText(sf) ?? '';
    const initDecl = loop.initializer && ts.isVariableDeclarationList(loop.initializer) ? loop.initializer.declarations[0] : undefined;
    const init = initDecl?.initializer ? numberOf(model.binder.eval(initDecl.initializer)) ?? 0 : 0;
    const step = stepOf(model, loop.incrementor);
    if (!loop.condition) bound = hasExitInside(loop.statement, sf) ? unknown('for (;;) loop') : { n: Infinity, kind: 'infinite', text: 'for (;;) loop' };
    else bound = counterBound(model, loop.condition, init, step) ?? unknown('for loop');
    label = (b) => (b.text.includes('loop') ? b.text : `for loop of ${b.text}`);
  } else if (ts.isForOfStatement(loop)) {
    const kind = loop.awaitModifier ? 'for await' : 'for-of';
    const iterable = loop.expression;
    const inner = ts.isCallExpression(iterable) ? iterable : undefined;
    const intervalMs = inner ? intervalIteratorMs(model.binder.eval(inner.expression), inner.arguments.map((a) => model.binder.eval(a))) : undefined;
    if (intervalMs !== undefined) {
      bound = { n: Infinity, kind: 'infinite', text: 'timers/promises setInterval' };
      pacing = intervalMs === 'unknown' || pacing === undefined ? undefined : pacing + intervalMs;
    } else {
      bound = boundOfIterable(model, model.binder.eval(iterable));
    }
    label = (b) => `${kind} over ${b.kind === 'infinite' ? b.text : overText(b, iterable.getText(sf))}`;
  } else if (ts.isForInStatement(loop)) {
    bound = boundOfIterable(model, model.binder.eval(loop.expression));
    label = (b) => `for-in over ${overText(b, (loop as ts.ForInStatement).expression.getText(sf))}`;
  } else {
    const isDo = ts.isDoStatement(loop);
    const cond = (loop as ts.WhileStatement | ts.DoStatement).expression;
    conditionText = cond.getText(sf);
    const always = cond.kind === ts.SyntaxKind.TrueKeyword || (ts.isNumericLiteral(cond) && cond.text !== '0');
    const name = isDo ? 'do-while loop' : 'while loop';
    if (always) {
      const what = `${isDo ? 'do … while (true)' : 'while (true)'} loop`;
      bound = hasExitInside(loop.statement, sf) ? unknown(what) : { n: Infinity, kind: 'infinite', text: what };
    } else {
      bound = whileCounterBound(model, loop, cond) ?? sliceChunkBound(model, loop, cond) ?? unknown(`${name} on \`${shorten(conditionText)}\``);
    }
    label = (b) => (b.text.includes('loop') ? b.text : `${name} of ${b.text}`);
  }
  if (!role) {
    // `for (const fetcher of [tryV1, tryOld]) try { return await fetcher() } catch {}` falls back
    // to the next endpoint: each is tried once, which is neither a retry nor a repetition.
    if (isFallbackChain(model, loop)) role = undefined;
    else if (isRetryLoop(loop, sf, conditionText)) role = waitsForReadiness(model, loop) ? 'poll' : 'retry';
    else if (PAGE_WORDS.test(conditionText)) role = 'pagination';
    else if (POLL_WORDS.test(conditionText)) role = 'poll';
  }
  if (role === 'pagination' && bound.kind === 'assumed') bound = { ...bound, text: bound.text.replace('iterations unknown', 'pages unknown') };
  bound = withAnnotation(model, loop, bound);
  const counter = ts.isForStatement(loop) && loop.initializer && ts.isVariableDeclarationList(loop.initializer)
    && ts.isIdentifier(loop.initializer.declarations[0]?.name) ? (loop.initializer.declarations[0].name as ts.Identifier).text : undefined;
  const retryPolicy = role === 'retry'
    ? handWrittenPolicy(model, loop.statement, attemptsOfLoop(model, loop, bound.kind === 'exact' ? bound.n : undefined, bound.kind === 'infinite' || /while \(true\)|for \(;;\)/.test(bound.text)), 'retry loop', counter)
    : undefined;
  const collection = ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? loop.expression : undefined;
  const selected = collection && bound.kind === 'assumed' ? selectedForNow(model, collection) : undefined;
  const over = collection && bound.kind === 'assumed' && role === undefined ? overInput(model, collection, label) : undefined;
  return { loopKind: label(bound), bound, role, retryPolicy, pacingMs: pacing, sequential: true, label, selectedForNow: selected, over, ...pos };
}

/** `let i = 0; while (i < 10) { …; i++ }` */
function whileCounterBound(model: FileModel, loop: ts.IterationStatement, cond: ts.Expression): Bound | undefined {
  if (!ts.isBinaryExpression(cond) || !ts.isIdentifier(cond.left)) return undefined;
  const decl = model.ctx.scopes.resolve(cond.left);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  const init = numberOf(model.binder.eval(decl.initializer));
  if (init === undefined) return undefined;
  const name = cond.left.text;
  const incremented = loop.statement.getText(model.ctx.sf).match(new RegExp(`\\b${name}\\s*(\\+\\+|\\+=\\s*(\\d+))|\\+\\+\\s*${name}\\b`));
  if (!incremented) return undefined;
  const step = incremented[2] ? Number(incremented[2]) : 1;
  return counterBound(model, cond, init, step);
}

/**
 * `while (rest.length > 0) { send(rest.slice(0, 4000)); rest = rest.slice(4000); }`: a text or
 * list cut into chunks of N, counted as `for (let i = 0; i < rest.length; i += N)` is.
 */
function sliceChunkBound(model: FileModel, loop: ts.IterationStatement, cond: ts.Expression): Bound | undefined {
  let subject: ts.Expression = cond;
  if (ts.isBinaryExpression(cond) && [ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(cond.operatorToken.kind)
    && ts.isNumericLiteral(cond.right) && cond.right.text === '0') subject = cond.left;
  if (ts.isPropertyAccessExpression(subject) && subject.name.text === 'length') subject = subject.expression;
  if (!ts.isIdentifier(subject)) return undefined;
  const name = subject.text;
  let step: number | undefined;
  const visit = (n: ts.Node): void => {
    if (step !== undefined || ts.isFunctionLike(n)) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) && n.left.text === name
      && ts.isCallExpression(n.right) && ts.isPropertyAccessExpression(n.right.expression) && ts.isIdentifier(n.right.expression.expression)
      && n.right.expression.expression.text === name && ['slice', 'substring', 'substr'].includes(n.right.expression.name.text) && n.right.arguments.length === 1) {
      const by = numberOf(model.binder.eval(n.right.arguments[0]));
      if (by !== undefined && by > 1) step = by;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(loop.statement);
  if (step === undefined) return undefined;
  const b = boundOfIterable(model, model.binder.eval(subject));
  const n = Math.ceil(b.n / step);
  return b.kind === 'assumed'
    ? { n, kind: 'assumed', text: `\`${name}\` in chunks of ${step} (size unknown; assumed ${b.n} items)` }
    : { n, kind: b.kind, text: `${n} chunks of ${step}` };
}

export function iterationLoopInfo(model: FileModel, call: ts.CallExpression, method: string, receiver: ts.Node, guardedByNow?: NowSelection): { bound: Bound; loopKind: string; over?: OverInput } {
  let v = ts.isExpression(receiver as ts.Expression) ? model.binder.eval(receiver as ts.Expression) : { k: 'unknown' } as Val;
  // `Array.from({ length: n }, () => oneCall(url))`: one call per slot, as many as n, unlike the
  // workers of a pool, each draining a shared queue in a loop of its own.
  const perSlot = method === 'Array.from' && !callbackLoops(model, call.arguments[1]);
  if (perSlot) v = slotsOf(v);
  let bound = withAnnotation(model, call, boundOfIterable(model, v));
  if (bound.kind === 'assumed') {
    const selection = guardedByNow ?? (ts.isExpression(receiver as ts.Expression) ? selectedForNow(model, receiver as ts.Expression) : undefined);
    if (selection) bound = dueNowBound(selection);
  }
  const receiverText = ts.isArrayLiteralExpression(receiver) ? '[…]' : shorten(receiver.getText(model.ctx.sf));
  const what = /^[a-z]+$/i.test(method) ? `\`${receiverText}.${method}\`` : `${method} over \`${receiverText}\``;
  const head = `${isInsidePromiseAll(call) ? 'Promise.all over ' : ''}${what}`;
  const label = (b: Bound): string => `${head} (${b.text})`;
  const found = bound.kind === 'assumed' && ts.isExpression(receiver as ts.Expression) ? overInput(model, receiver as ts.Expression, label) : undefined;
  const over = found && perSlot ? { ...found, perSlot } : found;
  return { bound, loopKind: label(bound), over };
}

/** The slots of `{ length: n }` when n is not a number we know: a setting's count (`ENSEMBLE_N`, an environment variable) is small; any other, unknown. */
function slotsOf(v: Val): Val {
  if (v.k !== 'obj' || !v.props.length || numberOf(v.props.length) !== undefined) return v;
  const hint = v.props.length.k === 'unknown' ? v.props.length.hint ?? '' : '';
  const name = hint.replace(/^env:/, '');
  const isSetting = hint.startsWith('env:') || SETTING_NAME.test(name);
  return isSetting ? { k: 'unknown', hint: `setting:${name}` } : { k: 'unknown' };
}

const SETTING_NAME = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/**
 * Whether a pool's callback is a worker: it loops itself, or calls a function that does
 * (`() => worker()`). A callback passed by reference, or calling another file's function, is
 * taken for a worker as before; only a callback seen to make one round of calls is not.
 */
function callbackLoops(model: FileModel, fn: ts.Expression | undefined): boolean {
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return true;
  if (hasLoop(fn.body)) return true;
  const calls: ts.CallExpression[] = [];
  const collect = (n: ts.Node): void => { if (ts.isCallExpression(n)) calls.push(n); if (!ts.isFunctionLike(n)) ts.forEachChild(n, collect); };
  collect(fn.body);
  return calls.some((c) => {
    const callee = model.binder.eval(c.expression);
    if (callee.k !== 'fn') return false;
    const local = callee.ref.file === model.ctx.file ? model.ctx.functions.get(callee.ref.pos) : undefined;
    return !local || !local.body || hasLoop(local.body);
  });
}

function hasLoop(body: ts.Node): boolean {
  const visit = (n: ts.Node): boolean => ts.isIterationStatement(n, false) || (!ts.isFunctionLike(n) && !!ts.forEachChild(n, (c) => visit(c) || undefined));
  return !!ts.forEachChild(body, (c) => visit(c) || undefined);
}

/**
 * `sendAll(items) { for (const item of items) … }` called as `sendAll([a])`: the loop's size is
 * the caller's to tell. The labels are rendered now (steps are plain data) for the bounds an
 * argument can give: a literal list, a slice, one page of a list API.
 */
export interface OverInput {
  v: Val;
  /** The loop's description for each bound kind a caller's argument may give. */
  labels: { bound: Bound; loopKind: string }[];
  /** `Array.from({ length: n }, () => call())`: one call per slot, not a pool's workers. */
  perSlot?: true;
}

function overInput(model: FileModel, collection: ts.Expression, label: (b: Bound) => string): OverInput | undefined {
  const v = model.binder.eval(collection);
  const target = v.k === 'loopvar' && v.element ? v.element : v;
  if (!dependsOnParams(target)) return undefined;
  // Steps are plain data: the descriptions are rendered now, with a placeholder for the bound's text.
  const exact: Bound = { n: 0, kind: 'exact', text: BOUND_PLACEHOLDER };
  const upTo: Bound = { n: 0, kind: 'upTo', text: BOUND_PLACEHOLDER };
  return { v: target, labels: [{ bound: exact, loopKind: label(exact) }, { bound: upTo, loopKind: label(upTo) }] };
}

export const BOUND_PLACEHOLDER = '\u0000bound\u0000';

/** The loop step's bound and description once its input is the caller's argument; undefined when that says no more. */
export function reboundFromArgument(over: OverInput, v: Val): { bound: Bound; loopKind: string } | undefined {
  const b = boundOfValue(over.perSlot ? slotsOf(v) : v, NaN);
  if (b.kind === 'assumed') return undefined;
  const template = over.labels.find((l) => l.bound.kind === (b.kind === 'exact' ? 'exact' : 'upTo'))!;
  return { bound: b, loopKind: template.loopKind.replace(BOUND_PLACEHOLDER, b.text) };
}

function isInsidePromiseAll(node: ts.Node): boolean {
  const n = outermostValue(node).parent;
  if (!n || !ts.isCallExpression(n)) return false;
  const callee = n.expression;
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise'
    && /^(all|allSettled|race|any)$/.test(callee.name.text);
}
