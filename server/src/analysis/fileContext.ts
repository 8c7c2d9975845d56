// Everything known about one file while it is analysed: its tree, the nodes the single walk
// collected, and the memo tables of the binder. A FileContext lives for one analysis and is
// never shared between analyses, so nothing here outlives a call to `analyze`.
import ts from 'typescript';
import type { Settings } from '../config/settings';
import type { Catalog } from '../catalog';
import type { Loc, Span } from '../model';
import { Scopes } from './scope';
import type { FnRef, ClassRef, Val } from './values';
import type { WorkspaceIndex } from './workspaceIndex';

export type FunctionNode = ts.FunctionLikeDeclaration;

export interface AnalysisEnv {
  /** Memo for pure, expensive computations (cron enumeration) shared across analyses by the caller. */
  cache: Map<string, unknown>;
}

export function newEnv(): AnalysisEnv {
  return { cache: new Map() };
}

export class FileContext {
  readonly scopes = new Scopes();
  readonly memo = new Map<ts.Node, Val>();
  readonly active = new Set<ts.Node>();
  readonly functions = new Map<number, FunctionNode>();
  readonly classes = new Map<number, ts.ClassLikeDeclaration>();
  readonly calls: ts.CallExpression[] = [];
  readonly news: ts.NewExpression[] = [];
  readonly decorators: ts.Decorator[] = [];
  readonly loops: ts.Node[] = [];
  /** Assignments `name = value` to plain identifiers, by name. */
  readonly assignments = new Map<string, ts.BinaryExpression[]>();
  /** Assignments `this.name = value` inside each class. */
  readonly thisAssignments = new Map<ts.ClassLikeDeclaration, Map<string, ts.Expression[]>>();
  /**
   * Fields of each class that its methods write to: `this.count++`, `this.total += n`, `this.ready = true`,
   * `this.state.failures = …` (a write inside the field's value), by field name.
   */
  readonly thisFieldWrites = new Map<ts.ClassLikeDeclaration, Set<string>>();
  /** Assignments `name.prop = value` to properties of plain identifiers, by name. */
  readonly propAssignments = new Map<string, { target: ts.Identifier; prop: string; value: ts.Expression }[]>();
  /** `byThread[threadId] = …`: objects used as dictionaries, whose keys are known only at run time. */
  readonly computedAssignments = new Map<string, ts.Identifier[]>();
  /**
   * `this.messageQueues[url] = new MessageQueue(config)`: what a dictionary is filled with under
   * computed keys, by the text of the dictionary's expression.
   */
  readonly dictionaryFills = new Map<string, ts.Expression[]>();
  /**
   * `MessageQueue.prototype.addMessageToQueue = function (…) {…}` and `Bot.prototype = { send() {…} }`:
   * the methods a constructor function's instances have, by the constructor's name.
   */
  readonly prototypeMembers = new Map<string, Map<string, ts.Expression | ts.MethodDeclaration>>();
  /**
   * `list.push(x)`, `list.unshift(x)`, `list.splice(…)`, `fill(list)` by the list's name: the literal it
   * starts as is not its size.
   */
  readonly arrayGrowth = new Map<string, ts.Identifier[]>();
  /** CommonJS `module.exports = …` / `exports.name = …`. */
  readonly cjsExports: { name: string | undefined; value: ts.Expression }[] = [];
  readonly lineStarts: readonly number[];
  /** Every comment in the file, by start offset. */
  readonly comments = new Map<number, { start: number; end: number; text: string }>();

  constructor(
    readonly file: string,
    readonly text: string,
    readonly sf: ts.SourceFile,
    readonly settings: Settings,
    readonly catalog: Catalog,
    readonly index: WorkspaceIndex,
    readonly env: AnalysisEnv,
  ) {
    this.lineStarts = sf.getLineStarts();
    this.walk();
  }

