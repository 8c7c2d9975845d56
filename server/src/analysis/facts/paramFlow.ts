// Whether a call passes on its function's input when the values themselves are lost on the way:
// `const query = [category, ...keywords].join(' '); return this.makeRequest({ query })` builds the
// request from the parameters through operations the binder does not evaluate. Followed by name,
// through the function's own local variables, without the type checker.
import ts from 'typescript';
import type { Scopes } from '../scope';
import type { FunctionNode } from '../fileContext';

const MAX_NODES = 400;

/** True when some argument of `call` is computed from a parameter of `owner`. */
export function argumentsUseParameters(call: ts.CallExpression | ts.NewExpression, owner: FunctionNode, scopes: Scopes): boolean {
  if (!owner.parameters.length) return false;
  const seen = new Set<ts.Node>();
  let budget = MAX_NODES;
  const isParameter = (decl: ts.Node): boolean => {
    for (let n: ts.Node | undefined = decl; n && n !== owner; n = n.parent) {
      if (ts.isParameter(n)) return n.parent === owner;
    }
    return false;
  };
  const visit = (n: ts.Node): boolean => {
    if (--budget < 0) return false;
    if (ts.isIdentifier(n)) {
      const decl = scopes.resolve(n);
      if (!decl || seen.has(decl)) return false;
      seen.add(decl);
      if (isParameter(decl)) return true;
      // A local of the same function: follow what it was computed from.
      const local = ts.isBindingElement(decl) ? bindingDeclaration(decl) : decl;
      if (local && ts.isVariableDeclaration(local) && local.initializer && encloses(owner, local)) return visit(local.initializer);
      return false;
    }
    // Property names (`{ query: x }`, `a.b`) are not references.
    if (ts.isPropertyAccessExpression(n)) return visit(n.expression);
    if (ts.isPropertyAssignment(n)) return visit(n.initializer);
    if (ts.isFunctionLike(n)) return false;
    return ts.forEachChild(n, (c) => (visit(c) ? true : undefined)) ?? false;
  };
  return (call.arguments ?? []).some(visit);
}

function bindingDeclaration(el: ts.BindingElement): ts.VariableDeclaration | undefined {
  let n: ts.Node = el;
  while (ts.isBindingElement(n) || ts.isObjectBindingPattern(n) || ts.isArrayBindingPattern(n)) n = n.parent;
  return ts.isVariableDeclaration(n) ? n : undefined;
}

function encloses(owner: ts.Node, node: ts.Node): boolean {
  return node.pos >= owner.pos && node.end <= owner.end;
}
