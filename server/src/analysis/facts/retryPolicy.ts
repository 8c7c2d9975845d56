// Hand-written retries: a loop that tries the call and leaves on success, or a function that
// calls itself again from its catch block. Their policy (delay, growth, jitter, cap, attempts,
// whether they check for throttling first) is read from the code around the retry.
import ts from 'typescript';
import type { FileModel } from '../fileModel';
import { unwrapAwaited } from '../unwrap';
import { numberOf } from '../values';
import { delayOf } from './delays';
import type { RetryPolicy } from './steps';

/** Status codes, error codes and messages that mean "slow down" for the three providers. */
export const THROTTLE_SIGNS = /429|RESOURCE_EXHAUSTED|Qps|Qpm|errcode\s*===?\s*88|\b8\b.*code|code.*\b8\b|requestTooFast|tooManyVisitors|QpsLimit|QpmLimit|9001[0-9]|90002|Too ?Many ?Requests|rate.?limit|throttl|TooManyRequests|isRetryable|retryable|shouldRetry/i;

/** The delay expressions awaited in `node` (outside nested functions). */
function awaitedDelays(model: FileModel, node: ts.Node): { ms: number | 'unknown'; expr?: ts.Expression }[] {
  const out: { ms: number | 'unknown'; expr?: ts.Expression }[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && n !== node) return;
    if (ts.isAwaitExpression(n)) {
      const d = delayOf(model, n.expression);
      if (d !== undefined) {
        const call = unwrapAwaited(n.expression);
        const msExpr = ts.isCallExpression(call) ? call.arguments[0] : ts.isNewExpression(call) ? findTimeoutMs(call) : undefined;
        out.push({ ms: d, expr: msExpr });
        return;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

function findTimeoutMs(e: ts.NewExpression): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'setTimeout') { found = n.arguments[1]; return; }
    ts.forEachChild(n, visit);
  };
  visit(e);
  return found;
}

/** Follows a delay expression to its definition: `await sleep(delay)` with `const delay = base * 2 ** attempt`. */
function delayText(model: FileModel, expr: ts.Expression | undefined, depth = 0): string {
  if (!expr) return '';
  const text = expr.getText(model.ctx.sf);
  if (depth > 3) return text;
  let extra = '';
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) {
      const decl = model.ctx.scopes.resolve(n);
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer && !ts.isFunctionLike(decl.initializer)) extra += ` ${delayText(model, decl.initializer, depth + 1)}`;
    }
    ts.forEachChild(n, visit);
  };
  visit(expr);
  return text + extra;
}

export function describePolicy(p: Omit<RetryPolicy, 'description'>, what: string): RetryPolicy {
  const parts: string[] = [];
  if (p.retries !== undefined) parts.push(p.retries === Infinity ? 'retries forever' : `${p.retries} retr${p.retries === 1 ? 'y' : 'ies'}`);
  if (p.initialDelayMs === 0) parts.push('no delay');
  else if (p.exponential) parts.push('exponential delay');
  else if (p.initialDelayMs !== undefined) parts.push(`${p.initialDelayMs} ms delay`);
  return { ...p, description: `${what}${parts.length ? ` (${parts.join(', ')})` : ''}` };
}

/** Reads the policy of a retry written by hand around `retryRegion` (a loop body, or a catch block). */
export function handWrittenPolicy(model: FileModel, region: ts.Node, attempts: number | undefined, what: string, counter?: string): RetryPolicy {
  const sf = model.ctx.sf;
  const delays = awaitedDelays(model, region);
  const catchText = collectCatchText(region, sf) || region.getText(sf);
  const checks = THROTTLE_SIGNS.test(catchText);
  if (!delays.length) {
    const where = counter ? delayInsertion(model, region) : undefined;
    return describePolicy({ retries: attempts, initialDelayMs: 0, exponential: false, jitter: false, checksThrottling: checks, counter, delaySpan: where?.span, delayIndent: where?.indent }, what);
  }
  const texts = delays.map((d) => delayText(model, d.expr)).join(' ');
  const exponential = /\*\*|Math\.pow|<<|\bexp|backoff/i.test(texts);
  const jitter = /Math\.random|jitter|random/i.test(texts);
  const capped = /Math\.min|max(Delay|Backoff|Wait|Timeout)|cap/i.test(texts);
  const constant = delays.find((d) => typeof d.ms === 'number');
  const first = delays[0].expr;
  return describePolicy({
    retries: attempts,
    initialDelayMs: !exponential && constant ? (constant.ms as number) : undefined,
    exponential,
    jitter,
    maxDelayMs: capped ? undefined : exponential ? Infinity : undefined,
    checksThrottling: checks,
    counter,
    delaySpan: counter && first ? model.ctx.span(first) : undefined,
  }, what);
}