  /** The one walk over the tree: it records the nodes later phases need, nothing more. */
  private walk(): void {
    const text = this.text;
    const addComments = (ranges: ts.CommentRange[] | undefined) => {
      for (const r of ranges ?? []) if (!this.comments.has(r.pos)) this.comments.set(r.pos, { start: r.pos, end: r.end, text: text.slice(r.pos, r.end) });
    };
    const visit = (node: ts.Node): void => {
      addComments(ts.getLeadingCommentRanges(text, node.pos));
      addComments(ts.getTrailingCommentRanges(text, node.end));
      switch (node.kind) {
        case ts.SyntaxKind.CallExpression:
          this.calls.push(node as ts.CallExpression);
          this.recordGrowth(node as ts.CallExpression);
          break;
        case ts.SyntaxKind.NewExpression:
          this.news.push(node as ts.NewExpression);
          break;
        case ts.SyntaxKind.Decorator:
          this.decorators.push(node as ts.Decorator);
          break;
        case ts.SyntaxKind.ForStatement:
        case ts.SyntaxKind.ForOfStatement:
        case ts.SyntaxKind.ForInStatement:
        case ts.SyntaxKind.WhileStatement:
        case ts.SyntaxKind.DoStatement:
          this.loops.push(node);
          break;
        case ts.SyntaxKind.BinaryExpression:
          this.recordAssignment(node as ts.BinaryExpression);
          if (isAssignmentOperator((node as ts.BinaryExpression).operatorToken.kind)) this.recordFieldWrite((node as ts.BinaryExpression).left);
          break;
        case ts.SyntaxKind.PrefixUnaryExpression:
        case ts.SyntaxKind.PostfixUnaryExpression: {
          const u = node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;
          if (u.operator === ts.SyntaxKind.PlusPlusToken || u.operator === ts.SyntaxKind.MinusMinusToken) this.recordFieldWrite(u.operand);
          break;
        }
        default:
          break;
      }
      if (ts.isFunctionLike(node) && (node as FunctionNode).body !== undefined) this.functions.set(node.pos, node as FunctionNode);
      if (ts.isClassLike(node)) this.classes.set(node.pos, node);
      ts.forEachChild(node, visit);
    };
    visit(this.sf);
    addComments(ts.getLeadingCommentRanges(text, this.sf.endOfFileToken.pos));
  }

  private recordGrowth(call: ts.CallExpression): void {
    const callee = call.expression;
    // `const results = []; scoreChunks(content, results); return results`: a list handed to one of
    // the project's functions may be filled there (library calls such as `console.log(list)` are not).
    if (ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword)) {
      for (const arg of call.arguments) if (ts.isIdentifier(arg)) this.addGrowth(arg.text, arg);
      return;
    }
    // `services.set(config.type, createService(config))`: a Map filled under keys known at run time,
    // read back with `services.get(type)` as a dictionary is with `queues[url]`.
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'set' && call.arguments.length === 2) {
      const key = dictionaryKey(callee.expression, this.sf);
      const fills = this.dictionaryFills.get(key) ?? [];
      fills.push(call.arguments[1]);
      this.dictionaryFills.set(key, fills);
      return;
    }
    if (!ts.isPropertyAccessExpression(callee) || !/^(push|unshift|splice)$/.test(callee.name.text)) return;
    const list = callee.expression;
    // `rows.push(row)` under `rows`; `state.rows.push(row)` under `state.rows`, with `state` to resolve.
    const [key, base] = ts.isIdentifier(list) ? [list.text, list]
      : ts.isPropertyAccessExpression(list) && ts.isIdentifier(list.expression) ? [`${list.expression.text}.${list.name.text}`, list.expression]
        : [undefined, undefined];
    if (key && base) this.addGrowth(key, base);
  }

  private addPrototypeMember(ctor: string, name: string, value: ts.Expression | ts.MethodDeclaration): void {
    let members = this.prototypeMembers.get(ctor);
    if (!members) this.prototypeMembers.set(ctor, (members = new Map()));
    members.set(name, value);
  }

  private addGrowth(key: string, base: ts.Identifier): void {
    const growth = this.arrayGrowth.get(key) ?? [];
    growth.push(base);
    this.arrayGrowth.set(key, growth);
  }

  /** `this.count++`, `this.total += n`, `this.state.failures = x`, `this.ready = true`, outside the constructor. */
  private recordFieldWrite(target: ts.Expression): void {
    let e: ts.Expression = target;
    while ((ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) && e.expression.kind !== ts.SyntaxKind.ThisKeyword) e = e.expression;
    if (!ts.isPropertyAccessExpression(e) || e.expression.kind !== ts.SyntaxKind.ThisKeyword) return;
    // Set up once in the constructor, a field is as constant as its initializer.
    if (ts.isConstructorDeclaration(ts.findAncestor(target, ts.isFunctionLike) ?? target)) return;
    const cls = enclosingClass(target);
    if (!cls) return;
    let names = this.thisFieldWrites.get(cls);
    if (!names) this.thisFieldWrites.set(cls, (names = new Set()));
    names.add(e.name.text);
  }

  private recordAssignment(node: ts.BinaryExpression): void {
    if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
    const left = node.left;
    if (ts.isElementAccessExpression(left) && !ts.isStringLiteralLike(left.argumentExpression) && !ts.isNumericLiteral(left.argumentExpression)) {
      const key = dictionaryKey(left.expression, this.sf);
      const fills = this.dictionaryFills.get(key) ?? [];
      fills.push(node.right);
      this.dictionaryFills.set(key, fills);
    }
    if (ts.isIdentifier(left)) {
      const list = this.assignments.get(left.text) ?? [];
      list.push(node);
      this.assignments.set(left.text, list);
    } else if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = enclosingClass(node);
      if (!cls) return;
      let byName = this.thisAssignments.get(cls);
      if (!byName) this.thisAssignments.set(cls, (byName = new Map()));
      const list = byName.get(left.name.text) ?? [];
      list.push(node.right);
      byName.set(left.name.text, list);
    } else if (ts.isElementAccessExpression(left) && ts.isIdentifier(left.expression) && !ts.isStringLiteralLike(left.argumentExpression) && !ts.isNumericLiteral(left.argumentExpression)) {
      const list = this.computedAssignments.get(left.expression.text) ?? [];
      list.push(left.expression);
      this.computedAssignments.set(left.expression.text, list);
    } else if (ts.isPropertyAccessExpression(left)) {
      const target = left.expression;
      if (ts.isPropertyAccessExpression(target) && target.name.text === 'prototype' && ts.isIdentifier(target.expression)) {
        this.addPrototypeMember(target.expression.text, left.name.text, node.right);
        return;
      }
      if (left.name.text === 'prototype' && ts.isIdentifier(target) && ts.isObjectLiteralExpression(node.right)) {
        for (const p of node.right.properties) {
          const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
          if (!name) continue;
          if (ts.isPropertyAssignment(p)) this.addPrototypeMember(target.text, name, p.initializer);
          else if (ts.isMethodDeclaration(p)) this.addPrototypeMember(target.text, name, p);
        }
        return;
      }
      // module.exports = …, module.exports.x = …, exports.x = …
      if (ts.isIdentifier(target) && target.text === 'module' && left.name.text === 'exports') {
        this.cjsExports.push({ name: undefined, value: node.right });
      } else if (ts.isIdentifier(target) && target.text === 'exports') {
        this.cjsExports.push({ name: left.name.text, value: node.right });
      } else if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression)
        && target.expression.text === 'module' && target.name.text === 'exports') {
        this.cjsExports.push({ name: left.name.text, value: node.right });
      } else if (ts.isIdentifier(target)) {
        const list = this.propAssignments.get(target.text) ?? [];
        list.push({ target, prop: left.name.text, value: node.right });
        this.propAssignments.set(target.text, list);
      }
    }
  }

  fnRef(node: FunctionNode): FnRef {
    return { file: this.file, pos: node.pos, name: functionName(node) };
  }

  classRef(node: ts.ClassLikeDeclaration): ClassRef {
    return { file: this.file, pos: node.pos, name: node.name?.text ?? '<anonymous class>' };
  }

  span(node: ts.Node): Span {
    return { start: node.getStart(this.sf), end: node.getEnd() };
  }

  loc(node: ts.Node): Loc {
    return this.locOf(this.span(node));
  }

  locOf(span: Span): Loc {
    return { file: this.file, span, start: this.position(span.start), end: this.position(span.end) };
  }

  position(offset: number): { line: number; character: number } {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  }

  loopId(node: ts.Node): string {
    return `${this.file}#${node.pos}`;
  }

  /** Whether the loop with this id (see loopId) lies inside `node` of this file. */
  loopWithin(loop: string, node: ts.Node): boolean {
    const prefix = `${this.file}#`;
    const pos = loop.startsWith(prefix) ? Number(loop.slice(prefix.length)) : NaN;
    return pos >= node.pos && pos < node.end;
  }
}

