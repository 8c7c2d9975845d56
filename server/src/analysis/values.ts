// The abstract values the binder computes for expressions. They are plain, serialisable data
// (no AST nodes), so a function summary computed in one file can be instantiated in another.
// A value describes just enough to recognise API clients, URLs, loop bounds and limiter
// settings; anything else is `unknown`.
import type { Loc } from '../model';

/** A reference to a function declared somewhere in the workspace. */
export interface FnRef {
  file: string;
  /** Start offset of the function node: stable while the file's text is unchanged. */
  pos: number;
  name: string;
}

/** A reference to a class (user-defined) declared somewhere in the workspace. */
export interface ClassRef {
  file: string;
  pos: number;
  name: string;
}

export type StrPart = string | Val;

/** Handles for things that providers and libraries recognise; `kind` says what it is. */
export interface Handle {
  kind: string;
  [key: string]: unknown;
}

export type Val =
  /**
   * `alias`: the variable a setting was read into (`const notion_webhook = process.env.SPACE_ID`).
   * `from`: the per-call values (parameters, loop elements) a project function computed it from,
   * as `findSpace(msg.team)` is: unknown, but it differs as they do.
   * `element`: a list of unknown size whose elements are known to be functions (`rows.map((r) => () => send(r))`).
   * `choice`: an entry of a table written in the code, read with a parameter as the key
   * (`DEFAULT_ROUTING[scraper].primary`): unknown here, the entry a caller's key names.
   */
  | { k: 'unknown'; hint?: string; alias?: string; from?: Val[]; element?: Val; choice?: TableChoice }
  /**
   * `at`: where a cron-looking string literal is written, so a schedule read from a table entry
   * (`{ name, schedule: '0 2 * * *' }` registered by a helper) is reported on the entry.
   */
  | { k: 'str'; parts: StrPart[]; at?: Loc }
  | { k: 'num'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'null' }
  /** An imported package (or a global) and a property path into it. */
  | { k: 'module'; name: string; path: string[] }
  /** Something a provider, HTTP library, limiter or scheduler recognises. */
  | { k: 'handle'; h: Handle }
  /** A method of an instance built with known arguments carries its constructor's, to resolve `this.url`. */
  | { k: 'fn'; ref: FnRef; ctor?: { ref: FnRef; args: Val[] }; slot?: InjectedMethod }
  | { k: 'class'; ref: ClassRef }
  /**
   * `ctorArgs`: what `new X(…)` passed, for the fields its constructor sets from them.
   * `slot`: the instance is only the declared type of a constructor parameter (see InjectedSlot).
   * `oneOf`: a variable assigned instances of several classes, of which this is only the first.
   */
  | { k: 'instance'; ref: ClassRef; ctorArgs?: Val[]; slot?: InjectedSlot; oneOf?: true }
  /**
   * An object literal. `spreads` keeps spread-in values that depend on a parameter
   * (`{ ...opts, headers }`) so that an invocation can merge the caller's object back in.
   */
  | { k: 'obj'; props: Record<string, Val>; open: boolean; spreads?: ObjSpread[] }
  | { k: 'arr'; items: Val[]; exact: boolean; upTo?: number; element?: Val }
  /** A parameter of a function (optionally a property path into it): resolved when the function is invoked. */
  /**
   * `ifRelative`: what the value becomes when the caller's argument is a path rather than an absolute
   * URL (`endpoint.startsWith('http') ? endpoint : base + endpoint`).
   */
  | { k: 'param'; fn: FnRef; index: number; path: string[]; name?: string; fallback?: Val; ifRelative?: Val }
  /**
   * The current element of a loop: calls whose arguments depend on it differ per iteration.
   * `from`: the per-call values its list was computed from (`for (const hook of user.webhooks)`):
   * the element differs as they do too.
   * `entries`: every element of a short list written in the code (a job table), at the same path:
   * a schedule registered per entry is told apart entry by entry (see perEntry.ts).
   */
  | { k: 'loopvar'; loop: string; path: string[]; element?: Val; outer?: string[]; name?: string; from?: Val[]; entries?: Val[] };

