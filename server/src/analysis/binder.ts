// The binder: computes an abstract value for an expression by following declarations,
// imports, aliases, destructuring, `.bind`, class fields and constructor assignments, function
// return values and string building. Results are memoised per node for one analysis.
import ts from 'typescript';
import * as path from 'path';
import { pushesPiecesOfText, splitsIntoPieces } from './textPieces';
import { bindingPath, type Declaration } from './scope';
import type { FileContext, FunctionNode } from './fileContext';
import { callParameters, dictionaryKey, enclosingClass } from './fileContext';
import { handleOf, modulePath, type Library } from './library';
import { EGG_MODULES, eggBaseMember, eggExtensionThis, eggMember, eggParameter } from './eggContext';
import { unwrapAwaited, unwrapValue } from './unwrap';
import { looksLikeCron } from './libraries/schedulers';
import { clockReading } from './facts/clockGates';
import { URL_PART_NAME, pageSizeOf, rowLimitOf, urlPart } from './valueHints';
import {
  UNKNOWN, anyEntryOf, computedFrom, isProcessEnv, tableChoice, listSources, withoutInnerLoops, concat, dependsOnParams, hints, isUnknown, literal, member, numberOf, sameFn, sameVal, str, substitute, urlStart, type ClassRef, type FnRef, type ObjSpread, type Val,
} from './values';

const GLOBALS = new Set([
  'fetch', 'require', 'process', 'setTimeout', 'setInterval', 'setImmediate', 'Promise', 'JSON', 'Math',
  'Array', 'Object', 'Proxy', 'String', 'Number', 'URL', 'URLSearchParams', 'Buffer', 'globalThis', 'window', 'console',
  'encodeURIComponent', 'encodeURI', 'module', 'exports', 'queueMicrotask', 'Date', 'Deno', 'Set',
]);

const MAX_DEPTH = 40;
/** More implementations of one interface than this: a framework's type, not a port with its adapters. */
const MAX_IMPLEMENTERS = 6;

export class Binder {
  private depth = 0;

  constructor(private readonly ctx: FileContext, private readonly libraries: readonly Library[]) {}

  eval(node: ts.Expression | undefined): Val {
    if (!node) return UNKNOWN;
    const cached = this.ctx.memo.get(node);
    if (cached) return cached;
    if (this.ctx.active.has(node) || this.depth > MAX_DEPTH) return UNKNOWN;
    this.ctx.active.add(node);
    this.depth++;
    let v: Val;
    try {
      v = this.compute(node);
    } finally {
      this.depth--;
      this.ctx.active.delete(node);
    }
    this.ctx.memo.set(node, v);
    return v;
  }

  private compute(node: ts.Expression): Val {
    switch (node.kind) {
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral: {
        const text = (node as ts.StringLiteral).text;
        return looksLikeCron(text) ? { k: 'str', parts: [text], at: this.ctx.loc(node) } : str(text);
      }
      case ts.SyntaxKind.NumericLiteral:
        return { k: 'num', v: Number((node as ts.NumericLiteral).text) };
      case ts.SyntaxKind.TrueKeyword:
        return { k: 'bool', v: true };
      case ts.SyntaxKind.FalseKeyword:
        return { k: 'bool', v: false };
      case ts.SyntaxKind.NullKeyword:
        return { k: 'null' };
      case ts.SyntaxKind.Identifier:
        return this.identifier(node as ts.Identifier);
      case ts.SyntaxKind.ThisKeyword:
        return this.thisValue(node);
      // `import.meta.env.VITE_…`: Vite's (and Astro's, Bun's) environment settings.
      case ts.SyntaxKind.MetaProperty:
        return (node as ts.MetaProperty).keywordToken === ts.SyntaxKind.ImportKeyword ? { k: 'module', name: 'global', path: ['import.meta'] } : UNKNOWN;
      case ts.SyntaxKind.SuperKeyword:
        return this.superValue(node);
      case ts.SyntaxKind.TemplateExpression: {
        const t = node as ts.TemplateExpression;
        const parts: (string | Val)[] = [t.head.text];
        for (const span of t.templateSpans) parts.push(this.eval(span.expression), span.literal.text);
        return concat(parts);
      }
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.SatisfiesExpression:
      case ts.SyntaxKind.AwaitExpression:
        return this.eval((node as ts.ParenthesizedExpression).expression);
      case ts.SyntaxKind.BinaryExpression:
        return this.binary(node as ts.BinaryExpression);
      case ts.SyntaxKind.ConditionalExpression: {
        const c = node as ts.ConditionalExpression;
        const joined = this.absoluteOrJoined(c);
        if (joined) return joined;
        const a = this.eval(c.whenTrue);
        const record = a.k === 'obj' && holdsFunction(a);
        // `meta.contentUri ? meta.contentUri : `${MEDIA_API_BASE}/${ref}``: the caller's value when it
        // has one, the written one otherwise, as `meta.contentUri || …` is.
        if (a.k === 'param' && !a.fallback) {
          const b = this.eval(c.whenFalse);
          if (!isUnknown(b) && !isEmptyLiteral(b) && b.k !== 'null') return { ...a, fallback: b };
          return a;
        }
        if (!isUnknown(a) && !record) return a;
        const b = this.eval(c.whenFalse);
        // `name === 'brightdata' ? createBrightdataProvider() : createOxylabsProvider()`: either
        // record of functions, so a call of one of its methods calls either implementation.
        const either = record ? this.eitherRecord(a, b) : undefined;
        if (either) return either;
        if (!isUnknown(a)) return a;
        // `config.urls ? config.urls : []`: the empty fallback says nothing about the list's size;
        // `notify ? selectedWebhookId : null`: nor does null say the value is never there.
        return a.k === 'unknown' && (isEmptyLiteral(b) || b.k === 'null') ? a : b;
      }
      case ts.SyntaxKind.PropertyAccessExpression: {
        const p = node as ts.PropertyAccessExpression;
        const exported = this.ownCommonJsExport(p);
        if (exported) return this.eval(exported);
        return this.member(this.eval(p.expression), p.name.text);
      }
      case ts.SyntaxKind.ElementAccessExpression: {
        const e = node as ts.ElementAccessExpression;
        const evaluated = this.eval(e.expression);
        // `require('./handlers')[event]` with the module exporting its table whole (`module.exports = eventHandlers`).
        const table = evaluated.k === 'module' && evaluated.name.startsWith('file:') && !evaluated.path.length
          ? this.ctx.index.model(evaluated.name.slice(5))?.exportVal('default') : undefined;
        const target = table?.k === 'obj' ? table : evaluated;
        const key = this.eval(e.argumentExpression);
        if (key.k === 'loopvar') return this.entryPerIteration(target, key);
        const name = key.k === 'str' && key.parts.length === 1 && typeof key.parts[0] === 'string' ? key.parts[0]
          : key.k === 'num' ? String(key.v) : undefined;
        // `chat.spaces.messages[method](req)` in a wrapper: resolved when the caller passes the name.
        if (name === undefined && key.k === 'param' && (target.k === 'handle' || target.k === 'module')) {
          return { k: 'handle', h: { kind: 'builtin.member', target, key } };
        }
        if (name !== undefined) return this.member(target, name);
        // `WEBHOOKS[channel]`: a lookup table whose entries all post to one service.
        const named = target.k === 'obj' && !target.spreads ? Object.entries(target.props) : [];
        const entries = target.k === 'arr' ? target.items : named.map(([, v]) => v);
        const any = anyEntryOf(entries, 0, named.length ? named.map(([k]) => k) : undefined, key);
        const perCallKey = key.k === 'param' || (key.k === 'unknown' && !!key.from);
        // `STEPS[step]()`, `taskTypeMap[type].taskFunction()`: any of the functions, each run only
        // under its own key, which a caller that passes the key (`executeTask('jingdong')`) decides.
        if (any && holdsFunctionChoice(any)) return withChoiceKey(any, key);
        if (any) return any;
        // `this.messageQueues[url]` in a dictionary filled with `new MessageQueue(config)`: its entries.
        const filled = this.dictionaryEntry(e.expression);
        if (filled) return filled;
        // `map[spaceId]` in a table read at run time: unknown, but it varies as the key does. An entry
        // of a named setting (`config.get('DingTalkRobot').prod[name]`) keeps the setting's name.
        const setting = target.k === 'unknown' && target.hint?.startsWith('env:') ? target.hint : undefined;
        // `ENDPOINTS[kind]` in a helper whose callers name the kind: the entry each names.
        const choice = key.k === 'param' ? tableChoice(key, named) : undefined;
        if (perCallKey) return { k: 'unknown', from: [key], ...(setting && { hint: setting }), ...(choice && { choice }) };
        return setting ? { k: 'unknown', hint: setting } : UNKNOWN;
      }
      case ts.SyntaxKind.CallExpression:
        return this.callExpression(node as ts.CallExpression);
      case ts.SyntaxKind.NewExpression: {
        const n = node as ts.NewExpression;
        return this.construct(this.eval(n.expression), (n.arguments ?? []).map((a) => this.eval(a)));
      }
      case ts.SyntaxKind.ObjectLiteralExpression:
        return this.object(node as ts.ObjectLiteralExpression);
      case ts.SyntaxKind.ArrayLiteralExpression: {
        const a = node as ts.ArrayLiteralExpression;
        // `[...Array(4)]`, `[...head, x]`: spreads of known arrays keep the count; a spread of a worker pool stays one.
        const items: Val[] = [];
        let exact = true;
        // `[...ticketJobs, ...taskJobs]` of lists of functions: a list of those functions.
        const elements: Val[] = [];
        // `[...overdueTickets, ...overdueTasks]` of two queries limited to 50 rows: at most 100.
        let spreadBound: number | undefined = 0;
        for (const e of a.elements) {
          if (!ts.isSpreadElement(e)) { items.push(this.eval(e)); continue; }
          const spread = this.eval(e.expression);
          if (spread.k === 'arr' && spread.exact) items.push(...spread.items);
          else if (a.elements.length === 1 && spread.k === 'unknown' && spread.hint && listHint(spread.hint)) return spread;
          else {
            exact = false;
            const bound = spread.k === 'arr' ? spread.upTo : spread.k === 'unknown' ? limitOfHint(spread.hint) : undefined;
            spreadBound = bound === undefined || spreadBound === undefined ? undefined : spreadBound + bound;
          }
          if ((spread.k === 'arr' || spread.k === 'unknown') && spread.element?.k === 'fn') elements.push(spread.element);
        }
        const element = !exact && elements.length ? (elements.length === 1 ? elements[0] : anyEntryOf(elements)) : undefined;
        const upTo = !exact && spreadBound !== undefined ? items.length + spreadBound : undefined;
        return { k: 'arr', items, exact, ...(upTo !== undefined ? { upTo } : {}), ...(element ? { element } : {}) };
      }
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression:
        return { k: 'fn', ref: this.ctx.fnRef(node as FunctionNode) };
      case ts.SyntaxKind.ClassExpression:
        return { k: 'class', ref: this.ctx.classRef(node as ts.ClassExpression) };
      default:
        return UNKNOWN;
    }
  }

  /** The object of a constructor function's prototype methods, if the file declares any. */
  prototypeObject(ctorName: string): Val | undefined {
    const members = this.ctx.prototypeMembers.get(ctorName);
    if (!members) return undefined;
    const props: Record<string, Val> = {};
    for (const [name, value] of members) props[name] = ts.isMethodDeclaration(value) ? { k: 'fn', ref: this.ctx.fnRef(value) } : this.eval(value);
    return { k: 'obj', props, open: true };
  }

  /**
   * `items[i]` in a loop: the element of that iteration. But `PROVIDER_MAP[name].fetch(url)` in
   * `for (const name of priority)` reads a table of functions: the loop tries the entries its list
   * names (every entry, when the list is the caller's to give), so each is called.
   */
  private entryPerIteration(target: Val, key: Extract<Val, { k: 'loopvar' }>): Val {
    const element: Val = { k: 'loopvar', loop: key.loop, path: [] };
    if (target.k !== 'obj' || target.spreads?.length) return element;
    // Narrowed only when every entry of the list is a name written out.
    const listed = key.entries?.map(literal);
    const named = listed?.every((n) => n !== undefined) ? listed : undefined;
    const picked = Object.entries(target.props).filter(([name]) => !named || named.includes(name));
    if (picked.length === 1 && holdsFunction(picked[0][1])) return picked[0][1];
    const any = anyEntryOf(picked.map(([, v]) => v), 0, picked.map(([name]) => name));
    return any && holdsFunctionChoice(any) ? any : element;
  }

  private eitherRecord(a: Val, b: Val): Val | undefined {
    if (b.k !== 'obj' || !holdsFunction(b)) return undefined;
    const any = anyEntryOf([a, b]);
    return any && holdsFunctionChoice(any) ? any : undefined;
  }