export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isClassLike(n)) return n;
  }
  return undefined;
}

/**
 * The parameters a caller's arguments fill: TypeScript's `this: Ctx` pseudo-parameter (n8n nodes,
 * `function (this: Window)`) comes first in the AST but takes no argument.
 */
export function callParameters(fn: ts.SignatureDeclaration): readonly ts.ParameterDeclaration[] {
  const first = fn.parameters[0];
  return first && ts.isIdentifier(first.name) && first.name.text === 'this' ? fn.parameters.slice(1) : fn.parameters;
}

/** A readable name for a function: its own name, the variable or property it is assigned to, or "<anonymous>". */
export function functionName(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name && (ts.isIdentifier(named.name) || ts.isPrivateIdentifier(named.name) || ts.isStringLiteral(named.name))) {
    const own = named.name.text;
    const cls = ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessor(node) ? enclosingClass(node) : undefined;
    return cls?.name ? `${cls.name.text}.${own}` : own;
  }
  if (ts.isConstructorDeclaration(node)) {
    const cls = enclosingClass(node);
    return `${cls?.name?.text ?? '<class>'}.constructor`;
  }
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && (ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name))) return parent.name.text;
  if (parent && ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) {
    const cls = enclosingClass(parent);
    return cls?.name ? `${cls.name.text}.${parent.name.text}` : parent.name.text;
  }
  if (parent && ts.isBinaryExpression(parent) && ts.isPropertyAccessExpression(parent.left)) return parent.left.name.text;
  if (parent && ts.isBinaryExpression(parent) && ts.isIdentifier(parent.left)) return parent.left.text;
  return '<anonymous>';
}

/** `this.messageQueues`, `queues`: a dictionary's expression as text without spaces, to match its reads. */
export function dictionaryKey(e: ts.Expression, sf: ts.SourceFile): string {
  return e.getText(sf).replace(/\s+/g, '');
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}
