// The model of one file: the binder plus the facts built on it (what each call means, the
// segment of steps around it, loop information, function summaries, call sites, schedules).
// Other files reach it through the WorkspaceIndex for exports and summaries; everything is
// computed on demand and memoised for the lifetime of one analysis.
import ts from 'typescript';
import { CHAT_REPLY_OPTION_SET } from './facts/apiOp';
import { CHAT_NAME, OTHER_MESSENGER } from '../providers/googleChat';
import type { Loc, Span } from '../model';
import { Binder } from './binder';
import { functionName, type FileContext, type FunctionNode } from './fileContext';
import { LIBRARIES } from './libraries';
import { handleOf, modulePath, prop } from './library';
import { HOLE, UNKNOWN, dependsOnParams, hasParamDefault, withDefaults, isRequestQuery, isUnknown, literal, nameWords, numberOf, sameFn, str, substitute, type FnRef, type InjectedMethod, type Val } from './values';
import { foldersUpToProjectRoot, type FileModelApi } from './workspaceIndex';
import type { ApiOp, ClientRetry, Via } from './facts/apiOp';
import { classifyCall, functionOfList, overruledByPassedUrl, type Closure, type Meaning, type MeaningContext } from './facts/meaning';
import { isPAll } from './libraries/limiters';
import { armsForLater, computeSegment, calledWithThis, calleeOf, isCredentialGetter, inlineUse, poolLabel, type Segment } from './facts/segments';
import { statementLoopInfo, type LoopInfo } from './facts/loops';
import { callbackRole } from './facts/roles';
import { pacingOf, sleepMsOfFunction } from './facts/delays';
import { admitEffect, reachedOverHttp, substituteEffect, type DelayInfo, type Effect, type Summary, type ViaCall } from './facts/summaries';
import { expandPerEntry } from './facts/perEntry';
import type { InvocationStep, LoopStep, Step, Trigger } from './facts/steps';
import { axiosOriginOf } from '../providers/http';
import { iterationLoopInfo } from './facts/loops';
import { callsParameter, isEventParameter, returnsCallerOfParameter } from './facts/injected';
import { contradicts, guardHolds, guardsOf, undecidedProviderChoice, type Guard } from './facts/guards';
import { gatedByClock, isClockGuard } from './facts/clockGates';
import { midwayTrigger } from './facts/midwayTriggers';
import { isScriptEntryCall, scriptEntryRunnerArguments } from './facts/entryPoints';
import { afterExit } from './facts/reachability';
import { unwrapValue } from './unwrap';
import { declaredScheduleTriggers } from './facts/scheduleTables';
import { alwaysAwaitedRoundTrips } from './facts/iterationWork';
import { routeFileEffects } from './vercelCrons';

export interface CallSiteFact {
  loc: Loc;
  provider: ApiOp['provider'];
  operation: string;
  httpMethod: string;
  via: Via;
  viaWrapper: string | null;
  /** The operation depends on the caller (a generic requester); reported so the inventory is complete. */
  generic?: boolean;
  /** How many wrapper calls lie between this site and the API call (0 for the API call itself). */
  depth: number;
  op?: ApiOp;
}

/** Express, Koa-router, Hono and Fastify register a route handler with these methods. */
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all']);

/** An effect together with where it was evaluated from (its top-level owner). */
export interface RootedEffect {
  effect: Effect;
  ownerName: string;
}

interface EffectWithExit extends Effect {
  /** Whether the owner's completion waits for this call. */
  exitAwaited?: boolean;
  /** Other calls the function awaits on its way to this effect's call. */
  exitOtherAwaits?: number;
}

/** A function written inline as an argument; `event` when the callee's parameter is an event handler. */
interface InlineCallback {
  span: Span;
  event: boolean;
}

const MAX_INSTANTIATION_DEPTH = 6;


/**
 * A doc comment that names Google Chat and no other messenger (`@param webhookUrl - Google Chat
 * webhook URL`, or line comments right above the function: `// HELPER: Google Chat Webhook Function`):
 * the code's own statement of where a configured URL points. One that lists several messengers
 * belongs to a multi-channel sender and says nothing about a particular call.
 */
function documentedService(nodes: ts.Node[], sf: ts.SourceFile): string | undefined {
  const text = nodes.flatMap((n) => [...ts.getJSDocCommentsAndTags(n).map((d) => d.getText()), ...leadingLineComments(n, sf)]).join('\n');
  return CHAT_NAME.test(text) && !OTHER_MESSENGER.test(text) ? 'Google Chat (doc comment)' : undefined;
}

/** The `//` comments written right above a declaration (above `const send = async () => …` for an arrow function). */
function leadingLineComments(node: ts.Node, sf: ts.SourceFile): string[] {
  let decl: ts.Node = node;
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isVariableDeclaration(node.parent)
    && ts.isVariableDeclarationList(node.parent.parent) && ts.isVariableStatement(node.parent.parent.parent)) decl = node.parent.parent.parent;
  const ranges = ts.getLeadingCommentRanges(sf.text, decl.getFullStart()) ?? [];
  return ranges.filter((r) => r.kind === ts.SyntaxKind.SingleLineCommentTrivia).map((r) => sf.text.slice(r.pos, r.end));
}

/**
 * `url.searchParams.set('messageReplyOption', …)` before posting to a URL from the caller: only
 * Google Chat webhooks take that option, so the function posts to one.
 */