  /** The value a dictionary (or a Map, through `set`) is filled with under computed keys, when it is an object the code built. */
  private dictionaryEntry(dictionary: ts.Expression): Val | undefined {
    for (const fill of this.ctx.dictionaryFills.get(dictionaryKey(dictionary, this.ctx.sf)) ?? []) {
      const v = this.eval(fill);
      if (v.k === 'instance' || v.k === 'handle' || v.k === 'fn' || v.k === 'class') return v;
      // `new MessageQueue(config)` of a constructor function: the object of its prototype's methods.
      if (v.k === 'obj' && ts.isNewExpression(unwrapValue(fill))) return v;
    }
    return undefined;
  }

  /**
   * `endpoint.startsWith('http') ? endpoint : `${this.baseURL}${endpoint}``: an absolute URL is used
   * as it is, a path is joined to the base. Decided here when the URL's start is known, or, for a
   * parameter, when a caller's argument replaces it (`ifRelative`).
   */
  private absoluteOrJoined(c: ts.ConditionalExpression): Val | undefined {
    const test = absoluteUrlTest(c.condition);
    if (!test) return undefined;
    const [absolute, relative] = test.absoluteWhenTrue ? [c.whenTrue, c.whenFalse] : [c.whenFalse, c.whenTrue];
    const subject = this.eval(test.subject);
    const start = urlStart(subject);
    if (start) return this.eval(start === 'absolute' ? absolute : relative);
    const asIs = this.eval(absolute);
    if (subject.k !== 'param' || asIs.k !== 'param' || !sameFn(asIs.fn, subject.fn) || asIs.index !== subject.index) return undefined;
    return { ...asIs, ifRelative: this.eval(relative) };
  }

  private binary(b: ts.BinaryExpression): Val {
    const op = b.operatorToken.kind;
    switch (op) {
      case ts.SyntaxKind.PlusToken: {
        const l = this.eval(b.left);
        const r = this.eval(b.right);
        if (l.k === 'num' && r.k === 'num') return { k: 'num', v: l.v + r.v };
        if (l.k === 'str' || r.k === 'str') return concat([l, r]);
        // `this.url.pathname + this.url.search`: parameters named like URL parts are strings.
        if ([l, r].some((x) => (x.k === 'param' || x.k === 'unknown') && hints(x).some((h) => URL_PART_NAME.test(h.split('.').pop() ?? '')))) return concat([l, r]);
        return UNKNOWN;
      }
      case ts.SyntaxKind.MinusToken:
      case ts.SyntaxKind.AsteriskToken:
      case ts.SyntaxKind.SlashToken:
      case ts.SyntaxKind.PercentToken:
      case ts.SyntaxKind.AsteriskAsteriskToken: {
        const left = this.eval(b.left);
        const r = numberOf(this.eval(b.right));
        // `now.getMinutes() % 15`: the clock's minute, tested for every 15th.
        if (op === ts.SyntaxKind.PercentToken && left.k === 'handle' && left.h.kind === 'clock.reading' && !left.h.every && r !== undefined) {
          return { k: 'handle', h: { ...left.h, every: r } };
        }
        const l = numberOf(left);
        if (l === undefined || r === undefined) return UNKNOWN;
        const v = op === ts.SyntaxKind.MinusToken ? l - r : op === ts.SyntaxKind.AsteriskToken ? l * r
          : op === ts.SyntaxKind.SlashToken ? (r === 0 ? NaN : l / r) : op === ts.SyntaxKind.PercentToken ? l % r : l ** r;
        return Number.isFinite(v) ? { k: 'num', v } : UNKNOWN;
      }
      case ts.SyntaxKind.BarBarToken:
      case ts.SyntaxKind.QuestionQuestionToken: {
        const l = this.eval(b.left);
        const r = this.eval(b.right);
        // `options.baseUrl || 'https://…'`: the caller's value when given, the literal otherwise.
        // `webhookUrl || process.env.GOOGLE_CHAT_WEBHOOK_URL`: the setting, when the caller passes nothing.
        // An empty default (`data.webhook_url || ''`) only keeps the value a string: no fallback.
        if (l.k === 'param' && isEmptyLiteral(r)) return l;
        if (l.k === 'param' && (!isUnknown(r) || (r.k === 'unknown' && r.hint?.startsWith('env:')))) return { ...l, fallback: r };
        // `(res.data.list || [])`, `(process.env.ADMINS || '').split(',')`: an empty default says nothing
        // about the value, which stays unknown (and keeps where it comes from).
        if (l.k === 'unknown' && isEmptyLiteral(r)) return l;
        // `const newCount = actualCount || 0` of a row count: zero is the count when there is none,
        // not what the count is (a branch on `newCount === 2` still runs).
        if (l.k === 'unknown' && r.k === 'num' && r.v === 0) return l;
        // `settings.webhook || process.env.DINGTALK_WEBHOOK` with the settings' default '': the
        // right side is what runs when the left is empty.
        if (b.operatorToken.kind === ts.SyntaxKind.BarBarToken && (isEmptyString(l) || l.k === 'null')) return r;
        if (!isUnknown(l) && l.k !== 'bool') return l;
        return isUnknown(r) ? l : r;
      }
      case ts.SyntaxKind.AmpersandAmpersandToken:
      case ts.SyntaxKind.CommaToken:
      case ts.SyntaxKind.EqualsToken:
        return this.eval(b.right);
      default:
        return UNKNOWN;
    }
  }

  private object(o: ts.ObjectLiteralExpression): Val {
    const props: Record<string, Val> = {};
    const spreads: ObjSpread[] = [];
    let open = false;
    for (const p of o.properties) {
      const name = !ts.isSpreadAssignment(p) && p.name ? propertyNameText(p.name) : undefined;
      if (name !== undefined) for (const sp of spreads) sp.shadowedBy.push(name);
      if (ts.isPropertyAssignment(p)) {
        const name = propertyNameText(p.name);
        if (name !== undefined) props[name] = this.eval(p.initializer); else open = true;
      } else if (ts.isShorthandPropertyAssignment(p)) {
        props[p.name.text] = this.eval(p.name);
      } else if (ts.isSpreadAssignment(p)) {
        const s = this.eval(p.expression);
        if (s.k === 'obj') { Object.assign(props, s.props); open = open || s.open; } else {
          open = true;
          if (dependsOnParams(s)) spreads.push({ v: s, shadowedBy: [] });
        }
      } else if (ts.isMethodDeclaration(p)) {
        const name = propertyNameText(p.name);
        if (name !== undefined && p.body) props[name] = { k: 'fn', ref: this.ctx.fnRef(p) };
      } else if (ts.isGetAccessor(p)) {
        // `{ get dingtalk() { return { markdown(…) {…} } } }` (an egg extension): reading the
        // property runs the getter.
        const name = propertyNameText(p.name);
        if (name !== undefined && p.body) props[name] = this.returnOf(this.ctx.fnRef(p), []);
      }
    }
    return spreads.length ? { k: 'obj', props, open, spreads } : { k: 'obj', props, open };
  }

  private identifier(id: ts.Identifier): Val {
    if (id.text === 'undefined') return { k: 'null' };
    const decl = this.ctx.scopes.resolve(id);
    if (!decl) {
      if (GLOBALS.has(id.text)) return { k: 'module', name: 'global', path: [id.text] };
      return { k: 'unknown', hint: id.text };
    }
    return this.declaration(decl, id.text);
  }

  declaration(decl: Declaration, name: string): Val {
    switch (decl.kind) {
      case ts.SyntaxKind.VariableDeclaration:
        return this.variable(decl as ts.VariableDeclaration, name);
      case ts.SyntaxKind.BindingElement: {
        const bp = bindingPath(decl as ts.BindingElement);
        if (!bp) return UNKNOWN;
        let base = ts.isParameter(bp.root) ? this.parameter(bp.root) : this.variableInit(bp.root);
        for (const step of bp.path) base = this.member(base, step);
        const init = (decl as ts.BindingElement).initializer;
        if (isUnknown(base) && init) return this.eval(init);
        // `{ base_url = 'https://oapi.dingtalk.com/robot/send' } = options`: the default stands in until a caller's value is known.
        if (base.k === 'param' && init) {
          const fallback = this.eval(init);
          if (!isUnknown(fallback)) return { ...base, fallback };
        }
        return base;
      }
      case ts.SyntaxKind.Parameter:
        return this.parameter(decl as ts.ParameterDeclaration);
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.FunctionExpression:
        return { k: 'fn', ref: this.ctx.fnRef(decl as FunctionNode) };
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression:
        return { k: 'class', ref: this.ctx.classRef(decl as ts.ClassLikeDeclaration) };
      case ts.SyntaxKind.EnumDeclaration: {
        const props: Record<string, Val> = {};
        for (const m of (decl as ts.EnumDeclaration).members) {
          const n = propertyNameText(m.name);
          if (n !== undefined) props[n] = m.initializer ? this.eval(m.initializer) : UNKNOWN;
        }
        return { k: 'obj', props, open: false };
      }
      case ts.SyntaxKind.ImportClause:
        return this.imported((decl as ts.ImportClause).parent, 'default');
      case ts.SyntaxKind.NamespaceImport:
        return this.imported((decl as ts.NamespaceImport).parent.parent, undefined);
      case ts.SyntaxKind.ImportSpecifier: {
        const s = decl as ts.ImportSpecifier;
        const imported = (s.propertyName ?? s.name).text;
        return this.imported(s.parent.parent.parent, imported);
      }
      case ts.SyntaxKind.ImportEqualsDeclaration: {
        const ref = (decl as ts.ImportEqualsDeclaration).moduleReference;
        if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) return this.moduleValue(ref.expression.text, undefined);
        return UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  private imported(decl: ts.ImportDeclaration | ts.JSDocImportTag, name: string | undefined): Val {
    if (!ts.isImportDeclaration(decl) || !ts.isStringLiteral(decl.moduleSpecifier)) return UNKNOWN;
    return this.moduleValue(decl.moduleSpecifier.text, name);
  }

  /**
   * `exports.BASE` / `module.exports.BASE` read back in the file that assigns it
   * (`exports.HTTP_CLIENT = axios.create({ baseURL: exports.BASE })`): the value assigned.
   */
  private ownCommonJsExport(p: ts.PropertyAccessExpression): ts.Expression | undefined {
    const target = p.expression;
    const isExports = (ts.isIdentifier(target) && target.text === 'exports' && !this.ctx.scopes.resolve(target))
      || (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression) && target.expression.text === 'module'
        && target.name.text === 'exports' && !this.ctx.scopes.resolve(target.expression));
    if (!isExports) return undefined;
    const assigned = this.ctx.cjsExports.filter((e) => e.name === p.name.text);
    // Read where it is assigned (`exports.x = …` itself) or ambiguous: nothing to read back.
    if (assigned.length !== 1 || (ts.isBinaryExpression(p.parent) && p.parent.left === p)) return undefined;
    return assigned[0].value;
  }

  /** A package becomes a module value; a workspace file becomes whatever it exports. */
  moduleValue(specifier: string, name: string | undefined): Val {
    if (specifier.startsWith('.') && specifier.endsWith('.json')) {
      const data = this.jsonModule(specifier);
      return name === undefined || name === 'default' ? data : member(data, name);
    }
    const target = this.ctx.index.resolveImport(this.ctx.file, specifier);
    if (target) {
      const model = this.ctx.index.model(target);
      if (!model) return UNKNOWN;
      if (name === undefined) return { k: 'module', name: `file:${target}`, path: [] };
      return model.exportVal(name);
    }
    if (specifier.startsWith('.')) return UNKNOWN;
    return { k: 'module', name: specifier, path: name === undefined ? [] : [name] };
  }

  /**
   * `require('./pos-node-addresses.json')`: the data as written. A file the project does not hold
   * (kept out of git, filled in per deployment) is configuration, a handful of entries like a list
   * in an environment variable.
   */
  private jsonModule(specifier: string): Val {
    const data = this.ctx.index.jsonData?.(this.ctx.file, specifier);
    if (data?.value !== undefined) return jsonValue(data.value, 0);
    if (data && !data.found) return { k: 'unknown', hint: `setting:${path.basename(specifier, '.json').replace(/\W+/g, '_')}` };
    return UNKNOWN;
  }

  private variable(decl: ts.VariableDeclaration, name: string): Val {
    const init = this.withGrowth(decl, name, this.withAssignedProps(decl, name, this.variableInit(decl)));
    // `let signStr = ''; if (secret) signStr = `&timestamp=…&sign=…``: an empty default means
    // "nothing appended"; the assigned string is the shape the request has when it applies.
    const emptyList = init.k === 'arr' && init.exact && init.items.length === 0;
    if (!isUnknown(init) && !isEmptyString(init) && !emptyList) return init;
    // `let casados; if (ref) casados = [one] else casados = matches.map(…)`: a list as long as either.
    if (emptyList || (!decl.initializer && ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Let) !== 0)) {
      const mixed = listOfAnySize(this.ownAssignments(decl, name).map((a) => this.eval(a.right)));
      if (mixed) return mixed;
    }
    // `let client; … client = google.chat(…)`: the first recognisable assignment gives the value.
    let reassigned: Val | undefined;
    let computed: Val | undefined;
    const assignments = this.ownAssignments(decl, name);
    for (const a of assignments) {
      const v = this.eval(a.right);
      reassigned ??= v;
      if (v.k === 'unknown' && v.from) computed ??= v;
      if (v.k === 'instance' && this.assignsOtherInstance(assignments, a, v)) return { ...v, oneOf: true };
      if (!isUnknown(v) && (!isEmptyString(init) || v.k === 'str') && (!emptyList || !isEmptyLiteral(v))) return v;
      // `let webhookUrl = ''; switch (station) { case 'SSW': webhookUrl = process.env.DINGTALK_WEBHOOK_SSW; … }`:
      // the setting the variable is filled from says more than the empty placeholder.
      if (isEmptyString(init) && v.k === 'unknown' && v.hint?.startsWith('env:')) return v;
    }
    // `let robots = []; if (…) robots = await loadRobots()`: a list replaced later is not empty.
    if (emptyList && reassigned) return reassigned;
    // `let target = null; … target = routeToChannel(event, rule)`: unknown, but it varies as the rule does.
    if (isUnknown(init) && computed) return computed;
    // `const notion_webhook = process.env.SPACE_ID`: the name the code gives the setting says what it holds.
    if (init.k === 'unknown' && init.hint?.startsWith('env:') && !init.alias) return { ...init, alias: name };
    // `const webhookUrl = map[key] ?? map[spaceId]` from a table parsed at run time: nothing is known
    // of the value but the name the code gives it.
    if (init.k === 'unknown' && !init.hint && !init.alias && decl.initializer) return { ...init, hint: name };
    // `let webhookUrl; try { webhookUrl = (await db.setting.find(…))?.value } catch { return }`: the
    // same, for a variable declared first and filled in a block.
    // A hint with a kind (`env:…`, `rows:…`) says more than the name and is kept.
    if (!decl.initializer && reassigned?.k === 'unknown' && !reassigned.alias) return reassigned.hint?.includes(':') ? reassigned : { ...reassigned, hint: name };
    return init;
  }

