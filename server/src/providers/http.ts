// HTTP clients: fetch (global, node-fetch, undici, cross-fetch), axios (and instances with a
// baseURL), got and ky (and their extended instances with prefixUrl), superagent, request, urllib
// (egg's `ctx.curl` and `app.httpclient`, see eggContext.ts) and Node's http(s).request. Each call
// becomes an HttpRequest that the providers then classify by URL.
import { handleOf, isNodeHttpRequest, modulePath, prop, type Library } from '../analysis/library';
import { UNKNOWN, concat, isUnknown, literal, sameFn, shape, type Val } from '../analysis/values';
import type { ClientRetry, HttpRequest } from '../analysis/facts/apiOp';

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
const FETCH_MODULES = ['node-fetch', 'cross-fetch', 'isomorphic-fetch', '@whatwg-node/fetch', 'make-fetch-happen'];
const BODY_VERBS = new Set(['post', 'put', 'patch']);

interface HttpHandle {
  kind: 'http';
  lib: string;
  verb?: string;
  base?: Val;
  defaults?: Val;
  /** Where the instance was created, so that retry plugins attached to it can be matched. */
  origin?: string;
}

function httpHandle(h: Omit<HttpHandle, 'kind'>): Val {
  return { k: 'handle', h: { kind: 'http', ...h } };
}

/** A urllib client (`new HttpClient()`, egg's `app.httpclient`), or with `verb` its `request`/`curl`. */
export function urllibClient(verb?: 'request'): Val {
  return httpHandle({ lib: 'urllib', ...(verb && { verb }) });
}

export const httpLibrary: Library = {
  // NestJS's HttpService (`@nestjs/axios`, injected as `private readonly http: HttpService`) wraps
  // an axios instance: its get/post/… take axios' arguments, and `axiosRef` is the instance itself.
  construct(ctor) {
    if (modulePath(ctor, '@nestjs/axios', '@nestjs/common')?.join('.') === 'HttpService') return httpHandle({ lib: 'axios' });
    const urllib = modulePath(ctor, 'urllib');
    return urllib?.length === 1 && /^HttpClient2?$/.test(urllib[0]) ? urllibClient() : undefined;
  },
  member(v, name) {
    const h = handleOf(v, 'http') as HttpHandle | undefined;
    if (h && !h.verb && name === 'axiosRef') return v;
    if (h?.lib === 'urllib') return !h.verb && (name === 'request' || name === 'curl') ? urllibClient('request') : undefined;
    if (h && !h.verb) {
      if (VERBS.includes(name)) return httpHandle({ ...h, verb: name });
      if (name === 'request') return httpHandle({ ...h, verb: 'request' });
      if (name === 'extend' || name === 'create') return httpHandle({ ...h, verb: name });
    }
    return undefined;
  },
  call(callee, args) {
    const axiosPath = modulePath(callee, 'axios');
    if (axiosPath && axiosPath.length === 1 && axiosPath[0] === 'create') {
      return httpHandle({ lib: 'axios', base: prop(args[0], 'baseURL'), defaults: args[0], origin: originOf(args[0]) });
    }
    const gotPath = modulePath(callee, 'got');
    if (gotPath && gotPath.length === 1 && gotPath[0] === 'extend') {
      return httpHandle({ lib: 'got', base: prop(args[0], 'prefixUrl'), defaults: args[0] });
    }
    const kyPath = modulePath(callee, 'ky');
    if (kyPath && kyPath.length === 1 && (kyPath[0] === 'create' || kyPath[0] === 'extend')) {
      return httpHandle({ lib: 'ky', base: prop(args[0], 'prefixUrl'), defaults: args[0] });
    }
    const h = handleOf(callee, 'http') as HttpHandle | undefined;
    if (h && (h.verb === 'extend' || h.verb === 'create')) {
      const base = prop(args[0], 'prefixUrl') ?? prop(args[0], 'baseURL') ?? h.base;
      return httpHandle({ lib: h.lib, base, defaults: args[0] ?? h.defaults, origin: h.origin });
    }
    return undefined;
  },
};

/** Axios instances are told apart by their config object, which the binder shares by reference. */
function originOf(config: Val | undefined): string | undefined {
  return config && config.k === 'obj' ? `axios:${Object.keys(config.props).sort().join(',')}:${literal(config.props.baseURL ?? UNKNOWN) ?? ''}` : undefined;
}

