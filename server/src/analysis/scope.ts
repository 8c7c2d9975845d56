// Name resolution without the type checker: each scope-creating node lists the names it
// declares (computed lazily, once), and an identifier resolves by walking up its ancestors.
import ts from 'typescript';

export type Declaration =
  | ts.VariableDeclaration
  | ts.BindingElement
  | ts.ParameterDeclaration
  | ts.FunctionDeclaration
  | ts.ClassDeclaration
  | ts.EnumDeclaration
  | ts.ImportClause
  | ts.ImportSpecifier
  | ts.NamespaceImport
  | ts.ImportEqualsDeclaration
  | ts.FunctionExpression
  | ts.ClassExpression;

export class Scopes {
  private readonly tables = new Map<ts.Node, Map<string, Declaration>>();

  resolve(id: ts.Identifier): Declaration | undefined {
    const name = id.text;
    for (let node: ts.Node | undefined = id.parent; node; node = node.parent) {
      if (!createsScope(node)) continue;
      const decl = this.table(node).get(name);
      if (decl && !isOwnBindingName(id, decl)) return decl;
    }
    return undefined;
  }

  /** Names declared directly in a scope node. */
  table(node: ts.Node): Map<string, Declaration> {
    let t = this.tables.get(node);
    if (!t) {
      t = collect(node);
      this.tables.set(node, t);
    }
    return t;
  }
}

function isOwnBindingName(id: ts.Identifier, decl: Declaration): boolean {
  // `const x = x` must not resolve the initializer's x to itself: only happens for the name node.
  return (decl as { name?: ts.Node }).name === id;
}

export function createsScope(node: ts.Node): boolean {
  return ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseBlock(node)
    || ts.isFunctionLike(node) || ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)
    || ts.isCatchClause(node) || ts.isClassLike(node);
}

function addBindingNames(name: ts.BindingName, decl: ts.VariableDeclaration | ts.ParameterDeclaration, into: Map<string, Declaration>): void {
  if (ts.isIdentifier(name)) {
    into.set(name.text, decl);
    return;
  }
  for (const el of name.elements) {
    if (ts.isOmittedExpression(el)) continue;
    if (ts.isIdentifier(el.name)) into.set(el.name.text, el);
    else addBindingNames(el.name, decl, into);
  }
}

function addVariableList(list: ts.VariableDeclarationList, into: Map<string, Declaration>): void {
  for (const d of list.declarations) addBindingNames(d.name, d, into);
}

function addStatements(statements: readonly ts.Statement[], into: Map<string, Declaration>, hoistVars: boolean): void {
  for (const s of statements) {
    if (ts.isVariableStatement(s)) addVariableList(s.declarationList, into);
    else if (ts.isFunctionDeclaration(s) && s.name) into.set(s.name.text, s);
    else if (ts.isClassDeclaration(s) && s.name) into.set(s.name.text, s);
    else if (ts.isEnumDeclaration(s)) into.set(s.name.text, s);
    else if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      if (c.name) into.set(c.name.text, c);
      const b = c.namedBindings;
      if (b && ts.isNamespaceImport(b)) into.set(b.name.text, b);
      if (b && ts.isNamedImports(b)) for (const el of b.elements) into.set(el.name.text, el);
    } else if (ts.isImportEqualsDeclaration(s)) into.set(s.name.text, s);
    else if (ts.isExportDeclaration(s)) continue;
    else if (ts.isModuleDeclaration(s)) continue;
    if (hoistVars) hoistVarDeclarations(s, into);
  }
}

/** `var` declarations anywhere inside a function body belong to the function scope. */
function hoistVarDeclarations(node: ts.Node, into: Map<string, Declaration>): void {
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isVariableDeclarationList(n) && !(n.flags & ts.NodeFlags.BlockScoped)) {
      for (const d of n.declarations) if (!into.has(declName(d))) addBindingNames(d.name, d, into);
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(node, visit);
}

function declName(d: ts.VariableDeclaration): string {
  return ts.isIdentifier(d.name) ? d.name.text : '';
}

function collect(node: ts.Node): Map<string, Declaration> {
  const t = new Map<string, Declaration>();
  if (ts.isSourceFile(node) || ts.isModuleBlock(node)) {
    addStatements(node.statements, t, true);
  } else if (ts.isBlock(node)) {
    addStatements(node.statements, t, false);
  } else if (ts.isCaseBlock(node)) {
    for (const clause of node.clauses) addStatements(clause.statements, t, false);
  } else if (ts.isFunctionLike(node)) {
    for (const p of node.parameters) addBindingNames(p.name, p, t);
    if ((ts.isFunctionExpression(node)) && node.name) t.set(node.name.text, node);
    const body = (node as ts.FunctionLikeDeclaration).body;
    if (body && ts.isBlock(body)) hoistVarDeclarations(body, t);
  } else if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) {
    const init = node.initializer;
    if (init && ts.isVariableDeclarationList(init)) addVariableList(init, t);
  } else if (ts.isCatchClause(node)) {
    if (node.variableDeclaration) addBindingNames(node.variableDeclaration.name, node.variableDeclaration, t);
  } else if (ts.isClassExpression(node) && node.name) {
    t.set(node.name.text, node);
  }
  return t;
}

/** The property path from a binding element up to its declaration: `const { a: { b } } = x` gives ["a", "b"]. */
export function bindingPath(el: ts.BindingElement): { root: ts.VariableDeclaration | ts.ParameterDeclaration; path: string[] } | undefined {
  const path: string[] = [];
  let node: ts.Node = el;
  while (ts.isBindingElement(node)) {
    const pattern: ts.BindingPattern = node.parent;
    if (node.dotDotDotToken) return undefined;
    if (ts.isObjectBindingPattern(pattern)) {
      const prop = node.propertyName ?? node.name;
      if (ts.isIdentifier(prop) || ts.isStringLiteral(prop)) path.unshift(prop.text);
      else return undefined;
    } else {
      path.unshift(String(pattern.elements.indexOf(node)));
    }
    node = pattern.parent;
  }
  if (ts.isVariableDeclaration(node) || ts.isParameter(node)) return { root: node, path };
  return undefined;
}