const SETS_CHAT_REPLY_OPTION = /searchParams\s*\.\s*(set|append)\(\s*['"`]messageReplyOption['"`]/;

export class FileModel implements FileModelApi {
  readonly binder: Binder;
  readonly meaningContext: MeaningContext;
  private readonly meanings = new Map<ts.Node, Meaning>();
  private readonly segments = new Map<ts.Node, Segment>();
  private readonly loopInfos = new Map<ts.Node, LoopInfo>();
  private readonly replyOptionSetters = new Map<ts.Node, boolean>();
  private readonly summaries = new Map<ts.Node, Summary>();
  private readonly summaryActive = new Set<ts.Node>();
  /** The owners being summarised, outermost first, and the shallowest of them a summary in progress asked for. */
  private readonly summaryStack: ts.Node[] = [];
  private lowestActiveHit = Infinity;
  private readonly delayInfos = new Map<ts.Node, DelayInfo>();
  private readonly delayActive = new Set<ts.Node>();
  private readonly exportMemo = new Map<string, Val>();
  private owned?: Map<ts.Node, (ts.CallExpression | ts.NewExpression)[]>;
  private buildingOwned = false;
  private instantiationDepth = 0;
  /** Functions of this file invoked somewhere in this file (directly, by reference, or by a decorator trigger). */
  readonly invoked = new Set<ts.Node>();
  readonly callSites = new Map<string, CallSiteFact>();
  private recursiveTimerMemo: Map<FunctionNode, Step> | undefined;
  private entryRunnerMemo: Set<number> | undefined;
  /**
   * Call sites in other files that only this file's calls make: a generic requester or an injected
   * function elsewhere, called here with a provider's URL. The workspace hands them to that file.
   */
  readonly foreignSites = new Map<string, CallSiteFact>();
  private readonly parameterCalls = new Map<string, boolean>();
  private readonly selfCallLocs = new Map<number, Loc[]>();
  private readonly resolvedSiteOps = new Map<string, Set<string>>();
  private readonly routeMemo = new Map<string, Effect[]>();

  private readonly memberOf = (v: Val, name: string): Val => this.binder.member(v, name);

  constructor(readonly ctx: FileContext) {
    this.binder = new Binder(ctx, LIBRARIES);
    let namesOnlyChat: boolean | undefined;
    const fileNamesOnlyChat = () => (namesOnlyChat ??= CHAT_NAME.test(ctx.text) && !OTHER_MESSENGER.test(ctx.text));
    this.meaningContext = { axiosRetries: this.findAxiosRetries(), wrappers: ctx.settings.wrappers, file: ctx.file, memberOf: this.memberOf, packageName: ctx.index.packageName?.(ctx.file), fileNamesOnlyChat };
  }

  // ---- FileModelApi (what other files ask) ----

  exportVal(name: string): Val {
    const cached = this.exportMemo.get(name);
    if (cached) return cached;
    this.exportMemo.set(name, UNKNOWN);
    const v = this.computeExport(name);
    this.exportMemo.set(name, v);
    return v;
  }

  selfCalls(fnPos: number): Loc[] {
    this.summary(fnPos);
    return this.selfCallLocs.get(fnPos) ?? [];
  }

  handlerEffects(name: string, request?: Val): Effect[] {
    const v = this.exportVal(name);
    // A request the caller knows (a cron's `?step=…`) decides the handler's branches on its query.
    const forRequest = (effects: Effect[], fn: FnRef) => (request ? this.instantiate(effects, fn, [request]) : effects);
    const direct = v.k === 'fn' ? forRequest(this.effectsOfFunction(v.ref), v.ref) : [];
    if (direct.some((e) => e.op)) return direct;
    // A handler wrapped where it is exported (`export const GET = withCronAuth(async () => …)`,
    // `export default defineEventHandler(…)`) runs the functions handed to the wrapper; the
    // closure the wrapper returns only calls its parameter.
    const out: Effect[] = [];
    const visit = (e: ts.Expression, depth: number): void => {
      if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) return visit(e.expression, depth);
      if (ts.isCallExpression(e)) { if (depth < 3) e.arguments.forEach((a) => visit(a, depth + 1)); return; }
      const inline = ts.isArrowFunction(e) || ts.isFunctionExpression(e) ? this.ctx.fnRef(e) : undefined;
      out.push(...(inline ? forRequest(this.effectsOfHandler(e), inline) : this.effectsOfHandler(e)));
    };
    const expr = this.exportedExpression(name);
    if (expr) visit(expr, 0);
    return out;
  }

  routeEffects(routePath: string): Effect[] {
    const out: Effect[] = [];
    for (const call of this.ctx.calls) {
      const callee = call.expression;
      if (!ts.isPropertyAccessExpression(callee) || !ROUTE_METHODS.has(callee.name.text)) continue;
      const [first, ...handlers] = call.arguments;
      if (!first || !ts.isStringLiteralLike(first) || first.text !== routePath) continue;
      for (const h of handlers) out.push(...this.effectsOfHandler(h));
    }
    return out;
  }

  scriptEffects(): Effect[] {
    return this.summaryOfOwner(this.ctx.sf).effects
      .filter((e) => !e.chain.some((s) => s.kind === 'trigger') && !e.guards?.some(undecidedProviderChoice));
  }

  scheduledHandlerEffects(): Effect[] {
    const exported = this.exportVal('default');
    const handler = exported.k === 'obj' ? exported.props.scheduled : undefined;
    const out: Effect[] = handler?.k === 'fn' ? [...this.effectsOfFunction(handler.ref)] : [];
    for (const call of this.ctx.calls) {
      const callee = call.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      const [event, listener] = call.arguments;
      if (name !== 'addEventListener' || !event || !ts.isStringLiteralLike(event) || event.text !== 'scheduled' || !listener) continue;
      if (!ts.isArrowFunction(listener) && !ts.isFunctionExpression(listener)) { out.push(...this.effectsOfHandler(listener)); continue; }
      // A callback written inline belongs to the code around it (it runs "here" for the summaries):
      // its calls are the effects of the enclosing code that start inside it.
      const inside = (loc: Loc) => loc.file === this.ctx.file && loc.span.start >= listener.getStart(this.ctx.sf) && loc.span.end <= listener.getEnd();
      const owner = [...(this.ownedCalls() ?? [])].find(([, calls]) => calls.includes(call))?.[0];
      for (const e of owner ? this.summaryOfOwner(owner as FunctionNode | ts.SourceFile).effects : []) {
        if (inside(e.site) || e.chain.some((s) => inside(s.loc))) out.push(e);
      }
    }
    return out;
  }

  /** A handler written inline (`async (req, res) => …`) or named (`handler`, an imported function). */
  private effectsOfHandler(e: ts.Expression): Effect[] {
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return this.summaryOfOwner(e).effects;
    const f = this.binder.eval(e);
    return f.k === 'fn' ? this.effectsOfFunction(f.ref) : [];
  }

  private effectsOfFunction(ref: FnRef): Effect[] {
    if (ref.file === this.ctx.file) return this.summary(ref.pos).effects;
    return this.ctx.index.model(ref.file)?.summary(ref.pos).effects ?? [];
  }

  /** The expression an export is initialised with (`export const GET = …`, `export default …`, `module.exports = …`). */
  private exportedExpression(name: string): ts.Expression | undefined {
    for (const s of this.ctx.sf.statements) {
      if (ts.isExportAssignment(s) && name === 'default') return s.expression;
      const exported = ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported || !ts.isVariableStatement(s)) continue;
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name) return d.initializer;
    }
    return this.ctx.cjsExports.find((e) => e.name === name || (e.name === undefined && name === 'default'))?.value;
  }

  returnOf(fnPos: number, args: Val[]): Val {
    const fn = this.ctx.functions.get(fnPos);
    return fn ? this.binder.returnOf(this.ctx.fnRef(fn), args) : UNKNOWN;
  }

  summary(fnPos: number): Summary {
    const fn = this.ctx.functions.get(fnPos);
    return fn ? this.summaryOfOwner(fn) : { effects: [] };
  }

  delayInfo(fnPos: number): DelayInfo | undefined {
    const fn = this.ctx.functions.get(fnPos);
    return fn ? this.delayInfoOf(fn) : undefined;
  }

  classMember(classPos: number, name: string, isStatic: boolean): Val {
    const cls = this.ctx.classes.get(classPos);
    return cls ? this.binder.classMember(this.ctx.classRef(cls), name, isStatic) : UNKNOWN;
  }

  constructorRef(classPos: number): FnRef | undefined {
    const cls = this.ctx.classes.get(classPos);
    return cls ? this.binder.constructorOf(this.ctx.classRef(cls)) : undefined;
  }

  prototypeObject(ctorName: string): Val | undefined {
    return this.binder.prototypeObject(ctorName);
  }

  callsParameter(fnPos: number, index: number, prop?: string): boolean {
    // Asked once per call inside each callback handed to the function: walk its body once.
    const key = `${fnPos}:${index}:${prop ?? ''}`;
    let calls = this.parameterCalls.get(key);
    if (calls === undefined) {
      const fn = this.ctx.functions.get(fnPos);
      calls = !!fn && callsParameter(fn, index, prop);
      this.parameterCalls.set(key, calls);
    }
    return calls;
  }

  isEventParameter(fnPos: number, index: number): boolean {
    const fn = this.ctx.functions.get(fnPos);
    return !!fn && isEventParameter(fn, index);
  }

  /** `isEventParameter` for a function anywhere in the workspace. */
  isEventParameterOf(ref: FnRef, index: number): boolean {
    if (ref.file === this.ctx.file) return this.isEventParameter(ref.pos, index);
    return this.ctx.index.model(ref.file)?.isEventParameter?.(ref.pos, index) ?? false;
  }

  returnsCallerOfParameter(fnPos: number, index: number): boolean {
    const fn = this.ctx.functions.get(fnPos);
    return !!fn && returnsCallerOfParameter(fn, index);
  }

  /** `returnsCallerOfParameter` for a function anywhere in the workspace. */
  returnsCallerOfParameterOf(ref: FnRef, index: number): boolean {
    if (ref.file === this.ctx.file) return this.returnsCallerOfParameter(ref.pos, index);
    return this.ctx.index.model(ref.file)?.returnsCallerOfParameter?.(ref.pos, index) ?? false;
  }

  /** `callsParameter` for a function anywhere in the workspace. */
  callsParameterOf(ref: FnRef, index: number, prop?: string): boolean {
    if (ref.file === this.ctx.file) return this.callsParameter(ref.pos, index, prop);
    return this.ctx.index.model(ref.file)?.callsParameter?.(ref.pos, index, prop) ?? false;
  }

  isInlineArgument(fnPos: number): boolean {
    const fn = this.ctx.functions.get(fnPos);
    return !!fn && isInlineArgument(fn);
  }

  assignedOn(receiver: string, prop: string): Val {
    for (const a of this.ctx.propAssignments.get(receiver) ?? []) {
      if (a.prop !== prop) continue;
      const v = this.binder.eval(a.value);
      if (!isUnknown(v)) return v;
    }
    return UNKNOWN;
  }

  private computeExport(name: string): Val {
    const sf = this.ctx.sf;
    for (const s of sf.statements) {
      const exported = ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      const isDefault = ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if (exported) {
        if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && ((isDefault && name === 'default') || s.name?.text === name)) {
          return ts.isFunctionDeclaration(s) ? { k: 'fn', ref: this.ctx.fnRef(s) } : { k: 'class', ref: this.ctx.classRef(s) };
        }
        if (ts.isVariableStatement(s)) {
          for (const d of s.declarationList.declarations) {
            if (ts.isIdentifier(d.name) && d.name.text === name) return this.binder.declaration(d, name);
            if (!ts.isIdentifier(d.name)) {
              for (const el of d.name.elements) {
                if (ts.isBindingElement(el) && ts.isIdentifier(el.name) && el.name.text === name) return this.binder.declaration(el, name);
              }
            }
          }
        }
        if (ts.isEnumDeclaration(s) && s.name.text === name) return this.binder.declaration(s, name);
      }
      if (ts.isExportAssignment(s) && name === 'default') return this.binder.eval(s.expression);
      if (ts.isExportDeclaration(s)) {
        const spec = s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined;
        if (s.exportClause && ts.isNamedExports(s.exportClause)) {
          for (const el of s.exportClause.elements) {
            if (el.name.text !== name) continue;
            const local = (el.propertyName ?? el.name).text;
            if (spec) return this.binder.moduleValue(spec, local);
            const id = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName : el.name;
            const decl = this.ctx.scopes.table(sf).get(id.text);
            return decl ? this.binder.declaration(decl, id.text) : UNKNOWN;
          }
        } else if (!s.exportClause && spec) {
          const v = this.binder.moduleValue(spec, name);
          if (v.k !== 'unknown') return v;
        }
      }
    }
    // CommonJS: module.exports = { … } / exports.name = …
    for (const e of this.ctx.cjsExports) {
      if (e.name === name) return this.binder.eval(e.value);
      if (e.name === undefined) {
        const v = this.binder.eval(e.value);
        if (name === 'default') return v;
        if (v.k === 'obj' && v.props[name]) return v.props[name];
        // `module.exports = new DingTalkBot()`: a singleton whose methods are the module's members.
        if (v.k === 'fn' || v.k === 'class' || v.k === 'instance') return this.binder.member(v, name);
        // `let config = prod ? require('./production') : require('./development'); module.exports = config`:
        // the chosen file's exports are this module's.
        if (v.k === 'module' && v.name.startsWith('file:') && v.path.length === 0) return this.binder.member(v, name);
      }
    }
    return UNKNOWN;
  }

  // ---- facts ----

  meaningOf(call: ts.CallExpression | ts.NewExpression): Meaning {
    let m = this.meanings.get(call);
    if (!m) {
      if (ts.isNewExpression(call)) {
        const ctor = this.binder.eval(call.expression);
        m = ctor.k === 'class' ? this.constructorMeaning(ctor.ref, call) : { m: 'none' };
      } else {
        const target = calledWithThis(call);
        const evaluated = this.binder.eval(target.callee);
        // `const send = require('./send'); send(text)` with `module.exports = send` in send.js.
        const callee = this.binder.cjsWholeExport(evaluated) ?? evaluated;
        const args = target.args.map((a) => this.binder.eval(a));
        m = classifyCall(this.meaningContext, callee, args, calleeText(call), this.enclosingNames(call));
      }
      this.meanings.set(call, m);
    }
    return m;
  }

  /**
   * The branch conditions a call runs under, up to its function. Undefined when one of them is
   * already decided against it (`if (MODE === 'wecom')` with a constant MODE). `kept` drops the
   * conditions that do not involve the function's parameters, as no caller can decide them;
   * `branches` keeps every equality test, on any value: they decide the callee's own
   * (`if (robotConfig.type === FEISHU) this.sendJSONByRobotConfig(robotConfig, …)`).
   */
  private guardsAt(call: ts.Node, seg: Segment): { kept: Guard[]; branches: Guard[] } | undefined {
    const all = guardsOf(call, seg.owner, (e) => (this.undecidedForBranches(e) ? UNKNOWN : this.binder.eval(e)));
    const kept: Guard[] = [];
    for (const g of all) {
      if (!guardHolds(g)) return undefined;
      if (dependsOnParams(g.subject) || g.values.some((v) => dependsOnParams(v)) || isClockGuard(g)) kept.push(g);
    }
    return { kept, branches: all.filter((g) => !g.test && g.values.length > 0) };
  }

  /**
   * Values a branch cannot be decided on, though the binder gives them one value:
   * - `const { testType = 'individual' } = await request.json()`: the default is what the value is when
   *   the request leaves it out, not what it is; a branch on it (`else if (testType === 'reminder')`) runs.
   * - `const status = draft ? 'draft' : sendNow ? 'sending' : 'scheduled'`: the binder takes the first
   *   branch it knows (right for URLs), but `if (status === 'sending')` can run.
   */
  private undecidedForBranches(e: ts.Expression): boolean {
    const value = unwrapValue(e);
    if (ts.isConditionalExpression(value)) return true;
    if (!ts.isIdentifier(value)) return false;
    const decl = this.ctx.scopes.resolve(value);
    if (!decl) return false;
    if (ts.isBindingElement(decl)) return decl.initializer !== undefined;
    if (!ts.isVariableDeclaration(decl)) return false;
    // `let key = ''; text.includes('早报') && (key = 'morning'); switch (key) …`: a variable assigned
    // again is whatever the run sets it to, whichever assignment the binder shows for its shape.
    if ((this.ctx.assignments.get(value.text) ?? []).some((a) => this.ctx.scopes.resolve(a.left as ts.Identifier) === decl)) return true;
    return !!decl.initializer && ts.isConditionalExpression(unwrapValue(decl.initializer));
  }

  /**
   * The name of the function around a call, for recognisers that fall back on names, and what the
   * doc comment of that function or of its class says it talks to (`/** Google Chat webhook client *\/`).
   */
  private enclosingNames(node: ts.Node): string[] | undefined {
    for (let n = node.parent; n; n = n.parent) {
      if (ts.isFunctionLike(n)) {
        // `new Promise((resolve) => request.post(…))`: the callback is anonymous, the function around it is not.
        const name = functionName(n);
        if (name !== '<anonymous>') {
          const cls = ts.isMethodDeclaration(n) || ts.isConstructorDeclaration(n) ? n.parent : undefined;
          const doc = documentedService([n, ...(cls ? [cls] : [])], this.ctx.sf);
          return [name, ...(doc ? [doc] : []), ...(this.setsChatReplyOption(n) ? [CHAT_REPLY_OPTION_SET] : [])];
        }
      }
    }
    return undefined;
  }

  /** Whether a function sets `messageReplyOption` on a URL; its text is read once, and only in files that mention the option. */
  private setsChatReplyOption(fn: ts.Node): boolean {
    if (!this.ctx.sf.text.includes('messageReplyOption')) return false;
    let sets = this.replyOptionSetters.get(fn);
    if (sets === undefined) {
      sets = SETS_CHAT_REPLY_OPTION.test(fn.getText(this.ctx.sf));
      this.replyOptionSetters.set(fn, sets);
    }
    return sets;
  }

  private constructorMeaning(ref: { file: string; pos: number }, call: ts.NewExpression): Meaning {
    if (ref.file !== this.ctx.file) return { m: 'none' };
    const cls = this.ctx.classes.get(ref.pos);
    const ctor = cls?.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
    if (!ctor) return { m: 'none' };
    return { m: 'invoke', fn: this.ctx.fnRef(ctor), args: (call.arguments ?? []).map((a) => this.binder.eval(a)) };
  }

  segmentOf(node: ts.Node): Segment {
    let s = this.segments.get(node);
    if (!s) {
      s = computeSegment(this, node);
      this.segments.set(node, s);
    }
    return s;
  }

  loopInfo(loop: ts.IterationStatement): LoopInfo {
    let info = this.loopInfos.get(loop);
    if (!info) {
      info = statementLoopInfo(this, loop);
      this.loopInfos.set(loop, info);
    }
    return info;
  }

  summaryOf(ref: FnRef): Summary & Partial<DelayInfo> | undefined {
    if (ref.file !== this.ctx.file) {
      const other = this.ctx.index.model(ref.file);
      if (!other) return undefined;
      const s = other.summary(ref.pos);
      const d = other.delayInfo(ref.pos);
      return { ...s, ...d };
    }
    const fn = this.ctx.functions.get(ref.pos);
    if (!fn) return undefined;
    return { ...this.summaryOfOwner(fn), ...this.delayInfoOf(fn) };
  }

  /** Delay facts of a function anywhere in the workspace (no effects needed, so no recursion into summaries). */
  delayInfoOfRef(ref: FnRef): DelayInfo | undefined {
    if (ref.file !== this.ctx.file) return this.ctx.index.model(ref.file)?.delayInfo(ref.pos);
    const fn = this.ctx.functions.get(ref.pos);
    return fn ? this.delayInfoOf(fn) : undefined;
  }

  delayInfoOf(fn: FunctionNode): DelayInfo {
    const cached = this.delayInfos.get(fn);
    if (cached) return cached;
    if (this.delayActive.has(fn) || !fn.body) return { ownDelayMs: 0 };
    this.delayActive.add(fn);
    try {
      const sleepMs = sleepMsOfFunction(this, fn);
      const pacing = sleepMs ? undefined : pacingOf(this, fn.body);
      const ownDelayMs = sleepMs ? numberOf(sleepMs) ?? 0 : pacing ?? 0;
      const info: DelayInfo = { ownDelayMs, sleepMs, roundTrips: alwaysAwaitedRoundTrips(this, fn.body) };
      if (!sleepMs && pacing === undefined) info.pacingUnknown = true;
      this.delayInfos.set(fn, info);
      return info;
    } finally {
      this.delayActive.delete(fn);
    }
  }

  /**
   * `module.exports = (pool, chatService) => { router.post('/send', async (req) => { await dispatch(req.body, chatService) }) }`:
   * a handler registered for later events that calls through a parameter of the function registering
   * it only means something once that function's callers pass the service. Its unresolved calls
   * join the registering function's summary (their chains end at the handler's trigger, so nothing
   * around the registration multiplies them); its resolved ones stay rooted at the handler.
   */
  private handlersRegisteredBy(owner: FunctionNode | ts.SourceFile): FunctionNode[] {
    if (!this.registeredHandlers) {
      const byOwner = new Map<ts.Node, FunctionNode[]>();
      for (const [handler, calls] of this.ownedCalls() ?? []) {
        if (!ts.isArrowFunction(handler) && !ts.isFunctionExpression(handler)) continue;
        const use = inlineUse(handler);
        if (use.kind !== 'callback' || !calls[0] || !this.segmentOf(calls[0]).top) continue;
        const registrar = this.segmentOf(use.call).owner;
        const list = byOwner.get(registrar) ?? [];
        list.push(handler);
        byOwner.set(registrar, list);
      }
      this.registeredHandlers = byOwner;
    }
    return this.registeredHandlers.get(owner) ?? [];
  }

  private registeredHandlers?: Map<ts.Node, FunctionNode[]>;

  /** Calls grouped by the function (or file) their segment ends at. */
  private ownedCalls(): Map<ts.Node, (ts.CallExpression | ts.NewExpression)[]> | undefined {
    if (!this.owned) {
      if (this.buildingOwned) return undefined;
      this.buildingOwned = true;
      const owned = new Map<ts.Node, (ts.CallExpression | ts.NewExpression)[]>();
      for (const c of [...this.ctx.calls, ...this.ctx.news]) {
        const owner = this.segmentOf(c).owner;
        const list = owned.get(owner) ?? [];
        list.push(c);
        owned.set(owner, list);
      }
      this.owned = owned;
      this.buildingOwned = false;
    }
    return this.owned;
  }

  summaryOfOwner(owner: FunctionNode | ts.SourceFile): Summary {
    const cached = this.summaries.get(owner);
    if (cached) return cached;
    const owned = this.ownedCalls();
    // Asked for while the calls are still being grouped (a segment needed a delay helper's
    // summary): answer without caching an incomplete result.
    if (!owned) return { effects: [] };
    if (this.summaryActive.has(owner)) {
      this.lowestActiveHit = Math.min(this.lowestActiveHit, this.summaryStack.indexOf(owner));
      return { effects: [] };
    }
    const depth = this.summaryStack.length;
    const outerLowest = this.lowestActiveHit;
    this.lowestActiveHit = Infinity;
    this.summaryActive.add(owner);
    this.summaryStack.push(owner);
    const effects: EffectWithExit[] = [];
    try {
      // Every call is visited even once the summary is full: its call sites are recorded on the way.
      for (const call of owned.get(owner) ?? []) this.effectsOfCall(call, effects);
      for (const handler of this.handlersRegisteredBy(owner)) {
        const own = this.ctx.fnRef(handler);
        for (const e of this.summaryOfOwner(handler).effects) {
          if (e.template && usesParametersOfOthers(e.template, own)) admitEffect(effects, e);
        }
      }
    } finally {
      this.summaryActive.delete(owner);
      this.summaryStack.pop();
    }
    const s = { effects };
    // `scan() { …; setTimeout(main, 5000) }` with `main() { scan() }`: asked for `main` while `scan`
    // is being summarised, `main` sees an empty `scan`. Such a result is not kept; it is recomputed
    // once `scan` is complete. (Recursion into the function itself is complete: it adds nothing new.)
    const incomplete = this.lowestActiveHit < depth;
    this.lowestActiveHit = Math.min(outerLowest, this.lowestActiveHit);
    if (incomplete) return s;
    this.summaries.set(owner, s);
    if (!ts.isSourceFile(owner)) this.recordRecursiveSites(owner, owned.get(owner) ?? [], effects);
    return s;
  }

  /**
   * `const getAllReports = (cursor) => api.getReport(cursor).then((r) => r.has_more && getAllReports(r.next_cursor))`:
   * the recursive call could not see the summary it is part of; it calls what the function calls.
   */
  private recordRecursiveSites(fn: FunctionNode, calls: (ts.CallExpression | ts.NewExpression)[], effects: Effect[]): void {
    const self = this.ctx.fnRef(fn);
    // Callees whose summary was asked for during this one's and could not be kept.
    const cutShort = (ref: FnRef) => { const node = this.ctx.functions.get(ref.pos); return !!node && !this.summaries.has(node) && !this.summaryActive.has(node); };
    const partners = calls.flatMap((call) => { const m = this.meaningOf(call); return m.m === 'invoke' && m.fn.file === self.file && m.fn.pos !== self.pos && cutShort(m.fn) ? [{ call, fn: m.fn }] : []; });
    for (const { call, fn: callee } of partners) this.recordMutuallyRecursiveSite(call, callee);
    for (const call of calls) {
      const meaning = this.meaningOf(call);
      if (meaning.m !== 'invoke' || meaning.fn.file !== self.file || meaning.fn.pos !== self.pos) continue;
      if (this.forwardsItsRequest(call, self)) {
        const locs = this.selfCallLocs.get(fn.pos) ?? [];
        locs.push(this.ctx.loc(calleeOf(call)));
        this.selfCallLocs.set(fn.pos, locs);
      }
      for (const e of effects) {
        if (e.op && reachesDirectly(e) && sitesAtCallsOf(e, self.name)) this.recordSite(this.ctx.loc(calleeOf(call)), e.op, self.name, 1);
      }
    }
  }

  /**
   * `sendMessage() { … on failure: await this.scheduleRetry(…) }` with `scheduleRetry() { await delay(); return this.sendMessage(…) }`:
   * asked for while `sendMessage` was being summarised, `scheduleRetry` saw an empty `sendMessage`
   * and was not kept. Now that `sendMessage` is complete, the call of `scheduleRetry` calls what it does.
   */
  private recordMutuallyRecursiveSite(call: ts.CallExpression | ts.NewExpression, callee: FnRef): void {
    const node = this.ctx.functions.get(callee.pos);
    if (!node) return;
    for (const e of this.summaryOfOwner(node).effects) {
      if (e.op && reachesDirectly(e) && sitesAtCallsOf(e, callee.name)) this.recordSite(this.ctx.loc(calleeOf(call)), e.op, callee.name, 1);
    }
  }

  /**
   * `const getHtml = params.getHtml ?? fetchWithOxylabs; await getHtml(url)`: the caller may pass its
   * own function, but unless it does the default runs, so the line is a call site of what the default
   * calls. (The rates still follow each caller's argument.)
   */
  private recordDefaultProviderSites(siteLoc: Loc, callee: Val): void {
    if (callee.k !== 'param' || callee.fallback?.k !== 'fn') return;
    const fallback = callee.fallback.ref;
    for (const e of this.summaryOf(fallback)?.effects ?? []) {
      if (e.op && reachesDirectly(e) && sitesAtCallsOf(e, fallback.name)) this.recordSite(siteLoc, e.op, fallback.name, 1);
    }
  }

  /**
   * `fetch(webhookUrl || process.env.GOOGLE_CHAT_WEBHOOK_URL, …)`: a caller may name its own URL, but
   * the function posts to the setting when it does not, so the line is a call site of that API.
   * (The rates still follow each caller's argument.)
   */
  private recordDefaultDestinationSite(call: ts.CallExpression | ts.NewExpression, siteLoc: Loc, target: { callee: ts.Expression; args: readonly ts.Expression[] }): void {
    const args = target.args.map((a) => this.binder.eval(a));
    if (!args.some((a) => hasParamDefault(a))) return;
    const meaning = classifyCall(this.meaningContext, withDefaults(this.binder.eval(target.callee)), args.map((a) => withDefaults(a)), calleeText(call), this.enclosingNames(call));
    if (meaning.m === 'api') this.recordSite(siteLoc, meaning.op, null, 0);
  }

  private effectsOfCall(call: ts.CallExpression | ts.NewExpression, out: EffectWithExit[]): void {
    const seg = this.segmentOf(call);
    const meaning = this.meaningOf(call);
    const siteLoc = this.ctx.loc(calleeOf(call));
    const conditions = meaning.m === 'none' ? { kept: [], branches: [] } : this.guardsAt(call, seg);
    if (conditions === undefined) return;
    const guards = conditions.kept;
    if (afterExit(call, seg.owner)) {
      // Written there, run for nobody: a call site that adds nothing to the function's calls.
      if (meaning.m === 'api') this.recordSite(siteLoc, meaning.op, null, 0);
      if (meaning.m === 'invoke') this.invokeInto(meaning.fn, meaning.args, siteLoc, invokedName(meaning.fn, call.expression), [], seg, [], { context: this.enclosingNames(call), ctor: meaning.ctor });
      return;
    }
    if (meaning.m === 'api') {
      admitEffect(out, { op: meaning.op, site: siteLoc, callSpan: this.ctx.span(call), chain: [...seg.steps], via: [], exitAwaited: seg.exitAwaited, exitOtherAwaits: seg.exitOtherAwaits, cached: seg.cached, onFailure: seg.onFailure, armed: seg.armed, guards });
      // A function declared in quota-lint.json as calling the API is a wrapper we cannot see into.
      const declared = meaning.op.client.endsWith(' (declared)') ? meaning.op.client.slice(0, -' (declared)'.length) : null;
      this.recordSite(siteLoc, meaning.op, declared, declared ? 1 : 0);
    } else if (meaning.m === 'template') {
      const target = calledWithThis(call);
      admitEffect(out, { template: { callee: this.binder.eval(target.callee), args: target.args.map((a) => this.binder.eval(a)), calleeName: calleeText(call) }, site: siteLoc, callSpan: this.ctx.span(call), chain: [...seg.steps], via: [], exitAwaited: seg.exitAwaited, exitOtherAwaits: seg.exitOtherAwaits, cached: seg.cached, onFailure: seg.onFailure, armed: seg.armed, guards });
      if (meaning.generic) {
        this.recordGeneric(siteLoc, meaning.generic.provider, meaning.generic.httpMethod);
      }
      this.recordDefaultProviderSites(siteLoc, meaning.callee);
      this.recordDefaultDestinationSite(call, siteLoc, target);
    } else if (meaning.m === 'invoke') {
      const name = invokedName(meaning.fn, call.expression);
      const extra: Step[] = meaning.limiter ? [{
        kind: 'limiter', loc: siteLoc, library: meaning.limiter.library, limit: meaning.limiter.limit,
        intervalMs: meaning.limiter.intervalMs, concurrency: meaning.limiter.concurrency, innerAwaited: true,
      }] : [];
      const isCall = !isScriptEntryCall(call, meaning.fn.file === this.ctx.file);
      const callbacks = (call.arguments ?? []).flatMap((a, i) => (ts.isFunctionLike(a) ? [{ span: this.ctx.span(a), event: this.isEventParameterOf(meaning.fn, i) }] : []));
      this.invokeInto(meaning.fn, meaning.args, siteLoc, name, extra, seg, out, { isCall, callbacks, context: this.enclosingNames(call), guards, ctor: meaning.ctor, slot: meaning.slot, branches: conditions.branches });
    } else if (meaning.m === 'route') {
      this.requestRouteInto(meaning.path, meaning.method, { site: siteLoc, callSpan: this.ctx.span(call), chain: [...seg.steps], via: [], exitAwaited: seg.exitAwaited, exitOtherAwaits: seg.exitOtherAwaits, cached: seg.cached, onFailure: seg.onFailure, armed: seg.armed, guards }, out);
    } else if (meaning.m === 'invoke-any') {
      const context = this.enclosingNames(call);
      const choice = meaning.choice;
      // `STEPS[step]()` in `runStep(step)`: each entry runs only under its own name, which the
      // caller passing `step` decides (`runStep('digest')`); the line itself is the caller's
      // dispatch, not a call site. A key from the request's query is the outside world's to
      // say, and a cron's path supplies it.
      const keyedByCaller = !!choice && dependsOnParams(choice.key);
      // `for (const proxy of pageProxies) await proxy.run()` over entries written out in a table
      // (`run: () => fetchPageViaOxylabs(url)`): the calls are in the entries, and the line runs
      // whichever comes up, as a callback runner does; the function holding the table is the call
      // site, wherever it is called. A list of named functions tried in turn is called here.
      const callee = this.binder.eval(call.expression);
      const overTable = !choice && callee.k === 'loopvar'
        && meaning.fns.every((f) => { const local = f.ref.file === this.ctx.file ? this.ctx.functions.get(f.ref.pos) : undefined; return !!local && isInlineArgument(local); });
      const isCall = (!keyedByCaller || isRequestQuery(choice!.key)) && !overTable;
      const before = out.length;
      meaning.fns.forEach((fn, i) => {
        const own: Guard[] = keyedByCaller ? [{ subject: choice!.key, values: [str(choice!.names[i])], negate: false }] : [];
        this.invokeInto(fn.ref, meaning.args, siteLoc, invokedName(fn.ref, call.expression), [], seg, out, { context, guards: [...guards, ...own], isCall, ctor: fn.ctor });
      });
      onceEachPass(out, before, callee, meaning.fns.length);
    }
    // Functions passed by reference: `items.forEach(sendOne)`, `cron.schedule(expr, job)`.
    const args = call.arguments ?? [];
    args.forEach((arg, i) => {
      if (ts.isFunctionLike(arg)) return;
      // Called inside (`withCallback(urls, fetchPage)` runs `fetcher(u)` per url): the summary's
      // template already resolved it, with the callee's loops.
      if (meaning.m === 'invoke' && this.callsParameterOf(meaning.fn, i)) return;
      const v = this.binder.eval(arg);
      const throttled = handleOf(v, 'limit.throttled');
      // `tasks.map((t) => limit(t))` over thunks hands over each element; p-all takes the list itself.
      const listed = v.k === 'loopvar' || (i === 0 && isPAll(this.binder.eval(call.expression))) ? functionOfList(v) : undefined;
      const target = v.k === 'fn' ? v : throttled ? (throttled.fn as Val) : listed;
      if (!target || target.k !== 'fn') return;
      this.referenceInto(call, i, target.ref, arg, seg, out);
    });
  }

    /**
   * Instantiates the summary of `fn` for one invocation and extends its chains with the caller's
   * steps. A direct call of a function whose own body makes the API call is recorded as a call
   * site "via" that wrapper; calls of functions that only reach the API through further wrappers,
   * and functions merely passed by reference, are not (they are entry points, not API calls).
   */
  private invokeInto(
    fn: FnRef, args: Val[], loc: Loc, name: string, extra: Step[], seg: Segment, out: EffectWithExit[],
    opts: { isCall?: boolean; callbacks?: InlineCallback[]; context?: string[]; guards?: Guard[]; ctor?: Closure; slot?: InjectedMethod; branches?: Guard[] } = {},
  ): void {
    const { isCall = true, callbacks = [], context, guards = [], ctor, slot, branches = [] } = opts;
    const local = fn.file === this.ctx.file ? this.ctx.functions.get(fn.pos) : undefined;
    // Calling itself to go on (recursion.ts) does not make a function someone else's: it stays a top.
    if (local && seg.owner !== local) this.invoked.add(local);
    const summary = this.summaryOf(fn);
    if (!summary) return;
    const delayMs = summary.ownDelayMs ?? 0;
    const seen = new Set<string>();
    // `if (robotConfig.type === FEISHU) return this.sendJSONByRobotConfig(robotConfig, …)`: the
    // callee's DingTalk branch does not run for this call.
    const effects = this.instantiateCall(summary.effects, fn, args, ctor, context)
      .filter((e) => !branches.length || !e.guards?.some((g) => branches.some((b) => contradicts(g, b))));
    for (const inner of effects) {
      const step: InvocationStep = { kind: 'invocation', loc, callee: name, innerAwaited: (inner as EffectWithExit).exitAwaited ?? true, delayMs };
      const others = (inner as EffectWithExit).exitOtherAwaits;
      if (others) step.otherAwaits = others;
      const via = inner.justResolved ? inner.via : [...inner.via, { name, loc, ...(isCall ? { called: true } : {}) }];
      // A wrapper called behind a cache check (`if (this.token) return this.token; … await this.fetchOapi(gettokenUrl)`)
      // is as memoised as a direct call there.
      const cached = inner.cached || seg.cached || undefined;
      const cachedVia = inner.cached ? inner.cachedVia : seg.cached ? via.length : undefined;
      const onFailure = inner.onFailure || seg.onFailure || reportsFailure(name) || undefined;
      const armed = inner.armed || seg.armed || undefined;
      const effect: EffectWithExit = {
        ...inner, justResolved: undefined, chain: [...inner.chain, step, ...extra, ...seg.steps], via, exitAwaited: seg.exitAwaited, exitOtherAwaits: seg.exitOtherAwaits, cached, cachedVia, onFailure, armed,
        guards: guards.length ? [...(inner.guards ?? []), ...guards] : inner.guards,
        injected: slot ? [...(inner.injected ?? []), slot] : inner.injected,
      };
      // A summary past its budget drops the effect, but the call is a call site all the same (the
      // 250th call in a test calls the service as the first did).
      admitEffect(out, effect);
      // A function that only arms a timer for the call (`startWatch() { setTimeout(() => check(), 15000) }`) makes none itself.
      if (effect.op && isCall && !inner.armed && sitesAtCallsOf(inner, name) && (inner.via.length === 0 || reachesDirectly(inner)) && !this.madeInCallback(inner, callbacks)
        && !onlyRunsPassedFunction(inner, fn)
        && !inner.guards?.some(undecidedProviderChoice)) {
        const key = `${effect.op.provider}:${effect.op.operation}`;
        if (!seen.has(key)) {
          seen.add(key);
          this.recordSite(loc, effect.op, name, 1);
        }
        // Each path to the operation crosses its own wrappers (the pager's direct request, and its
        // hand-over to another pager): all of them are call sites of what this caller names.
        if (inner.justResolved) this.recordResolvedWrapperSites(fn, inner, effect.op);
      }
    }
  }

  /**
   * A pager asking for its next page passes its request on (`this.getUserLists(list, options, offset + 1)`);
   * a requester following a redirect builds a new one (`httpRequest({ hostname: next.hostname, … })`),
   * which goes wherever the response says.
   */
  private forwardsItsRequest(call: ts.CallExpression | ts.NewExpression, self: FnRef): boolean {
    return (call.arguments ?? []).every((a, i) => {
      const v = this.binder.eval(a);
      if (v.k === 'param' && v.path.length === 0 && sameFn(v.fn, self)) return v.index === i;
      return v.k !== 'obj' && v.k !== 'str';
    });
  }

  /**
   * `top() { mid(ORG_URL) }`, `mid(url) { return low(url) }`, `low(url) { return axios.post(url) }`: the
   * URL only becomes known here, so the wrappers' calls inside (`low(url)` in mid, and a pager's
   * call of itself for the next page) are call sites of what this caller reaches, like the outer one.
   */
  private recordResolvedWrapperSites(fn: FnRef, inner: Effect, op: ApiOp): void {
    this.recordCalledWrappers(inner.via, op, inner.chain);
    const model = fn.file === this.ctx.file ? this : this.ctx.index.model(fn.file);
    for (const loc of model?.selfCalls?.(fn.pos) ?? []) this.recordResolvedSite(loc, op, fn.name);
  }

  /**
   * The wrapper calls crossed on the way to an operation resolved only now: call sites of it too;
   * but not those outside a registration on the way (`app.use('/jobs', createJobsRouter(runtime))`
   * builds a router whose handlers enqueue work later: building it calls nothing).
   */
  private recordCalledWrappers(via: ViaCall[], op: ApiOp, chain: Step[]): void {
    const locKeyOf = (loc: Loc) => `${loc.file}:${loc.span.start}`;
    const trigger = chain.findIndex((st) => st.kind === 'trigger');
    const registered = new Set(trigger < 0 ? [] : chain.slice(trigger).flatMap((st) => (st.kind === 'invocation' ? [locKeyOf(st.loc)] : [])));
    for (const v of via) if (v.called && !registered.has(locKeyOf(v.loc))) this.recordResolvedSite(v.loc, op, v.name);
  }

  /**
   * A helper its callers use for one endpoint is that endpoint's wrapper; one they use for several
   * (`request(options)` for users and robots alike) is a generic requester, as the call inside it is.
   */
  private recordResolvedSite(loc: Loc, op: ApiOp, name: string): void {
    const key = `${loc.file}:${loc.span.start}:${op.provider}`;
    const ops = this.resolvedSiteOps.get(key) ?? new Set<string>();
    ops.add(op.operation);
    this.resolvedSiteOps.set(key, ops);
    if (ops.size === 1) { this.recordSite(loc, op, name, 1); return; }
    const sites = this.siteMap(loc);
    for (const operation of ops) sites.delete(`${key}:${operation}`);
    this.recordGeneric(loc, op.provider, op.httpMethod);
  }

  /**
   * `this.runWithTimeout('Walmart', () => this.walmartScraper.search(q), 15000)`: the API is reached
   * by a call written in the inline callback, which is the call site; the function that runs the
   * callback once (a timeout, retry or logging helper) is not one. One that runs it per item
   * (`fetchAll(urls, (url) => fetchPage(url))`) makes calls of its own, and is, unless the callback
   * is an event handler (`onToolCall`), run per event of the work rather than as the work.
   */
  private madeInCallback(effect: Effect, callbacks: InlineCallback[]): boolean {
    // A retry loop around the callback (`for (attempt…) { try { await handler(value); break } catch … }`)
    // runs it once, as far as the work goes.
    const perItem = effect.chain.some((s) => s.kind === 'loop' && s.role !== 'retry');
    const relevant = callbacks.filter((c) => c.event || !perItem);
    const within = (loc: Loc) => loc.file === this.ctx.file && relevant.some(({ span: c }) => c.start <= loc.span.start && loc.span.end <= c.end);
    return within(effect.site) || effect.via.some((v) => within(v.loc));
  }

  private referenceInto(call: ts.CallExpression | ts.NewExpression, argIndex: number, fn: FnRef, arg: ts.Expression, seg: Segment, out: EffectWithExit[]): void {
    const role = callbackRole(this, call, argIndex);
    if (role.role === 'wrapped' || role.role === 'injected') return;
    const loc = this.ctx.loc(arg);
    const steps: Step[] = [];
    let args: Val[] = [];
    if (role.role === 'iterate') {
      const info = iterationLoopInfo(this, call as ts.CallExpression, role.method, role.receiver ?? call);
      const step: LoopStep = {
        kind: 'loop', id: this.ctx.loopId(call), loc: this.ctx.loc(calleeOf(call)), loopKind: info.loopKind, bound: info.bound,
        mode: role.mode, concurrency: role.concurrency, pacingMs: 0, innerAwaited: true, over: info.over,
      };
      steps.push(step);
      args = [{ k: 'loopvar', loop: this.ctx.loopId(call), path: [] }];
    } else if (role.role === 'trigger') {
      steps.push({ kind: 'trigger', loc: this.ctx.loc(calleeOf(role.registration)), trigger: role.trigger });
    } else if (role.role === 'external') {
      steps.push({ kind: 'trigger', loc: this.ctx.loc(calleeOf(call)), trigger: { type: 'external', what: role.what, ...(role.cronOf && { cronOf: role.cronOf }) } });
    } else if (role.role === 'retry') {
      steps.push({ kind: 'retry', loc: this.ctx.loc(calleeOf(call)), library: role.library, innerAwaited: true, policy: role.policy });
    } else if (role.role === 'limiter') {
      steps.push({ kind: 'limiter', loc: this.ctx.loc(calleeOf(call)), library: role.settings.library, limit: role.settings.limit, intervalMs: role.settings.intervalMs, concurrency: role.settings.concurrency, innerAwaited: true });
    } else if (role.role === 'pool') {
      // `tasks.map((t) => limit(t))`: the pool bounds the fan-out around it, as `limit(() => …)` does.
      seg = boundedByPool(seg, role.concurrency ?? Infinity, role.library);
    } else if (role.role === 'timeout' && this.isRecursiveTimeout(call, fn)) {
      // Re-arming the enclosing function: handled as that function's trigger (recursiveTimers).
      return;
    } else if (role.role === 'timeout') {
      // `setTimeout(tick, 60_000)` starting a poller that re-arms itself: from here on it runs on its timer.
      const local = fn.file === this.ctx.file ? this.ctx.functions.get(fn.pos) : undefined;
      const timer = local && this.recursiveTimers().get(local);
      if (timer) steps.push(timer);
    }
    // `setTimeout(runCheck, 30000)`: the check is a later event, not a call its arming function makes.
    if (role.role === 'timeout' && armsForLater(this, role.msExpr)) seg = { ...seg, armed: true };
    const top = steps.some((s) => s.kind === 'trigger');
    // `batch.map(fetchOne)` calls fetchOne right there, once per item, as `batch.map((c) => fetchOne(c))`
    // does: a call site like any other. A timer, a route or a job queue calls it later, from elsewhere.
    this.invokeInto(fn, args, loc, invokedName(fn, arg), steps, top ? { ...seg, steps: [] } : seg, out, { isCall: role.role === 'iterate' });
  }

  /** `function poll() { …; setTimeout(poll, ms) }`: the timer re-arms the function that sets it. */
  private isRecursiveTimeout(call: ts.Node, fn: FnRef): boolean {
    for (let n: ts.Node | undefined = call.parent; n; n = n.parent) {
      if (ts.isFunctionLike(n) && n.pos === fn.pos && fn.file === this.ctx.file) return true;
    }
    return false;
  }

  /** A method called on an instance built with known arguments: its constructor's parameters are replaced too. */
  private instantiateCall(effects: Effect[], fn: FnRef, args: Val[], ctor: Closure | undefined, context?: string[]): Effect[] {
    const called = this.instantiate(effects, fn, args, context);
    if (!ctor) return called;
    return this.instantiate(called, ctor.ref, ctor.args, context).filter((e) => !this.madeByStandIn(e, ctor));
  }

  /**
   * `new ChannelProcessor(new DryRunChatAPI())`: the processor's calls through its injected service
   * go to the stand-in it was built with, whose method makes no request.
   */
  private madeByStandIn(effect: Effect, ctor: Closure): boolean {
    return (effect.injected ?? []).some((slot) => {
      if (!sameFn(slot.ctor, ctor.ref)) return false;
      const passed = ctor.args[slot.index];
      if (!passed || passed.k !== 'instance' || passed.slot || passed.oneOf) return false;
      const method = this.memberOf(passed, slot.member);
      return method.k === 'fn' && !sameFn(method.ref, slot.declared) && this.callsNothing(method.ref);
    });
  }

  /**
   * A stand-in's method (`payload.text.substring(0, 80)`, `this.log.push(…)`) calls no API and
   * nothing its caller hands it: methods of its arguments' data are not calls of anything.
   */
  private callsNothing(fn: FnRef): boolean {
    return (this.summaryOf(fn)?.effects ?? []).every((e) => {
      const callee = e.template?.callee;
      return !e.op && callee?.k === 'param' && sameFn(callee.fn, fn) && callee.path.length > 0;
    });
  }

  /**
   * Substitutes the invocation's arguments and reclassifies templates, which may now resolve.
   * `context` names the function making the invocation: a generic requester's URL is built there,
   * and so is the evidence for names-only recognisers (`sendDingTalkText(url) → this.post(url)`).
   */
  private instantiate(effects: Effect[], fn: FnRef, args: Val[], context?: string[]): Effect[] {
    if (this.instantiationDepth > MAX_INSTANTIATION_DEPTH) return [];
    this.instantiationDepth++;
    try {
      const out: Effect[] = [];
      for (const e of effects) {
        const s = substituteEffect(e, fn, args, this.memberOf);
        // `MessageSender.send(text, TYPE.WECHAT)`: the DingTalk branch does not run for this caller.
        if (s.guards && !s.guards.every(guardHolds)) continue;
        if (s.op && overruledByPassedUrl(s.op)) continue;
        if (s.op) { out.push(s); continue; }
        const t = s.template!;
        const meaning = classifyCall(this.meaningContext, t.callee, t.args, t.calleeName, context);
        if (meaning.m === 'api') {
          // A requester's `callApi('/v1/schedules', 'POST', payload)`: the caller's payload brings the cron.
          const handedIn = meaning.op.scheduleCron && e.template?.args.some((a) => dependsOnParams(a, 0, (f) => sameFn(f, fn)));
          const op = handedIn ? { ...meaning.op, scheduleCronStep: s.chain.length } : meaning.op;
          out.push({ ...s, op, template: undefined, justResolved: true });
          // The requester's own call is a call site of whatever providers its callers reach.
          this.recordGeneric(s.site, meaning.op.provider, meaning.op.httpMethod, meaning.op.via);
        }
        else if (meaning.m === 'template') out.push(s);
        else if (meaning.m === 'invoke') this.invokeTemplate(s, meaning.fn, meaning.args, meaning.ctor, context, out, calledParamOf(e, fn, args));
        else if (meaning.m === 'route') this.requestRouteInto(meaning.path, meaning.method, s, out);
        // `provider.triggerJob(prompt)` with the caller's provider one of two factories' records.
        else if (meaning.m === 'invoke-any') {
          const choice = meaning.choice;
          const passedInto = calledParamOf(e, fn, args);
          const before = out.length;
          meaning.fns.forEach((entry, i) => {
            const own: Guard | undefined = choice && { subject: choice.key, values: [str(choice.names[i])], negate: false };
            if (own && !guardHolds(own)) return;
            this.invokeTemplate(own ? { ...s, guards: [...(s.guards ?? []), own] } : s, entry.ref, meaning.args, entry.ctor, context, out, passedInto);
          });
          onceEachPass(out, before, t.callee, meaning.fns.length);
        }
      }
      return out;
    } finally {
      this.instantiationDepth--;
    }
  }

  /** A template that now invokes a function of the workspace: that function's effects, extended with the template's chain. */
  private invokeTemplate(s: Effect, fn: FnRef, args: Val[], ctor: Closure | undefined, context: string[] | undefined, out: Effect[], passedInto?: string): void {
    const inner = this.summaryOf(fn);
    if (!inner) return;
    const local = fn.file === this.ctx.file ? this.ctx.functions.get(fn.pos) : undefined;
    if (local) this.invoked.add(local);
    const called = this.instantiateCall(inner.effects, fn, args, ctor, context);
    // `fetcher(url)` with the caller's `fetchPageHtml` for `fetcher`: the injected function's
    // calls count with the loops around `fetcher(url)`, and the line is a call site of the
    // named function the callers pass (several endpoints make it a generic one, as for a
    // requester). A callback written inline has call sites of its own inside it; but a helper that
    // runs it per item (`mapPool(rows, 4, async (r) => scrape(r.url))` calling `fn(items[i])` in its
    // loop) makes those calls itself, as a generic requester does.
    const inline = local ? isInlineArgument(local) : !!this.ctx.index.model(fn.file)?.isInlineArgument?.(fn.pos);
    const injectsNamedFn = !inline || runsPerItem(s);
    const startsScript = fn.file === this.ctx.file && this.scriptEntryRunnerFns().has(fn.pos);
    for (const ie of called) {
      if (injectsNamedFn && !startsScript && ie.op && reachesDirectly(ie) && sitesAtCallsOf(ie, fn.name)) {
        // An inline callback has no name of its own; the helper's name for it (`fn`) says what runs.
        this.recordResolvedSite(s.site, ie.op, fn.name === '<anonymous>' ? s.template?.calleeName ?? fn.name : fn.name);
        // `deps.sendChatMessage(…)` resolved only here, where `deps` gets its defaults: the
        // wrappers crossed on the way (`sendSubmitResultToChat(config, deps, …)`) send too.
        this.recordCalledWrappers(s.via, ie.op, s.chain);
      }
      const step: InvocationStep = { kind: 'invocation', loc: s.site, callee: fn.name, innerAwaited: true, delayMs: inner.ownDelayMs ?? 0 };
      const others = (ie as EffectWithExit).exitOtherAwaits;
      if (others) step.otherAwaits = others;
      const effect: EffectWithExit = {
        ...ie, exitOtherAwaits: (s as EffectWithExit).exitOtherAwaits, chain: [...ie.chain, step, ...s.chain],
        via: [...ie.via, { name: fn.name, loc: s.site, ...(passedInto && !runsPerItem(s) && { passedInto }) }], guards: s.guards?.length ? [...(ie.guards ?? []), ...s.guards] : ie.guards,
      };
      out.push(effect);
    }
  }

  /** Functions of this file a top-level runner call starts the script with (`runMain(main)`). */
  private scriptEntryRunnerFns(): Set<number> {
    if (this.entryRunnerMemo) return this.entryRunnerMemo;
    const out = new Set<number>();
    this.entryRunnerMemo = out;
    for (const call of this.ctx.calls) {
      for (const arg of scriptEntryRunnerArguments(call)) {
        const v = this.binder.eval(arg);
        if (v.k === 'fn' && v.ref.file === this.ctx.file) out.add(v.ref.pos);
      }
    }
    return out;
  }

  /**
   * `fetch('/api/notify', { method: 'POST', body })` from a page of the app: the route's handler
   * (`app/api/notify/route.ts`'s POST, `pages/api/notify.ts`) makes the API calls, once per request,
   * so the loops, fan-outs and schedules around the request are theirs. The request line is not a
   * call site of them (see ViaCall.overHttp). `request` is the calling effect (its site, chain and
   * guards); nothing is added when no route file of the project serves the path.
   */
  private requestRouteInto(routePath: string, method: string, request: EffectWithExit, out: Effect[]): void {
    const name = `${method} ${routePath.replaceAll(HOLE, '…')}`;
    for (const inner of this.ownRouteEffects(routePath, method)) {
      const step: InvocationStep = { kind: 'invocation', loc: request.site, callee: name, innerAwaited: true, delayMs: 0, overHttp: true };
      const effect: EffectWithExit = {
        ...inner, chain: [...inner.chain, step, ...request.chain], via: [...inner.via, { name, loc: request.site, overHttp: true }],
        exitAwaited: request.exitAwaited, exitOtherAwaits: request.exitOtherAwaits, cached: inner.cached || request.cached || undefined,
        onFailure: inner.onFailure || request.onFailure || undefined, armed: inner.armed || request.armed || undefined,
        guards: request.guards?.length ? [...(inner.guards ?? []), ...request.guards] : inner.guards,
      };
      admitEffect(out, effect);
    }
  }

  /** What one request to a route of this file's project makes, looking up from the file's folder to its project root. */
  private ownRouteEffects(routePath: string, method: string): Effect[] {
    const key = `${method} ${routePath}`;
    const cached = this.routeMemo.get(key);
    if (cached) return cached;
    this.routeMemo.set(key, []);
    const found = foldersUpToProjectRoot(this.ctx.file, this.ctx.index, 8)
      .map((dir) => routeFileEffects(dir, routePath, this.ctx.index, method)).find((e) => e) ?? [];
    this.routeMemo.set(key, found);
    return found;
  }

  /** Sites of this file's calls, or, for a requester in another file that this file's calls resolve, that file's. */
  private siteMap(loc: Loc): Map<string, CallSiteFact> {
    return loc.file === this.ctx.file ? this.callSites : this.foreignSites;
  }

  private recordSite(loc: Loc, op: ApiOp, viaWrapper: string | null, depth = 0): void {
    const sites = this.siteMap(loc);
    const key = `${loc.file}:${loc.span.start}:${op.provider}:${op.operation}`;
    const existing = sites.get(key);
    if (existing && existing.depth <= depth) return;
    sites.set(key, { loc, provider: op.provider, operation: op.operation, httpMethod: op.httpMethod, via: op.via, viaWrapper, op, depth });
  }

  private recordGeneric(loc: Loc, provider: ApiOp['provider'], httpMethod: string, via: Via = 'http'): void {
    const sites = this.siteMap(loc);
    const key = `${loc.file}:${loc.span.start}:${provider}:generic`;
    if (sites.has(key)) return;
    sites.set(key, { loc, provider, operation: 'generic', httpMethod: httpMethod.toUpperCase(), via, viaWrapper: null, generic: true, depth: 0 });
  }

  /**
   * Functions that re-arm themselves with setTimeout: `function poll() { …; setTimeout(poll, ms) }`
   * or `setTimeout(() => { …; poll(); }, ms)` inside poll. They run every ms plus their own duration.
   */
  recursiveTimers(): Map<FunctionNode, Step> {
    if (this.recursiveTimerMemo) return this.recursiveTimerMemo;
    const out = new Map<FunctionNode, Step>();
    this.recursiveTimerMemo = out;
    for (const call of this.ctx.calls) {
      const callee = this.binder.eval(call.expression);
      if (!(callee.k === 'module' && callee.name === 'global' && callee.path.join('.') === 'setTimeout') || !call.arguments[0]) continue;
      // `setTimeout(tick, config.intervalMs)`: a delay set at run time still makes the function a
      // timer's, run at a cadence the code does not say, not a call its starter makes.
      const ms = call.arguments[1] ? numberOf(this.binder.eval(call.arguments[1])) : 0;
      const arg = call.arguments[0];
      const enclosing: FunctionNode[] = [];
      for (let n: ts.Node | undefined = call.parent; n; n = n.parent) if (ts.isFunctionLike(n) && (n as FunctionNode).body) enclosing.push(n as FunctionNode);
      let target: FunctionNode | undefined;
      const v = this.binder.eval(arg);
      if (v.k === 'fn' && !ts.isFunctionLike(arg)) target = enclosing.find((f) => f.pos === v.ref.pos);
      else if (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) {
        const visit = (n: ts.Node): void => {
          if (target) return;
          if (ts.isCallExpression(n)) {
            const c = this.binder.eval(n.expression);
            if (c.k === 'fn') target = enclosing.find((f) => f.pos === c.ref.pos && f !== arg);
          }
          ts.forEachChild(n, visit);
        };
        visit(arg.body);
      }
      if (!target) continue;
      const trigger: Trigger = ms === undefined ? { type: 'external', what: 'setTimeout re-armed after a delay set at run time' } : { type: 'recursive-timeout', ms };
      out.set(target, { kind: 'trigger', loc: this.ctx.loc(calleeOf(call)), trigger });
    }
    return out;
  }

  /** Summaries of everything in the file, and the effects of every top: the file, functions nobody here calls, and scheduled methods. */
  rootedEffects(): RootedEffect[] {
    // A router's branch for one provider, taken by a name this code does not decide, is not counted
    // against that provider's quotas: how many calls take it is up to configuration.
    return this.allRootedEffects()
      .flatMap((r) => expandPerEntry(gatedByClock(r.effect)).map((effect) => (effect === r.effect ? r : { ...r, effect })))
      .filter((r) => !r.effect.guards?.some(undecidedProviderChoice));
  }

  private allRootedEffects(): RootedEffect[] {
    const out: RootedEffect[] = [];
    const decorated = this.decoratedTriggers();
    for (const [fn, trigger] of this.recursiveTimers()) {
      for (const e of this.summaryOfOwner(fn).effects) {
        if (e.chain.some((s) => s.kind === 'trigger')) continue;
        out.push({ effect: { ...e, chain: [...e.chain, trigger] }, ownerName: this.ctx.fnRef(fn).name });
      }
    }
    for (const fn of this.ctx.functions.values()) this.summaryOfOwner(fn);
    for (const e of this.summaryOfOwner(this.ctx.sf).effects) out.push({ effect: e, ownerName: '<module>' });
    for (const fn of this.ctx.functions.values()) {
      const trigger = decorated.get(fn);
      if (trigger) {
        for (const e of this.summaryOfOwner(fn).effects) {
          out.push({ effect: { ...e, chain: [...e.chain, trigger] }, ownerName: this.ctx.fnRef(fn).name });
        }
        continue;
      }
      if (this.invoked.has(fn)) continue;
      for (const e of this.summaryOfOwner(fn).effects) out.push({ effect: e, ownerName: this.ctx.fnRef(fn).name });
    }
    return out;
  }

  /**
   * NestJS `@Cron(…)`, `@Interval(…)` and `@Timeout(…)` on methods, Midway's timer triggers and
   * jobs (see midwayTriggers.ts), and functions paired with a
   * cron string as data (a job module's `config.schedule`, job tables; see scheduleTables.ts).
   */
  decoratedTriggers(): Map<FunctionNode, Step> {
    this.decorated ??= this.findDecoratedTriggers();
    return this.decorated;
  }

  private decorated: Map<FunctionNode, Step> | undefined;

  private findDecoratedTriggers(): Map<FunctionNode, Step> {
    const out = new Map<FunctionNode, Step>();
    for (const [fn, step] of declaredScheduleTriggers(this)) {
      out.set(fn, step);
      this.invoked.add(fn);
    }
    for (const dec of this.ctx.decorators) {
      const midway = midwayTrigger(this, dec);
      if (midway) {
        out.set(midway.fn, midway.step);
        this.invoked.add(midway.fn);
        continue;
      }
      const method = dec.parent;
      if (!ts.isMethodDeclaration(method) || !method.body || !ts.isCallExpression(dec.expression)) continue;
      const callee = this.binder.eval(dec.expression.expression);
      const p = modulePath(callee, '@nestjs/schedule');
      if (!p || p.length !== 1) continue;
      const args = dec.expression.arguments;
      const loc = this.ctx.loc(dec.expression.expression);
      if (p[0] === 'Cron' && args[0]) {
        const expression = literal(this.binder.eval(args[0]));
        if (expression) out.set(method, { kind: 'trigger', loc, trigger: { type: 'cron', library: '@nestjs/schedule', expression, exprLoc: this.ctx.loc(args[0]) } });
      } else if (p[0] === 'Interval') {
        const msArg = args.length > 1 ? args[1] : args[0];
        const ms = msArg ? numberOf(this.binder.eval(msArg)) : undefined;
        if (ms) out.set(method, { kind: 'trigger', loc, trigger: { type: 'interval', library: '@nestjs/schedule', ms, label: `every ${ms} ms (@Interval)` } });
      } else if (p[0] === 'Timeout') {
        out.set(method, { kind: 'trigger', loc, trigger: { type: 'external', what: '@Timeout (runs once)' } });
      }
      this.invoked.add(method);
    }
    return out;
  }

  /** axios instances with axios-retry or retry-axios attached, by instance origin ("axios" for the default instance). */
  private findAxiosRetries(): Map<string, ClientRetry> {
    const out = new Map<string, ClientRetry>();
    for (const call of this.ctx.calls) {
      const callee = this.binder.eval(call.expression);
      const isAxiosRetry = modulePath(callee, 'axios-retry') !== undefined && (modulePath(callee, 'axios-retry')!.length === 0 || modulePath(callee, 'axios-retry')![0] === 'axiosRetry');
      const isRax = modulePath(callee, 'retry-axios')?.join('.') === 'attach';
      if (!isAxiosRetry && !isRax) continue;
      const target = call.arguments[0] ? this.binder.eval(call.arguments[0]) : { k: 'module', name: 'axios', path: [] } as Val;
      const origin = axiosOriginOf(target) ?? 'axios';
      const opts = call.arguments[1] ? this.binder.eval(call.arguments[1]) : undefined;
      const delay = prop(opts, 'retryDelay');
      const exponential = delay !== undefined && delay.k === 'module' && delay.path.includes('exponentialDelay') || (delay?.k === 'fn');
      const retries = opts ? numberOf(prop(opts, 'retries') ?? UNKNOWN) : undefined;
      const customCondition = prop(opts, 'retryCondition') !== undefined;
      out.set(origin, {
        source: isRax ? 'retry-axios' : 'axios-retry', coversThrottling: true,
        exponential: isRax ? true : exponential, jitter: isRax ? false : exponential,
        methods: customCondition ? undefined : ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'],
        retries: retries ?? 3,
        weakness: !isRax && !exponential ? 'axios-retry retries immediately by default (no retryDelay)' : undefined,
      });
    }
    return out;
  }
}