function joinBase(base: Val | undefined, url: Val): Val {
  if (!base || isUnknown(base)) return url;
  const s = shape(url);
  if (s !== undefined && /^[a-z]+:\/\//i.test(s)) return url;
  const b = shape(base) ?? '';
  if (b.endsWith('/') && url.k === 'str' && typeof url.parts[0] === 'string' && url.parts[0].startsWith('/')) {
    return concat([base, url.parts[0].slice(1), ...url.parts.slice(1)]);
  }
  if (!b.endsWith('/') && s !== undefined && !s.startsWith('/')) return concat([base, '/', url]);
  return concat([base, url]);
}

function upper(v: Val | undefined): string | undefined {
  const s = v && literal(v);
  return s ? s.toUpperCase() : undefined;
}

/** got and ky retry 429 on their own, but only for idempotent verbs and only twice. */
function builtInRetry(lib: string, method: string | undefined, options: Val | undefined): ClientRetry | undefined {
  if (lib !== 'got' && lib !== 'ky') return undefined;
  const retry = prop(options, 'retry');
  const limit = retry?.k === 'num' ? retry.v : prop(retry, 'limit') && literal(prop(retry, 'limit')!) ? Number(literal(prop(retry, 'limit')!)) : 2;
  const methods = prop(retry, 'methods');
  const verb = (method ?? 'GET').toUpperCase();
  const covers = methods && methods.k === 'arr'
    ? methods.items.some((m) => literal(m)?.toUpperCase() === verb)
    : ['GET', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE'].includes(verb);
  if (limit === 0) return { source: `${lib} (retry disabled)`, coversThrottling: false, weakness: 'retry is disabled' };
  return {
    source: `${lib} built-in retry`, coversThrottling: covers, exponential: true, jitter: lib === 'got',
    weakness: !covers ? `${lib} does not retry ${verb} requests unless retry.methods includes it`
      : limit <= 2 ? `${lib} retries only ${limit} times by default` : undefined,
  };
}

export interface AxiosRetryInfo { retry: ClientRetry }

/**
 * Turns a call into an HTTP request description, or undefined when the callee is not an HTTP
 * client. `retries` maps axios instance origins (and "axios" for the default instance) to the
 * retry behaviour attached with axios-retry / retry-axios.
 */
export function httpRequestOf(callee: Val, args: Val[], retries: ReadonlyMap<string, ClientRetry>): HttpRequest | undefined {
  // fetch(url, init) and friends.
  const isFetch = (callee.k === 'module' && callee.name === 'global' && callee.path.length === 1 && callee.path[0] === 'fetch')
    || (modulePath(callee, ...FETCH_MODULES)?.length === 0)
    || (modulePath(callee, 'undici')?.join('.') === 'fetch');
  if (isFetch) {
    const init = args[1];
    return {
      lib: callee.k === 'module' && callee.name !== 'global' ? callee.name : 'fetch',
      method: upper(prop(init, 'method')) ?? (prop(init, 'body') ? 'POST' : 'GET'),
      url: args[0] ?? UNKNOWN, body: prop(init, 'body'), headers: prop(init, 'headers'),
      proxy: prop(init, 'agent') ?? prop(init, 'dispatcher'),
    };
  }
  const undici = modulePath(callee, 'undici');
  if (undici && undici.length === 1 && undici[0] === 'request') {
    const opts = args[1];
    return { lib: 'undici', method: upper(prop(opts, 'method')) ?? 'GET', url: args[0] ?? UNKNOWN, body: prop(opts, 'body'), headers: prop(opts, 'headers'), proxy: prop(opts, 'dispatcher') };
  }
  // axios, as a module or as an instance.
  const axiosPath = modulePath(callee, 'axios');
  const handle = handleOf(callee, 'http') as HttpHandle | undefined;
  if (axiosPath !== undefined || handle?.lib === 'axios') {
    const verb = axiosPath ? (axiosPath.length === 0 ? undefined : axiosPath[0]) : handle!.verb;
    if (verb !== undefined && !VERBS.includes(verb) && verb !== 'request') return undefined;
    const base = handle?.base;
    const defaults = handle?.defaults;
    const retry = retries.get(handle?.origin ?? 'axios');
    let url: Val;
    let config: Val | undefined;
    let body: Val | undefined;
    if (verb === undefined || verb === 'request') {
      const first = args[0];
      if (first && first.k === 'obj') { config = first; url = prop(first, 'url') ?? UNKNOWN; }
      else { url = first ?? UNKNOWN; config = args[1]; }
      body = prop(config, 'data');
    } else {
      url = args[0] ?? UNKNOWN;
      if (BODY_VERBS.has(verb)) { body = args[1]; config = args[2]; } else config = args[1];
    }
    const method = verb && verb !== 'request' ? verb.toUpperCase() : upper(prop(config, 'method')) ?? 'GET';
    const baseURL = prop(config, 'baseURL') ?? base;
    const clientRetry = retry && retry.methods && !retry.methods.includes(method)
      ? { ...retry, coversThrottling: false, weakness: `${retry.source} does not retry ${method} requests unless retryCondition says so` }
      : retry;
    return {
      lib: 'axios', method, url: joinBase(baseURL, url), body, headers: prop(config, 'headers') ?? prop(defaults, 'headers'),
      proxy: firstKnown(prop(config, 'httpsAgent'), prop(config, 'httpAgent'), proxyOf(config), prop(defaults, 'httpsAgent'), prop(defaults, 'httpAgent'), proxyOf(defaults)),
      clientRetry,
    };
  }
  // got and ky: callable with (url, options) or options, plus verb methods; extended instances carry a prefixUrl.
  for (const lib of ['got', 'ky']) {
    const p = modulePath(callee, lib);
    if (p === undefined && handle?.lib !== lib) continue;
    const verb = p ? (p.length === 0 ? undefined : p[0]) : handle!.verb;
    if (verb !== undefined && !VERBS.includes(verb)) return undefined;
    const first = args[0];
    const options = first && first.k === 'obj' && !prop(first, 'url') ? undefined : args[1];
    const opts = first && first.k === 'obj' ? first : options;
    const url = first && first.k === 'obj' ? (prop(first, 'url') ?? UNKNOWN) : first ?? UNKNOWN;
    const method = verb ? verb.toUpperCase() : upper(prop(opts, 'method')) ?? 'GET';
    const base = prop(opts, 'prefixUrl') ?? handle?.base;
    return {
      lib, method, url: joinBase(base, url), body: prop(opts, 'json') ?? prop(opts, 'body') ?? prop(opts, 'form'),
      headers: prop(opts, 'headers'), proxy: prop(opts, 'agent') ?? prop(handle?.defaults, 'agent'),
      clientRetry: builtInRetry(lib, method, opts ?? handle?.defaults),
    };
  }
  // urllib: request(url, { method, data, headers }) / curl(…), GET unless told; a client's the same.
  const urllib = modulePath(callee, 'urllib');
  if ((urllib?.length === 1 && (urllib[0] === 'request' || urllib[0] === 'curl')) || (handle?.lib === 'urllib' && handle.verb === 'request')) {
    const opts = args[1];
    return { lib: 'urllib', method: upper(prop(opts, 'method') ?? prop(opts, 'type')) ?? 'GET', url: args[0] ?? UNKNOWN, body: prop(opts, 'data') ?? prop(opts, 'content'), headers: prop(opts, 'headers') };
  }
  // superagent: superagent.post(url) / superagent('POST', url)
  const sa = modulePath(callee, 'superagent');
  if (sa) {
    if (sa.length === 1 && VERBS.includes(sa[0])) return { lib: 'superagent', method: sa[0].toUpperCase(), url: args[0] ?? UNKNOWN };
    if (sa.length === 0) return { lib: 'superagent', method: upper(args[0]) ?? 'GET', url: args[1] ?? UNKNOWN };
    return undefined;
  }
  // request / request-promise: request(options) / request.post(url | options)
  const rq = modulePath(callee, 'request', 'request-promise', 'request-promise-native');
  if (rq) {
    const verb = rq.length === 1 && VERBS.includes(rq[0]) ? rq[0].toUpperCase() : rq.length === 0 ? undefined : null;
    if (verb === null) return undefined;
    const first = args[0];
    const opts = first && first.k === 'obj' ? first : args[1];
    const url = first && first.k === 'obj' ? (prop(first, 'url') ?? prop(first, 'uri') ?? UNKNOWN) : first ?? UNKNOWN;
    return { lib: 'request', method: verb ?? upper(prop(opts, 'method')) ?? 'GET', url, body: prop(opts, 'body') ?? prop(opts, 'json') ?? prop(opts, 'form'), headers: prop(opts, 'headers'), proxy: prop(opts, 'proxy') ?? prop(opts, 'agent') };
  }
  // Node's http(s).request / get with a URL or an options object.
  if (isNodeHttpRequest(callee)) {
    const first = args[0];
    let url: Val = first ?? UNKNOWN;
    let opts = args[1];
    if (first && first.k === 'obj') {
      opts = first;
      const host = prop(first, 'hostname') ?? prop(first, 'host') ?? UNKNOWN;
      const port = prop(first, 'port');
      const path = prop(first, 'path') ?? '/';
      url = urlTakenApart(host, path) ?? concat(['https://', host, ...(port ? [':', port] : []), path]);
    }
    return { lib: `node:${callee.k === 'module' ? callee.name.replace('node:', '') : 'https'}`, method: callee.k === 'module' && callee.path[callee.path.length - 1] === 'get' ? 'GET' : upper(prop(opts, 'method')) ?? 'GET', url, headers: prop(opts, 'headers'), proxy: prop(opts, 'agent') };
  }
  return undefined;
}

/**
 * `{ hostname: new URL(webhook).hostname, path: new URL(webhook).pathname + new URL(webhook).search }`:
 * a URL taken apart into request options and put back together by the request; the URL itself,
 * so that what is known of it (a setting named DINGTALK_WEBHOOK, a caller's literal) still applies.
 */
function urlTakenApart(host: Val, path: Val | string): Val | undefined {
  if (host.k === 'unknown') return settingTakenApart(host, path);
  if (host.k !== 'param' || !['hostname', 'host'].includes(host.path[host.path.length - 1])) return undefined;
  const base: Val = { k: 'param', fn: host.fn, index: host.index, path: host.path.slice(0, -1), name: host.name };
  const partOf = (v: Val | string, names: string[]) => typeof v !== 'string' && v.k === 'param' && sameFn(v.fn, host.fn)
    && v.index === host.index && v.path.length === host.path.length && v.path.slice(0, -1).join('.') === base.path.join('.')
    && names.includes(v.path[v.path.length - 1]);
  const parts = typeof path !== 'string' && path.k === 'str' ? path.parts : [path];
  const [first, second] = parts;
  const whole = parts.length === 1 ? partOf(first, ['path', 'pathname'])
    : parts.length === 2 && partOf(first, ['pathname']) && partOf(second, ['search']);
  return whole ? base : undefined;
}

/** The same for a URL read from a setting: `new URL(process.env.GOOGLE_CHAT_WEBHOOK_URL).hostname`. */
function settingTakenApart(host: Extract<Val, { k: 'unknown' }>, path: Val | string): Val | undefined {
  const m = /^(env:.+)\.(hostname|host)$/.exec(host.hint ?? '');
  if (!m) return undefined;
  const partOf = (v: Val | string | undefined, names: string[]) => typeof v === 'object' && v.k === 'unknown'
    && names.some((n) => v.hint === `${m[1]}.${n}`);
  const parts = typeof path !== 'string' && path.k === 'str' ? path.parts : [path];
  const whole = parts.length === 1 ? partOf(parts[0], ['path', 'pathname'])
    : parts.length === 2 && partOf(parts[0], ['pathname']) && partOf(parts[1], ['search']);
  return whole ? { k: 'unknown', hint: m[1] } : undefined;
}

/** The first value we know something about: `httpsAgent: new https.Agent()` must not hide `proxy: {…}`. */
function firstKnown(...vals: (Val | undefined)[]): Val | undefined {
  return vals.find((v) => v !== undefined && !isUnknown(v)) ?? vals.find((v) => v !== undefined);
}

function proxyOf(config: Val | undefined): Val | undefined {
  const p = prop(config, 'proxy');
  return p && p.k === 'obj' ? p : undefined;
}

export function axiosOriginOf(v: Val): string | undefined {
  if (modulePath(v, 'axios')?.length === 0) return 'axios';
  const h = handleOf(v, 'http') as HttpHandle | undefined;
  return h?.lib === 'axios' && !h.verb ? h.origin : undefined;
}
