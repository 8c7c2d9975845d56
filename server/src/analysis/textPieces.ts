// Lists of the pieces of one text: a long reply split to fit a message size limit
// (`for (let i = 0; i < text.length; i += 4096) chunks.push(text.slice(i, i + 4096))`, or lines
// gathered into pieces). A loop sending them sends one message's worth, a few pieces, not one
// per record of some table; the bound says so instead of assuming the default list size.
import ts from 'typescript';
import type { Scopes } from './scope';
import { unwrapValue } from './unwrap';

const TEXT_NAME = /text|message|msg|content|body|reply|answer|markdown|output|response|str|html|summary|prompt|caption|remaining|rest|current|chunk|piece|part|buffer|line/i;
const PIECE_METHODS = new Set(['slice', 'substring', 'substr', 'trim', 'trimEnd', 'trimStart']);

/**
 * Whether every `list.push(…)` of a list declared empty adds a piece of a string (`text.slice(i, i + n)`,
 * the rest of it, a line buffer), and no push runs once per element of some other collection.
 */
export function pushesPiecesOfText(pushTargets: ts.Identifier[], decl: ts.VariableDeclaration, scopes: Scopes): boolean {
  if (!pushTargets.length) return false;
  return pushTargets.every((target) => {
    const access = target.parent;
    const call = access?.parent;
    if (!access || !ts.isPropertyAccessExpression(access) || access.name.text !== 'push' || !call || !ts.isCallExpression(call)) return false;
    if (!call.arguments.length || !call.arguments.every((a) => isPieceOfText(a, scopes))) return false;
    return !pushedPerElement(call, decl, scopes);
  });
}

function isPieceOfText(e: ts.Expression, scopes: Scopes): boolean {
  e = unwrapValue(e);
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && PIECE_METHODS.has(e.expression.name.text)) {
    return isStringLike(e.expression.expression, scopes);
  }
  return isStringLike(e, scopes);
}

function isStringLike(e: ts.Expression, scopes: Scopes): boolean {
  e = unwrapValue(e);
  if (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e)) return true;
  if (ts.isPropertyAccessExpression(e)) return TEXT_NAME.test(e.name.text);
  if (!ts.isIdentifier(e)) return false;
  const decl = scopes.resolve(e);
  if (decl && (ts.isParameter(decl) || ts.isVariableDeclaration(decl))) {
    if (decl.type) return decl.type.kind === ts.SyntaxKind.StringKeyword;
    const init = decl.initializer;
    if (init && (ts.isStringLiteralLike(init) || ts.isTemplateExpression(init))) return true;
  }
  return TEXT_NAME.test(e.text);
}

/**
 * A push inside a for-of, for-in or array callback over something other than the text's own lines
 * adds one piece per element (`for (const u of users) names.push(u.name.slice(0, 20))`).
 */
function pushedPerElement(call: ts.CallExpression, decl: ts.VariableDeclaration, scopes: Scopes): boolean {
  const home = decl.parent.parent.parent;
  for (let n: ts.Node = call.parent; n && n !== home && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isForOfStatement(n) && !isSplitOfText(n.expression, scopes)) return true;
    if (ts.isForInStatement(n)) return true;
    if (ts.isFunctionLike(n)) {
      const holder = n.parent;
      if (ts.isCallExpression(holder) && ts.isPropertyAccessExpression(holder.expression) && !isSplitOfText(holder.expression.expression, scopes)) return true;
      if (!ts.isCallExpression(holder)) return true;
    }
  }
  return false;
}

/** `text.split('\n')`, `reply.split(/\n\n/)`: the lines or paragraphs of one text. */
function isSplitOfText(e: ts.Expression, scopes: Scopes): boolean {
  e = unwrapValue(e);
  if (ts.isIdentifier(e)) {
    // `const lines = text.split('\n'); for (const line of lines) …`
    const decl = scopes.resolve(e);
    return !!decl && ts.isVariableDeclaration(decl) && !!decl.initializer && isSplitOfText(decl.initializer, scopes);
  }
  return ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'split' && isStringLike(e.expression.expression, scopes);
}

/** `text.match(/[\s\S]{1,4000}/g)`, `msg.match(/.{1,2000}/gs)`: a string cut into pieces of at most N characters. */
export function splitsIntoPieces(pattern: ts.Expression | undefined, receiver: ts.Expression, scopes: Scopes): boolean {
  if (!pattern || !ts.isRegularExpressionLiteral(pattern)) return false;
  const m = /^\/(.*)\/([a-z]*)$/s.exec(pattern.text);
  return !!m && m[2].includes('g') && /\{1,\s*\d+\}/.test(m[1]) && isStringLike(receiver, scopes);
}
