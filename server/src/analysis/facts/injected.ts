// Functions handed to a function of the workspace that calls them: `fetchAll(urls, (u) => scrape(u))`
// with `fetchAll(urls, fetcher) { return Promise.all(urls.map((u) => fetcher(u))) }`. The callback
// runs where the parameter is called, inside that function's loops, so its calls belong to its
// own summary, which the callee's call of the parameter instantiates.
import ts from 'typescript';
import { callParameters, type FunctionNode } from '../fileContext';
import { unwrapValue } from '../unwrap';

/**
 * Whether `fn` calls its parameter `index` (or, with `prop`, that parameter's property or the
 * binding `{ prop }` destructured from it).
 */
export function callsParameter(fn: FunctionNode, index: number, prop?: string): boolean {
  const param = callParameters(fn)[index];
  if (!param || !fn.body) return false;
  return bodyCalls(fn.body, calledNames(param.name, prop), prop);
}

/**
 * `asyncHandler = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next)`:
 * `fn` returns a function that calls its parameter `index`, and does not call it itself. The
 * callback then runs whenever the returned function is called, which is up to the code the
 * returned function is handed to (`router.post('/x', asyncHandler(async (req, res) => …))`).
 */
export function returnsCallerOfParameter(fn: FunctionNode, index: number): boolean {
  const param = callParameters(fn)[index];
  if (!param || !fn.body || callsParameterDirectly(fn, param.name)) return false;
  const names = calledNames(param.name, undefined);
  return returnedFunctions(fn).some((r) => !!r.body && bodyCalls(r.body, names, undefined));
}

function callsParameterDirectly(fn: FunctionNode, name: ts.BindingName): boolean {
  const names = calledNames(name, undefined);
  if (!names.direct.size) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n)) return;
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && names.direct.has(n.expression.text)) { found = true; return; }
    ts.forEachChild(n, visit);
  };
  visit(fn.body!);
  return found;
}

/** The functions `fn` returns as written: `(fn) => (req) => …`, `return function (req) { … }`. */
function returnedFunctions(fn: FunctionNode): FunctionNode[] {
  const body = fn.body!;
  const asFunction = (returned: ts.Expression | undefined): FunctionNode | undefined => {
    const e = returned && unwrapValue(returned);
    return e && (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) ? e : undefined;
  };
  if (!ts.isBlock(body)) return [asFunction(body)].filter((f): f is FunctionNode => !!f);
  const out: FunctionNode[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n)) return;
    if (ts.isReturnStatement(n)) { const f = asFunction(n.expression); if (f) out.push(f); return; }
    ts.forEachChild(n, visit);
  };
  body.statements.forEach(visit);
  return out;
}

function bodyCalls(body: ts.Node, names: { direct: Set<string>; member: Set<string> }, prop: string | undefined): boolean {
  if (!names.direct.size && !names.member.size) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n)) {
      const e = n.expression;
      if (ts.isIdentifier(e) && names.direct.has(e.text)) { found = true; return; }
      if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && names.member.has(e.expression.text) && e.name.text === prop) { found = true; return; }
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
  return found;
}

/**
 * `callClaude(input, space, onToolCall)`: a parameter named as a handler (`onProgress`, `onToolCall`)
 * is called when something happens to the work, not as the work; the calls its callback makes are
 * the callback's own call sites, not the callee's.
 */
export function isEventParameter(fn: FunctionNode, index: number): boolean {
  const param = callParameters(fn)[index];
  return !!param && ts.isIdentifier(param.name) && /^on[A-Z]/.test(param.name.text);
}

function calledNames(name: ts.BindingName, prop: string | undefined): { direct: Set<string>; member: Set<string> } {
  if (ts.isIdentifier(name)) return prop === undefined ? { direct: new Set([name.text]), member: new Set() } : { direct: new Set(), member: new Set([name.text]) };
  if (prop === undefined || !ts.isObjectBindingPattern(name)) return { direct: new Set(), member: new Set() };
  const el = name.elements.find((e) => (e.propertyName && ts.isIdentifier(e.propertyName) ? e.propertyName.text : ts.isIdentifier(e.name) ? e.name.text : undefined) === prop);
  return { direct: el && ts.isIdentifier(el.name) ? new Set([el.name.text]) : new Set(), member: new Set() };
}