/**
 * A service injected through a constructor parameter and known by its declared type
 * (`constructor(private chatApi: ChatAPI | DryRunChatAPI)`): whoever builds the class may pass
 * another instance, such as a test's stand-in.
 */
export interface InjectedSlot { ctor: FnRef; index: number }

/** A method called on an injected service: which method of the declared type it was. */
export interface InjectedMethod extends InjectedSlot { member: string; declared: FnRef }

/** The entries a table lookup may read, by key, and the key (a parameter) that picks one. */
export interface TableChoice { key: Val; entries: Record<string, Val> }

/** Beyond this many entries a table is data (a catalogue), not a choice a caller makes by name. */
const MAX_CHOICE_ENTRIES = 64;

export function tableChoice(key: Val, entries: [string, Val][]): TableChoice | undefined {
  return entries.length && entries.length <= MAX_CHOICE_ENTRIES ? { key, entries: Object.fromEntries(entries) } : undefined;
}

/** A spread whose value is known only per invocation; `shadowedBy` are the props written after it. */
export interface ObjSpread { v: Val; shadowedBy: string[] }

export const UNKNOWN: Val = { k: 'unknown' };

export function str(s: string): Val {
  return { k: 'str', parts: [s] };
}

export function isUnknown(v: Val): boolean {
  return v.k === 'unknown' || v.k === 'null';
}

/** Joins string parts, merging adjacent literals and inlining nested strings. */
export function concat(parts: StrPart[]): Val {
  const out: StrPart[] = [];
  const push = (p: StrPart) => {
    if (typeof p === 'string') {
      if (!p) return;
      if (typeof out[out.length - 1] === 'string') out[out.length - 1] = (out[out.length - 1] as string) + p;
      else out.push(p);
    } else if (p.k === 'str') {
      p.parts.forEach(push);
    } else if (p.k === 'num') {
      push(String(p.v));
    } else {
      out.push(p);
    }
  };
  parts.forEach(push);
  return { k: 'str', parts: out };
}

/** The literal text of a fully known string, or undefined. */
export function literal(v: Val): string | undefined {
  if (v.k === 'str' && v.parts.every((p) => typeof p === 'string')) return v.parts.join('');
  if (v.k === 'num') return String(v.v);
  if (v.k === 'param' && v.fallback) return literal(v.fallback);
  return undefined;
}

export function numberOf(v: Val): number | undefined {
  if (v.k === 'num') return v.v;
  if (v.k === 'param' && v.fallback) return numberOf(v.fallback);
  const s = literal(v);
  if (s !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(s)) return Number(s);
  return undefined;
}

/** A marker for holes in URL shapes: it never occurs in real URLs and no URL pattern matches it literally. */
export const HOLE = '\u0000';