  /** `chatApi = config.dryRun ? … : …` in branches: `new DryRunChatAPI()` in one, `new ChatAPI()` in the other. */
  private assignsOtherInstance(assignments: ts.BinaryExpression[], first: ts.BinaryExpression, v: Val & { k: 'instance' }): boolean {
    return assignments.some((a) => {
      if (a === first) return false;
      const other = this.eval(a.right);
      return other.k === 'instance' && (other.ref.file !== v.ref.file || other.ref.pos !== v.ref.pos);
    });
  }

  private ownAssignments(decl: ts.VariableDeclaration, name: string): ts.BinaryExpression[] {
    return (this.ctx.assignments.get(name) ?? []).filter((a) => this.ctx.scopes.resolve(a.left as ts.Identifier) === decl);
  }

  /** `let todayList = []; … todayList.push(row)`: a list filled later has as many items as the run time gives it. */
  private withGrowth(decl: ts.VariableDeclaration, name: string, v: Val): Val {
    if (v.k !== 'arr' || !v.exact) return v;
    const growth = (this.ctx.arrayGrowth.get(name) ?? []).filter((t) => this.ctx.scopes.resolve(t) === decl);
    if (!growth.length) return v;
    // `const types = []; if (a) types.push('pharmacies'); if (b) types.push('grocery', 'supermarket')`:
    // pushes that each run at most once bound the list by the items they add.
    let upTo: number | undefined = v.items.length;
    for (const t of growth) {
      const added = itemsAddedOnce(t, decl);
      upTo = added === undefined || upTo === undefined ? undefined : upTo + added;
    }
    // `const chunks = []; for (let i = 0; i < text.length; i += 4096) chunks.push(text.slice(i, i + 4096))`.
    if (upTo === undefined && v.items.length === 0 && pushesPiecesOfText(growth, decl, this.ctx.scopes)) return { k: 'unknown', hint: `pieces:${name}` };
    // `for (let i = 0; i < ids.length; i += SIZE) chunks.push(ids.slice(i, i + SIZE))`: chunks of at most SIZE.
    const chunkSize = upTo === undefined && v.items.length === 0 ? this.slicedChunkSize(growth) : undefined;
    if (chunkSize !== undefined) return { k: 'arr', items: [], exact: false, element: { k: 'arr', items: [], exact: false, upTo: chunkSize } };
    if (upTo === undefined && v.items.length === 0 && growth.length === 1) {
      // `const tasks = []; for (const admin of admins) tasks.push(…)`: one item per item of a list we can bound.
      const each = pushedOncePerItem(growth[0], decl);
      if (each) {
        const list = this.eval(each.expression);
        if (list.k === 'unknown' && list.hint && listHint(list.hint)) return list;
        if (list.k === 'unknown' && isPageHint(list.hint)) return list;
        if (list.k === 'arr' && (list.exact || list.upTo !== undefined)) return { k: 'arr', items: [], exact: false, upTo: list.exact ? list.items.length : list.upTo };
      }
    }
    return { ...v, exact: false, upTo };
  }

  /**
   * The size of the slices every push adds: `list.slice(i, i + SIZE)` or `list.splice(0, SIZE)`.
   * Undefined when any push adds something else.
   */
  private slicedChunkSize(pushTargets: ts.Identifier[]): number | undefined {
    let size: number | undefined;
    for (const target of pushTargets) {
      const access = target.parent;
      const push = access?.parent;
      if (!ts.isPropertyAccessExpression(access) || access.name.text !== 'push' || !ts.isCallExpression(push) || push.arguments.length !== 1) return undefined;
      const slice = unwrapValue(push.arguments[0]);
      if (!ts.isCallExpression(slice) || !ts.isPropertyAccessExpression(slice.expression) || slice.arguments.length !== 2) return undefined;
      const [start, end] = slice.arguments;
      const method = slice.expression.name.text;
      let n: number | undefined;
      if (method === 'splice') n = numberOf(this.eval(end));
      else if (method === 'slice' && ts.isBinaryExpression(end) && end.operatorToken.kind === ts.SyntaxKind.PlusToken
        && unwrapValue(end.left).getText(this.ctx.sf) === unwrapValue(start).getText(this.ctx.sf)) n = numberOf(this.eval(end.right));
      if (n === undefined || n <= 0) return undefined;
      size = Math.max(size ?? 0, n);
    }
    return size;
  }

  /**
   * `const rule = new RecurrenceRule(); rule.minute = 0;` and `const cfg = {}; cfg.url = '…'`:
   * properties assigned after creation complete the object.
   */
  private withAssignedProps(decl: ts.VariableDeclaration | ts.ParameterDeclaration, name: string, v: Val): Val {
    const isRule = v.k === 'handle' && v.h.kind === 'schedule.rule';
    if (v.k !== 'obj' && !isRule) return v;
    // A dictionary filled under computed keys has as many entries as the run time puts in it.
    if (v.k === 'obj' && (this.ctx.computedAssignments.get(name) ?? []).some((t) => this.ctx.scopes.resolve(t) === decl)) {
      v = { ...v, open: true };
    }
    const assigned = (this.ctx.propAssignments.get(name) ?? []).filter((a) => this.ctx.scopes.resolve(a.target) === decl);
    // `const state = { rows: [] }` with `state.rows = loadDraft()` or `state.rows.push(row)` elsewhere:
    // the empty list is a placeholder for rows the run time supplies, of a size the code does not say.
    const placeholders = v.k === 'obj' ? Object.keys(v.props).filter((prop) => isExactEmptyList(v.props[prop])
      && (assigned.some((a) => a.prop === prop) || (this.ctx.arrayGrowth.get(`${name}.${prop}`) ?? []).some((t) => this.ctx.scopes.resolve(t) === decl))) : [];
    if (!assigned.length && !placeholders.length) return v;
    const props: Record<string, Val> = v.k === 'obj' ? { ...v.props } : {};
    for (const prop of placeholders) props[prop] = { k: 'unknown', hint: `${name}.${prop}` };
    for (const a of assigned) {
      if (placeholders.includes(a.prop)) continue;
      if (!(a.prop in props) || isUnknown(props[a.prop])) props[a.prop] = this.eval(a.value);
      // `const options = { command: '', dryRun: false }` filled in from the command line
      // (`options.command = arg`): the written constant is where the value starts, not what it is.
      else if (isConstant(props[a.prop]) && !sameVal(props[a.prop], this.eval(a.value))) props[a.prop] = { k: 'unknown', hint: `${name}.${a.prop}` };
    }
    return { k: 'obj', props, open: v.k === 'obj' ? v.open : false };
  }

  private variableInit(decl: ts.VariableDeclaration | ts.ParameterDeclaration): Val {
    if (ts.isParameter(decl)) return this.parameter(decl);
    const list = decl.parent;
    const loopHeader = list?.parent;
    if (loopHeader && (ts.isForOfStatement(loopHeader) || ts.isForInStatement(loopHeader)) && loopHeader.initializer === list) {
      const iterable = ts.isForOfStatement(loopHeader) ? this.eval(loopHeader.expression) : UNKNOWN;
      return { k: 'loopvar', loop: this.ctx.loopId(loopHeader), path: [], element: elementOf(iterable), name: elementName(decl.name, loopHeader.expression), ...withSources(iterable), ...entriesOf(iterable) };
    }
    if (loopHeader && ts.isForStatement(loopHeader) && loopHeader.initializer === list) {
      return { k: 'loopvar', loop: this.ctx.loopId(loopHeader), path: [] };
    }
    if (decl.initializer) {
      const v = this.eval(decl.initializer);
      // A value a project function computed from the item (`teamWebhook(comment.team)`) already says
      // how it varies; from the caller's parameters only, it is the same in every iteration, and so
      // is one parsed from a setting (`new URL(process.env.CHAT_WEBHOOK_URL)`).
      const computed = v.k === 'unknown' && !v.from && (!v.hint || containsCall(decl.initializer)) && !v.hint?.startsWith(NODE_PARAMETER)
        && !v.hint?.startsWith('env:');
      return computed ? this.recomputedPerIteration(decl, v) ?? v : v;
    }
    if (decl.type) return this.typeValue(decl.type);
    return UNKNOWN;
  }

  /**
   * A variable declared inside a loop body holds a new value on every iteration, even when we
   * cannot tell what: `const dm = await findDirectMessage(user)` names a different space each time.
   */
  private recomputedPerIteration(decl: ts.Node, v: Val = UNKNOWN): Val | undefined {
    const loops: string[] = [];
    let child: ts.Node = decl;
    for (let n: ts.Node | undefined = decl.parent; n; child = n, n = n.parent) {
      if (ts.isIterationStatement(n, false) && (n as ts.IterationStatement).statement === child) loops.push(this.ctx.loopId(n));
      if (ts.isFunctionLike(n)) {
        const it = iterationCallbackLoop(n);
        if (!it) break;
        loops.push(this.ctx.loopId(it.call));
      }
    }
    if (!loops.length) return undefined;
    // What is known of each iteration's value stays known: one page of a list request per space.
    const element = v.k === 'unknown' && isPageHint(v.hint) ? v : undefined;
    return { k: 'loopvar', loop: loops[0], path: [], outer: loops.slice(1), element };
  }

