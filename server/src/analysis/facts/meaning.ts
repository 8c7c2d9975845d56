// What a call means, from its callee and argument values alone: an API operation, an invocation
// of a function we can summarise, a template that depends on the caller's arguments, or nothing.
// It works on values, not syntax, so it runs again when a summary is instantiated in a caller.
import type { ProviderId } from '../../model';
import { handleOf, prop } from '../library';
import { HOLE, anyEntryOf, dependsOnParams, hints, isStandInHost, literal, sameFn, shape, urlOrigin, type FnRef, type InjectedMethod, type Val } from '../values';
import type { LimiterSettings } from '../libraries/limiters';
import type { UserWrapper } from '../../config/settings';
import { classifyGoogleChatCall, classifyGoogleChatHttp } from '../../providers/googleChat';
import { classifyYidaCall, classifyYidaHttp } from '../../providers/yida';
import { classifyOxylabsHttp } from '../../providers/oxylabs';
import { classifyDingTalkPackageCall } from '../../providers/dingtalkPackages';
import { httpRequestOf } from '../../providers/http';
import { httpMethodOf } from '../../providers/operations';
import type { ApiOp, ClientRetry, HttpRequest } from './apiOp';

export type Meaning =
  | { m: 'api'; op: ApiOp }
  | { m: 'invoke'; fn: FnRef; args: Val[]; limiter?: LimiterSettings; ctor?: Closure; slot?: InjectedMethod }
  /** A function picked from a table at run time (`STEPS[step]()`): any of them. */
  | { m: 'invoke-any'; fns: { ref: FnRef; ctor?: Closure }[]; args: Val[]; choice?: { key: Val; names: string[] } }
  | { m: 'template'; callee: Val; args: Val[]; generic?: { provider: ProviderId; httpMethod: string; what: string } }
  /** A request to the app's own server (`fetch('/api/notify', { method: 'POST' })`): whatever that route's handler calls. */
  | { m: 'route'; path: string; method: string }
  | { m: 'none' };

/** The invocation whose parameters a method or closure also reads (its constructor, its factory). */
export interface Closure { ref: FnRef; args: Val[] }

export interface MeaningContext {
  axiosRetries: ReadonlyMap<string, ClientRetry>;
  /** The binder's member access (it knows the libraries), for members named by a string value. */
  memberOf: (v: Val, name: string) => Val;
  wrappers: readonly UserWrapper[];
  file: string;
  /** The name of the package the file belongs to. */
  packageName?: string;
  /** Whether the file names Google Chat and no other messenger (asked only for webhooks kept in configuration). */
  fileNamesOnlyChat?: () => boolean;
}

// Hosts that identify a provider even when the path is unknown. api.dingtalk.com serves many
// DingTalk products besides Yida, so only its legacy oapi sibling counts when the path is open.
const PROVIDER_HOSTS: [RegExp, ProviderId][] = [
  [/^(?:https?:\/\/)?oapi\.dingtalk\.com\b/i, 'yida'],
  [/^(?:https?:\/\/)?chat\.googleapis\.com\b/i, 'google-chat'],
  [/^(?:https?:\/\/)?(?:realtime|data)\.oxylabs\.io\b/i, 'oxylabs'],
];

/** A URL nothing of which is written here (`process.env.WEBHOOK`, an element of a configured list). */
function isWholeSetting(url: Val): boolean {
  if (url.k === 'param') return false;
  const s = shape(url);
  return s === undefined ? url.k === 'unknown' || url.k === 'loopvar' : s === HOLE;
}

const WEBHOOK_NAME = /ding|钉钉/i;

function providerOfHost(url: Val): ProviderId | undefined {
  const s = shape(url);
  if (s === undefined) return undefined;
  return PROVIDER_HOSTS.find(([re]) => re.test(s))?.[1];
}

/**
 * `pushToDingTalk(order, COLLECTION_MAP[type].webhook)` with the map's URLs on connector.dingtalk.com:
 * the caller's URL, now known, is another host than the names made the webhook out to be.
 */