function calleeText(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const e = calledWithThis(call).callee;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

export function substituteArgs(v: Val, fn: FnRef, args: Val[]): Val {
  return substitute(v, fn, args);
}

/** A call whose target or arguments come from the parameters of a function other than `own` (one it is nested in). */
function usesParametersOfOthers(t: NonNullable<Effect['template']>, own: FnRef): boolean {
  const foreign = (fn: FnRef) => !sameFn(fn, own);
  return dependsOnParams(t.callee, 0, foreign) || t.args.some((a) => dependsOnParams(a, 0, foreign));
}

/**
 * `doJobWhenWeekend(job)`: the callee only runs the function handed to it, once (a helper running
 * it per item makes the calls itself); the sites are in that function and where the helper calls it.
 */
function onlyRunsPassedFunction(inner: Effect, callee: FnRef): boolean {
  const key = `${callee.file}:${callee.pos}`;
  return inner.via.some((v) => v.passedInto === key);
}

/**
 * The key of `fn` when the template calls the function the caller handed in as an argument (`job()`
 * in `doJobWhenWeekend(job)`); not when the parameter's default runs (`(fetchPage ?? fetchHtml)()`),
 * nor for a service in a dependencies object (`deps.sendChatMessage(…)`), whose users are wrappers.
 */
function calledParamOf(e: Effect, fn: FnRef, args: Val[]): string | undefined {
  const callee = e.template?.callee;
  if (callee?.k !== 'param' || !sameFn(callee.fn, fn) || callee.path.length > 0) return undefined;
  const arg = args[callee.index];
  // A function, or one entry of a table handed over (`probeSource(source, run)` in a loop over specs).
  const handedFn = arg?.k === 'fn' || (arg?.k === 'loopvar' && !!functionOfList(arg));
  return handedFn ? `${fn.file}:${fn.pos}` : undefined;
}

/**
 * Whether a call of the function named `name` is a call site of `inner`, an effect of its summary.
 * A memoised fetch (a token behind its expiry check) is one where the function that keeps it is
 * called (`await this.getAccessToken()`, `await this.init()` that checks the token's expiry before
 * calling a token helper, a cached `getUsers()`, and the functions above a cached
 * `getUsers()`) and where helpers handing out the credential are (`getAuthHeaders()`); a request
 * function that takes the token on its way to another API (`apiCall('/workflow/processes')`) is a
 * call site of that API, not of the token fetch.
 * A signer (`getJsApiSign(url)`) hands out what the cached ticket gives, as a credential helper does.
 */
function sitesAtCallsOf(inner: Effect, name: string): boolean {
  if (reachedOverHttp(inner)) return false;
  if (!inner.cached || inner.via.length === 0 || inner.cachedVia === inner.via.length || isCredentialGetter(name.split('.').pop() ?? name)) return true;
  // Data kept behind a cache (a user directory refreshed every ten minutes) is what the functions
  // above hand out: their callers reach it as the keeper's do. Only a credential is incidental.
  return !!inner.op && !CREDENTIAL_OPERATION.test(inner.op.operation);
}

/** Token and ticket fetches (`oapi:/gettoken`, `oauth2.accessToken`, `oapi:/get_jsapi_ticket`). */
const CREDENTIAL_OPERATION = /token|ticket/i;

/**
 * `incrementFailureAndCheck(task, err)`, `sendErrorAlert(msg)`, `this.handleFailure(e)`: a function
 * named for a failure reports one, so what it sends goes out only when a run fails, as from a catch
 * block. A word of the name (`Error`, `Failure`, `Failed`), so `failover` is not one.
 */
function reportsFailure(name: string): boolean {
  return nameWords(name.split('.').pop() ?? name).some((w) => /^(error|errors|fail|failure|failures|failed)$/i.test(w));
}

/**
 * A callback call made once per item of a loop of the helper. A retry loop runs it once that
 * succeeds, and an event callback (`onToolCall?.(name)`) is the caller's business, not the helper's work.
 */
function runsPerItem(t: Effect): boolean {
  if (t.template?.calleeName && /^on[A-Z]/.test(t.template.calleeName.split('.').pop() ?? '')) return false;
  return t.chain.some((step) => step.kind === 'loop' && step.role !== 'retry');
}

/** The segment with its innermost parallel loop run through a pool of `concurrency`. */
function boundedByPool(seg: Segment, concurrency: number, library: string): Segment {
  const at = seg.steps.findIndex((s) => s.kind === 'loop');
  const loop = seg.steps[at] as LoopStep | undefined;
  if (!loop || loop.mode !== 'parallel') return seg;
  const steps = [...seg.steps];
  steps[at] = { ...loop, mode: 'pool', concurrency, loopKind: poolLabel(loop.loopKind, 'pool', concurrency, library) };
  return { ...seg, steps };
}

/**
 * The name a call site shows for what it invokes: a thunk written inline has none, so the variable
 * holding it does (`fn` in `jobs.map((fn) => fn())`, `tasks` in `pAll(tasks)`).
 */
function invokedName(fn: FnRef, holder: ts.Node): string {
  return fn.name === '<anonymous>' && ts.isIdentifier(holder) ? holder.text : fn.name;
}

/**
 * `for (const { run } of specs) probe(run)` over a table of several functions: each entry's calls
 * run once per pass over the table (see Effect.onceIn). Tags the effects added since `from`.
 */
function onceEachPass(out: Effect[], from: number, callee: Val, entries: number): void {
  if (callee.k !== 'loopvar' || entries < 2) return;
  for (let k = from; k < out.length; k++) out[k] = { ...out[k], onceIn: [...(out[k].onceIn ?? []), { loop: callee.loop, entries }] };
}

/** `run(() => fetchPage(url))`, `loop({ onTick: async () => … })`: a function written where it is passed. */
function isInlineArgument(fn: FunctionNode): boolean {
  // `new CacheAble({ path, async handler(args) {…} })`: a method of an options object written out.
  if (ts.isMethodDeclaration(fn) && ts.isObjectLiteralExpression(fn.parent)) {
    const holder = fn.parent.parent;
    return !!holder && (ts.isCallExpression(holder) || ts.isNewExpression(holder));
  }
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const holder = ts.isPropertyAssignment(fn.parent) ? fn.parent.parent.parent : fn.parent;
  if (!!holder && (ts.isCallExpression(holder) || ts.isNewExpression(holder))) return true;
  // `[{ source: 'oxylabs', run: () => oxylabs.searchOffers(query) }, …]`: a table entry written out
  // has its call site inside it, as an inline callback does; the helper that runs the entries
  // (`probeSource(source, run)` calling `run()`) only runs what it is handed.
  return ts.isPropertyAssignment(fn.parent) && !!holder && ts.isArrayLiteralExpression(holder);
}

/**
 * How many wrappers deep a chain of wrappers still makes its callers call sites. Service back ends
 * layer deep (corpus 22: request, retry, gate, vendor dispatch, scrape client, transport switch,
 * cache, service, facade, step, route: fourteen); the bound only stops runaway chains.
 */
const MAX_WRAPPER_CHAIN = 16;

/**
 * A wrapper of a wrapper is itself a call site of each operation it reaches, wherever it is
 * called: `fetchProduct(asin)` around `oxylabsRequest`, `scrapeUrls(urls)` looping over
 * `scrapeUrl`, `sendDailyStandup()` composing its own message. Up to MAX_WRAPPER_CHAIN levels, and
 * not across a timer or schedule: the call that arms a job does not call the API.
 */
function reachesDirectly(inner: Effect): boolean {
  return inner.via.length < MAX_WRAPPER_CHAIN && inner.chain.every((step) => step.kind !== 'trigger');
}