  parameter(p: ts.ParameterDeclaration): Val {
    const fn = p.parent as FunctionNode;
    if (!ts.isFunctionLike(fn)) return UNKNOWN;
    // Parameters of callbacks handed to array iteration methods are the loop element.
    const iteration = iterationCallbackLoop(fn);
    if (iteration) {
      const index = callParameters(fn).indexOf(p);
      const elementIndex = iteration.method === 'reduce' ? 1 : 0;
      const loop = this.ctx.loopId(iteration.call);
      if (index === elementIndex) {
        const receiver = this.eval(iteration.receiver);
        return { k: 'loopvar', loop, path: [], element: elementOf(receiver), name: elementName(p.name, iteration.receiver), ...withSources(receiver), ...entriesOf(receiver) };
      }
      if (index === elementIndex + 1) return { k: 'loopvar', loop, path: [] };
      return UNKNOWN;
    }
    // An injected client is recognised from its declared type (NestJS providers, typed params).
    if (p.type) {
      // A constructor parameter typed with a workspace class (`constructor(private chatApi: ChatAPI)`,
      // or `constructor(dingApi: DingdingApi) { this.dingApi = dingApi }`) is an injected service;
      // other parameters typed with a workspace class are usually data (`task: Task`) and keep
      // flowing from the caller's argument.
      const injected = ts.isConstructorDeclaration(fn);
      const typed = this.typeValue(p.type, injected);
      // Whoever builds the class may pass another instance than the declared type (a test's stand-in).
      if (injected && typed.k === 'instance') return { ...typed, slot: { ctor: this.ctx.fnRef(fn), index: callParameters(fn).indexOf(p) } };
      if (!isUnknown(typed)) return typed;
    }
    if (fn.body === undefined) return UNKNOWN;
    const name = ts.isIdentifier(p.name) ? p.name.text : undefined;
    // `options = { json: true }` then `options.body = body`: the default as the function completes it.
    // `notifyAll(notifier: ChatNotifier, …)` with no caller passing one: an instance of the declared
    // class, whose methods are known (a caller's argument still comes first).
    const initial = p.initializer ? this.eval(p.initializer) : p.type ? this.declaredInstance(p.type) : undefined;
    // `constructor(private readonly dingtalkClient = new DingTalkClient())`: a service injected with a
    // default is the default wherever the class is built without one, as a typed one is its type.
    if (initial && ts.isConstructorDeclaration(fn) && (initial.k === 'instance' || initial.k === 'handle')) return initial;
    // egg calls its schedules' `task(ctx)` and `module.exports = app => …` with its own objects
    // (and a test with a mock of the same: `app.mockContext()`).
    const egg = initial ? undefined : eggParameter(this.ctx.file, name, this.ctx.index);
    if (egg) return egg;
    const fallback = initial && name ? this.withAssignedProps(p, name, initial) : initial;
    return { k: 'param', fn: this.ctx.fnRef(fn), index: callParameters(fn).indexOf(p), path: [], name, fallback: fallback && !isUnknown(fallback) ? fallback : undefined };
  }

  /** The instance a parameter's declared workspace class stands for; undefined for data types and interfaces. */
  private declaredInstance(type: ts.TypeNode): Val | undefined {
    const v = this.typeValue(type, true);
    return v.k === 'instance' ? v : undefined;
  }

  /**
   * `client: ChatServiceClient` or `chat: chat_v1.Chat`: an instance of the named class, if we know
   * it. With `workspaceClasses`, also a class of the workspace (for injected fields and parameter
   * properties).
   */
  typeValue(type: ts.TypeNode, workspaceClasses = false): Val {
    // Types reach values (`typeof x`, class names) and values reach types (typed parameters): the
    // same guard as eval keeps a cycle between them finite.
    if (this.ctx.active.has(type) || this.depth > MAX_DEPTH) return UNKNOWN;
    this.ctx.active.add(type);
    this.depth++;
    try {
      return this.typeValueOf(type, workspaceClasses);
    } finally {
      this.depth--;
      this.ctx.active.delete(type);
    }
  }