/** Where a delay goes in a retry loop with none: the end of its catch block. */
function delayInsertion(model: FileModel, region: ts.Node): { span: { start: number; end: number }; indent: string } | undefined {
  let block: ts.Block | undefined;
  const visit = (n: ts.Node): void => {
    if (block || (ts.isFunctionLike(n) && n !== region)) return;
    if (ts.isCatchClause(n)) { block = n.block; return; }
    ts.forEachChild(n, visit);
  };
  visit(region);
  if (!block) return undefined;
  const text = model.ctx.sf.text;
  const close = block.getEnd() - 1;
  const lineStart = text.lastIndexOf('\n', close - 1) + 1;
  const closingIndent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  if (text.slice(lineStart, close).trim() !== '') return undefined;
  const inner = block.statements[0] ? /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', block.statements[0].getStart(model.ctx.sf) - 1) + 1))![0] : `${closingIndent}  `;
  return { span: { start: lineStart, end: lineStart }, indent: inner };
}

function collectCatchText(region: ts.Node, sf: ts.SourceFile): string {
  let text = '';
  const visit = (n: ts.Node): void => {
    if (ts.isCatchClause(n)) text += n.getText(sf);
    else if (ts.isFunctionLike(n)) return;
    ts.forEachChild(n, visit);
  };
  visit(region);
  return text;
}

/** How many retries a retry loop allows: its bound minus the first attempt. */
export function attemptsOfLoop(model: FileModel, loop: ts.IterationStatement, bound: number | undefined, infinite: boolean): number | undefined {
  if (infinite) {
    // `while (true)` that throws or breaks after N attempts is bounded by that check.
    const m = /(attempt|retr\w*|tries|count)\s*(>=|>)\s*(\w+)/i.exec(loop.statement.getText(model.ctx.sf));
    if (m) {
      const n = Number(m[3]) || numberOf(evalNamedIn(model, loop, m[3]));
      if (n !== undefined && Number.isFinite(n)) return n;
    }
    return Infinity;
  }
  return bound !== undefined && Number.isFinite(bound) ? Math.max(0, bound - 1) : undefined;
}

/** The value of the first identifier called `name` inside `region` (a name found by text, evaluated where it is used). */
export function evalNamedIn(model: FileModel, region: ts.Node, name: string) {
  let found: ts.Identifier | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && n.text === name) { found = n; return; }
    ts.forEachChild(n, visit);
  };
  visit(region);
  return found ? model.binder.eval(found) : { k: 'unknown' as const };
}

/**
 * `try { return await call(); } catch (e) { if (…) { await sleep(…); return this.request(…, n + 1); } }`:
 * the function retries by calling itself from its catch block.
 */
export function recursiveRetry(model: FileModel, start: ts.Node, fn: ts.FunctionLikeDeclaration): { loc: ts.Node; policy: RetryPolicy } | undefined {
  for (let n: ts.Node = start; n.parent && n !== fn; n = n.parent) {
    const parent = n.parent;
    if (!ts.isTryStatement(parent) || parent.tryBlock !== n || !parent.catchClause) continue;
    const catchClause = parent.catchClause;
    let selfCall: ts.CallExpression | undefined;
    const visit = (c: ts.Node): void => {
      if (selfCall || (ts.isFunctionLike(c) && c !== fn)) return;
      if (ts.isCallExpression(c)) {
        const callee = model.binder.eval(c.expression);
        if (callee.k === 'fn' && callee.ref.pos === fn.pos && callee.ref.file === model.ctx.file) { selfCall = c; return; }
      }
      ts.forEachChild(c, visit);
    };
    visit(catchClause.block);
    if (!selfCall) continue;
    const text = catchClause.getText(model.ctx.sf);
    const bounded = /(<|<=|>=|>)\s*[\w.]*(max|limit|retries|attempts)/i.test(text) || /(retr\w*|attempt\w*|count)\s*(<|<=)/i.test(text);
    return { loc: selfCall.expression, policy: handWrittenPolicy(model, catchClause.block, bounded ? undefined : Infinity, `recursive retry in ${fn.name?.getText(model.ctx.sf) ?? 'the function'}()`) };
  }
  return undefined;
}
