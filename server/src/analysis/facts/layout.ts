// What quick fixes need to know about the file as a whole: where new top-level code can go
// (after the imports), its module style, its quotes, its line ending, which packages it already
// imports and which helper functions it already declares (so a helper is inserted once).
import ts from 'typescript';

export interface FileLayout {
  /** Offset just after the last leading import/require statement (0 if none). */
  importsEnd: number;
  /** Offset at the end of the file, for helpers appended below the code. */
  end: number;
  esm: boolean;
  typescript: boolean;
  quote: '\'' | '"';
  eol: string;
  semicolons: boolean;
  /** Local names bound to packages: package name → local identifier (default or namespace import, or require). */
  imports: Map<string, string>;
  /** Names of functions and variables declared at the top level. */
  topLevelNames: Set<string>;
}

function isRequireStatement(s: ts.Statement): string | undefined {
  if (!ts.isVariableStatement(s)) return undefined;
  for (const d of s.declarationList.declarations) {
    const init = d.initializer;
    const call = init && ts.isCallExpression(init) ? init : init && ts.isPropertyAccessExpression(init) && ts.isCallExpression(init.expression) ? init.expression : undefined;
    if (call && ts.isIdentifier(call.expression) && call.expression.text === 'require' && call.arguments[0] && ts.isStringLiteral(call.arguments[0])) return call.arguments[0].text;
  }
  return undefined;
}

export function fileLayout(sf: ts.SourceFile, fileName: string): FileLayout {
  const text = sf.text;
  let importsEnd = 0;
  let esm = false;
  const imports = new Map<string, string>();
  const topLevelNames = new Set<string>();
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) {
      esm = true;
      importsEnd = s.getEnd();
      const c = s.importClause;
      const local = c?.name?.text ?? (c?.namedBindings && ts.isNamespaceImport(c.namedBindings) ? c.namedBindings.name.text : undefined);
      if (local) imports.set(s.moduleSpecifier.text, local);
      if (c?.namedBindings && ts.isNamedImports(c.namedBindings)) {
        for (const el of c.namedBindings.elements) imports.set(`${s.moduleSpecifier.text}#${(el.propertyName ?? el.name).text}`, el.name.text);
      }
      continue;
    }
    const required = isRequireStatement(s);
    if (required) {
      importsEnd = s.getEnd();
      const d = (s as ts.VariableStatement).declarationList.declarations[0];
      if (ts.isIdentifier(d.name)) imports.set(required, d.name.text);
      else for (const el of d.name.elements) if (ts.isBindingElement(el) && ts.isIdentifier(el.name)) imports.set(`${required}#${(el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName : el.name).text}`, el.name.text);
      continue;
    }
    if (ts.isExportDeclaration(s) || ts.isExportAssignment(s)) esm = true;
  }
  for (const s of sf.statements) {
    if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) topLevelNames.add(s.name.text);
    if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) topLevelNames.add(d.name.text);
  }
  let singles = 0;
  let doubles = 0;
  const countQuotes = (n: ts.Node): void => {
    if (ts.isStringLiteral(n)) {
      if (text[n.getStart(sf)] === '"') doubles++; else singles++;
    }
    ts.forEachChild(n, countQuotes);
  };
  countQuotes(sf);
  const statements = sf.statements.filter((s) => !ts.isFunctionDeclaration(s) && !ts.isClassDeclaration(s));
  const withSemicolon = statements.filter((s) => text.slice(s.getStart(sf), s.getEnd()).trimEnd().endsWith(';')).length;
  return {
    importsEnd,
    end: text.length,
    esm: esm || /\.(mjs|mts)$/.test(fileName),
    typescript: /\.(ts|tsx|mts|cts)$/.test(fileName),
    quote: doubles > singles ? '"' : '\'',
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    semicolons: statements.length === 0 || withSemicolon * 2 >= statements.length,
    imports,
    topLevelNames,
  };
}