  private typeValueOf(type: ts.TypeNode, workspaceClasses: boolean): Val {
    // `typeof chat`: the value itself; `ReturnType<typeof google.chat>`: what calling it returns.
    if (ts.isTypeQueryNode(type)) return this.entityName(type.exprName);
    if (ts.isParenthesizedTypeNode(type)) return this.typeValue(type.type);
    if (ts.isFunctionTypeNode(type)) {
      const returns = this.typeValue(type.type);
      return isUnknown(returns) ? UNKNOWN : { k: 'handle', h: { kind: 'builtin.returns', target: returns } };
    }
    if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeArguments?.length === 1) {
      const wrapper = type.typeName.text;
      const inner = type.typeArguments[0];
      const valueOf = (t: ts.TypeNode): Val | undefined => (ts.isTypeQueryNode(t) ? this.entityName(t.exprName)
        : ts.isImportTypeNode(t) && t.isTypeOf ? this.typeValue(t) : undefined);
      const v = valueOf(inner);
      if (wrapper === 'ReturnType' && v) return this.call(v, []);
      if (wrapper === 'InstanceType' && v) return this.construct(v, []);
      if (wrapper === 'Awaited' || wrapper === 'Promise') return this.typeValue(inner);
    }
    if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && !this.ctx.scopes.resolve(type.typeName)) {
      // A type alias declared in this file: `type ChatClient = ReturnType<typeof google.chat>`.
      const alias = this.ctx.sf.statements.find((st): st is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(st) && st.name.text === (type.typeName as ts.Identifier).text);
      if (alias) return this.typeValue(alias.type);
    }
    if (ts.isImportTypeNode(type) && type.qualifier && ts.isLiteralTypeNode(type.argument) && ts.isStringLiteral(type.argument.literal)) {
      let v = this.moduleValue(type.argument.literal.text, undefined);
      const names: string[] = [];
      for (let q: ts.EntityName = type.qualifier; ; q = q.left) { names.unshift(ts.isIdentifier(q) ? q.text : q.right.text); if (ts.isIdentifier(q)) break; }
      for (const n of names) v = this.member(v, n);
      return type.isTypeOf ? v : this.construct(v, []);
    }
    // `ChatAPI | DryRunChatAPI`: the first member we know (the real client; test doubles come later).
    if (ts.isUnionTypeNode(type)) {
      for (const t of type.types) {
        const v = this.typeValue(t, workspaceClasses);
        if (!isUnknown(v)) return v;
      }
      return UNKNOWN;
    }
    if (!ts.isTypeReferenceNode(type)) return UNKNOWN;
    // Names in type position live in their own namespace: in `(output: output) => …` the type is
    // not the parameter (resolving it so would recurse forever).
    const head = leftmost(type.typeName);
    const decl = this.ctx.scopes.resolve(head);
    if (decl && (ts.isParameter(decl) || ts.isVariableDeclaration(decl) || ts.isBindingElement(decl))) return UNKNOWN;
    const ctor = this.entityName(type.typeName);
    if (ctor.k === 'module' || ctor.k === 'handle') {
      const v = this.construct(ctor, []);
      return v;
    }
    // An injected class of the workspace (`private chatApi: ChatAPI`, imported with `import type`):
    // its methods are known even where the instance was created elsewhere.
    if (ctor.k === 'class' && workspaceClasses) return { k: 'instance', ref: ctor.ref };
    if (workspaceClasses && isUnknown(ctor) && ts.isIdentifier(type.typeName)) return this.implementationsOf(type.typeName);
    return UNKNOWN;
  }

  /**
   * A service injected through an interface of the project (`constructor(private adapter: ChatAdapter)`):
   * any class that implements it may be behind it, so calling a method calls any of theirs. A fake
   * among them calls nothing, the real adapter calls the API: the call reaches the API.
   */
  private implementationsOf(name: ts.Identifier): Val {
    if (!this.isWorkspaceType(name)) return UNKNOWN;
    const implementers = this.ctx.index.implementersOf?.(name.text, this.ctx.file) ?? [];
    // A dozen implementations is a framework's interface (`Repository`), not one port with its adapters.
    if (!implementers.length || implementers.length > MAX_IMPLEMENTERS) return UNKNOWN;
    const instances = implementers.flatMap(({ file, className }): Val[] => {
      const cls = file === this.ctx.file ? this.localClass(className) : this.ctx.index.model(file)?.exportVal(className);
      return cls?.k === 'class' ? [{ k: 'instance', ref: cls.ref }] : [];
    });
    if (instances.length <= 1) return instances[0] ?? UNKNOWN;
    return { k: 'handle', h: { kind: 'builtin.anyInstance', instances } };
  }

  /** Whether a type name is declared by the project: an interface of this file, or imported from a workspace file. */
  private isWorkspaceType(name: ts.Identifier): boolean {
    const decl = this.ctx.scopes.resolve(name);
    if (!decl) return this.ctx.sf.statements.some((st) => ts.isInterfaceDeclaration(st) && st.name.text === name.text);
    const importDecl = ts.isImportSpecifier(decl) ? decl.parent.parent.parent : ts.isImportClause(decl) ? decl.parent : undefined;
    return !!importDecl && ts.isStringLiteral(importDecl.moduleSpecifier)
      && this.ctx.index.resolveImport(this.ctx.file, importDecl.moduleSpecifier.text) !== undefined;
  }

  private localClass(name: string): Val | undefined {
    const cls = this.ctx.sf.statements.find((st): st is ts.ClassDeclaration => ts.isClassDeclaration(st) && st.name?.text === name);
    return cls ? { k: 'class', ref: this.ctx.classRef(cls) } : undefined;
  }

  private entityName(name: ts.EntityName): Val {
    if (ts.isIdentifier(name)) return this.identifier(name);
    return this.member(this.entityName(name.left), name.right.text);
  }

  thisValue(node: ts.Node): Val {
    // Arrow functions keep the `this` of their enclosing method.
    for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
      if (ts.isArrowFunction(n)) continue;
      // `const tools = { send: function () { this.requestHttp(…) } }`: a method of an object
      // literal is called on that object.
      const owner = objectLiteralOwning(n);
      if (owner) return eggExtensionThis(owner, this.ctx.file, this.ctx.index) ?? this.eval(owner);
      if (ts.isFunctionExpression(n)) {
        // `Queue.prototype.add = function () { this.flush() }`: called on an instance, which has the prototype's methods.
        const assigned = ts.isBinaryExpression(n.parent) && n.parent.right === n ? n.parent.left : undefined;
        const proto = assigned && ts.isPropertyAccessExpression(assigned) && ts.isPropertyAccessExpression(assigned.expression)
          && assigned.expression.name.text === 'prototype' && ts.isIdentifier(assigned.expression.expression) ? assigned.expression.expression.text : undefined;
        return proto ? this.prototypeObject(proto) ?? UNKNOWN : UNKNOWN;
      }
      if (ts.isFunctionDeclaration(n)) return UNKNOWN;
      // In a static method (`static async send() { await this.#sendDingDing() }`), `this` is the class.
      if ((ts.isMethodDeclaration(n) || ts.isPropertyDeclaration(n) || ts.isGetAccessor(n)) && ts.isClassLike(n.parent)
        && (ts.getCombinedModifierFlags(n) & ts.ModifierFlags.Static) !== 0) {
        return { k: 'class', ref: this.ctx.classRef(n.parent) };
      }
      if (ts.isClassLike(n)) return { k: 'instance', ref: this.ctx.classRef(n) };
    }
    return UNKNOWN;
  }

  /** The constructor of a class of the workspace, where its parameters can be replaced. */
  constructorOf(ref: ClassRef): FnRef | undefined {
    if (ref.file !== this.ctx.file) return this.ctx.index.model(ref.file)?.constructorRef?.(ref.pos);
    const cls = this.ctx.classes.get(ref.pos);
    const ctor = cls?.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
    if (ctor) return this.ctx.fnRef(ctor);
    // `class ActionHandler extends BaseHandler {}`: built with the base class's constructor.
    const base = cls?.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (!base || this.ctx.active.has(base)) return undefined;
    this.ctx.active.add(base);
    try {
      const b = this.eval(base.expression);
      return b.k === 'class' ? this.constructorOf(b.ref) : undefined;
    } finally {
      this.ctx.active.delete(base);
    }
  }

  /** `super.getDetail(query)`: the base class's member, as an instance (or the class in static code). */
  private superValue(node: ts.Node): Val {
    const self = this.thisValue(node);
    if (self.k !== 'instance' && self.k !== 'class') return UNKNOWN;
    if (self.ref.file !== this.ctx.file) return UNKNOWN;
    const cls = this.ctx.classes.get(self.ref.pos);
    const base = cls?.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (!base) return UNKNOWN;
    const b = this.eval(base.expression);
    if (b.k !== 'class') return UNKNOWN;
    return self.k === 'class' ? b : { k: 'instance', ref: b.ref };
  }

  member(v: Val, name: string): Val {
    if (name === 'bind' || name === 'call' || name === 'apply') {
      if (v.k === 'fn' || v.k === 'handle' || v.k === 'module') return { k: 'handle', h: { kind: `builtin.${name}`, target: v } };
    }
    if (v.k === 'handle' && v.h.kind === 'builtin.anyInstance') {
      // One of several implementations of an interface: its method is any of theirs.
      const members = (v.h.instances as Val[]).map((i) => this.member(i, name)).filter((m) => !isUnknown(m));
      const fns = members.filter((m) => m.k === 'fn');
      if (fns.length > 1) return { k: 'handle', h: { kind: 'builtin.anyOf', fns } };
      return fns[0] ?? members[0] ?? UNKNOWN;
    }
    if (v.k === 'instance' || v.k === 'class') {
      const m = this.classMember(v.ref, name, v.k === 'class', v);
      // `new GoogleChatSender({ url }).send(msg)`: send() reads `this.url`, set from the constructor's argument.
      if (v.k === 'instance' && v.ctorArgs && m.k === 'fn' && !m.ctor) {
        const ctor = this.constructorOf(v.ref);
        if (ctor) return { ...m, ctor: { ref: ctor, args: v.ctorArgs } };
      }
      if (v.k === 'instance' && v.slot && m.k === 'fn') return { ...m, slot: { ...v.slot, member: name, declared: m.ref } };
      return m;
    }
    const egg = eggMember(v, name, this.ctx.file, this.ctx.index);
    if (egg) return egg;
    if (v.k === 'arr' && (SAME_LENGTH.has(name) || name === 'filter' || name === 'flat')) return { k: 'handle', h: { kind: 'array.method', target: v, name } };
    if (v.k === 'str') {
      // url.toString(), url.href, s.trim(): still the same URL shape.
      if (name === 'href' || name === 'url') return v;
      const part = urlPart(v, name);
      if (part) return part;
      if (['toString', 'valueOf', 'toJSON', 'trim', 'normalize'].includes(name)) return { k: 'handle', h: { kind: 'builtin.self', target: v } };
      if (name === 'length') return UNKNOWN;
    }
    if (v.k === 'module' && v.name.startsWith('file:')) {
      const model = this.ctx.index.model(v.name.slice(5));
      if (v.path.length === 0 && model) return model.exportVal(name);
    }
    if (isProcessEnv(v)) {
      return this.setting(name);
    }
    for (const lib of this.libraries) {
      const r = lib.member?.(v, name);
      if (r) return r;
    }
    // `(deps.chatClient ?? new GoogleChatApiClient(cfg)).sendTextMessage`: the default's member is
    // read as any other (a class's method), not only an object's field.
    if (v.k === 'param' && v.fallback && (v.fallback.k === 'instance' || v.fallback.k === 'class' || v.fallback.k === 'handle' || v.fallback.k === 'module')) {
      const fallback = this.member(v.fallback, name);
      return { k: 'param', fn: v.fn, index: v.index, path: [...v.path, name], name: v.name, fallback: isUnknown(fallback) ? undefined : fallback };
    }
    return member(v, name);
  }

  /**
   * An environment setting: unknown, named after the setting, unless the project's `.env.example`
   * shows it holds a service URL (`WEBHOOK_URL=https://chat.googleapis.com/v1/spaces/…`), which then
   * says where the code posts better than the name can.
   */
  private setting(name: string): Val {
    const url = this.ctx.index.settingExampleUrl?.(this.ctx.file, name);
    return url ? str(url) : { k: 'unknown', hint: `env:${name}` };
  }

  classMember(ref: ClassRef, name: string, isStatic: boolean, self?: Val): Val {
    if (ref.file !== this.ctx.file) {
      return this.ctx.index.model(ref.file)?.classMember(ref.pos, name, isStatic) ?? UNKNOWN;
    }
    const cls = this.ctx.classes.get(ref.pos);
    if (!cls) return UNKNOWN;
    for (const m of cls.members) {
      const n = m.name ? propertyNameText(m.name) : undefined;
      if (n !== name) continue;
      const memberStatic = !!ts.getCombinedModifierFlags(m as ts.Declaration) && (ts.getCombinedModifierFlags(m as ts.Declaration) & ts.ModifierFlags.Static) !== 0;
      if (memberStatic !== isStatic) continue;
      if (ts.isMethodDeclaration(m) && m.body) return { k: 'fn', ref: this.ctx.fnRef(m) };
      if (ts.isGetAccessor(m) && m.body) return this.returnOf(this.ctx.fnRef(m), []);
      if (ts.isPropertyDeclaration(m)) {
        if (m.initializer) {
          const v = this.eval(m.initializer);
          // `private failures = 0` counted up by `this.failures++`, `state = { alerts: { n: 0 } }`
          // changed by `this.state.alerts.n = …`, `state = 'AUTHED'` set by a method: where they start.
          if (!isUnknown(v)) return this.asWritten(cls, name, v);
        }
        const assigned = this.thisAssigned(cls, name);
        if (!isUnknown(assigned)) return this.asWritten(cls, name, assigned);
        if (m.type) return this.typeValue(m.type, true);
        return UNKNOWN;
      }
    }
    if (!isStatic) {
      const assigned = this.thisAssigned(cls, name);
      if (!isUnknown(assigned)) return this.asWritten(cls, name, assigned);
      // Constructor parameter properties: `constructor(private readonly chat: ChatServiceClient)`.
      const ctor = cls.members.find(ts.isConstructorDeclaration);
      const pp = ctor?.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === name && ts.getModifiers(p)?.length);
      if (pp) return this.parameter(pp);
    }
    const base = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (base) {
      const b = this.eval(base.expression);
      if (b.k === 'class') return this.classMember(b.ref, name, isStatic, self);
      // `class NoticeController extends Controller` (egg): this.ctx, this.app, this.service.
      const egg = !isStatic && b.k === 'module' && EGG_MODULES.has(b.name) ? eggBaseMember(this.ctx.file, name) : undefined;
      if (egg) return egg;
      if (!isStatic && (b.k === 'module' || b.k === 'handle')) return this.member(this.construct(b, []), name);
    }
    return UNKNOWN;
  }

  /** A field's value as its methods leave it: where a counter or state starts says nothing about later (withoutCounters). */
  private asWritten(cls: ts.ClassLikeDeclaration, name: string, v: Val): Val {
    return this.ctx.thisFieldWrites.get(cls)?.has(name) ? withoutCounters(v) : v;
  }

  private thisAssigned(cls: ts.ClassLikeDeclaration, name: string): Val {
    for (const expr of this.ctx.thisAssignments.get(cls)?.get(name) ?? []) {
      const v = this.eval(expr);
      if (!isUnknown(v)) return v;
    }
    return UNKNOWN;
  }

  /** `now.getMinutes()` with `const now = new Date()`, `new Date().getUTCHours()`: what the clock reads. */
  private clockOf(c: ts.CallExpression): Val | undefined {
    if (!ts.isPropertyAccessExpression(c.expression) || c.arguments.length) return undefined;
    const part = CLOCK_GETTERS[c.expression.name.text];
    if (!part) return undefined;
    let date = unwrapValue(c.expression.expression);
    if (ts.isIdentifier(date)) {
      const decl = this.ctx.scopes.resolve(date);
      if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
      date = unwrapValue(decl.initializer);
    }
    const isNow = ts.isNewExpression(date) && ts.isIdentifier(date.expression) && date.expression.text === 'Date' && !date.arguments?.length;
    return isNow ? clockReading(part, this.ctx.loc(c)) : undefined;
  }

  private callExpression(c: ts.CallExpression): Val {
    const callee = c.expression;
    if (ts.isIdentifier(callee) && callee.text === 'require' && !this.ctx.scopes.resolve(callee)) {
      const arg = c.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) return this.moduleValue(arg.text, undefined);
      // require(`./${process.env.NODE_ENV || 'development'}`): a relative file named by a setting, at its stated default.
      const named = arg && ts.isTemplateExpression(arg) ? literal(this.eval(arg)) : undefined;
      return named?.startsWith('.') ? this.moduleValue(named, undefined) : UNKNOWN;
    }
    const clock = this.clockOf(c);
    if (clock) return clock;
    // `rewire('../lib/dingding')`, `proxyquire('./notify', stubs)` in a test: the module, loaded as
    // require loads it (stubs or not, its calls are the ones the test runs).
    const first = c.arguments[0];
    if (first && ts.isStringLiteralLike(first) && ts.isIdentifier(callee) && modulePath(this.eval(callee), 'rewire', 'proxyquire')?.length === 0) {
      return this.moduleValue(first.text, undefined);
    }
    if (callee.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = c.arguments[0];
      return arg && ts.isStringLiteralLike(arg) ? this.moduleValue(arg.text, undefined) : UNKNOWN;
    }
    // `Number(env.MSG_SLEEP_TIME || 500)`, `parseInt(process.env.DELAY ?? '1000', 10)`: the setting's
    // default, as a number, is what the code says the value is.
    if (ts.isIdentifier(callee) && NUMBER_PARSERS.has(callee.text) && !this.ctx.scopes.resolve(callee) && c.arguments[0]) {
      const arg = this.eval(c.arguments[0]);
      const n = arg.k === 'num' ? parsedNumber(callee.text, String(arg.v)) : arg.k === 'str' && arg.parts.length === 1 && typeof arg.parts[0] === 'string' ? parsedNumber(callee.text, arg.parts[0]) : undefined;
      return n !== undefined ? { k: 'num', v: n } : UNKNOWN;
    }
    // An n8n node's parameter (`this.getNodeParameter('webhookUrl', i)`) is read per item but set
    // once on the node: the same webhook, space or robot for every item of the run.
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'getNodeParameter' && c.arguments[0] && ts.isStringLiteralLike(c.arguments[0])) {
      return { k: 'unknown', hint: `${NODE_PARAMETER}${c.arguments[0].text}` };
    }
    // The items an n8n workflow hands its node (`this.getInputData()`): whatever the trigger or the
    // previous node produced, often every row of a sheet or a query.
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'getInputData' && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
      return { k: 'unknown', hint: N8N_INPUT };
    }
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'slice') {
      const sliced = this.slice(c, callee);
      if (sliced) return sliced;
    }
    const parts = this.literalParts(c, callee);
    if (parts) return parts;
    // `text.match(/[\s\S]{1,4000}/g)`: the pieces of one text.
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'match' && splitsIntoPieces(c.arguments[0], callee.expression, this.ctx.scopes)) {
      return { k: 'unknown', hint: `pieces:${callee.expression.getText(this.ctx.sf)}` };
    }
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'filter' && selectsAdmins(c.arguments[0])) {
      const all = this.eval(callee.expression);
      if (!(all.k === 'arr' && (all.exact || all.upTo !== undefined))) return { k: 'unknown', hint: 'role:admin' };
    }
    if (ts.isPropertyAccessExpression(callee)) {
      // `messages.filter(isNew).reverse()` of one page of a list request is still at most one page,
      // and so is `.limit(20).order('id')` of a query builder.
      const receiver = this.eval(callee.expression);
      const page = receiver.k === 'loopvar' ? receiver.element : receiver;
      if (page?.k === 'unknown' && isPageHint(page.hint)) return withThunks(receiver, this.thunkOf(c, callee));
    }
    const query = this.requestQuery(c, callee);
    if (query) return query;
    // `url.toString()` of a URL built from a string: that string.
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'toString' && c.arguments.length === 0) {
      const receiver = this.eval(callee.expression);
      if (receiver.k === 'str' || receiver.k === 'param') return receiver;
    }
    const args = c.arguments.map((a) => this.eval(a));
    const calleeValue = this.eval(callee);
    // `services.get(type)` of a Map the code fills with `services.set(type, createService(config))`.
    if (isUnknown(calleeValue) && ts.isPropertyAccessExpression(callee) && callee.name.text === 'get' && c.arguments.length === 1) {
      const filled = this.dictionaryEntry(callee.expression);
      if (filled) return filled;
    }
    // `moduleRef.get(ChatService)`, `app.getServerlessInstance<DingTimer>(DingTimer)`, `Container.get(…)`:
    // a dependency-injection container hands out the instance of the class it is asked for.
    if (isUnknown(calleeValue) && ts.isPropertyAccessExpression(callee) && /^(get|resolve)/.test(callee.name.text) && args[0]?.k === 'class') {
      return { k: 'instance', ref: args[0].ref };
    }
    const result = withThunks(this.call(calleeValue, args), this.thunkOf(c, callee));
    // `spaceId.replace(/^spaces\//, '')`: a parameter rewritten is unknown, but varies as the parameter does.
    if (result.k === 'unknown' && !result.hint && !result.from && ts.isPropertyAccessExpression(callee) && STRING_REWRITES.has(callee.name.text)) {
      const receiver = this.eval(callee.expression);
      if (receiver.k === 'param' || (receiver.k === 'unknown' && receiver.from)) return { k: 'unknown', from: [receiver] };
      // `process.env.GOOGLE_CHAT_WEBHOOK?.trim()`: the setting itself, its name still telling what it is.
      if (receiver.k === 'unknown' && receiver.hint && SAME_TEXT.has(callee.name.text)) return receiver;
    }
    // `encodeURI(message.spaceName)`: escaped, but one destination per value as before.
    if (result.k === 'unknown' && !result.from && ts.isIdentifier(callee) && ESCAPES.has(callee.text) && !this.ctx.scopes.resolve(callee)) {
      const arg = args[0];
      if (arg && (arg.k === 'param' || arg.k === 'loopvar' || (arg.k === 'unknown' && arg.from))) return { k: 'unknown', from: [arg] };
    }
    // `const { data } = await httpJson(pullUrl, { body: { maxMessages: 10 } })`: a wrapper's response
    // object, whose unread fields are that page.
    if (result.k === 'obj' && Object.values(result.props).some((v) => v.k === 'unknown')) {
      const size = pageSizeOf(args);
      if (size !== undefined) {
        return { ...result, props: Object.fromEntries(Object.entries(result.props).map(([k, v]) => [k, v.k === 'unknown' && !isPageHint(v.hint) ? { k: 'unknown', hint: `page:${size}` } : v])) };
      }
    }
    // `await fetchOapi(url, { cursor: 0, size: 100 })`: one page of a list API holds at most `size` items.
    if (result.k === 'unknown' && !/^(env|envlist|workers|role|atMost|page|rows):/.test(result.hint ?? '')) {
      const size = pageSizeOf(args);
      if (size !== undefined) return { k: 'unknown', hint: `page:${size}` };
      // `pool.query('SELECT … LIMIT 10')`, `.limit(20)`: at most that many rows.
      const rows = rowLimitOf(args) ?? queryBuilderLimit(callee, args);
      if (rows !== undefined) return { k: 'unknown', hint: `rows:${rows}` };
    }
    return result;
  }

  /**
   * `(settings.daily_report_time || '09:00').split(':').map(Number)`: a time written out in the code,
   * taken apart, so that `${minute} ${hour} * * *` is the schedule it makes by default.
   */
  private literalParts(c: ts.CallExpression, callee: ts.Expression): Val | undefined {
    if (!ts.isPropertyAccessExpression(callee) || !c.arguments[0]) return undefined;
    const method = callee.name.text;
    if (method === 'split') {
      const text = literal(this.eval(callee.expression));
      const separator = ts.isStringLiteralLike(c.arguments[0]) ? c.arguments[0].text : undefined;
      if (text === undefined || separator === undefined || text.length > 200) return undefined;
      // `(process.env.ADMIN_IDS || 'u1,u2').split(',')`: a list the operator sets, the default only an example.
      const setting = settingWithDefault(callee.expression, (e) => this.eval(e));
      if (setting && separator !== ':') return { k: 'unknown', hint: `envlist:${setting}` };
      return { k: 'arr', items: text.split(separator).map((p) => str(p)), exact: true };
    }
    const parser = c.arguments[0];
    if (method === 'map' && ts.isIdentifier(parser) && NUMBER_PARSERS.has(parser.text) && !this.ctx.scopes.resolve(parser)) {
      const list = this.eval(callee.expression);
      const numbers = list.k === 'arr' && list.exact ? list.items.map((item) => { const t = literal(item); return t === undefined ? undefined : parsedNumber(parser.text, t); }) : [];
      if (!numbers.length || numbers.some((n) => n === undefined)) return undefined;
      return { k: 'arr', items: numbers.map((n) => ({ k: 'num', v: n! })), exact: true };
    }
    return undefined;
  }

  /**
   * `new URL(req.url).searchParams.get('step')`, `req.nextUrl.searchParams.get('step')`: the request's
   * query parameter, as Express's `req.query.step` is, so a cron whose path carries `?step=…` decides it.
   */
  private requestQuery(c: ts.CallExpression, callee: ts.Expression): Val | undefined {
    const [arg] = c.arguments;
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'get' || c.arguments.length !== 1 || !ts.isStringLiteralLike(arg)) return undefined;
    const params = this.eval(callee.expression);
    if (params.k !== 'param' || params.path[params.path.length - 1] !== 'searchParams') return undefined;
    const url = params.path.slice(0, -1);
    if (!['url', 'nextUrl', 'href'].includes(url[url.length - 1] ?? '')) return undefined;
    return { k: 'param', fn: params.fn, index: params.index, path: [...url.slice(0, -1), 'query', arg.text], name: arg.text };
  }

  /**
   * `rows.map((r) => () => send(r))`: a list of functions, each run later (`jobs.map((fn) => fn())`,
   * in batches or through a pool); the function the callback returns is what each element calls.
   */
  private thunkOf(c: ts.CallExpression, callee: ts.Expression): Val | undefined {
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'map') return undefined;
    const cb = c.arguments[0];
    if (!cb || !(ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) return undefined;
    const returned = this.returnOf(this.ctx.fnRef(cb), []);
    return returned.k === 'fn' ? returned : undefined;
  }

  /** `xs.slice(0, N)` and `xs.slice(i, i + N)` hold at most N elements. */
  private slice(c: ts.CallExpression, callee: ts.PropertyAccessExpression): Val | undefined {
    const [a, b] = c.arguments;
    if (!b) return undefined;
    let n: number | undefined;
    const bv = numberOf(this.eval(b));
    const av = a ? numberOf(this.eval(a)) : 0;
    if (bv !== undefined && av !== undefined) n = bv - av;
    else if (ts.isBinaryExpression(b) && b.operatorToken.kind === ts.SyntaxKind.PlusToken && a && b.left.getText() === a.getText()) {
      n = numberOf(this.eval(b.right));
    }
    if (n === undefined || n < 0) return undefined;
    const base = this.eval(callee.expression);
    if (base.k === 'arr' && base.exact) return { k: 'arr', items: base.items.slice(av ?? 0, (av ?? 0) + n), exact: true };
    const element = base.k === 'arr' || base.k === 'unknown' ? base.element : undefined;
    return { k: 'arr', items: [], exact: false, upTo: n, ...(element ? { element } : {}) };
  }

  call(callee: Val, args: Val[]): Val {
    if (callee.k === 'fn') return computedFrom(this.returnOf(callee.ref, args), args);
    const exported = this.cjsWholeExport(callee);
    if (exported) return this.call(exported, args);
    if (callee.k === 'unknown' && callee.hint) {
      const list = configuredList(callee.hint);
      if (list) return { k: 'unknown', hint: list };
    }
    if (callee.k === 'handle' && callee.h.kind === 'builtin.bind') return callee.h.target as Val;
    if (callee.k === 'handle' && callee.h.kind === 'builtin.call') return this.call(callee.h.target as Val, args.slice(1));
    // `this.configService.get('DINGTALK_WEBHOOK')`: the setting of that name.
    if (callee.k === 'handle' && callee.h.kind === 'config.get') {
      const name = args[0] && literal(args[0]);
      return name ? this.setting(name) : UNKNOWN;
    }
    if (callee.k === 'handle' && (callee.h.kind === 'builtin.self' || callee.h.kind === 'builtin.returns')) return callee.h.target as Val;
    if (callee.k === 'module' && callee.name === 'global') {
      const r = this.builtinCall(callee.path, args);
      if (r) return r;
    }
    const arrayResult = this.arrayCall(callee);
    if (arrayResult) return arrayResult;
    for (const lib of this.libraries) {
      const r = lib.call?.(callee, args);
      if (r) return r;
    }
    const chunked = chunkOf(callee, args);
    if (chunked) return chunked;
    return UNKNOWN;
  }

  /** A string, number or object literal, or a parameter declared as a string or number. */
  private isNotAList(v: Val): boolean {
    if (v.k === 'str' || v.k === 'num' || v.k === 'bool' || (v.k === 'obj' && !v.spreads?.length)) return true;
    if (v.k !== 'param' || v.path.length || v.fn.file !== this.ctx.file) return false;
    const fn = this.ctx.functions.get(v.fn.pos);
    const type = fn && callParameters(fn)[v.index]?.type;
    return !!type && (type.kind === ts.SyntaxKind.StringKeyword || type.kind === ts.SyntaxKind.NumberKeyword);
  }

  /** `xs.fill(0)`, `xs.map(f)`: the same number of elements; `xs.filter(f)`: at most as many. */
  private arrayCall(callee: Val): Val | undefined {
    const m = handleOf(callee, 'array.method');
    if (!m) return undefined;
    const target = m.target as Val;
    if (target.k !== 'arr') return undefined;
    const name = m.name as string;
    if (SAME_LENGTH.has(name)) {
      const keepItems = name === 'fill' ? false : name !== 'map';
      return target.exact ? { k: 'arr', items: keepItems ? target.items : target.items.map(() => UNKNOWN), exact: true } : { ...target, items: [] };
    }
    if (name === 'filter') {
      const upTo = target.exact ? target.items.length : target.upTo;
      // Some of the entries: a table of functions filtered is still any of them.
      const element = target.exact ? anyEntryOf(target.items) : target.element;
      return { k: 'arr', items: [], exact: false, upTo, ...(element && { element }) };
    }
    // `[webhooks].flat()` with `webhooks: string`: items that are not lists stay one item each.
    if (name === 'flat' && target.exact && target.items.every((i) => this.isNotAList(i))) return target;
    return undefined;
  }

  private builtinCall(path: string[], args: Val[]): Val | undefined {
    const key = path.join('.');
    switch (key) {
      case 'JSON.stringify':
      case 'String':
        return args[0] ?? UNKNOWN;
      case 'Array.from': {
        const a = args[0];
        if (a?.k === 'obj') {
          const n = a.props.length && numberOf(a.props.length);
          if (n !== undefined && n !== 0) return { k: 'arr', items: Array.from({ length: Math.min(n, 10000) }, () => UNKNOWN), exact: true };
        }
        if (a?.k === 'arr') return a;
        if (a?.k === 'obj' && a.props.length) return slots(a.props.length);
        return undefined;
      }
      case 'Array': {
        const n = args[0] && numberOf(args[0]);
        return n !== undefined ? { k: 'arr', items: Array.from({ length: Math.min(n, 10000) }, () => UNKNOWN), exact: true } : slots(args[0]);
      }
      // `Math.min(concurrency, queue.length)` is at most the literal.
      case 'Math.min': {
        const ns = args.map((a) => numberOf(a));
        const known = ns.filter((n): n is number => n !== undefined);
        if (known.length === args.length && known.length) return { k: 'num', v: Math.min(...known) };
        return known.length ? { k: 'unknown', hint: `atMost:${Math.min(...known)}` } : undefined;
      }
      // Deno's process.env.
      case 'Deno.env.get': {
        const name = args[0] && literal(args[0]);
        return name ? this.setting(name) : undefined;
      }
      // `const [client, user] = await Promise.all([getClient(), getUser(id)])`: element i is the i-th value.
      case 'Promise.all':
        return args[0]?.k === 'arr' ? args[0] : undefined;
      // One settlement per promise: as many as the list had (their values are not followed).
      case 'Promise.allSettled': {
        const a = args[0];
        if (a?.k !== 'arr') return undefined;
        return a.exact ? { k: 'arr', items: a.items.map(() => UNKNOWN), exact: true } : { k: 'arr', items: [], exact: false, upTo: a.upTo };
      }
      case 'Promise.resolve':
        return args[0];
      case 'Object.keys':
      case 'Object.values':
      case 'Object.entries': {
        const o = args[0];
        if (o?.k === 'obj' && !o.open) {
          const values = Object.values(o.props);
          return { k: 'arr', items: key === 'Object.keys' ? Object.keys(o.props).map(str) : values, exact: true };
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  construct(ctor: Val, args: Val[]): Val {
    const exported = this.cjsWholeExport(ctor);
    if (exported) return this.construct(exported, args);
    if (ctor.k === 'class') {
      return args.length ? { k: 'instance', ref: ctor.ref, ctorArgs: args } : { k: 'instance', ref: ctor.ref };
    }
    // `function MessageQueue(config) {…}` with methods on `MessageQueue.prototype`: the instance has them.
    if (ctor.k === 'fn') {
      const proto = ctor.ref.file === this.ctx.file ? this.prototypeObject(ctor.ref.name) : this.ctx.index.model(ctor.ref.file)?.prototypeObject?.(ctor.ref.name);
      if (proto) return proto;
    }
    if (ctor.k === 'module' && ctor.name === 'global') {
      if (ctor.path[0] === 'URL' && args[0]) {
        // new URL(path, base) resolves the path against the base; our URLs are shapes, so join.
        const [path, base] = args;
        if (base && path.k === 'str' && typeof path.parts[0] === 'string' && path.parts[0].startsWith('/')) return concat([base, path]);
        return path;
      }
      if (ctor.path[0] === 'Array') return this.builtinCall(['Array'], args) ?? UNKNOWN;
      if (ctor.path[0] === 'Promise') return UNKNOWN;
      // `new Proxy(eventHandlers, { get })`: reads go to the target (the trap adds a fallback at most).
      if (ctor.path[0] === 'Proxy') return args[0] ?? UNKNOWN;
      // `[...new Set([zip, ...neighbours])]`: the list without repeats, no longer than it was.
      if (ctor.path[0] === 'Set' && args[0]?.k === 'arr') {
        const list = args[0];
        const upTo = list.exact ? list.items.length : list.upTo;
        return { k: 'arr', items: list.items, exact: false, ...(upTo !== undefined ? { upTo } : {}), ...(list.element ? { element: list.element } : {}) };
      }
    }
    for (const lib of this.libraries) {
      const r = lib.construct?.(ctor, args);
      if (r) return r;
    }
    return UNKNOWN;
  }

  /**
   * `const Bot = require('./bot')` where bot.js ends in `module.exports = Bot`: the required value is
   * the class (or function) itself, so `new Bot()` and `Bot()` use it.
   */
  cjsWholeExport(v: Val): Val | undefined {
    if (v.k !== 'module' || !v.name.startsWith('file:') || v.path.length) return undefined;
    const whole = this.ctx.index.model(v.name.slice(5))?.exportVal('default');
    return whole && (whole.k === 'class' || whole.k === 'fn') ? whole : undefined;
  }

  /** What a function returns for these arguments (its parameters replaced by them). */
  returnOf(ref: FnRef, args: Val[]): Val {
    if (ref.file !== this.ctx.file) return this.ctx.index.model(ref.file)?.returnOf(ref.pos, args) ?? UNKNOWN;
    const fn = this.ctx.functions.get(ref.pos);
    if (!fn || !fn.body) return UNKNOWN;
    const raw = withoutInnerLoops(this.rawReturn(fn), (loop) => this.ctx.loopWithin(loop, fn));
    if (!args.length && raw.k === 'unknown') return raw;
    return this.closuresOf(substitute(raw, ref, args), fn, ref, args);
  }

  /**
   * `createLLMScraper(provider)` returning `{ scrapeBatch, … }` written inside it: those closures
   * call through the factory's parameters (`provider.triggerJob(prompt)`), which this call fixes,
   * so each carries the call's arguments as an instance's method carries its constructor's.
   */
  private closuresOf(v: Val, factory: FunctionNode, ref: FnRef, args: Val[], depth = 0): Val {
    if (!args.length || depth > 2) return v;
    if (v.k === 'fn') {
      const inner = v.ref.file === this.ctx.file && !v.ctor ? this.ctx.functions.get(v.ref.pos) : undefined;
      return inner && inner !== factory && inner.pos >= factory.pos && inner.end <= factory.end ? { ...v, ctor: { ref, args } } : v;
    }
    if (v.k !== 'obj') return v;
    const props = Object.fromEntries(Object.entries(v.props).map(([k, p]) => [k, this.closuresOf(p, factory, ref, args, depth + 1)]));
    return { ...v, props };
  }

  private rawReturn(fn: FunctionNode): Val {
    const body = fn.body!;
    if (!ts.isBlock(body)) return this.eval(body as ts.Expression);
    let result: Val = UNKNOWN;
    let found = false;
    // `if (!configured) return [];` before the real work: an empty list is the way out, not the
    // function's result, unless every return gives it.
    let emptyList: Val | undefined;
    let otherReturn = false;
    // `return parseJSON(answer)` or, when that fails, `return { action: 'unknown' }`: the written
    // object's literal fields are one of the outcomes, not the function's.
    let unknownReturn = false;
    const instances: Val[] = [];
    const visit = (n: ts.Node): boolean => {
      if (ts.isFunctionLike(n) || ts.isClassLike(n)) return false;
      if (ts.isReturnStatement(n) && n.expression) {
        const v = this.eval(n.expression);
        if (isUnknown(v)) unknownReturn = true;
        if (v.k === 'arr' && v.exact && v.items.length === 0) {
          emptyList = v;
          return false;
        }
        otherReturn = true;
        if (!isUnknown(v) && !found) {
          result = v;
          found = true;
          if (v.k === 'instance') instances.push(v);
          // Later returns only matter to an object's fields, to an outcome token, or to the class
          // a factory builds: keep looking.
          if (v.k !== 'obj' && v.k !== 'instance' && !isOutcomeToken(v)) return true;
        } else if (found && result.k === 'instance' && v.k === 'instance') {
          // `switch (config.type) { case 'gmail': return new GmailService(config); case 'google-chat': … }`:
          // any of the classes, so a method called on the result is any of theirs.
          if (!instances.some((i) => i.k === 'instance' && i.ref.file === v.ref.file && i.ref.pos === v.ref.pos)) instances.push(v);
        } else if (found && result.k === 'obj' && v.k === 'obj') {
          result = fieldsInCommon(result, v);
        } else if (found && isOutcomeToken(result) && !isUnknown(v) && !sameLiteral(result, v)) {
          // `return 'no-session'` first, `'saved'` or `'error'` later (or `false`, then `true`): the
          // caller's `if (outcome === 'saved')` is decided at run time, not by the first return.
          result = UNKNOWN;
          return true;
        }
        // `return process.env.ADMINS?.split(',') ?? []`: unknown, but known to come from the environment.
        // `return chunks` of a text cut into pieces: unknown, but known to be a few pieces.
        // `return data.list ?? []` after a search asking for `size: 20`: one page of results.
        if (v.k === 'unknown' && /^(env(list)?|pieces|page|rows):/.test(v.hint ?? '') && result.k === 'unknown' && !result.hint) result = v;
      }
      return ts.forEachChild(n, visit) ?? false;
    };
    ts.forEachChild(body, visit);
    if (instances.length > 1) return { k: 'handle', h: { kind: 'builtin.anyInstance', instances } };
    if (unknownReturn && result.k === 'obj') return withoutOutcomeFields(result);
    return !found && emptyList && !otherReturn ? emptyList : result;
  }

  /** The class a method or constructor belongs to. */
  classOf(fn: FunctionNode): ts.ClassLikeDeclaration | undefined {
    return ts.isMethodDeclaration(fn) || ts.isConstructorDeclaration(fn) || ts.isGetAccessor(fn) ? enclosingClass(fn) : undefined;
  }
}

/**
 * `url.startsWith('http')`, `/^https?:\/\//.test(url)`, `url.includes('://')` and their negations:
 * the test code uses to tell an absolute URL from a path.
 */
function absoluteUrlTest(cond: ts.Expression): { subject: ts.Expression; absoluteWhenTrue: boolean } | undefined {
  let e = unwrapValue(cond);
  let negated = false;
  while (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    negated = !negated;
    e = unwrapValue(e.operand);
  }
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.arguments.length !== 1) return undefined;
  const method = e.expression.name.text;
  const arg = e.arguments[0];
  if ((method === 'startsWith' && ts.isStringLiteralLike(arg) && /^https?(:|:\/\/)?$/i.test(arg.text))
    || (method === 'includes' && ts.isStringLiteralLike(arg) && arg.text === '://')) {
    return { subject: e.expression.expression, absoluteWhenTrue: !negated };
  }
  if (method === 'test' && ts.isRegularExpressionLiteral(e.expression.expression) && /^\/\^(https\?|http|\(https\?\|http\)|https\?:)/.test(e.expression.expression.text)) {
    return { subject: arg, absoluteWhenTrue: !negated };
  }
  return undefined;
}

/** A status a function reports (`'saved'`, `false`, `0`), not a URL or other text a request is built from. */
function isOutcomeToken(v: Val): boolean {
  if (v.k === 'bool' || v.k === 'num') return true;
  const text = v.k === 'str' ? literal(v) : undefined;
  return text !== undefined && /^[\w-]*$/.test(text);
}

function sameLiteral(a: Val, b: Val): boolean {
  if (a.k === 'bool' || b.k === 'bool') return a.k === b.k && (a as { v: boolean }).v === (b as { v: boolean }).v;
  return a.k === b.k && literal(a) === literal(b);
}

/** Two different instances (or several already), as one value whose methods are any of theirs. */
function eitherInstance(v: Val, w: Val): Val | undefined {
  const instancesOf = (x: Val): Val[] | undefined => (x.k === 'instance' ? [x] : x.k === 'handle' && x.h.kind === 'builtin.anyInstance' ? x.h.instances as Val[] : undefined);
  const [a, b] = [instancesOf(v), instancesOf(w)];
  if (!a || !b) return undefined;
  const all = [...a];
  for (const i of b) {
    if (i.k === 'instance' && !all.some((j) => j.k === 'instance' && j.ref.file === i.ref.file && j.ref.pos === i.ref.pos)) all.push(i);
  }
  return all.length > 1 ? { k: 'handle', h: { kind: 'builtin.anyInstance', instances: all } } : undefined;
}

/** The object with its outcome fields (`action: 'unknown'`, `ok: false`) not known. */
function withoutOutcomeFields(obj: Extract<Val, { k: 'obj' }>): Val {
  if (!Object.values(obj.props).some(isOutcomeToken)) return obj;
  return { ...obj, props: Object.fromEntries(Object.entries(obj.props).map(([name, v]) => [name, isOutcomeToken(v) ? UNKNOWN : v])) };
}

/**
 * A function that returns `{ type: 'asin', … }` on one path and `{ type: 'upc', … }` on another
 * returns an object whose `type` is not known: a field two returns give different literal values
 * becomes unknown, so a branch on it (`if (info.type === 'asin')`) is not decided by the first return.
 */
function fieldsInCommon(first: Extract<Val, { k: 'obj' }>, other: Extract<Val, { k: 'obj' }>): Val {
  const scalar = (v: Val) => (v.k === 'str' ? literal(v) : v.k === 'num' || v.k === 'bool' ? v.v : v.k === 'null' ? null : undefined);
  let props: Record<string, Val> | undefined;
  for (const [name, v] of Object.entries(first.props)) {
    const w = other.props[name];
    if (!w) continue;
    // `return { spaceId: null }` when nothing is found: the field is what the other return puts there.
    if (v.k === 'null' && w.k !== 'null') {
      props ??= { ...first.props };
      props[name] = scalar(w) !== undefined ? UNKNOWN : w;
      continue;
    }
    // A cached or stored config first, the written defaults last (`return DEFAULT_ROUTING[scraper]`):
    // the defaults are all the code says about the field.
    if (v.k === 'unknown' && !v.choice && w.k === 'unknown' && w.choice) {
      props ??= { ...first.props };
      props[name] = w;
      continue;
    }
    // `return { provider: getProvider(creds) }` on one path and `{ provider: new ScrapingProvider() }`
    // on another: the field is either instance, so a method called on it is any of theirs.
    const either = eitherInstance(v, w);
    if (either) {
      props ??= { ...first.props };
      props[name] = either;
      continue;
    }
    const [a, b] = [scalar(v), scalar(w)];
    if (a === undefined || b === undefined || a === b) continue;
    props ??= { ...first.props };
    props[name] = UNKNOWN;
  }
  return props ? { ...first, props } : first;
}

/** The value written for `name` in an object literal (`{ name: value }`, `{ 'name': value }`). */
export function propertyValue(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isStringLiteral(p.name) || ts.isIdentifier(p.name)) && p.name.text === name) return p.initializer;
  }
  return undefined;
}

