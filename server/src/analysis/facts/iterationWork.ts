// The other work an iteration waits for. A sequential loop runs no faster than everything it
// awaits per pass: `await db.getRecipients(); await sendEmail(); await postToChat()` takes three
// round trips per item, not one. The same holds in each wrapper on the way to the API call
// (`publishMessage()` reads the message, checks a permission and sends e-mail before it posts).
// Each such awaited call counts as one more call's latency; the rate model adds them per pass.
import ts from 'typescript';
import type { FileModel } from '../fileModel';
import { unwrapValue } from '../unwrap';
import { delayOf } from './delays';

/** Reading the body of a response already received is not another round trip. */
const BODY_READER = /^(json|text|arrayBuffer|blob|formData|buffer)$/;
/**
 * Calls that are usually instant after the first time or local: memoised tokens and clients,
 * set-up, logging. Counting them would slow the estimate for work that does not happen per pass.
 */
const USUALLY_INSTANT = /token|auth|credential|client|connect|init|config|setup|log|debug|trace|metric|track|emit/i;

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return outer.pos <= inner.pos && inner.end <= outer.end;
}

function inArguments(path: ts.Node, inner: ts.Node): boolean {
  return ts.isCallExpression(path) && path.arguments.some((a) => contains(a, inner));
}

/** An awaited round trip in a region, and the branch the pass must take for it to run. */
interface Candidate {
  node: ts.AwaitExpression;
  /** The innermost branch, loop or catch block around it inside the region; it runs only on passes through there. */
  guard?: ts.Node;
  /** How many round trips awaiting it takes (see weightOf), once computed. */
  weight?: number;
}

// Per model: what a call resolves to (a delay, a function and its round trips) can change with
// other files while this file's syntax tree stays the same.
const candidatesByModel = new WeakMap<FileModel, WeakMap<ts.Node, Candidate[]>>();

/**
 * Awaited calls in `region` that run on every pass that reaches `path` (the statement, loop or
 * call leading to the API), besides `path` itself. Not counted: nested functions, loops that do not
 * lead to the call (how often they run is unknown), branches the call's pass does not take, catch
 * blocks, delays (they are pacing, counted apart) and reading a response's body. The region's
 * awaits are collected once, so a huge function with many calls is not walked once per call.
 */
export function otherAwaitedCalls(model: FileModel, region: ts.Node, path: ts.Node): number {
  let count = 0;
  for (const c of candidatesOf(model, region)) {
    // `notify(chat, pr, await github.getPR(pr))`: an argument awaited before the call is other work.
    if (contains(c.node, path) || (contains(path, c.node) && !inArguments(path, c.node))) continue;
    if (c.guard && !contains(c.guard, path)) continue;
    count += weightOf(model, c);
  }
  return count;
}

/** Round trips every run of a function body awaits: its unconditional awaits, each with its weight. */
export function alwaysAwaitedRoundTrips(model: FileModel, body: ts.Node): number {
  let count = 0;
  for (const c of candidatesOf(model, body)) if (!c.guard) count += weightOf(model, c);
  return count;
}

/**
 * `await publishMessage(id)` takes as long as the round trips publishMessage always awaits (it reads
 * the message, checks a permission, records recipients): at least one. Other calls count one.
 */
function weightOf(model: FileModel, c: Candidate): number {
  if (c.weight === undefined) {
    const call = unwrapValue(c.node.expression) as ts.CallExpression;
    const callee = model.binder.eval(call.expression);
    // A function awaiting itself is cut short by the delay facts' own cycle guard.
    c.weight = callee.k === 'fn' ? Math.max(1, model.delayInfoOfRef(callee.ref)?.roundTrips ?? 0) : 1;
  }
  return c.weight;
}

function candidatesOf(model: FileModel, region: ts.Node): Candidate[] {
  let byRegion = candidatesByModel.get(model);
  if (!byRegion) candidatesByModel.set(model, (byRegion = new WeakMap()));
  const cached = byRegion.get(region);
  if (cached) return cached;
  const out: Candidate[] = [];
  const visit = (n: ts.Node, guard: ts.Node | undefined): void => {
    if (n !== region && (ts.isFunctionLike(n) || ts.isClassLike(n))) return;
    if (n !== region && ts.isIterationStatement(n, false)) guard = n;
    if (ts.isCatchClause(n) || ts.isCaseClause(n) || ts.isDefaultClause(n)) guard = n;
    if (ts.isIfStatement(n)) {
      visit(n.expression, guard);
      visit(n.thenStatement, n.thenStatement);
      if (n.elseStatement) visit(n.elseStatement, n.elseStatement);
      return;
    }
    if (ts.isConditionalExpression(n)) {
      visit(n.condition, guard);
      visit(n.whenTrue, n.whenTrue);
      visit(n.whenFalse, n.whenFalse);
      return;
    }
    if (ts.isBinaryExpression(n) && isShortCircuit(n.operatorToken.kind)) {
      visit(n.left, guard);
      visit(n.right, n.right);
      return;
    }
    if (ts.isAwaitExpression(n) && isRoundTrip(model, n.expression)) out.push({ node: n, guard });
    ts.forEachChild(n, (c) => visit(c, guard));
  };
  visit(region, undefined);
  byRegion.set(region, out);
  return out;
}

function isShortCircuit(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

/** A call that goes out and back: not a delay, not a body read, not an already-settled promise. */
function isRoundTrip(model: FileModel, expr: ts.Expression): boolean {
  const e = unwrapValue(expr);
  if (!ts.isCallExpression(e)) return false;
  const callee = unwrapValue(e.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const name = callee.name.text;
    if (BODY_READER.test(name) && e.arguments.length === 0) return false;
    // `await Promise.all(batchPromises)` waits for calls started elsewhere, usually the ones on the path.
    if (ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise') return false;
  }
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  if (USUALLY_INSTANT.test(name)) return false;
  return delayOf(model, e) === undefined;
}