export function overruledByPassedUrl(op: ApiOp): boolean {
  if (!op.urlByName || !op.scopeKey) return false;
  // `testWebhook('https://test.com/webhook')` in a test: a stand-in for the configured webhook.
  const origin = urlOrigin(op.scopeKey);
  return origin !== undefined && !isStandInHost(origin.replace(/^https?:\/\//, '').replace(/:\d+$/, '')) && providerOfHost(op.scopeKey) !== op.provider;
}

/**
 * `for (const service of SERVICE_CHECKS) fetch(service.url)` over a written list of different
 * services (Calendar, Drive, Chat): the loop requests each, so the call is one of the entry that is
 * ours, when the entries of ours all name the same operation.
 */
function classifyProviderHttp(req: HttpRequest): ApiOp | undefined {
  return classifyYidaHttp(req) ?? classifyGoogleChatHttp(req) ?? classifyOxylabsHttp(req);
}

function entryRequest(req: HttpRequest): ApiOp | undefined {
  if (req.url.k !== 'loopvar' || !req.url.entries) return undefined;
  const ops = req.url.entries.flatMap((url) => {
    const op = classifyProviderHttp({ ...req, url });
    return op ? [op] : [];
  });
  return ops.length && ops.every((o) => o.provider === ops[0].provider && o.operation === ops[0].operation) ? ops[0] : undefined;
}

/**
 * `context` names the function that makes the call (`gChatWebhook`), the last resort for a webhook
 * whose URL comes from a generic setting such as `process.env.WEBHOOK_URL`.
 */
export function classifyCall(mc: MeaningContext, callee: Val, args: Val[], calleeName?: string, context?: string[]): Meaning {
  const dynamic = handleOf(callee, 'builtin.member');
  if (dynamic) {
    const name = literal(dynamic.key as Val);
    if (name !== undefined) return classifyCall(mc, mc.memberOf(dynamic.target as Val, name), args, name, context);
    return dependsOnParams(dynamic.key as Val) ? { m: 'template', callee, args } : { m: 'none' };
  }
  const declared = declaredCalls(mc, callee, calleeName);
  if (declared) return { m: 'api', op: declared };
  const sdk = classifyGoogleChatCall(callee, args) ?? classifyYidaCall(callee) ?? classifyDingTalkPackageCall(callee, args);
  if (sdk) return { m: 'api', op: sdk };
  const found = httpRequestOf(callee, args, mc.axiosRetries) ?? unknownClientRequest(callee, args, calleeName);
  if (found) {
    const req = { ...found, context, fileName: fileStem(mc.file), folders: nearestFolders(mc.file), packageName: mc.packageName, get fileNamesOnlyChat() { return mc.fileNamesOnlyChat?.() ?? false; } };
    const op = classifyProviderHttp(req) ?? entryRequest(req);
    if (op) return { m: 'api', op };
    const provider = providerOfHost(req.url);
    const generic = provider ? { provider, httpMethod: req.method ?? 'GET', what: req.lib } : undefined;
    if (dependsOnParams(req.url) || (req.proxy !== undefined && dependsOnParams(req.proxy))) return { m: 'template', callee, args, generic };
    // `ctx.curl(webhookFromConfig, { data })` in a DingTalk service: a URL that is a setting as a
    // whole, posting the caller's message; the callers' bodies (`{ msgtype: 'markdown' }`) say
    // whether it is the custom robot (a Google Chat webhook is known by its names alone).
    if (req.body && dependsOnParams(req.body) && isWholeSetting(req.url) && [...hints(req.url), ...(context ?? [])].some((n) => WEBHOOK_NAME.test(n))) return { m: 'template', callee, args };
    const route = ownRoutePath(req.url);
    if (route) return { m: 'route', path: route, method: (req.method ?? 'GET').toUpperCase() };
    // `fetcher(url)` with `fetcher` a parameter: what it calls is the caller's to say.
    return dependsOnParams(callee) ? { m: 'template', callee, args } : { m: 'none' };
  }
  if (callee.k === 'fn') return { m: 'invoke', fn: callee.ref, args, ctor: callee.ctor, slot: callee.slot };
  const listed = functionOfList(callee);
  if (listed) return classifyCall(mc, listed, args, calleeName, context);
  const anyOf = handleOf(callee, 'builtin.anyOf');
  if (anyOf) {
    const fns = (anyOf.fns as Val[]).flatMap((f) => (f.k === 'fn' ? [{ ref: f.ref, ctor: f.ctor }] : []));
    const names = anyOf.names as string[] | undefined;
    return { m: 'invoke-any', fns, args, ...(names && anyOf.key ? { choice: { key: anyOf.key as Val, names } } : {}) };
  }
  const throttled = handleOf(callee, 'limit.throttled');
  if (throttled) {
    const inner = throttled.fn as Val;
    if (inner.k === 'fn') return { m: 'invoke', fn: inner.ref, args, limiter: throttled.settings as LimiterSettings };
    return { m: 'none' };
  }
  if (callee.k === 'handle' && callee.h.kind === 'builtin.call') {
    const target = callee.h.target as Val;
    if (target.k === 'fn') return { m: 'invoke', fn: target.ref, args: args.slice(1) };
  }
  if (dependsOnParams(callee)) return { m: 'template', callee, args };
  return { m: 'none' };
}

/**
 * `for (const fetcher of FALLBACKS) await fetcher()` over `[tryV1, tryOld]`, or
 * `jobs.map((fn) => fn())` over thunks: the loop's element is one of the listed functions.
 * Also a list itself (`pAll(tasks)`) whose elements are all one function.
 */
export function functionOfList(callee: Val): Val | undefined {
  if (callee.k === 'arr' && callee.exact) {
    const first = callee.items[0];
    return first?.k === 'fn' && callee.items.every((e) => e.k === 'fn' && sameFn(e.ref, first.ref)) ? first : undefined;
  }
  if (callee.k === 'arr' || callee.k === 'unknown') return callee.element?.k === 'fn' ? callee.element : undefined;
  if (callee.k !== 'loopvar') return undefined;
  // `for (const spec of specs) await spec.run()` over a table written in the code: each entry's
  // function runs in turn (the entries carry the member read off them).
  if (callee.path.length) {
    if (callee.entries) return callee.entries.every((e) => e.k === 'fn') ? callable(anyEntryOf(callee.entries)) : undefined;
    // The same over the table filtered first (`specs.filter((s) => flags[s.source])`).
    return callee.element && handleOf(callee.element, 'builtin.anyOf') ? callee.element : undefined;
  }
  if (callee.entries) {
    // `[a, b].map((x) => () => send(x))`: every entry the same function, called once per entry.
    const first = callee.entries[0];
    if (first.k === 'fn' && callee.entries.every((e) => e.k === 'fn' && sameFn(e.ref, first.ref))) return first;
    return callable(anyEntryOf(callee.entries));
  }
  return callable(callee.element);
}

/** A function, or any of several: what a call of the value runs. */
function callable(v: Val | undefined): Val | undefined {
  return v && (v.k === 'fn' || handleOf(v, 'builtin.anyOf')) ? v : undefined;
}

// The host may be a setting in part too (`https://${process.env.VERCEL_URL}/api/cron/…`).
const API_PATH_AFTER_BASE = new RegExp(`^(?:${HOLE}|https?://[^/]+)(/api/.*)$`, 's');

/**
 * The path of a request that may go to the app's own server: `'/api/notify'`, `` `/api/reviews/${id}` ``,
 * or an API path after a base URL (`${process.env.NEXT_PUBLIC_APP_URL}/api/notify`,
 * `${process.env.URL || 'https://app.example.com'}/api/cron/digest`, `http://localhost:3000/api/…`).
 * Parts not written out stay holes. It is the app's own only if a route file of the project serves it.
 */
function ownRoutePath(url: Val): string | undefined {
  const s = shape(url);
  if (s === undefined) return undefined;
  if (s.startsWith('/') && !s.startsWith('//')) return s;
  return API_PATH_AFTER_BASE.exec(s)?.[1];
}

/** The three folders nearest the file, innermost first. */
function nearestFolders(file: string): string[] {
  return file.split(/[\\/]/).slice(0, -1).filter(Boolean).slice(-3).reverse();
}

/** The file's name without extension; for `functions/send-google-chat-notification/index.ts`, its folder's. */
function fileStem(file: string): string {
  const parts = file.split(/[\\/]/);
  const stem = (parts.pop() ?? file).replace(/\.[^.]*$/, '');
  return /^(index|main|handler|route|mod)$/i.test(stem) && parts.length ? `${parts[parts.length - 1]}/${stem}` : stem;
}

const REQUEST_NAME = /^(request|fetch\w*|makeRequest|sendRequest|doRequest|apiRequest|apiCall|callApi|httpRequest|http|post|get|put|patch|delete|send\w*Request|\w*Request)$/i;
/** n8n's request helpers that take a credential type first: `httpRequestWithAuthentication(credentialType, options)`. */
const AUTHENTICATED_REQUEST = /^(httpRequest|request)(WithAuthentication|OAuth1|OAuth2)$/;
const VERB_NAME = /^(get|post|put|patch|delete)$/i;

/**
 * A call of an HTTP helper we cannot see into (a framework client such as `this.helpers.request`,
 * `httpClient.sendRequest`, or a base class's `makeRequest`): when its name says "request" and its
 * arguments carry a provider URL, it is treated as that request.
 */
function unknownClientRequest(callee: Val, args: Val[], calleeName: string | undefined): HttpRequest | undefined {
  if (!calleeName || callee.k === 'fn' || callee.k === 'handle') return undefined;
  if (AUTHENTICATED_REQUEST.test(calleeName)) args = args.slice(1);
  else if (!REQUEST_NAME.test(calleeName)) return undefined;
  const first = args[0];
  if (!first) return undefined;
  const options = first.k === 'obj' ? first : args[1]?.k === 'obj' ? args[1] : undefined;
  const url = first.k === 'obj' ? prop(first, 'url') ?? prop(first, 'uri') ?? prop(first, 'endpoint') : first;
  if (!url || url.k === 'obj') return undefined;
  const methodVal = prop(options, 'method');
  const methodText = methodVal ? literal(methodVal) ?? hints(methodVal).map((h) => h.split('.').pop()!).find((h) => /^(GET|POST|PUT|PATCH|DELETE|HEAD)$/i.test(h)) : undefined;
  const body = prop(options, 'body') ?? prop(options, 'data') ?? prop(options, 'json') ?? (first.k !== 'obj' && !VERB_NAME.test(calleeName) ? args[1] : undefined);
  const method = methodText?.toUpperCase() ?? (VERB_NAME.test(calleeName) ? calleeName.toUpperCase() : body ? 'POST' : undefined);
  return { lib: calleeName, method, url, body, headers: prop(options, 'headers') };
}

/** A function the user declared in quota-lint.json as calling an API operation. */
function declaredCalls(mc: MeaningContext, callee: Val, calleeName: string | undefined): ApiOp | undefined {
  if (!mc.wrappers.length) return undefined;
  const name = callee.k === 'fn' ? callee.ref.name : calleeName;
  if (!name) return undefined;
  const w = mc.wrappers.find((x) => x.calls && (x.name === name || name.endsWith(`.${x.name}`) || x.name.endsWith(`.${name}`))
    && (!x.file || mc.file.endsWith(x.file)));
  if (!w?.calls) return undefined;
  const [provider, operation] = w.calls.split(/:(.*)/s) as [ProviderId, string];
  return {
    provider, operation, httpMethod: httpMethodOf(provider, operation), via: 'sdk', client: `${w.name} (declared)`,
    clientRetry: w.retries ? { source: `${w.name} (declared to retry)`, coversThrottling: true, exponential: true, jitter: true } : undefined,
  };
}