export function propertyNameText(name: ts.PropertyName | ts.BindingName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

export const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex']);

/** If `fn` is the callback of `xs.forEach(fn)`/`xs.map(fn)`/…, the call and its receiver. */
export function iterationCallbackLoop(fn: ts.Node): { call: ts.CallExpression; receiver: ts.Expression; method: string } | undefined {
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ITERATION_METHODS.has(callee.name.text)) return undefined;
  if (callee.name.text === 'reduce' || callee.name.text === 'reduceRight') return { call, receiver: callee.expression, method: 'reduce' };
  return { call, receiver: callee.expression, method: callee.name.text };
}

/**
 * `chunk(items, 20)` (lodash, or a project helper named chunk): chunks of at most 20, so a
 * `Promise.all(batch.map(…))` over one chunk starts at most 20 calls.
 */
function chunkOf(callee: Val, args: Val[]): Val | undefined {
  const size = args[1] ? numberOf(args[1]) : undefined;
  if (size === undefined) return undefined;
  const isLodash = callee.k === 'module' && /^lodash(-es|\/chunk|\.chunk)?$/.test(callee.name)
    && (callee.path.length === 0 || callee.path[callee.path.length - 1] === 'chunk' || callee.name.endsWith('chunk'));
  const isHelper = callee.k === 'fn' && /chunk|batch|split/i.test(callee.ref.name);
  if (!isLodash && !isHelper) return undefined;
  return { k: 'arr', items: [], exact: false, element: { k: 'arr', items: [], exact: false, upTo: size } };
}