/** The string with every unknown part replaced by HOLE, for pattern matching. */
export function shape(v: Val): string | undefined {
  if (v.k === 'param' && v.fallback) return shape(v.fallback);
  // `for (const endpoint of apiEndpoints) axios.post(endpoint.url, …)` over a table of URLs of one
  // host: the call goes to that host on every iteration.
  if (v.k === 'loopvar' && v.element?.k === 'str' && v.entries?.every((e) => urlOrigin(e) === urlOrigin(v.element!))) return shape(v.element);
  if (v.k !== 'str') return undefined;
  // `${baseUrl}/v1/queries` with `baseUrl = 'https://…'` as the parameter's default: the default's shape.
  const text = v.parts.map((p) => (typeof p === 'string' ? p : p.k === 'param' && p.fallback ? shape(p.fallback) ?? HOLE : HOLE)).join('');
  // Slips a reader still reads as the URL: a stray quote inside a template literal
  // (`'https://chat.googleapis.com/…';`), a space after the scheme (`https:// realtime.oxylabs.io`).
  return text.replace(/^[\s'"]+(?=https?:)/i, '').replace(/^(https?:\/\/)\s+/i, '$1');
}

/** Names that hint at what an unknown string holds (env var and identifier names). */
export function hints(v: Val): string[] {
  if (v.k === 'unknown') return [v.hint, v.alias].filter((h): h is string => !!h);
  // A parameter is named by itself and by the function it belongs to (`notifyGoogleChat(url)`).
  if (v.k === 'param') return [[v.name, ...v.path].filter(Boolean).join('.'), v.fn.name];
  if (v.k === 'str') return v.parts.flatMap((p) => (typeof p === 'string' ? [] : hints(p)));
  // `Object.keys(byRobot).map((robot) => agent.post(robot))`: the element's own name.
  if (v.k === 'loopvar' && v.name) return [[v.name, ...v.path].join('.')];
  return [];
}

/** The scheme and host a string starts with (`https://chat.googleapis.com`), lower-cased, when written out. */
export function urlOrigin(v: Val): string | undefined {
  const first = v.k === 'str' && typeof v.parts[0] === 'string' ? v.parts[0] : undefined;
  return first ? /^https?:\/\/[^/?#\s]+/i.exec(first)?.[0].toLowerCase() : undefined;
}

/**
 * A host that stands in for a real service: local addresses, documentation and test domains
 * (`example.com`, `*.test`, `test.com`), placeholders (`your-webhook`). A URL on one says nothing
 * about where the code posts in production.
 */
export function isStandInHost(host: string): boolean {
  const h = host.toLowerCase();
  if (!h.includes('.') || /^(localhost|127\.|0\.0\.0\.0|10\.|192\.168\.)/.test(h)) return true;
  return /(^|\.)(example\.(com|org|net)|test\.com|invalid\.com)$|\.(test|example|invalid|localhost)$|^your/.test(h);
}

/** What two entries must share to stand for each other: a URL's origin, a handle's kind, being an object. */
function entryKind(v: Val): string | undefined {
  if (v.k === 'str') return urlOrigin(v) && `url:${urlOrigin(v)}`;
  if (v.k === 'handle') return `handle:${v.h.kind}`;
  if (v.k === 'obj') return 'obj';
  return undefined;
}

/**
 * The entry a lookup with an unknown key reads (`WEBHOOKS[channel]`, `CONFIG[env].webhookUrl`), when
 * every entry is the same kind of thing: URLs of one service (the first stands for all, as they post
 * to the same API), clients of one kind, or records whose fields are merged the same way. Undefined
 * when the entries differ, so an unrelated table stays unknown.
 */
export function anyEntryOf(entries: Val[], depth = 0, names?: string[], key?: Val): Val | undefined {
  if (entries.length === 0 || depth > 3) return undefined;
  // `STEPS[step]()`, `HANDLERS[source.type].sync(…)`: a table of functions called by a key known
  // only at run time calls one of them, any of them (an entry left null has nothing to call). The
  // entries' names let a caller that knows the key pick its one.
  const fns = entries.filter((e) => e.k === 'fn');
  // Entries we cannot resolve (`Handlers.x = Handlers.generic` assigned after the class) stand
  // aside when the known functions are at least as many; null entries (providers with nothing to
  // sync) are not calls at all, however many there are.
  const callable = entries.every((e) => e.k === 'fn' || e.k === 'null' || e.k === 'unknown');
  const unresolved = entries.filter((e) => e.k === 'unknown').length;
  if (entries.length > 1 && fns.length && callable && fns.length >= unresolved) {
    const fnNames = names && entries.flatMap((e, i) => (e.k === 'fn' ? [names[i]] : []));
    return { k: 'handle', h: { kind: 'builtin.anyOf', fns, ...(fnNames ? { names: fnNames } : {}) } };
  }
  const kind = entryKind(entries[0]);
  if (!kind || entries.some((e) => entryKind(e) !== kind)) return undefined;
  if (kind !== 'obj') return entries[0];
  const fields = new Set(entries.flatMap((e) => (e.k === 'obj' ? Object.keys(e.props) : [])));
  const props: Record<string, Val> = {};
  for (const name of fields) {
    const holders = entries.flatMap((e, i) => (e.k === 'obj' && e.props[name] ? [{ value: e.props[name], entry: names?.[i] }] : []));
    const values = holders.map((h) => h.value);
    const entryNames = names && holders.map((h) => h.entry!);
    // `DEFAULT_ROUTING[scraper].primary` differs by entry: the caller's key picks it.
    const choice = key && entryNames && dependsOnParams(key) ? tableChoice(key, entryNames.map((n, i) => [n, values[i]])) : undefined;
    props[name] = anyEntryOf(values, depth + 1, entryNames, key) ?? (values.length === 1 ? values[0] : { k: 'unknown', hint: name, ...(choice && { choice }) });
  }
  return { k: 'obj', props, open: true };
}

/**
 * `{ ...a, ...b }`, `Object.assign({}, a, b)`, `deepmerge(a, b)`: later sources win where we know
 * them; a source we cannot see (the caller's options) stays a spread that may supply the rest.
 */
export function mergeObjects(sources: Val[]): Val {
  const props: Record<string, Val> = {};
  const spreads: ObjSpread[] = [];
  let open = false;
  for (const s of sources) {
    if (s.k === 'obj') {
      for (const [k, v] of Object.entries(s.props)) {
        props[k] = v;
        for (const sp of spreads) sp.shadowedBy.push(k);
      }
      open = open || s.open;
      if (s.spreads) spreads.push(...s.spreads.map((sp) => ({ v: sp.v, shadowedBy: [...sp.shadowedBy] })));
    } else if (s.k !== 'null') {
      open = true;
      if (dependsOnParams(s)) spreads.push({ v: s, shadowedBy: [] });
    }
  }
  return spreads.length ? { k: 'obj', props, open, spreads } : { k: 'obj', props, open };
}

/** The last spread of an object literal that can supply `name` (none when a later prop shadows it). */
export function spreadFor(v: Extract<Val, { k: 'obj' }>, name: string): Val | undefined {
  const spreads = v.spreads ?? [];
  for (let i = spreads.length - 1; i >= 0; i--) if (!spreads[i].shadowedBy.includes(name)) return spreads[i].v;
  return undefined;
}

/** The same value, part for part (two computations of one expression give equal values). */
export function sameVal(a: Val, b: Val): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function member(v: Val, name: string): Val {
  switch (v.k) {
    case 'module':
      return { k: 'module', name: v.name, path: [...v.path, name] };
    case 'obj': {
      if (v.props[name]) return v.props[name];
      const spread = spreadFor(v, name);
      return spread ? member(spread, name) : { k: 'unknown', hint: name };
    }
    case 'param':
      return { k: 'param', fn: v.fn, index: v.index, path: [...v.path, name], name: v.name, fallback: v.fallback ? member(v.fallback, name) : undefined };
    case 'loopvar':
      return { ...v, path: [...v.path, name], element: v.element ? member(v.element, name) : undefined, ...(v.entries && { entries: v.entries.map((e) => member(e, name)) }) };
    case 'arr':
      if (name === 'length') {
        if (v.exact) return { k: 'num', v: v.items.length };
        return { k: 'unknown', hint: 'length' };
      }
      if (/^\d+$/.test(name)) return v.items[Number(name)] ?? v.element ?? UNKNOWN;
      return UNKNOWN;
    case 'unknown': {
      const choice = v.choice && { key: v.choice.key, entries: Object.fromEntries(Object.entries(v.choice.entries).map(([k, e]) => [k, member(e, name)])) };
      return { k: 'unknown', hint: v.hint ? `${v.hint}.${name}` : name, ...(v.from && { from: v.from }), ...(choice && { choice }) };
    }
    default:
      return UNKNOWN;
  }
}

/**
 * What a project function returned for these arguments, when it is (or has fields) we cannot read
 * but some argument differs per call: `getSpaceIdByName(notif.spaceName)` names a space per item.
 * Only the value itself and an object's direct fields are marked; a field or value we can read stays.
 */
export function computedFrom(v: Val, args: Val[]): Val {
  const from = args.filter(isPerCall).slice(0, 3);
  if (!from.length) return v;
  const mark = (x: Val): Val => (x.k === 'unknown' ? { ...x, from } : x);
  if (v.k === 'unknown') return mark(v);
  // `getWebhooksForRoutes(user, routes)`: a list of this user's webhooks, of which we know nothing else.
  if (v.k === 'arr' && !v.exact && !v.element) return { ...v, element: { k: 'unknown', from } };
  if (v.k === 'obj') {
    const props: Record<string, Val> = {};
    for (const [name, p] of Object.entries(v.props)) props[name] = mark(p);
    return { ...v, props };
  }
  return v;
}

/** The per-call values a list to loop over was computed from, if any (see the loopvar's `from`). */
export function listSources(iterable: Val): Val[] | undefined {
  if (iterable.k === 'param' || iterable.k === 'loopvar') return [iterable];
  if (iterable.k === 'unknown') return iterable.from;
  if (iterable.k === 'arr' && iterable.element?.k === 'unknown') return iterable.element.from;
  return undefined;
}

function isPerCall(v: Val): boolean {
  return dependsOnParams(v) || loopsOf(v).size > 0 || (v.k === 'unknown' && !!v.from?.length);
}

/**
 * A request's query, body or path parameter (`req.query.step`, `new URL(req.url).searchParams.get('step')`,
 * `req.body.Event`, `req.params.eventType`): a route handler's request comes from outside, or from
 * the cron or workflow whose URL names it.
 */
export function isRequestQuery(v: Val): boolean {
  return v.k === 'param' && v.path.length >= 2 && ['query', 'body', 'params'].includes(v.path[v.path.length - 2]);
}

/** True when the value (or any part of it) depends on a parameter. */
export function dependsOnParams(v: Val, depth = 0, of?: (fn: FnRef) => boolean): boolean {
  if (depth > 6) return false;
  const inner = (x: Val): boolean => dependsOnParams(x, depth + 1, of);
  switch (v.k) {
    case 'param': return !of || of(v.fn);
    case 'str': return v.parts.some((p) => typeof p !== 'string' && inner(p));
    case 'obj': return Object.values(v.props).some(inner) || !!v.spreads?.some((sp) => !of || inner(sp.v));
    case 'arr': return v.items.some(inner);
    case 'handle': return Object.values(v.h).some((x) => isVal(x) && inner(x));
    case 'unknown': return !!v.choice && inner(v.choice.key);
    default: return false;
  }
}

// Elements that are, or own, a destination: one per space, webhook, user, project, routing rule…
const DESTINATION_ELEMENT = /space|room|channel|group|team|project|hook|robot|bot|chat|conversation|thread|user|member|person|people|employee|staff|tenant|org|compan|customer|account|client|dep(t|artment)|recipient|email|target|dest|subscriber|admin|owner|manager|contact|workspace|site|app|config|setting|dm|url|endpoint|integration|subscription|connection|install|guild|sink|notifier|route|routing|rule|trigger|^(id|key|name)$/i;

const GENERIC_NOUN = /^(info|data|item|entry|obj|object|record|row|details?|meta|doc|model|dto|entity)$/i;

/** The words of a camelCase or snake_case name: `getJsApiSign` is get, Js, Api, Sign. */
export function nameWords(name: string): string[] {
  return name.split(/(?<=[a-z0-9])(?=[A-Z])|[_\-\s$]+/).filter(Boolean);
}

/** What a name is about: its last word (`threadTicket` is a ticket), skipping generic ones (`spaceInfo`). */
export function headNoun(name: string): string {
  const words = nameWords(name);
  while (words.length > 1 && GENERIC_NOUN.test(words[words.length - 1])) words.pop();
  return words[words.length - 1] ?? name;
}

/**
 * The loops over items of which several can name the same destination: `task.space_id` in a loop
 * over tasks (many tasks per project space), unlike `space.name` in a loop over spaces or the
 * element itself. Per-destination quotas add up across such a loop's iterations.
 */
export function loopsSharingDestination(v: Val, out = new Set<string>(), depth = 0, computed = false): Set<string> {
  if (depth > 6) return out;
  const inner = (x: Val, viaFunction = computed) => loopsSharingDestination(x, out, depth + 1, viaFunction);
  switch (v.k) {
    // One- and two-letter names (`p`, `it`) say nothing about what the items are. A function of
    // the whole item (`pickWebhook(row)`) may map many items to one destination, as a field does.
    // The first of a pair (`for (const [area, items] of byArea)`, `Object.entries(…)`) is a key of
    // a Map or object, different in every iteration: a destination picked by it is one per key,
    // as one picked by the element itself is.
    case 'loopvar':
      if ((v.path.length > 0 || computed) && v.name && v.name.length > 2 && !DESTINATION_ELEMENT.test(headNoun(v.name)) && !isEntryKey(v)) out.add(v.loop);
      v.from?.forEach((p) => inner(p, true));
      break;
    case 'str': v.parts.forEach((p) => typeof p !== 'string' && inner(p)); break;
    case 'obj': Object.values(v.props).forEach((p) => inner(p)); break;
    case 'unknown': v.from?.forEach((p) => inner(p, true)); break;
    default: break;
  }
  return out;
}

function isEntryKey(v: Extract<Val, { k: 'loopvar' }>): boolean {
  return v.path.length === 1 && v.path[0] === '0';
}

/**
 * A function's result seen from its caller: the current element of a loop inside the function
 * (`return webhooks.find((w) => w.id === id)`) is, outside, just what is known of that element.
 */
export function withoutInnerLoops(v: Val, isInner: (loop: string) => boolean, depth = 0): Val {
  if (depth > 6) return v;
  const inner = (x: Val) => withoutInnerLoops(x, isInner, depth + 1);
  switch (v.k) {
    case 'loopvar': return isInner(v.loop) ? v.element ?? UNKNOWN : v;
    case 'str': return v.parts.some((p) => typeof p !== 'string') ? concat(v.parts.map((p) => (typeof p === 'string' ? p : inner(p)))) : v;
    case 'obj': return { ...v, props: Object.fromEntries(Object.entries(v.props).map(([k, p]) => [k, inner(p)])) };
    case 'arr': return { ...v, items: v.items.map(inner) };
    default: return v;
  }
}

/** The loops whose current element the value depends on. */
export function loopsOf(v: Val, out = new Set<string>(), depth = 0): Set<string> {
  if (depth > 6) return out;
  switch (v.k) {
    case 'loopvar': out.add(v.loop); v.outer?.forEach((l) => out.add(l)); v.from?.forEach((p) => loopsOf(p, out, depth + 1)); break;
    case 'unknown': v.from?.forEach((p) => loopsOf(p, out, depth + 1)); break;
    case 'str': v.parts.forEach((p) => typeof p !== 'string' && loopsOf(p, out, depth + 1)); break;
    case 'obj': Object.values(v.props).forEach((p) => loopsOf(p, out, depth + 1)); break;
    case 'arr': v.items.forEach((p) => loopsOf(p, out, depth + 1)); break;
    default: break;
  }
  return out;
}

export function isVal(x: unknown): x is Val {
  return typeof x === 'object' && x !== null && typeof (x as { k?: unknown }).k === 'string';
}

export function sameFn(a: FnRef, b: FnRef): boolean {
  return a.file === b.file && a.pos === b.pos;
}

/** The value as it is when callers pass nothing for the parameters that have a default (`url || process.env.WEBHOOK`). */
export function withDefaults(v: Val, depth = 0): Val {
  if (depth > 6) return v;
  switch (v.k) {
    case 'param': return v.fallback ?? v;
    case 'str': return v.parts.some((p) => typeof p !== 'string') ? concat(v.parts.map((p) => (typeof p === 'string' ? p : withDefaults(p, depth + 1)))) : v;
    case 'obj': return { ...v, props: Object.fromEntries(Object.entries(v.props).map(([k, p]) => [k, withDefaults(p, depth + 1)])) };
    default: return v;
  }
}

/** Whether a parameter with a default is part of the value. */
export function hasParamDefault(v: Val, depth = 0): boolean {
  if (depth > 6) return false;
  switch (v.k) {
    case 'param': return !!v.fallback;
    case 'str': return v.parts.some((p) => typeof p !== 'string' && hasParamDefault(p, depth + 1));
    case 'obj': return Object.values(v.props).some((p) => hasParamDefault(p, depth + 1));
    default: return false;
  }
}

/**
 * Replaces the parameters of `fn` by the argument values of one invocation. Parameters of other
 * functions (enclosing closures) are left for their own invocation to replace.
 */
export type MemberFn = (v: Val, name: string) => Val;

/**
 * Replaces the parameters of `fn` by the argument values of one invocation. Parameters of other
 * functions (enclosing closures) are left for their own invocation to replace. `memberOf` must
 * know the libraries (the binder's), so that `client.spaces.messages` on a substituted client resolves.
 */
/**
 * Whether a string starts as an absolute URL (`https://…`) or as a path to join to a
 * base (`/queries`, `users/list`); undefined while too little of its start is known to tell.
 */
export function urlStart(v: Val): 'absolute' | 'path' | undefined {
  const head = v.k === 'str' && typeof v.parts[0] === 'string' ? v.parts[0] : undefined;
  if (head === undefined) return undefined;
  if (/^[a-z][\w+.-]*:\/\//i.test(head)) return 'absolute';
  if (head.startsWith('/') || (head.length >= 8 && !head.includes(':'))) return 'path';
  return undefined;
}

/** `process.env` (or `import.meta.env`) itself, whose members are settings. */
export function isProcessEnv(v: Val): boolean {
  return v.k === 'module' && v.name === 'global' && (v.path[0] === 'process' || v.path[0] === 'import.meta') && v.path[1] === 'env' && v.path.length === 2;
}

/**
 * A table entry read with a parameter as the key, once the caller passes the key: the entry it
 * names written out (a key the table lacks reads nothing known), or still a choice when the key
 * is the caller's own parameter.
 */
function chosen(v: Extract<Val, { k: 'unknown' }>, choice: TableChoice, fn: FnRef, args: Val[], memberOf: MemberFn, depth: number): Val {
  const key = substitute(choice.key, fn, args, memberOf, depth + 1);
  const name = literal(key);
  if (name !== undefined && Object.hasOwn(choice.entries, name)) return choice.entries[name];
  const { choice: _replaced, ...plain } = v;
  const rest = substitute(plain, fn, args, memberOf, depth + 1);
  return name === undefined && dependsOnParams(key) && rest.k === 'unknown' ? { ...rest, choice: { key, entries: choice.entries } } : rest;
}

export function substitute(v: Val, fn: FnRef, args: Val[], memberOf: MemberFn = member, depth = 0): Val {
  if (depth > 8) return v;
  switch (v.k) {
    case 'param': {
      if (!sameFn(v.fn, fn)) return v;
      const arg = args[v.index];
      // A default may be built from the other parameters (`options = {}; options.body = body`). The
      // fallback stands for the value at the parameter's path (`deps.getToken ?? getCorpToken`), so
      // when the caller passes nothing it is the value itself, with no path left to walk.
      const missing = arg === undefined || arg.k === 'null';
      let out = missing ? (v.fallback ? substitute(v.fallback, fn, args, memberOf, depth + 1) : UNKNOWN) : arg;
      if (!missing) for (const step of v.path) out = memberOf(out, step);
      // `options.client ?? https` with `{ url }` passed: the caller's value lacks it, so the default applies.
      // `settings.notification_webhook || process.env.DINGTALK_WEBHOOK` with the settings' default `''`:
      // an empty setting is one left unset, whichever operator falls back.
      if (v.path.length && v.fallback && arg !== undefined && arg.k !== 'null' && (isUnknown(out) || literal(out) === '')) out = substitute(v.fallback, fn, args, memberOf, depth + 1);
      if (v.ifRelative) {
        if (urlStart(out) === 'path') return substitute(v.ifRelative, fn, args, memberOf, depth + 1);
        if (out.k === 'param') return { ...out, ifRelative: substitute(v.ifRelative, fn, args, memberOf, depth + 1) };
      }
      return out;
    }
    case 'str':
      if (v.parts.every((p) => typeof p === 'string')) return v;
      return concat(v.parts.map((p) => (typeof p === 'string' ? p : substitute(p, fn, args, memberOf, depth + 1))));
    case 'obj': {
      const props: Record<string, Val> = {};
      for (const [k, p] of Object.entries(v.props)) props[k] = substitute(p, fn, args, memberOf, depth + 1);
      if (!v.spreads) return { k: 'obj', props, open: v.open };
      const spreads: ObjSpread[] = [];
      for (const sp of v.spreads) {
        const s = substitute(sp.v, fn, args, memberOf, depth + 1);
        if (s.k !== 'obj') { spreads.push({ v: s, shadowedBy: sp.shadowedBy }); continue; }
        for (const [k, p] of Object.entries(s.props)) if (!sp.shadowedBy.includes(k) || !(k in props)) props[k] = p;
        if (s.spreads) spreads.push(...s.spreads);
      }
      return spreads.length ? { k: 'obj', props, open: true, spreads } : { k: 'obj', props, open: v.open };
    }
    case 'arr':
      return { ...v, items: v.items.map((p) => substitute(p, fn, args, memberOf, depth + 1)) };
    case 'instance':
      return v.ctorArgs ? { ...v, ctorArgs: v.ctorArgs.map((p) => substitute(p, fn, args, memberOf, depth + 1)) } : v;
    case 'fn':
      return v.ctor ? { ...v, ctor: { ref: v.ctor.ref, args: v.ctor.args.map((p) => substitute(p, fn, args, memberOf, depth + 1)) } } : v;
    case 'handle': {
      const h: Handle = { kind: v.h.kind };
      for (const [k, x] of Object.entries(v.h)) h[k] = isVal(x) ? substitute(x, fn, args, memberOf, depth + 1) : x;
      // `const get = (k) => process.env[k]` called with `get('GCHAT_WEBHOOK_URL')`: that setting.
      const setting = h.kind === 'builtin.member' && isProcessEnv(h.target as Val) ? literal(h.key as Val) : undefined;
      if (setting !== undefined) return { k: 'unknown', hint: `env:${setting}` };
      return { k: 'handle', h };
    }
    // What the value was computed from is replaced like any other part; what no longer varies per
    // call is dropped with it.
    case 'loopvar':
    case 'unknown': {
      if (v.k === 'unknown' && v.choice) return chosen(v, v.choice, fn, args, memberOf, depth);
      if (!v.from) return v;
      const from = v.from.map((p) => substitute(p, fn, args, memberOf, depth + 1)).filter(isPerCall);
      const { from: _replaced, ...rest } = v;
      return from.length ? { ...rest, from } : rest;
    }
    default:
      return v;
  }
}

export function describeVal(v: Val): string {
  switch (v.k) {
    case 'str': return JSON.stringify(v.parts.map((p) => (typeof p === 'string' ? p : '${…}')).join(''));
    case 'num': return String(v.v);
    case 'module': return [v.name, ...v.path].join('.');
    case 'handle': return v.h.kind;
    case 'fn': return `function ${v.ref.name}`;
    case 'param': return `parameter ${v.index}${v.path.length ? '.' + v.path.join('.') : ''} of ${v.fn.name}`;
    default: return v.k;
  }
}