function containsCall(node: ts.Node): boolean {
  if (ts.isCallExpression(node) || ts.isAwaitExpression(node) || ts.isNewExpression(node)) return true;
  return ts.forEachChild(node, (c) => (ts.isFunctionLike(c) ? undefined : containsCall(c) || undefined)) ?? false;
}

/** The loop element's `from`, present only when the list was computed from per-call values. */
function withSources(iterable: Val): { from?: Val[] } {
  const from = listSources(iterable);
  return from?.length ? { from } : {};
}

/** The elements of a short list written in the code (a job table), kept with its loop variable. */
function entriesOf(iterable: Val): { entries?: Val[] } {
  return iterable.k === 'arr' && iterable.exact && iterable.items.length >= 1 && iterable.items.length <= MAX_ENTRIES ? { entries: iterable.items } : {};
}

const MAX_ENTRIES = 24;

/** The most rows a `page:N` or `rows:N` list holds. */
function limitOfHint(hint: string | undefined): number | undefined {
  const m = /^(?:page|rows):(\d+)\b/.exec(hint ?? '');
  return m ? Number(m[1]) : undefined;
}

/** A list's value with the function its elements are known to be, when they are. */
function withThunks(list: Val, fn: Val | undefined): Val {
  if (!fn) return list;
  if (list.k === 'arr') return list.exact ? { ...list, items: list.items.map(() => fn) } : { ...list, element: fn };
  return list.k === 'unknown' ? { ...list, element: fn } : list;
}

function elementOf(iterable: Val): Val | undefined {
  if (iterable.k === 'unknown') return iterable.element;
  if (iterable.k !== 'arr') return undefined;
  return iterable.element ?? (iterable.items.length ? iterable.items[0] : undefined);
}

/** One page of a list request (`page:100`) or the rows of a limited query (`rows:10`), and what is read off them. */
function isPageHint(hint: string | undefined): boolean {
  return limitOfHint(hint) !== undefined;
}

/** `.limit(50)` of a query builder (Knex, Supabase, Mongoose, Drizzle): at most 50 rows come back. */
function queryBuilderLimit(callee: ts.Expression, args: Val[]): number | undefined {
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'limit' || args.length !== 1) return undefined;
  const n = numberOf(args[0]);
  return n !== undefined && n > 0 && Number.isInteger(n) ? n : undefined;
}

/** A choice among a table's functions, or an entry holding one (`{ taskFunction: any of … }`). */
function holdsFunctionChoice(v: Val): boolean {
  if (v.k === 'handle') return v.h.kind === 'builtin.anyOf';
  return v.k === 'obj' && Object.values(v.props).some((p) => p.k === 'handle' && p.h.kind === 'builtin.anyOf');
}

/** A function, or a record with one (`{ name: 'oxylabs', fetch }`). */
function holdsFunction(v: Val): boolean {
  return v.k === 'fn' || (v.k === 'obj' && Object.values(v.props).some((p) => p.k === 'fn'));
}

/** The choice with the key that makes it: each entry runs only when the key is that entry's name. */
function withChoiceKey(v: Val, key: Val): Val {
  if (v.k === 'handle') return v.h.names ? { k: 'handle', h: { ...v.h, key } } : v;
  if (v.k !== 'obj') return v;
  return { ...v, props: Object.fromEntries(Object.entries(v.props).map(([k, p]) => [k, withChoiceKey(p, key)])) };
}

/** `process.env.NAME || 'default'` (or `??`): the setting's name. */
function settingWithDefault(e: ts.Expression, evaluate: (e: ts.Expression) => Val): string | undefined {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (!ts.isBinaryExpression(e) || (e.operatorToken.kind !== ts.SyntaxKind.BarBarToken && e.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionToken)) return undefined;
  const left = evaluate(e.left);
  return left.k === 'unknown' && left.hint?.startsWith('env:') ? left.hint.slice(4) : undefined;
}

/** What `Number(text)`, `parseInt(text)` or `parseFloat(text)` gives, when it is a number. */
function parsedNumber(parser: string, text: string): number | undefined {
  const n = Number.parseFloat(text);
  if (!Number.isFinite(n)) return undefined;
  return parser === 'parseInt' ? Math.trunc(n) : n;
}

const NUMBER_PARSERS = new Set(['Number', 'parseInt', 'parseFloat']);
const CLOCK_GETTERS: Record<string, 'minute' | 'hour'> = { getMinutes: 'minute', getUTCMinutes: 'minute', getHours: 'hour', getUTCHours: 'hour' };
const ESCAPES = new Set(['encodeURI', 'encodeURIComponent']);
const STRING_REWRITES = new Set(['replace', 'replaceAll', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'normalize']);
/** Rewrites that leave a URL as it was meant: only surrounding blanks go. */
const SAME_TEXT = new Set(['trim', 'trimStart', 'trimEnd', 'normalize', 'toString']);

function isExactEmptyList(v: Val | undefined): boolean {
  return v?.k === 'arr' && v.exact && v.items.length === 0;
}

/**
 * `let keywords = []; if (Array.isArray(body.keywords)) keywords = body.keywords.filter(Boolean);
 * else keywords = [body.keyword]`: one branch fills the list with a known item, another with as many
 * as the request holds. The list is as long as the longest branch makes it (unknown), and it holds
 * the known items (a URL among them still says where the calls go). Undefined unless the branches mix.
 */
function listOfAnySize(values: Val[]): Val | undefined {
  const known = values.filter((v): v is Extract<Val, { k: 'arr' }> => v.k === 'arr' && v.exact && v.items.length > 0);
  const open = values.some((v) => v.k === 'unknown' || (v.k === 'arr' && !v.exact && v.upTo === undefined));
  if (!known.length || !open) return undefined;
  return { k: 'arr', items: known.flatMap((v) => v.items), exact: false };
}

/** `''`, `[]` and `{}`: fallbacks (`x || []`, `text ? JSON.parse(text) : {}`) that say nothing about the value. */
function isEmptyLiteral(v: Val): boolean {
  return (v.k === 'str' && v.parts.length <= 1 && (v.parts[0] ?? '') === '') || (v.k === 'arr' && v.exact && v.items.length === 0)
    || (v.k === 'obj' && !v.open && !v.spreads?.length && Object.keys(v.props).length === 0);
}

const SAME_LENGTH = new Set(['fill', 'map', 'reverse', 'sort', 'toSorted', 'toReversed']);
const LIST_METHODS = 'filter|map|fill|slice|concat|sort|reverse|flat|flatMap|toSorted|toReversed';

/**
 * Lists whose size is a setting rather than data: `process.env.ADMINS.split(',')` (hint `envlist:ADMINS`)
 * and the slots of a worker pool, `Array(concurrency)` (hint `workers:concurrency`), with what
 * filtering, mapping or filling leaves of them.
 */
export function listHint(hint: string): string | undefined {
  return /^(envlist|workers|role):[^.]*$/.test(hint) ? hint : undefined;
}

function configuredList(hint: string): string | undefined {
  const split = /^env:(\w+)\.split$/.exec(hint);
  if (split) return `envlist:${split[1]}`;
  const derived = new RegExp(`^((?:envlist|workers|role):[^.]*)\\.(?:${LIST_METHODS})$`).exec(hint);
  return derived?.[1];
}

/** `Array(n)` with n unknown: the slots of a worker pool, at most the literal of `Math.min(5, n)`. */
export function slots(n: Val | undefined): Val | undefined {
  if (!n) return undefined;
  const atMost = n.k === 'unknown' && /^atMost:(\d+)$/.exec(n.hint ?? '');
  if (atMost) return { k: 'arr', items: [], exact: false, upTo: Number(atMost[1]) };
  const name = n.k === 'param' ? n.name ?? 'n' : n.k === 'unknown' ? (n.hint ?? 'n').replace(/^env:/, '') : 'n';
  return { k: 'unknown', hint: `workers:${name.replace(/\./g, '_')}` };
}


/** What a loop's element is called: its variable, or for a destructured one the collection (`rows`). */
function elementName(binding: ts.BindingName, collection: ts.Expression): string | undefined {
  if (ts.isIdentifier(binding)) return binding.text;
  // Not through calls: `Object.entries(bySpace)` names no item.
  const e = unwrapAwaited(collection);
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return ts.isIdentifier(e) ? e.text : undefined;
}

function isEmptyString(v: Val): boolean {
  return v.k === 'str' && v.parts.every((p) => p === '');
}

function leftmost(name: ts.EntityName): ts.Identifier {
  return ts.isIdentifier(name) ? name : leftmost(name.left);
}

function isConstant(v: Val): boolean {
  return v.k === 'num' || v.k === 'bool' || v.k === 'null' || (v.k === 'str' && v.parts.every((p) => typeof p === 'string'));
}

function objectLiteralOwning(fn: ts.Node): ts.ObjectLiteralExpression | undefined {
  if ((ts.isMethodDeclaration(fn) || ts.isGetAccessor(fn) || ts.isSetAccessor(fn)) && ts.isObjectLiteralExpression(fn.parent)) return fn.parent;
  if (ts.isFunctionExpression(fn) && ts.isPropertyAssignment(fn.parent) && ts.isObjectLiteralExpression(fn.parent.parent)) return fn.parent.parent;
  return undefined;
}

/** Hint prefix of an n8n node parameter's value. */
const NODE_PARAMETER = 'n8n-parameter:';
export const N8N_INPUT = 'n8n:input';

/**
 * The for-of loop in which `list.push(x)` adds one item per iteration: the only loop between the push
 * and the list's declaration, with nothing but blocks, `if`s and `try`s around the push in it.
 */
function pushedOncePerItem(target: ts.Identifier, decl: ts.VariableDeclaration): ts.ForOfStatement | undefined {
  const call = growthCall(target, /^push$/);
  if (!call || call.arguments.length !== 1 || ts.isSpreadElement(call.arguments[0])) return undefined;
  const home = decl.parent.parent.parent;
  let loop: ts.ForOfStatement | undefined;
  for (let n: ts.Node = call.parent; n !== home; n = n.parent) {
    if (!n || ts.isSourceFile(n) || ts.isFunctionLike(n)) return undefined;
    if (ts.isIterationStatement(n, false)) {
      if (loop || !ts.isForOfStatement(n)) return undefined;
      loop = n;
    }
  }
  return loop;
}

/**
 * `users.filter((u) => u.role === 'admin')`: the admins of a team or tenant are a handful of people,
 * not a list the size of the organisation.
 */
function selectsAdmins(cb: ts.Expression | undefined): boolean {
  if (!cb || !(ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) return false;
  let hit = false;
  const visit = (n: ts.Node): void => {
    if (hit) return;
    if (ts.isBinaryExpression(n) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken].includes(n.operatorToken.kind)) {
      const [a, b] = [n.left, n.right];
      const roleSide = (x: ts.Expression) => ts.isPropertyAccessExpression(x) && /^(role|user_?role|type|user_?type)$/i.test(x.name.text);
      const adminSide = (x: ts.Expression) => ts.isStringLiteralLike(x) && ADMIN_ROLE.test(x.text);
      if ((roleSide(a) && adminSide(b)) || (roleSide(b) && adminSide(a))) hit = true;
    }
    if (ts.isPropertyAccessExpression(n) && /^is_?(super_?)?admin$/i.test(n.name.text)) hit = true;
    ts.forEachChild(n, visit);
  };
  visit(cb.body);
  return hit;
}

const ADMIN_ROLE = /^(admin|administrator|super_?admin|owner|superuser)$/i;

/** The call `list.push(…)` (a method the pattern names) of which `target` is the list. */
function growthCall(target: ts.Identifier, methods: RegExp): ts.CallExpression | undefined {
  const access = target.parent;
  const call = access.parent;
  if (!ts.isPropertyAccessExpression(access) || !methods.test(access.name.text) || !ts.isCallExpression(call) || call.expression !== access) return undefined;
  return call;
}

/**
 * The items `list.push(a, b)` adds when it runs at most once for the list's declaration: not in a
 * loop or a callback between the two, and without spreads. Undefined when it may add more.
 */
function itemsAddedOnce(target: ts.Identifier, decl: ts.VariableDeclaration): number | undefined {
  const call = growthCall(target, /^(push|unshift)$/);
  if (!call || call.arguments.some(ts.isSpreadElement)) return undefined;
  const home = decl.parent.parent.parent;
  for (let n: ts.Node = call.parent; n !== home; n = n.parent) {
    if (!n || ts.isSourceFile(n) || ts.isFunctionLike(n) || ts.isIterationStatement(n, false)) return undefined;
  }
  return call.arguments.length;
}

/** Parsed JSON as a value: lists and records as written, down to a few levels. */
function jsonValue(v: unknown, depth: number): Val {
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number') return { k: 'num', v };
  if (typeof v === 'boolean') return { k: 'bool', v };
  if (v === null) return { k: 'null' };
  if (depth > 4) return UNKNOWN;
  if (Array.isArray(v)) return { k: 'arr', items: v.map((x) => jsonValue(x, depth + 1)), exact: true };
  if (typeof v === 'object') {
    const props: Record<string, Val> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) props[k] = jsonValue(x, depth + 1);
    return { k: 'obj', props, open: false };
  }
  return UNKNOWN;
}

/**
 * The value with what a counter, flag or state field may hold later unknown, at any depth: numbers,
 * booleans and one-word strings (`'AUTHED'` set to `'PAUSED_AUTH'` by a method). A URL or a text
 * stays: a field that starts as an address is rarely re-pointed at another service.
 */
function withoutCounters(v: Val): Val {
  if (v.k === 'num' || v.k === 'bool') return UNKNOWN;
  if (v.k === 'str' && v.parts.length <= 1 && v.parts.every((p) => typeof p === 'string' && /^[\w-]*$/.test(p))) return UNKNOWN;
  if (v.k === 'obj') return { ...v, props: Object.fromEntries(Object.entries(v.props).map(([k, p]) => [k, withoutCounters(p)])) };
  return v;
}
